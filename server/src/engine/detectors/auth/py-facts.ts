import type { Node } from 'web-tree-sitter';
import type { AuthProvider, GuardRef, ProjectFacts } from '../../context';
import { constantString, dottedName, importsOf, keywordArg, positionalArgs } from '../../python/ast';
import { callsIn, flaskHooks } from './auth-py';
import type { AuthNames } from './names';
import { PyDeps, decoratorList, findRouteObjects, frameworksOf, pyHookVerdict, pyModuleOf, resolvePyModule } from './py-model';

/**
 * The Python part of `collectProjectFacts`: Flask hooks and blueprint mounts, FastAPI
 * `include_router` mounts, Django settings (`MIDDLEWARE`, DRF `DEFAULT_PERMISSION_CLASSES`),
 * `urls.py` view wrappers, and the auth decorators/dependencies the workspace uses.
 */

interface SettingsState {
  drf: (string[] | 'dynamic')[];
  settingsFiles: number;
  mentionsDefault: boolean;
}

const settingsState = new WeakMap<ProjectFacts, SettingsState>();

/** Adds one Python module's facts. `names` is undefined when the rule's options could not be read. */
export function collectPythonFacts(rel: string, root: Node, names: AuthNames | undefined, fileSet: ReadonlySet<string>, facts: ProjectFacts, providers: { add(p: AuthProvider): void }): void {
  const fw = frameworksOf(root);
  const base = rel.split('/').pop() ?? rel;
  if (base === 'settings.py' || /(?:^|\/)settings\/[^/]+\.py$/.test(rel)) collectSettings(rel, root, facts);
  if (base === 'urls.py') collectUrlWrappers(rel, root, facts);
  if (!names || (!fw.flask && !fw.fastapi && !fw.django && !fw.drf)) return;
  const objects = findRouteObjects(root);
  const imports = importsOf(root);
  const deps = new PyDeps(root, names);
  if (fw.flask) {
    for (const h of flaskHooks(root, objects, names)) {
      const guard: GuardRef = { name: h.name, verdict: h.verdict };
      facts.flaskHooks!.push({ file: rel, scope: h.scope, target: h.target, guard });
    }
  }
  // Mounts: include_router / register_blueprint of routers defined in other modules.
  for (const call of callsIn(root)) {
    const f = call.childForFieldName('function');
    if (f?.type !== 'attribute') continue;
    const verb = f.childForFieldName('attribute')?.text;
    if (verb !== 'include_router' && verb !== 'register_blueprint') continue;
    const parent = f.childForFieldName('object')?.text ?? '';
    const arg = positionalArgs(call)[0];
    if (!arg || objects.has(arg.text)) continue;
    const target = importedTarget(arg, imports);
    if (!target) continue;
    const module = resolvePyModule(rel, target.module, fileSet);
    if (!module) continue;
    const framework = verb === 'include_router' ? 'fastapi' : 'flask';
    const guards: GuardRef[] = [];
    let prefix: string | undefined = constantString(keywordArg(call, framework === 'fastapi' ? 'prefix' : 'url_prefix'));
    if (keywordArg(call, framework === 'fastapi' ? 'prefix' : 'url_prefix') === undefined) prefix = framework === 'fastapi' ? '' : undefined;
    const parentObj = objects.get(parent);
    let via: { module: string; exportName: string } | undefined;
    if (framework === 'fastapi') {
      const list = keywordArg(call, 'dependencies');
      if (list) guards.push(...depRefs(list, deps));
      if (parentObj) {
        const own = keywordArg(parentObj.call, 'dependencies');
        if (own) guards.push(...depRefs(own, deps));
        if (parentObj.kind === 'fastapi-app') guards.push(...appMiddlewareRefs(root, parent, names));
        else {
          const includedHere = callsIn(root).some((c) => /\.include_router$/.test(dottedName(c.childForFieldName('function')) ?? '') && positionalArgs(c)[0]?.text === parent);
          if (!includedHere) via = { module: rel.replace(/\.py$/, ''), exportName: parent };
          else guards.push({ verdict: 'unknown' });
        }
        if (parentObj.prefix && prefix !== undefined) prefix = parentObj.prefix + prefix;
      } else guards.push({ verdict: 'unknown' });
    }
    facts.routerMounts!.push({ framework, module, exportName: target.exportName, file: rel, ...(prefix !== undefined ? { prefix } : {}), guards, ...(via ? { via } : {}) });
  }
  collectPyProviders(rel, root, names, fw, imports, deps, fileSet, providers);
}

