import type { Node } from 'web-tree-sitter';
import type { GuardRef } from '../../context';
import { constantString, dottedName, importsOf, keywordArg, positionalArgs } from '../../python/ast';
import type { AuthNames, Verdict } from './names';

/**
 * Syntax-only model of Python web code for `auth/missing-authentication`, shared by the detector
 * and `collectProjectFacts`: function summaries, Flask/FastAPI route objects and routes,
 * FastAPI dependencies, Flask request hooks.
 *
 * Sources: Flask "Routing", "Blueprints", `before_request`/`before_app_request`; Flask-Login
 * `login_required` (must sit below `@app.route`); FastAPI "Dependencies", "Security",
 * "Bigger Applications" (`APIRouter(dependencies=…)`, `include_router(…, dependencies=…)`,
 * `FastAPI(dependencies=…)`); Django "Class-based views", DRF "Permissions".
 */

/** What a Python function's body does that matters for authentication. */
export interface PySummary {
  /** Dotted names of every call (`abort`, `current_user.is_authenticated`, `stripe.Webhook.construct_event`). */
  calls: string[];
  /** Maximal attribute chains read (`current_user.is_authenticated`, `request.user.is_staff`, `g.user`). */
  attrs: string[];
  /** Session keys read (`session.get("user_id")`, `request.session["uid"]`, `"user_id" in session`). */
  sessionKeys: string[];
  /** Request headers read, lower case (`authorization`, `x-api-key`). */
  headers: string[];
  /** Aborts/raises 401/403, raises PermissionDenied/Unauthorized, or redirects to a login page. */
  rejects: boolean;
  /** Methods compared with `request.method`. */
  methods: string[];
  /** Callees that receive the request (the first parameter, or a `Request`-typed one) as a positional argument. */
  reqCalls: string[];
}

const REJECT = /HTTP_40[13]|unauthori[sz]ed|forbidden|permissiondenied|permission_denied|notauthenticated|authenticationfailed|redirect_to_login|login_url/i;

const pyCache = new WeakMap<object, PySummary>();

