import ts from 'typescript';
import type { AnalyzeOptions } from '../analyze';
import type { RawFinding } from '../context';
import type { LineIndex } from '../text';
import type { Fix } from '../types';
import { isFunctionLike } from './ast';

/**
 * Per-document memo of statement-local detectors' findings, so a keystroke re-analyzes only
 * the top-level statement it changed.
 *
 * TypeScript's incremental parser reuses the nodes of unchanged top-level statements (same
 * object, positions shifted). A detector that declares `statementLocal` promises that what it
 * reports inside a statement depends only on that statement and on the file's *outline* (the
 * text outside function bodies: imports, top-level declarations, configuration calls). So for a
 * reused statement, while the outline is unchanged, its findings are the cached ones moved by
 * however far the statement moved. Cached findings keep offsets relative to the statement's
 * start; a finding that points outside its statement (an import added at the top by a fix) makes
 * that statement uncacheable, and it is simply re-run each time.
 */
export interface JsStatementCache {
  /** The options the entries were computed with; `deadline` aside (see `sameAnalysisOptions`). */
  options?: AnalyzeOptions;
  /** Top-level statements of the last run, and how many of them replayed their memo. */
  lastRun?: { statements: number; replayed: number };
  outlineKey?: string;
  /** statement → detector name → findings relative to `statement.pos` (null: not cacheable). */
  entries: WeakMap<ts.Statement, Map<string, CachedFinding[] | null>>;
  /** statement → hash of its outline (text outside function bodies). */
  outlines: WeakMap<ts.Statement, string>;
  /**
   * statement → its nodes of the kinds other detectors handle, in walk order, so a reused
   * statement dispatches without being walked again (its subtree is unchanged by definition).
   */
  nodeLists: WeakMap<ts.Statement, { kinds: string; nodes: ts.Node[] }>;
}

interface RelativeEdit {
  start: number;
  end: number;
  newText: string;
}

/** A RawFinding with every offset relative to its statement and fix edits as offsets. */
export interface CachedFinding {
  raw: Omit<RawFinding, 'fixes'>;
  fixes: (Omit<Fix, 'edits'> & { edits: RelativeEdit[] })[];
}

/**
 * True when two option sets produce the same findings: every field but `deadline`, which the
 * editor sets afresh on each run (a new object each keystroke) and which only decides when a
 * run stops, not what it finds.
 */
export function sameAnalysisOptions(a: AnalyzeOptions | undefined, b: AnalyzeOptions): boolean {
  return !!a && COMPARED.every((k) => a[k] === b[k]);
}

/** Adding a field to AnalyzeOptions fails to compile here until it is classified. */
const OPTION_FIELDS: Record<keyof AnalyzeOptions, 'compared' | 'ignored'> = { catalog: 'compared', config: 'compared', project: 'compared', today: 'compared', prefilter: 'compared', deadline: 'ignored' };
const COMPARED = (Object.keys(OPTION_FIELDS) as (keyof AnalyzeOptions)[]).filter((k) => OPTION_FIELDS[k] === 'compared');

let readOutside = false;

/**
 * Called by a statement-local detector when its answer for the statement being walked had to
 * read code outside that statement and the file's outline (e.g. every use of a module-level
 * array, inside any function). That statement's results are then not memoized: they are
 * computed afresh on each run, which keeps the keystroke path equal to a fresh analysis.
 */
export function readOutsideStatement(): void {
  readOutside = true;
}

/** Returns whether `readOutsideStatement` was called since the last call, and clears it. */
export function takeReadOutside(): boolean {
  const r = readOutside;
  readOutside = false;
  return r;
}

export function newStatementCache(): JsStatementCache {
  return { entries: new WeakMap(), outlines: new WeakMap(), nodeLists: new WeakMap() };
}

/** Two 32-bit multiplicative hashes (64 bits), hex: a cheap fingerprint of outline text. */
function fnv1a(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 13);
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}

/**
 * The outline of a statement: its text with the bodies of every function, method, accessor and
 * arrow function replaced by a marker. Iterative (10,000-deep nesting must not overflow).
 */
export function statementOutline(s: ts.Statement, sf: ts.SourceFile): string {
  const text = sf.text;
  const bodies: [number, number][] = [];
  const stack: ts.Node[] = [s];
  while (stack.length) {
    const n = stack.pop()!;
    if (isFunctionLike(n) && n.body) {
      bodies.push([n.body.getStart(sf), n.body.end]);
      // Parameters and type annotations stay in the outline (defaults can hold values).
      for (const p of n.parameters) stack.push(p);
      continue;
    }
    n.forEachChild((c) => {
      stack.push(c);
    });
  }
  bodies.sort((a, b) => a[0] - b[0]);
  let out = '';
  let pos = s.getStart(sf);
  for (const [start, end] of bodies) {
    if (start < pos) continue;
    out += text.slice(pos, start) + '{}';
    pos = end;
  }
  return out + text.slice(pos, s.end);
}

/** Key of the whole file's outline; statements' outline hashes are cached by node identity. */
export function outlineKey(sf: ts.SourceFile, cache: JsStatementCache): string {
  const parts: string[] = [];
  for (const s of sf.statements) {
    let h = cache.outlines.get(s);
    if (h === undefined) {
      h = fnv1a(statementOutline(s, sf));
      cache.outlines.set(s, h);
    }
    parts.push(h);
  }
  return parts.join('');
}

/**
 * Converts a reported finding to statement-relative form; null when anything it refers to
 * (range, related locations, fix edits) lies outside the statement.
 */
export function toCached(raw: RawFinding, s: ts.Statement, lines: LineIndex): CachedFinding | null {
  const lo = s.pos;
  const hi = s.end;
  const inside = (a: number, b: number) => a >= lo && b <= hi;
  if (!inside(raw.start, raw.end)) return null;
  if (raw.related?.some((r) => !inside(r.start, r.end))) return null;
  const fixes: CachedFinding['fixes'] = [];
  for (const f of raw.fixes ?? []) {
    const edits: RelativeEdit[] = [];
    for (const e of f.edits) {
      const start = lines.offsetAt(e.range.start);
      const end = lines.offsetAt(e.range.end);
      if (!inside(start, end)) return null;
      edits.push({ start: start - lo, end: end - lo, newText: e.newText });
    }
    fixes.push({ ...f, edits });
  }
  const { fixes: _omit, ...rest } = raw;
  const rel: Omit<RawFinding, 'fixes'> = { ...rest, start: raw.start - lo, end: raw.end - lo };
  if (raw.related) rel.related = raw.related.map((r) => ({ ...r, start: r.start - lo, end: r.end - lo }));
  return { raw: rel, fixes };
}

/** Rebuilds the finding at the statement's current position. */
export function fromCached(c: CachedFinding, s: ts.Statement, lines: LineIndex): RawFinding {
  const lo = s.pos;
  const raw: RawFinding = { ...c.raw, start: c.raw.start + lo, end: c.raw.end + lo };
  if (c.raw.related) raw.related = c.raw.related.map((r) => ({ ...r, start: r.start + lo, end: r.end + lo }));
  if (c.fixes.length) raw.fixes = c.fixes.map((f) => ({ ...f, edits: f.edits.map((e) => ({ range: lines.range(e.start + lo, e.end + lo), newText: e.newText })) }));
  return raw;
}

export { ts };
