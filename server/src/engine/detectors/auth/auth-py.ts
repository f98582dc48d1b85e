import type { Node } from 'web-tree-sitter';
import type { AuthProvider } from '../../context';
import type { PyContext, PyDetector } from '../../detector';
import { makeFix } from '../../fixes/edits';
import { ensurePyImport, type OffsetEdit } from '../../fixes/imports';
import { constantString, dottedName, keywordArg, positionalArgs } from '../../python/ast';
import type { Fix, Severity } from '../../types';
import { stripExtension } from './js-classify';
import { AuthOptionsSchema, RULE_ID, authNames, combineVerdicts, namePath, type AuthNames, type Verdict } from './names';
import { joinPaths } from './paths';
import { PyDeps, decoratorList, findRouteObjects, frameworksOf, pyBodyState, pyChecksCaller, pyHookVerdict, routeDecorators, stringList, summarizePy, type PyRouteDecorator, type PyRouteObject } from './py-model';
import { djangoProjectDir } from './py-facts';

/**
 * `auth/missing-authentication` for Python (CWE-306, CWE-862): state-changing routes and views
 * without authentication in Flask, FastAPI, Django function and class-based views, and Django
 * REST framework. Anything on the path that cannot be classified (an unknown decorator,
 * dependency, base class or middleware; a router included in a file we have no facts for;
 * DRF views without a known project default) means "cannot tell" and no finding.
 */

const RULE = RULE_ID;

const EXPECTED = {
  flask:
    'Add @login_required (Flask-Login), @jwt_required() (Flask-JWT-Extended) or your own auth decorator below the route decorator, or abort(401) when current_user is not authenticated; name your own decorators under auth.decorators in .redline.json',
  fastapi:
    'Add an authentication dependency to the route (dependencies=[Depends(get_current_user)] or a user: User = Depends(get_current_user) parameter), its router or the app; name your own dependencies under auth.dependencies in .redline.json',
  django:
    'Decorate the view with @login_required, @permission_required or @user_passes_test, or check request.user.is_authenticated; name your own decorators under auth.decorators in .redline.json',
  drf: "Set permission_classes = [IsAuthenticated] (or another permission class that requires a user), or require it project-wide in REST_FRAMEWORK['DEFAULT_PERMISSION_CLASSES']",
  cbv: 'Add LoginRequiredMixin as the first base (or PermissionRequiredMixin / UserPassesTestMixin), or decorate dispatch with method_decorator(login_required)',
  order: 'Put the authentication decorator below the route decorator: Flask registers the function the route decorator receives',
  webhook: "Verify the provider's signature before acting on the payload (e.g. stripe.Webhook.construct_event, hmac.compare_digest of the expected HMAC)",
};

const PROBLEM = {
  state: 'changes state, and nothing on its path authenticates the caller',
  admin: 'is an admin-like route, and nothing on its path authenticates the caller',
  webhook: "receives webhooks without verifying the sender's signature, so anyone can call it",
};

const WEBHOOK_REASON = 'a webhook is called by its provider, not a signed-in user: verify its signature in the handler instead';

/** DRF generic views / mixins and the unsafe methods they implement. Source: DRF "Generic views", "ViewSets". */
const DRF_BASES: Record<string, string[]> = {
  APIView: [], GenericAPIView: [], ViewSet: [], GenericViewSet: [], ViewSetMixin: [], ReadOnlyModelViewSet: [], ListAPIView: [], RetrieveAPIView: [],
  ListModelMixin: [], RetrieveModelMixin: [],
  ModelViewSet: ['POST', 'PUT', 'PATCH', 'DELETE'],
  CreateAPIView: ['POST'], ListCreateAPIView: ['POST'], CreateModelMixin: ['POST'],
  UpdateAPIView: ['PUT', 'PATCH'], RetrieveUpdateAPIView: ['PUT', 'PATCH'], UpdateModelMixin: ['PUT', 'PATCH'],
  DestroyAPIView: ['DELETE'], RetrieveDestroyAPIView: ['DELETE'], DestroyModelMixin: ['DELETE'],
  RetrieveUpdateDestroyAPIView: ['PUT', 'PATCH', 'DELETE'],
};
/** Django generic class-based views and the unsafe methods they implement. Source: Django "Generic editing views". */
const DJANGO_BASES: Record<string, string[]> = {
  View: [], TemplateView: [], DetailView: [], ListView: [], RedirectView: [], ArchiveIndexView: [], ContextMixin: [], TemplateResponseMixin: [],
  SingleObjectMixin: [], MultipleObjectMixin: [], SuccessMessageMixin: [], FormMixin: [], ModelFormMixin: [], SingleObjectTemplateResponseMixin: [],
  CreateView: ['POST'], UpdateView: ['POST'], FormView: ['POST'], BaseCreateView: ['POST'], BaseUpdateView: ['POST'], BaseFormView: ['POST'], ProcessFormView: ['POST'],
  DeleteView: ['POST', 'DELETE'], BaseDeleteView: ['POST', 'DELETE'], DeletionMixin: ['POST', 'DELETE'],
};
const VIEWSET_ACTIONS: Record<string, string> = { create: 'POST', update: 'PUT', partial_update: 'PATCH', destroy: 'DELETE' };
const HTTP_DEFS: Record<string, string> = { post: 'POST', put: 'PUT', patch: 'PATCH', delete: 'DELETE', get: 'GET' };

interface Candidate {
  node: Node;
  method: string;
  path: string;
  problem: string;
  expected: string;
  admin?: boolean;
  fixes: Fix[];
  noFixReason?: string;
}

