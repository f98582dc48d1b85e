import { posix } from 'node:path';
import ts from 'typescript';
import type { GuardRef, ProjectFacts } from '../../context';
import { dottedName, importsOf, requireCall, unwrap } from '../../js/ast';
import { chainsTo, declOf, summarizeFunction, targetOf, type Chain, type ExpressModel, type FunctionSummary, type Target } from './js-model';
import { combineVerdicts, namePath, type AuthNames, type Verdict } from './names';
import { joinPaths } from './paths';

/** Callees that receive the request without deciding anything about the caller. */
const HARMLESS_CALLEE = /^(?:next|console\.\w+|JSON\.\w+|Object\.\w+|String|Number|Boolean|Array\.\w+|Promise\.\w+|res\.\w+|NextResponse\.\w+|Response\.\w+)$/;

/** A top-level function of the file by name (declaration or `const f = (…) => …`). */
function topLevelFunction(sf: ts.SourceFile, name: string): ts.FunctionLikeDeclaration | undefined {
  for (const st of sf.statements) {
    if (ts.isFunctionDeclaration(st) && st.name?.text === name && st.body) return st;
    if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) {
        if (!ts.isIdentifier(d.name) || d.name.text !== name || !d.initializer) continue;
        const init = unwrap(d.initializer);
        if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return init;
      }
    }
  }
  return undefined;
}

/** Cookie names that carry a session or token. */
const SESSION_COOKIE = /session|token|auth|jwt|^sid$|connect\.sid/i;

/**
 * Classifies JS/TS guards and handlers for `auth/missing-authentication`, with the rule's names:
 * middleware expressions (by name, import, or by reading a local function's body), handler
 * bodies (does the handler itself check the caller?), and cross-file evidence (`GuardRef`).
 * Used by the detector and by `collectProjectFacts`.
 */
export class JsClassifier {
  private readonly imports: ReturnType<typeof importsOf>;
  private readonly byDecl: Map<ts.Node, Target>;

  constructor(
    readonly sf: ts.SourceFile,
    readonly names: AuthNames,
    readonly model: ExpressModel | undefined,
    readonly facts: ProjectFacts | undefined,
    /** Workspace-relative path of the file (module resolution of relative imports). */
    readonly relPath: string,
  ) {
    this.imports = importsOf(sf);
    this.byDecl = new Map((model?.targets ?? []).map((t) => [t.decl, t]));
  }

  /** Import specifier of the root identifier of a dotted expression, if imported. */
  moduleOf(e: ts.Expression): string | undefined {
    let u = unwrap(e);
    for (;;) {
      if (ts.isPropertyAccessExpression(u) || ts.isElementAccessExpression(u)) u = unwrap(u.expression);
      else if (ts.isCallExpression(u)) u = unwrap(u.expression);
      else break;
    }
    return ts.isIdentifier(u) ? this.imports.get(u.text)?.module : undefined;
  }

  private readonly verdicts = new Map<ts.Node, Verdict>();

  /** What a middleware / hook expression does: `auth`, `none`, or `unknown`. Cached per node. */
  verdict(e: ts.Expression, depth = 0): Verdict {
    const cached = this.verdicts.get(e);
    if (cached) return cached;
    const v = this.computeVerdict(e, depth);
    if (depth === 0) this.verdicts.set(e, v);
    return v;
  }