/** Summarizes a `function_definition` (nested functions included). */
export function summarizePy(fn: Node): PySummary {
  const cached = pyCache.get(fn);
  if (cached) return cached;
  const calls = new Set<string>();
  const attrs = new Set<string>();
  const keys = new Set<string>();
  const headers = new Set<string>();
  const methods = new Set<string>();
  const reqCalls = new Set<string>();
  let rejects = false;
  const reqNames = requestParams(fn);
  const isMethod = (n: Node | null | undefined) => !!n && /(?:^|\.)method$/.test(dottedName(n) ?? '');
  const addMethods = (n: Node | null | undefined) => {
    if (!n) return;
    const s = constantString(n);
    if (s !== undefined) {
      if (/^[A-Za-z]+$/.test(s)) methods.add(s.toUpperCase());
      return;
    }
    if (n.type === 'tuple' || n.type === 'list' || n.type === 'set') for (const c of n.namedChildren) addMethods(c);
  };
  const isSession = (n: Node | null | undefined) => !!n && /^(?:flask\.)?session$|(?:^|\.)request\.session$/.test(dottedName(n) ?? '');
  const visit = (n: Node): void => {
    switch (n.type) {
      case 'call': {
        const f = n.childForFieldName('function');
        const name = dottedName(f);
        if (name) {
          calls.add(name);
          if (positionalArgs(n).some((a) => a.type === 'identifier' && reqNames.has(a.text))) reqCalls.add(name);
          const last = name.split('.').pop()!;
          if (REJECT.test(last)) rejects = true;
          if (last === 'redirect' && /log_?in|sign_?in|auth/i.test(n.childForFieldName('arguments')?.text ?? '')) rejects = true;
          const obj = f?.type === 'attribute' ? f.childForFieldName('object') : undefined;
          if (last === 'get' && isSession(obj)) {
            const k = constantString(positionalArgs(n)[0]);
            if (k) keys.add(k);
          }
          if (last === 'get' && obj && /(?:^|\.)(?:headers|META)$/.test(dottedName(obj) ?? '')) {
            const h = constantString(positionalArgs(n)[0]);
            if (h) headers.add(h.toLowerCase().replace(/^http_/, '').replace(/_/g, '-'));
          }
        }
        break;
      }
      case 'subscript': {
        const v = n.childForFieldName('value');
        const k = constantString(n.childForFieldName('subscript'));
        if (k && isSession(v)) keys.add(k);
        if (k && v && /(?:^|\.)(?:headers|META)$/.test(dottedName(v) ?? '')) headers.add(k.toLowerCase().replace(/^http_/, '').replace(/_/g, '-'));
        break;
      }
      case 'comparison_operator': {
        const [a, b] = n.namedChildren;
        const op = n.children.filter((c) => c && !c.isNamed).map((c) => c!.text).join(' ');
        if (/\bin\b/.test(op)) {
          if (b && isSession(b)) {
            const k = constantString(a);
            if (k) keys.add(k);
          }
          if (isMethod(a)) addMethods(b);
        } else if (isMethod(a)) addMethods(b);
        else if (isMethod(b)) addMethods(a);
        break;
      }
      case 'attribute': {
        if (n.parent?.type !== 'attribute' || n.parent.childForFieldName('object')?.id !== n.id) {
          const d = dottedName(n);
          if (d) {
            attrs.add(d);
            if (REJECT.test(d.split('.').pop() ?? '')) rejects = true;
          }
        }
        break;
      }
      case 'identifier':
        if (REJECT.test(n.text) && n.parent?.type !== 'attribute') rejects = true;
        break;
      case 'integer':
        if (n.text === '401' || n.text === '403') rejects = true;
        break;
      default:
        break;
    }
    for (const c of n.namedChildren) if (c) visit(c);
  };
  const body = fn.childForFieldName('body');
  if (body) visit(body);
  const s: PySummary = { calls: [...calls], attrs: [...attrs], sessionKeys: [...keys], headers: [...headers], rejects, methods: [...methods], reqCalls: [...reqCalls] };
  pyCache.set(fn, s);
  return s;
}

/** True when a handler body reads the authenticated caller, checks a token/session, or rejects with 401/403. */
export function pyChecksCaller(s: PySummary, names: AuthNames): boolean {
  return (
    s.rejects ||
    s.attrs.some((a) => names.pyAuthProperty(a)) ||
    s.sessionKeys.some((k) => names.pySessionKey(k)) ||
    s.headers.some((h) => names.jsAuthHeader(h)) ||
    s.calls.some((c) => names.pySessionCheck(c) || names.pyAuthProperty(c))
  );
}

/** Parameters that hold the request: `request`/`req` by name, or typed `Request`. */
function requestParams(fn: Node): Set<string> {
  const out = new Set<string>();
  for (const p of fn.childForFieldName('parameters')?.namedChildren ?? []) {
    if (!p) continue;
    const name = p.type === 'identifier' ? p.text : (p.childForFieldName('name') ?? p.namedChildren.find((c) => c?.type === 'identifier'))?.text;
    const type = p.childForFieldName('type')?.text ?? '';
    if (name && (/^(?:request|req)$/.test(name) || /\bRequest\b/.test(type))) out.add(name);
  }
  return out;
}

/** Callees that take the request without deciding anything about the caller (Django/DRF/Flask shortcuts, logging). */
const PY_HARMLESS = /^(?:render|render_to_string|render_to_response|redirect|get_token|reverse|JsonResponse|HttpResponse\w*|TemplateResponse|Response|print|str|repr|len|dict|list|messages\.\w+|logger\.\w+|logging\.\w+|log\.\w+)$/;

/**
 * Whether a handler's body checks the caller, following the request into helpers defined in the
 * module; handing the request to something we cannot classify (`process_order(request)`) is
 * "cannot tell".
 */
