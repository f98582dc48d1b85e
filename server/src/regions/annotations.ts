import { createHash } from 'node:crypto';
import type { ConfigProblem } from '../engine/problems';
import { LineIndex } from '../engine/text';
import type { Range } from '../engine/types';
import { wholeLineRange } from './hash';
import { createRegion } from './region';
import type { Region } from './schema';
import { normalizeModelId } from './trace';

/**
 * `@ai-generated` … `@end-ai-generated` comment pairs: a way to declare an AI region in the code
 * itself, in any comment syntax:
 *
 * ```ts
 * // @ai-generated tool=copilot model=gpt-4o
 * export function hash(pw: string) { … }
 * // @end-ai-generated
 * ```
 *
 * A marker counts when a comment leader precedes it on its line: `//`, `/*`, `#`, `<!--`, `--`,
 * `;`, `%`, `{-`, `(*` anywhere (not right after a quote or a word character), or `*` (block
 * comment continuation), `'` or `REM` at the start of the line. Optional `key=value`
 * attributes follow the start marker (`tool`, `model`, others kept as given; values may be
 * quoted).
 *
 * **The region is the lines strictly between the markers** (whole lines, from column 0 of the line
 * after the start marker to the end of the line before the end marker). The marker lines are
 * human annotations; editing them (e.g. adding an attribute) does not change the region's hash.
 *
 * Problems (warnings, located at the marker): an end marker without a start, a start marker
 * without an end (before the next start or the end of the file), and a pair with nothing between.
 */

export interface AiAnnotation {
  /** 0-based line of `@ai-generated`. */
  startMarkerLine: number;
  /** 0-based line of `@end-ai-generated`. */
  endMarkerLine: number;
  /** Whole lines between the markers (LSP range: 0-based lines, UTF-16 columns). */
  range: Range;
  /** Attributes of the start marker, e.g. `{ tool: 'copilot', model: 'gpt-4o' }`. */
  attributes: Record<string, string>;
}

const MARKER = /(?:(?:^|[^\w"'`])(?:\/\/+!?|\/\*+!?|<!--|\{-|\(\*|--|#+|;+|%+)|^[ \t]*(?:\*|REM\b|'))[ \t]*@(end-)?ai-generated(?![\w-])(.*)$/i;
const ATTR = /([A-Za-z_][\w.-]*)=(?:"([^"]*)"|'([^']*)'|([^\s"']+))/g;

function parseAttributes(rest: string): Record<string, string> {
  const cleaned = rest.replace(/\s*(?:\*\/|-->|-\}|\*\))\s*$/, '');
  const out: Record<string, string> = {};
  for (const m of cleaned.matchAll(ATTR)) out[m[1]!.toLowerCase()] = m[2] ?? m[3] ?? m[4] ?? '';
  return out;
}

/**
 * Finds marker pairs in a text.
 *
 * @param file label for problems (absolute path or workspace-relative path)
 */
export function findAnnotations(text: string, file: string): { annotations: AiAnnotation[]; problems: ConfigProblem[] } {
  const lines = new LineIndex(text);
  const annotations: AiAnnotation[] = [];
  const problems: ConfigProblem[] = [];
  let open: { line: number; attributes: Record<string, string> } | undefined;
  const markerRange = (line: number): Range => ({ start: { line, character: 0 }, end: { line, character: lines.lineText(line).length } });
  const warn = (line: number, message: string) => problems.push({ file, fieldPath: [], range: markerRange(line), message, severity: 'warning' });
  for (let l = 0; l < lines.lineCount; l++) {
    const lineText = lines.lineText(l);
    if (!lineText.includes('ai-generated')) continue;
    const m = MARKER.exec(lineText);
    if (!m) continue;
    if (m[1]) {
      if (!open) {
        warn(l, `@end-ai-generated at line ${l + 1} has no matching @ai-generated above it`);
        continue;
      }
      if (l - open.line < 2) {
        warn(open.line, `@ai-generated at line ${open.line + 1} marks no code (nothing between it and @end-ai-generated)`);
      } else {
        annotations.push({ startMarkerLine: open.line, endMarkerLine: l, range: wholeLineRange(lines, open.line + 1, l - 1), attributes: open.attributes });
      }
      open = undefined;
    } else {
      if (open) warn(open.line, `@ai-generated at line ${open.line + 1} has no @end-ai-generated before the next @ai-generated (line ${l + 1})`);
      open = { line: l, attributes: parseAttributes(m[2] ?? '') };
    }
  }
  if (open) warn(open.line, `@ai-generated at line ${open.line + 1} has no matching @end-ai-generated`);
  return { annotations, problems };
}

/**
 * Regions for the marker pairs of a file: method `annotation`, tool/model from the attributes
 * (`unknown` tool when absent), status `unreviewed`. Ids are deterministic (`an-<hex>` of path,
 * content hash and the ordinal among equal contents), so they are stable while the code is.
 * They are derived from the text on each call; a host persists one (e.g. when it is reviewed)
 * by saving it in the index, and skips derived regions whose (path, content hash) the index has.
 *
 * @param path workspace-relative path
 */
export function annotationRegions(path: string, text: string, options: { now?: Date; file?: string } = {}): { regions: Region[]; problems: ConfigProblem[] } {
  const lines = new LineIndex(text);
  const { annotations, problems } = findAnnotations(text, options.file ?? path);
  const seen = new Map<string, number>();
  const regions = annotations.map((a) => {
    const model = normalizeModelId(a.attributes.model);
    const draft = createRegion({
      path,
      range: a.range,
      origin: { tool: a.attributes.tool || 'unknown', ...(model ? { model } : {}), method: 'annotation' },
      text: lines,
      ...(options.now ? { now: options.now } : {}),
    });
    const n = seen.get(draft.contentHash) ?? 0;
    seen.set(draft.contentHash, n + 1);
    const id = `an-${createHash('sha256').update(`${path}\0${draft.contentHash}\0${n}`).digest('hex').slice(0, 24)}`;
    return { ...draft, id };
  });
  return { regions, problems };
}
