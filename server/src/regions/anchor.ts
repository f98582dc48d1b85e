import { diffArrays } from 'diff';
import { LineIndex } from '../engine/text';
import type { Range } from '../engine/types';
import { computeRegionHashes, contentHash, DEFAULT_CONTEXT_LINES, lineHash, normalizeEol } from './hash';
import { clampRange, iso, isValidRange, orphanRegion, pointRange, withDerivedStatus } from './region';
import type { OrphanReason, Region } from './schema';
import { applySpanEdits, diffEdits } from './spans';

/**
 * Re-anchoring: finding regions again after their file changed outside the editor (an agent or
 * git rewrote it while it was closed, or it was reloaded from disk).
 *
 * Order of evidence, strongest first; the first that decides wins:
 *
 * 1. **Diff** — when the previous full text is known (the server held the document), a line diff
 *    (jsdiff `diffLines`, hunks trimmed to changed characters) moves every region exactly as the
 *    live tracker would (same rules: tracker.ts). A region whose text the diff deleted is then
 *    searched for by content hash (it may have moved); if not found it is `orphaned` (`deleted`).
 * 2. **Nothing changed** — the document hash equals `anchor.documentHash`, or the text at the
 *    stored range still hashes to `contentHash` (and still ends at its line's end if it did) →
 *    unchanged.
 * 3. **Content hash** — a sliding window with the region's line count over the new lines,
 *    narrowed by per-line hashes, confirmed by `contentHash`. One match → moved. Several → the
 *    one whose full context (lines above and below) also matches; otherwise `ambiguous`.
 * 4. **Context** — the lines above and below (`anchor.before`/`after`; fewer than N means the
 *    file boundary, relaxed to "those lines" when nothing else matches and both sides have
 *    some) bracket exactly one span of at most 2n+10 lines whose lines resemble the region's
 *    per-line hashes (≥ 50 % in order, or N context lines on both sides) → found with changed
 *    text (a reviewed region becomes `stale`).
 * 5. Otherwise **orphaned** (`not-found` or `ambiguous`), kept with an empty range where it was.
 *    Redline never guesses between candidates.
 *
 * Orphaned regions are searched for by content hash only, and restored (previous status) when
 * found in exactly one place. Afterwards every located region's hashes and anchor are recomputed
 * for the new text. Positions: 0-based lines, UTF-16 columns. Pure; never throws.
 */

export interface ReanchorOptions {
  /** The text the regions' ranges refer to, when the host still has it (enables the diff). */
  previousText?: string;
  now?: Date;
  /** Context lines per side; must equal the value used when anchors were computed (default 3). */
  contextLines?: number;
  /** Budget for the line diff in ms; past it, hash and context search take over. */
  diffTimeoutMs?: number;
}

export type ReanchorOutcome = 'unchanged' | 'moved' | 'changed' | 'restored' | 'orphaned' | 'still-orphaned';
export type ReanchorMethod = 'document-hash' | 'diff' | 'in-place' | 'content-hash' | 'context' | 'none';

/** What happened to one region. `from`/`to` are LSP ranges before and after. */
export interface ReanchorEntry {
  id: string;
  path: string;
  outcome: ReanchorOutcome;
  method: ReanchorMethod;
  from: Range;
  to: Range;
  reason?: OrphanReason;
}

export interface ReanchorResult {
  /** The input regions in input order, updated for the new text. */
  regions: Region[];
  report: ReanchorEntry[];
}

/** The new document, prepared once for all regions. */
class NewDoc {
  readonly lines: LineIndex;
  readonly texts: string[];
  readonly hash: string;
  private _hashes: string[] | undefined;
  private _byHash: Map<string, number[]> | undefined;

  constructor(text: string) {
    this.lines = new LineIndex(text);
    this.texts = [];
    for (let i = 0; i < this.lines.lineCount; i++) this.texts.push(this.lines.lineText(i));
    this.hash = contentHash(text);
  }

