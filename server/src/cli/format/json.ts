import type { ConfigProblem } from '../../engine/problems';
import type { Finding } from '../../engine/types';
import type { ScannedFile } from '../scan';

/** Version of the JSON output shape; bumped on incompatible changes. */
export const JSON_FORMAT_VERSION = 1;

/** One finding in JSON output: the engine's finding plus its file, relative to the current directory. */
export interface JsonFinding extends Omit<Finding, 'fixes'> {
  path: string;
  /** Titles of the available fixes (edits are editor-only; `--fix` applies the safe ones). */
  fixes: { title: string; applicability: string; isPreferred: boolean }[];
}

/**
 * Machine-readable output: `{ version, tool, findings[], problems[], summary, stats }`.
 * Ranges are LSP-style (0-based lines, UTF-16 columns). Messages are the engine's, which never
 * contain a whole secret.
 */
export function formatJson(
  files: readonly ScannedFile[],
  opts: { toolVersion: string; cwdRel: (p: string) => string; problems: readonly ConfigProblem[]; stats: { files: number; bytes: number; durationMs: number }; extra?: Record<string, unknown> },
): string {
  const findings: JsonFinding[] = [];
  const bySeverity: Record<string, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  const byRule: Record<string, number> = {};
  for (const f of files) {
    for (const x of f.findings) {
      bySeverity[x.severity] = (bySeverity[x.severity] ?? 0) + 1;
      byRule[x.ruleId] = (byRule[x.ruleId] ?? 0) + 1;
      findings.push({ ...x, path: opts.cwdRel(f.path), fixes: x.fixes.map((fx) => ({ title: fx.title, applicability: fx.applicability, isPreferred: fx.isPreferred })) });
    }
  }
  const unreadable = files.filter((f) => f.status === 'unreadable').map((f) => ({ path: opts.cwdRel(f.path), error: f.error ?? 'unreadable' }));
  return (
    JSON.stringify(
      {
        version: JSON_FORMAT_VERSION,
        tool: { name: 'redline', version: opts.toolVersion },
        findings,
        problems: opts.problems,
        unreadable,
        summary: { total: findings.length, bySeverity, byRule },
        stats: { files: opts.stats.files, bytes: opts.stats.bytes, durationMs: Math.round(opts.stats.durationMs) },
        ...(opts.extra ?? {}),
      },
      null,
      2,
    ) + '\n'
  );
}
