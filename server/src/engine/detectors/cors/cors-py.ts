import type { Node } from 'web-tree-sitter';
import type { PyDetector } from '../../detector';
import { makeFix } from '../../fixes/edits';
import { documentEnvVar } from '../../fixes/env';
import { ensurePyImport, type OffsetEdit } from '../../fixes/imports';
import { ancestors, assignmentsBefore, callLastName, constantString, dottedName, enclosingFunction, importsOf, keywordArg, keywordArgNode, positionalArgs } from '../../python/ast';
import type { Fix } from '../../types';

/**
 * CORS misconfiguration in Python (CWE-942), on the tree-sitter tree:
 *
 * - Flask-CORS / Sanic-CORS: `CORS(app)` without `origins` (the extension's default is `'*'`),
 *   `origins='*'`, `resources={r"/*": {"origins": "*"}}`, `@cross_origin()` without origins,
 *   `cors = CORS(); cors.init_app(app)`; a match-all regex (`origins=".*"`) is a reflection.
 *   `supports_credentials=True` makes it an error (Flask-CORS then echoes the caller's origin
 *   with `Access-Control-Allow-Credentials: true`).
 * - Starlette/FastAPI `CORSMiddleware` (via `app.add_middleware`, `Middleware(...)` or a direct
 *   call): `allow_origins=["*"]` (error with `allow_credentials=True`, where Starlette echoes the
 *   origin), `allow_origin_regex=".*"` (reflection).
 * - aiohttp-cors: options keyed by the origin `"*"` (`setup(app, defaults={"*": ResourceOptions(...)})`).
 * - django-cors-headers settings: module-level `CORS_ALLOW_ALL_ORIGINS = True` (or the old
 *   `CORS_ORIGIN_ALLOW_ALL`), an error when `CORS_ALLOW_CREDENTIALS = True` is in the same file;
 *   match-all `CORS_ALLOWED_ORIGIN_REGEXES` (reflection).
 * - Headers written by hand: `resp.headers["Access-Control-Allow-Origin"] = "*"`, Django's
 *   `response["Access-Control-Allow-Origin"]`, `headers.add/set/setdefault(...)`, Tornado's
 *   `self.set_header(...)`, and header dictionaries (`make_response`, `Response(headers=...)`,
 *   `return body, 200, {...}`), set to `*` or to the request's own Origin
 *   (`request.headers.get("Origin")`, `request.META["HTTP_ORIGIN"]`, `request.origin`) outside
 *   a branch that checks it.
 *
 * Values the detector cannot see (configuration, unresolved variables) are never flagged.
 *
 * Sources: Flask-CORS API docs (`origins` defaults to `'*'`, `send_wildcard=False` echoes the
 * origin); Starlette `CORSMiddleware` (`allow_origins=()` by default, explicit origin when
 * credentials are allowed); django-cors-headers README (`CORS_ALLOW_ALL_ORIGINS`).
 */

const PERMISSIVE = 'cors/permissive-origin';
const REFLECTED = 'cors/reflected-origin';
const ACAO = 'access-control-allow-origin';
const ACAC = 'access-control-allow-credentials';
const CREDENTIALS_TEXT = ', with credentials (cookies, Authorization) included';

/**
 * The allowlist expression inserted by Python fixes: the comma-separated origins of the
 * `CORS_ORIGINS` environment variable, blanks dropped (an unset variable allows no origin).
 */
export const PY_CORS_ALLOWLIST = '[o.strip() for o in os.environ.get("CORS_ORIGINS", "").split(",") if o.strip()]';

/** Flask-CORS and its Sanic port share one API (`CORS`, `cross_origin`, same options). */
const FLASK_CORS_MODULES = ['flask_cors', 'sanic_cors'];
const CORS_MIDDLEWARE = new Set(['fastapi.middleware.cors.CORSMiddleware', 'starlette.middleware.cors.CORSMiddleware', 'CORSMiddleware']);
/** Methods that set one header: Werkzeug/Starlette `Headers`, Tornado/Falcon/Bottle responses. */
const HEADER_SETTERS = new Set(['set', 'add', 'setdefault', 'append', '__setitem__', 'set_header', 'add_header']);
const DJANGO_ALLOW_ALL = new Set(['CORS_ALLOW_ALL_ORIGINS', 'CORS_ORIGIN_ALLOW_ALL']);
const DJANGO_REGEXES = new Set(['CORS_ALLOWED_ORIGIN_REGEXES', 'CORS_ORIGIN_REGEX_WHITELIST']);
const DJANGO_LISTS = new Set(['CORS_ALLOWED_ORIGINS', 'CORS_ORIGIN_WHITELIST']);

/** What an origin setting allows: every origin as `*`, or every origin echoed back. */
interface Verdict {
  kind: 'star' | 'reflect';
  /** The literal to rewrite (may be the value of a variable the option names). */
  literal: Node;
}

