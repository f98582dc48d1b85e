import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join, posix } from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import { globSync } from 'tinyglobby';
import ts from 'typescript';
import { parseDocument } from 'yaml';
import { builtinRulesDir } from './catalog/catalog';
import { ProjectConfigSchema, type ResolvedConfig } from './config';
import type { AuthProvider, GuardRef, NextMiddlewareFacts, ProjectFacts, RouterMount } from './context';
import { JsClassifier, resolveRelative, stripExtension } from './detectors/auth/js-classify';
import { buildExpressModel, buildFastifyModel, chainsTo, collectCalls, contextGuards, exportedBindings, findTargets, localFunction, targetOf, type ExpressModel, type FastifyModel } from './detectors/auth/js-model';
import { joinPaths, projectRootOf } from './detectors/auth/paths';
import { AuthOptionsSchema, AuthNames, combineVerdicts } from './detectors/auth/names';
import { collectPythonFacts } from './detectors/auth/py-facts';
import { constantString, dottedName, getProperty, importsOf, requireCall, unwrap } from './js/ast';
import { parsePython, pythonReady } from './python/parse';

/** At most this many source files are read, in path order; larger workspaces get partial facts. */
export const MAX_PROJECT_FILES = 2000;
/** Files larger than this (bytes) are skipped: generated or vendored code. */
export const MAX_PROJECT_FILE_BYTES = 512 * 1024;
/** The scan stops reading after this many bytes in total. */
export const MAX_PROJECT_TOTAL_BYTES = 32 * 1024 * 1024;

const IGNORED = [
  '**/node_modules/**', '**/.git/**', '**/dist/**', '**/build/**', '**/.next/**', '**/out/**', '**/coverage/**', '**/.venv/**', '**/venv/**',
  '**/env/**', '**/__pycache__/**', '**/site-packages/**', '**/.tox/**', '**/.redline/**', '**/*.min.js', '**/*.d.ts',
];
const JS_FILE = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const PY_HINT = /\b(?:flask|fastapi|starlette|django|rest_framework|APIRouter|Blueprint|include_router|register_blueprint|REST_FRAMEWORK|MIDDLEWARE|urlpatterns)\b/;

/**
 * Collects the workspace facts single-file analysis needs (see `ProjectFacts`): Next.js
 * middleware files and matchers, routers mounted across files (Express `use`, FastAPI
 * `include_router`, Flask `register_blueprint`), exported JS handlers, Flask hooks, Django/DRF
 * settings and `urls.py` wrappers, and the authentication guards the workspace already uses
 * (`authProviders`, offered by the auth quick fix).
 *
 * Bounded: at most `MAX_PROJECT_FILES` source files of at most `MAX_PROJECT_FILE_BYTES` each and
 * `MAX_PROJECT_TOTAL_BYTES` in all, read once; JS/TS files are parsed only when their text
 * mentions routing, request handlers or auth (`worthParsing`), Python files only when they use a
 * web framework. About 1 s for 400 files on a warm process; the TypeScript parser dominates. Python facts need the
 * Python grammar (`initEngine()` resolved); without it they are left out. Never throws for
 * workspace content. Names are classified with the built-in rule options plus `.redline.json`
 * `auth`; the detector re-classifies raw evidence with the full configuration.
 *
 * @param root absolute workspace root
 */
export function collectProjectFacts(root: string): ProjectFacts {
  const facts: ProjectFacts = { authProviders: [], scanned: true, routerMounts: [], jsHandlers: {}, fastifyPlugins: {}, nextMiddleware: [], flaskHooks: [] };
  let files: string[] = [];
  try {
    files = globSync(['**/*.{js,jsx,ts,tsx,mjs,cjs,py}'], { cwd: root, ignore: IGNORED, onlyFiles: true, dot: false }).sort();
  } catch {
    return { authProviders: [] };
  }
  if (files.length > MAX_PROJECT_FILES) files = files.slice(0, MAX_PROJECT_FILES);
  const fileSet = new Set(files);
  facts.pythonScanned = pythonReady();
  const names = loadNames(root);
  const providers = new ProviderSet();
  let budget = MAX_PROJECT_TOTAL_BYTES;
  for (const rel of files) {
    let text: string;
    try {
      const size = statSync(join(root, rel)).size;
      if (size > MAX_PROJECT_FILE_BYTES) continue;
      if ((budget -= size) < 0) break;
      text = readFileSync(join(root, rel), 'utf8');
    } catch {
      continue;
    }
    try {
      if (JS_FILE.test(rel)) collectJs(root, rel, text, names, fileSet, facts, providers);
      else if (rel.endsWith('.py') && pythonReady() && PY_HINT.test(text)) {
        const tree = parsePython(text);
        try {
          collectPythonFacts(rel, tree.rootNode, names, fileSet, facts, providers);
        } finally {
          tree.delete();
        }
      }
    } catch {
      // One unreadable file must not cost the others their facts.
    }
  }
  facts.authProviders = providers.sorted();
  const first = facts.nextMiddleware!.find((m) => m.projectRoot === '') ?? facts.nextMiddleware![0];
  if (first) {
    facts.nextMiddlewareFile = first.file;
    facts.nextMiddlewareMatchers = first.matchers;
  }
  return facts;
}