/** What an `include_router(x)` / `register_blueprint(x)` argument imports: module and exported name. */
function importedTarget(arg: Node, imports: Map<string, string>): { module: string; exportName: string } | undefined {
  if (arg.type === 'identifier') {
    const full = imports.get(arg.text);
    if (!full || !full.includes('.')) return undefined;
    const i = full.lastIndexOf('.');
    return { module: full.slice(0, i) || '.', exportName: full.slice(i + 1) };
  }
  if (arg.type === 'attribute') {
    const obj = arg.childForFieldName('object');
    const attr = arg.childForFieldName('attribute')?.text;
    if (obj?.type !== 'identifier' || !attr) return undefined;
    const full = imports.get(obj.text);
    return full ? { module: full, exportName: attr } : undefined;
  }
  return undefined;
}

function depRefs(list: Node, deps: PyDeps): GuardRef[] {
  if (list.type !== 'list' && list.type !== 'tuple') return [{ verdict: 'unknown' }];
  const out: GuardRef[] = [];
  for (const c of list.namedChildren) {
    if (!c || c.type === 'comment') continue;
    const name = dottedName(c.childForFieldName('function'));
    const target = /(?:^|\.)(?:Depends|Security)$/.test(name ?? '') ? positionalArgs(c)[0] : undefined;
    out.push(target ? deps.guardRef(target) : { verdict: 'unknown' });
  }
  return out;
}

function appMiddlewareRefs(root: Node, app: string, names: AuthNames): GuardRef[] {
  const out: GuardRef[] = [];
  for (const call of callsIn(root)) {
    if (dottedName(call.childForFieldName('function')) !== `${app}.add_middleware`) continue;
    const cls = dottedName(positionalArgs(call)[0]) ?? '';
    out.push({ name: cls, verdict: names.asgiMiddleware(cls) });
  }
  const visit = (n: Node) => {
    if (n.type === 'function_definition' && decoratorList(n).some((d) => d.name === `${app}.middleware`)) out.push({ verdict: pyHookVerdict(n, names) });
    for (const c of n.namedChildren) if (c) visit(c);
  };
  visit(root);
  return out;
}

/** `REST_FRAMEWORK = {"DEFAULT_PERMISSION_CLASSES": [...]}` and `MIDDLEWARE = [...]`. Source: DRF "Permissions › Setting the permission policy". */
function collectSettings(rel: string, root: Node, facts: ProjectFacts): void {
  let isSettings = false;
  let drf: string[] | 'dynamic' | undefined;
  const middleware: string[] = [];
  for (const s of root.namedChildren) {
    if (s?.type !== 'expression_statement' || s.namedChildren[0]?.type !== 'assignment') continue;
    const a = s.namedChildren[0]!;
    const left = a.childForFieldName('left')?.text;
    const right = a.childForFieldName('right');
    if (left === 'INSTALLED_APPS' || left === 'MIDDLEWARE' || left === 'ROOT_URLCONF') isSettings = true;
    if (left === 'MIDDLEWARE' && right && (right.type === 'list' || right.type === 'tuple')) {
      middleware.push(...right.namedChildren.flatMap((c) => (c ? [constantString(c)].filter((x): x is string => !!x) : [])));
    }
    if (left === 'REST_FRAMEWORK') {
      isSettings = true;
      if (right?.type !== 'dictionary') {
        drf = 'dynamic';
        continue;
      }
      for (const pair of right.namedChildren) {
        if (pair?.type !== 'pair') continue;
        if (constantString(pair.childForFieldName('key')) !== 'DEFAULT_PERMISSION_CLASSES') continue;
        const v = pair.childForFieldName('value');
        const list = v && (v.type === 'list' || v.type === 'tuple') ? v.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment').map((c) => constantString(c)) : undefined;
        drf = list && list.every((x) => x !== undefined) ? (list as string[]) : 'dynamic';
      }
    }
  }
  if (!isSettings) return;
  // One Django project's settings only: a second project's settings (another folder of a
  // monorepo, test fixtures) must not lend its middleware or DRF defaults to the first.
  if (facts.djangoSettingsFile !== undefined && djangoProjectDir(facts.djangoSettingsFile) !== djangoProjectDir(rel)) return;
  facts.djangoSettingsFile ??= rel;
  if (middleware.length) facts.djangoMiddleware = [...(facts.djangoMiddleware ?? []), ...middleware];
  const st = settingsState.get(facts) ?? { drf: [], settingsFiles: 0, mentionsDefault: false };
  st.settingsFiles++;
  if (drf) st.drf.push(drf);
  else if (/DEFAULT_PERMISSION_CLASSES/.test(root.text)) st.mentionsDefault = true;
  settingsState.set(facts, st);
  finishSettings(facts, st);
}

/** Settings agree → that list; none sets it → DRF's own default AllowAny; otherwise unknown. */
function finishSettings(facts: ProjectFacts, st: SettingsState): void {
  const values = st.drf;
  if (st.mentionsDefault || values.includes('dynamic')) {
    delete facts.drfDefaultPermissionClasses;
    return;
  }
  if (values.length === 0) {
    facts.drfDefaultPermissionClasses = ['rest_framework.permissions.AllowAny'];
    return;
  }
  const first = JSON.stringify(values[0]);
  if (values.every((v) => JSON.stringify(v) === first)) facts.drfDefaultPermissionClasses = values[0] as string[];
  else delete facts.drfDefaultPermissionClasses;
}