  get lineHashes(): string[] {
    return (this._hashes ??= this.texts.map(lineHash));
  }

  /** Line numbers whose hash is `h`. */
  linesWithHash(h: string): number[] {
    if (!this._byHash) {
      this._byHash = new Map();
      this.lineHashes.forEach((x, i) => {
        const list = this._byHash!.get(x);
        if (list) list.push(i);
        else this._byHash!.set(x, [i]);
      });
    }
    return this._byHash.get(h) ?? [];
  }
}

/**
 * Re-anchors the regions of one file against its new text. See the module comment for the order.
 *
 * @param regions regions of the file whose text is `newText`
 * @param newText the file's current text
 */
export function reanchorRegions(regions: readonly Region[], newText: string, options: ReanchorOptions = {}): ReanchorResult {
  const now = options.now ?? new Date();
  const N = options.contextLines ?? DEFAULT_CONTEXT_LINES;
  const doc = new NewDoc(newText);
  const out: Region[] = [...regions];
  const report: (ReanchorEntry | undefined)[] = new Array(regions.length);
  const pending: number[] = [];

  // 1. Diff from the previous text.
  if (options.previousText !== undefined) {
    const oldN = normalizeEol(options.previousText);
    const newN = normalizeEol(newText);
    const live = regions.map((r, i) => ({ r, i })).filter((x) => x.r.status !== 'orphaned');
    const edits = oldN === newN ? [] : diffEdits(oldN, newN, 0, options.diffTimeoutMs ?? 2000);
    if (edits) {
      const oldLines = new LineIndex(oldN);
      const res = applySpanEdits(
        live.map((x) => x.r),
        oldLines,
        new LineIndex(newN),
        edits,
        now,
      );
      const changed = new Set(res.changed);
      const orphaned = new Set(res.orphaned);
      live.forEach(({ r, i }, k) => {
        const moved = res.regions[k]!;
        if (orphaned.has(r.id)) {
          const found = findByContentHash(r, doc, N);
          if (found.kind === 'one') {
            out[i] = placeAt(r, found.range, now);
            report[i] = entry(r, 'moved', 'content-hash', found.range);
          } else {
            out[i] = found.kind === 'many' ? orphanRegion(r, 'ambiguous', now, moved.range, 'deleted where it was; its text matches in several places') : moved;
            report[i] = entry(r, 'orphaned', 'diff', moved.range, found.kind === 'many' ? 'ambiguous' : 'deleted');
          }
          return;
        }
        out[i] = moved;
        const outcome: ReanchorOutcome = changed.has(r.id) ? 'changed' : sameRange(r.range, moved.range) ? 'unchanged' : 'moved';
        report[i] = entry(r, outcome, 'diff', moved.range);
      });
    } else {
      live.forEach(({ i }) => pending.push(i));
    }
  } else {
    regions.forEach((r, i) => {
      if (r.status !== 'orphaned') pending.push(i);
    });
  }

  // 2–5. Hashes and context.
  for (const i of pending) {
    const r = regions[i]!;
    if (isValidRange(doc.lines, r.range)) {
      if (r.anchor.documentHash === doc.hash) {
        report[i] = entry(r, 'unchanged', 'document-hash', r.range);
        continue;
      }
      const endsAtLineEnd = r.range.end.character === doc.texts[r.range.end.line]!.length;
      if (endsAtLineEnd === r.anchor.endsAtLineEnd && contentHash(doc.lines.text.slice(doc.lines.offsetAt(r.range.start), doc.lines.offsetAt(r.range.end))) === r.contentHash) {
        report[i] = entry(r, 'unchanged', 'in-place', r.range);
        continue;
      }
    }
    const byHash = findByContentHash(r, doc, N);
    if (byHash.kind === 'one') {
      out[i] = placeAt(r, byHash.range, now);
      report[i] = entry(r, 'moved', 'content-hash', byHash.range);
      continue;
    }
    if (byHash.kind === 'many') {
      const to = pointRange(clampRange(doc.lines, r.range).start);
      out[i] = orphanRegion(r, 'ambiguous', now, to, `its text matches in ${byHash.count} places`);
      report[i] = entry(r, 'orphaned', 'content-hash', to, 'ambiguous');
      continue;
    }
    const byContext = findByContext(r, doc, N);
    if (byContext.kind === 'one') {
      const range = byContext.range;
      const hash = contentHash(doc.lines.text.slice(doc.lines.offsetAt(range.start), doc.lines.offsetAt(range.end)));
      out[i] = withDerivedStatus({ ...r, range, contentHash: hash, updatedAt: iso(now) });
      report[i] = entry(r, hash === r.contentHash ? 'moved' : 'changed', 'context', range);
      continue;
    }
    const to = pointRange(clampRange(doc.lines, r.range).start);
    const reason: OrphanReason = byContext.kind === 'many' ? 'ambiguous' : 'not-found';
    out[i] = orphanRegion(r, reason, now, to, reason === 'ambiguous' ? 'its surrounding lines match in several places' : 'neither its text nor its surrounding lines were found');
    report[i] = entry(r, 'orphaned', 'none', to, reason);
  }

  // Orphans: restore only on a unique content-hash match.
  regions.forEach((r, i) => {
    if (r.status !== 'orphaned') return;
    const found = findByContentHash(r, doc, N);
    if (found.kind === 'one') {
      out[i] = placeAt(r, found.range, now);
      report[i] = entry(r, 'restored', 'content-hash', found.range);
    } else {
      const to = pointRange(clampRange(doc.lines, r.range).start);
      out[i] = sameRange(to, r.range) ? r : { ...r, range: to, updatedAt: iso(now) };
      report[i] = entry(r, 'still-orphaned', 'none', to, r.orphan?.reason);
    }
  });

  // Refresh hashes and anchors of located regions for the new text.
  for (let i = 0; i < out.length; i++) {
    const r = out[i]!;
    if (r.status === 'orphaned') continue;
    if (r.anchor.documentHash === doc.hash && r === regions[i]) continue;
    const h = computeRegionHashes(doc.lines, r.range, N, doc.hash);
    const next: Region = withDerivedStatus({ ...r, contentHash: h.contentHash, contextHash: h.contextHash, anchor: h.anchor });
    if (next.range !== regions[i]!.range || next.contentHash !== regions[i]!.contentHash || next.status !== regions[i]!.status) next.updatedAt = iso(now);
    else if (JSON.stringify(next.anchor) !== JSON.stringify(regions[i]!.anchor) || next.contextHash !== regions[i]!.contextHash) next.updatedAt = iso(now);
    out[i] = next;
  }
  return { regions: out, report: report.map((e, i) => e ?? entry(regions[i]!, 'unchanged', 'none', out[i]!.range)) };
}

