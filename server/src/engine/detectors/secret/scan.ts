import type ts from 'typescript';
import type { Tree } from 'web-tree-sitter';
import type { FindingCollector } from '../../context';
import type { BaseContext } from '../../detector';
import { CONNECTION_KEYWORDS, scanConnections, type ConnectionMatch } from './connection';
import { KeywordScanner } from './keywords';
import { compileProviders, ProviderOptionsSchema, scanProviders, type ProviderMatch } from './providers';

/**
 * Per-run state shared by the secret detectors, keyed by the run's `FindingCollector` (one per
 * analysis, shared by every context of that run, garbage-collected with it):
 *
 * - the raw-text scan (provider patterns and connection strings), computed once and read by
 *   the text detectors that report it and by the hardcoded-credential detectors, which leave
 *   values already reported by a more specific rule alone;
 * - the parse tree of JS/TS and Python files, which the family detectors hand over so that the
 *   raw-text detectors can build syntax-aware fixes (replace the whole literal, add `import os`).
 */

/** Rule id: credentials in a known provider format. */
export const PROVIDER_RULE = 'secret/provider-credential';
/** Rule id: passwords inside connection strings. */
export const CONNECTION_RULE = 'secret/connection-string-credential';
/** Rule id: generic credentials under secret-like names or passed to credential APIs. */
export const HARDCODED_RULE = 'secret/hardcoded-credential';
/** Every rule of the category; the family detectors run when any is on (they carry the trees). */
export const SECRET_RULES = [PROVIDER_RULE, CONNECTION_RULE, HARDCODED_RULE] as const;

/** Result of the raw-text scan of one file. */
export interface SecretScan {
  providers: ProviderMatch[];
  connections: ConnectionMatch[];
  /** Spans in a provider's format that its validation judged not secret (public, example, expired). */
  known: [number, number][];
}

const scans = new WeakMap<FindingCollector, SecretScan>();
const jsTrees = new WeakMap<FindingCollector, ts.SourceFile>();
const pyTrees = new WeakMap<FindingCollector, Tree>();
let connectionOnly: KeywordScanner | undefined;
const combined = new WeakMap<object, { scanner: KeywordScanner; providerKeywords: number }>();

/**
 * The provider and connection-string matches of the analyzed text, computed on first use and
 * cached for the run. Disabled rules contribute nothing. One keyword pass serves both.
 */
export function secretScan(ctx: BaseContext): SecretScan {
  const cached = scans.get(ctx.collector);
  if (cached) return cached;
  const result: SecretScan = { providers: [], connections: [], known: [] };
  scans.set(ctx.collector, result);
  if (!scansFile(ctx)) return result;
  const wantProviders = ctx.enabled(PROVIDER_RULE);
  const wantConnections = ctx.enabled(CONNECTION_RULE);
  if (!wantProviders && !wantConnections) return result;
  const check = () => ctx.checkDeadline();
  if (wantProviders) {
    const compiled = compileProviders(ctx.options(PROVIDER_RULE, ProviderOptionsSchema));
    let entry = combined.get(compiled);
    if (!entry) {
      // One automaton for provider keywords followed by the connection keywords.
      entry = { scanner: new KeywordScanner([...compiled.scanner.keywords, ...CONNECTION_KEYWORDS]), providerKeywords: compiled.scanner.keywords.length };
      combined.set(compiled, entry);
    }
    const first = entry.scanner.firstOccurrences(ctx.text);
    if (first.size === 0) return result;
    const providerFirst = new Map([...first].filter(([k]) => k < entry!.providerKeywords));
    result.providers = scanProviders(ctx.text, compiled, check, providerFirst, result.known);
    if (wantConnections) result.connections = dropOverlaps(scanConnections(ctx.text, connectionFirst(first, entry.providerKeywords), check), result.providers);
  } else {
    connectionOnly ??= new KeywordScanner([...CONNECTION_KEYWORDS]);
    result.connections = scanConnections(ctx.text, connectionFirst(connectionOnly.firstOccurrences(ctx.text), 0), check);
  }
  return result;
}

function connectionFirst(first: Map<number, number>, offset: number): Partial<Record<(typeof CONNECTION_KEYWORDS)[number], number>> {
  const out: Partial<Record<(typeof CONNECTION_KEYWORDS)[number], number>> = {};
  CONNECTION_KEYWORDS.forEach((k, i) => {
    const at = first.get(offset + i);
    if (at !== undefined) out[k] = at;
  });
  return out;
}

function dropOverlaps(connections: ConnectionMatch[], providers: ProviderMatch[]): ConnectionMatch[] {
  return connections.filter((c) => !providers.some((p) => p.start < c.end && c.start < p.end));
}

/**
 * True when the secret detectors analyze this file at all. `.env`-style files (language
 * `dotenv`) that git ignores are where secrets belong, so they are skipped; when the host does
 * not know (`vcs` undefined) they are analyzed.
 */
export function scansFile(ctx: Pick<BaseContext, 'file'>): boolean {
  return !(ctx.file.language === 'dotenv' && ctx.file.vcs === 'ignored');
}

/**
 * True when `[start, end)` overlaps a value that the provider or connection-string rule
 * reports, so the generic rule does not report the same secret twice, or a value in a
 * provider's format that the provider rule judged not secret (a Supabase anon key, a Firebase
 * web API key, AWS's documented example key), so the generic rule does not second-guess it.
 */
export function claimedBySpecificRule(ctx: BaseContext, start: number, end: number): boolean {
  const scan = secretScan(ctx);
  const overlaps = (s: number, e: number) => s < end && start < e;
  return scan.providers.some((p) => overlaps(p.start, p.end)) || scan.connections.some((c) => overlaps(c.start, c.end)) || scan.known.some(([s, e]) => overlaps(s, e));
}

/** Hands the JS/TS tree of this run to the raw-text detectors. */
export function shareJsTree(collector: FindingCollector, sf: ts.SourceFile): void {
  jsTrees.set(collector, sf);
}

/** Hands the Python tree of this run to the raw-text detectors. */
export function sharePyTree(collector: FindingCollector, tree: Tree): void {
  pyTrees.set(collector, tree);
}

/** The JS/TS tree of this run, when its family detector ran. */
export function sharedJsTree(collector: FindingCollector): ts.SourceFile | undefined {
  return jsTrees.get(collector);
}

/** The Python tree of this run, when its family detector ran. */
export function sharedPyTree(collector: FindingCollector): Tree | undefined {
  return pyTrees.get(collector);
}