  private computeVerdict(e: ts.Expression, depth: number): Verdict {
    const u = unwrap(e);
    if (depth > 6) return 'unknown';
    if (ts.isArrayLiteralExpression(u)) return combineVerdicts(u.elements.map((x) => this.verdict(x, depth + 1)));
    if (ts.isArrowFunction(u) || ts.isFunctionExpression(u)) return this.functionVerdict(u);
    const router = targetOf(u, this.byDecl);
    if (router) {
      // Middleware a router `use`s runs for every request entering it.
      const inner = (this.model?.uses ?? []).filter((x) => x.target === router).flatMap((x) => x.refs);
      return combineVerdicts(inner.map((x) => this.verdict(x, depth + 1)));
    }
    const name = dottedName(u)?.replace(/\(\)/g, '');
    const byName = this.names.jsMiddleware(name, this.moduleOf(u));
    if (ts.isIdentifier(u)) {
      // A body we can read outranks a name that merely sounds harmless (`validateOrder` that answers 401).
      const d = declOf(u);
      let body: Verdict | undefined;
      if (d && ts.isFunctionDeclaration(d) && d.body) body = this.functionVerdict(d);
      else if (d && ts.isVariableDeclaration(d) && d.initializer) body = this.verdict(d.initializer, depth + 1);
      if (body === 'auth') return 'auth';
      return byName !== 'unknown' ? byName : (body ?? 'unknown');
    }
    if (byName !== 'unknown') return byName;
    if (ts.isCallExpression(u)) {
      // `upload.single('f')` where `const upload = multer()`: classify what the root is bound to.
      let root: ts.Expression = unwrap(u.expression);
      while (ts.isPropertyAccessExpression(root) || ts.isCallExpression(root)) root = unwrap(ts.isPropertyAccessExpression(root) ? root.expression : root.expression);
      if (ts.isIdentifier(root) && root !== unwrap(u.expression)) {
        const d = declOf(root);
        if (d && ts.isVariableDeclaration(d) && d.initializer && ts.isCallExpression(unwrap(d.initializer))) return this.verdict(d.initializer, depth + 1);
      }
    }
    return 'unknown';
  }

  /**
   * A Fastify plugin registered from elsewhere: only its package can tell it adds no hooks
   * (`@fastify/cors`, `@fastify/jwt` decorate but never authenticate by themselves).
   */
  pluginVerdict(e: ts.Expression): Verdict {
    const ref = this.pluginRef(e);
    return ref ? this.pluginRefVerdict(ref) : 'unknown';
  }

  /** Where a registered plugin expression comes from: a package or a workspace module's export. */
  pluginRef(e: ts.Expression): NonNullable<GuardRef['plugin']> | undefined {
    const u = unwrap(e);
    let spec: string | undefined;
    let exportName = 'default';
    if (ts.isIdentifier(u)) {
      const b = this.imports.get(u.text);
      if (!b || b.imported === '*') return undefined;
      spec = b.module;
      exportName = b.imported;
    } else {
      const r = requireCall(u);
      if (!r) return undefined;
      spec = r.module;
      exportName = r.member ?? 'default';
    }
    return spec.startsWith('.') ? { module: resolveRelative(this.relPath, spec), exportName, workspace: true } : { module: spec, exportName, workspace: false };
  }

  /**
   * What registering a plugin does to the registering context: packages known not to add hooks
   * and workspace plugins without `fastify-plugin` add none; a shared workspace plugin adds its
   * hooks; anything else cannot be told.
   */
  pluginRefVerdict(ref: NonNullable<GuardRef['plugin']>, depth = 0): Verdict {
    if (!ref.workspace) return this.names.js.nonAuthModules.includes(ref.module) ? 'none' : 'unknown';
    const facts = this.facts?.fastifyPlugins;
    const entry = facts?.[ref.module]?.[ref.exportName] ?? facts?.[`${ref.module}/index`]?.[ref.exportName];
    if (!entry || depth > 4) return 'unknown';
    if (!entry.shared) return 'none';
    return combineVerdicts(entry.hooks.map((h) => (h.plugin ? this.pluginRefVerdict(h.plugin, depth + 1) : this.guardRefVerdict(h))));
  }

  /** A middleware function we can read: it authenticates when it reads the caller or rejects with 401/403. */
  functionVerdict(fn: ts.FunctionLikeDeclaration): Verdict {
    const s = summarizeFunction(fn);
    if (this.checksCaller(s)) return 'auth';
    // Handing the request to something we cannot classify may authenticate it.
    if (s.reqCalls.some((c) => this.names.jsMiddleware(c) !== 'none' && !/^(?:next|console\.\w+)$/.test(c))) return 'unknown';
    return 'none';
  }

  /** True when a body reads the caller (req.user, a session helper, an auth header) or rejects with 401/403. */
  checksCaller(s: FunctionSummary): boolean {
    return (
      s.rejects ||
      s.props.some((p) => this.names.jsAuthProperty(p)) ||
      s.headers.some((h) => this.names.jsAuthHeader(h)) ||
      s.cookies.some((c) => SESSION_COOKIE.test(c)) ||
      s.calls.some((c) => this.names.jsSessionCheck(c) && !/^(?:req|res)\./.test(c))
    );
  }

