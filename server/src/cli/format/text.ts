import type { ConfigProblem } from '../../engine/problems';
import { formatProblem } from '../../engine/problems';
import type { Severity } from '../../engine/types';
import type { ScannedFile } from '../scan';

/** ANSI styling, only when the stream is a terminal (and NO_COLOR is unset) or FORCE_COLOR is set. */
export function useColor(stream: NodeJS.WriteStream): boolean {
  if (process.env.NO_COLOR) return false;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return true;
  return !!stream.isTTY;
}

const codes = { red: [31, 39], yellow: [33, 39], blue: [34, 39], gray: [90, 39], bold: [1, 22], underline: [4, 24] } as const;
type Style = keyof typeof codes;

/**
 * Text output in the style of ESLint's "stylish" formatter: a header per file (path relative
 * to the current directory), one aligned row per finding (line:column, severity, message, rule
 * id), and a summary. Lines and columns are 1-based for people.
 */
export function formatText(files: readonly ScannedFile[], opts: { color: boolean; cwdRel: (p: string) => string; problems: readonly ConfigProblem[]; stats: { files: number; bytes: number; durationMs: number } }): string {
  const c = (s: Style, t: string) => (opts.color ? `\u001b[${codes[s][0]}m${t}\u001b[${codes[s][1]}m` : t);
  const sevStyle: Record<Severity, Style> = { error: 'red', warning: 'yellow', info: 'blue', hint: 'gray' };
  const out: string[] = [];
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  let fixable = 0;
  for (const f of files) {
    if (f.findings.length === 0) continue;
    out.push('', c('underline', opts.cwdRel(f.path)));
    const rows = f.findings.map((x) => {
      counts[x.severity]++;
      if (x.fixes.some((fx) => fx.isPreferred)) fixable++;
      return [`${x.range.start.line + 1}:${x.range.start.character + 1}`, x.severity, x.message.replace(/\s+/g, ' '), x.ruleId] as const;
    });
    const w0 = Math.max(...rows.map((r) => r[0].length));
    const w1 = Math.max(...rows.map((r) => r[1].length));
    for (const [pos, sev, msg, id] of rows) {
      out.push(`  ${c('gray', pos.padEnd(w0))}  ${c(sevStyle[sev as Severity], sev.padEnd(w1))}  ${msg}  ${c('gray', id)}`);
    }
  }
  const total = counts.error + counts.warning + counts.info + counts.hint;
  out.push('');
  if (total === 0) out.push(`No problems found in ${opts.stats.files} files.`);
  else {
    const parts = [`${counts.error} error${counts.error === 1 ? '' : 's'}`, `${counts.warning} warning${counts.warning === 1 ? '' : 's'}`];
    if (counts.info) parts.push(`${counts.info} info`);
    if (counts.hint) parts.push(`${counts.hint} hint${counts.hint === 1 ? '' : 's'}`);
    const icon = counts.error ? c('red', '✖') : c('yellow', '⚠');
    out.push(c('bold', `${icon} ${total} problem${total === 1 ? '' : 's'} (${parts.join(', ')})`));
    if (fixable) out.push(`  ${fixable} with a quick fix in the editor (redline scan --fix applies the safe ones).`);
  }
  out.push(c('gray', `${opts.stats.files} files, ${(opts.stats.bytes / 1e6).toFixed(1)} MB in ${(opts.stats.durationMs / 1000).toFixed(2)} s`));
  for (const p of opts.problems) out.push(c(p.severity === 'error' ? 'red' : 'yellow', `config: ${formatProblem(p)}`));
  return out.join('\n') + '\n';
}
