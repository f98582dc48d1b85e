import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ResolvedConfig } from '../engine/config';
import type { ConfigProblem } from '../engine/problems';
import type { Finding } from '../engine/types';
import { SEVERITY_RANK } from '../engine/types';
import {
  adjustFindingsForRegions,
  describeOrigin,
  evaluateGate,
  isHighRisk,
  emptyIndex,
  INDEX_DIR,
  INDEX_FILE,
  locateWorkspaceRegions,
  parseRegionIndex,
  parseTraceLines,
  rangesOverlap,
  regionsFromTraceRecord,
  TRACE_FILE,
  type GateResult,
  type RegionWithDomains,
} from '../regions';
import type { ScannedFile } from './scan';

/** Regions of a workspace as the CLI sees them: located in today's files, with domains. */
export interface WorkspaceRegions {
  regions: RegionWithDomains[];
  problems: ConfigProblem[];
}

/** Text of a workspace-relative file, undefined when missing. */
export function diskText(root: string): (relPath: string) => string | undefined {
  return (p) => {
    try {
      return readFileSync(join(root, p), 'utf8');
    } catch {
      return undefined;
    }
  };
}

/**
 * The workspace's AI regions for the CLI, read-only (CI must not rename or rewrite anything):
 * `.redline/regions.json`, plus regions from Agent Trace records that hooks appended to
 * `.agent-trace/traces.jsonl` and no editor has imported yet (the usual case in CI for agent
 * edits), plus `@ai-generated` annotations in `annotatedFiles`; all located in the files as they
 * are now, with domains. A corrupt index or trace line is reported, not rescued.
 */
export function loadWorkspaceRegions(root: string, config: ResolvedConfig, annotatedFiles: readonly string[]): WorkspaceRegions {
  const read = diskText(root);
  const problems: ConfigProblem[] = [];
  const file = join(root, INDEX_DIR, INDEX_FILE);
  const text = read(join(INDEX_DIR, INDEX_FILE));
  let index = emptyIndex();
  if (text !== undefined) {
    const parsed = parseRegionIndex(file, text);
    problems.push(...parsed.problems);
    if (parsed.index) index = parsed.index;
  }
  const traceText = read(TRACE_FILE);
  if (traceText !== undefined) {
    const traces = parseTraceLines(join(root, TRACE_FILE), traceText);
    problems.push(...traces.problems);
    let known = index;
    for (const e of traces.records) {
      const res = regionsFromTraceRecord(e.record, { existing: known, readText: read, method: 'agent-hook', root });
      if (res.regions.length) known = { ...known, regions: [...known.regions, ...res.regions] };
    }
    index = known;
  }
  const located = locateWorkspaceRegions(index, read, config, { annotatedFiles });
  return { regions: located.regions, problems: [...problems, ...located.problems] };
}

/** Raises findings inside unreviewed regions (per config) and tags them with their region. */
export function applyRegionsToFindings(files: ScannedFile[], regions: readonly RegionWithDomains[], config: ResolvedConfig): void {
  const byPath = new Map<string, RegionWithDomains[]>();
  for (const r of regions) byPath.set(r.path, [...(byPath.get(r.path) ?? []), r]);
  for (const f of files) {
    const mine = byPath.get(f.relPath);
    if (!mine?.length || f.findings.length === 0) continue;
    f.findings = adjustFindingsForRegions(f.findings, mine, config).map((a) => a.finding);
  }
}

/** The gate for `--fail-on-unreviewed`. */
export function gate(files: readonly ScannedFile[], regions: readonly RegionWithDomains[], failOnUnreviewed: 'any' | RegionWithDomains['domains'], failOn: Finding['severity'] | 'none'): GateResult {
  const byPath = new Map<string, Finding[]>();
  for (const f of files) byPath.set(f.relPath, f.findings);
  return evaluateGate(regions, byPath, { failOnUnreviewed, ...(failOn === 'none' ? {} : { failOn }) });
}

