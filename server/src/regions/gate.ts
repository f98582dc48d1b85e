import { raiseSeverity } from '../engine/types';
import { DOMAINS, type Domain, type ResolvedConfig } from '../engine/config';
import { SEVERITY_RANK, type Finding, type Range, type Severity } from '../engine/types';
import { rangesOverlap } from './region';
import type { Region } from './schema';

/**
 * The CI gate (`redline scan --fail-on-unreviewed <any|domains> [--fail-on <severity>]`) and the
 * region context of findings (severity raised inside unreviewed AI code, SARIF properties).
 * Pure: the CLI and the server pass regions (with their domains) and findings.
 */

/** A region with the domains it touches (domains.ts `classifyDomains`). */
export type RegionWithDomains = Region & { domains: Domain[] };

export interface GateOptions {
  /** `any`: every unreviewed or stale region fails; otherwise those touching one of these domains. */
  failOnUnreviewed: 'any' | readonly Domain[];
  /** Also fail unreviewed or stale regions that contain a finding at or above this severity. */
  failOn?: Severity;
  /** Orphaned regions: `ignore` (default; listed in `orphaned`) or `fail`. */
  orphaned?: 'ignore' | 'fail';
}

export type GateReason =
  | { kind: 'any'; status: 'unreviewed' | 'stale' }
  | { kind: 'domain'; status: 'unreviewed' | 'stale'; domains: Domain[] }
  | { kind: 'finding'; status: 'unreviewed' | 'stale'; ruleId: string; severity: Severity; range: Range; message: string }
  | { kind: 'orphaned'; reason: string };

export interface GateFailure {
  region: RegionWithDomains;
  reasons: GateReason[];
}

export interface GateResult {
  /** True when at least one region fails: the CLI exits 1. */
  failed: boolean;
  failures: GateFailure[];
  /** Orphaned regions (not failing unless `orphaned: 'fail'`), for the report. */
  orphaned: RegionWithDomains[];
}

/**
 * Parses the `--fail-on-unreviewed` value: `any`, or a comma-separated list of domains.
 *
 * @throws Error naming the unknown domain(s) and the valid ones
 */
export function parseFailOnUnreviewed(value: string): 'any' | Domain[] {
  const v = value.trim();
  if (v === 'any') return 'any';
  const parts = v.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = parts.filter((p) => !(DOMAINS as readonly string[]).includes(p));
  if (bad.length || parts.length === 0) throw new Error(`--fail-on-unreviewed: unknown domain ${bad.length ? bad.map((b) => `"${b}"`).join(', ') : '(empty)'}; use "any" or a comma-separated list of ${DOMAINS.join(', ')}`);
  return [...new Set(parts)] as Domain[];
}

/** Findings keyed by workspace-relative path. */
export type FindingsByPath = ReadonlyMap<string, readonly Finding[]> | Readonly<Record<string, readonly Finding[]>>;

function findingsFor(findings: FindingsByPath, path: string): readonly Finding[] {
  if (findings instanceof Map) return findings.get(path) ?? [];
  return (findings as Readonly<Record<string, readonly Finding[]>>)[path] ?? [];
}

/**
 * Decides which regions fail the gate. A region fails when its status is `unreviewed` or
 * `stale` **and** (it touches a listed domain, or `any` was given, or it contains a finding at
 * or above `failOn`). `reviewed` regions never fail. Findings count when their range overlaps
 * the region's (an empty finding range counts when it lies inside).
 */
