import type { TextContext, TextDetector } from '../../detector';

/**
 * Serverless Framework CORS (CWE-942), in `serverless.yml` / `serverless.<stage>.yml` only:
 *
 * - `cors: true` on an `http` event or under `provider.httpApi`: the framework then answers with
 *   `Access-Control-Allow-Origin: *`;
 * - `origin: '*'` / `origins: ['*']` / `- '*'` inside a `cors:` block.
 *
 * `cors: true` is common in other YAML files with other meanings, so this runs only on files
 * named like the framework's configuration; pattern rules cannot see file names.
 *
 * Source: Serverless Framework docs, "API Gateway › Enabling CORS" (`cors: true` allows `*`) and
 * "HTTP API › CORS" (`cors: true` sets `allowedOrigins: ['*']`).
 */

const PERMISSIVE = 'cors/permissive-origin';
const SERVERLESS_FILE = /(?:^|\/)serverless(?:\.[\w-]+)?\.ya?ml$/i;

/** Text detector for Serverless Framework files (see above); reports cors/permissive-origin without a fix. */
export const corsServerless: TextDetector = {
  family: 'text',
  name: 'cors-serverless',
  rules: [PERMISSIVE],
  languages: ['yaml'],
  run(ctx: TextContext) {
    if (!SERVERLESS_FILE.test(ctx.file.relPath)) return;
    // Comments are blanked in the code view (same offsets and line breaks as the text), so
    // commented-out settings are not reported.
    const code = ctx.lexed.codeView;
    const index = ctx.lines;
    const rows = Array.from({ length: index.lineCount }, (_, i) => {
      const start = index.lineStarts[i]!;
      const text = code.slice(start, index.lineContentEnd(i));
      const m = /^(\s*)(-\s+)?(?:([\w-]+)\s*:)?/.exec(text)!;
      return {
        start,
        text,
        blank: text.trim() === '',
        dash: m[1]!.length,
        item: !!m[2],
        key: m[3],
        /** Column of the key (after `- ` on a list item); children sit to its right. */
        keyCol: m[1]!.length + (m[2]?.length ?? 0),
        opensBlock: !!m[3] && /:\s*$/.test(text),
      };
    });
    /** The enclosing mapping key of row `i` (YAML block indentation), or -1. */
    const parentOf = (i: number): number => {
      const row = rows[i]!;
      const col = row.item ? row.dash : row.keyCol;
      for (let j = i - 1; j >= 0; j--) {
        ctx.checkDeadline();
        const r = rows[j]!;
        if (r.blank || !r.key) continue;
        if (r.keyCol < col || (row.item && r.keyCol === col && r.opensBlock && !r.item)) return j;
        if (r.dash < col && r.item) return -1;
      }
      return -1;
    };
    const keyOf = (i: number) => (i >= 0 ? rows[i]!.key : undefined);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const enable = /^(\s*)cors\s*:\s*true\s*$/.exec(row.text);
      if (enable) {
        ctx.report({
          ruleId: PERMISSIVE,
          start: row.start + enable[1]!.length,
          end: row.start + row.text.trimEnd().length,
          args: { what: 'Serverless `cors: true` (Access-Control-Allow-Origin: *)', credentials: '' },
          noFixReason: 'replace `cors: true` by a cors block whose origins list the allowed front-ends',
        });
        continue;
      }
      // origin: '*' | origins: ['*'] | origins: '*'  (key under cors), or  - '*'  (item under origins under cors)
      const star = /^\s*(?:-\s+)?(?:origins?\s*:\s*)?\[?\s*(?:["'][^"'\n]*["']\s*,\s*)*(["']?)\*\1\s*(?:,[^\]\n]*)?\]?\s*$/.exec(row.text);
      if (!star) continue;
      const parent = parentOf(i);
      const inCors = row.key && /^origins?$/.test(row.key) ? keyOf(parent) === 'cors' : row.item && /^origins?$/.test(keyOf(parent) ?? '') && keyOf(parentOf(parent)) === 'cors';
      if (!inCors) continue;
      const q = star[1] ?? '';
      const at = row.text.indexOf(`${q}*${q}`);
      ctx.report({
        ruleId: PERMISSIVE,
        start: row.start + at,
        end: row.start + at + 1 + 2 * q.length,
        args: { what: "Serverless cors origin '*'", credentials: '' },
        noFixReason: 'list the allowed origins, e.g. from ${env:CORS_ORIGINS}',
      });
    }
  },
};
