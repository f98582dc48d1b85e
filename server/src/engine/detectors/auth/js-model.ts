import ts from 'typescript';
import { constantString, dottedName, findDeclaration, getProperty, importsOf, propertyNameText, requireCall, unwrap } from '../../js/ast';
import { treeGeneration } from '../../js/parse';
import { joinPaths, prefixCovers } from './paths';

/**
 * A syntax-only model of how a JS/TS file registers HTTP routes and what runs before them, shared
 * by the `auth/missing-authentication` detector and `collectProjectFacts` (cross-file mounts).
 *
 * Express (4 and 5): `app = express()`, `router = express.Router()`; `use([path], ...mw)` runs its
 * middleware for requests under `path` that arrive after it was registered (registration order
 * is source order for top-level code); `METHOD(path, ...mw, handler)`; `route(path).METHOD(...)`;
 * a router mounted with `use(prefix, ...mw, router)` sees the mount's middleware first.
 * Source: expressjs.com "Routing", "Using middleware", "express.Router".
 *
 * Fastify (4 and 5): `Fastify()` instances; `register(plugin, { prefix })` creates an
 * encapsulated child context (shared with the parent when wrapped in `fastify-plugin`); hooks
 * added with `addHook('onRequest' | 'preParsing' | 'preValidation' | 'preHandler', fn)` apply to
 * every route of the context and its children, whatever the order (route hooks are resolved when
 * the plugin finishes loading); route options can carry the same hooks.
 * Source: fastify.dev "Hooks", "Encapsulation", "Routes".
 */

/** Entries hold for one tree generation: the incremental parser reuses identifiers under new declarations. */
const declCache = new WeakMap<ts.Identifier, { generation: number; decl: ts.Node | null }>();
const topLevelCache = new WeakMap<ts.SourceFile, Map<string, ts.Node>>();

/**
 * `findDeclaration` with the same answers, cached per identifier node, and with a per-file table
 * of top-level declarations for identifiers in top-level statements: a file with thousands of
 * `app.post(...)` lines would otherwise rescan every statement for every receiver.
 */
export function declOf(id: ts.Identifier): ts.Node | undefined {
  const generation = treeGeneration();
  const hit = declCache.get(id);
  if (hit && hit.generation === generation) return hit.decl ?? undefined;
  const decl = (inTopLevelStatement(id) ? topLevelDeclarations(id.getSourceFile()).get(id.text) : findDeclaration(id)) ?? null;
  declCache.set(id, { generation, decl });
  return decl ?? undefined;
}

/** True when no scope (function, block, loop, catch, case) lies between the identifier and the file. */
function inTopLevelStatement(id: ts.Node): boolean {
  for (let p = id.parent; p; p = p.parent) {
    if (ts.isSourceFile(p)) return true;
    if (ts.isFunctionLike(p) || ts.isBlock(p) || ts.isModuleBlock(p) || ts.isCaseClause(p) || ts.isDefaultClause(p) || ts.isCatchClause(p) || ts.isForStatement(p) || ts.isForInStatement(p) || ts.isForOfStatement(p) || ts.isClassLike(p)) return false;
  }
  return false;
}

/** Top-level declarations by name, first one wins (as `findDeclaration` scans statements in order). */
function topLevelDeclarations(sf: ts.SourceFile): Map<string, ts.Node> {
  let map = topLevelCache.get(sf);
  if (map) return map;
  map = new Map();
  const put = (name: string, node: ts.Node) => {
    if (!map!.has(name)) map!.set(name, node);
  };
  const bind = (name: ts.BindingName, node: ts.Node) => {
    if (ts.isIdentifier(name)) put(name.text, node);
    else for (const el of name.elements) if (!ts.isOmittedExpression(el)) bind(el.name, node);
  };
  for (const s of sf.statements) {
    if (ts.isVariableStatement(s)) for (const d of s.declarationList.declarations) bind(d.name, d);
    else if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)) && s.name) put(s.name.text, s);
    else if (ts.isImportDeclaration(s) && s.importClause) {
      const c = s.importClause;
      if (c.name) put(c.name.text, c);
      const nb = c.namedBindings;
      if (nb && ts.isNamespaceImport(nb)) put(nb.name.text, nb);
      if (nb && ts.isNamedImports(nb)) for (const el of nb.elements) put(el.name.text, el);
    }
  }
  topLevelCache.set(sf, map);
  return map;
}

/** What one function's body does that matters for authentication. Names are dotted (`res.status`). */
export interface FunctionSummary {
  /** Callee names of every call inside, nested callbacks included (deduplicated). */
  calls: string[];
  /** Callee names of calls that receive the request (first parameter) as an argument. */
  reqCalls: string[];
  /** Property chains rooted at the parameters, the first shown as `req`, the second as `res`. */
  props: string[];
  /** Request header names read (`authorization`), lower case. */
  headers: string[];
  /** Cookie names read (`req.cookies.session`, `cookies().get('token')`). */
  cookies: string[];
  /** Answers 401/403, throws an Unauthorized/Forbidden error, or redirects to a sign-in page. */
  rejects: boolean;
  /** HTTP methods the body compares `req.method` with, upper case. */
  methods: string[];
  /** Writes data: ORM/DB write calls or SQL INSERT/UPDATE/DELETE text. */
  mutates: boolean;
}

const MUTATORS = new Set([
  'create', 'createMany', 'update', 'updateMany', 'upsert', 'delete', 'deleteMany', 'destroy', 'insert', 'insertOne', 'insertMany',
  'updateOne', 'deleteOne', 'replaceOne', 'save', 'findOneAndUpdate', 'findByIdAndUpdate', 'findByIdAndDelete', 'findOneAndDelete',
  'findOneAndRemove', 'findByIdAndRemove', 'bulkWrite', 'increment', 'decrement', 'createUser', 'deleteUser', 'updateUser',
]);
// Receivers whose `delete`/`set`/`update` do not touch stored data.
const NON_DATA_RECEIVER = /(?:^|\.)(?:headers|searchParams|cookies\(\)|cookies|map|cache|params|url|formData|hash|crypto|createHash\(\)|createHmac\(\)|Object|Reflect|Array|JSON|console)$/;
const SQL_WRITE = /^\s*(?:insert|update|delete|replace|merge|drop|alter|truncate)\b/i;
const REJECT_WORD = /unauthori[sz]ed|forbidden|authenticationerror|authorizationerror|notauthenticated|not authenticated|permissiondenied|accessdenied/i;
const SIGN_IN_TARGET = /log-?in|sign-?in|auth/i;

