import type { RE2 as RE2Type } from 're2-wasm';

/**
 * Custom rules (`.redline/rules/**`) come from the workspace, so their regular expressions are
 * untrusted: a pattern such as `(a+)+$` takes exponential time on JavaScript's backtracking
 * engine. They run on RE2 instead (re2-wasm, Google's RE2 compiled to WebAssembly), which
 * matches in time linear in the input for every pattern, and which rejects the two features
 * that need backtracking: lookaround and backreferences.
 *
 * `LinearRegExp` has the small part of the RegExp interface the pattern runner uses (`exec`,
 * `test`, `lastIndex`, and `indices` for the whole match and the `target` group, as with the
 * `d` flag), with UTF-16 offsets like RegExp. re2-wasm itself reports code-point offsets, has
 * no match indices, copies the whole input into a fixed 16 MB heap on every call and never
 * frees compiled patterns; this module works around each:
 *
 * - **Offsets**: code points are mapped back to UTF-16 units per call.
 * - **Target group**: when `(?<target>…)` sits at the top level of the pattern (the usual
 *   case), the text before it is captured too, which gives its exact offset; otherwise the
 *   group's text is located inside the match.
 * - **Windows**: each call gets a window of the text (8 K to 64 K characters, one character
 *   of context before it so `\b` and `^` see their neighbour), never the whole file, so the cost
 *   per call is bounded and a 50 MB file cannot exhaust the wasm heap. Results equal a
 *   whole-text search for every match that the pattern decides within `LOOKAHEAD` (2,048)
 *   characters of where it starts. A match longer than `MAX_SPAN` characters cannot be told
 *   from one that a window's end cut short (`$` or `\b` holding there), so it is not reported;
 *   the search goes on after it.
 * - **Memory**: `dispose()` frees the compiled pattern (catalogs are disposed on reload), and a
 *   workspace may hold at most `MAX_LINEAR_PATTERNS`. If the heap still runs out (RE2's
 *   automaton caches grow on adversarial input), the module aborts for good: calls then throw
 *   `LinearEngineFailure` and the analysis worker replaces its thread.
 *
 * The wasm module is loaded on first use, i.e. only when a workspace has custom rules.
 */

/** Smallest window per call; also the window after each match (matches cluster). */
export const MIN_SPAN = 8192;
/** Largest window per call, and so the longest match reported. */
export const MAX_SPAN = 65_536;
/** Characters after a match's start that are always in the window it is decided in. */
export const LOOKAHEAD = 2048;

/**
 * Custom-rule regular expressions (each `regex` and `not`) one workspace may hold: each takes
 * 40–50 KB of RE2's fixed 16 MB heap once used, and the rest is needed for automaton caches.
 */
export const MAX_LINEAR_PATTERNS = 100;

/** Message for patterns RE2 cannot run because they need a backtracking engine. */
export const RE2_UNSUPPORTED = 'RE2 does not support lookaround or backreferences (custom rules run on a linear-time engine so that no pattern can hang analysis)';

const PRE_GROUP = '__redline_pre';

type Re2Module = typeof import('re2-wasm');
let re2Module: Re2Module | undefined;
/** Set once the wasm module aborted (out of memory); it cannot be used again in this thread. */
let broken: Error | undefined;

