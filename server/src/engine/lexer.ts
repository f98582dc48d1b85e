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

interface Opener {
  text: string;
  kind: 'line' | 'block' | 'string';
  close: string;
  escape: boolean;
  multiline: boolean;
}

const LINE_END = /[\r\n]/g;

const openerCache = new WeakMap<LanguageSyntax, { openers: Opener[]; next: RegExp }>();

function openersOf(syntax: LanguageSyntax): { openers: Opener[]; next: RegExp } {
  let hit = openerCache.get(syntax);
  if (!hit) {
    const openers: Opener[] = [
      ...syntax.lineComments.map((t) => ({ text: t, kind: 'line' as const, close: '\n', escape: false, multiline: false })),
      ...syntax.blockComments.map(([o, c]) => ({ text: o, kind: 'block' as const, close: c, escape: false, multiline: true })),
      ...syntax.strings.map((s) => ({ text: s.open, kind: 'string' as const, close: s.close, escape: s.escape, multiline: s.multiline })),
    ].sort((a, b) => b.text.length - a.text.length);
    // Jumps straight to the next character that can open a comment or a string.
    const next = delimiterClass(openers.map((o) => o.text[0]!));
    hit = { openers, next };
    openerCache.set(syntax, hit);
  }
  return hit;
}

/**
 * Escapes one character for use inside a RegExp character class. `util.escapeRegExp` is for
 * pattern context and leaves `-` alone (`\-` outside a class is an error under the `u` flag),
 * but inside a class an unescaped `-` between two characters makes a range (`['-#]` reads as
 * "' to #", out of order, and throws; a valid range would silently add characters). `]` ends
 * the class, `\` escapes, a leading `^` negates and `[` nests under the `v` flag: those are
 * escaped too. Letters are not (`\d`, `\n` mean something else); other punctuation is literal.
 */
function escapeClassChar(c: string): string {
  return /[\\\]\[^-]/.test(c) ? `\\${c}` : c;
}

/**
 * A global RegExp matching exactly one of `chars` (single UTF-16 code units, e.g. the first
 * characters of a language's delimiters), or nothing when `chars` is empty. Exported for tests.
 */
export function delimiterClass(chars: readonly string[]): RegExp {
  const unique = [...new Set(chars)];
  return new RegExp(unique.length ? `[${unique.map(escapeClassChar).join('')}]` : '(?!)', 'g');
}

/**
 * Splits `text` by the language's comment and string syntax. A simple longest-delimiter lexer:
 * good enough to tell `"SELECT " + id` from `// SELECT` in Java, Go, PHP, C# and Ruby, and
 * to find values in config files. Unterminated strings end at the line end (or text end when
 * the delimiter is multi-line). Linear in the text: it jumps between delimiter characters.
 */
export function lex(text: string, syntax: LanguageSyntax): Lexed {
  const starts: number[] = [];
  const kinds: SegmentKind[] = [];
  const contentStarts: number[] = [];
  const contentEnds: number[] = [];
  const comments: [number, number][] = [];
  const push = (start: number, kind: SegmentKind, cs = start, ce = start) => {
    if (kinds.length && kinds[kinds.length - 1] === kind && kind === 'code') return;
    starts.push(start);
    kinds.push(kind);
    contentStarts.push(cs);
    contentEnds.push(ce);
  };
  const { openers, next } = openersOf(syntax);
  push(0, 'code');
  const n = text.length;
  let i = 0;
  while (i < n) {
    next.lastIndex = i;
    const m = next.exec(text);
    if (!m) break;
    i = m.index;
    const opener = openers.find((o) => text.startsWith(o.text, i));
    // `#` starts a comment only at a token boundary in config formats (`a#b` in URLs stays).
    if (!opener || (opener.kind === 'line' && opener.text === '#' && i > 0 && syntax.config && !/\s/.test(text[i - 1]!))) {
      i++;
      continue;
    }
    const start = i;
    i += opener.text.length;
    if (opener.kind === 'line') {
      LINE_END.lastIndex = i;
      const nl = LINE_END.exec(text);
      i = nl ? nl.index : n;
      push(start, 'comment');
      comments.push([start, i]);
    } else if (opener.kind === 'block') {
      const end = text.indexOf(opener.close, i);
      i = end < 0 ? n : end + opener.close.length;
      push(start, 'comment');
      comments.push([start, i]);
    } else {
      const cs = i;
      let ce = n;
      while (i < n) {
        const c = text.charCodeAt(i);
        if (opener.escape && c === 92 /* \ */) {
          i += 2;
          continue;
        }
        if (text.startsWith(opener.close, i)) {
          ce = i;
          i += opener.close.length;
          break;
        }
        if (!opener.multiline && (c === 10 || c === 13)) {
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
  return { starts, kinds, contentStarts, contentEnds, codeView: maskComments(text, comments), text };
}

/** `text` with each comment's characters replaced by spaces, line breaks kept (offsets unchanged). */
function maskComments(text: string, comments: readonly [number, number][]): string {
  if (comments.length === 0) return text;
  const parts: string[] = [];
  let pos = 0;
  for (const [s, e] of comments) {
    parts.push(text.slice(pos, s), text.slice(s, e).replace(/[^\r\n]/g, ' '));
    pos = e;
  }
  parts.push(text.slice(pos));
  return parts.join('');
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