/**
 * Folder of the Django project a settings module belongs to (workspace-relative, '' at the
 * root): `proj/settings.py` → '', `site/proj/settings.py` → 'site', `proj/settings/base.py` → ''.
 * Views under it get the project's middleware and DRF defaults.
 */
export function djangoProjectDir(settingsRel: string): string {
  const parts = settingsRel.split('/');
  const pkgDepth = /\/settings\/[^/]+\.py$/.test(settingsRel) ? 3 : 2;
  return parts.slice(0, Math.max(0, parts.length - pkgDepth)).join('/');
}

/** `path('x/', login_required(views.x))`, `path('y/', staff_member_required(YView.as_view()))`. */
function collectUrlWrappers(rel: string, root: Node, facts: ProjectFacts): void {
  for (const call of callsIn(root)) {
    const name = dottedName(call.childForFieldName('function'))?.split('.').pop();
    if (name !== 'path' && name !== 're_path' && name !== 'url') continue;
    let view = positionalArgs(call)[1];
    const wrappers: string[] = [];
    while (view?.type === 'call') {
      const f = dottedName(view.childForFieldName('function')) ?? '';
      if (/\.as_view$/.test(f) || f === 'include' || f.endsWith('.include')) break;
      wrappers.push(f);
      view = positionalArgs(view)[0];
    }
    if (!view || wrappers.length === 0) continue;
    const target = view.type === 'call' ? dottedName(view.childForFieldName('function'))?.replace(/\.as_view$/, '') : dottedName(view);
    if (!target) continue;
    (facts.djangoUrlWrappers ??= []).push({ view: target.split('.').pop()!, wrappers, file: rel });
  }
}

function collectPyProviders(
  rel: string,
  root: Node,
  names: AuthNames,
  fw: ReturnType<typeof frameworksOf>,
  imports: Map<string, string>,
  deps: PyDeps,
  fileSet: ReadonlySet<string>,
  providers: { add(p: AuthProvider): void },
): void {
  const here = pyModuleOf(rel);
  /** Module and binding to import for a dotted name used in this file. */
  const origin = (name: string): { module: string; importName: string } | undefined => {
    const root0 = name.split('.')[0]!;
    const full = imports.get(root0);
    if (!full) return deps.definition(root0) ? { module: here, importName: root0 } : undefined;
    const i = full.lastIndexOf('.');
    if (i <= 0 && !full.startsWith('.')) return undefined;
    let module = full.slice(0, i);
    if (module.startsWith('.') || module === '') {
      const path = resolvePyModule(rel, full.slice(0, i) || '.', fileSet);
      if (!path) return undefined;
      module = pyModuleOf(`${path}.py`);
    }
    return { module, importName: root0 };
  };
  const kind: AuthProvider['kind'] | undefined = fw.flask ? 'flask-decorator' : fw.django ? 'django-decorator' : undefined;
  const visit = (n: Node) => {
    if (n.type === 'function_definition') {
      if (kind) {
        for (const d of decoratorList(n)) {
          const text = d.expr.text;
          if (text.includes('\n') || text.length > 80 || names.pyDecorator(d.name) !== 'auth') continue;
          const o = origin(d.name);
          if (o) providers.add({ name: text, kind, module: o.module, importName: o.importName, seenIn: rel });
        }
      }
      if (fw.fastapi) {
        for (const d of deps.paramDepNodes(n)) {
          if (!d.expr || d.expr.type === 'call' || deps.target(d.expr) !== 'auth') continue;
          const scheme = deps.assignment(d.expr.text);
          if (scheme?.type === 'call') continue;
          const o = origin(d.expr.text);
          if (o) providers.add({ name: d.expr.text, kind: 'fastapi-dependency', module: o.module, importName: o.importName, seenIn: rel });
        }
      }
    }
    for (const c of n.namedChildren) if (c) visit(c);
  };
  visit(root);
  // Decorators defined here: `def admin_required(f): @wraps(f) def wrapper(...)`.
  if (kind) {
    for (const s of root.namedChildren) {
      const def = s?.type === 'decorated_definition' ? s.childForFieldName('definition') : s;
      if (def?.type !== 'function_definition') continue;
      const name = def.childForFieldName('name')?.text ?? '';
      const inner = def.childForFieldName('body')?.namedChildren.some((c) => c?.type === 'function_definition' || (c?.type === 'decorated_definition' && c.childForFieldName('definition')?.type === 'function_definition'));
      if (inner && names.pyDecorator(name) === 'auth') providers.add({ name, kind, module: here, importName: name, seenIn: rel });
    }
  }
}
