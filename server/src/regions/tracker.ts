import type { ContentChange } from '../engine/document';
import { LineIndex } from '../engine/text';
import { applySpanEdits, diffEdits, shiftSpan, type SpanEdit } from './spans';
import type { Region } from './schema';
import { reanchorRegions, type ReanchorEntry } from './anchor';

/**
 * Moves regions through the edits of an open document (LSP `textDocument/didChange`).
 *
 * **Ranges are character ranges** (LSP `Range`: 0-based lines, UTF-16 columns, half-open
 * `[start, end)`), not whole lines: editors select, complete and paste characters, and a
 * character range can express "typing right after the region is outside it". Line-based
 * sources (Agent Trace, annotations, agent hooks) become ranges from column 0 of the first line
 * to the end of the last line's content, and are exported back as lines.
 *
 * Rules for one edit `[cs, ce)` → `newText` (offsets in the text before the edit), region `[rs, re)`:
 *
 * | edit                                   | effect                                               |
 * |----------------------------------------|------------------------------------------------------|
 * | insertion at `cs ≤ rs` (incl. the start edge) | region shifts; does not grow                  |
 * | insertion at `cs ≥ re` (incl. the end edge)   | region unchanged; does not grow               |
 * | insertion strictly inside              | region grows by the inserted text                    |
 * | replacement/deletion with `ce ≤ rs`    | region shifts                                        |
 * | replacement/deletion with `cs ≥ re`    | region unchanged                                     |
 * | covers the whole region (`cs ≤ rs`, `ce ≥ re`) | region deleted → `orphaned` (reason `deleted`), kept as an empty range at `cs` |
 * | overlaps the start only (`cs < rs < ce < re`) | clipped: region keeps `[ce, re)`; new text is outside |
 * | overlaps the end only (`rs < cs < re < ce`)   | clipped: region keeps `[rs, cs)`; new text is outside |
 * | otherwise inside (may touch one edge)  | region resized, includes the new text                |
 *
 * A region whose text changed gets a new `contentHash`; its status is re-derived, so a reviewed
 * region becomes `stale` (unreviewed stays unreviewed). Regions an edit does not reach are
 * returned as the same objects. A multi-line replacement that would delete or clip a region
 * (e.g. a formatter replacing the whole document in one edit) is first split into the minimal
 * line edits with a line diff, so unchanged lines keep their regions.
 *
 * A change without a range replaces the whole text; regions are then re-anchored from the
 * previous text by diffing (anchor.ts).
 */

/** Result of moving regions through one or more changes. */
export interface ShiftResult {
  /** All input regions, in input order; unaffected ones are the same objects. */
  regions: Region[];
  /** The document text after the change(s). */
  text: string;
  /** Ids whose text changed (new `contentHash`). */
  changed: string[];
  /** Ids that became orphaned (their text was deleted). */
  orphaned: string[];
  /** Re-anchoring report, for full-text replacements only. */
  reanchored?: ReanchorEntry[];
}

export interface ShiftOptions {
  /** Timestamp for `updatedAt` / orphan records. */
  now?: Date;
  contextLines?: number;
  /**
   * Split a multi-line replacement that would delete or clip a region into minimal line edits
   * first (default true). Off: the change applies as one edit, exactly per the table.
   */
  splitReplacements?: boolean;
}

/**
 * Moves `regions` through one LSP content change.
 *
 * @param regions regions of this document (others are returned unchanged, but pass only these)
 * @param change `range` in the coordinates of `before` (0-based lines, UTF-16 columns) + new text;
 *   no `range` = the whole text is replaced (handled by diff-based re-anchoring)
 * @param before the document text before the change, or its `LineIndex`
 * @returns regions valid for `result.text`; never throws for any input
 */
export function shiftRegions(regions: readonly Region[], change: ContentChange, before: string | LineIndex, options: ShiftOptions = {}): ShiftResult {
  const lines = typeof before === 'string' ? new LineIndex(before) : before;
  const now = options.now ?? new Date();
  if (!change.range) {
    const res = reanchorRegions(regions, change.text, { previousText: lines.text, now, ...(options.contextLines !== undefined ? { contextLines: options.contextLines } : {}) });
    const changed = res.report.filter((e) => e.outcome === 'changed').map((e) => e.id);
    const orphaned = res.report.filter((e) => e.outcome === 'orphaned').map((e) => e.id);
    return { regions: res.regions, text: change.text, changed, orphaned, reanchored: res.report };
  }
  const text = lines.text;
  const cs = lines.offsetAt(change.range.start);
  const ce = Math.max(cs, lines.offsetAt(change.range.end));
  const after = text.slice(0, cs) + change.text + text.slice(ce);
  let edits: SpanEdit[] = [{ start: cs, end: ce, insertLength: change.text.length }];
  if (options.splitReplacements !== false && ce > cs && /[\r\n]/.test(text.slice(cs, ce)) && wouldCut(regions, lines, edits[0]!)) {
    edits = diffEdits(text.slice(cs, ce), change.text, cs) ?? edits;
  }
  const res = applySpanEdits(regions, lines, after, edits, now);
  return { ...res, text: after };
}

/** True when the edit deletes or clips some non-empty, non-orphaned region. */
function wouldCut(regions: readonly Region[], lines: LineIndex, edit: SpanEdit): boolean {
  for (const r of regions) {
    if (r.status === 'orphaned') continue;
    const s = lines.offsetAt(r.range.start);
    const e = lines.offsetAt(r.range.end);
    if (e <= s) continue;
    const eff = shiftSpan(s, e, edit).effect;
    if (eff === 'deleted' || eff === 'clip-start' || eff === 'clip-end') return true;
  }
  return false;
}

/**
 * Applies LSP changes in order (as `textDocument/didChange` delivers them), each in the
 * coordinates of the text left by the previous one.
 *
 * @param text the document text before the first change
 */
export function applyContentChanges(regions: readonly Region[], changes: readonly ContentChange[], text: string, options: ShiftOptions = {}): ShiftResult {
  let current: Region[] = [...regions];
  let currentText = text;
  const changed = new Set<string>();
  const orphaned = new Set<string>();
  const reanchored: ReanchorEntry[] = [];
  for (const change of changes) {
    const res = shiftRegions(current, change, currentText, options);
    current = res.regions;
    currentText = res.text;
    res.changed.forEach((id) => changed.add(id));
    res.orphaned.forEach((id) => orphaned.add(id));
    if (res.reanchored) reanchored.push(...res.reanchored);
  }
  const result: ShiftResult = { regions: current, text: currentText, changed: [...changed], orphaned: [...orphaned] };
  if (reanchored.length) result.reanchored = reanchored;
  return result;
}
