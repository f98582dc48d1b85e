import type { LineIndex } from '../text';
import type { Applicability, FileEdit, Fix } from '../types';
import type { OffsetEdit } from './imports';

/**
 * Builds a Fix from offset edits (UTF-16, into the analyzed text). Edits are sorted and must
 * not overlap; an overlap is a detector bug and throws so tests catch it.
 */
export function makeFix(
  lines: LineIndex,
  spec: { title: string; isPreferred?: boolean; applicability: Applicability; edits: OffsetEdit[]; fileEdits?: FileEdit[] },
): Fix {
  const sorted = [...spec.edits].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.start < sorted[i - 1]!.end) throw new Error(`fix "${spec.title}" has overlapping edits`);
  }
  const fix: Fix = {
    title: spec.title,
    isPreferred: spec.isPreferred ?? true,
    applicability: spec.applicability,
    edits: sorted.map((e) => ({ range: lines.range(e.start, e.end), newText: e.newText })),
  };
  if (spec.fileEdits?.length) fix.fileEdits = spec.fileEdits;
  return fix;
}

/** The edits of a fix as offsets (UTF-16) into the text `lines` indexes. */
export function fixOffsetEdits(lines: LineIndex, fix: Pick<Fix, 'edits'>): OffsetEdit[] {
  return fix.edits.map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), newText: e.newText }));
}

/** Applies non-overlapping offset edits to a text (used by tests and by the CLI's --fix). */
export function applyOffsetEdits(text: string, edits: readonly OffsetEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}