/** The Python detector of `auth/missing-authentication`: collects definitions and calls in the shared walk, judges routes and views in `finish`. */
export const authPy: PyDetector = {
  family: 'python',
  name: 'auth-py',
  // Routes need a web framework's import (Flask, FastAPI, Django, DRF…) or a Django view's request.method.
  prefilter: (text) => /\b(?:flask|fastapi|django|rest_framework|starlette|quart)\b|request\.method/i.test(text),
  rules: [RULE],
  create(ctx) {
    const functions: Node[] = [];
    const classes: Node[] = [];
    const calls: Node[] = [];
    return {
      visit: {
        function_definition: (n) => {
          functions.push(n);
        },
        class_definition: (n) => {
          classes.push(n);
        },
        call: (n) => {
          calls.push(n);
        },
      },
      finish() {
        // The shared walk already saw every call: later lookups reuse it instead of walking again.
        callCache.set(ctx.tree.rootNode.tree, calls);
        const names = authNames(ctx.options(RULE, AuthOptionsSchema), ctx.config.auth);
        new PyRun(ctx, names, functions, classes).run();
      },
    };
  },
};

class PyRun {
  private readonly root: Node;
  private readonly fw: ReturnType<typeof frameworksOf>;
  private readonly objects: Map<string, PyRouteObject>;
  private readonly deps: PyDeps;
  private readonly reported = new Set<number>();
  private readonly self: string;

  constructor(
    private readonly ctx: PyContext,
    private readonly names: AuthNames,
    private readonly functions: Node[],
    private readonly classes: Node[],
  ) {
    this.root = ctx.tree.rootNode;
    this.fw = frameworksOf(this.root);
    this.objects = findRouteObjects(this.root);
    this.deps = new PyDeps(this.root, names);
    this.self = stripExtension(ctx.file.relPath);
  }

  run(): void {
    if (!this.fw.flask && !this.fw.fastapi && !this.fw.django && !this.fw.drf) return;
    for (const fn of this.functions) {
      const routes = routeDecorators(fn);
      if (routes.length) {
        const rd = routes[0]!;
        const obj = this.objects.get(rd.object);
        const fastapi = obj ? obj.kind.startsWith('fastapi') : this.fw.fastapi && !this.fw.flask ? true : rd.verb === 'api_route';
        if (fastapi) this.fastapiRoute(fn, rd, obj);
        else if (this.fw.flask) this.flaskRoute(fn, routes, obj);
        continue;
      }
      if ((this.fw.django || this.fw.drf) && isModuleLevel(fn)) this.djangoFunction(fn);
    }
    if (this.fw.django || this.fw.drf) for (const c of this.classes) if (isModuleLevel(c)) this.djangoClass(c);
  }

  private report(c: Candidate): void {
    const start = c.node.startIndex;
    if (this.reported.has(start)) return;
    this.reported.add(start);
    const severity: Severity | undefined = c.admin ? 'error' : undefined;
    this.ctx.report({
      ruleId: RULE,
      start,
      end: c.node.endIndex,
      args: { method: c.method, path: c.path, problem: c.problem, expected: c.expected },
      ...(severity ? { severity } : {}),
      key: `${c.method} ${c.path}`,
      fixes: c.fixes,
      ...(c.fixes.length === 0 && c.noFixReason ? { noFixReason: c.noFixReason } : {}),
      properties: { method: c.method, path: c.path },
    });
  }

  /** Whether a handler checks the caller (following the request into this module's helpers). */
  private bodyState(fn: Node): 'checked' | 'unchecked' | 'unknown' {
    return pyBodyState(fn, this.names, (n) => this.deps.definition(n));
  }

  /** Method/path/handler checks shared by Flask and FastAPI. Returns the finding's kind or undefined. */
  private judge(fn: Node, methods: string[], path: string): { method: string; kind: 'state' | 'admin' | 'webhook' } | undefined {
    const admin = this.names.isAdminPath(path);
    const changing = methods.filter((m) => this.names.isStateChanging(m));
    if (!admin && changing.length === 0) return undefined;
    const summary = summarizePy(fn);
    if (this.bodyState(fn) !== 'unchecked') return undefined;
    const method = (changing.length ? changing : methods).join('/');
    const name = fn.childForFieldName('name')?.text ?? '';
    if (this.names.isWebhookPath(path) || this.names.isWebhookPath(namePath(name))) {
      if (summary.calls.some((c) => this.names.isSignatureCheck(c))) return undefined;
      return { method, kind: 'webhook' };
    }
    if (this.names.isPublicPath(path) || this.names.isPublicPath(namePath(name))) return undefined;
    return { method, kind: admin ? 'admin' : 'state' };
  }

  // ------------------------------------------------------------------ Flask

  private flaskRoute(fn: Node, routes: PyRouteDecorator[], obj: PyRouteObject | undefined): void {
    const rd = routes[0]!;
    if (rd.path === null) return;
    let methods: string[];
    if (rd.verb === 'route') {
      const m = keywordArg(rd.call, 'methods');
      const list = m ? stringList(m) : ['GET'];
      if (!list) return;
      methods = list.map((x) => x.toUpperCase());
    } else methods = [rd.verb.toUpperCase()];
    const decs = decoratorList(fn);
    const routeIdx = new Set(routes.map((r) => r.index));
    const top = Math.min(...routeIdx);
    const bottom = Math.max(...routeIdx);
    const below = decs.filter((d) => d.index > bottom);
    const between = decs.filter((d) => d.index > top && d.index < bottom && !routeIdx.has(d.index));
    const above = decs.filter((d) => d.index < top);
    if (combineVerdicts([...below, ...between].map((d) => this.names.pyDecorator(d.name))) !== 'none') return;
    // Request hooks: on this object or app-wide, in this file and (from facts) elsewhere.
    const project = this.ctx.project;
    const scanned = project.scanned === true && project.pythonScanned === true;
    if (!scanned && (!obj || obj.kind === 'flask-blueprint')) return;
    const hooks: Verdict[] = this.flaskHooksHere()
      .filter((h) => h.scope === 'app' || h.target === rd.object)
      .map((h) => h.verdict);
    for (const h of project.flaskHooks ?? []) {
      if (h.file === this.ctx.file.relPath) continue;
      if (h.scope === 'app' || h.target === rd.object) hooks.push(h.guard.verdict ?? this.names.pyDecorator(h.guard.name ?? ''));
    }
    if (combineVerdicts(hooks) !== 'none') return;
    const prefix = this.flaskPrefix(rd.object, obj);
    const path = joinPaths(prefix, rd.path);
    const j = this.judge(fn, methods, path);
    if (!j) return;
    const misplaced = above.find((d) => this.names.pyDecorator(d.name) === 'auth');
    if (misplaced && j.kind !== 'webhook') {
      const fix = this.moveDecoratorFix(fn, misplaced.node);
      this.report({ node: rd.decorator, method: j.method, path, problem: `is not protected: @${misplaced.expr.text} sits above the route decorator, so Flask registers the undecorated function`, expected: EXPECTED.order, admin: j.kind === 'admin', fixes: [fix] });
      return;
    }
    if (j.kind === 'webhook') {
      this.report({ node: rd.decorator, method: j.method, path, problem: PROBLEM.webhook, expected: EXPECTED.webhook, fixes: [], noFixReason: WEBHOOK_REASON });
      return;
    }
    const fix = this.flaskFix(fn, j.method, path);
    this.report({ node: rd.decorator, method: j.method, path, problem: PROBLEM[j.kind], expected: EXPECTED.flask, admin: j.kind === 'admin', fixes: fix.fixes, ...(fix.reason ? { noFixReason: fix.reason } : {}) });
  }