  /**
   * Whether a function body checks the caller, following the request into helpers: a helper
   * declared in this file is read in turn; handing the request to anything we cannot classify
   * (`handlePost(req)`) means "cannot tell".
   */
  bodyState(fn: ts.FunctionLikeDeclaration, depth = 0): 'checked' | 'unchecked' | 'unknown' {
    const s = summarizeFunction(fn);
    if (this.checksCaller(s)) return 'checked';
    let unknown = false;
    for (const c of s.reqCalls) {
      if (HARMLESS_CALLEE.test(c) || this.names.jsMiddleware(c) === 'none') continue;
      const local = !c.includes('.') && depth < 3 ? topLevelFunction(this.sf, c) : undefined;
      const inner = local ? this.bodyState(local, depth + 1) : 'unknown';
      if (inner === 'checked') return 'checked';
      if (inner === 'unknown') unknown = true;
    }
    return unknown ? 'unknown' : 'unchecked';
  }

  /**
   * Whether a route handler checks the caller itself: `checked`, `unchecked` (we read its whole
   * body), or `unknown` (wrapped, imported from a module we have no facts for, or a method of an
   * object we cannot see). Also returns the summary when the body was read.
   */
  handlerState(h: ts.Expression | undefined, depth = 0): { state: 'checked' | 'unchecked' | 'unknown'; summary?: FunctionSummary; name?: string } {
    if (!h || depth > 4) return { state: 'unknown' };
    const u = unwrap(h);
    if (ts.isArrowFunction(u) || ts.isFunctionExpression(u)) {
      return { state: this.bodyState(u), summary: summarizeFunction(u) };
    }
    if (ts.isIdentifier(u)) {
      const d = declOf(u);
      if (d && ts.isFunctionDeclaration(d) && d.body) {
        return { state: this.bodyState(d), summary: summarizeFunction(d), name: u.text };
      }
      if (d && ts.isVariableDeclaration(d) && d.initializer) return { ...this.handlerState(d.initializer, depth + 1), name: u.text };
      const b = this.imports.get(u.text);
      if (b) return { state: this.importedHandler(b.module, b.imported), name: b.imported === 'default' ? u.text : b.imported };
      return { state: 'unknown', name: u.text };
    }
    if (ts.isPropertyAccessExpression(u) && ts.isIdentifier(unwrap(u.expression))) {
      const obj = unwrap(u.expression) as ts.Identifier;
      const b = this.imports.get(obj.text);
      if (b && (b.imported === '*' || b.imported === 'default')) return { state: this.importedHandler(b.module, u.name.text), name: u.name.text };
      return { state: 'unknown', name: u.name.text };
    }
    if (ts.isCallExpression(u)) {
      const name = dottedName(u.expression)?.replace(/\(\)/g, '');
      if (name && (this.names.jsMiddleware(name, this.moduleOf(u)) === 'auth' || this.names.jsSessionCheck(name))) return { state: 'checked' };
      // asyncHandler(fn), catchAsync(fn): wrappers known not to authenticate pass through.
      if (name && this.names.jsMiddleware(name, this.moduleOf(u)) === 'none' && u.arguments.length === 1) return this.handlerState(u.arguments[0], depth + 1);
      return { state: 'unknown' };
    }
    return { state: 'unknown' };
  }

  /** Facts about a handler exported by a workspace module. */
  private importedHandler(specifier: string, exportName: string): 'checked' | 'unchecked' | 'unknown' {
    if (!specifier.startsWith('.') || !this.facts?.jsHandlers) return 'unknown';
    const module = resolveRelative(this.relPath, specifier);
    const entry = this.facts.jsHandlers[module] ?? this.facts.jsHandlers[`${module}/index`];
    return entry?.[exportName] ?? 'unknown';
  }

  /** Serializes a guard for ProjectFacts: name and module as written, plus what its code says when we read it. */
  guardRef(e: ts.Expression): GuardRef {
    const u = unwrap(e);
    const name = dottedName(u)?.replace(/\(\)/g, '');
    const module = this.moduleOf(u);
    const ref: GuardRef = {};
    if (name) ref.name = name;
    // The specifier as written: only its package or file name matters for classification.
    if (module) ref.module = module;
    if (!name || (this.names.jsMiddleware(name, module) === 'unknown' && !module)) ref.verdict = this.verdict(u);
    return ref;
  }