const summaryCache = new WeakMap<ts.Node, FunctionSummary>();

/** Summarizes a function's body (see FunctionSummary). Cached per node. */
export function summarizeFunction(fn: ts.FunctionLikeDeclaration): FunctionSummary {
  const cached = summaryCache.get(fn);
  if (cached) return cached;
  const params = fn.parameters;
  const alias = new Map<string, string>();
  const p0 = params[0]?.name;
  const p1 = params[1]?.name;
  if (p0 && ts.isIdentifier(p0)) alias.set(p0.text, 'req');
  if (p1 && ts.isIdentifier(p1)) alias.set(p1.text, 'res');
  const calls = new Set<string>();
  const reqCalls = new Set<string>();
  const props = new Set<string>();
  const headers = new Set<string>();
  const cookies = new Set<string>();
  const methods = new Set<string>();
  let rejects = false;
  let mutates = false;
  if (p0 && ts.isObjectBindingPattern(p0)) {
    for (const el of p0.elements) {
      const prop = el.propertyName ? propertyNameText(el.propertyName) : ts.isIdentifier(el.name) ? el.name.text : undefined;
      if (prop) props.add(`req.${prop}`);
    }
  }
  const chainOf = (e: ts.Expression): string | undefined => {
    const d = dottedName(e);
    if (!d) return undefined;
    const root = d.split('.')[0]!;
    const a = alias.get(root);
    return a ? a + d.slice(root.length) : undefined;
  };
  const isMethodExpr = (e: ts.Expression) => /(?:^|\.)method$/.test(dottedName(e) ?? '');
  const addMethod = (e: ts.Expression) => {
    const s = constantString(e);
    if (s && /^[A-Za-z]+$/.test(s)) methods.add(s.toUpperCase());
  };
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n) || ts.isNewExpression(n)) {
      const name = dottedName(n.expression);
      if (name) {
        calls.add(name);
        const last = name.split('.').pop()!;
        const receiver = name.slice(0, Math.max(0, name.length - last.length - 1));
        if (MUTATORS.has(last) && !NON_DATA_RECEIVER.test(receiver) && !alias.has(receiver.split('.')[0]!)) mutates = true;
        if (/^(?:status|sendStatus|code|writeHead)$/.test(last) && n.arguments?.some((a) => /^40[13]$/.test(constantString(a) ?? ''))) rejects = true;
        if (/(?:^|\.)redirect$/.test(name) && n.arguments?.some((a) => SIGN_IN_TARGET.test(a.getText()))) rejects = true;
        if (REJECT_WORD.test(last)) rejects = true;
        if (/^(?:get|has)$/.test(last) && /(?:^|\.)cookies(?:\(\))?$/.test(receiver) && n.arguments?.[0]) {
          const c = constantString(n.arguments[0]);
          if (c) cookies.add(c);
        }
        if (/^(?:get|header|has)$/.test(last) && /(?:^|\.)(?:headers|req|request)$/i.test(receiver) && n.arguments?.[0]) {
          const h = constantString(n.arguments[0]);
          if (h) headers.add(h.toLowerCase());
        }
        if (/^(?:query|execute|raw|\$executeRaw|\$executeRawUnsafe|run|exec)$/.test(last) && n.arguments?.[0] && SQL_WRITE.test(constantString(n.arguments[0]) ?? templateHead(n.arguments[0]))) mutates = true;
        if (p0 && ts.isIdentifier(p0) && n.arguments?.some((a) => ts.isIdentifier(unwrap(a)) && (unwrap(a) as ts.Identifier).text === p0.text)) reqCalls.add(name);
        // ['POST', 'PUT'].includes(req.method)
        if (last === 'includes' && n.arguments?.[0] && isMethodExpr(n.arguments[0]) && ts.isPropertyAccessExpression(n.expression)) {
          const arr = unwrap(n.expression.expression);
          if (ts.isArrayLiteralExpression(arr)) arr.elements.forEach(addMethod);
        }
      }
    } else if (ts.isTaggedTemplateExpression(n)) {
      if (SQL_WRITE.test(ts.isNoSubstitutionTemplateLiteral(n.template) ? n.template.text : n.template.head.text)) mutates = true;
    } else if (ts.isNumericLiteral(n)) {
      // `status: 401`, `new Response(null, { status: 403 })`, `reply.code(401)`
      if ((n.text === '401' || n.text === '403') && n.parent && (ts.isPropertyAssignment(n.parent) || ts.isCallExpression(n.parent) || ts.isNewExpression(n.parent))) rejects = true;
    } else if (ts.isIdentifier(n)) {
      if (REJECT_WORD.test(n.text) && !ts.isPropertyAssignment(n.parent)) rejects = true;
    } else if (ts.isStringLiteralLike(n)) {
      if (REJECT_WORD.test(n.text) && n.text.length < 80) rejects = true;
    } else if (ts.isBinaryExpression(n)) {
      const op = n.operatorToken.kind;
      if (op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken) {
        if (isMethodExpr(n.left)) addMethod(n.right);
        else if (isMethodExpr(n.right)) addMethod(n.left);
      }
    } else if (ts.isSwitchStatement(n) && isMethodExpr(n.expression)) {
      for (const c of n.caseBlock.clauses) if (ts.isCaseClause(c)) addMethod(c.expression);
    } else if (ts.isVariableDeclaration(n) && ts.isObjectBindingPattern(n.name) && n.initializer) {
      const base = chainOf(unwrap(n.initializer));
      if (base) {
        for (const el of n.name.elements) {
          const prop = el.propertyName ? propertyNameText(el.propertyName) : ts.isIdentifier(el.name) ? el.name.text : undefined;
          if (prop) props.add(`${base}.${prop}`);
        }
      }
    }
    if ((ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n)) && !(n.parent && (ts.isPropertyAccessExpression(n.parent) || ts.isElementAccessExpression(n.parent)) && n.parent.expression === n)) {
      const chain = chainOf(n);
      if (chain) {
        props.add(chain);
        // req.headers.authorization / req.headers['x-api-key']
        const m = /^req\.headers\.([\w-]+)$/.exec(chain);
        if (m) headers.add(m[1]!.toLowerCase());
        const c = /^req\.(?:cookies|signedCookies)\.([\w-]+)$/.exec(chain);
        if (c) cookies.add(c[1]!);
      }
    }
    n.forEachChild(visit);
  };
  if (fn.body) visit(fn.body);
  const summary: FunctionSummary = {
    calls: [...calls],
    reqCalls: [...reqCalls],
    props: [...props],
    headers: [...headers],
    cookies: [...cookies],
    rejects,
    methods: [...methods],
    mutates,
  };
  summaryCache.set(fn, summary);
  return summary;
}