  private hooksCache?: { target: string; scope: 'app' | 'blueprint'; verdict: Verdict }[];

  /** `@X.before_request`, `@bp.before_app_request`, `X.before_request(fn)` in this file. */
  private flaskHooksHere(): { target: string; scope: 'app' | 'blueprint'; verdict: Verdict }[] {
    if (this.hooksCache) return this.hooksCache;
    this.hooksCache = flaskHooks(this.root, this.objects, this.names, this.functions).map((h) => ({ target: h.target, scope: h.scope, verdict: h.verdict }));
    return this.hooksCache;
  }

  /** `url_prefix` of a blueprint: its constructor, `register_blueprint` here, or a mount elsewhere (facts). */
  private readonly prefixCache = new Map<string, string>();

  private flaskPrefix(name: string, obj: PyRouteObject | undefined): string {
    let p = this.prefixCache.get(name);
    if (p === undefined) this.prefixCache.set(name, (p = this.computeFlaskPrefix(name, obj)));
    return p;
  }

  private computeFlaskPrefix(name: string, obj: PyRouteObject | undefined): string {
    for (const call of callsIn(this.root)) {
      const f = call.childForFieldName('function');
      if (f?.type !== 'attribute' || f.childForFieldName('attribute')?.text !== 'register_blueprint') continue;
      if (positionalArgs(call)[0]?.text !== name) continue;
      const p = constantString(keywordArg(call, 'url_prefix'));
      if (p !== undefined) return p;
    }
    const mount = (this.ctx.project.routerMounts ?? []).find((m) => m.framework === 'flask' && m.module === this.self && m.exportName === name && m.prefix !== undefined);
    if (mount) return mount.prefix!;
    return obj?.prefix ?? '';
  }