/** The Python CORS detector: one visitor over `call`, `assignment` and `pair` nodes (see above). */
export const corsPy: PyDetector = {
  family: 'python',
  name: 'cors-py',
  prefilter: (text) => /cors|access-control-allow-origin/i.test(text),
  rules: [PERMISSIVE, REFLECTED],
  create(ctx) {
    const root = ctx.tree.rootNode;
    const imports = importsOf(root);
    const reported = new Set<number>();
    const credentialScopes = new Map<number, boolean>();
    const mentionsFlaskCors = FLASK_CORS_MODULES.some((m) => ctx.text.includes(m));

    const report = (ruleId: string, node: Node, what: string, credentials: boolean, fixes: Fix[], noFixReason?: string) => {
      if (reported.has(node.id)) return;
      reported.add(node.id);
      ctx.report({
        ruleId,
        start: node.startIndex,
        end: node.endIndex,
        args: { what, credentials: credentials ? CREDENTIALS_TEXT : '' },
        ...(credentials ? { severity: 'error' as const } : {}),
        fixes,
        ...(noFixReason && fixes.length === 0 ? { noFixReason } : {}),
      });
    };
    const ruleOf = (kind: Verdict['kind']) => (kind === 'star' ? PERMISSIVE : REFLECTED);

    // Computed once per run: ensurePyImport walks the module's statements.
    let osImport: { edit: OffsetEdit | undefined } | undefined;
    /** `import os` when missing, plus the given edits, as one fix documenting CORS_ORIGINS (or `env`). */
    const allowlistFix = (edits: OffsetEdit[], title = 'Allow only the origins listed in CORS_ORIGINS', env = 'CORS_ORIGINS'): Fix => {
      osImport ??= { edit: ensurePyImport(root, ctx.lines, { module: 'os' }) };
      const imp = osImport.edit;
      let all = edits;
      if (imp) {
        // An insertion where a replacement starts is ambiguous for clients: fold it into the replacement.
        const at = edits.findIndex((e) => e.start === imp.start && e.end > e.start);
        all = at >= 0 ? edits.map((e, i) => (i === at ? { ...e, newText: imp.newText + e.newText } : e)) : [imp, ...edits];
      }
      return makeFix(ctx.lines, { title, applicability: 'unsafe', edits: all, fileEdits: documentEnvVar(env) });
    };

    /** Module-qualified name of a callee or class reference, through this file's imports. */
    const qualify = (node: Node | null | undefined): string | undefined => {
      const d = dottedName(node);
      if (!d) return undefined;
      const [head, ...rest] = d.split('.');
      const q = imports.get(head!);
      return q ? [q, ...rest].join('.') : d;
    };
    const isFlaskCors = (fn: Node | null, name: 'CORS' | 'cross_origin') => {
      const q = qualify(fn);
      if (!q) return false;
      if (FLASK_CORS_MODULES.some((m) => q === `${m}.${name}`)) return true;
      // `from flask_cors import *` binds the name without a visible import.
      return q === name && !imports.has(name) && mentionsFlaskCors;
    };

    // ---- Flask-CORS ---------------------------------------------------------------------

    /**
     * Checks the options of `CORS(app, …)`, `cors.init_app(app, …)` or `@cross_origin(…)`.
     * `inherited` are the constructor's options when checking `init_app` (Flask-CORS merges them).
     * `appliesDefaults` is false for `CORS()` without an app: nothing is served until `init_app`.
     */
    const checkFlaskCors = (call: Node, label: string, appliesDefaults: boolean, inherited?: Node) => {
      const credentials = [call, inherited].some((c) => c && isTruthy(keywordArg(c, 'supports_credentials'), resolveOne)) || resourcesAllowCredentials(call) || (!!inherited && resourcesAllowCredentials(inherited));
      const originsArg = keywordArgNode(call, 'origins');
      let topOrigins = originsArg?.childForFieldName('value') ?? undefined;
      if (originsArg && topOrigins) {
        const v = classifyOrigins(topOrigins, true, resolveOne);
        if (v) {
          const fix = allowlistFix([{ start: v.literal.startIndex, end: v.literal.endIndex, newText: PY_CORS_ALLOWLIST }]);
          report(ruleOf(v.kind), originsArg, `${label} with origins=${short(topOrigins.text)}`, credentials, [fix]);
        }
      }
      if (!topOrigins && inherited) topOrigins = keywordArg(inherited, 'origins');
      // Resource-specific options: each resource's origins, else the top-level ones, else '*'.
      const resources = keywordArg(call, 'resources') ?? (inherited ? keywordArg(inherited, 'resources') : undefined);
      let someResourceUsesDefault = false;
      if (resources?.type === 'dictionary') {
        for (const pair of resources.namedChildren) {
          if (pair?.type !== 'pair') continue;
          const opts = pair.childForFieldName('value');
          if (opts?.type !== 'dictionary') continue;
          const originsPair = dictPair(opts, 'origins');
          const value = originsPair?.childForFieldName('value');
          if (!originsPair || !value) {
            someResourceUsesDefault = true;
            continue;
          }
          const v = classifyOrigins(value, true, resolveOne);
          if (!v) continue;
          const fix = allowlistFix([{ start: v.literal.startIndex, end: v.literal.endIndex, newText: PY_CORS_ALLOWLIST }]);
          report(ruleOf(v.kind), originsPair, `${label} resource ${short(pair.childForFieldName('key')?.text ?? '')} with "origins": ${short(value.text)}`, credentials, [fix]);
        }
      } else if (resources && !isStringOrStringList(resources)) {
        return; // resources from elsewhere: their options are not visible here
      }
      const usesDefault = !topOrigins && (!resources || resources.type !== 'dictionary' || someResourceUsesDefault);
      if (!usesDefault || !appliesDefaults) return;
      const fix = allowlistFix([insertKeywordArg(call, `origins=${PY_CORS_ALLOWLIST}`)]);
      report(PERMISSIVE, call, `${label} without origins (Flask-CORS then allows every origin)`, credentials, [fix]);
    };

    const resourcesAllowCredentials = (call: Node): boolean => {
      const resources = keywordArg(call, 'resources');
      if (resources?.type !== 'dictionary') return false;
      return resources.namedChildren.some((pair) => {
        const opts = pair?.type === 'pair' ? pair.childForFieldName('value') : undefined;
        return opts?.type === 'dictionary' && isTruthy(dictPair(opts, 'supports_credentials')?.childForFieldName('value') ?? undefined, resolveOne);
      });
    };

    /** The `CORS(...)` call a name was bound to (`cors = CORS()`), for `cors.init_app(app)`. */
    const corsConstructorOf = (receiver: Node | null): Node | undefined => {
      if (receiver?.type !== 'identifier') return undefined;
      const value = resolveOne(receiver);
      return value?.type === 'call' && isFlaskCors(value.childForFieldName('function'), 'CORS') ? value : undefined;
    };

    // ---- Starlette / FastAPI --------------------------------------------------------------

    const isCorsMiddleware = (node: Node | undefined) => !!node && CORS_MIDDLEWARE.has(qualify(node) ?? '');

    const checkCorsMiddleware = (call: Node) => {
      const credentials = isTruthy(keywordArg(call, 'allow_credentials'), resolveOne);
      const originsArg = keywordArgNode(call, 'allow_origins');
      const origins = originsArg?.childForFieldName('value');
      if (originsArg && origins) {
        const v = classifyOrigins(origins, false, resolveOne);
        if (v) {
          const fix = allowlistFix([{ start: v.literal.startIndex, end: v.literal.endIndex, newText: PY_CORS_ALLOWLIST }]);
          const extra = credentials ? ' (Starlette then echoes each caller\'s origin)' : '';
          report(PERMISSIVE, originsArg, `CORSMiddleware allow_origins=${short(origins.text)}${extra}`, credentials, [fix]);
        }
      }
      const regexArg = keywordArgNode(call, 'allow_origin_regex');
      const regex = regexArg?.childForFieldName('value');
      const pattern = regex ? constantString(regex.type === 'identifier' ? resolveOne(regex) : regex) : undefined;
      if (regexArg && pattern !== undefined && isMatchAllRegex(pattern)) {
        const fixes = originsArg ? [] : [allowlistFix([{ start: regexArg.startIndex, end: regexArg.endIndex, newText: `allow_origins=${PY_CORS_ALLOWLIST}` }])];
        report(REFLECTED, regexArg, `CORSMiddleware allow_origin_regex=${short(regex!.text)}`, credentials, fixes, 'allow_origins is also set; remove the match-all allow_origin_regex by hand');
      }
    };

    // ---- Django settings ------------------------------------------------------------------

    const moduleAssignments = new Map<string, Node[]>();
    for (const s of root.namedChildren) {
      const a = s?.type === 'expression_statement' ? s.namedChildren[0] : undefined;
      const left = a?.type === 'assignment' ? a.childForFieldName('left') : undefined;
      if (a && left?.type === 'identifier') moduleAssignments.set(left.text, [...(moduleAssignments.get(left.text) ?? []), a]);
    }
    const djangoCredentials = () => (moduleAssignments.get('CORS_ALLOW_CREDENTIALS') ?? []).some((a) => isTruthy(a.childForFieldName('right') ?? undefined));
    const hasDjangoList = () => [...DJANGO_LISTS].some((n) => moduleAssignments.has(n));

    const checkDjangoSetting = (assignment: Node, name: string, value: Node) => {
      const stmt = assignment.parent!;
      const eol = ctx.lines.eol();
      if (DJANGO_ALLOW_ALL.has(name)) {
        if (value.type !== 'true') return;
        const edits: OffsetEdit[] = [{ start: value.startIndex, end: value.endIndex, newText: 'False' }];
        // After the whole line, so a trailing comment stays with the setting it explains.
        const lineEnd = ctx.lines.lineContentEnd(ctx.lines.positionAt(stmt.endIndex).line);
        if (!hasDjangoList()) edits.push({ start: lineEnd, end: lineEnd, newText: `${eol}CORS_ALLOWED_ORIGINS = ${PY_CORS_ALLOWLIST}` });
        const fix = hasDjangoList()
          ? makeFix(ctx.lines, { title: `Set ${name} = False (the origins in CORS_ALLOWED_ORIGINS apply)`, applicability: 'unsafe', edits })
          : allowlistFix(edits);
        report(PERMISSIVE, assignment, `${name} = True`, djangoCredentials(), [fix]);
        return;
      }
      if (DJANGO_REGEXES.has(name) && (value.type === 'list' || value.type === 'tuple')) {
        const patterns = value.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment').map((c) => constantString(c));
        if (!patterns.some((p) => p !== undefined && isMatchAllRegex(p))) return;
        const onlyMatchAll = patterns.every((p) => p !== undefined && isMatchAllRegex(p));
        const fixes = onlyMatchAll && !hasDjangoList() ? [allowlistFix([{ start: assignment.startIndex, end: assignment.endIndex, newText: `CORS_ALLOWED_ORIGINS = ${PY_CORS_ALLOWLIST}` }])] : [];
        report(REFLECTED, assignment, `${name} with a pattern that matches every origin`, djangoCredentials(), fixes, 'remove the match-all pattern and list the allowed origins in CORS_ALLOWED_ORIGINS');
      }
    };

    // ---- aiohttp-cors ------------------------------------------------------------------------

    /**
     * aiohttp-cors keys its options by origin: `{"*": ResourceOptions(...)}` in `setup(app,
     * defaults=…)` or `cors.add(route, {...})` allows every origin. The fix builds the same
     * options for each origin of the allowlist.
     */
    const checkAiohttpCors = (pair: Node) => {
      const value = pair.childForFieldName('value');
      if (value?.type !== 'call' || qualify(value.childForFieldName('function')) !== 'aiohttp_cors.ResourceOptions') return;
      const dict = pair.parent!;
      const credentials = isTruthy(keywordArg(value, 'allow_credentials'), resolveOne);
      const single = dict.namedChildren.filter((c) => c?.type === 'pair').length === 1;
      // `{"*": X}` → `{origin: X for origin in ALLOWLIST}`, keeping comments and layout; a
      // comprehension takes no trailing comma, so one after the entry is removed.
      const key = pair.childForFieldName('key')!;
      const comma = pair.nextSibling?.type === ',' ? pair.nextSibling : undefined;
      const edits: OffsetEdit[] = [
        { start: key.startIndex, end: key.endIndex, newText: 'origin' },
        { start: value.endIndex, end: comma ? comma.endIndex : value.endIndex, newText: ` for origin in ${PY_CORS_ALLOWLIST}` },
      ];
      const fixes = single ? [allowlistFix(edits)] : [];
      report(PERMISSIVE, pair, 'aiohttp-cors options for origin "*"', credentials, fixes, 'replace the "*" entry by one entry per allowed origin');
    };

    // ---- Headers set by hand ----------------------------------------------------------------

    /** True when the function (or module) around `site` also sends Allow-Credentials: true. */
    const setsCredentials = (site: Node): boolean => {
      const scope = enclosingFunction(site) ?? root;
      const cached = credentialScopes.get(scope.id);
      if (cached !== undefined) return cached;
      let found = false;
      for (const n of scope.descendantsOfType(['assignment', 'call', 'pair'])) {
        if (!n) continue;
        const h = headerWrite(n);
        if (h && h.name.toLowerCase() === ACAC && isTruthy(h.value)) {
          found = true;
          break;
        }
      }
      credentialScopes.set(scope.id, found);
      return found;
    };

    const checkHeaderWrite = (site: Node, value: Node, nameNode: Node, name: string) => {
      const verdict = classifyHeaderValue(value, site, resolveBefore);
      if (!verdict) return;
      const credentials = site.type === 'pair' ? dictSendsCredentials(site.parent!) : setsCredentials(site);
      const what = verdict.kind === 'star' ? 'Access-Control-Allow-Origin: *' : "Setting Access-Control-Allow-Origin to the request's Origin";
      if (site.type === 'pair') {
        const fix = dictValueFix(site, value, verdict.kind, nameNode);
        report(ruleOf(verdict.kind), site, what, credentials, fix ? [fix] : [], "Redline could not tell which request this response answers, so it cannot check the request's origin");
        return;
      }
      const { fix, reason } = headerStatementFix(site, value, verdict.kind, nameNode, name);
      report(ruleOf(verdict.kind), site, what, credentials, fix ? [fix] : [], reason);
    };

    /**
     * How the code reads the request's Origin header where `site` is, for fixes that must check
     * it: a `request`/`req` parameter, Tornado's `self.request`, or Flask's global `request`
     * (imported by the fix when the file uses Flask but not yet `request`).
     */
    let flaskRequestImport: { edit: OffsetEdit | undefined } | undefined;
    const requestOrigin = (site: Node): { text: string; edit?: OffsetEdit } | undefined => {
      const fn = enclosingFunction(site);
      // At module level there is no request yet: reading one there would fail at import time.
      if (!fn) return undefined;
      const params = parameterNames(fn);
      for (const p of ['request', 'req']) if (params.includes(p)) return { text: `${p}.headers.get("Origin")` };
      if (params[0] === 'self' && [...imports.values()].some((m) => m.startsWith('tornado'))) return { text: 'self.request.headers.get("Origin")' };
      const flaskRequest = imports.get('request');
      if (flaskRequest === 'flask.request') return { text: 'request.headers.get("Origin")' };
      if (!flaskRequest && [...imports.values()].some((m) => m === 'flask' || m.startsWith('flask.'))) {
        flaskRequestImport ??= { edit: ensurePyImport(root, ctx.lines, { module: 'flask', name: 'request' }) };
        const edit = flaskRequestImport.edit;
        return { text: 'request.headers.get("Origin")', ...(edit ? { edit } : {}) };
      }
      return undefined;
    };

    /**
     * Rewrites a header statement into an allowlist check in the same style:
     * `if origin in ALLOWLIST:` + the same setter with the checked origin + `Vary: Origin`.
     */
    const headerStatementFix = (site: Node, value: Node, kind: Verdict['kind'], nameNode: Node, header: string): { fix?: Fix; reason?: string } => {
      const stmt = site.parent;
      if (stmt?.type !== 'expression_statement' || !(stmt.parent?.type === 'block' || stmt.parent?.type === 'module') || stmt.namedChildren.length !== 1) {
        return { reason: 'the header is set inside a larger expression; check the origin against an allowlist by hand' };
      }
      const q = nameNode.text.startsWith("'") ? "'" : '"';
      let write: (header: string, v: string) => string;
      if (site.type === 'assignment') {
        const target = site.childForFieldName('left')!.childForFieldName('value')!.text;
        write = (h, v) => `${target}[${q}${h}${q}] = ${v}`;
      } else {
        const fn = site.childForFieldName('function')!.text;
        write = (h, v) => `${fn}(${q}${h}${q}, ${v})`;
      }
      const extra: OffsetEdit[] = [];
      let originText: string;
      if (kind === 'reflect') {
        const v = unparen(value);
        originText = v.type === 'boolean_operator' ? unparen(v.childForFieldName('left')!).text : v.text;
      } else {
        const r = requestOrigin(site);
        if (!r) return { reason: "Redline could not tell which request this response answers, so it cannot check the request's origin" };
        originText = r.text;
        if (r.edit) extra.push(r.edit);
      }
      const lines = ctx.lines;
      const indent = lines.indentation(lines.positionAt(stmt.startIndex).line);
      const eol = lines.eol();
      const unit = indent.includes('\t') ? '\t' : '    ';
      const simple = /^[A-Za-z_]\w*$/.test(originText);
      const name = simple ? originText : 'request_origin';
      const out = [
        ...(simple ? [] : [`request_origin = ${originText}`]),
        `if ${name} in ${PY_CORS_ALLOWLIST}:`,
        `${unit}${write(header, name)}`,
        `${unit}${write('Vary', `${q}Origin${q}`)}`,
      ].join(`${eol}${indent}`);
      return { fix: allowlistFix([...extra, { start: stmt.startIndex, end: stmt.endIndex, newText: out }]) };
    };

    /**
     * A header dictionary entry: the value becomes `origin if origin in ALLOWLIST else ""` and a
     * `Vary: Origin` entry is added; without a known request, a single origin from CORS_ORIGIN.
     */
    const dictValueFix = (pair: Node, value: Node, kind: Verdict['kind'], nameNode: Node): Fix | undefined => {
      const q = nameNode.text.startsWith("'") ? "'" : '"';
      let origin: string | undefined;
      const extra: OffsetEdit[] = [];
      if (kind === 'reflect') {
        const v = unparen(value);
        origin = v.type === 'boolean_operator' ? unparen(v.childForFieldName('left')!).text : v.text;
      } else {
        const r = requestOrigin(pair);
        if (r) {
          origin = r.text;
          if (r.edit) extra.push(r.edit);
        }
      }
      if (origin === undefined) {
        return allowlistFix([{ start: value.startIndex, end: value.endIndex, newText: `os.environ.get(${q}CORS_ORIGIN${q}, ${q}${q})` }], 'Allow only the origin set in CORS_ORIGIN', 'CORS_ORIGIN');
      }
      extra.push({ start: value.startIndex, end: value.endIndex, newText: `${origin} if ${origin} in ${PY_CORS_ALLOWLIST} else ${q}${q}` });
      if (!dictPair(pair.parent!, 'vary')) extra.push({ start: pair.endIndex, end: pair.endIndex, newText: `, ${q}Vary${q}: ${q}Origin${q}` });
      return allowlistFix(extra);
    };

    // ---- Name resolution -------------------------------------------------------------------

    /** The value a variable holds where it is used, when one plain assignment decides it. */
    function resolveBefore(id: Node): Node | undefined {
      const local = assignmentsBefore(id, id.text);
      if (local.length > 0) {
        const last = local[local.length - 1]!;
        return last.op === '=' && local.every((a) => a.op === '=') ? last.value : undefined;
      }
      return enclosingFunction(id) ? resolveOne(id) : undefined;
    }

    /** The value of a module-level name assigned exactly once (settings, option lists). */
    function resolveOne(id: Node): Node | undefined {
      if (id.type !== 'identifier') return undefined;
      const fn = enclosingFunction(id);
      if (fn) {
        const local = assignmentsBefore(id, id.text);
        if (local.length === 1 && local[0]!.op === '=') return local[0]!.value;
        if (local.length > 0 || parameterNames(fn).includes(id.text)) return undefined;
      }
      const list = moduleAssignments.get(id.text);
      return list?.length === 1 ? (list[0]!.childForFieldName('right') ?? undefined) : undefined;
    }

    return {
      visit: {
        call: (call) => {
          const fn = call.childForFieldName('function');
          if (isFlaskCors(fn, 'CORS')) {
            const app = positionalArgs(call)[0] ?? keywordArg(call, 'app');
            checkFlaskCors(call, `${fn!.text}(${app ? short(app.text) : ''})`, !!app);
            return;
          }
          if (call.parent?.type === 'decorator' && isFlaskCors(fn, 'cross_origin')) {
            checkFlaskCors(call, '@cross_origin()', true);
            return;
          }
          const last = callLastName(call);
          if (last === 'init_app' && fn?.type === 'attribute') {
            const ctor = corsConstructorOf(fn.childForFieldName('object'));
            if (ctor && positionalArgs(ctor).length === 0) checkFlaskCors(call, `${short(fn.text)}(${short(positionalArgs(call)[0]?.text ?? '')})`, true, ctor);
            return;
          }
          if (((last === 'add_middleware' || last === 'Middleware') && isCorsMiddleware(positionalArgs(call)[0])) || isCorsMiddleware(fn ?? undefined)) {
            checkCorsMiddleware(call);
            return;
          }
          if (last && HEADER_SETTERS.has(last)) {
            const h = headerWrite(call);
            if (h && h.name.toLowerCase() === ACAO) checkHeaderWrite(call, h.value, h.nameNode, h.name);
          }
        },
        assignment: (a) => {
          const left = a.childForFieldName('left');
          const right = a.childForFieldName('right');
          if (!left || !right) return;
          if (left.type === 'identifier' && a.parent?.type === 'expression_statement' && a.parent.parent?.type === 'module') {
            checkDjangoSetting(a, left.text, right);
            return;
          }
          const h = headerWrite(a);
          if (h && h.name.toLowerCase() === ACAO) checkHeaderWrite(a, h.value, h.nameNode, h.name);
        },
        pair: (pair) => {
          if (pair.parent?.type !== 'dictionary') return;
          if (constantString(pair.childForFieldName('key')) === '*') return checkAiohttpCors(pair);
          const h = headerWrite(pair);
          if (h && h.name.toLowerCase() === ACAO) checkHeaderWrite(pair, h.value, h.nameNode, h.name);
        },
      },
    };
  },
};

