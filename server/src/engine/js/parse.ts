import ts from 'typescript';
import type { LanguageId } from '../types';

/** One text change in offsets of the text *before* the change (UTF-16). */
export interface OffsetChange {
  start: number;
  /** Length of the replaced text, in UTF-16 code units. */
  deleteLength: number;
  insertText: string;
}

function scriptKind(language: LanguageId, path: string): ts.ScriptKind {
  switch (language) {
    case 'typescript':
      return ts.ScriptKind.TS;
    case 'typescriptreact':
      return ts.ScriptKind.TSX;
    case 'javascriptreact':
      return ts.ScriptKind.JSX;
    default:
      // Plain .js files may hold JSX (React projects); the JSX kind parses both.
      return /\.jsx?$/.test(path) ? ts.ScriptKind.JSX : ts.ScriptKind.JS;
  }
}

let generation = 0;

/**
 * Counts parses in this thread. Caches keyed by node identity that depend on a node's
 * ancestors must check it: the incremental parser may reuse a node under a new parent.
 */
export function treeGeneration(): number {
  return generation;
}

/** Parses a whole file (no type-check, parent pointers set). ~30 ms for 5,000 lines. */
export function parseJs(path: string, text: string, language: LanguageId): ts.SourceFile {
  generation++;
  return ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, scriptKind(language, path));
}

/**
 * Re-parses after `changes` (applied in order, each in the coordinates of the text it applies
 * to), reusing the unchanged parts of `previous`. `previous` must not be used afterwards: the
 * TypeScript incremental parser moves its nodes into the new tree.
 *
 * @returns the new tree, whose `text` equals `newText`.
 */
export function updateJs(previous: ts.SourceFile, newText: string, changes: readonly OffsetChange[]): ts.SourceFile {
  if (changes.length === 0) return previous;
  generation++;
  const ranges = changes.map((c) => ts.createTextChangeRange(ts.createTextSpan(c.start, c.deleteLength), c.insertText.length));
  const range = ranges.length === 1 ? ranges[0]! : ts.collapseTextChangeRangesAcrossMultipleVersions(ranges);
  return ts.updateSourceFile(previous, newText, range, false);
}

export { ts };
