import ts from 'typescript';
import { treeGeneration } from './parse';

/**
 * Small, syntax-only queries over the TypeScript AST shared by the JS/TS detectors.
 * No type checker: names are resolved by scope rules within one file.
 */

/** Unwraps parentheses, `as`/`satisfies`/`!`/type assertions, and `await`. */
export function unwrap(node: ts.Expression): ts.Expression {
  let n = node;
  // One switch on the kind: called for most expressions on the keystroke path.
  for (;;) {
    switch (n.kind) {
      case ts.SyntaxKind.ParenthesizedExpression:
      case ts.SyntaxKind.AsExpression:
      case ts.SyntaxKind.NonNullExpression:
      case ts.SyntaxKind.SatisfiesExpression:
      case ts.SyntaxKind.TypeAssertionExpression:
      case ts.SyntaxKind.AwaitExpression:
        n = (n as ts.ParenthesizedExpression).expression;
        continue;
      default:
        return n;
    }
  }
}

/** Text of a property name (`a`, `'a'`, `["a"]`, `#a`), or undefined when computed from a non-literal. */
export function propertyNameText(name: ts.PropertyName | ts.MemberName): string | undefined {
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isStringLiteralLike(name) || ts.isNumericLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name)) {
    const e = unwrap(name.expression);
    if (ts.isStringLiteralLike(e)) return e.text;
  }
  return undefined;
}

/**
 * Dotted name of an expression used as a callee or receiver: `db.query`, `this.pool.query`,
 * `prisma.$queryRawUnsafe`, `express.Router().post` (calls render as `()`). Undefined for
 * anything else (e.g. `(a || b).c`).
 */
export function dottedName(node: ts.Expression): string | undefined {
  const n = unwrap(node);
  if (ts.isIdentifier(n)) return n.text;
  if (n.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  if (n.kind === ts.SyntaxKind.SuperKeyword) return 'super';
  if (ts.isPropertyAccessExpression(n)) {
    const left = dottedName(n.expression);
    return left === undefined ? undefined : `${left}.${n.name.text}`;
  }
  if (ts.isElementAccessExpression(n)) {
    const arg = unwrap(n.argumentExpression);
    if (!ts.isStringLiteralLike(arg)) return undefined;
    const left = dottedName(n.expression);
    return left === undefined ? undefined : `${left}.${arg.text}`;
  }
  if (ts.isCallExpression(n)) {
    const left = dottedName(n.expression);
    return left === undefined ? undefined : `${left}()`;
  }
  return undefined;
}

/** Last segment of a callee: `query` for `db.pool.query(...)`, `cors` for `cors(...)`. */
export function calleeLastName(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const e = unwrap(call.expression);
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  if (ts.isElementAccessExpression(e)) {
    const a = unwrap(e.argumentExpression);
    return ts.isStringLiteralLike(a) ? a.text : undefined;
  }
  return undefined;
}

/** The receiver of a method call (`db` in `db.query(...)`), or undefined for plain calls. */
export function calleeReceiver(call: ts.CallExpression): ts.Expression | undefined {
  const e = unwrap(call.expression);
  return ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e) ? e.expression : undefined;
}

/** The value of a property in an object literal, by name (last one wins, like at run time). */
export function getProperty(obj: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  let found: ts.Expression | undefined;
  for (const p of obj.properties) {
    if (ts.isPropertyAssignment(p) && propertyNameText(p.name) === name) found = p.initializer;
    else if (ts.isShorthandPropertyAssignment(p) && p.name.text === name) found = p.name;
  }
  return found;
}

/** The property assignment node (name and value) for `name`, for ranges and fixes. */
export function getPropertyNode(obj: ts.ObjectLiteralExpression, name: string): ts.PropertyAssignment | ts.ShorthandPropertyAssignment | undefined {
  let found: ts.PropertyAssignment | ts.ShorthandPropertyAssignment | undefined;
  for (const p of obj.properties) {
    if ((ts.isPropertyAssignment(p) && propertyNameText(p.name) === name) || (ts.isShorthandPropertyAssignment(p) && p.name.text === name)) found = p;
  }
  return found;
}