function templateHead(e: ts.Expression): string {
  const u = unwrap(e);
  return ts.isTemplateExpression(u) ? u.head.text : '';
}

/** Every call expression of a file in source order (for hosts without the shared walk). */
export function collectCalls(sf: ts.SourceFile): ts.CallExpression[] {
  const out: ts.CallExpression[] = [];
  const stack: ts.Node[] = [sf];
  while (stack.length) {
    const n = stack.pop()!;
    if (ts.isCallExpression(n)) out.push(n);
    const kids: ts.Node[] = [];
    n.forEachChild((c) => {
      kids.push(c);
    });
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
  return out;
}

/** An application or router object created in this file. */
export interface Target {
  kind: 'express-app' | 'express-router' | 'fastify';
  name: string;
  /** Its declaration (the key identifiers resolve to). */
  decl: ts.VariableDeclaration;
  /** Names under which the module exports it (`default` for `module.exports =` / `export default`). */
  exportNames: string[];
}

/** `use([prefix], ...refs)` on a target. `prefix` is `null` when not a constant. */
export interface UseEvent {
  target: Target;
  pos: number;
  prefix: string | null;
  refs: ts.Expression[];
  call: ts.CallExpression;
}

/** One route registration. */
export interface RouteEvent {
  target: Target;
  pos: number;
  /** Upper case (`POST`, `ALL`). */
  method: string;
  /** Path relative to the target; `null` when not a constant string. */
  path: string | null;
  /** Route-level middleware in order. */
  middleware: ts.Expression[];
  handler: ts.Expression | undefined;
  call: ts.CallExpression;
  /** Where the finding starts (the callee, e.g. `app.post`) and ends (end of the path argument). */
  start: number;
  end: number;
  /** Offset and text form for inserting route-level middleware: after the path, or before the first handler of a `route()` chain. */
  insert: { at: number; style: 'after-path' | 'before-first' };
}

/** Express model of one file. */
export interface ExpressModel {
  targets: Target[];
  uses: UseEvent[];
  routes: RouteEvent[];
  /** Positions where a target is handed to code we cannot see (it may register middleware there). */
  escapes: { target: Target; pos: number }[];
}

const EXPRESS_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'options', 'head']);
const HARMLESS_ESCAPES = /(?:^|\.)(?:listen|createServer|serverless|handler|supertest|request|log|info|debug|warn|error)$/;

const calleeCache = new WeakMap<ts.VariableDeclaration, ts.Expression | null>();

/**
 * The callee of a declaration that could create a target (`x = f()`, `x = new F()`, `x = a.Router()`,
 * `x = require('m')()`), or null. Syntax only, so cached per node: the incremental parser reuses a
 * node only with its whole subtree unchanged, and most declarations of a file are not targets.
 */
function targetCallee(n: ts.VariableDeclaration): ts.Expression | null {
  let hit = calleeCache.get(n);
  if (hit !== undefined) return hit;
  hit = null;
  if (ts.isIdentifier(n.name) && n.initializer) {
    const init = unwrap(n.initializer);
    if (ts.isCallExpression(init) || ts.isNewExpression(init)) {
      const callee = unwrap(init.expression);
      if (ts.isIdentifier(callee) || (ts.isPropertyAccessExpression(callee) && callee.name.text === 'Router') || requireCall(callee)) hit = callee;
    }
  }
  calleeCache.set(n, hit);
  return hit;
}

/**
 * Finds the targets (`express()`, `Router()`, `Fastify()`) declared in a file. `declarations`
 * (every variable declaration, e.g. from the detectors' shared walk) saves a walk of the tree.
 */
export function findTargets(sf: ts.SourceFile, declarations?: readonly ts.VariableDeclaration[]): Target[] {
  const imports = importsOf(sf);
  const out: Target[] = [];
  const bound = (e: ts.Expression, module: string, names: string[]): boolean => {
    const u = unwrap(e);
    if (ts.isIdentifier(u)) {
      const b = imports.get(u.text);
      return !!b && b.module === module && names.includes(b.imported);
    }
    const r = requireCall(u);
    return !!r && r.module === module && names.includes(r.member ?? 'default');
  };
  const consider = (n: ts.VariableDeclaration) => {
    const callee = targetCallee(n);
    if (!callee || !ts.isIdentifier(n.name)) return;
    let kind: Target['kind'] | undefined;
    if (bound(callee, 'express', ['default', '*'])) kind = 'express-app';
    else if (bound(callee, 'express', ['Router'])) kind = 'express-router';
    else if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'Router' && bound(callee.expression, 'express', ['default', '*'])) kind = 'express-router';
    else if (bound(callee, 'fastify', ['default', '*', 'fastify', 'Fastify'])) kind = 'fastify';
    if (kind) out.push({ kind, name: n.name.text, decl: n, exportNames: [] });
  };
  if (declarations) declarations.forEach(consider);
  else {
    const visit = (n: ts.Node) => {
      if (ts.isVariableDeclaration(n)) consider(n);
      n.forEachChild(visit);
    };
    visit(sf);
  }
  const exports = exportedBindings(sf);
  for (const t of out) t.exportNames = exports.get(t.name) ?? [];
  return out;
}