export function pyBodyState(fn: Node, names: AuthNames, defs: (name: string) => Node | undefined, depth = 0): 'checked' | 'unchecked' | 'unknown' {
  const s = summarizePy(fn);
  if (pyChecksCaller(s, names)) return 'checked';
  let unknown = false;
  for (const c of s.reqCalls) {
    if (PY_HARMLESS.test(c) || names.pyDecorator(c) === 'none') continue;
    const def = !c.includes('.') && depth < 3 ? defs(c) : undefined;
    const inner = def?.type === 'function_definition' ? pyBodyState(def, names, defs, depth + 1) : 'unknown';
    if (inner === 'checked') return 'checked';
    if (inner === 'unknown') unknown = true;
  }
  return unknown ? 'unknown' : 'unchecked';
}

/**
 * Verdict of a request hook (`before_request`, `@app.middleware("http")`): it authenticates when it
 * rejects or calls a raising check (`verify_jwt_in_request`); a hook that only loads the user
 * (`g.user = …`) does not.
 */
export function pyHookVerdict(fn: Node, names: AuthNames): Verdict {
  const s = summarizePy(fn);
  if (s.rejects) return 'auth';
  if (s.calls.some((c) => names.pySessionCheck(c) && !/(?:^|\.)get_/.test(c))) return 'auth';
  return 'none';
}

/** A Flask or FastAPI application/router object assigned in this file. */
export interface PyRouteObject {
  name: string;
  kind: 'flask-app' | 'flask-blueprint' | 'fastapi-app' | 'fastapi-router';
  /** The constructor call. */
  call: Node;
  /** `url_prefix=` (Blueprint) or `prefix=` (APIRouter). */
  prefix: string;
}

/** Route objects created in a module: `app = Flask(__name__)`, `bp = Blueprint(…)`, `app = FastAPI()`, `router = APIRouter()`. */
export function findRouteObjects(root: Node): Map<string, PyRouteObject> {
  const imports = importsOf(root);
  const out = new Map<string, PyRouteObject>();
  const kinds: Record<string, PyRouteObject['kind']> = { Flask: 'flask-app', Blueprint: 'flask-blueprint', FastAPI: 'fastapi-app', APIRouter: 'fastapi-router' };
  const visit = (n: Node) => {
    if (n.type === 'assignment') {
      const left = n.childForFieldName('left');
      const right = n.childForFieldName('right');
      if (left?.type === 'identifier' && right?.type === 'call') {
        const callee = dottedName(right.childForFieldName('function')) ?? '';
        const last = callee.split('.').pop() ?? '';
        const origin = imports.get(callee.split('.')[0]!) ?? '';
        const kind = kinds[last];
        if (kind && (/^(?:flask|fastapi)\b/.test(origin) || /^(?:flask|fastapi)\./.test(callee))) {
          const prefix = constantString(keywordArg(right, kind === 'flask-blueprint' ? 'url_prefix' : 'prefix')) ?? '';
          out.set(left.text, { name: left.text, kind, call: right, prefix });
        }
      }
    }
    if (n.type === 'function_definition' || n.type === 'class_definition' || n.type === 'module' || n.type === 'block' || n.type === 'decorated_definition' || n.type === 'expression_statement' || n.type === 'if_statement' || n.type === 'try_statement' || n.type === 'with_statement') {
      for (const c of n.namedChildren) if (c) visit(c);
    }
  };
  visit(root);
  return out;
}

/** The framework a module uses, from its imports. */
export function frameworksOf(root: Node): { flask: boolean; fastapi: boolean; django: boolean; drf: boolean } {
  const mods = [...importsOf(root).values()];
  const has = (re: RegExp) => mods.some((m) => re.test(m));
  return { flask: has(/^flask\b/), fastapi: has(/^fastapi\b|^starlette\b/), django: has(/^django\b/), drf: has(/^rest_framework\b/) };
}

/** A route decorator on a function: `@X.route(...)`, `@X.post(...)`, `@X.api_route(...)`. */
export interface PyRouteDecorator {
  decorator: Node;
  call: Node;
  object: string;
  verb: string;
  path: string | null;
  index: number;
}

const VERBS = new Set(['route', 'get', 'post', 'put', 'patch', 'delete', 'api_route', 'head', 'options']);

