import type { Node, Tree } from 'web-tree-sitter';

/**
 * Syntax-only queries over tree-sitter-python trees shared by the Python detectors.
 * Node types follow tree-sitter-python 0.25's grammar (`call`, `attribute`, `string`, …).
 */

/** Dotted name of a callee or attribute chain: `cursor.execute`, `app.route`, `db.session.execute`. */
export function dottedName(node: Node | null | undefined): string | undefined {
  // Iterative: an attribute chain may be 10,000 long. Suffixes are collected outermost first.
  const suffixes: string[] = [];
  for (let n = node; ; ) {
    if (!n) return undefined;
    switch (n.type) {
      case 'identifier':
        return n.text + suffixes.reverse().join('');
      case 'attribute': {
        const attr = n.childForFieldName('attribute');
        if (!attr) return undefined;
        suffixes.push(`.${attr.text}`);
        n = n.childForFieldName('object');
        continue;
      }
      case 'call':
        suffixes.push('()');
        n = n.childForFieldName('function');
        continue;
      case 'parenthesized_expression':
        n = n.namedChildren[0];
        continue;
      default:
        return undefined;
    }
  }
}

/** Last segment of a call's function: `execute` for `cur.execute(...)`. */
export function callLastName(call: Node): string | undefined {
  const f = call.childForFieldName('function');
  if (!f) return undefined;
  if (f.type === 'identifier') return f.text;
  if (f.type === 'attribute') return f.childForFieldName('attribute')?.text;
  return undefined;
}

/** Positional arguments of a call (excluding keyword arguments, `*args`, `**kwargs`). */
export function positionalArgs(call: Node): Node[] {
  const args = call.childForFieldName('arguments');
  if (!args) return [];
  return args.namedChildren.filter((c): c is Node => !!c && c.type !== 'keyword_argument' && c.type !== 'list_splat' && c.type !== 'dictionary_splat' && c.type !== 'comment');
}

/** Value of keyword argument `name` in a call, if present. */
export function keywordArg(call: Node, name: string): Node | undefined {
  const args = call.childForFieldName('arguments');
  if (!args) return undefined;
  for (const c of args.namedChildren) {
    if (c?.type === 'keyword_argument' && c.childForFieldName('name')?.text === name) return c.childForFieldName('value') ?? undefined;
  }
  return undefined;
}

/** The keyword_argument node (name and value), for ranges and fixes. */
export function keywordArgNode(call: Node, name: string): Node | undefined {
  const args = call.childForFieldName('arguments');
  return args?.namedChildren.find((c): c is Node => c?.type === 'keyword_argument' && c.childForFieldName('name')?.text === name);
}

/** True for f-strings (a `string` with interpolations). */
export function isFString(node: Node): boolean {
  return node.type === 'string' && node.namedChildren.some((c) => c?.type === 'interpolation');
}