/**
 * Local names a module exports, with their export names: `module.exports = x` and
 * `export default x` → `default`; `module.exports = { a, b: c }`, `exports.a = a`,
 * `export { a as b }`, `export const a` → the property / export name.
 */
export function exportedBindings(sf: ts.SourceFile): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (local: string, exported: string) => {
    const list = out.get(local) ?? [];
    if (!list.includes(exported)) list.push(exported);
    out.set(local, list);
  };
  for (const s of sf.statements) {
    if (ts.isExportAssignment(s) && ts.isIdentifier(s.expression)) add(s.expression.text, 'default');
    else if (ts.isExportAssignment(s) && ts.isObjectLiteralExpression(s.expression)) {
      // export default { create, update }: imported as `controller.create`.
      for (const p of s.expression.properties) if (ts.isShorthandPropertyAssignment(p)) add(p.name.text, p.name.text);
    }
    else if (ts.isExportDeclaration(s) && !s.moduleSpecifier && s.exportClause && ts.isNamedExports(s.exportClause)) {
      for (const el of s.exportClause.elements) add((el.propertyName ?? el.name).text, el.name.text);
    } else if ((ts.isVariableStatement(s) || ts.isFunctionDeclaration(s)) && s.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
      const isDefault = s.modifiers.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
      if (ts.isFunctionDeclaration(s)) {
        if (s.name) add(s.name.text, isDefault ? 'default' : s.name.text);
      } else for (const d of s.declarationList.declarations) if (ts.isIdentifier(d.name)) add(d.name.text, d.name.text);
    } else if (ts.isExpressionStatement(s) && ts.isBinaryExpression(s.expression) && s.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const left = dottedName(s.expression.left);
      const right = unwrap(s.expression.right);
      if (left === 'module.exports') {
        if (ts.isIdentifier(right)) add(right.text, 'default');
        else if (ts.isObjectLiteralExpression(right)) {
          for (const p of right.properties) {
            if (ts.isShorthandPropertyAssignment(p)) add(p.name.text, p.name.text);
            else if (ts.isPropertyAssignment(p) && ts.isIdentifier(unwrap(p.initializer))) {
              const name = propertyNameText(p.name);
              if (name) add((unwrap(p.initializer) as ts.Identifier).text, name);
            }
          }
        }
      } else if (left && /^(?:module\.)?exports\.[\w$]+$/.test(left) && ts.isIdentifier(right)) add(right.text, left.split('.').pop()!);
    }
  }
  return out;
}

/** The target an expression denotes (an identifier declared as one), if any. */
export function targetOf(e: ts.Expression | undefined, byDecl: Map<ts.Node, Target>): Target | undefined {
  if (!e) return undefined;
  const u = unwrap(e);
  if (!ts.isIdentifier(u)) return undefined;
  // Only names of targets can denote one: skip resolving every other identifier.
  let named = false;
  for (const t of byDecl.values()) if (t.name === u.text) named = true;
  if (!named) return undefined;
  const d = declOf(u);
  return d ? byDecl.get(d) : undefined;
}

function isPathArg(e: ts.Expression): boolean {
  const u = unwrap(e);
  return constantString(u) !== undefined || ts.isRegularExpressionLiteral(u) || ts.isArrayLiteralExpression(u) && u.elements.every((x) => constantString(x) !== undefined || ts.isRegularExpressionLiteral(x));
}

/** Spreads array literals of middleware (`[requireAuth, validate]`) into one list. */
function flattenArgs(args: readonly ts.Expression[]): ts.Expression[] {
  const out: ts.Expression[] = [];
  for (const a of args) {
    const u = unwrap(a);
    if (ts.isArrayLiteralExpression(u)) out.push(...flattenArgs(u.elements.filter((x): x is ts.Expression => !ts.isOmittedExpression(x) && !ts.isSpreadElement(x))));
    else if (!ts.isSpreadElement(a)) out.push(a);
  }
  return out;
}

/** Members whose calls can register middleware or routes (`use`, `get`, ... and `route(path).get`). */
const EXPRESS_MEMBERS = new Set([...EXPRESS_METHODS, 'use']);

interface CallShape {
  /** `name` of a `x.name(...)` call (callee unwrapped), else undefined. */
  member: string | undefined;
  /** Arguments that are plain identifiers (unwrapped): a target passed to other code. */
  argNames: string[];
}

const shapeCache = new WeakMap<ts.CallExpression, CallShape>();

/**
 * What `buildExpressModel` reads of a call before resolving anything. Syntax only, so cached per
 * node (a reused node's subtree is unchanged): on a keystroke almost every call of the file is a
 * reused one that registers nothing, and this lets the model skip it with one lookup.
 */
function callShape(call: ts.CallExpression): CallShape {
  let s = shapeCache.get(call);
  if (s) return s;
  const callee = unwrap(call.expression);
  const argNames: string[] = [];
  for (const a of call.arguments) {
    const u = unwrap(a);
    if (ts.isIdentifier(u)) argNames.push(u.text);
  }
  s = { member: ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined, argNames };
  shapeCache.set(call, s);
  return s;
}