let builtinOptions: ReturnType<typeof AuthOptionsSchema.parse> | null | undefined;

/** The rule's built-in options (read once from `rules/auth/missing-authentication.yaml`) plus `.redline.json` `auth`. */
function loadNames(root: string): AuthNames | undefined {
  if (builtinOptions === undefined) {
    builtinOptions = null;
    try {
      const raw = parseDocument(readFileSync(join(builtinRulesDir(), 'auth', 'missing-authentication.yaml'), 'utf8')).toJS() as { options?: unknown };
      const parsed = AuthOptionsSchema.safeParse(raw.options ?? {});
      if (parsed.success) builtinOptions = parsed.data;
    } catch {
      builtinOptions = null;
    }
  }
  if (!builtinOptions) return undefined;
  const extra: ResolvedConfig['auth'] = { middleware: [], decorators: [], dependencies: [], sessionChecks: [], publicPaths: [] };
  try {
    const file = join(root, '.redline.json');
    if (existsSync(file)) {
      const raw = parseJsonc(readFileSync(file, 'utf8'), [], { allowTrailingComma: true }) as { auth?: unknown } | undefined;
      const auth = ProjectConfigSchema.shape.auth.safeParse(raw?.auth);
      if (auth.success && auth.data) for (const k of Object.keys(extra) as (keyof typeof extra)[]) extra[k] = auth.data[k] ?? [];
    }
  } catch {
    // A broken .redline.json is reported by the host; facts use the built-in names.
  }
  return new AuthNames(builtinOptions, extra);
}

/** Providers keyed by kind, name and module, counting uses. */
export class ProviderSet {
  private readonly map = new Map<string, AuthProvider>();

  add(p: AuthProvider): void {
    const key = `${p.kind}\0${p.name}\0${p.module ?? ''}`;
    const prev = this.map.get(key);
    if (prev) prev.uses = (prev.uses ?? 1) + 1;
    else this.map.set(key, { ...p, uses: 1 });
  }

  /** Most used first; ties by kind, name and file for a stable order. */
  sorted(): AuthProvider[] {
    return [...this.map.values()].sort((a, b) => (b.uses ?? 0) - (a.uses ?? 0) || a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name) || a.seenIn.localeCompare(b.seenIn));
  }
}

/**
 * Files worth parsing: they route, mount, export request handlers or auth helpers. The TypeScript
 * parser is the scan's main cost (≈1 MB/s cold), so everything else is skipped on its text.
 */
const ROUTING_HINT = /express|fastify|Router|passport|clerk|jwt|auth|session|currentUser|\b(?:req|request)\s*[:,)]/i;
const MODULE_HINT = /\b(?:import|require|export|exports)\b/;
const NEXT_FILE = /(?:^|\/)(?:app\/(?:.*\/)?route|pages\/api\/.*|(?:src\/)?(?:middleware|proxy))\.[cm]?[jt]sx?$/;

