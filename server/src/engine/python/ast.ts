import type { Node } from 'web-tree-sitter';

/**
 * Syntax-only queries over tree-sitter-python trees shared by the Python detectors.
 * Node types follow tree-sitter-python 0.25's grammar (`call`, `attribute`, `string`, …).
 */

/** Dotted name of a callee or attribute chain: `cursor.execute`, `app.route`, `db.session.execute`. */
export function dottedName(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  switch (node.type) {
    case 'identifier':
      return node.text;
    case 'attribute': {
      const left = dottedName(node.childForFieldName('object'));
      const attr = node.childForFieldName('attribute');
      return left !== undefined && attr ? `${left}.${attr.text}` : undefined;
    }
    case 'call': {
      const left = dottedName(node.childForFieldName('function'));
      return left === undefined ? undefined : `${left}()`;
    }
    case 'parenthesized_expression':
      return dottedName(node.namedChildren[0]);
    default:
      return undefined;
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

/** The function definition enclosing `node`, or undefined at module level. */
export function enclosingFunction(node: Node): Node | undefined {
  for (let p = node.parent; p; p = p.parent) if (p.type === 'function_definition') return p;
  return undefined;
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
  const out: { node: Node; op: '=' | '+='; value: Node }[] = [];
  const visit = (n: Node) => {
    if (n.startIndex >= use.startIndex) return;
    if (n !== scope && (n.type === 'function_definition' || n.type === 'class_definition' || n.type === 'lambda')) return;
    if (n.type === 'assignment' || n.type === 'augmented_assignment') {
      const left = n.childForFieldName('left');
      const right = n.childForFieldName('right');
      if (left?.type === 'identifier' && left.text === name && right && n.endIndex <= use.startIndex) {
        const op = n.type === 'assignment' ? '=' : n.childForFieldName('operator')?.text === '+=' ? '+=' : undefined;
        if (op) out.push({ node: n, op, value: right });
      }
    }
    for (const c of n.namedChildren) if (c) visit(c);
  };
  const body = scope.type === 'function_definition' ? scope.childForFieldName('body') : scope;
  if (body) visit(body);
  return out;
}

/** The module node of a tree. */
export function rootOf(node: Node): Node {
  let n = node;
  while (n.parent) n = n.parent;
  return n;
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
