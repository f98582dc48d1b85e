import { diffLines } from 'diff';
import { LineIndex } from '../engine/text';
import type { Position } from '../engine/types';
import { contentHash } from './hash';
import { iso, orphanRegion, pointRange, safePosition, withDerivedStatus } from './region';
import type { Region } from './schema';

/**
 * Offset arithmetic shared by the live tracker (tracker.ts) and diff-based re-anchoring
 * (anchor.ts): how one edit moves a span, how a replacement splits into minimal edits, and
 * how a list of edits moves regions. Offsets are UTF-16 code units. See tracker.ts for the rules.
 */

/** One edit in offsets: replace `[start, end)` of the text before it by `insertLength` UTF-16 units. */
export interface SpanEdit {
  start: number;
  end: number;
  insertLength: number;
}

export type SpanEffect = 'before' | 'after' | 'inside' | 'clip-start' | 'clip-end' | 'deleted';

/**
 * Applies one edit to a span `[start, end)` (UTF-16 offsets) per the table above. An empty span
 * (an orphaned region's point) moves like a cursor that stays before insertions at it.
 */
export function shiftSpan(start: number, end: number, edit: SpanEdit): { start: number; end: number; effect: SpanEffect } {
  const cs = edit.start;
  const ce = Math.max(cs, edit.end);
  const L = edit.insertLength;
  const delta = L - (ce - cs);
  if (start === end) {
    if (cs === ce) return cs <= start ? { start: start + L, end: start + L, effect: 'before' } : { start, end, effect: 'after' };
    if (ce <= start) return { start: start + delta, end: start + delta, effect: 'before' };
    if (cs >= start) return { start, end, effect: 'after' };
    return { start: cs, end: cs, effect: 'before' };
  }
  if (cs === ce) {
    if (cs <= start) return { start: start + L, end: end + L, effect: 'before' };
    if (cs >= end) return { start, end, effect: 'after' };
    return { start, end: end + L, effect: 'inside' };
  }
  if (ce <= start) return { start: start + delta, end: end + delta, effect: 'before' };
  if (cs >= end) return { start, end, effect: 'after' };
  if (cs <= start && ce >= end) return { start: cs, end: cs, effect: 'deleted' };
  if (cs < start) return { start: cs + L, end: end + delta, effect: 'clip-start' };
  if (ce > end) return { start, end: cs, effect: 'clip-end' };
  return { start, end: end + delta, effect: 'inside' };
}

/**
 * Splits the replacement of `oldText` by `newText` into minimal edits: a line diff (jsdiff
 * `diffLines`), then each hunk trimmed to the characters that really differ. Offsets are
 * relative to `base` in the text that contains `oldText`; edits are ascending and disjoint.
 * Returns undefined when the diff gives up (`timeoutMs`).
 */
export function diffEdits(oldText: string, newText: string, base = 0, timeoutMs = 1000): SpanEdit[] | undefined {
  if (oldText === newText) return [];
  const changes = diffLines(oldText, newText, { timeout: timeoutMs });
  if (!changes) return undefined;
  const edits: SpanEdit[] = [];
  let offset = base;
  let removed = '';
  let added = '';
  let hunkStart = -1;
  const flush = () => {
    if (hunkStart < 0) return;
    let p = 0;
    const maxP = Math.min(removed.length, added.length);
    while (p < maxP && removed.charCodeAt(p) === added.charCodeAt(p)) p++;
    let s = 0;
    const maxS = Math.min(removed.length, added.length) - p;
    while (s < maxS && removed.charCodeAt(removed.length - 1 - s) === added.charCodeAt(added.length - 1 - s)) s++;
    if (removed.length - p - s > 0 || added.length - p - s > 0) {
      edits.push({ start: hunkStart + p, end: hunkStart + removed.length - s, insertLength: added.length - p - s });
    }
    hunkStart = -1;
    removed = '';
    added = '';
  };
  for (const c of changes) {
    if (c.removed) {
      if (hunkStart < 0) hunkStart = offset;
      removed += c.value;
      offset += c.value.length;
    } else if (c.added) {
      if (hunkStart < 0) hunkStart = offset;
      added += c.value;
    } else {
      flush();
      offset += c.value.length;
    }
  }
  flush();
  return edits;
}

interface Tracked {
  start: number;
  end: number;
  moved: boolean;
  changed: boolean;
  deleted: boolean;
}

