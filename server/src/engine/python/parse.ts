import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Edit, Language, Parser, type Tree, type Point } from 'web-tree-sitter';
import type { OffsetChange } from '../js/parse';

/**
 * Python parsing with tree-sitter-python's grammar compiled to wasm, loaded offline from the
 * package (or from `dist/` when bundled). Indices are UTF-16 code units, like TypeScript's.
 */

let parser: Parser | undefined;
let loading: Promise<void> | undefined;

function wasmPath(file: string, specifier: string): string {
  const bundled = join(__dirname, file);
  if (existsSync(bundled)) return bundled;
  // Running from sources (tests): resolve inside node_modules.
  return require.resolve(specifier);
}

/** Loads the wasm runtime and grammar once (~15–30 ms). Safe to call repeatedly. */
export function initPython(): Promise<void> {
  loading ??= (async () => {
    await Parser.init({ locateFile: () => wasmPath('web-tree-sitter.wasm', 'web-tree-sitter/web-tree-sitter.wasm') });
    const lang = await Language.load(wasmPath('tree-sitter-python.wasm', 'tree-sitter-python/tree-sitter-python.wasm'));
    const p = new Parser();
    p.setLanguage(lang);
    parser = p;
  })();
  return loading;
}

/** True once `initPython` has finished; Python files are skipped (with a notice) until then. */
export function pythonReady(): boolean {
  return parser !== undefined;
}

function requireParser(): Parser {
  if (!parser) throw new Error('Python parser used before initPython() resolved');
  return parser;
}

/** Parses a whole file. The caller owns the tree and must `delete()` it when replaced. */
export function parsePython(text: string): Tree {
  const t = requireParser().parse(text);
  if (!t) throw new Error('tree-sitter returned no tree');
  return t;
}

/** tree-sitter's point (row counts `\n` only; column in UTF-16 units) of an offset. */
function pointAt(offset: number, lineStarts: number[]): Point {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { row: lo, column: offset - lineStarts[lo]! };
}

function newlineStarts(text: string): number[] {
  const s = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) s.push(i + 1);
  return s;
}

/**
 * Re-parses after `changes` (applied in order), reusing `previous` where the text did not
 * change. `texts[k]` is the text *before* change k; `newText` is the final text. Deletes
 * `previous` and returns the new tree.
 */
export function updatePython(previous: Tree, texts: readonly string[], changes: readonly OffsetChange[], newText: string): Tree {
  for (let k = 0; k < changes.length; k++) {
    const c = changes[k]!;
    const before = texts[k]!;
    const after = k + 1 < texts.length ? texts[k + 1]! : newText;
    const bs = newlineStarts(before);
    const as = newlineStarts(after);
    previous.edit(new Edit({
      startIndex: c.start,
      oldEndIndex: c.start + c.deleteLength,
      newEndIndex: c.start + c.insertText.length,
      startPosition: pointAt(c.start, bs),
      oldEndPosition: pointAt(c.start + c.deleteLength, bs),
      newEndPosition: pointAt(c.start + c.insertText.length, as),
    }));
  }
  const t = requireParser().parse(newText, previous);
  previous.delete();
  if (!t) throw new Error('tree-sitter returned no tree');
  return t;
}

export type { Tree, Node } from 'web-tree-sitter';