/**
 * Constant string value of an expression, when it is known without running the program:
 * string literals, template literals without substitutions, `+` of constants, and identifiers
 * bound once (`const`) to such values in an enclosing scope. Undefined otherwise.
 */
export function constantString(node: ts.Expression, depth = 0): string | undefined {
  if (depth > 8) return undefined;
  const n = unwrap(node);
  if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) return n.text;
  if (ts.isNumericLiteral(n)) return n.text;
  if (ts.isTemplateExpression(n)) {
    let out = n.head.text;
    for (const span of n.templateSpans) {
      const v = constantString(span.expression, depth + 1);
      if (v === undefined) return undefined;
      out += v + span.literal.text;
    }
    return out;
  }
  if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const l = constantString(n.left, depth + 1);
    if (l === undefined) return undefined;
    const r = constantString(n.right, depth + 1);
    return r === undefined ? undefined : l + r;
  }
  if (ts.isIdentifier(n)) {
    const decl = findConstDeclaration(n);
    if (decl?.initializer) return constantString(decl.initializer, depth + 1);
  }
  return undefined;
}

/** True for nodes that introduce a function scope. */
export function isFunctionLike(node: ts.Node): node is ts.FunctionLikeDeclaration {
  return ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isMethodDeclaration(node) || ts.isConstructorDeclaration(node) || ts.isGetAccessor(node) || ts.isSetAccessor(node);
}

/** The nearest enclosing function, or the source file at top level. */
export function enclosingFunction(node: ts.Node): ts.FunctionLikeDeclaration | ts.SourceFile {
  for (let p = node.parent; p; p = p.parent) {
    if (isFunctionLike(p)) return p;
    if (ts.isSourceFile(p)) return p;
  }
  return node.getSourceFile();
}

/**
 * The `const` declaration an identifier refers to, found by walking enclosing blocks outward
 * (syntax only: shadowing by parameters and `let`/`var` stops the search).
 */
export function findConstDeclaration(id: ts.Identifier): ts.VariableDeclaration | undefined {
  const d = findDeclaration(id);
  if (d && ts.isVariableDeclaration(d) && ts.isVariableDeclarationList(d.parent) && (d.parent.flags & ts.NodeFlags.Const) !== 0) return d;
  return undefined;
}

/**
 * The declaration (variable, parameter, function, class, import binding) that `id` refers to,
 * searching enclosing scopes outward. Syntax only; returns undefined when not declared in the file.
 */
export function findDeclaration(id: ts.Identifier): ts.Node | undefined {
  const name = id.text;
  for (let scope = scopeAncestor(id); scope; scope = scopeAncestor(scope)) {
    if (isFunctionLike(scope)) {
      for (const p of scope.parameters) {
        const hit = bindingDeclares(p.name, name);
        if (hit) return p;
      }
      if (!ts.isArrowFunction(scope) || ts.isBlock(scope.body!)) {
        const body = scope.body;
        if (body && ts.isBlock(body)) {
          const hit = declarationInStatements(body.statements, name);
          if (hit) return hit;
        }
      }
    } else if (ts.isBlock(scope) || ts.isSourceFile(scope) || ts.isModuleBlock(scope) || ts.isCaseClause(scope) || ts.isDefaultClause(scope)) {
      const hit = declarationInStatements(scope.statements, name);
      if (hit) return hit;
    } else if ((ts.isForStatement(scope) || ts.isForOfStatement(scope) || ts.isForInStatement(scope)) && scope.initializer && ts.isVariableDeclarationList(scope.initializer)) {
      for (const d of scope.initializer.declarations) if (bindingDeclares(d.name, name)) return d;
    } else if (ts.isCatchClause(scope) && scope.variableDeclaration && bindingDeclares(scope.variableDeclaration.name, name)) {
      return scope.variableDeclaration;
    }
  }
  return undefined;
}

const sourceFiles = new WeakMap<ts.Node, { generation: number; sf: ts.SourceFile }>();