/** Thrown when the RE2 module failed at run time; the thread should be replaced. */
export class LinearEngineFailure extends Error {
  constructor(cause: unknown) {
    super(`the RE2 engine failed: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'LinearEngineFailure';
  }
}

function re2(): Re2Module {
  if (broken) throw new LinearEngineFailure(broken);
  // Loaded lazily: the wasm module (1 MB, ~60 ms) is only needed when custom rules exist.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  re2Module ??= require('re2-wasm') as Re2Module;
  return re2Module;
}

/** True once the RE2 module was loaded in this thread (tests check that it stays lazy). */
export function linearEngineLoaded(): boolean {
  return re2Module !== undefined;
}

/** What compiling a pattern for RE2 produced: the pattern, or why it cannot run. */
export type LinearCompileResult = { ok: true; regex: LinearRegExp } | { ok: false; message: string };

/**
 * Compiles `source` (JavaScript syntax) for RE2. `flags` may hold `i`, `m`, `s`, `u` (and `g`,
 * `d`, which are implied). The caller validated the pattern as a JavaScript RegExp first.
 */
export function compileLinear(source: string, flags: string): LinearCompileResult {
  const re2Flags = `gu${[...new Set(flags.replace(/[^ims]/g, ''))].join('')}`;
  let main: RE2Type;
  try {
    main = new (re2().RE2)(source, re2Flags);
  } catch (e) {
    if (e instanceof LinearEngineFailure) throw e;
    return { ok: false, message: describeRe2Error((e as Error).message) };
  }
  let withPre: RE2Type | undefined;
  const variant = preCaptureVariant(source);
  if (variant !== undefined) {
    try {
      withPre = new (re2().RE2)(variant, re2Flags);
    } catch {
      withPre = undefined;
    }
  }
  return { ok: true, regex: new LinearRegExp(source, main, withPre) };
}

function describeRe2Error(message: string): string {
  const detail = message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
  if (/invalid perl operator: \(\?[=!<]|invalid escape sequence: \\(?:[1-9]|k)/.test(detail)) return `${RE2_UNSUPPORTED}: ${detail}`;
  return `RE2 cannot run this pattern (custom rules run on a linear-time engine): ${detail}`;
}

/**
 * The pattern with everything before a top-level `(?<target>…)` captured as `__redline_pre`,
 * so the group's offset is the length of that capture. Undefined when the group is nested,
 * repeated, absent, or follows top-level alternation or inline flags (wrapping would change
 * what the pattern means).
 */
export function preCaptureVariant(source: string): string | undefined {
  let depth = 0;
  let inClass = false;
  let start = -1;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      if (source[i + 1] === '^') i++;
      if (source[i + 1] === ']') i++;
      continue;
    }
    if (c === '|' && depth === 0 && start < 0) return undefined;
    if (c === '(') {
      if (depth === 0 && start < 0 && (source.startsWith('(?<target>', i) || source.startsWith('(?P<target>', i))) start = i;
      depth++;
      continue;
    }
    if (c === ')') {
      depth--;
      if (depth === 0 && start >= 0) {
        const before = source.slice(0, start);
        const after = source.slice(i + 1);
        if (/^[*+?{]/.test(after) || /\(\?[a-zA-Z-]+\)/.test(before)) return undefined;
        return `(?<${PRE_GROUP}>${before})${source.slice(start)}`;
      }
    }
  }
  return undefined;
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;
const SURROGATE = /[\ud800-\udfff]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** UTF-16 ↔ code-point offsets of one window (identity when it holds no surrogate pair). */
class OffsetMap {
  private readonly pairs: number[] | undefined;

  constructor(private readonly text: string) {
    if (!SURROGATE.test(text)) return;
    // UTF-16 offsets of the high halves of surrogate pairs (lone surrogates were replaced).
    const pairs: number[] = [];
    for (let i = 0; i < text.length; i++) if (isHigh(text.charCodeAt(i))) pairs.push(i++);
    this.pairs = pairs;
  }

  toCodePoints(utf16: number): number {
    if (!this.pairs) return utf16;
    let n = 0;
    while (n < this.pairs.length && this.pairs[n]! < utf16) n++;
    return utf16 - n;
  }

  toUtf16(codePoints: number): number {
    if (!this.pairs) return codePoints;
    let u = codePoints;
    for (const p of this.pairs) {
      if (p < u) u++;
      else break;
    }
    return Math.min(u, this.text.length);
  }
}

/** The text RE2 sees: lone surrogates (not valid UTF-8) become U+FFFD, lengths unchanged. */
function wellFormed(text: string): string {
  return SURROGATE.test(text) ? text.replace(LONE_SURROGATE, '\ufffd') : text;
}

/** A match as `RegExp.prototype.exec` with the `d` flag returns it (the parts Redline reads). */
export type LinearMatch = RegExpExecArray & { indices: NonNullable<RegExpExecArray['indices']> };

/**
 * A global RE2 pattern with RegExp's `exec`/`test`/`lastIndex` contract (UTF-16 offsets).
 * `checkpoint`, when set, is called before every window so a time budget can stop a long scan.
 */
export class LinearRegExp {
  lastIndex = 0;
  checkpoint: (() => void) | undefined;
  private disposed = false;

  constructor(
    readonly source: string,
    private readonly main: RE2Type,
    private readonly withPre: RE2Type | undefined,
  ) {}

  test(text: string): boolean {
    const saved = this.lastIndex;
    this.lastIndex = 0;
    const hit = this.exec(text) !== null;
    this.lastIndex = saved;
    return hit;
  }

  exec(text: string): LinearMatch | null {
    if (this.disposed) throw new Error('LinearRegExp used after dispose()');
    const re = this.withPre ?? this.main;
    const n = text.length;
    let pos = this.lastIndex;
    if (pos > n) {
      this.lastIndex = 0;
      return null;
    }
    let span = MIN_SPAN;
    for (;;) {
      this.checkpoint?.();
      if (pos > 0 && pos < n && isLow(text.charCodeAt(pos)) && isHigh(text.charCodeAt(pos - 1))) pos++;
      let cs = pos > 0 ? pos - 1 : 0;
      if (cs > 0 && isLow(text.charCodeAt(cs)) && isHigh(text.charCodeAt(cs - 1))) cs--;
      let se = Math.min(n, pos + span);
      if (se < n && isHigh(text.charCodeAt(se - 1)) && isLow(text.charCodeAt(se))) se++;
      const window = wellFormed(text.slice(cs, se));
      const map = new OffsetMap(window);
      const m = run(re, window, map.toCodePoints(pos - cs));
      if (!m) {
        if (se >= n) {
          this.lastIndex = 0;
          return null;
        }
        pos = Math.max(pos + 1, se - LOOKAHEAD);
        span = Math.min(span * 2, MAX_SPAN);
        continue;
      }
      const q = cs + map.toUtf16(m.index);
      const e = q + m[0]!.length;
      if (se < n) {
        // Touches the window's end: it may continue (or `$`/`\b` may not hold) past it.
        if (e >= se) {
          if (span < MAX_SPAN) {
            span = Math.min(span * 2, MAX_SPAN);
            continue;
          }
          // Longer than MAX_SPAN (or cut short by the window): not reported.
          pos = e > q ? e : q + 1;
          span = MIN_SPAN;
          continue;
        }
        // Starts too close to the end to have seen LOOKAHEAD characters: decide it again.
        if (e < se && q + LOOKAHEAD > se && q > pos) {
          pos = q;
          span = MIN_SPAN;
          continue;
        }
      }
      this.lastIndex = e;
      return this.result(text, q, e, m);
    }
  }

  private result(text: string, q: number, e: number, m: RegExpExecArray): LinearMatch {
    const matched = text.slice(q, e);
    const out = [matched] as unknown as LinearMatch;
    out.index = q;
    out.input = text;
    const indices = [[q, e]] as unknown as LinearMatch['indices'];
    const target = m.groups?.target;
    if (target !== undefined) {
      let ts: number;
      const pre = m.groups?.[PRE_GROUP];
      if (pre !== undefined) ts = q + pre.length;
      else {
        // Nested group: its text inside the match (the first occurrence).
        const at = matched.indexOf(target);
        ts = q + Math.max(0, at);
      }
      const te = Math.min(e, ts + target.length);
      out.groups = { target: text.slice(ts, te) };
      indices.groups = { target: [ts, te] };
    }
    out.indices = indices;
    return out;
  }

  /** Frees the compiled pattern in the wasm heap (which is never garbage-collected). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const re of [this.main, this.withPre]) {
      try {
        (re as unknown as { wrapper?: { delete(): void } } | undefined)?.wrapper?.delete();
      } catch {
        // Already freed, or the module aborted: nothing left to free.
      }
    }
  }
}

/** One RE2 call from code-point offset `start`; RE2 run-time failures poison the module. */
function run(re: RE2Type, text: string, start: number): RegExpExecArray | null {
  re.lastIndex = start;
  try {
    return re.exec(text) as unknown as RegExpExecArray | null;
  } catch (e) {
    broken = e as Error;
    throw new LinearEngineFailure(e);
  }
}
