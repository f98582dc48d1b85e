import { randomUUID } from 'node:crypto';
import { LineIndex } from '../engine/text';
import type { Position, Range } from '../engine/types';
import { computeRegionHashes, DEFAULT_CONTEXT_LINES, normalizeEol } from './hash';
import type { OrphanReason, Region, RegionOrigin, RegionStatus, Review } from './schema';

/**
 * Small helpers shared by the tracker, re-anchoring, the store and the service: creating a
 * region, deriving its status, and keeping ranges valid for a text.
 */

/**
 * The status a region must have given its other fields:
 * `orphan` set → `orphaned`; else `review` set → `reviewed` when the reviewed hash equals the
 * current `contentHash`, `stale` otherwise; else `unreviewed`.
 *
 * So "an edit inside a reviewed region makes it stale" holds for every edit that changes its text
 * (line-ending-only changes do not, the hash is normalized), and undoing the edit makes it
 * reviewed again.
 */
export function deriveStatus(r: Pick<Region, 'orphan' | 'review' | 'contentHash'>): RegionStatus {
  if (r.orphan) return 'orphaned';
  if (r.review) return r.review.contentHash === r.contentHash ? 'reviewed' : 'stale';
  return 'unreviewed';
}

/** Returns `r` with `status` recomputed (the same object when it was already right). */
export function withDerivedStatus(r: Region): Region {
  const status = deriveStatus(r);
  return status === r.status ? r : { ...r, status };
}

/** ISO string of a Date (ms precision, `Z`). */
export function iso(now: Date): string {
  return now.toISOString();
}

/** A fresh random region id: `r-<uuid>`. */
export function newRegionId(): string {
  return `r-${randomUUID()}`;
}

export interface CreateRegionInput {
  /** Workspace-relative path with `/` separators. */
  path: string;
  /** LSP range in `text` (0-based lines, UTF-16 columns); clamped to the text. */
  range: Range;
  origin: RegionOrigin;
  /** The document's current text (used for hashes only; never stored). */
  text: string | LineIndex;
  now?: Date;
  id?: string;
  review?: Review;
  traceId?: string;
  contextLines?: number;
}

/** Builds a new `unreviewed` (or `reviewed`, when `review` matches) region with its hashes. */
export function createRegion(input: CreateRegionInput): Region {
  const lines = typeof input.text === 'string' ? new LineIndex(input.text) : input.text;
  const range = clampRange(lines, input.range);
  const hashes = computeRegionHashes(lines, range, input.contextLines ?? DEFAULT_CONTEXT_LINES);
  const at = iso(input.now ?? new Date());
  const region: Region = {
    id: input.id ?? newRegionId(),
    path: input.path,
    range,
    origin: input.origin,
    createdAt: at,
    updatedAt: at,
    contentHash: hashes.contentHash,
    contextHash: hashes.contextHash,
    anchor: hashes.anchor,
    status: 'unreviewed',
  };
  if (input.review) {
    region.review = input.review;
    region.reviewUpdatedAt = at;
  }
  if (input.traceId) region.traceId = input.traceId;
  return withDerivedStatus(region);
}

/** True when `p` addresses a real place in the text: existing line, column ≤ line content length. */
export function isValidPosition(lines: LineIndex, p: Position): boolean {
  if (!Number.isInteger(p.line) || !Number.isInteger(p.character) || p.line < 0 || p.character < 0) return false;
  if (p.line >= lines.lineCount) return false;
  return p.character <= lines.lineContentEnd(p.line) - lines.lineStarts[p.line]!;
}

/** True when both ends are valid positions and start ≤ end. */
export function isValidRange(lines: LineIndex, r: Range): boolean {
  if (!isValidPosition(lines, r.start) || !isValidPosition(lines, r.end)) return false;
  return r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character);
}

/**
 * Position of an offset, never inside a `\r\n` pair. An offset between `\r` and `\n` moves back
 * before the `\r` (`bias: 'start'`) or forward past the `\n` (`bias: 'end'`); either way the
 * normalized text of a range is unchanged.
 */
export function safePosition(lines: LineIndex, offset: number, bias: 'start' | 'end'): Position {
  const text = lines.text;
  let o = Math.max(0, Math.min(offset, text.length));
  if (o > 0 && o < text.length && text.charCodeAt(o - 1) === 13 && text.charCodeAt(o) === 10) o += bias === 'end' ? 1 : -1;
  return lines.positionAt(o);
}

/** The range clamped into the text (via offsets), start ≤ end, never inside `\r\n`. */
export function clampRange(lines: LineIndex, r: Range): Range {
  const s = lines.offsetAt(r.start);
  const e = Math.max(s, lines.offsetAt(r.end));
  return { start: safePosition(lines, s, 'start'), end: safePosition(lines, e, 'end') };
}

/** The region's text in `doc` with line endings normalized (for domain signals, display). */
export function regionText(doc: string | LineIndex, range: Range): string {
  const lines = typeof doc === 'string' ? new LineIndex(doc) : doc;
  return normalizeEol(lines.text.slice(lines.offsetAt(range.start), Math.max(lines.offsetAt(range.start), lines.offsetAt(range.end))));
}

/** Marks a region orphaned (keeping the status it had, to restore it if found again). */
export function orphanRegion(r: Region, reason: OrphanReason, now: Date, range?: Range, detail?: string): Region {
  const previousStatus = r.orphan?.previousStatus ?? (r.status === 'orphaned' ? 'unreviewed' : r.status);
  const orphaned: Region = {
    ...r,
    ...(range ? { range } : {}),
    orphan: { reason, at: iso(now), previousStatus, ...(detail ? { detail } : {}) },
    updatedAt: iso(now),
  };
  return withDerivedStatus(orphaned);
}

/** Empty range at a position. */
export function pointRange(p: Position): Range {
  return { start: { ...p }, end: { ...p } };
}

/** Compares two ranges by start, then end. */
export function compareRanges(a: Range, b: Range): number {
  return a.start.line - b.start.line || a.start.character - b.start.character || a.end.line - b.end.line || a.end.character - b.end.character;
}

/** Stable order for display and for the index file: path, range, id. */
export function compareRegions(a: Region, b: Region): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : compareRanges(a.range, b.range) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Half-open overlap; an empty `b` counts when it lies inside `[a.start, a.end)`. */
export function rangesOverlap(a: Range, b: Range): boolean {
  const cmp = (x: Position, y: Position) => x.line - y.line || x.character - y.character;
  if (cmp(b.start, b.end) === 0) return cmp(a.start, b.start) <= 0 && cmp(b.start, a.end) < 0;
  if (cmp(a.start, a.end) === 0) return cmp(b.start, a.start) <= 0 && cmp(a.start, b.end) < 0;
  return cmp(a.start, b.end) < 0 && cmp(b.start, a.end) < 0;
}