/** The route decorators of a function definition, with their index among its decorators (0 = topmost). */
export function routeDecorators(fn: Node): PyRouteDecorator[] {
  const wrapper = fn.parent?.type === 'decorated_definition' ? fn.parent : undefined;
  if (!wrapper) return [];
  const out: PyRouteDecorator[] = [];
  const decs = wrapper.namedChildren.filter((c): c is Node => c?.type === 'decorator');
  decs.forEach((d, index) => {
    const call = d.namedChildren[0];
    if (call?.type !== 'call') return;
    const f = call.childForFieldName('function');
    if (f?.type !== 'attribute') return;
    const obj = f.childForFieldName('object');
    const verb = f.childForFieldName('attribute')?.text ?? '';
    if (obj?.type !== 'identifier' || !VERBS.has(verb)) return;
    const first = positionalArgs(call)[0] ?? keywordArg(call, 'path') ?? keywordArg(call, 'rule');
    out.push({ decorator: d, call, object: obj.text, verb, path: first ? (constantString(first) ?? null) : null, index });
  });
  return out;
}

/** Every decorator of a function as `{ node, name, index }`; `name` is dotted without the call. */
export function decoratorList(fn: Node): { node: Node; expr: Node; name: string; index: number }[] {
  const wrapper = fn.parent?.type === 'decorated_definition' ? fn.parent : undefined;
  if (!wrapper) return [];
  return wrapper.namedChildren
    .filter((c): c is Node => c?.type === 'decorator')
    .map((d, index) => {
      const expr = d.namedChildren[0]!;
      const target = expr.type === 'call' ? expr.childForFieldName('function') : expr;
      return { node: d, expr, name: dottedName(target) ?? expr.text, index };
    });
}

/** Upper-case strings of a list/tuple literal, or undefined when not all constant. */
export function stringList(n: Node | undefined | null): string[] | undefined {
  if (!n) return undefined;
  if (n.type !== 'list' && n.type !== 'tuple' && n.type !== 'set') return undefined;
  const out: string[] = [];
  for (const c of n.namedChildren) {
    if (!c || c.type === 'comment') continue;
    const s = constantString(c);
    if (s === undefined) return undefined;
    out.push(s);
  }
  return out;
}

/**
 * Classifies FastAPI dependencies within one module: names via the rule's lists, functions defined
 * here by what they depend on (a security scheme, another auth dependency) or do (raise 401/403,
 * read an auth header), module-level scheme instances (`oauth2_scheme = OAuth2PasswordBearer(…)`).
 */
export class PyDeps {
  private readonly defs = new Map<string, Node>();
  private readonly assigns = new Map<string, Node>();
  private readonly memo = new Map<string, Verdict>();

  constructor(
    readonly root: Node,
    readonly names: AuthNames,
  ) {
    for (const s of root.namedChildren) {
      if (!s) continue;
      const def = s.type === 'decorated_definition' ? s.childForFieldName('definition') : s;
      if (def?.type === 'function_definition' || def?.type === 'class_definition') {
        const name = def.childForFieldName('name')?.text;
        if (name) this.defs.set(name, def);
      } else if (s.type === 'expression_statement' && s.namedChildren[0]?.type === 'assignment') {
        const a = s.namedChildren[0]!;
        const left = a.childForFieldName('left');
        const right = a.childForFieldName('right');
        if (left?.type === 'identifier' && right) this.assigns.set(left.text, right);
      }
    }
  }

  /** Module-level function or class named `name`. */
  definition(name: string): Node | undefined {
    return this.defs.get(name);
  }

  /** Module-level assignment value of `name`. */
  assignment(name: string): Node | undefined {
    return this.assigns.get(name);
  }