/**
 * The source file of a node, like `node.getSourceFile()` but cached with path compression:
 * TypeScript walks every parent on each call, which is quadratic over the operands of a
 * 10,000-deep expression. Pass the result to `getStart(sf)` / `getText(sf)` for the same reason.
 */
export function sourceFileOf(node: ts.Node): ts.SourceFile {
  const generation = treeGeneration();
  const path: ts.Node[] = [];
  let sf: ts.SourceFile | undefined;
  for (let n: ts.Node | undefined = node; n; n = n.parent) {
    if (ts.isSourceFile(n)) {
      sf = n;
      break;
    }
    const hit = sourceFiles.get(n);
    if (hit && hit.generation === generation) {
      sf = hit.sf;
      break;
    }
    path.push(n);
  }
  if (!sf) return node.getSourceFile();
  for (const n of path) sourceFiles.set(n, { generation, sf });
  return sf;
}

/** True for nodes that can declare names that `findDeclaration` looks up. */
function declaresNames(n: ts.Node): boolean {
  return (
    isFunctionLike(n) ||
    ts.isBlock(n) ||
    ts.isSourceFile(n) ||
    ts.isModuleBlock(n) ||
    ts.isCaseClause(n) ||
    ts.isDefaultClause(n) ||
    ts.isForStatement(n) ||
    ts.isForOfStatement(n) ||
    ts.isForInStatement(n) ||
    ts.isCatchClause(n)
  );
}

/**
 * Nearest strict ancestor of each node that can declare names, cached with path compression so
 * that looking up every identifier of a 10,000-deep expression (`"…" + a + a + …`) costs linear,
 * not quadratic, time. Entries are valid for one tree generation (`treeGeneration`): the
 * incremental parser may move reused nodes under new parents.
 */
const scopeAncestors = new WeakMap<ts.Node, { generation: number; scope: ts.Node | undefined }>();

function scopeAncestor(node: ts.Node): ts.Node | undefined {
  const generation = treeGeneration();
  const path: ts.Node[] = [];
  let found: ts.Node | undefined;
  for (let p = node.parent; p; p = p.parent) {
    const hit = scopeAncestors.get(p);
    if (hit && hit.generation === generation) {
      found = hit.scope;
      break;
    }
    if (declaresNames(p)) {
      found = p;
      break;
    }
    path.push(p);
  }
  for (const p of path) scopeAncestors.set(p, { generation, scope: found });
  return found;
}

/**
 * Declarations made directly by a statement list (variables, functions, classes, import
 * bindings), first declaration of a name wins. Built once per list and cached by identity:
 * TypeScript's incremental parser reuses unchanged subtrees, so on a keystroke only the lists
 * that actually changed are rebuilt (scope lookups were the hot spot of per-keystroke analysis).
 */
const declarationTables = new WeakMap<ts.NodeArray<ts.Statement>, Map<string, ts.Node>>();

function declarationTable(statements: ts.NodeArray<ts.Statement>): Map<string, ts.Node> {
  let table = declarationTables.get(statements);
  if (table) return table;
  table = new Map();
  const add = (name: string, node: ts.Node) => {
    if (!table!.has(name)) table!.set(name, node);
  };
  const addBinding = (name: ts.BindingName, node: ts.Node) => {
    if (ts.isIdentifier(name)) return add(name.text, node);
    for (const el of name.elements) if (!ts.isOmittedExpression(el)) addBinding(el.name, node);
  };
  for (const s of statements) {
    if (ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) addBinding(d.name, d);
    } else if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)) && s.name) {
      add(s.name.text, s);
    } else if (ts.isImportDeclaration(s) && s.importClause) {
      const c = s.importClause;
      if (c.name) add(c.name.text, c);
      const nb = c.namedBindings;
      if (nb && ts.isNamespaceImport(nb)) add(nb.name.text, nb);
      if (nb && ts.isNamedImports(nb)) for (const el of nb.elements) add(el.name.text, el);
    }
  }
  declarationTables.set(statements, table);
  return table;
}

function declarationInStatements(statements: ts.NodeArray<ts.Statement>, name: string): ts.Node | undefined {
  return declarationTable(statements).get(name);
}

