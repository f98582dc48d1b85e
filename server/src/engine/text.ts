import type { Position, Range } from './types';

/**
 * Maps UTF-16 offsets in a text to LSP positions and back.
 *
 * Line terminators are `\n`, `\r\n` and a lone `\r`, as in LSP 3.17 §"Text Documents"; a `\r\n`
 * pair counts as one terminator. Offsets and columns are UTF-16 code units (JavaScript string
 * indices), so astral characters (emoji) count as two.
 */
export class LineIndex {
  /** Offset of the first character of each line; `lineStarts[0] === 0`. */
  readonly lineStarts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    // Most texts have no \r: let the engine's native indexOf find the \n (several times faster
    // than a charCodeAt loop, and this runs on every keystroke of a large file).
    if (text.indexOf('\r') === -1) {
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.lineStarts = starts;
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      } else if (c === 10 /* \n */) {
        starts.push(i + 1);
      }
    }
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** Position of a UTF-16 offset; offsets past the end clamp to the end. */
  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: clamped - this.lineStarts[lo]! };
  }

  /**
   * UTF-16 offset of a position. A column past the line's end clamps to the end of the line's
   * content (before its terminator); a line past the end clamps to the end of the text.
   */
  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[position.line]!;
    const end = this.lineContentEnd(position.line);
    return Math.max(start, Math.min(start + Math.max(0, position.character), end));
  }

  /** Offset just past the last content character of `line` (before `\r\n`, `\n` or `\r`). */
  lineContentEnd(line: number): number {
    const next = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1]! : this.text.length;
    let end = next;
    if (end > this.lineStarts[line]! && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > this.lineStarts[line]! && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  /** The text of `line` without its terminator. */
  lineText(line: number): string {
    return this.text.slice(this.lineStarts[line] ?? this.text.length, this.lineContentEnd(line));
  }

  /** Range covering offsets `[start, end)`. */
  range(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  /** The line terminator the text mostly uses; `\n` when it has none. */
  eol(): '\n' | '\r\n' {
    const firstBreak = this.lineStarts.length > 1 ? this.lineStarts[1]! - 1 : -1;
    return firstBreak > 0 && this.text.charCodeAt(firstBreak - 1) === 13 ? '\r\n' : '\n';
  }

  /** Leading whitespace of `line`. */
  indentation(line: number): string {
    return /^[ \t]*/.exec(this.lineText(line))![0];
  }
}

/** Compares positions: negative when `a` is before `b`. */
export function comparePositions(a: Position, b: Position): number {
  return a.line !== b.line ? a.line - b.line : a.character - b.character;
}

/** True when the two half-open ranges share at least one character, or touch when empty. */
export function rangesIntersect(a: Range, b: Range): boolean {
  return comparePositions(a.start, b.end) <= 0 && comparePositions(b.start, a.end) <= 0;
}

/** True when `inner` lies within `outer` (inclusive bounds). */
export function rangeContains(outer: Range, inner: Range): boolean {
  return comparePositions(outer.start, inner.start) <= 0 && comparePositions(inner.end, outer.end) <= 0;
}