  /** Verdict of the target of `Depends(x)` / `Security(x)` given as an expression node. */
  target(expr: Node | null | undefined, depth = 0): Verdict {
    if (!expr || depth > 5) return 'unknown';
    if (expr.type === 'call') {
      const callee = dottedName(expr.childForFieldName('function')) ?? '';
      const v = this.names.pyDependency(callee);
      if (v !== 'unknown') return v;
      const last = callee.split('.').pop() ?? '';
      if (this.names.pySecurityScheme(last)) return 'auth';
      // A dependency class instance (`RoleChecker(["admin"])`): what the class does.
      const def = this.defs.get(callee);
      if (def?.type === 'class_definition') return this.classVerdict(def, depth + 1);
      return 'unknown';
    }
    const name = dottedName(expr);
    if (!name) return 'unknown';
    const key = name;
    const memo = this.memo.get(key);
    if (memo) return memo;
    this.memo.set(key, 'unknown');
    let v = this.names.pyDependency(name);
    if (v === 'unknown' && !name.includes('.')) {
      const def = this.defs.get(name);
      const value = this.assigns.get(name);
      if (def?.type === 'function_definition') v = this.functionVerdict(def, depth + 1);
      else if (def?.type === 'class_definition') v = this.classVerdict(def, depth + 1);
      else if (value?.type === 'call') v = this.target(value, depth + 1);
    }
    this.memo.set(key, v);
    return v;
  }

  /** A dependency function: auth when it depends on auth or a scheme, reads an auth header, or rejects. */
  functionVerdict(def: Node, depth = 0): Verdict {
    const params = this.paramDeps(def, depth);
    if (params.includes('auth')) return 'auth';
    const s = summarizePy(def);
    if (pyChecksCaller(s, this.names)) return 'auth';
    if (headerParams(def).some((h) => this.names.jsAuthHeader(h))) return 'auth';
    return params.includes('unknown') ? 'unknown' : 'none';
  }

  private classVerdict(def: Node, depth: number): Verdict {
    const call = def.childForFieldName('body')?.namedChildren.map((c) => (c?.type === 'decorated_definition' ? c.childForFieldName('definition') : c)).find((c) => c?.type === 'function_definition' && c.childForFieldName('name')?.text === '__call__');
    return call ? this.functionVerdict(call, depth) : 'unknown';
  }

  /** Verdicts of the dependencies a function's parameters declare (`Depends`, `Security`, `Annotated`, aliases). */
  paramDeps(def: Node, depth = 0): Verdict[] {
    return this.paramDepNodes(def).map((d) => (d.expr ? this.target(d.expr, depth) : d.verdict!));
  }

  /** Dependency expressions of a function's parameters, or a ready verdict for imported aliases. */
  paramDepNodes(def: Node): { expr?: Node; verdict?: Verdict; param: Node }[] {
    const out: { expr?: Node; verdict?: Verdict; param: Node }[] = [];
    const params = def.childForFieldName('parameters');
    for (const p of params?.namedChildren ?? []) {
      if (!p) continue;
      const value = p.childForFieldName('value');
      const type = p.childForFieldName('type') ?? (p.type === 'typed_parameter' ? p.namedChildren.find((c) => c?.type === 'type') : undefined);
      const dep = value ? dependsTarget(value) : undefined;
      if (dep !== undefined) {
        out.push(dep ? { expr: dep, param: p } : { expr: typeName(type), param: p });
        continue;
      }
      if (type) {
        const inAnnotated = annotatedDepends(type);
        if (inAnnotated !== undefined) {
          out.push(inAnnotated ? { expr: inAnnotated, param: p } : { verdict: 'unknown', param: p });
          continue;
        }
        const alias = type.namedChildren[0]?.type === 'identifier' ? type.namedChildren[0] : undefined;
        if (alias) {
          const value2 = this.assigns.get(alias.text);
          if (value2) {
            const d = annotatedDepends(value2);
            if (d !== undefined) out.push(d ? { expr: d, param: p } : { verdict: 'unknown', param: p });
            continue;
          }
          // An imported `Annotated` alias: only names that say what they are count.
          const v = this.names.pyDependency(alias.text);
          if (v === 'auth') out.push({ verdict: 'auth', param: p });
          else if (/(?:Dep|Dependency)$/.test(alias.text)) out.push({ verdict: v, param: p });
        }
      }
    }
    return out;
  }