function bindingDeclares(name: ts.BindingName, wanted: string): boolean {
  if (ts.isIdentifier(name)) return name.text === wanted;
  for (const el of name.elements) {
    if (ts.isOmittedExpression(el)) continue;
    if (bindingDeclares(el.name, wanted)) return true;
  }
  return false;
}

/** How a local name was imported. */
export interface ImportBinding {
  /** Module specifier as written: `express`, `./auth`, `@fastify/cors`. */
  module: string;
  /** Imported name, `default` for default imports and `require()` results, `*` for namespaces. */
  imported: string;
  /** The import statement or `require` declaration, for fixes that add imports after it. */
  statement: ts.Statement;
}

const importCache = new WeakMap<ts.SourceFile, Map<string, ImportBinding>>();

/**
 * Top-level imports of a file: ES imports and CommonJS `require` (`const x = require('m')`,
 * `const { a, b: c } = require('m')`, `const x = require('m').y`). Cached per tree.
 */
export function importsOf(sf: ts.SourceFile): Map<string, ImportBinding> {
  let map = importCache.get(sf);
  if (map) return map;
  map = new Map();
  for (const s of sf.statements) {
    if (ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && s.importClause) {
      const module = s.moduleSpecifier.text;
      const c = s.importClause;
      if (c.name) map.set(c.name.text, { module, imported: 'default', statement: s });
      const nb = c.namedBindings;
      if (nb && ts.isNamespaceImport(nb)) map.set(nb.name.text, { module, imported: '*', statement: s });
      if (nb && ts.isNamedImports(nb)) {
        for (const el of nb.elements) map.set(el.name.text, { module, imported: (el.propertyName ?? el.name).text, statement: s });
      }
    } else if (ts.isImportEqualsDeclaration(s) && ts.isExternalModuleReference(s.moduleReference) && ts.isStringLiteral(s.moduleReference.expression)) {
      map.set(s.name.text, { module: s.moduleReference.expression.text, imported: 'default', statement: s });
    } else if (ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) {
        if (!d.initializer) continue;
        const req = requireCall(d.initializer);
        if (!req) continue;
        if (ts.isIdentifier(d.name)) map.set(d.name.text, { module: req.module, imported: req.member ?? 'default', statement: s });
        else if (ts.isObjectBindingPattern(d.name)) {
          for (const el of d.name.elements) {
            if (!ts.isIdentifier(el.name)) continue;
            const imported = el.propertyName ? propertyNameText(el.propertyName) : el.name.text;
            if (imported) map.set(el.name.text, { module: req.module, imported, statement: s });
          }
        }
      }
    }
  }
  importCache.set(sf, map);
  return map;
}

/** Recognizes `require('m')` and `require('m').member`. */
export function requireCall(node: ts.Expression): { module: string; member?: string } | undefined {
  let n = unwrap(node);
  let member: string | undefined;
  if (ts.isPropertyAccessExpression(n)) {
    member = n.name.text;
    n = unwrap(n.expression);
  }
  if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'require' && n.arguments.length === 1) {
    const a = n.arguments[0]!;
    if (ts.isStringLiteralLike(a)) return member ? { module: a.text, member } : { module: a.text };
  }
  return undefined;
}

/** Module a local identifier was imported from (`express` for `express` or `Router`), if any. */
export function importedFrom(sf: ts.SourceFile, localName: string): ImportBinding | undefined {
  return importsOf(sf).get(localName);
}

/** The string or template literal node whose text contains offset `pos`, if any. */
export function isInsideStringOrTemplate(node: ts.Node): boolean {
  return ts.isStringLiteralLike(node) || ts.isTemplateExpression(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node);
}

/** The statement that directly contains `node` (child of a block or the source file). */
export function enclosingStatement(node: ts.Node): ts.Statement | undefined {
  for (let n: ts.Node | undefined = node; n; n = n.parent) {
    if (n.parent && (ts.isBlock(n.parent) || ts.isSourceFile(n.parent) || ts.isModuleBlock(n.parent) || ts.isCaseClause(n.parent) || ts.isDefaultClause(n.parent))) {
      return n as ts.Statement;
    }
  }
  return undefined;
}