  /** Verdict of a guard recorded in ProjectFacts. */
  guardRefVerdict(ref: GuardRef): Verdict {
    if (ref.plugin) return this.pluginRefVerdict(ref.plugin);
    if (ref.verdict) return ref.verdict;
    return this.names.jsMiddleware(ref.name, ref.module);
  }

  /**
   * The chains of a router defined here and mounted in other files, from ProjectFacts: each
   * mount's prefix and guards, following mounts of mounting routers (`via`). Undefined when no
   * mount is known (then nobody can tell what runs before its routes).
   */
  externalChains(target: Target | { exportNames: readonly string[] }, framework: 'express' | 'fastify' = 'express', depth = 0): { prefix: string; guards: Verdict }[] | undefined {
    const self = stripExtension(this.relPath);
    const modules = new Set([self, self.replace(/\/index$/, '')]);
    return this.mountsOf(framework, modules, target.exportNames, depth);
  }

  private mountsOf(framework: 'express' | 'fastify', modules: Set<string>, exportNames: readonly string[], depth: number): { prefix: string; guards: Verdict }[] | undefined {
    if (depth > 4 || !this.facts?.routerMounts) return undefined;
    const mounts = this.facts.routerMounts.filter((m) => m.framework === framework && modules.has(m.module) && exportNames.includes(m.exportName));
    if (mounts.length === 0) return undefined;
    const out: { prefix: string; guards: Verdict }[] = [];
    for (const m of mounts) {
      const own = combineVerdicts(m.guards.map((g) => this.guardRefVerdict(g)));
      if (!m.via) {
        out.push({ prefix: m.prefix ?? '*', guards: own });
        continue;
      }
      const parents = this.mountsOf(framework, new Set([m.via.module, m.via.module.replace(/\/index$/, '')]), [m.via.exportName], depth + 1);
      if (!parents) {
        out.push({ prefix: m.prefix ?? '*', guards: combineVerdicts([own, 'unknown']) });
        continue;
      }
      for (const p of parents) out.push({ prefix: joinPaths(p.prefix, m.prefix ?? '*'), guards: combineVerdicts([p.guards, own]) });
    }
    return out;
  }

  /**
   * The verdict of each way requests reach an Express route, with its full path. Undefined when
   * the router's mounts are in files we have no facts for.
   */
  expressRouteChains(model: ExpressModel, target: Target, path: string, pos: number, routeMiddleware: readonly ts.Expression[]): { fullPath: string; verdict: Verdict }[] | undefined {
    const out: { fullPath: string; verdict: Verdict }[] = [];
    const route = routeMiddleware.map((m) => this.verdict(m));
    for (const c of chainsTo(model, target, path, pos)) {
      const v = this.chainVerdict(c, route);
      if (!c.external) {
        out.push({ fullPath: c.fullPath, verdict: v });
        continue;
      }
      const ext = this.externalChains(c.external);
      if (!ext) return undefined;
      for (const e of ext) out.push({ fullPath: e.prefix === '*' ? `*${c.fullPath === '/' ? '' : c.fullPath}` : joinPaths(e.prefix, c.fullPath), verdict: combineVerdicts([v, e.guards]) });
    }
    return out;
  }

  private chainVerdict(c: Chain, route: Verdict[]): Verdict {
    const maybe = c.maybeRefs.map((r): Verdict => (this.verdict(r) === 'none' ? 'none' : 'unknown'));
    return combineVerdicts([...c.refs.map((r) => this.verdict(r)), ...maybe, ...route, c.opaque ? 'unknown' : 'none']);
  }

  /** True when a handler's own name says it is public by nature (`login`, `register`). */
  publicByName(name: string | undefined): boolean {
    return !!name && this.names.isPublicPath(namePath(name));
  }
}

/** Workspace-relative module path for a relative import specifier, without extension. */
export function resolveRelative(fromFile: string, specifier: string): string {
  return stripExtension(posix.normalize(posix.join(posix.dirname(fromFile), specifier)));
}

/** `src/a/b.ts` → `src/a/b`. */
export function stripExtension(path: string): string {
  return path.replace(/\.(?:[cm]?[jt]sx?|py)$/, '');
}

/** The relative import specifier from one workspace file to a workspace module (`../middleware/auth`). */
export function relativeSpecifier(fromFile: string, module: string, extension = ''): string {
  let rel = posix.relative(posix.dirname(fromFile), module);
  if (!rel.startsWith('.')) rel = `./${rel}`;
  return rel + extension;
}