  /** Verdicts of a `dependencies=[Depends(x), …]` list. */
  listDeps(list: Node | undefined | null): Verdict[] {
    if (!list) return [];
    if (list.type !== 'list' && list.type !== 'tuple') return ['unknown'];
    return list.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment').map((c) => {
      const t = dependsTarget(c);
      return t ? this.target(t) : 'unknown';
    });
  }

  /** Serializes a dependency for ProjectFacts. */
  guardRef(expr: Node): GuardRef {
    const name = dottedName(expr.type === 'call' ? expr.childForFieldName('function') : expr);
    const v = this.target(expr);
    return { ...(name ? { name } : {}), ...(name && this.names.pyDependency(name) !== 'unknown' ? {} : { verdict: v }) };
  }
}

/** `Depends(x)` / `Security(x)` → x; `Depends()` → null (the parameter's type is the dependency); anything else → undefined. */
export function dependsTarget(n: Node): Node | null | undefined {
  if (n.type !== 'call') return undefined;
  const name = dottedName(n.childForFieldName('function')) ?? '';
  if (!/(?:^|\.)(?:Depends|Security)$/.test(name)) return undefined;
  return positionalArgs(n)[0] ?? keywordArg(n, 'dependency') ?? null;
}

/** `Annotated[T, Depends(x)]` → x (null for `Depends()`); undefined when not an Annotated with a dependency. */
function annotatedDepends(n: Node): Node | null | undefined {
  const text = n.text;
  if (!/\bAnnotated\b/.test(text)) return undefined;
  let found: Node | null | undefined;
  const visit = (c: Node) => {
    if (found !== undefined) return;
    if (c.type === 'call') {
      const t = dependsTarget(c);
      if (t !== undefined) {
        found = t;
        return;
      }
    }
    for (const k of c.namedChildren) if (k) visit(k);
  };
  visit(n);
  return found;
}

function typeName(type: Node | undefined | null): Node | undefined {
  if (!type) return undefined;
  const first = type.namedChildren[0];
  return first && (first.type === 'identifier' || first.type === 'attribute') ? first : undefined;
}

/** Header names a FastAPI function reads through `Header()` parameters (`x_token: str = Header()` → `x-token`). */
function headerParams(def: Node): string[] {
  const out: string[] = [];
  for (const p of def.childForFieldName('parameters')?.namedChildren ?? []) {
    if (!p) continue;
    if (/\bHeader\s*\(/.test(p.text) || /\bAPIKey/.test(p.text)) {
      const name = (p.childForFieldName('name') ?? p.namedChildren.find((c) => c?.type === 'identifier'))?.text;
      if (name) out.push(name.replace(/_/g, '-').toLowerCase());
      const alias = /alias\s*=\s*["']([^"']+)/.exec(p.text);
      if (alias) out.push(alias[1]!.toLowerCase());
    }
  }
  return out;
}


/** Dotted module of a workspace file (`app/api/deps.py` → `app.api.deps`; a leading `src/` is dropped). */
export function pyModuleOf(relPath: string): string {
  return relPath
    .replace(/\.py$/, '')
    .replace(/\/__init__$/, '')
    .replace(/^src\//, '')
    .split('/')
    .join('.');
}

/**
 * Resolves an imported Python module to a workspace file path without `.py`, given the importing
 * file (for relative imports) and the workspace's files; undefined when not a workspace module.
 */
export function resolvePyModule(fromFile: string, module: string, fileSet: ReadonlySet<string>): string | undefined {
  let path: string;
  const rel = /^(\.+)(.*)$/.exec(module);
  if (rel) {
    const ups = rel[1]!.length - 1;
    let dir = fromFile.split('/').slice(0, -1);
    dir = dir.slice(0, Math.max(0, dir.length - ups));
    path = [...dir, ...rel[2]!.split('.').filter(Boolean)].join('/');
  } else path = module.split('.').join('/');
  const candidates = [path, `src/${path}`];
  for (const c of candidates) {
    if (fileSet.has(`${c}.py`)) return c;
    if (fileSet.has(`${c}/__init__.py`)) return `${c}/__init__`;
  }
  for (const f of fileSet) if (f.endsWith(`/${path}.py`)) return f.slice(0, -3);
  return undefined;
}