  /** Adds the auth decorator this file or the workspace uses, directly above `def`, with its import. */
  private flaskFix(fn: Node, method: string, path: string): { fixes: Fix[]; reason?: string } {
    // In-file evidence: an auth decorator on another route here.
    const inFile = this.inFileDecorator();
    if (inFile) return { fixes: [this.fix(`Require authentication on ${method} ${path} with @${inFile}`, [this.decoratorAboveDef(fn, inFile)])] };
    return this.providerFix(
      'flask-decorator',
      (p) => this.names.pyDecorator(p.name.replace(/\(.*$/s, '')) === 'auth',
      (p, imports) => this.fix(`Require authentication on ${method} ${path} with @${p.name} (as in ${p.seenIn})`, [this.decoratorAboveDef(fn, p.name), ...imports]),
      'No authentication decorator is used in this workspace yet, so Redline will not invent one: add one (e.g. Flask-Login login_required, Flask-JWT-Extended jwt_required()) below the route decorator.',
    );
  }

  private inFileDecoratorCache?: { text: string | undefined };

  /** The first auth decorator placed below a route decorator in this file, as written (once per run). */
  private inFileDecorator(): string | undefined {
    if (this.inFileDecoratorCache) return this.inFileDecoratorCache.text;
    let text: string | undefined;
    for (const other of this.functions) {
      const routes = routeDecorators(other);
      if (routes.length === 0) continue;
      const bottom = Math.max(...routes.map((r) => r.index));
      const d = decoratorList(other).find((x) => x.index > bottom && this.names.pyDecorator(x.name) === 'auth');
      if (d) {
        text = d.expr.text;
        break;
      }
    }
    this.inFileDecoratorCache = { text };
    return text;
  }

  private inFileDependencyCache?: { text: string | undefined };

  /** The first auth dependency (not a bare security scheme) a function of this file depends on (once per run). */
  private inFileDependency(): string | undefined {
    if (this.inFileDependencyCache) return this.inFileDependencyCache.text;
    let text: string | undefined;
    outer: for (const other of this.functions) {
      for (const d of this.deps.paramDepNodes(other)) {
        if (!d.expr || d.expr.type === 'call' || this.deps.target(d.expr) !== 'auth') continue;
        const scheme = this.deps.assignment(d.expr.text);
        if (scheme?.type === 'call' && this.names.pySecurityScheme(dottedName(scheme.childForFieldName('function')) ?? '')) continue;
        text = d.expr.text;
        break outer;
      }
    }
    this.inFileDependencyCache = { text };
    return text;
  }

  /** Moves a misplaced decorator line to directly above `def`. */
  private moveDecoratorFix(fn: Node, decorator: Node): Fix {
    const L = this.ctx.lines;
    const line = L.positionAt(decorator.startIndex).line;
    const start = L.lineStarts[line]!;
    const end = line + 1 < L.lineCount ? L.lineStarts[line + 1]! : L.text.length;
    return this.fix(`Move @${decorator.namedChildren[0]?.text ?? ''} below the route decorator`, [
      { start, end, newText: '' },
      this.decoratorAboveDef(fn, decorator.namedChildren[0]?.text ?? ''),
    ]);
  }

  // ------------------------------------------------------------------ FastAPI

  private fastapiRoute(fn: Node, rd: PyRouteDecorator, obj: PyRouteObject | undefined): void {
    if (rd.path === null || !obj) return;
    let methods: string[];
    if (rd.verb === 'api_route') {
      const m = keywordArg(rd.call, 'methods');
      const list = m ? stringList(m) : ['GET'];
      if (!list) return;
      methods = list.map((x) => x.toUpperCase());
    } else if (rd.verb === 'route') return;
    else methods = [rd.verb.toUpperCase()];
    const routeDeps = [...this.deps.listDeps(keywordArg(rd.call, 'dependencies')), ...this.deps.paramDeps(fn)];
    const others = decoratorList(fn).filter((d) => d.index !== rd.index).map((d) => this.names.pyDecorator(d.name));
    const own = combineVerdicts([...routeDeps, ...others]);
    if (own !== 'none') return;
    const chains = this.fastapiChains(obj.name, 0);
    if (!chains) return;
    const open = chains.find((c) => c.verdict === 'none');
    if (!open) return;
    const path = joinPaths(open.prefix, rd.path);
    const j = this.judge(fn, methods, path);
    if (!j) return;
    if (j.kind === 'webhook') {
      this.report({ node: rd.decorator, method: j.method, path, problem: PROBLEM.webhook, expected: EXPECTED.webhook, fixes: [], noFixReason: WEBHOOK_REASON });
      return;
    }
    const fix = this.fastapiFix(fn, rd, j.method, path);
    this.report({ node: rd.decorator, method: j.method, path, problem: PROBLEM[j.kind], expected: EXPECTED.fastapi, admin: j.kind === 'admin', fixes: fix.fixes, ...(fix.reason ? { noFixReason: fix.reason } : {}) });
  }

  /**
   * Every way requests reach routes of the object `name`: prefix and the verdict of the router's,
   * includes' and app's dependencies and middleware. Undefined when the router is included only in
   * files we have no facts for.
   */
  private readonly chainCache = new Map<string, { prefix: string; verdict: Verdict }[] | undefined>();

  private fastapiChains(name: string, depth: number): { prefix: string; verdict: Verdict }[] | undefined {
    if (depth === 0 && this.chainCache.has(name)) return this.chainCache.get(name);
    const out = this.computeFastapiChains(name, depth);
    if (depth === 0) this.chainCache.set(name, out);
    return out;
  }

  private computeFastapiChains(name: string, depth: number): { prefix: string; verdict: Verdict }[] | undefined {
    const obj = this.objects.get(name);
    if (!obj || depth > 4) return undefined;
    const own = [...this.deps.listDeps(keywordArg(obj.call, 'dependencies')), ...this.appMiddleware(name)];
    if (obj.kind === 'fastapi-app') return [{ prefix: obj.prefix, verdict: combineVerdicts(own) }];
    const out: { prefix: string; verdict: Verdict }[] = [];
    for (const call of callsIn(this.root)) {
      const f = call.childForFieldName('function');
      if (f?.type !== 'attribute' || f.childForFieldName('attribute')?.text !== 'include_router') continue;
      if (positionalArgs(call)[0]?.text !== name) continue;
      const parent = f.childForFieldName('object')?.text ?? '';
      const parents = this.fastapiChains(parent, depth + 1) ?? [{ prefix: '', verdict: 'unknown' as Verdict }];
      const inc = this.deps.listDeps(keywordArg(call, 'dependencies'));
      const prefix = constantString(keywordArg(call, 'prefix')) ?? '';
      for (const p of parents) out.push({ prefix: joinPaths(joinPaths(p.prefix, prefix), obj.prefix), verdict: combineVerdicts([p.verdict, ...inc, ...own]) });
    }
    if (out.length) return out;
    const ext = this.externalMounts('fastapi', name, 0);
    if (!ext) return undefined;
    return ext.map((e) => ({ prefix: joinPaths(e.prefix, obj.prefix), verdict: combineVerdicts([e.verdict, ...own]) }));
  }

  /** Mounts of a router of this module in other files (ProjectFacts), following `via`. */
  private externalMounts(framework: 'fastapi' | 'flask', exportName: string, depth: number, module = this.self): { prefix: string; verdict: Verdict }[] | undefined {
    if (depth > 4) return undefined;
    const modules = new Set([module, module.replace(/\/__init__$/, '')]);
    const mounts = (this.ctx.project.routerMounts ?? []).filter((m) => m.framework === framework && modules.has(m.module) && m.exportName === exportName);
    if (mounts.length === 0) return undefined;
    const out: { prefix: string; verdict: Verdict }[] = [];
    for (const m of mounts) {
      const v = combineVerdicts(m.guards.map((g) => g.verdict ?? this.names.pyDependency(g.name ?? '')));
      if (!m.via) {
        out.push({ prefix: m.prefix ?? '', verdict: v });
        continue;
      }
      const parents = this.externalMounts(framework, m.via.exportName, depth + 1, m.via.module);
      if (!parents) out.push({ prefix: m.prefix ?? '', verdict: combineVerdicts([v, 'unknown']) });
      else for (const p of parents) out.push({ prefix: joinPaths(p.prefix, m.prefix ?? ''), verdict: combineVerdicts([p.verdict, v]) });
    }
    return out;
  }

  /** `app.add_middleware(Cls)` and `@app.middleware("http")` on an app object. */
  private appMiddleware(name: string): Verdict[] {
    const out: Verdict[] = [];
    for (const call of callsIn(this.root)) {
      const f = call.childForFieldName('function');
      if (f?.type !== 'attribute' || f.childForFieldName('object')?.text !== name) continue;
      if (f.childForFieldName('attribute')?.text === 'add_middleware') out.push(this.names.asgiMiddleware(dottedName(positionalArgs(call)[0]) ?? ''));
    }
    for (const fn of this.functions) {
      for (const d of decoratorList(fn)) if (d.name === `${name}.middleware`) out.push(pyHookVerdict(fn, this.names));
    }
    return out;
  }

  /** Adds `dependencies=[Depends(dep)]` (merged into an existing list) with the dependency this file or workspace uses. */
  private fastapiFix(_fn: Node, rd: PyRouteDecorator, method: string, path: string): { fixes: Fix[]; reason?: string } {
    const edit = (dep: string): OffsetEdit => {
      const list = keywordArg(rd.call, 'dependencies');
      if (list && list.type === 'list') return { start: list.startIndex + 1, end: list.startIndex + 1, newText: list.namedChildren.length ? `Depends(${dep}), ` : `Depends(${dep})` };
      const args = rd.call.childForFieldName('arguments')!;
      const last = args.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment').pop();
      return last ? { start: last.endIndex, end: last.endIndex, newText: `, dependencies=[Depends(${dep})]` } : { start: args.startIndex + 1, end: args.startIndex + 1, newText: `dependencies=[Depends(${dep})]` };
    };
    // In-file evidence: an auth dependency used or defined here.
    const inFile = this.inFileDependency();
    if (inFile) return { fixes: [this.fix(`Require authentication on ${method} ${path} with Depends(${inFile})`, [edit(inFile), ...this.imports([{ module: 'fastapi', name: 'Depends' }])])] };
    return this.providerFix(
      'fastapi-dependency',
      (p) => this.names.pyDependency(p.name) === 'auth',
      (p, _imports) => this.fix(`Require authentication on ${method} ${path} with Depends(${p.name}) (as in ${p.seenIn})`, [edit(p.name), ...this.imports([{ module: 'fastapi', name: 'Depends' }, ...this.providerImports(p)])]),
      'No authentication dependency is used in this workspace yet, so Redline will not invent one: add one (e.g. get_current_user built on OAuth2PasswordBearer) and depend on it here.',
      true,
    );
  }

  // ------------------------------------------------------------------ Django

  private djangoFunction(fn: Node): void {
    const params = fn.childForFieldName('parameters')?.namedChildren.filter((c): c is Node => !!c) ?? [];
    const first = params[0];
    const firstName = first?.type === 'identifier' ? first.text : (first?.childForFieldName('name') ?? first?.namedChildren[0])?.text;
    if (firstName !== 'request') return;
    // Private helpers (`_handle(request)`) are not views.
    if (fn.childForFieldName('name')?.text.startsWith('_')) return;
    const decs = decoratorList(fn);
    const last = (n: string) => n.split('.').pop() ?? n;
    const apiView = decs.find((d) => last(d.name) === 'api_view');
    const viewFile = /(?:^|\/)(?:views?|api|endpoints?)(?:\.py$|\/)/.test(this.ctx.file.relPath);
    if (!viewFile && !decs.some((d) => /^(?:require_POST|require_GET|require_safe|require_http_methods|csrf_exempt|api_view)$/.test(last(d.name)))) return;
    if (decs.some((d) => last(d.name) === 'login_not_required')) return;
    const name = fn.childForFieldName('name')!;
    let methods: string[];
    const summary = summarizePy(fn);
    if (apiView) methods = (apiView.expr.type === 'call' ? stringList(positionalArgs(apiView.expr)[0] ?? keywordArg(apiView.expr, 'http_method_names')) : undefined) ?? ['GET'];
    else if (decs.some((d) => last(d.name) === 'require_POST')) methods = ['POST'];
    else if (decs.some((d) => /^(?:require_GET|require_safe)$/.test(last(d.name)))) methods = ['GET'];
    else {
      const rhm = decs.find((d) => last(d.name) === 'require_http_methods');
      methods = rhm ? (stringList(rhm.expr.type === 'call' ? positionalArgs(rhm.expr)[0] : undefined) ?? []) : summary.methods;
    }
    methods = methods.map((m) => m.toUpperCase());
    const changing = methods.filter((m) => this.names.isStateChanging(m));
    if (changing.length === 0) return;
    const perm = decs.find((d) => last(d.name) === 'permission_classes');
    const others = decs.filter((d) => d !== apiView && d !== perm).map((d) => this.names.pyDecorator(d.name));
    if (combineVerdicts(others) !== 'none') return;
    if (this.djangoProjectGuard(name.text) !== 'none') return;
    let permVerdict: Verdict = 'none';
    let permOpen = '';
    if (apiView) {
      if (perm) {
        const arg = perm.expr.type === 'call' ? positionalArgs(perm.expr)[0] : undefined;
        permVerdict = arg ? this.permissionList(arg) : 'unknown';
        permOpen = arg ? listLabel(arg) : '';
      } else {
        const d = this.projectDefault();
        permVerdict = d.verdict;
        permOpen = d.label;
      }
      if (permVerdict !== 'none') return;
    }
    if (this.bodyState(fn) !== 'unchecked') return;
    if (this.names.isPublicPath(namePath(name.text))) return;
    const method = changing.join('/');
    const path = `view ${name.text}`;
    if (this.names.isWebhookPath(namePath(name.text))) {
      if (summary.calls.some((c) => this.names.isSignatureCheck(c))) return;
      this.report({ node: name, method, path, problem: PROBLEM.webhook, expected: EXPECTED.webhook, fixes: [], noFixReason: WEBHOOK_REASON });
      return;
    }
    if (apiView) {
      const fix = perm && perm.expr.type === 'call' && positionalArgs(perm.expr)[0]
        ? this.fix('Require an authenticated user (permission_classes([IsAuthenticated]))', [replaceNode(positionalArgs(perm.expr)[0]!, '[IsAuthenticated]'), ...this.imports([{ module: 'rest_framework.permissions', name: 'IsAuthenticated' }])])
        : this.fix('Require an authenticated user (@permission_classes([IsAuthenticated]))', [
            this.decoratorAboveDef(fn, 'permission_classes([IsAuthenticated])'),
            ...this.imports([
              { module: 'rest_framework.decorators', name: 'permission_classes' },
              { module: 'rest_framework.permissions', name: 'IsAuthenticated' },
            ]),
          ]);
      this.report({ node: name, method, path, problem: `changes state, and its permission classes (${permOpen}) let anyone call it`, expected: EXPECTED.drf, fixes: [fix] });
      return;
    }
    const fix = this.fix('Require a logged-in user (@login_required)', [this.decoratorAboveDef(fn, 'login_required'), ...this.imports([{ module: 'django.contrib.auth.decorators', name: 'login_required' }])]);
    this.report({ node: name, method, path, problem: PROBLEM.state, expected: EXPECTED.django, fixes: [fix] });
  }

  /** True when the file lies in the Django project whose settings the facts describe. */
  private inDjangoProject(): boolean {
    const settings = this.ctx.project.djangoSettingsFile;
    if (settings === undefined) return true; // facts without a settings file: nothing project-wide is known either way
    const dir = djangoProjectDir(settings);
    return dir === '' || this.ctx.file.relPath.startsWith(`${dir}/`);
  }

  /** Guards Django applies outside the view: LoginRequiredMiddleware-style middleware, `urls.py` wrappers. */
  private djangoProjectGuard(view: string): Verdict {
    if (!this.inDjangoProject()) return 'none';
    const p = this.ctx.project;
    const mw = (p.djangoMiddleware ?? []).map((m) => this.names.djangoMiddleware(m));
    const wrap = (p.djangoUrlWrappers ?? []).filter((w) => w.view === view).flatMap((w) => w.wrappers.map((x) => this.names.pyDecorator(x)));
    return combineVerdicts([...mw, ...wrap]);
  }

  /** DRF's project default permission classes from the settings (facts); unknown without settings. */
  private projectDefault(): { verdict: Verdict; label: string } {
    const list = this.inDjangoProject() ? this.ctx.project.drfDefaultPermissionClasses : undefined;
    if (!list) return { verdict: 'unknown', label: '' };
    if (list.length === 0) return { verdict: 'none', label: 'none' };
    return { verdict: combineVerdicts(list.map((c) => this.names.permissionClass(c))), label: `project default ${list.map((c) => c.split('.').pop()).join(', ')}` };
  }

  /** Verdict of a `permission_classes` value: list semantics (all must pass), `|` and `&` composition. */
  private permissionList(n: Node): Verdict {
    const one = (x: Node): Verdict => {
      if (x.type === 'identifier' || x.type === 'attribute') return this.names.permissionClass(dottedName(x) ?? x.text);
      if (x.type === 'binary_operator') {
        const op = x.childForFieldName('operator')?.text;
        const l = one(x.childForFieldName('left')!);
        const r = one(x.childForFieldName('right')!);
        if (op === '|') return l === 'none' || r === 'none' ? 'none' : l === 'auth' && r === 'auth' ? 'auth' : 'unknown';
        if (op === '&') return l === 'auth' || r === 'auth' ? 'auth' : l === 'none' && r === 'none' ? 'none' : 'unknown';
      }
      if (x.type === 'parenthesized_expression' && x.namedChildren[0]) return one(x.namedChildren[0]);
      return 'unknown';
    };
    if (n.type === 'list' || n.type === 'tuple') {
      const items = n.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
      return combineVerdicts(items.map(one));
    }
    return 'unknown';
  }

  private djangoClass(cls: Node): void {
    const info = this.classInfo(cls, 0);
    if (!info || (!info.drf && !info.django)) return;
    const className = cls.childForFieldName('name')!;
    if (info.unknownBase || info.authMixin) return;
    if (this.names.isPublicPath(namePath(className.text))) return;
    // Class decorators: method_decorator(login_required, name='dispatch') and friends.
    for (const d of decoratorList(cls)) {
      const v = d.name.endsWith('method_decorator') && d.expr.type === 'call' ? this.methodDecoratorVerdict(d.expr) : this.names.pyDecorator(d.name);
      if (v !== 'none') return;
    }
    if (this.djangoProjectGuard(className.text) !== 'none') return;
    const dispatch = info.methods.get('dispatch');
    if (dispatch && (pyChecksCaller(summarizePy(dispatch), this.names) || this.methodGuard(dispatch) !== 'none')) return;
    let permLabel = '';
    if (info.drf) {
      if (info.methods.has('get_permissions')) return;
      let v: Verdict;
      if (info.permission) {
        v = this.permissionList(info.permission);
        permLabel = listLabel(info.permission);
      } else {
        const d = this.projectDefault();
        v = d.verdict;
        permLabel = d.label;
      }
      if (v !== 'none') return;
    }
    const explicit: { node: Node; methods: string[] }[] = [];
    for (const [name, def] of info.methods) {
      if (info.ownMethods.has(name) === false) continue;
      const verb = HTTP_DEFS[name] ?? (info.drf ? VIEWSET_ACTIONS[name] : undefined);
      let methods: string[] = verb ? [verb] : [];
      const action = decoratorList(def).find((d) => d.name.split('.').pop() === 'action');
      if (action && action.expr.type === 'call') {
        methods = (stringList(keywordArg(action.expr, 'methods')) ?? ['GET']).map((m) => m.toUpperCase());
        const perm = keywordArg(action.expr, 'permission_classes');
        if (perm && this.permissionList(perm) !== 'none') continue;
      }
      const changing = methods.filter((m) => this.names.isStateChanging(m));
      if (changing.length === 0) continue;
      if (this.methodGuard(def) !== 'none' || this.bodyState(def) !== 'unchecked') continue;
      explicit.push({ node: def.childForFieldName('name')!, methods: changing });
    }
    const overridden = new Set([...info.methods.keys()].flatMap((n) => (HTTP_DEFS[n] ? [HTTP_DEFS[n]] : info.drf && VIEWSET_ACTIONS[n] ? [VIEWSET_ACTIONS[n]] : [])));
    const inherited = [...new Set(info.inherited)].filter((m) => !overridden.has(m) && this.names.isStateChanging(m));
    const problem = info.drf ? `changes state, and its permission classes (${permLabel}) let anyone call it` : PROBLEM.state;
    const expected = info.drf ? EXPECTED.drf : EXPECTED.cbv;
    const fix = info.drf ? this.drfClassFix(cls, info) : this.cbvFix(cls);
    // One finding per class, on its name: the class is the view a URL routes to.
    const methods = [...new Set([...explicit.flatMap((e) => e.methods), ...inherited])];
    if (methods.length === 0) return;
    const rank = (m: string) => {
      const i = ['POST', 'PUT', 'PATCH', 'DELETE'].indexOf(m);
      return i < 0 ? 99 : i;
    };
    methods.sort((a, b) => rank(a) - rank(b));
    const path = explicit.length && !inherited.length && explicit.every((e) => !HTTP_DEFS[e.node.text]) ? `${className.text} (${explicit.map((e) => e.node.text).join(', ')})` : className.text;
    this.report({ node: className, method: methods.join('/'), path, problem, expected, fixes: [fix] });
  }

  /** Decorators on a method (`@method_decorator(login_required)`). */
  private methodGuard(def: Node): Verdict {
    return combineVerdicts(
      decoratorList(def).map((d) => {
        if (d.name.split('.').pop() === 'action') return 'none';
        return d.name.endsWith('method_decorator') && d.expr.type === 'call' ? this.methodDecoratorVerdict(d.expr) : this.names.pyDecorator(d.name);
      }),
    );
  }

  /** `method_decorator(login_required, name='dispatch')` / `method_decorator([a, b])`. */
  private methodDecoratorVerdict(call: Node): Verdict {
    const arg = positionalArgs(call)[0];
    if (!arg) return 'unknown';
    const items = arg.type === 'list' || arg.type === 'tuple' ? arg.namedChildren.filter((c): c is Node => !!c) : [arg];
    return combineVerdicts(items.map((i) => this.names.pyDecorator(dottedName(i.type === 'call' ? i.childForFieldName('function') : i) ?? i.text)));
  }

  /** Bases, methods and attributes of a class, merged with its local base classes. */
  private classInfo(cls: Node, depth: number): ClassInfo | undefined {
    if (depth > 5) return undefined;
    const info: ClassInfo = { drf: false, django: false, unknownBase: false, authMixin: false, methods: new Map(), ownMethods: new Set(), inherited: [] };
    const supers = cls.childForFieldName('superclasses')?.namedChildren.filter((c): c is Node => !!c && c.type !== 'keyword_argument' && c.type !== 'comment') ?? [];
    for (const s of supers) {
      const full = dottedName(s) ?? s.text;
      const base = full.split('.').pop()!;
      if (base === 'object') continue;
      const local = depth < 5 ? this.classes.find((c) => c.childForFieldName('name')?.text === full && isModuleLevel(c)) : undefined;
      if (local) {
        const inner = this.classInfo(local, depth + 1);
        if (!inner) {
          info.unknownBase = true;
          continue;
        }
        info.drf ||= inner.drf;
        info.django ||= inner.django;
        info.unknownBase ||= inner.unknownBase;
        info.authMixin ||= inner.authMixin;
        for (const [k, v] of inner.methods) info.methods.set(k, v);
        info.inherited.push(...inner.inherited);
        info.permission ??= inner.permission;
        continue;
      }
      if (this.names.mixin(base) === 'auth') info.authMixin = true;
      else if (base in DRF_BASES) {
        info.drf = true;
        info.inherited.push(...DRF_BASES[base]!);
      } else if (base in DJANGO_BASES) {
        info.django = true;
        info.inherited.push(...DJANGO_BASES[base]!);
      } else info.unknownBase = true;
    }
    for (const s of cls.childForFieldName('body')?.namedChildren ?? []) {
      if (!s) continue;
      const def = s.type === 'decorated_definition' ? s.childForFieldName('definition') : s;
      if (def?.type === 'function_definition') {
        const n = def.childForFieldName('name')?.text;
        if (n) {
          info.methods.set(n, def);
          info.ownMethods.add(n);
        }
      } else if (s.type === 'expression_statement' && s.namedChildren[0]?.type === 'assignment') {
        const a = s.namedChildren[0]!;
        if (a.childForFieldName('left')?.text === 'permission_classes') {
          info.permission = a.childForFieldName('right') ?? undefined;
          info.permissionAssign = a;
        }
      }
    }
    // Methods defined in bases count as inherited implementations, not this class's own.
    return info;
  }

  /** DRF class fix: `permission_classes = [IsAuthenticated]` (replacing the open list or added first in the body). */
  private drfClassFix(cls: Node, info: ClassInfo): Fix {
    const imports = this.imports([{ module: 'rest_framework.permissions', name: 'IsAuthenticated' }]);
    if (info.permissionAssign && info.permission && isInside(info.permissionAssign, cls)) {
      return this.fix('Require an authenticated user (permission_classes = [IsAuthenticated])', [replaceNode(info.permission, '[IsAuthenticated]'), ...imports]);
    }
    return this.fix('Require an authenticated user (permission_classes = [IsAuthenticated])', [this.firstInBody(cls, 'permission_classes = [IsAuthenticated]'), ...imports]);
  }

  /** Django class-based view fix: `LoginRequiredMixin` as the first base. */
  private cbvFix(cls: Node): Fix {
    const first = cls.childForFieldName('superclasses')?.namedChildren.find((c) => !!c && c.type !== 'comment');
    const edits: OffsetEdit[] = first ? [{ start: first.startIndex, end: first.startIndex, newText: 'LoginRequiredMixin, ' }] : [];
    return this.fix('Require a logged-in user (LoginRequiredMixin)', [...edits, ...this.imports([{ module: 'django.contrib.auth.mixins', name: 'LoginRequiredMixin' }])]);
  }

  // ------------------------------------------------------------------ fix helpers

  private fix(title: string, edits: OffsetEdit[]): Fix {
    return makeFix(this.ctx.lines, { title, applicability: 'unsafe', edits });
  }

  /** `@text` on its own line directly above `def` (below every other decorator). */
  private decoratorAboveDef(fn: Node, text: string): OffsetEdit {
    const L = this.ctx.lines;
    const line = L.positionAt(fn.startIndex).line;
    const at = L.lineStarts[line]!;
    return { start: at, end: at, newText: `${L.indentation(line)}@${text}${L.eol()}` };
  }

  /** A statement as the first line of a class body (after its docstring). */
  private firstInBody(cls: Node, text: string): OffsetEdit {
    const L = this.ctx.lines;
    const body = cls.childForFieldName('body')!;
    const stmts = body.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
    const doc = stmts[0]?.type === 'expression_statement' && stmts[0].namedChildren[0]?.type === 'string' ? stmts[0] : undefined;
    const anchor = doc ? stmts[1] : stmts[0];
    if (!anchor) {
      const line = L.positionAt(doc!.startIndex).line;
      const end = L.lineContentEnd(line);
      return { start: end, end, newText: `${L.eol()}${L.indentation(line)}${text}` };
    }
    const line = L.positionAt(anchor.startIndex).line;
    const at = L.lineStarts[line]!;
    return { start: at, end: at, newText: `${L.indentation(line)}${text}${L.eol()}${doc ? '' : ''}` };
  }

  /** Import edits for several names, merged into one insertion so their order is fixed. */
  private imports(specs: { module: string; name?: string }[]): OffsetEdit[] {
    const edits = specs.map((s) => ensurePyImport(this.root, this.ctx.lines, s)).filter((e): e is OffsetEdit => !!e);
    const merged: OffsetEdit[] = [];
    for (const e of edits) {
      const same = merged.find((m) => m.start === e.start && m.end === e.end);
      if (same) same.newText += e.newText;
      else merged.push({ ...e });
    }
    return merged;
  }

  /** A fix from the first workspace provider of `kind` that `accept`s. */
  private providerFix(kind: AuthProvider['kind'], accept: (p: AuthProvider) => boolean, build: (p: AuthProvider, imports: OffsetEdit[]) => Fix, reason: string, importsInBuild = false): { fixes: Fix[]; reason?: string } {
    for (const p of this.ctx.project.authProviders) {
      if (p.kind !== kind || !accept(p)) continue;
      if (!p.module && p.seenIn !== this.ctx.file.relPath) continue;
      const imports = importsInBuild ? [] : this.imports(this.providerImports(p));
      return { fixes: [build(p, imports)] };
    }
    return { fixes: [], reason };
  }

  /** The import a provider needs here; none when it is defined in this module. */
  private providerImports(p: AuthProvider): { module: string; name: string }[] {
    return p.module === this.pyModule() ? [] : importSpec(p);
  }

  private pyModule(): string {
    return this.self.replace(/\/__init__$/, '').replace(/^src\//, '').split('/').join('.');
  }
}

interface ClassInfo {
  drf: boolean;
  django: boolean;
  unknownBase: boolean;
  authMixin: boolean;
  methods: Map<string, Node>;
  ownMethods: Set<string>;
  inherited: string[];
  permission?: Node;
  permissionAssign?: Node;
}

/** The import a Python provider needs (`from flask_login import login_required`). */
function importSpec(p: AuthProvider): { module: string; name: string }[] {
  if (!p.module) return [];
  const name = p.importName ?? /^[A-Za-z_]\w*/.exec(p.name)?.[0] ?? p.name;
  return [{ module: p.module, name }];
}

/** `[AllowAny]` → `AllowAny`; `()` → `an empty list`. */
function listLabel(n: Node): string {
  const items = n.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment').map((c) => c.text);
  return items.length ? items.join(', ') : 'an empty list';
}

function replaceNode(n: Node, text: string): OffsetEdit {
  return { start: n.startIndex, end: n.endIndex, newText: text };
}

function isInside(inner: Node, outer: Node): boolean {
  return inner.startIndex >= outer.startIndex && inner.endIndex <= outer.endIndex;
}

function isModuleLevel(def: Node): boolean {
  const p = def.parent?.type === 'decorated_definition' ? def.parent.parent : def.parent;
  return p?.type === 'module';
}

const callCache = new WeakMap<object, Node[]>();

/** Every call node of a module (cached per tree root). */
export function callsIn(root: Node): Node[] {
  const cached = callCache.get(root.tree);
  if (cached) return cached;
  const out: Node[] = [];
  const visit = (n: Node) => {
    if (n.type === 'call') out.push(n);
    for (const c of n.namedChildren) if (c) visit(c);
  };
  visit(root);
  callCache.set(root.tree, out);
  return out;
}

/**
 * Flask request hooks in a module: `@X.before_request` / `X.before_request(fn)` cover X (a whole
 * app when X is the app or an unknown object, one blueprint otherwise); `@bp.before_app_request`
 * covers the app. Each with the verdict of its function (rejects or calls a raising check).
 */
export function flaskHooks(root: Node, objects: Map<string, PyRouteObject>, names: AuthNames, functions?: readonly Node[]): { target: string; scope: 'app' | 'blueprint'; verdict: Verdict; name: string }[] {
  const out: { target: string; scope: 'app' | 'blueprint'; verdict: Verdict; name: string }[] = [];
  const scopeOf = (target: string, hook: string): 'app' | 'blueprint' => (hook === 'before_app_request' ? 'app' : objects.get(target)?.kind === 'flask-blueprint' ? 'blueprint' : 'app');
  const defs = new Map<string, Node>();
  let fns = functions;
  if (!fns) {
    const found: Node[] = [];
    const visit = (n: Node) => {
      if (n.type === 'function_definition') found.push(n);
      for (const c of n.namedChildren) if (c) visit(c);
    };
    visit(root);
    fns = found;
  }
  for (const n of fns) {
    const name = n.childForFieldName('name')?.text ?? '';
    defs.set(name, n);
    for (const d of decoratorList(n)) {
      const m = /^(\w+)\.(before_request|before_app_request)$/.exec(d.name);
      if (m) out.push({ target: m[1]!, scope: scopeOf(m[1]!, m[2]!), verdict: pyHookVerdict(n, names), name });
    }
  }
  for (const call of callsIn(root)) {
    const name = dottedName(call.childForFieldName('function')) ?? '';
    const m = /^(\w+)\.(before_request|before_app_request)$/.exec(name);
    const arg = positionalArgs(call)[0];
    if (!m || !arg || call.parent?.type === 'decorator') continue;
    const def = arg.type === 'identifier' ? defs.get(arg.text) : undefined;
    const verdict: Verdict = def ? pyHookVerdict(def, names) : names.pyDecorator(dottedName(arg) ?? '') === 'auth' ? 'auth' : 'unknown';
    out.push({ target: m[1]!, scope: scopeOf(m[1]!, m[2]!), verdict, name: arg.text });
  }
  return out;
}