// ---- Syntax helpers (pure) -------------------------------------------------------------------

/**
 * A header write: `x["Name"] = v`, `x.set("Name", v)` (any HEADER_SETTERS method), or a
 * dictionary entry `"Name": v`. Returns the constant header name, its node and the value.
 */
function headerWrite(n: Node): { name: string; nameNode: Node; value: Node } | undefined {
  if (n.type === 'assignment') {
    const left = n.childForFieldName('left');
    const value = n.childForFieldName('right');
    if (left?.type !== 'subscript' || !value) return undefined;
    const key = left.childForFieldName('subscript');
    const name = constantString(key);
    return key && name !== undefined ? { name, nameNode: key, value } : undefined;
  }
  if (n.type === 'call') {
    const last = callLastName(n);
    if (!last || !HEADER_SETTERS.has(last) || n.childForFieldName('function')?.type !== 'attribute') return undefined;
    const [key, value] = positionalArgs(n);
    const name = constantString(key);
    return key && value && name !== undefined ? { name, nameNode: key, value } : undefined;
  }
  if (n.type === 'pair') {
    const key = n.childForFieldName('key');
    const value = n.childForFieldName('value');
    const name = key?.type === 'string' ? constantString(key) : undefined;
    return key && value && name !== undefined ? { name, nameNode: key, value } : undefined;
  }
  return undefined;
}

