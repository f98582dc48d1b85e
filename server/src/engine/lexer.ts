import type { LanguageSyntax } from './languages';

/** Lexical class of a span of text. */
export type SegmentKind = 'code' | 'string' | 'comment';

/**
 * A text cut into code, string and comment segments, for comment- and string-aware pattern
 * rules. Segments are contiguous and cover the text; offsets are UTF-16.
 */
export interface Lexed {
  /** Start offset of each segment; the first is 0. */
  starts: number[];
  kinds: SegmentKind[];
  /** For string segments, the offset range of the content between the delimiters. */
  contentStarts: number[];
  contentEnds: number[];
  /** The text with comments replaced by spaces (line breaks kept), so code patterns skip them. */
  codeView: string;
  text: string;
}

/**
 * Splits `text` by the language's comment and string syntax. A simple longest-delimiter lexer:
 * good enough to tell `"SELECT " + id` from `// SELECT` in Java, Go, PHP, C# and Ruby, and
 * to find values in config files. Unterminated strings end at the line end (or text end when
 * the delimiter is multi-line).
 */
export function lex(text: string, syntax: LanguageSyntax): Lexed {
  const starts: number[] = [];
  const kinds: SegmentKind[] = [];
  const contentStarts: number[] = [];
  const contentEnds: number[] = [];
  const push = (start: number, kind: SegmentKind, cs = start, ce = start) => {
    if (kinds.length && kinds[kinds.length - 1] === kind && kind === 'code') return;
    starts.push(start);
    kinds.push(kind);
    contentStarts.push(cs);
    contentEnds.push(ce);
  };
  const openers: { text: string; kind: 'line' | 'block' | 'string'; close: string; escape: boolean; multiline: boolean }[] = [
    ...syntax.lineComments.map((t) => ({ text: t, kind: 'line' as const, close: '\n', escape: false, multiline: false })),
    ...syntax.blockComments.map(([o, c]) => ({ text: o, kind: 'block' as const, close: c, escape: false, multiline: true })),
    ...syntax.strings.map((s) => ({ text: s.open, kind: 'string' as const, close: s.close, escape: s.escape, multiline: s.multiline })),
  ].sort((a, b) => b.text.length - a.text.length);
  const firstChars = new Set(openers.map((o) => o.text[0]));
  const chars = text.split('');
  push(0, 'code');
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i]!;
    if (!firstChars.has(ch)) {
      i++;
      continue;
    }
    // `#` starts a comment only at a token boundary in config formats (`a#b` in URLs stays).
    const opener = openers.find((o) => text.startsWith(o.text, i));
    if (!opener) {
      i++;
      continue;
    }
    if (opener.kind === 'line' && opener.text === '#' && i > 0 && !/\s/.test(text[i - 1]!) && syntax.config) {
      i++;
      continue;
    }
    const start = i;
    i += opener.text.length;
    if (opener.kind === 'line') {
      while (i < n && text[i] !== '\n' && text[i] !== '\r') i++;
      push(start, 'comment');
      for (let k = start; k < i; k++) chars[k] = ' ';
    } else if (opener.kind === 'block') {
      const end = text.indexOf(opener.close, i);
      i = end < 0 ? n : end + opener.close.length;
      push(start, 'comment');
      for (let k = start; k < i; k++) if (chars[k] !== '\n' && chars[k] !== '\r') chars[k] = ' ';
    } else {
      const cs = i;
      let ce = n;
      while (i < n) {
        const c = text[i]!;
        if (opener.escape && c === '\\') {
          i += 2;
          continue;
        }
        if (text.startsWith(opener.close, i)) {
          ce = i;
          i += opener.close.length;
          break;
        }
        if (!opener.multiline && (c === '\n' || c === '\r')) {
          ce = i;
          break;
        }
        i++;
      }
      if (i > n) i = n;
      push(start, 'string', cs, Math.min(ce, n));
    }
    push(i, 'code');
  }
  return { starts, kinds, contentStarts, contentEnds, codeView: chars.join(''), text };
}

/** Index of the segment containing `offset` (binary search). */
export function segmentAt(lexed: Lexed, offset: number): number {
  let lo = 0;
  let hi = lexed.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lexed.starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Kind of the text at `offset`. */
export function kindAt(lexed: Lexed, offset: number): SegmentKind {
  return lexed.kinds[segmentAt(lexed, offset)]!;
}