/** Builds the Express model of a file from its calls (in source order). */
export function buildExpressModel(sf: ts.SourceFile, calls: readonly ts.CallExpression[], targets: readonly Target[]): ExpressModel {
  const express = targets.filter((t) => t.kind !== 'fastify');
  const byDecl = new Map<ts.Node, Target>(express.map((t) => [t.decl, t]));
  const model: ExpressModel = { targets: express, uses: [], routes: [], escapes: [] };
  if (express.length === 0) return model;
  const consumed = new Set<ts.CallExpression>();
  const targetNames = new Set(express.map((t) => t.name));
  for (const call of calls) {
    const shape = callShape(call);
    if (!(shape.member !== undefined && EXPRESS_MEMBERS.has(shape.member)) && !shape.argNames.some((n) => targetNames.has(n))) continue;
    const callee = unwrap(call.expression);
    if (ts.isPropertyAccessExpression(callee)) {
      const method = callee.name.text;
      const target = targetOf(callee.expression, byDecl);
      if (target && method === 'use') {
        const args = [...call.arguments];
        let prefix: string | null = '/';
        if (args[0] && isPathArg(args[0])) prefix = constantString(args.shift()!) ?? null;
        model.uses.push({ target, pos: call.getStart(sf), prefix, refs: flattenArgs(args), call });
        continue;
      }
      if (target && EXPRESS_METHODS.has(method) && call.arguments.length >= 2 && isPathArg(call.arguments[0]!)) {
        const [pathArg, ...rest] = call.arguments;
        const flat = flattenArgs(rest);
        model.routes.push({
          target,
          pos: call.getStart(sf),
          method: method === 'del' ? 'DELETE' : method.toUpperCase(),
          path: constantString(pathArg!) ?? null,
          middleware: flat.slice(0, -1),
          handler: flat[flat.length - 1],
          call,
          start: callee.getStart(sf),
          end: pathArg!.end,
          insert: { at: pathArg!.end, style: 'after-path' },
        });
        continue;
      }
      // router.route('/x').all(mw).post(handler).delete(handler): handled from the outermost call.
      if (EXPRESS_METHODS.has(method) && !consumed.has(call)) {
        const chain = routeChain(call, byDecl);
        if (chain) {
          const before: ts.Expression[] = [];
          chain.links.forEach((link, i) => {
            consumed.add(link.call);
            const args = flattenArgs([...link.call.arguments]);
            if (link.method === 'all' && i < chain.links.length - 1) {
              before.push(...args);
              return;
            }
            const callee2 = link.call.expression as ts.PropertyAccessExpression;
            model.routes.push({
              target: chain.target,
              pos: chain.routeCall.getStart(sf),
              method: link.method === 'del' ? 'DELETE' : link.method.toUpperCase(),
              path: chain.path,
              middleware: [...before, ...args.slice(0, -1)],
              handler: args[args.length - 1],
              call: link.call,
              start: callee2.name.getStart(sf),
              end: link.call.end,
              insert: { at: link.call.arguments[0]?.getStart(sf) ?? link.call.arguments.pos, style: 'before-first' },
            });
          });
          continue;
        }
      }
    }
    // A target handed to other code may get middleware we cannot see. (Most calls pass no
    // target: check the arguments' names before anything costlier.)
    if (!call.arguments.some((a) => { const u = unwrap(a); return ts.isIdentifier(u) && targetNames.has(u.text); })) continue;
    const name = dottedName(call.expression) ?? '';
    if (HARMLESS_ESCAPES.test(name)) continue;
    for (const a of call.arguments) {
      const t = targetOf(a, byDecl);
      if (t && !(ts.isPropertyAccessExpression(callee) && callee.name.text === 'use' && targetOf(callee.expression, byDecl))) model.escapes.push({ target: t, pos: call.getStart(sf) });
    }
  }
  return model;
}

/** `target.route(path).m1(...).m2(...)` seen from its outermost call. */
function routeChain(outer: ts.CallExpression, byDecl: Map<ts.Node, Target>): { target: Target; path: string | null; routeCall: ts.CallExpression; links: { method: string; call: ts.CallExpression }[] } | undefined {
  // Only start from the outermost link.
  if (outer.parent && ts.isPropertyAccessExpression(outer.parent) && outer.parent.parent && ts.isCallExpression(outer.parent.parent)) return undefined;
  const links: { method: string; call: ts.CallExpression }[] = [];
  let cur: ts.Expression = outer;
  for (;;) {
    const c = unwrap(cur);
    if (!ts.isCallExpression(c)) return undefined;
    const callee = unwrap(c.expression);
    if (!ts.isPropertyAccessExpression(callee)) return undefined;
    if (callee.name.text === 'route') {
      const target = targetOf(callee.expression, byDecl);
      if (!target || !c.arguments[0]) return undefined;
      return { target, path: constantString(c.arguments[0]) ?? null, routeCall: c, links: links.reverse() };
    }
    if (!EXPRESS_METHODS.has(callee.name.text)) return undefined;
    links.push({ method: callee.name.text, call: c });
    cur = callee.expression;
  }
}

/** One way a request reaches a route: the guard expressions on the way and the full path. */
export interface Chain {
  /** Full URL path when every prefix is constant; otherwise the known suffix after `*`. */
  fullPath: string;
  /** Middleware that certainly runs before the route. */
  refs: ts.Expression[];
  /** Middleware that may run (prefix with regex syntax): anything but non-auth makes the chain unknowable. */
  maybeRefs: ts.Expression[];
  /** Something opaque is on the way (the app was handed to unseen code). */
  opaque: boolean;
  /** The router is not mounted in this file: its mounts are in other files (ProjectFacts). */
  external?: Target;
}

/**
 * Every chain by which requests reach `path` on `target` as registered at `pos`: the target's
 * earlier `use` middleware on covering prefixes, and for routers, each mount's chain in turn.
 */
export function chainsTo(model: ExpressModel, target: Target, path: string, pos: number, depth = 0): Chain[] {
  const own: Chain = { fullPath: path, refs: [], maybeRefs: [], opaque: false };
  const memo = modelMemo(model);
  for (const u of model.uses) {
    if (u.target !== target || u.pos >= pos) continue;
    const cover = u.prefix === null ? 'maybe' : memo.covers(u.prefix, path);
    if (cover === 'no') continue;
    const split = splitUse(u, model);
    (cover === 'yes' ? own.refs : own.maybeRefs).push(...split.middleware);
    // A router mounted on the way: its own `use` middleware runs for every request entering it.
    for (const t of split.routers) for (const inner of model.uses) if (inner.target === t) own.maybeRefs.push(...splitUse(inner, model).middleware);
  }
  if (model.escapes.some((e) => e.target === target && e.pos < pos)) own.opaque = true;
  if (target.kind !== 'express-router') return [own];
  if (depth > 4) return [{ ...own, opaque: true }];
  const mounts = memo.mountsOf(target);
  if (mounts.length === 0) return [{ ...own, external: target }];
  const out: Chain[] = [];
  for (const m of mounts) {
    const mountPath = m.use.prefix === null ? null : joinPaths(m.use.prefix, path);
    const parents = chainsTo(model, m.use.target, mountPath ?? path, m.use.pos, depth + 1);
    for (const p of parents) {
      out.push({
        fullPath: mountPath === null ? `*${path === '/' ? '' : path}` : p.fullPath,
        refs: [...p.refs, ...m.use.refs.slice(0, m.index), ...own.refs],
        maybeRefs: [...p.maybeRefs, ...own.maybeRefs],
        opaque: p.opaque || own.opaque,
        ...(p.external ? { external: p.external } : {}),
      });
    }
  }
  return out;
}