/** True when a header dictionary also has `Access-Control-Allow-Credentials: true`. */
function dictSendsCredentials(dict: Node): boolean {
  const p = dictPair(dict, ACAC);
  return !!p && isTruthy(p.childForFieldName('value') ?? undefined);
}

/** The `pair` of a dictionary literal whose constant key equals `key` (case-insensitive). */
function dictPair(dict: Node, key: string): Node | undefined {
  let found: Node | undefined;
  for (const c of dict.namedChildren) {
    if (c?.type === 'pair' && constantString(c.childForFieldName('key'))?.toLowerCase() === key.toLowerCase()) found = c;
  }
  return found;
}

/** `True`, or a string `"true"` (header values), possibly through a resolvable name. */
function isTruthy(v: Node | undefined, resolve?: (id: Node) => Node | undefined): boolean {
  if (!v) return false;
  const u = unparen(v);
  if (u.type === 'true') return true;
  if (u.type === 'identifier' && resolve) {
    const r = resolve(u);
    return !!r && r.type !== 'identifier' && isTruthy(r);
  }
  return constantString(u)?.toLowerCase() === 'true';
}

function unparen(n: Node): Node {
  let x = n;
  while (x.type === 'parenthesized_expression' && x.namedChildren[0]) x = x.namedChildren[0];
  return x;
}