/** The prefix letters of a string literal (`f`, `rb`, …), lower-cased. */
export function stringPrefix(node: Node): string {
  const start = node.namedChildren.find((c) => c?.type === 'string_start') ?? node.firstChild;
  return (start?.text ?? '').replace(/['"]/g, '').toLowerCase();
}

/**
 * Constant value of a string literal, implicit concatenation (`"a" "b"`), or `+` of constants;
 * undefined for f-strings with interpolations and anything computed.
 */
export function constantString(node: Node | null | undefined, depth = 0): string | undefined {
  if (!node || depth > 8) return undefined;
  switch (node.type) {
    case 'string': {
      if (isFString(node)) return undefined;
      let out = '';
      for (const c of node.namedChildren) {
        if (c?.type === 'string_content') out += c.text;
        else if (c?.type === 'escape_sequence') out += c.text;
      }
      return out;
    }
    case 'concatenated_string': {
      let out = '';
      for (const c of node.namedChildren) {
        const v = constantString(c, depth + 1);
        if (v === undefined) return undefined;
        out += v;
      }
      return out;
    }
    case 'binary_operator': {
      if (node.childForFieldName('operator')?.text !== '+') return undefined;
      const l = constantString(node.childForFieldName('left'), depth + 1);
      const r = l === undefined ? undefined : constantString(node.childForFieldName('right'), depth + 1);
      return r === undefined ? undefined : l! + r;
    }
    case 'parenthesized_expression':
      return constantString(node.namedChildren[0], depth + 1);
    case 'integer':
      return node.text;
    default:
      return undefined;
  }
}

const enclosingFunctions = new WeakMap<Tree, Map<number, Node | null>>();

/**
 * The function definition enclosing `node`, or undefined at module level. Cached per tree
 * version with path compression: asked for every operand of a 10,000-deep expression, a plain
 * upward walk each time is quadratic.
 */
export function enclosingFunction(node: Node): Node | undefined {
  let cache = enclosingFunctions.get(node.tree);
  if (!cache) enclosingFunctions.set(node.tree, (cache = new Map()));
  const cached = cache.get(node.id);
  if (cached !== undefined) return cached ?? undefined;
  const path: number[] = [node.id];
  let found: Node | null = null;
  for (const p of ancestors(node)) {
    if (p.type === 'function_definition') {
      found = p;
      break;
    }
    const hit = cache.get(p.id);
    if (hit !== undefined) {
      found = hit;
      break;
    }
    path.push(p.id);
  }
  for (const id of path) cache.set(id, found);
  return found ?? undefined;
}

/** Upward steps after which a walk switches from `node.parent` to the tree's parent table. */
const DEEP = 64;
const parentTables = new WeakMap<Tree, Map<number, Node>>();

/**
 * The ancestors of a node, nearest first. tree-sitter finds `node.parent` by descending from
 * the root, so walking up from a node `d` deep costs O(d²), and doing so for every identifier
 * of a 10,000-deep expression takes minutes. A walk uses `node.parent` for its first 64 steps;
 * past that, one cursor pass records every node's parent for the tree and the walk reads that.
 */
export function* ancestors(node: Node): Generator<Node, void, undefined> {
  let steps = 0;
  for (let p = parentOf(node); p; p = ++steps > DEEP ? (parentTableOf(p.tree).get(p.id) ?? null) : parentOf(p)) yield p;
}

/** The parent of a node, from the tree's parent table once one was built. */
export function parentOf(node: Node): Node | null {
  const table = parentTables.get(node.tree);
  return table ? (table.get(node.id) ?? null) : node.parent;
}

function parentTableOf(tree: Tree): Map<number, Node> {
  let table = parentTables.get(tree);
  if (table) return table;
  table = new Map();
  const cursor = tree.walk();
  const ancestors: Node[] = [];
  try {
    for (;;) {
      const current = cursor.currentNode;
      const parent = ancestors[ancestors.length - 1];
      if (parent) table.set(current.id, parent);
      if (cursor.gotoFirstChild()) {
        ancestors.push(current);
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) {
          parentTables.set(tree, table);
          return table;
        }
        ancestors.pop();
      }
    }
  } finally {
    cursor.delete();
  }
}

/** Decorator expressions of a function or class (the node may be the definition or its wrapper). */
export function decoratorsOf(def: Node): Node[] {
  const wrapper = def.type === 'decorated_definition' ? def : def.parent?.type === 'decorated_definition' ? def.parent : undefined;
  if (!wrapper) return [];
  return wrapper.namedChildren.filter((c): c is Node => c?.type === 'decorator').map((d) => d.namedChildren[0]!).filter(Boolean);
}

/**
 * Assignments to `name` in the scope that contains `use` (function body or module), in source
 * order, that start before `use`. Covers `x = …` and `x += …`; the last plain assignment and
 * every later `+=` are what reaches the use on straight-line code.
 */
export function assignmentsBefore(use: Node, name: string): { node: Node; op: '=' | '+='; value: Node }[] {
  const scope = enclosingFunction(use) ?? rootOf(use);
  const all = assignmentTable(scope).get(name) ?? [];
  return all.filter((a) => a.node.endIndex <= use.startIndex);
}

type Assignment = { node: Node; op: '=' | '+='; value: Node };
const assignmentTables = new WeakMap<Tree, Map<number, Map<string, Assignment[]>>>();

/**
 * Every `x = …` / `x += …` to a plain name directly in `scope` (not in nested functions,
 * classes or lambdas), by name, in source order. Built with one walk per scope and tree version:
 * looking each name up by walking the scope again made a 10,000-operand expression quadratic.
 */
function assignmentTable(scope: Node): Map<string, Assignment[]> {
  let byScope = assignmentTables.get(scope.tree);
  if (!byScope) assignmentTables.set(scope.tree, (byScope = new Map()));
  const hit = byScope.get(scope.id);
  if (hit) return hit;
  const table = new Map<string, Assignment[]>();
  const body = scope.type === 'function_definition' ? scope.childForFieldName('body') : scope;
  // Iterative pre-order walk (source order): nesting may be 10,000 deep.
  const stack: Node[] = body ? [body] : [];
  while (stack.length) {
    const n = stack.pop()!;
    if (n !== scope && (n.type === 'function_definition' || n.type === 'class_definition' || n.type === 'lambda')) continue;
    if (n.type === 'assignment' || n.type === 'augmented_assignment') {
      const left = n.childForFieldName('left');
      const right = n.childForFieldName('right');
      if (left?.type === 'identifier' && right) {
        const op = n.type === 'assignment' ? '=' : n.childForFieldName('operator')?.text === '+=' ? '+=' : undefined;
        if (op) {
          const list = table.get(left.text) ?? [];
          list.push({ node: n, op, value: right });
          table.set(left.text, list);
        }
      }
    }
    const kids = n.namedChildren;
    for (let i = kids.length - 1; i >= 0; i--) if (kids[i]) stack.push(kids[i]!);
  }
  byScope.set(scope.id, table);
  return table;
}

/** The module node of a tree. */
export function rootOf(node: Node): Node {
  return node.tree.rootNode;
}

/**
 * Local names bound by `import`/`from … import` at module level: local name → `module.name`
 * (`from flask_cors import CORS` → `CORS: flask_cors.CORS`; `import jwt` → `jwt: jwt`).
 */
export function importsOf(root: Node): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of root.namedChildren) {
    if (!s) continue;
    if (s.type === 'import_statement') {
      for (const c of s.namedChildren) {
        if (c?.type === 'dotted_name') out.set(c.text.split('.')[0]!, c.text);
        else if (c?.type === 'aliased_import') {
          const name = c.childForFieldName('name')?.text;
          const alias = c.childForFieldName('alias')?.text;
          if (name && alias) out.set(alias, name);
        }
      }
    } else if (s.type === 'import_from_statement') {
      const mod = s.childForFieldName('module_name')?.text ?? '';
      for (const c of s.childrenForFieldName('name')) {
        if (!c) continue;
        if (c.type === 'dotted_name') out.set(c.text, `${mod}.${c.text}`);
        else if (c.type === 'aliased_import') {
          const name = c.childForFieldName('name')?.text;
          const alias = c.childForFieldName('alias')?.text;
          if (name && alias) out.set(alias, `${mod}.${name}`);
        }
      }
    }
  }
  return out;
}