/** Per-model answers that do not depend on the route asked about (a file has hundreds of routes). */
interface ModelMemo {
  /** The model's targets by declaration node (for `targetOf`). */
  byDecl: Map<ts.Node, Target>;
  /** `prefixCovers`, memoized: the same few prefixes are tested against every route's path. */
  covers(prefix: string, path: string): 'yes' | 'no' | 'maybe';
  /** The `use` calls that mount a router, and the position of the router among their arguments. */
  mountsOf(target: Target): readonly { use: UseEvent; index: number }[];
}

const modelMemos = new WeakMap<ExpressModel, ModelMemo>();

function modelMemo(model: ExpressModel): ModelMemo {
  let memo = modelMemos.get(model);
  if (memo) return memo;
  const covers = new Map<string, 'yes' | 'no' | 'maybe'>();
  const mounts = new Map<Target, { use: UseEvent; index: number }[]>();
  memo = {
    byDecl: new Map(model.targets.map((x) => [x.decl, x])),
    covers(prefix, path) {
      const key = `${prefix}\u0000${path}`;
      let c = covers.get(key);
      if (c === undefined) covers.set(key, (c = prefixCovers(prefix, path)));
      return c;
    },
    mountsOf(target) {
      let list = mounts.get(target);
      if (list) return list;
      list = [];
      for (const u of model.uses) {
        const index = u.refs.findIndex((r) => routerOf(r, model) === target);
        if (index >= 0) list.push({ use: u, index });
      }
      mounts.set(target, list);
      return list;
    },
  };
  modelMemos.set(model, memo);
  return memo;
}

function routerOf(e: ts.Expression, model: ExpressModel): Target | undefined {
  const t = targetOf(e, modelMemo(model).byDecl);
  return t?.kind === 'express-router' ? t : undefined;
}

const splitCache = new WeakMap<UseEvent, { middleware: ts.Expression[]; routers: Target[] }>();

/** A `use` call's arguments split into middleware and routers defined in this file (cached). */
function splitUse(u: UseEvent, model: ExpressModel): { middleware: ts.Expression[]; routers: Target[] } {
  let s = splitCache.get(u);
  if (!s) {
    s = { middleware: [], routers: [] };
    for (const r of u.refs) {
      const t = routerOf(r, model);
      if (t) s.routers.push(t);
      else s.middleware.push(r);
    }
    splitCache.set(u, s);
  }
  return s;
}

// ---------------------------------------------------------------- Fastify

/**
 * An encapsulation context: a root instance, a plugin function registered in this file, or a
 * plugin function this module exports (registered elsewhere: `external`).
 */
export interface FastifyContext {
  parent?: FastifyContext;
  prefix: string;
  /** Hooks (`onRequest`, `preParsing`, `preValidation`, `preHandler`) added to this context. */
  hooks: ts.Expression[];
  /** Plugins registered on this context that we cannot see (they may add hooks with fastify-plugin). */
  opaquePlugins: ts.Expression[];
  /** Every `register(plugin, { prefix })` on this context that is not an in-file plugin function. */
  registers: { plugin: ts.Expression; prefix: string | undefined }[];
  /** Set for plugins this module exports: the names it exports them under, and whether `fastify-plugin` shares their context. */
  external?: { exportNames: string[]; shared: boolean };
}

/** Fastify model of one file. */
export interface FastifyModel {
  routes: FastifyRoute[];
  /** Every context: root instances and exported plugins first, then plugins registered in the file. */
  contexts: FastifyContext[];
}

const FASTIFY_INSTANCE_USE = new Set(['get', 'post', 'put', 'patch', 'delete', 'all', 'route', 'register', 'addHook', 'decorate']);

/**
 * Plugin functions this module exports (`export default async function (app)`, `export default
 * fp(async (app) => …)`, `const routes: FastifyPluginAsync = async (app) => …; export default routes`,
 * `module.exports = …`): functions whose first parameter is used as a Fastify instance.
 */