/**
 * Orphans every region of a file that no longer exists (reason `file-missing`). Regions are kept;
 * if the file comes back, re-anchoring restores them by content hash.
 */
export function orphanMissingFile(regions: readonly Region[], now = new Date()): ReanchorResult {
  const out = regions.map((r) => (r.status === 'orphaned' ? r : orphanRegion(r, 'file-missing', now, pointRange(r.range.start), 'its file no longer exists')));
  return { regions: out, report: regions.map((r, i) => entry(r, r.status === 'orphaned' ? 'still-orphaned' : 'orphaned', 'none', out[i]!.range, out[i]!.orphan?.reason)) };
}

function entry(r: Region, outcome: ReanchorOutcome, method: ReanchorMethod, to: Range, reason?: OrphanReason): ReanchorEntry {
  const e: ReanchorEntry = { id: r.id, path: r.path, outcome, method, from: r.range, to };
  if (reason) e.reason = reason;
  return e;
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/** The region at a new range with its (unchanged) text: orphan cleared, status re-derived. */
function placeAt(r: Region, range: Range, now: Date): Region {
  const { orphan: _orphan, ...rest } = r;
  return withDerivedStatus({ ...rest, range, updatedAt: iso(now), status: 'unreviewed' });
}

type Search = { kind: 'none' } | { kind: 'one'; range: Range } | { kind: 'many'; count: number };

/** True when the lines around `startLine..endLine` match the anchor's context (file boundaries included). */
function contextMatches(r: Region, doc: NewDoc, startLine: number, endLine: number, N: number, strict = true): { before: boolean; after: boolean } {
  const { before, after } = r.anchor;
  const hashes = doc.lineHashes;
  const k = before.length;
  let b = startLine - k >= 0 && (!strict || k >= N || startLine - k === 0);
  for (let i = 0; b && i < k; i++) if (hashes[startLine - k + i] !== before[i]) b = false;
  const m = after.length;
  const last = hashes.length - 1;
  let a = endLine + m <= last && (!strict || m >= N || endLine + m === last);
  for (let i = 0; a && i < m; i++) if (hashes[endLine + 1 + i] !== after[i]) a = false;
  return { before: b, after: a };
}

/**
 * Windows of the region's line count whose text hashes to `contentHash`. Multi-line regions are
 * fully determined by their first line (the text is the last `headLength` characters of it, the
 * full middle lines, and the first `tailLength` characters of the last line). A region that began
 * at column 0 must begin at column 0 again, one that ended at its line's end must end there again
 * (so a whole-line region only matches whole lines); a single-line region that did neither is
 * tried at its old column.
 */
function findByContentHash(r: Region, doc: NewDoc, N: number): Search {
  const a = r.anchor;
  const n = a.lineCount;
  const texts = doc.texts;
  const total = texts.length;
  if (n > total) return { kind: 'none' };
  const matches: Range[] = [];
  if (n === 1) {
    const len = a.headLength;
    if (len === 0) return { kind: 'none' };
    const col = r.range.start.character;
    const atStart = col === 0;
    // A whole-line region is one of the lines with its hash.
    const lines = atStart && a.endsAtLineEnd && a.lineHashes.length ? doc.linesWithHash(a.lineHashes[0]!) : Array.from({ length: total }, (_, L) => L);
    for (const L of lines) {
      const line = texts[L]!;
      if (line.length < len) continue;
      // A region that began at column 0 / ended at the line end must do so again.
      let c: number;
      if (atStart && a.endsAtLineEnd) {
        if (line.length !== len) continue;
        c = 0;
      } else if (atStart) c = 0;
      else if (a.endsAtLineEnd) c = line.length - len;
      else if (col + len <= line.length) c = col;
      else continue;
      {
        if (contentHash(line.slice(c, c + len)) === r.contentHash) matches.push({ start: { line: L, character: c }, end: { line: L, character: c + len } });
      }
    }
  } else {
    // Narrow the window starts by a line that must be whole: the first (region starts at column
    // 0), else the second (interior), else the last (region ends at its line's end).
    let starts: number[];
    const fit = (L: number) => L >= 0 && L + n <= total;
    if (r.range.start.character === 0 && a.lineHashes.length >= 1) starts = doc.linesWithHash(a.lineHashes[0]!).filter(fit);
    else if (n >= 3 && a.lineHashes.length >= 2) starts = doc.linesWithHash(a.lineHashes[1]!).map((x) => x - 1).filter(fit);
    else if (a.endsAtLineEnd && a.lineHashes.length === n) starts = doc.linesWithHash(a.lineHashes[n - 1]!).map((x) => x - n + 1).filter(fit);
    else starts = Array.from({ length: total - n + 1 }, (_, L) => L);
    const interior = Math.min(n - 2, a.lineHashes.length - 1);
    for (const L of starts) {
      const first = texts[L]!;
      const last = texts[L + n - 1]!;
      if (first.length < a.headLength || last.length < a.tailLength) continue;
      if (r.range.start.character === 0 && first.length !== a.headLength) continue;
      if (a.endsAtLineEnd && last.length !== a.tailLength) continue;
      let ok = true;
      for (let i = 1; ok && i <= interior; i++) if (doc.lineHashes[L + i] !== a.lineHashes[i]) ok = false;
      if (!ok) continue;
      const parts = [first.slice(first.length - a.headLength), ...texts.slice(L + 1, L + n - 1), last.slice(0, a.tailLength)];
      if (contentHash(parts.join('\n')) === r.contentHash) {
        matches.push({ start: { line: L, character: first.length - a.headLength }, end: { line: L + n - 1, character: a.tailLength } });
      }
    }
  }
  if (matches.length === 0) return { kind: 'none' };
  if (matches.length === 1) return { kind: 'one', range: matches[0]! };
  for (const strict of [true, false]) {
    const withContext = matches.filter((m) => {
      const c = contextMatches(r, doc, m.start.line, m.end.line, N, strict);
      return c.before && c.after;
    });
    if (withContext.length === 1) return { kind: 'one', range: withContext[0]! };
    if (withContext.length > 1) break;
  }
  return { kind: 'many', count: matches.length };
}

/** Lines in order shared by `a` and `b` (longest common subsequence, via jsdiff). */
function commonLines(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const d = diffArrays(a as string[], b as string[], { timeout: 500 });
  if (!d) return 0;
  return d.filter((c) => !c.added && !c.removed).reduce((s, c) => s + c.count, 0);
}

/**
 * The unique span bracketed by the region's context whose lines resemble it. See module comment.
 */
function findByContext(r: Region, doc: NewDoc, N: number): Search {
  const strict = contextSearch(r, doc, N, true);
  if (strict.kind !== 'none') return strict;
  // The file boundary moved (lines added above/below a region near the start/end): accept the
  // lines that were there as context, when there are some on both sides.
  if (r.anchor.before.length === 0 || r.anchor.after.length === 0) return strict;
  return contextSearch(r, doc, N, false);
}

function contextSearch(r: Region, doc: NewDoc, N: number, strict: boolean): Search {
  const a = r.anchor;
  const k = a.before.length;
  const m = a.after.length;
  const total = doc.texts.length;
  const n = a.lineCount;
  const starts: number[] = [];
  if (k === 0 || (strict && k < N)) {
    if (k <= total) starts.push(k);
  } else {
    for (const x of doc.linesWithHash(a.before[0]!)) starts.push(x + k);
  }
  const ends: number[] = [];
  if (m === 0 || (strict && m < N)) {
    if (total - 1 - m >= 0) ends.push(total - 1 - m);
  } else {
    for (const x of doc.linesWithHash(a.after[0]!)) ends.push(x - 1);
  }
  const maxLen = 2 * n + 10;
  const found: Range[] = [];
  for (const L of starts) {
    if (L < 0 || L >= total) continue;
    for (const P of ends) {
      if (P < L || P >= total || P - L + 1 > maxLen) continue;
      const c = contextMatches(r, doc, L, P, N, strict);
      if (!c.before || !c.after) continue;
      const newHashes = doc.lineHashes.slice(L, P + 1);
      const oldHashes = a.lineHashes;
      const compared = a.lineHashesTruncated ? newHashes.slice(0, oldHashes.length) : newHashes;
      const similarity = commonLines(oldHashes, compared) / Math.max(oldHashes.length, compared.length, 1);
      const fullContext = k >= N && m >= N;
      if (similarity < 0.5 && !fullContext) continue;
      const lastLen = doc.texts[P]!.length;
      const startChar = r.range.start.character === 0 ? 0 : Math.min(r.range.start.character, doc.texts[L]!.length);
      let endChar = a.endsAtLineEnd ? lastLen : Math.min(r.range.end.character, lastLen);
      if (L === P && endChar < startChar) endChar = startChar;
      found.push({ start: { line: L, character: startChar }, end: { line: P, character: endChar } });
    }
  }
  if (found.length === 0) return { kind: 'none' };
  if (found.length === 1) return { kind: 'one', range: found[0]! };
  return { kind: 'many', count: found.length };
}
