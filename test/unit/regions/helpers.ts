import fc from 'fast-check';
import { LineIndex } from '../../../server/src/engine/text';
import type { Range } from '../../../server/src/engine/types';
import type { ContentChange } from '../../../server/src/engine/document';
import { createRegion, normalizeEol, type Region, type RegionOrigin } from '../../../server/src/regions';

export const T0 = new Date('2025-01-01T00:00:00.000Z');
export const ORIGIN: RegionOrigin = { tool: 'copilot', model: 'openai/gpt-4o', method: 'inline-completion' };
export const REVIEWER = { name: 'Ada Lovelace', email: 'ada@example.com' };

/** Position → offset → text helpers for assertions. */
export function textOf(text: string, range: Range): string {
  const li = new LineIndex(text);
  return text.slice(li.offsetAt(range.start), li.offsetAt(range.end));
}

export function normText(text: string, range: Range): string {
  return normalizeEol(textOf(text, range));
}

/** A region over `[startOffset, endOffset)` of `text`. */
export function regionAt(text: string, start: number, end: number, extra: Partial<Parameters<typeof createRegion>[0]> = {}): Region {
  const li = new LineIndex(text);
  return createRegion({ path: 'src/a.ts', range: li.range(start, end), origin: ORIGIN, text, now: T0, ...extra });
}

/** Range of the first occurrence of `needle` in `text`. */
export function rangeOf(text: string, needle: string, from = 0): Range {
  const i = text.indexOf(needle, from);
  if (i < 0) throw new Error(`"${needle}" not in text`);
  return new LineIndex(text).range(i, i + needle.length);
}

/** Applies an LSP change to text (reference implementation for tests). */
export function applyChange(text: string, change: ContentChange): string {
  if (!change.range) return change.text;
  const li = new LineIndex(text);
  const s = li.offsetAt(change.range.start);
  const e = Math.max(s, li.offsetAt(change.range.end));
  return text.slice(0, s) + change.text + text.slice(e);
}

/** Characters for random text: ASCII, tab, brace, non-ASCII BMP and an astral (surrogate pair). */
const CHARS = ['a', 'b', 'x', ' ', '\t', '{', '}', 'é', '😀', ';'];
const EOLS = ['\n', '\r\n', '\n', '\r\n', '\r'];

export const lineArb = fc.array(fc.constantFrom(...CHARS), { maxLength: 8 }).map((cs) => cs.join(''));

/** Random document text with mixed line endings (LF, CRLF, occasionally lone CR). */
export const textArb = fc
  .array(fc.tuple(lineArb, fc.constantFrom(...EOLS)), { minLength: 1, maxLength: 12 })
  .chain((parts) => fc.boolean().map((finalEol) => parts.map(([l, e], i) => (i < parts.length - 1 || finalEol ? l + e : l)).join('')));

/** Random inserted text, often multi-line, with CRLF. */
export const insertArb = fc.array(fc.constantFrom(...CHARS, '\n', '\r\n', '\n'), { maxLength: 10 }).map((cs) => cs.join(''));