export function exportedPlugins(sf: ts.SourceFile): { fn: ts.FunctionLikeDeclaration; exportNames: string[]; shared: boolean }[] {
  const out: { fn: ts.FunctionLikeDeclaration; exportNames: string[]; shared: boolean }[] = [];
  const imports = importsOf(sf);
  const unwrapPlugin = (e: ts.Expression | undefined): { fn: ts.FunctionLikeDeclaration; shared: boolean } | undefined => {
    if (!e) return undefined;
    let u = unwrap(e);
    let shared = false;
    if (ts.isCallExpression(u) && u.arguments[0]) {
      const name = dottedName(u.expression) ?? '';
      if (name === 'fp' || imports.get(name)?.module === 'fastify-plugin' || requireCall(u.expression)?.module === 'fastify-plugin') {
        shared = true;
        u = unwrap(u.arguments[0]);
      }
    }
    const fn = localFunction(u);
    return fn ? { fn, shared } : undefined;
  };
  const usesInstance = (fn: ts.FunctionLikeDeclaration): boolean => {
    const p = fn.parameters[0]?.name;
    if (!p || !ts.isIdentifier(p) || !fn.body) return false;
    let found = false;
    const visit = (n: ts.Node) => {
      if (found) return;
      if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && ts.isIdentifier(n.expression.expression) && n.expression.expression.text === p.text && FASTIFY_INSTANCE_USE.has(n.expression.name.text)) found = true;
      else n.forEachChild(visit);
    };
    visit(fn.body);
    return found;
  };
  const add = (e: ts.Expression | ts.FunctionLikeDeclaration | undefined, name: string) => {
    const plugin = e && (ts.isFunctionDeclaration(e) ? { fn: e as ts.FunctionLikeDeclaration, shared: false } : unwrapPlugin(e as ts.Expression));
    if (!plugin || !usesInstance(plugin.fn)) return;
    const prev = out.find((x) => x.fn === plugin.fn);
    if (prev) prev.exportNames.push(name);
    else out.push({ ...plugin, exportNames: [name] });
  };
  for (const s of sf.statements) {
    const mods = ts.canHaveModifiers(s) ? (ts.getModifiers(s) ?? []) : [];
    const exported = mods.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    const isDefault = mods.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
    if (ts.isFunctionDeclaration(s) && exported && s.body) add(s, isDefault ? 'default' : (s.name?.text ?? 'default'));
    else if (ts.isExportAssignment(s)) {
      const u = unwrap(s.expression);
      if (ts.isIdentifier(u)) add(declaredValue(u), 'default');
      else add(u, 'default');
    } else if (ts.isVariableStatement(s) && exported) {
      for (const d of s.declarationList.declarations) if (ts.isIdentifier(d.name)) add(d.initializer, d.name.text);
    } else if (ts.isExpressionStatement(s) && ts.isBinaryExpression(s.expression) && s.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const left = dottedName(s.expression.left) ?? '';
      const right = unwrap(s.expression.right);
      const value = ts.isIdentifier(right) ? declaredValue(right) : right;
      if (left === 'module.exports') add(value, 'default');
      else if (/^(?:module\.)?exports\.[\w$]+$/.test(left)) add(value, left.split('.').pop()!);
    } else if (ts.isExportDeclaration(s) && !s.moduleSpecifier && s.exportClause && ts.isNamedExports(s.exportClause)) {
      for (const el of s.exportClause.elements) {
        const d = sf.statements.flatMap((x) => (ts.isVariableStatement(x) ? [...x.declarationList.declarations] : [])).find((x) => ts.isIdentifier(x.name) && x.name.text === (el.propertyName ?? el.name).text);
        const f = sf.statements.find((x): x is ts.FunctionDeclaration => ts.isFunctionDeclaration(x) && x.name?.text === (el.propertyName ?? el.name).text);
        add(f ?? d?.initializer, el.name.text);
      }
    }
  }
  return out;
}

/** The value an identifier is declared with: a function declaration or a variable's initializer. */
function declaredValue(id: ts.Identifier): ts.Expression | ts.FunctionLikeDeclaration | undefined {
  const d = declOf(id);
  if (d && ts.isFunctionDeclaration(d)) return d;
  if (d && ts.isVariableDeclaration(d)) return d.initializer;
  return undefined;
}

/** A Fastify route. */
export interface FastifyRoute {
  context: FastifyContext;
  /** The instance the route is registered on, as written (`app`, `instance`). */
  receiver: string;
  methods: string[];
  path: string | null;
  hooks: ts.Expression[];
  handler: ts.Expression | undefined;
  start: number;
  end: number;
  /** Where to insert `{ onRequest: [...] }` (after the path) when the route has no options object. */
  optionsAt?: { at: number; existing?: ts.ObjectLiteralExpression };
}

const HOOKS = ['onRequest', 'preParsing', 'preValidation', 'preHandler'];
const FASTIFY_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'all', 'options', 'head']);

/**
 * Builds the Fastify contexts and routes of a file: root instances, exported plugins and the
 * plugin functions registered on them. Routes on instances we cannot place are left out.
 */
