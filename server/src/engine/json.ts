import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { ConfigProblem } from './problems';
import { LineIndex } from './text';
import type { Range } from './types';

/** A JSON document parsed with node offsets, so validation problems can point into the file. */
export interface LocatedJson {
  tree: Node;
  lines: LineIndex;
}

/**
 * Parses JSON text (with comments and trailing commas when `jsonc`) keeping node offsets.
 * Returns the tree, or one problem at the first syntax error (file-level field path, range of the
 * offending token) when the text is not valid or empty.
 *
 * @param file absolute path, used in the problem
 */
export function parseLocatedJson(file: string, text: string, jsonc: boolean): LocatedJson | { problem: ConfigProblem } {
  const lines = new LineIndex(text);
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: jsonc, disallowComments: !jsonc });
  if (!errors.length && tree) return { tree, lines };
  const e = errors[0];
  return {
    problem: {
      file,
      fieldPath: [],
      message: e ? `not valid JSON: ${printParseErrorCode(e.error)}` : 'empty file',
      ...(e ? { range: lines.range(e.offset, e.offset + Math.max(1, e.length)) } : {}),
      severity: 'error',
    },
  };
}

/**
 * Range of a field path (`['regions', 3, 'range']`) in a parsed JSON document: the property (key
 * and value) when there is one; for a missing field, its nearest existing ancestor.
 */
export function locateInJson({ tree, lines }: LocatedJson, path: readonly (string | number)[]): Range | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = findNodeAtLocation(tree, path.slice(0, n));
    if (node) {
      const target = node.parent?.type === 'property' ? node.parent : node;
      return lines.range(target.offset, target.offset + target.length);
    }
  }
  return undefined;
}