/**
 * Applies edits (ascending, disjoint, offsets of `before`) to regions, producing regions valid
 * for `after`. Shared by the live tracker and diff-based re-anchoring.
 */
export function applySpanEdits(
  regions: readonly Region[],
  before: LineIndex,
  after: string | LineIndex,
  edits: readonly SpanEdit[],
  now: Date,
): { regions: Region[]; changed: string[]; orphaned: string[] } {
  const changed: string[] = [];
  const orphaned: string[] = [];
  if (edits.length === 0) return { regions: [...regions], changed, orphaned };
  let afterLines: LineIndex | undefined = typeof after === 'string' ? undefined : after;
  const afterIndex = () => (afterLines ??= new LineIndex(after as string));
  const afterText = typeof after === 'string' ? after : after.text;
  const fast = edits.length === 1 ? fastPositions(before, afterText, edits[0]!) : undefined;
  const out = regions.map((r) => {
    const t: Tracked = { start: before.offsetAt(r.range.start), end: 0, moved: false, changed: false, deleted: false };
    t.end = Math.max(t.start, before.offsetAt(r.range.end));
    const wasEmpty = t.start === t.end;
    for (let i = edits.length - 1; i >= 0; i--) {
      const res = shiftSpan(t.start, t.end, edits[i]!);
      if (res.effect === 'after') continue;
      if (res.effect === 'before') t.moved = true;
      else if (res.effect === 'deleted') t.deleted = true;
      else t.changed = true;
      t.start = res.start;
      t.end = res.end;
    }
    if (!t.moved && !t.changed && !t.deleted) return r;
    let start: Position;
    let end: Position;
    if (fast) {
      start = fast(t.start);
      end = t.start === t.end ? start : fast(t.end);
    } else {
      const lines = afterIndex();
      start = safePosition(lines, t.start, 'start');
      end = t.start === t.end ? start : safePosition(lines, t.end, 'end');
    }
    const range = { start, end };
    const at = iso(now);
    if (t.deleted && !wasEmpty && r.status !== 'orphaned') {
      orphaned.push(r.id);
      return orphanRegion(r, 'deleted', now, pointRange(start), 'all of its text was deleted or replaced');
    }
    if (wasEmpty || r.status === 'orphaned') return { ...r, range, updatedAt: at };
    if (t.changed) {
      const hash = contentHash(fast ? afterText.slice(t.start, t.end) : afterIndex().text.slice(afterIndex().offsetAt(start), afterIndex().offsetAt(end)));
      if (hash !== r.contentHash) changed.push(r.id);
      return withDerivedStatus({ ...r, range, contentHash: hash, updatedAt: at });
    }
    return { ...r, range, updatedAt: at };
  });
  return { regions: out, changed, orphaned };
}

/**
 * Positions in the text after one edit, computed from the text before it without indexing the
 * new text (the per-keystroke path). Valid for offsets outside the inserted text. Undefined when
 * the edit could join a `\r` and a `\n` into one line break (then the caller indexes the text).
 */
function fastPositions(before: LineIndex, after: string, edit: SpanEdit): ((offset: number) => Position) | undefined {
  const text = before.text;
  const cs = edit.start;
  const ce = Math.max(cs, edit.end);
  const L = edit.insertLength;
  const inserted = after.slice(cs, cs + L);
  const first = L > 0 ? inserted.charCodeAt(0) : text.charCodeAt(ce);
  if (cs > 0 && text.charCodeAt(cs - 1) === 13 && first === 10) return undefined;
  if (L > 0 && inserted.charCodeAt(L - 1) === 13 && text.charCodeAt(ce) === 10) return undefined;
  const s = before.positionAt(cs);
  const e = before.positionAt(ce);
  let breaks = 0;
  let lastStart = 0;
  for (let i = 0; i < L; i++) {
    const c = inserted.charCodeAt(i);
    if (c === 13 || c === 10) {
      if (c === 13 && inserted.charCodeAt(i + 1) === 10) i++;
      breaks++;
      lastStart = i + 1;
    }
  }
  const endLine = s.line + breaks;
  const endChar = breaks === 0 ? s.character + L : L - lastStart;
  const delta = L - (ce - cs);
  return (offset: number): Position => {
    if (offset <= cs) return before.positionAt(offset);
    const old = before.positionAt(Math.max(ce, offset - delta));
    if (old.line > e.line) return { line: old.line + breaks - (e.line - s.line), character: old.character };
    return { line: endLine, character: endChar + (old.character - e.character) };
  };
}