export function buildFastifyModel(sf: ts.SourceFile, calls: readonly ts.CallExpression[], targets: readonly Target[]): FastifyModel {
  const roots = targets.filter((t) => t.kind === 'fastify');
  const plugins = exportedPlugins(sf);
  if (roots.length === 0 && plugins.length === 0) return { routes: [], contexts: [] };
  const imports = importsOf(sf);
  const contexts = new Map<ts.Node, FastifyContext>();
  const top: FastifyContext[] = [];
  for (const r of roots) {
    const c: FastifyContext = { prefix: '', hooks: [], opaquePlugins: [], registers: [] };
    contexts.set(r.decl, c);
    top.push(c);
  }
  for (const p of plugins) {
    const c: FastifyContext = { prefix: '', hooks: [], opaquePlugins: [], registers: [], external: { exportNames: p.exportNames, shared: p.shared } };
    contexts.set(p.fn.parameters[0]!, c);
    top.push(c);
  }
  const contextOf = (e: ts.Expression): FastifyContext | undefined => {
    const u = unwrap(e);
    if (!ts.isIdentifier(u)) return undefined;
    // Only names of instances can denote one: skip resolving every other identifier.
    let named = false;
    for (const k of contexts.keys()) if ((ts.isVariableDeclaration(k) || ts.isParameter(k)) && ts.isIdentifier(k.name) && k.name.text === u.text) named = true;
    if (!named) return undefined;
    const d = declOf(u);
    return d ? contexts.get(d) : undefined;
  };
  const pluginFunction = (e: ts.Expression): { fn: ts.FunctionLikeDeclaration; shared: boolean } | undefined => {
    let u = unwrap(e);
    let shared = false;
    if (ts.isCallExpression(u) && u.arguments[0]) {
      const name = dottedName(u.expression);
      const b = name ? imports.get(name) : undefined;
      if (name === 'fp' || b?.module === 'fastify-plugin' || requireCall(u.expression)?.module === 'fastify-plugin') {
        shared = true;
        u = unwrap(u.arguments[0]);
      }
    }
    if (ts.isArrowFunction(u) || ts.isFunctionExpression(u)) return { fn: u, shared };
    if (ts.isIdentifier(u)) {
      const d = declOf(u);
      if (d && ts.isFunctionDeclaration(d)) return { fn: d, shared };
      if (d && ts.isVariableDeclaration(d) && d.initializer) {
        const init = unwrap(d.initializer);
        if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return { fn: init, shared };
      }
    }
    return undefined;
  };
  // Contexts first (registrations can precede the plugin's declaration).
  for (const call of calls) {
    const callee = unwrap(call.expression);
    if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'register' || !call.arguments[0]) continue;
    const parent = contextOf(callee.expression);
    if (!parent) continue;
    const plugin = pluginFunction(call.arguments[0]);
    const param = plugin?.fn.parameters[0];
    const opts = call.arguments[1] && unwrap(call.arguments[1]);
    const prefixExpr = opts && ts.isObjectLiteralExpression(opts) ? getProperty(opts, 'prefix') : undefined;
    const prefix = prefixExpr ? constantString(prefixExpr) : '';
    if (!plugin || !param) {
      parent.opaquePlugins.push(call.arguments[0]);
      parent.registers.push({ plugin: call.arguments[0], prefix });
      continue;
    }
    if (contexts.has(param)) continue;
    if (plugin.shared) contexts.set(param, parent);
    else contexts.set(param, { parent, prefix: parent.prefix + (prefix ?? ''), hooks: [], opaquePlugins: [], registers: [] });
  }
  const routes: FastifyRoute[] = [];
  const hookValues = (obj: ts.ObjectLiteralExpression): ts.Expression[] => {
    const out: ts.Expression[] = [];
    for (const h of HOOKS) {
      const v = getProperty(obj, h);
      if (v) out.push(...flattenArgs([v]));
    }
    return out;
  };
  for (const call of calls) {
    const callee = unwrap(call.expression);
    if (!ts.isPropertyAccessExpression(callee)) continue;
    const ctx = contextOf(callee.expression);
    if (!ctx) continue;
    const method = callee.name.text;
    if (method === 'addHook' && call.arguments[1] && HOOKS.includes(constantString(call.arguments[0]!) ?? '')) {
      ctx.hooks.push(call.arguments[1]);
    } else if (FASTIFY_METHODS.has(method) && call.arguments.length >= 2 && constantString(call.arguments[0]!) !== undefined) {
      const opts = call.arguments.length >= 3 ? unwrap(call.arguments[1]!) : undefined;
      const optsObj = opts && ts.isObjectLiteralExpression(opts) ? opts : undefined;
      const last = call.arguments[call.arguments.length - 1]!;
      const handlerObj = unwrap(last);
      // fastify.post('/x', { handler, preHandler }) is also allowed.
      const objForm = call.arguments.length === 2 && ts.isObjectLiteralExpression(handlerObj) ? handlerObj : undefined;
      routes.push({
        context: ctx,
        receiver: callee.expression.getText(sf),
        methods: [method.toUpperCase()],
        path: constantString(call.arguments[0]!) ?? null,
        hooks: [...(optsObj ? hookValues(optsObj) : []), ...(objForm ? hookValues(objForm) : [])],
        handler: objForm ? getProperty(objForm, 'handler') : last,
        start: callee.getStart(sf),
        end: call.arguments[0]!.end,
        ...(objForm ? {} : { optionsAt: { at: call.arguments[0]!.end, ...(optsObj ? { existing: optsObj } : {}) } }),
      });
    } else if (method === 'route' && call.arguments[0] && ts.isObjectLiteralExpression(unwrap(call.arguments[0]))) {
      const obj = unwrap(call.arguments[0]) as ts.ObjectLiteralExpression;
      const m = getProperty(obj, 'method');
      const mu = m && unwrap(m);
      const methods = mu && ts.isArrayLiteralExpression(mu) ? mu.elements.map((x) => constantString(x)) : [m ? constantString(m) : undefined];
      if (methods.some((x) => x === undefined)) continue;
      const url = getProperty(obj, 'url') ?? getProperty(obj, 'path');
      // Report on the `url` property: it names the route.
      const urlNode = url?.parent && ts.isPropertyAssignment(url.parent) ? url.parent : undefined;
      routes.push({
        context: ctx,
        receiver: callee.expression.getText(sf),
        methods: methods.map((x) => x!.toUpperCase()),
        path: url ? constantString(url) ?? null : null,
        hooks: hookValues(obj),
        handler: getProperty(obj, 'handler'),
        start: urlNode ? urlNode.getStart(sf) : callee.getStart(sf),
        end: urlNode ? urlNode.end : call.end,
        optionsAt: { at: obj.getStart(sf) + 1, existing: obj },
      });
    }
  }
  return { routes, contexts: [...new Set([...top, ...contexts.values()])] };
}

/**
 * All hooks and opaque plugins that apply to a context (its own and its ancestors'), and the
 * exported plugin at the top of the chain when it is registered elsewhere.
 */
export function contextGuards(ctx: FastifyContext): { hooks: ts.Expression[]; opaque: ts.Expression[]; external?: FastifyContext['external'] } {
  const hooks: ts.Expression[] = [];
  const opaque: ts.Expression[] = [];
  let external: FastifyContext['external'];
  for (let c: FastifyContext | undefined = ctx; c; c = c.parent) {
    hooks.push(...c.hooks);
    opaque.push(...c.opaquePlugins);
    if (!c.parent && c.external) external = c.external;
  }
  return { hooks, opaque, ...(external ? { external } : {}) };
}

/** The function a handler expression denotes in this file (inline, declared, or `const f = () => …`). */
export function localFunction(e: ts.Expression | undefined): ts.FunctionLikeDeclaration | undefined {
  if (!e) return undefined;
  const u = unwrap(e);
  if (ts.isArrowFunction(u) || ts.isFunctionExpression(u)) return u;
  if (ts.isIdentifier(u)) {
    const d = declOf(u);
    if (d && ts.isFunctionDeclaration(d) && d.body) return d;
    if (d && ts.isVariableDeclaration(d) && d.initializer) {
      const init = unwrap(d.initializer);
      if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return init;
    }
  }
  return undefined;
}