export function evaluateGate(regions: readonly RegionWithDomains[], findings: FindingsByPath, options: GateOptions): GateResult {
  const failures: GateFailure[] = [];
  const orphaned: RegionWithDomains[] = [];
  const threshold = options.failOn ? SEVERITY_RANK[options.failOn] : undefined;
  for (const region of regions) {
    if (region.status === 'orphaned') {
      orphaned.push(region);
      if (options.orphaned === 'fail') failures.push({ region, reasons: [{ kind: 'orphaned', reason: region.orphan?.reason ?? 'not-found' }] });
      continue;
    }
    if (region.status !== 'unreviewed' && region.status !== 'stale') continue;
    const status = region.status;
    const reasons: GateReason[] = [];
    if (options.failOnUnreviewed === 'any') reasons.push({ kind: 'any', status });
    else {
      const hit = region.domains.filter((d) => (options.failOnUnreviewed as readonly Domain[]).includes(d));
      if (hit.length) reasons.push({ kind: 'domain', status, domains: hit });
    }
    if (threshold !== undefined) {
      for (const f of findingsFor(findings, region.path)) {
        if (f.category === 'redline') continue;
        if (SEVERITY_RANK[f.severity] >= threshold && rangesOverlap(region.range, f.range)) {
          reasons.push({ kind: 'finding', status, ruleId: f.ruleId, severity: f.severity, range: f.range, message: f.message });
        }
      }
    }
    if (reasons.length) failures.push({ region, reasons });
  }
  return { failed: failures.length > 0, failures, orphaned };
}

/** SARIF/JSON property keys a finding inside a region carries. */
export const REGION_PROPERTY_KEYS = {
  id: 'redline.aiRegion.id',
  status: 'redline.aiRegion.status',
  tool: 'redline.aiRegion.tool',
  model: 'redline.aiRegion.model',
  method: 'redline.aiRegion.method',
} as const;

/** A finding with the region it sits in (for `Diagnostic.data`, SARIF `properties`). */
export interface AdjustedFinding {
  finding: Finding;
  regionId?: string;
}

/** "copilot (openai/gpt-4o)" style origin text. */
export function describeOrigin(r: Pick<Region, 'origin'>): string {
  return r.origin.model ? `${r.origin.tool}, ${r.origin.model}` : r.origin.tool;
}

/**
 * Region context for one file's findings.
 *
 * For each finding, the containing region is the first overlapping one that is `unreviewed` or
 * `stale`, else the first `reviewed` one (orphaned regions have no place in the text). Then:
 *
 * - inside an unreviewed/stale region and `config.aiRegions.raiseSeverity`: severity raised one
 *   level (engine `raiseSeverity`: hint → info → warning → error), message appended with
 *   " (inside unreviewed AI-generated code: <tool, model>)" or "… AI-generated code changed since
 *   its review …" for stale;
 * - inside any region: `properties` gain `redline.aiRegion.{id,status,tool,model,method}`.
 *
 * Redline notices (category `redline`) are left alone. Findings are copied, never mutated.
 *
 * @param regions the regions of the same file as `findings`
 */
export function adjustFindingsForRegions(findings: readonly Finding[], regions: readonly Region[], config: Pick<ResolvedConfig, 'aiRegions'>): AdjustedFinding[] {
  const live = regions.filter((r) => r.status !== 'orphaned');
  return findings.map((finding) => {
    if (finding.category === 'redline' || live.length === 0) return { finding };
    const overlapping = live.filter((r) => rangesOverlap(r.range, finding.range));
    const region = overlapping.find((r) => r.status === 'unreviewed' || r.status === 'stale') ?? overlapping[0];
    if (!region) return { finding };
    const properties: Record<string, string | number | boolean> = {
      ...finding.properties,
      [REGION_PROPERTY_KEYS.id]: region.id,
      [REGION_PROPERTY_KEYS.status]: region.status,
      [REGION_PROPERTY_KEYS.tool]: region.origin.tool,
      [REGION_PROPERTY_KEYS.method]: region.origin.method,
    };
    if (region.origin.model) properties[REGION_PROPERTY_KEYS.model] = region.origin.model;
    const adjusted: Finding = { ...finding, properties };
    if ((region.status === 'unreviewed' || region.status === 'stale') && config.aiRegions.raiseSeverity) {
      adjusted.severity = raiseSeverity(finding.severity);
      adjusted.message =
        region.status === 'unreviewed'
          ? `${finding.message} (inside unreviewed AI-generated code: ${describeOrigin(region)})`
          : `${finding.message} (inside AI-generated code changed since its review: ${describeOrigin(region)})`;
    }
    return { finding: adjusted, regionId: region.id };
  });
}
