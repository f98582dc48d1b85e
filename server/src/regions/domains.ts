import picomatch from 'picomatch';
import { DOMAINS, type Domain, type ResolvedConfig } from '../engine/config';
import { LineIndex } from '../engine/text';
import { regionText } from './region';
import type { Region, RegionStatus } from './schema';

/**
 * Risk domains of a region (auth, payments, crypto, personal-data, infrastructure), from two
 * signals configured in `.redline.json` `domains` (defaults: `DEFAULT_DOMAINS` in config.ts,
 * which a project extends):
 *
 * - **path globs** (picomatch, `dot: true`) on the workspace-relative path (`/` separators);
 * - **content signals**: regular expressions tested on the region's text, compiled with the
 *   `i` and `u` flags (case-insensitive: `PASSWORD`, `Stripe` and `stripe` all count).
 *
 * Either signal is enough. The result follows the order of `DOMAINS`.
 */

type DomainRules = ResolvedConfig['domains'];

interface Compiled {
  paths: Map<Domain, (p: string) => boolean>;
  signals: Map<Domain, RegExp[]>;
}

const cache = new WeakMap<DomainRules, Compiled>();

function compile(rules: DomainRules): Compiled {
  let c = cache.get(rules);
  if (c) return c;
  c = { paths: new Map(), signals: new Map() };
  for (const d of DOMAINS) {
    const rule = rules[d];
    if (!rule) continue;
    const globs = rule.paths.filter((g) => g.trim());
    c.paths.set(d, globs.length ? picomatch(globs, { dot: true, nocase: process.platform === 'win32' }) : () => false);
    const res: RegExp[] = [];
    for (const s of rule.signals) {
      try {
        res.push(new RegExp(s, 'iu'));
      } catch {
        // Invalid patterns are reported by config validation; skip them here.
      }
    }
    c.signals.set(d, res);
  }
  cache.set(rules, c);
  return c;
}

/** Accepts the resolved config or just its `domains` rules. */
function rulesOf(config: ResolvedConfig | DomainRules): DomainRules {
  return 'domains' in config && 'aiRegions' in config ? (config as ResolvedConfig).domains : (config as DomainRules);
}

/** Domains whose path globs match `relPath` (workspace-relative, `/` separators). */
export function domainsFromPath(relPath: string, config: ResolvedConfig | DomainRules): Domain[] {
  const c = compile(rulesOf(config));
  const p = relPath.replace(/\\/g, '/').replace(/^\.\//, '');
  return DOMAINS.filter((d) => c.paths.get(d)?.(p) ?? false);
}

/** Domains with a content signal matching `text`. */
export function domainsFromText(text: string, config: ResolvedConfig | DomainRules): Domain[] {
  const c = compile(rulesOf(config));
  return DOMAINS.filter((d) => (c.signals.get(d) ?? []).some((re) => re.test(text)));
}

/**
 * Domains of a region: path globs ∪ content signals.
 *
 * @param relPath workspace-relative path of the region's file
 * @param text the region's text (e.g. `regionText(doc, region.range)`); omit when unknown (path only)
 */
export function classifyDomains(relPath: string, text: string | undefined, config: ResolvedConfig | DomainRules): Domain[] {
  const fromPath = new Set(domainsFromPath(relPath, config));
  const fromText = text ? new Set(domainsFromText(text, config)) : new Set<Domain>();
  return DOMAINS.filter((d) => fromPath.has(d) || fromText.has(d));
}

/**
 * True when a region needs attention first: it is `unreviewed` or `stale` and touches one of
 * `config.aiRegions.highRiskDomains` (default auth, payments, crypto).
 */
export function isHighRisk(region: { status: RegionStatus; domains: readonly Domain[] }, config: Pick<ResolvedConfig, 'aiRegions'>): boolean {
  if (region.status !== 'unreviewed' && region.status !== 'stale') return false;
  return region.domains.some((d) => config.aiRegions.highRiskDomains.includes(d));
}

/**
 * Regions with their domains. `textOf` gives a file's current text (undefined: path globs only);
 * each file is read once. Orphaned regions are classified by path only.
 */
export function attachDomains(regions: readonly Region[], config: ResolvedConfig | DomainRules, textOf: (path: string) => string | undefined): (Region & { domains: Domain[] })[] {
  const cache = new Map<string, LineIndex | undefined>();
  return regions.map((r) => {
    if (!cache.has(r.path)) {
      const t = textOf(r.path);
      cache.set(r.path, t === undefined ? undefined : new LineIndex(t));
    }
    const lines = cache.get(r.path);
    return { ...r, domains: classifyDomains(r.path, lines && r.status !== 'orphaned' ? regionText(lines, r.range) : undefined, config) };
  });
}