/** Human-readable gate failures for stderr / text output. */
export function formatGate(result: GateResult): string {
  if (!result.failed) return '';
  const lines = [`✖ ${result.failures.length} unreviewed AI region${result.failures.length === 1 ? '' : 's'} block this change:`];
  for (const f of result.failures) {
    const r = f.region;
    const why = f.reasons
      .map((x) => (x.kind === 'domain' ? `touches ${x.domains.join(', ')}` : x.kind === 'finding' ? `contains ${x.severity} ${x.ruleId} at line ${x.range.start.line + 1}` : x.kind === 'any' ? x.status : `orphaned (${x.reason})`))
      .join('; ');
    lines.push(`  ${r.path}:${r.range.start.line + 1}-${r.range.end.line + 1}  ${r.status}  ${describeOrigin(r)}  ${why}  (${r.id})`);
  }
  lines.push('  Review the code, then mark it reviewed in the editor (Redline: AI Regions → Mark Reviewed).');
  return lines.join('\n') + '\n';
}

/** One region as `redline regions --format json` prints it. */
export interface RegionRow {
  id: string;
  path: string;
  /** 1-based inclusive lines. */
  startLine: number;
  endLine: number;
  status: string;
  origin: { tool: string; model?: string; method: string };
  createdAt: string;
  review?: { by: { name: string; email: string }; at: string };
  domains: string[];
  highRisk: boolean;
  findings: { count: number; highestSeverity: string | null };
  orphanReason?: string;
}

/** Rows for `redline regions`, with the findings inside each region (from `files`). */
export function regionRows(regions: readonly RegionWithDomains[], files: readonly ScannedFile[], config: ResolvedConfig): RegionRow[] {
  const byPath = new Map(files.map((f) => [f.relPath, f.findings]));
  return [...regions]
    .sort((a, b) => a.path.localeCompare(b.path) || a.range.start.line - b.range.start.line)
    .map((r) => {
      const inside = (byPath.get(r.path) ?? []).filter((f) => f.category !== 'redline' && r.status !== 'orphaned' && rangesOverlap(r.range, f.range));
      const highest = inside.reduce<Finding['severity'] | null>((h, f) => (!h || SEVERITY_RANK[f.severity] > SEVERITY_RANK[h] ? f.severity : h), null);
      const row: RegionRow = {
        id: r.id,
        path: r.path,
        startLine: r.range.start.line + 1,
        endLine: r.range.end.line + (r.range.end.character === 0 && r.range.end.line > r.range.start.line ? 0 : 1),
        status: r.status,
        origin: { tool: r.origin.tool, method: r.origin.method, ...(r.origin.model ? { model: r.origin.model } : {}) },
        createdAt: r.createdAt,
        domains: r.domains,
        highRisk: isHighRisk(r, config),
        findings: { count: inside.length, highestSeverity: highest },
      };
      if (r.review) row.review = { by: r.review.by, at: r.review.at };
      if (r.orphan) row.orphanReason = r.orphan.reason;
      return row;
    });
}

/** `redline regions` text table. */
export function formatRegionRows(rows: readonly RegionRow[]): string {
  if (rows.length === 0) return 'No AI regions recorded (tag code in the editor, or add an agent hook: see the README).\n';
  const out = rows.map((r) => {
    const where = `${r.path}:${r.startLine}-${r.endLine}`;
    const findings = r.findings.count ? `  ${r.findings.count} finding${r.findings.count === 1 ? '' : 's'} (${r.findings.highestSeverity})` : '';
    return `${where.padEnd(40)}  ${r.status.padEnd(10)}  ${(r.origin.tool + (r.origin.model ? ` / ${r.origin.model}` : '')).padEnd(28)}  ${r.domains.join(',') || '-'}${r.highRisk ? ' (high risk)' : ''}${findings}${r.orphanReason ? `  [${r.orphanReason}]` : ''}`;
  });
  const open = rows.filter((r) => r.status === 'unreviewed' || r.status === 'stale');
  const lines = rows.filter((r) => r.status !== 'orphaned').reduce((n, r) => n + r.endLine - r.startLine + 1, 0);
  const openLines = open.reduce((n, r) => n + r.endLine - r.startLine + 1, 0);
  out.push('', `${rows.length} regions, ${lines} AI lines, ${openLines} unreviewed in ${open.length} regions.`);
  return out.join('\n') + '\n';
}

/** HEAD's commit in `root`, when it is a git repository. */
export function gitHead(root: string): string | undefined {
  const r = spawnSync('git', ['-C', root, 'rev-parse', 'HEAD'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}