/** True when a JS/TS file may hold routes, mounts, handlers or auth helpers (cheap text test). */
export function worthParsing(rel: string, text: string): boolean {
  if (NEXT_FILE.test(rel) || /^\s*['"]use server['"]/m.test(text)) return true;
  // Components (.jsx/.tsx) rarely define server routes; skip them unless they are Next.js route files.
  if (/\.[jt]sx$/.test(rel)) return false;
  return MODULE_HINT.test(text) && ROUTING_HINT.test(text);
}

function collectJs(root: string, rel: string, text: string, names: AuthNames | undefined, fileSet: Set<string>, facts: ProjectFacts, providers: ProviderSet): void {
  if (!worthParsing(rel, text)) return;
  const kind = rel.endsWith('x') ? (rel.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.JSX) : /\.[cm]?ts$/.test(rel) ? ts.ScriptKind.TS : ts.ScriptKind.JS;
  const sf = ts.createSourceFile(rel, text, ts.ScriptTarget.Latest, true, kind);
  const calls = collectCalls(sf);
  const dir = posix.dirname(rel) === '.' ? '' : posix.dirname(rel);
  if (/^(?:middleware|proxy)\.(?:ts|js|mjs)$/.test(basename(rel)) && (dir === '' || dir === 'src' || dir.endsWith('/src') || existsSync(join(root, dir, 'app')) || existsSync(join(root, dir, 'pages')))) {
    facts.nextMiddleware!.push(nextMiddlewareFacts(sf, rel, projectRootOf(dir), calls));
  }
  if (!names) return;
  const targets = findTargets(sf);
  const model = buildExpressModel(sf, calls, targets);
  const cls = new JsClassifier(sf, names, model, undefined, rel);
  collectMounts(sf, rel, model, cls, fileSet, facts);
  collectFastify(rel, buildFastifyModel(sf, calls, targets), cls, fileSet, facts);
  collectHandlers(sf, rel, cls, facts);
  collectJsProviders(sf, rel, model, cls, names, calls, targets, providers);
}

/** Cross-file mounts: `use(prefix, ...mw, importedRouter)`. */
function collectMounts(sf: ts.SourceFile, rel: string, model: ExpressModel, cls: JsClassifier, fileSet: Set<string>, facts: ProjectFacts): void {
  const imports = importsOf(sf);
  const byDecl = new Map(model.targets.map((t) => [t.decl, t] as const));
  for (const u of model.uses) {
    u.refs.forEach((e, i) => {
      if (targetOf(e, byDecl)) return;
      const x = unwrap(e);
      let spec: string | undefined;
      let exportName: string | undefined;
      if (ts.isIdentifier(x)) {
        const b = imports.get(x.text);
        if (b && b.imported !== '*') [spec, exportName] = [b.module, b.imported];
      } else if (ts.isPropertyAccessExpression(x) && ts.isIdentifier(unwrap(x.expression))) {
        const b = imports.get((unwrap(x.expression) as ts.Identifier).text);
        if (b && (b.imported === '*' || b.imported === 'default')) [spec, exportName] = [b.module, x.name.text];
        else {
          const r = requireCall(x);
          if (r) [spec, exportName] = [r.module, r.member ?? 'default'];
        }
      } else {
        const r = requireCall(x);
        if (r) [spec, exportName] = [r.module, r.member ?? 'default'];
      }
      if (!spec || !exportName || !spec.startsWith('.')) return;
      const module = resolveModule(rel, spec, fileSet);
      const path = u.prefix ?? '/';
      for (const chain of chainsTo(model, u.target, path, u.pos)) {
        const guards: GuardRef[] = [
          ...chain.refs.map((r) => cls.guardRef(r)),
          ...chain.maybeRefs.map((r): GuardRef => (cls.verdict(r) === 'none' ? { verdict: 'none' } : { verdict: 'unknown' })),
          ...u.refs.slice(0, i).map((r) => cls.guardRef(r)),
          ...(chain.opaque ? [{ verdict: 'unknown' as const }] : []),
        ];
        const mount: RouterMount = { framework: 'express', module, exportName, file: rel, guards };
        if (u.prefix !== null && !chain.fullPath.startsWith('*')) mount.prefix = chain.fullPath;
        if (chain.external) {
          if (chain.external.exportNames.length === 0) guards.push({ verdict: 'unknown' });
          for (const name of chain.external.exportNames) facts.routerMounts!.push({ ...mount, guards: [...guards], via: { module: stripExtension(rel), exportName: name } });
          if (chain.external.exportNames.length) continue;
        }
        facts.routerMounts!.push(mount);
      }
    });
  }
}

/** Fastify: what exported plugins add to their registering context, and plugins registered from other modules. */
function collectFastify(rel: string, model: FastifyModel, cls: JsClassifier, fileSet: Set<string>, facts: ProjectFacts): void {
  const pluginRef = (p: ts.Expression): GuardRef => {
    const ref = cls.pluginRef(p);
    if (!ref) return { verdict: 'unknown' };
    return { plugin: ref.workspace ? { ...ref, module: existingModule(ref.module, fileSet) } : ref };
  };
  for (const ctx of model.contexts) {
    if (ctx.external) {
      const hooks = [...ctx.hooks.map((h) => cls.guardRef(h)), ...ctx.registers.map((r) => pluginRef(r.plugin))];
      const entry = (facts.fastifyPlugins![stripExtension(rel)] ??= {});
      for (const name of ctx.external.exportNames) entry[name] = { shared: ctx.external.shared, hooks };
    }
    for (const reg of ctx.registers) {
      const ref = cls.pluginRef(reg.plugin);
      if (!ref?.workspace) continue;
      const { hooks, opaque, external } = contextGuards(ctx);
      const guards: GuardRef[] = [...hooks.map((h) => cls.guardRef(h)), ...opaque.filter((o) => o !== reg.plugin).map(pluginRef)];
      const mount: RouterMount = { framework: 'fastify', module: existingModule(ref.module, fileSet), exportName: ref.exportName, file: rel, guards };
      if (reg.prefix !== undefined) mount.prefix = joinPaths(ctx.prefix || '/', reg.prefix);
      if (external) for (const name of external.exportNames) facts.routerMounts!.push({ ...mount, via: { module: stripExtension(rel), exportName: name } });
      else facts.routerMounts!.push(mount);
    }
  }
}

/** `src/routes` → `src/routes/index` when only the index file exists. */
function existingModule(module: string, fileSet: Set<string>): string {
  const exts = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs'];
  if (exts.some((e) => fileSet.has(module + e))) return module;
  if (exts.some((e) => fileSet.has(`${module}/index${e}`))) return `${module}/index`;
  return module;
}

/** Workspace module path (no extension) a relative specifier names, preferring files that exist. */
function resolveModule(fromFile: string, specifier: string, fileSet: Set<string>): string {
  const base = resolveRelative(fromFile, specifier);
  const raw = posix.normalize(posix.join(posix.dirname(fromFile), specifier));
  const exts = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs'];
  if (fileSet.has(raw)) return stripExtension(raw);
  for (const e of exts) if (fileSet.has(base + e)) return base;
  for (const e of exts) if (fileSet.has(`${base}/index${e}`)) return `${base}/index`;
  return base;
}

/** Exported handlers and whether their bodies check the caller. */
function collectHandlers(sf: ts.SourceFile, rel: string, cls: JsClassifier, facts: ProjectFacts): void {
  const out: Record<string, 'checked' | 'unchecked'> = {};
  for (const [name, fn] of exportedFunctions(sf)) {
    if (fn.parameters.length < 1) continue;
    const state = cls.bodyState(fn);
    // Handlers that hand the request on are left out: nobody can tell.
    if (state !== 'unknown') out[name] = state;
  }
  if (Object.keys(out).length) facts.jsHandlers![stripExtension(rel)] = out;
}

/**
 * Functions a module exports, by export name: exported declarations and bindings,
 * `exports.x = (req, res) => …`, and function-valued properties or methods of
 * `module.exports = { … }` / `export default { … }` (imported as `controller.x`).
 */
function exportedFunctions(sf: ts.SourceFile): Map<string, ts.FunctionLikeDeclaration> {
  const out = new Map<string, ts.FunctionLikeDeclaration>();
  for (const [local, exported] of exportedBindings(sf)) {
    const fn = findLocalFunction(sf, local);
    if (fn) for (const name of exported) out.set(name, fn);
  }
  const fromObject = (obj: ts.ObjectLiteralExpression) => {
    for (const p of obj.properties) {
      const name = p.name && ts.isIdentifier(p.name) ? p.name.text : undefined;
      if (!name) continue;
      if (ts.isMethodDeclaration(p) && p.body) out.set(name, p);
      else if (ts.isPropertyAssignment(p)) {
        const fn = localFunction(p.initializer);
        if (fn) out.set(name, fn);
      }
    }
  };
  for (const s of sf.statements) {
    if (ts.isExportAssignment(s) && ts.isObjectLiteralExpression(unwrap(s.expression))) fromObject(unwrap(s.expression) as ts.ObjectLiteralExpression);
    if (!ts.isExpressionStatement(s) || !ts.isBinaryExpression(s.expression) || s.expression.operatorToken.kind !== ts.SyntaxKind.EqualsToken) continue;
    const left = dottedName(s.expression.left) ?? '';
    const right = unwrap(s.expression.right);
    if (left === 'module.exports' && ts.isObjectLiteralExpression(right)) fromObject(right);
    else if (/^(?:module\.)?exports\.[\w$]+$/.test(left)) {
      const fn = localFunction(right);
      if (fn) out.set(left.split('.').pop()!, fn);
    }
  }
  return out;
}

/** A top-level function declaration or `const f = (…) => …` named `name`. */
function findLocalFunction(sf: ts.SourceFile, name: string): ts.FunctionLikeDeclaration | undefined {
  for (const s of sf.statements) {
    if (ts.isFunctionDeclaration(s) && s.name?.text === name && s.body) return s;
    if (ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) {
        if (ts.isIdentifier(d.name) && d.name.text === name && d.initializer) return localFunction(d.name);
      }
    }
  }
  return undefined;
}

/** Providers: authenticating middleware on routes, exported auth middleware, Fastify hooks, Next.js session helpers. */
function collectJsProviders(
  sf: ts.SourceFile,
  rel: string,
  model: ExpressModel,
  cls: JsClassifier,
  names: AuthNames,
  calls: readonly ts.CallExpression[],
  targets: ReturnType<typeof findTargets>,
  providers: ProviderSet,
): void {
  const imports = importsOf(sf);
  const fromImport = (root: string): Pick<AuthProvider, 'module' | 'moduleKind' | 'importKind' | 'importName' | 'importExtension'> | 'local' | undefined => {
    const b = imports.get(root);
    if (!b) return 'local';
    if (b.imported === '*' || (b.imported !== 'default' && b.imported !== root)) return undefined;
    const workspace = b.module.startsWith('.');
    const ext = workspace ? /\.(?:[cm]?js)$/.exec(b.module)?.[0] : undefined;
    return {
      module: workspace ? resolveRelative(rel, b.module) : b.module,
      moduleKind: workspace ? 'workspace' : 'package',
      importKind: b.imported === 'default' ? 'default' : 'named',
      importName: root,
      ...(ext ? { importExtension: ext } : {}),
    };
  };
  const seen = [...model.routes.flatMap((r) => r.middleware), ...model.uses.flatMap((u) => u.refs)];
  for (const e of seen) {
    const u = unwrap(e);
    if (ts.isArrowFunction(u) || ts.isFunctionExpression(u) || ts.isArrayLiteralExpression(u)) continue;
    const text = u.getText(sf);
    if (text.includes('\n') || text.length > 120 || cls.verdict(u) !== 'auth') continue;
    const root = /^[A-Za-z_$][\w$]*/.exec(text)?.[0];
    if (!root) continue;
    const imp = fromImport(root);
    if (!imp) continue;
    providers.add({ name: text, kind: 'express-middleware', seenIn: rel, ...(imp === 'local' ? {} : imp) });
  }
  // Exported middleware definitions: `export function requireAuth(req, res, next)`, `module.exports = { requireAuth }`.
  for (const [local, exported] of exportedBindings(sf)) {
    const fn = findLocalFunction(sf, local);
    let verdict: 'auth' | 'none' | 'unknown' = 'none';
    let middleware = false;
    if (fn && fn.parameters.length >= 3) {
      middleware = true;
      verdict = combineVerdicts([names.jsMiddleware(local), cls.functionVerdict(fn)]);
    } else if (!fn) {
      const d = sf.statements.flatMap((s) => (ts.isVariableStatement(s) ? [...s.declarationList.declarations] : [])).find((x) => ts.isIdentifier(x.name) && x.name.text === local);
      if (d?.initializer && ts.isCallExpression(unwrap(d.initializer))) {
        middleware = true;
        verdict = cls.verdict(d.initializer);
      }
    }
    if (middleware && verdict === 'auth') {
      for (const name of exported) {
        providers.add({
          name: name === 'default' ? local : name,
          kind: 'express-middleware',
          module: stripExtension(rel),
          moduleKind: 'workspace',
          importKind: name === 'default' ? 'default' : 'named',
          seenIn: rel,
        });
      }
    }
    // Session helpers a Next.js handler can call without arguments: `export async function getCurrentUser()`.
    if (fn && fn.parameters.length === 0 && names.jsSessionCheck(local)) {
      for (const name of exported) if (name !== 'default') providers.add({ name, kind: 'next-session-check', module: stripExtension(rel), moduleKind: 'workspace', importKind: 'named', seenIn: rel });
    }
  }
  // Auth.js v5 configuration: `export const { auth, handlers } = NextAuth(…)` defines the session helper.
  for (const s of sf.statements) {
    if (!ts.isVariableStatement(s) || !s.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
    for (const d of s.declarationList.declarations) {
      const init = d.initializer && unwrap(d.initializer);
      if (!ts.isObjectBindingPattern(d.name) || !init || !ts.isCallExpression(init) || dottedName(init.expression) !== 'NextAuth') continue;
      for (const el of d.name.elements) {
        if (ts.isIdentifier(el.name) && el.name.text === 'auth' && !el.propertyName) {
          providers.add({ name: 'auth', kind: 'next-session-check', module: stripExtension(rel), moduleKind: 'workspace', importKind: 'named', seenIn: rel });
        }
      }
    }
  }
  // Next.js: session helpers called without arguments in handlers.
  for (const call of calls) {
    const callee = unwrap(call.expression);
    if (!ts.isIdentifier(callee) || call.arguments.length !== 0 || !names.jsSessionCheck(callee.text)) continue;
    const imp = fromImport(callee.text);
    if (!imp || imp === 'local' || imp.module?.startsWith('next/')) continue;
    providers.add({ name: callee.text, kind: 'next-session-check', seenIn: rel, ...imp });
  }
  // Fastify: hooks in route options.
  for (const r of buildFastifyModel(sf, calls, targets).routes) {
    for (const h of r.hooks) {
      const u = unwrap(h);
      if (ts.isPropertyAccessExpression(u) && cls.verdict(u) === 'auth') providers.add({ name: dottedName(u) ?? u.getText(sf), kind: 'fastify-hook', seenIn: rel });
    }
  }
}

/** Evidence from a Next.js middleware / proxy file. Source: Next.js "Middleware" (`config.matcher`). */
function nextMiddlewareFacts(sf: ts.SourceFile, rel: string, projectRoot: string, calls: readonly ts.CallExpression[]): NextMiddlewareFacts {
  const names = new Set<string>();
  const modules = new Set<string>();
  const cookies = new Set<string>();
  let matchers: string[] = ['/:path*'];
  for (const s of sf.statements) {
    if (ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier)) modules.add(s.moduleSpecifier.text);
    if (ts.isExportDeclaration(s) && s.moduleSpecifier && ts.isStringLiteral(s.moduleSpecifier)) {
      modules.add(s.moduleSpecifier.text);
      if (s.exportClause && ts.isNamedExports(s.exportClause)) for (const el of s.exportClause.elements) names.add((el.propertyName ?? el.name).text);
    }
    if (ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) {
        if (!ts.isIdentifier(d.name) || d.name.text !== 'config' || !d.initializer) continue;
        const obj = unwrap(d.initializer);
        if (!ts.isObjectLiteralExpression(obj)) continue;
        const m = getProperty(obj, 'matcher');
        if (m) matchers = matcherSources(m);
      }
    }
  }
  for (const c of calls) {
    const n = dottedName(c.expression)?.replace(/\(\)/g, '');
    if (n) names.add(n);
    if (n && /(?:^|\.)cookies\.(?:get|has)$/.test(n) && c.arguments[0]) {
      const v = constantString(c.arguments[0]);
      if (v) cookies.add(v);
    }
    const r = requireCall(c);
    if (r) modules.add(r.module);
  }
  const text = sf.text;
  const rejects = /\b40[13]\b/.test(text) || /redirect\([^)]*(?:log-?in|sign-?in|auth)/i.test(text);
  return { file: rel, projectRoot, matchers, names: [...names], modules: [...modules], cookies: [...cookies], rejects };
}

/** `config.matcher`: a string, an array of strings and `{ source }` objects. A non-constant value matches anything we cannot tell. */
function matcherSources(e: ts.Expression): string[] {
  const u = unwrap(e);
  const one = (x: ts.Expression): string | undefined => {
    const v = unwrap(x);
    if (ts.isObjectLiteralExpression(v)) {
      const src = getProperty(v, 'source');
      return src ? constantString(src) : undefined;
    }
    return constantString(v);
  };
  const list = ts.isArrayLiteralExpression(u) ? u.elements.map(one) : [one(u)];
  // `(` never compiles: a matcher we cannot read makes coverage "maybe".
  return list.map((x) => x ?? '(');
}

/**
 * The `config.matcher` entries of a Next.js middleware file; `['/:path*']` (everything) when it
 * exports no matcher. Source: Next.js docs, "Middleware › Matcher".
 */
export function nextMatchers(text: string): string[] {
  const sf = ts.createSourceFile('middleware.ts', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  return nextMiddlewareFacts(sf, 'middleware.ts', '', []).matchers;
}