function isStringOrStringList(n: Node): boolean {
  if (n.type === 'string' || n.type === 'concatenated_string') return true;
  return (n.type === 'list' || n.type === 'tuple') && n.namedChildren.every((c) => !c || c.type === 'string' || c.type === 'comment');
}

/**
 * True for a regular expression that accepts any origin: `.*`, `.+`, `^.*$`, `(.*)`, optionally
 * after a scheme (`https?://.*`). `https://.*\.example\.com` is not match-all.
 */
export function isMatchAllRegex(pattern: string): boolean {
  let p = pattern.trim().replace(/^\^/, '').replace(/\$$/, '');
  p = p.replace(/^\(?https?\??(?::|\\:)(?:\\\/|\/){2}\)?\??/, '');
  return /^(?:\(\?:)?\(?\.[*+]\??\)?$/.test(p);
}

/**
 * Classifies an origins option: `"*"` or a collection containing it allows every origin; with
 * `regexAware` (Flask-CORS treats origin strings with regex characters as patterns) a
 * match-all pattern or `re.compile(".*")` reflects every origin. Names are resolved once.
 */
function classifyOrigins(value: Node, regexAware: boolean, resolve: (id: Node) => Node | undefined, depth = 0): Verdict | undefined {
  const v = unparen(value);
  if (depth > 3) return undefined;
  if (v.type === 'identifier') {
    const r = resolve(v);
    return r ? classifyOrigins(r, regexAware, resolve, depth + 1) : undefined;
  }
  const single = (e: Node): Verdict['kind'] | undefined => {
    const s = constantString(e);
    if (s === '*') return 'star';
    if (regexAware && s !== undefined && isMatchAllRegex(s)) return 'reflect';
    if (regexAware && e.type === 'call' && dottedName(e.childForFieldName('function'))?.endsWith('compile')) {
      const p = constantString(positionalArgs(e)[0]);
      if (p !== undefined && isMatchAllRegex(p)) return 'reflect';
    }
    return undefined;
  };
  if (v.type === 'list' || v.type === 'tuple' || v.type === 'set') {
    const kinds = v.namedChildren.filter((c): c is Node => !!c).map(single);
    if (kinds.includes('star')) return { kind: 'star', literal: v };
    if (kinds.includes('reflect')) return { kind: 'reflect', literal: v };
    return undefined;
  }
  const k = single(v);
  return k ? { kind: k, literal: v } : undefined;
}

/** Parameter names of a function definition, in order. */
function parameterNames(fn: Node): string[] {
  const params = fn.childForFieldName('parameters');
  const out: string[] = [];
  for (const p of params?.namedChildren ?? []) {
    if (!p) continue;
    if (p.type === 'identifier') out.push(p.text);
    else if (p.type === 'typed_parameter') {
      const id = p.namedChildren.find((c) => c?.type === 'identifier');
      if (id) out.push(id.text);
    } else if (p.type === 'default_parameter' || p.type === 'typed_default_parameter') {
      const name = p.childForFieldName('name');
      if (name) out.push(name.text);
    }
  }
  return out;
}

/**
 * When `e` is the request's Origin header (`request.headers.get("Origin")`,
 * `request.headers["Origin"]`, `request.META["HTTP_ORIGIN"]`, `request.environ.get(...)`,
 * `request.origin`, or a variable holding one), returns the texts a guard would mention.
 */
function originSource(e: Node, resolve: (id: Node) => Node | undefined, depth = 0): string[] | undefined {
  const v = unparen(e);
  if (depth > 4) return undefined;
  const isOriginKey = (k: Node | undefined | null) => {
    const s = constantString(k)?.toLowerCase();
    return s === 'origin' || s === 'http_origin';
  };
  const isHeaderBag = (o: Node | null) => !!o && /(?:headers|META|environ)$/.test(o.text);
  if (v.type === 'call') {
    const fn = v.childForFieldName('function');
    if (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'get' && isHeaderBag(fn.childForFieldName('object')) && isOriginKey(positionalArgs(v)[0])) return [v.text];
    return undefined;
  }
  if (v.type === 'subscript') {
    if (isHeaderBag(v.childForFieldName('value')) && isOriginKey(v.childForFieldName('subscript'))) return [v.text];
    return undefined;
  }
  if (v.type === 'attribute') {
    if (v.childForFieldName('attribute')?.text === 'origin' && /\brequest$/.test(v.childForFieldName('object')?.text ?? '')) return [v.text];
    return undefined;
  }
  if (v.type === 'identifier') {
    const r = resolve(v);
    const inner = r ? originSource(r, resolve, depth + 1) : undefined;
    return inner ? [...inner, v.text] : undefined;
  }
  return undefined;
}

/** Conditions that compare or look up the origin (membership, equality, a matcher, an allow-check helper). */
const CHECK = /\bin\b|==|!=|\.(?:match|fullmatch|search|endswith|startswith)\s*\(|\b\w*(?:allow|valid|trust|permit|whitelist|match|check|verify)\w*\s*\(/i;

/** True when a condition around `site` (or an earlier early exit) checks one of `names`. */
function isGuarded(site: Node, names: string[]): boolean {
  const mentions = (cond: Node | null | undefined) => {
    if (!cond) return false;
    const t = cond.text;
    return CHECK.test(t) && names.some((n) => (/^\w+$/.test(n) ? new RegExp(`\\b${n}\\b`).test(t) : t.includes(n)));
  };
  let child: Node = site;
  for (const p of ancestors(site)) {
    if ((p.type === 'if_statement' || p.type === 'elif_clause') && p.childForFieldName('consequence')?.id === child.id && mentions(p.childForFieldName('condition'))) return true;
    if (p.type === 'conditional_expression' && p.namedChildren[0]?.id === child.id && mentions(p.namedChildren[1])) return true;
    if (p.type === 'boolean_operator' && p.childForFieldName('operator')?.text === 'and' && p.childForFieldName('right')?.id === child.id && mentions(p.childForFieldName('left'))) return true;
    if (p.type === 'block' || p.type === 'module') {
      // Earlier statements of the same block, nearest first (siblings, so a long module is not materialized).
      for (let s = child.previousNamedSibling; s; s = s.previousNamedSibling) {
        if (s.type === 'if_statement' && mentions(s.childForFieldName('condition')) && /\b(?:return|raise|abort)\b/.test(s.childForFieldName('consequence')?.text ?? '')) return true;
      }
    }
    if (p.type === 'function_definition') break;
    child = p;
  }
  return false;
}

/** A header value allowing every origin: `"*"`, or the request's Origin outside a check of it. */
function classifyHeaderValue(value: Node, site: Node, resolve: (id: Node) => Node | undefined): { kind: Verdict['kind'] } | undefined {
  const v = unparen(value);
  if (v.type === 'boolean_operator' && v.childForFieldName('operator')?.text === 'or') {
    const l = classifyHeaderValue(v.childForFieldName('left')!, site, resolve);
    const r = classifyHeaderValue(v.childForFieldName('right')!, site, resolve);
    if (l?.kind === 'reflect' || r?.kind === 'reflect') return { kind: 'reflect' };
    return l ?? r;
  }
  if (constantString(v) === '*') return { kind: 'star' };
  const names = originSource(v, resolve);
  if (names && !isGuarded(site, names)) return { kind: 'reflect' };
  return undefined;
}

/** Inserts a keyword argument first after the positional arguments: `CORS(app, origins=…)`. */
function insertKeywordArg(call: Node, text: string): OffsetEdit {
  const args = call.childForFieldName('arguments')!;
  const positional = positionalArgs(call);
  const lastPositional = positional[positional.length - 1];
  if (lastPositional) return { start: lastPositional.endIndex, end: lastPositional.endIndex, newText: `, ${text}` };
  const first = args.namedChildren.find((c) => c && c.type !== 'comment');
  if (first) return { start: first.startIndex, end: first.startIndex, newText: `${text}, ` };
  return { start: args.startIndex + 1, end: args.startIndex + 1, newText: text };
}

function short(text: string): string {
  const t = text.replace(/\s+/g, ' ');
  return t.length > 40 ? `${t.slice(0, 37)}…` : t;
}
