import ts from 'typescript';
import type { AuthProvider, NextMiddlewareFacts } from '../../context';
import type { JsContext, JsDetector } from '../../detector';
import type { ProjectFacts } from '../../context';
import { makeFix } from '../../fixes/edits';
import { ensureJsImport, type OffsetEdit } from '../../fixes/imports';
import { dottedName, importsOf, unwrap } from '../../js/ast';
import type { Fix, Severity } from '../../types';
import { JsClassifier, relativeSpecifier } from './js-classify';
import { buildExpressModel, buildFastifyModel, contextGuards, declOf, findTargets, summarizeFunction, type FastifyRoute, type RouteEvent } from './js-model';
import { AuthOptionsSchema, RULE_ID, authNames, combineVerdicts, namePath, type AuthNames, type Verdict } from './names';
import { joinPaths, matchersCover, nextRouteOf, type NextRoute } from './paths';

/**
 * `auth/missing-authentication` for JavaScript/TypeScript (CWE-306, CWE-862): state-changing
 * routes (POST, PUT, PATCH, DELETE, ALL; any method on admin-like paths) with no
 * authentication on their path, in Express, Fastify, Next.js App Router route handlers,
 * Pages Router API routes and server actions. Where something on the path cannot be
 * classified (unknown middleware, an app handed to unseen code, a router mounted in a file
 * we have no facts for), the route is not reported.
 */

const RULE = RULE_ID;
const HTTP_METHODS = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE'];

const EXPECTED = {
  express:
    'Put authentication middleware before the handler (e.g. requireAuth, passport.authenticate(), expressjwt()) or reject requests without req.user in it; name your own middleware under auth.middleware in .redline.json',
  fastify:
    'Add an onRequest or preHandler hook that authenticates (e.g. fastify.authenticate with @fastify/jwt) or call request.jwtVerify() in the handler; name your own hooks under auth.middleware in .redline.json',
  nextApp:
    'Check the session at the top of the handler (auth(), getServerSession(), Clerk auth(), supabase.auth.getUser()) and return 401 without one, or cover the route with an authenticating middleware matcher; name your own helpers under auth.sessionChecks in .redline.json',
  nextPages:
    'Check the session at the top of the handler (getServerSession(req, res, authOptions), getAuth(req), getToken({ req })) and answer 401 without one; name your own helpers under auth.sessionChecks in .redline.json',
  action:
    'Check the session at the top of the action and throw without one: every exported server action is a public POST endpoint; name your own helpers under auth.sessionChecks in .redline.json',
  webhook:
    "Verify the provider's signature before acting on the payload (e.g. stripe.webhooks.constructEvent, svix Webhook.verify, a timing-safe HMAC comparison)",
};

const PROBLEM = {
  state: 'changes state, and nothing on its path authenticates the caller',
  admin: 'is an admin-like route, and nothing on its path authenticates the caller',
  webhook: "receives webhooks without verifying the sender's signature, so anyone can call it",
  action: 'changes data, and nothing in it checks the caller',
};

interface Candidate {
  start: number;
  end: number;
  method: string;
  path: string;
  kind: 'state' | 'admin' | 'webhook' | 'action';
  expected: string;
  fixes: Fix[];
  noFixReason?: string;
}

/** The JS/TS detector of `auth/missing-authentication`: collects calls and declarations in the shared walk, judges routes in `finish`. */
export const authJs: JsDetector = {
  family: 'js',
  name: 'auth-js',
  // Express/Fastify targets come from their imports; Next.js routes from the path; server actions from the directive.
  // Routers and Fastify plugins defined here but mounted elsewhere come from the project facts.
  prefilter: (text, file, project) =>
    /(?:require\s*\(\s*|from\s*)['"](?:express|fastify)['"]|['"]use server['"]/.test(text) || nextRouteOf(file.relPath) !== undefined || mountedElsewhere(file.relPath, project),
  rules: [RULE],
  create(ctx) {
    const calls: ts.CallExpression[] = [];
    const declarations: ts.VariableDeclaration[] = [];
    return {
      visit: {
        [ts.SyntaxKind.CallExpression]: (node) => {
          calls.push(node as ts.CallExpression);
        },
        [ts.SyntaxKind.VariableDeclaration]: (node) => {
          declarations.push(node as ts.VariableDeclaration);
        },
      },
      finish() {
        const names = authNames(ctx.options(RULE, AuthOptionsSchema), ctx.config.auth);
        new JsRun(ctx, names, calls, declarations).run();
      },
    };
  },
};

class JsRun {
  private readonly sf: ts.SourceFile;
  private readonly reported = new Set<number>();

  constructor(
    private readonly ctx: JsContext,
    private readonly names: AuthNames,
    private readonly calls: ts.CallExpression[],
    private readonly declarations: ts.VariableDeclaration[],
  ) {
    this.sf = ctx.sourceFile;
  }

  run(): void {
    const next = nextRouteOf(this.ctx.file.relPath);
    if (next) this.nextRoute(next);
    else if (hasDirective(this.sf, 'use server')) this.serverActions();
    const targets = findTargets(this.sf, this.declarations);
    const model = buildExpressModel(this.sf, this.calls, targets);
    const cls = new JsClassifier(this.sf, this.names, model, this.ctx.project, this.ctx.file.relPath);
    for (const r of model.routes) this.expressRoute(cls, model, r);
    for (const r of buildFastifyModel(this.sf, this.calls, targets).routes) {
      if (r.path === null) continue;
      const { hooks, opaque, external } = contextGuards(r.context);
      const verdict = combineVerdicts([...r.hooks, ...hooks].map((h) => cls.verdict(h)).concat(opaque.map((p) => cls.pluginVerdict(p))));
      if (verdict !== 'none') continue;
      // A plugin registered in other files: each registration's prefix and guards (ProjectFacts).
      let prefix = '';
      if (external) {
        const mounts = cls.externalChains(external, 'fastify');
        const open = mounts?.find((m) => m.guards === 'none');
        if (!open) continue;
        prefix = open.prefix === '*' ? '*' : open.prefix;
      }
      const fullPath = joinPaths(joinPaths(prefix, r.context.prefix), r.path);
      const method = r.methods.find((m) => this.names.isStateChanging(m)) ?? r.methods[0]!;
      const c = this.judge(cls, r.handler, method, fullPath, EXPECTED.fastify);
      if (!c) continue;
      const fix = c.kind === 'webhook' ? { fixes: [] as Fix[], reason: 'a webhook is called by its provider, not a signed-in user: verify its signature in the handler instead' } : this.fastifyFix(cls, r);
      this.report({ ...c, start: r.start, end: r.end, fixes: fix.fixes, ...(fix.reason ? { noFixReason: fix.reason } : {}) });
    }
  }

  /**
   * Decides whether a route without guards is a finding, from its method, path and handler.
   * Returns undefined for routes that are read-only, public by nature, verified webhooks, or
   * whose handler checks the caller (or cannot be read).
   */
  private judge(cls: JsClassifier, handler: ts.Expression | undefined, method: string, path: string, expected: string): Omit<Candidate, 'start' | 'end' | 'fixes'> | undefined {
    const admin = this.names.isAdminPath(path);
    if (!admin && !this.names.isStateChanging(method)) return undefined;
    const h = cls.handlerState(handler);
    if (h.state !== 'unchecked') return undefined;
    if (this.names.isWebhookPath(path)) {
      if (h.summary?.calls.some((c) => this.names.isSignatureCheck(c))) return undefined;
      return { method, path, kind: 'webhook', expected: EXPECTED.webhook };
    }
    if (this.names.isPublicPath(path) || cls.publicByName(h.name)) return undefined;
    return { method, path, kind: admin ? 'admin' : 'state', expected };
  }

  private report(c: Candidate): void {
    if (this.reported.has(c.start)) return;
    this.reported.add(c.start);
    const severity: Severity | undefined = c.kind === 'admin' ? 'error' : undefined;
    this.ctx.report({
      ruleId: RULE,
      start: c.start,
      end: c.end,
      args: { method: c.method, path: c.path, problem: PROBLEM[c.kind], expected: c.expected },
      ...(severity ? { severity } : {}),
      key: `${c.method} ${c.path}`,
      fixes: c.fixes,
      ...(c.fixes.length === 0 && c.noFixReason ? { noFixReason: c.noFixReason } : {}),
      properties: { method: c.method, path: c.path, kind: c.kind },
    });
  }

  // ------------------------------------------------------------------ Express

  private expressRoute(cls: JsClassifier, model: ReturnType<typeof buildExpressModel>, r: RouteEvent): void {
    if (r.path === null) return;
    const chains = cls.expressRouteChains(model, r.target, r.path, r.pos, r.middleware);
    if (!chains) return;
    const open = chains.find((c) => c.verdict === 'none');
    if (!open) return;
    const c = this.judge(cls, r.handler, r.method, open.fullPath, EXPECTED.express);
    if (!c) return;
    if (c.kind === 'webhook') {
      this.report({ ...c, start: r.start, end: r.end, fixes: [], noFixReason: 'a webhook is called by its provider, not a signed-in user: verify its signature in the handler instead' });
      return;
    }
    const fix = this.expressFix(cls, model, r, c.method, c.path);
    this.report({ ...c, start: r.start, end: r.end, fixes: fix.fixes, ...(fix.reason ? { noFixReason: fix.reason } : {}) });
  }

  /** Adds the middleware the file or the workspace already uses to the route, with its import. */
  private expressFix(cls: JsClassifier, model: ReturnType<typeof buildExpressModel>, r: RouteEvent, method: string, path: string): { fixes: Fix[]; reason?: string } {
    const insert = (text: string): OffsetEdit => ({ start: r.insert.at, end: r.insert.at, newText: r.insert.style === 'after-path' ? `, ${text}` : `${text}, ` });
    // 1. In-file evidence: a guard this file already puts on other routes (or `use`s).
    const text = this.inFileGuard(cls, model);
    if (text) return { fixes: [this.fix(`Require authentication on ${method} ${path} with ${text}`, [insert(text)])] };
    // 2. Workspace evidence.
    return this.providerFix('express-middleware', (p) => this.names.jsMiddleware(p.name.replace(/\(.*$/s, ''), p.module) === 'auth', (p, edits) => {
      return this.fix(`Require authentication on ${method} ${path} with ${p.name} (as in ${p.seenIn})`, [insert(p.name), ...edits]);
    }, 'No authentication middleware is used in this workspace yet, so Redline will not invent one: add one (e.g. passport, express-jwt, express-openid-connect) and put it before this handler.');
  }

  private inFileGuardCache: { text: string | undefined } | undefined;

  /** The first authenticating middleware this file already uses, as written (computed once per run). */
  private inFileGuard(cls: JsClassifier, model: ReturnType<typeof buildExpressModel>): string | undefined {
    if (this.inFileGuardCache) return this.inFileGuardCache.text;
    let found: string | undefined;
    for (const e of [...model.routes.flatMap((x) => x.middleware), ...model.uses.flatMap((u) => u.refs)]) {
      const u = unwrap(e);
      if (ts.isArrowFunction(u) || ts.isFunctionExpression(u) || ts.isArrayLiteralExpression(u)) continue;
      const text = u.getText(this.sf);
      if (text.includes('\n') || text.length > 120 || !topLevelRoot(u) || cls.verdict(u) !== 'auth') continue;
      found = text;
      break;
    }
    this.inFileGuardCache = { text: found };
    return found;
  }

  /** Builds a fix from the first workspace provider of `kind` that `accept`s and whose import can be added. */
  private providerFix(kind: AuthProvider['kind'], accept: (p: AuthProvider) => boolean, build: (p: AuthProvider, importEdits: OffsetEdit[]) => Fix, reason: string): { fixes: Fix[]; reason?: string } {
    let conflict = false;
    for (const p of this.ctx.project.authProviders) {
      if (p.kind !== kind || !accept(p)) continue;
      const edits = this.importFor(p);
      if (edits === 'conflict') {
        conflict = true;
        continue;
      }
      return { fixes: [build(p, edits)] };
    }
    return { fixes: [], reason: conflict ? 'the authentication guard this workspace uses has a name that is already taken in this file; add it by hand' : reason };
  }

  /** Import edits that bring a provider's binding into this file; `conflict` when the name is taken. */
  private importFor(p: AuthProvider): OffsetEdit[] | 'conflict' {
    const binding = p.importName ?? rootName(p.name);
    if (!p.module || p.seenIn === this.ctx.file.relPath) return [];
    const specifier = p.moduleKind === 'workspace' ? relativeSpecifier(this.ctx.file.relPath, p.module, p.importExtension ?? '') : p.module;
    const existing = importsOf(this.sf).get(binding);
    if (existing) return existing.module === specifier ? [] : 'conflict';
    const edit = ensureJsImport(this.sf, this.ctx.lines, { module: specifier, name: binding, kind: p.importKind ?? 'named' });
    if (edit === 'conflict') return 'conflict';
    return edit ? [edit] : [];
  }

  private fix(title: string, edits: OffsetEdit[]): Fix {
    return makeFix(this.ctx.lines, { title, applicability: 'unsafe', edits });
  }

  // ------------------------------------------------------------------ Fastify

  private fastifyFix(cls: JsClassifier, r: FastifyRoute): { fixes: Fix[]; reason?: string } {
    const reason = 'No authenticating Fastify hook is used in this file or workspace, so Redline will not invent one: decorate one (e.g. fastify.authenticate with @fastify/jwt) and add it as an onRequest hook.';
    if (!r.optionsAt || r.optionsAt.existing && /\b(?:onRequest|preHandler)\b/.test(r.optionsAt.existing.getText(this.sf))) return { fixes: [], reason };
    const recvText = r.receiver;
    let hookText: string | undefined;
    for (const call of this.calls) {
      const callee = unwrap(call.expression);
      if (!ts.isPropertyAccessExpression(callee)) continue;
      const objs = call.arguments.map((a) => unwrap(a)).filter(ts.isObjectLiteralExpression);
      for (const o of objs) {
        for (const p of o.properties) {
          if (!ts.isPropertyAssignment(p) || !/^(?:onRequest|preHandler)$/.test(p.name.getText(this.sf))) continue;
          const v = unwrap(p.initializer);
          const first = ts.isArrayLiteralExpression(v) ? v.elements[0] : v;
          if (first && ts.isPropertyAccessExpression(first) && cls.verdict(first) === 'auth') hookText = `${recvText}.${first.name.text}`;
        }
      }
      if (hookText) break;
    }
    if (!hookText) {
      const p = this.ctx.project.authProviders.find((x) => x.kind === 'fastify-hook' && x.name.includes('.'));
      if (p) hookText = `${recvText}.${p.name.split('.').pop()}`;
    }
    if (!hookText) return { fixes: [], reason };
    let edit: OffsetEdit;
    const obj = r.optionsAt.existing;
    if (obj) {
      const L = this.ctx.lines;
      const first = obj.properties[0];
      const open = obj.getStart(this.sf);
      if (first && L.positionAt(first.getStart(this.sf)).line !== L.positionAt(open).line) {
        // One property per line: add ours as the first line.
        const line = L.positionAt(first.getStart(this.sf)).line;
        edit = { start: L.lineStarts[line]!, end: L.lineStarts[line]!, newText: `${L.indentation(line)}onRequest: [${hookText}],${L.eol()}` };
      } else edit = { start: open + 1, end: open + 1, newText: ` onRequest: [${hookText}],` };
    } else edit = { start: r.optionsAt.at, end: r.optionsAt.at, newText: `, { onRequest: [${hookText}] }` };
    return { fixes: [this.fix(`Require authentication with an onRequest hook (${hookText})`, [edit])] };
  }

  // ------------------------------------------------------------------ Next.js

  /** The middleware (or proxy) of the route's Next.js project, and whether it may authenticate. */
  private nextMiddleware(route: NextRoute): { facts?: NextMiddlewareFacts; known: boolean } {
    const project = this.ctx.project;
    const list = project.nextMiddleware ?? [];
    const facts = list.find((m) => m.projectRoot === route.projectRoot);
    if (facts) return { facts, known: true };
    // Without a scan we cannot know whether a middleware covers the route.
    if (project.scanned) return { known: true };
    if (project.nextMiddlewareFile !== undefined) {
      return { facts: { file: project.nextMiddlewareFile, projectRoot: '', matchers: project.nextMiddlewareMatchers ?? ['/:path*'], names: [], modules: [], cookies: [], rejects: true }, known: true };
    }
    return { known: false };
  }

  /** Whether a middleware file authenticates: `none` only when nothing in it looks like auth. */
  private middlewareVerdict(m: NextMiddlewareFacts): Verdict {
    const clerk = m.names.some((n) => /(?:^|\.)clerkMiddleware$/.test(n));
    if (clerk) return m.names.some((n) => /(?:^|\.)protect$/.test(n)) ? 'auth' : 'none';
    if (m.modules.some((x) => this.names.jsMiddleware(undefined, x) === 'auth')) return 'auth';
    if (m.names.some((n) => this.names.jsSessionCheck(n) || this.names.jsMiddleware(n) === 'auth')) return 'auth';
    if (m.cookies.some((c) => /session|token|auth|jwt|sid/i.test(c))) return 'auth';
    return m.rejects ? 'unknown' : 'none';
  }

  private nextRoute(route: NextRoute): void {
    const mw = this.nextMiddleware(route);
    if (!mw.known) return;
    if (mw.facts && this.middlewareVerdict(mw.facts) !== 'none' && matchersCover(mw.facts.matchers, route.path) !== 'no') return;
    const cls = new JsClassifier(this.sf, this.names, undefined, this.ctx.project, this.ctx.file.relPath);
    const handlers = route.router === 'app' ? appHandlers(this.sf) : pagesHandler(this.sf);
    for (const h of handlers) {
      const admin = this.names.isAdminPath(route.path);
      let method = h.method;
      if (route.router === 'pages') {
        if (h.state !== 'fn') continue;
        const s = summarizeFunction(h.fn!);
        const changing = s.methods.filter((m) => this.names.isStateChanging(m));
        if (changing.length) method = changing.join('/');
        else if (s.methods.length === 0 && s.mutates) method = 'ANY';
        else if (!admin) continue;
        else method = s.methods.join('/') || 'ANY';
      } else if (!admin && !this.names.isStateChanging(method)) continue;
      if (h.state === 'checked' || h.state === 'unknown') continue;
      const summary = summarizeFunction(h.fn!);
      if (cls.bodyState(h.fn!) !== 'unchecked') continue;
      let kind: Candidate['kind'] = admin ? 'admin' : 'state';
      if (this.names.isWebhookPath(route.path)) {
        if (summary.calls.some((c) => this.names.isSignatureCheck(c))) continue;
        kind = 'webhook';
      } else if (this.names.isPublicPath(route.path)) continue;
      const expected = kind === 'webhook' ? EXPECTED.webhook : route.router === 'app' ? EXPECTED.nextApp : EXPECTED.nextPages;
      const fix =
        kind === 'webhook'
          ? { fixes: [] as Fix[], reason: 'a webhook is called by its provider, not a signed-in user: verify its signature in the handler instead' }
          : route.router === 'app'
            ? this.nextFix(h.fn!, 'route', `${method} ${route.path}`)
            : { fixes: [] as Fix[], reason: 'Pages Router handlers need the request and response for a session check (getServerSession(req, res, authOptions)); add it by hand' };
      this.report({ start: h.nameNode.getStart(this.sf), end: h.nameNode.end, method, path: route.path, kind, expected, fixes: fix.fixes, ...(fix.reason ? { noFixReason: fix.reason } : {}) });
    }
  }

  private serverActions(): void {
    // A middleware that may authenticate can cover the pages that post actions: cannot tell.
    const project = this.ctx.project;
    if (!project.scanned) return;
    if ((project.nextMiddleware ?? []).some((m) => this.middlewareVerdict(m) !== 'none')) return;
    const cls = new JsClassifier(this.sf, this.names, undefined, project, this.ctx.file.relPath);
    for (const s of this.sf.statements) {
      const exported = modifiersOf(s).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
      if (!exported) continue;
      const fns: { name: ts.Identifier; fn: ts.FunctionLikeDeclaration }[] = [];
      if (ts.isFunctionDeclaration(s) && s.name && s.body) fns.push({ name: s.name, fn: s });
      else if (ts.isVariableStatement(s)) {
        for (const d of s.declarationList.declarations) {
          const init = d.initializer && unwrap(d.initializer);
          if (ts.isIdentifier(d.name) && init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) fns.push({ name: d.name, fn: init });
        }
      }
      for (const { name, fn } of fns) {
        const summary = summarizeFunction(fn);
        if (!summary.mutates || cls.checksCaller(summary) || this.names.isPublicPath(namePath(name.text))) continue;
        const fix = this.nextFix(fn, 'action', `server action ${name.text}`);
        this.report({ start: name.getStart(this.sf), end: name.end, method: 'Server action', path: `${name.text}()`, kind: 'action', expected: EXPECTED.action, fixes: fix.fixes, ...(fix.reason ? { noFixReason: fix.reason } : {}) });
      }
    }
  }

  /** Inserts an early session check with the helper the file or workspace uses. */
  private nextFix(fn: ts.FunctionLikeDeclaration, where: 'route' | 'action', label: string): { fixes: Fix[]; reason?: string } {
    const reason = 'No session helper (auth(), currentUser(), a getCurrentUser()-style function) is used in this workspace, so Redline will not invent one: add your auth library and check the session at the top of the handler.';
    const body = fn.body;
    if (!body || !ts.isBlock(body)) return { fixes: [], reason: 'the handler has an expression body; add a session check by hand' };
    const imports = importsOf(this.sf);
    const taken = (n: string) => new RegExp(`\\b${n}\\b`).test(body.getText(this.sf));
    // In-file: a session helper already imported here.
    for (const [local, b] of imports) {
      if (b.module.startsWith('next/') || !this.names.jsSessionCheck(local)) continue;
      const t = nextCheck(local, b.module, imports.has('authOptions'), where, imports.has('NextResponse'), taken);
      if (t) return { fixes: [this.fix(`Check the session at the top of ${label} with ${local}()`, [this.atBodyStart(body, t)])] };
    }
    return this.providerFix(
      'next-session-check',
      (p) => this.names.jsSessionCheck(p.name) && !!nextCheck(p.name, p.module ?? '', false, where, false, taken),
      (p, edits) => {
        const t = nextCheck(p.name, p.module ?? '', false, where, imports.has('NextResponse'), taken)!;
        return this.fix(`Check the session at the top of ${label} with ${p.name}() (as in ${p.seenIn})`, [this.atBodyStart(body, t), ...edits]);
      },
      reason,
    );
  }

  private atBodyStart(body: ts.Block, lines: string[]): OffsetEdit {
    const L = this.ctx.lines;
    const eol = L.eol();
    const first = body.statements[0];
    const fnIndent = L.indentation(L.positionAt(body.getStart(this.sf)).line);
    const indent = first ? L.indentation(L.positionAt(first.getStart(this.sf)).line) : `${fnIndent}  `;
    const unit = indent.includes('\t') ? '\t' : '  ';
    const at = body.getStart(this.sf) + 1;
    return { start: at, end: at, newText: lines.map((l) => `${eol}${indent}${l.startsWith('\t') ? unit + l.slice(1) : l}`).join('') };
  }
}

/**
 * Statements of an early session check with a known helper, or undefined when the helper's call
 * shape is unknown. Source: Auth.js v5 `auth()`, Clerk `auth()`/`currentUser()` from
 * `@clerk/nextjs/server`, NextAuth v4 `getServerSession(authOptions)`.
 */
function nextCheck(name: string, module: string, hasAuthOptions: boolean, where: 'route' | 'action', hasNextResponse: boolean, taken: (n: string) => boolean): string[] | undefined {
  const deny = where === 'action' ? "throw new Error('Unauthorized');" : hasNextResponse ? "return NextResponse.json({ error: 'Unauthorized' }, { status: 401 });" : "return new Response('Unauthorized', { status: 401 });";
  const block = (cond: string) => [`if (${cond}) {`, `\t${deny}`, '}'];
  const pick = (base: string) => (taken(base) ? `auth${base[0]!.toUpperCase()}${base.slice(1)}` : base);
  if (name === 'auth' && /clerk/.test(module)) {
    if (taken('userId')) return undefined;
    return ['const { userId } = await auth();', ...block('!userId')];
  }
  if (name === 'auth') {
    const v = pick('session');
    return [`const ${v} = await auth();`, ...block(`!${v}?.user`)];
  }
  if (name === 'currentUser') {
    const v = pick('user');
    return [`const ${v} = await currentUser();`, ...block(`!${v}`)];
  }
  if (name === 'getServerSession') {
    if (!hasAuthOptions) return undefined;
    const v = pick('session');
    return [`const ${v} = await getServerSession(authOptions);`, ...block(`!${v}`)];
  }
  if (/^(?:require|ensure|assert)[A-Z]/.test(name)) return [`await ${name}();`];
  if (/^get[A-Z]/.test(name) && !/(?:Token|Session)$/.test(name)) {
    const v = pick('user');
    return [`const ${v} = await ${name}();`, ...block(`!${v}`)];
  }
  return undefined;
}

/** The App Router route handlers a file exports (`export async function POST`, `export const POST = …`, `export { h as POST }`). */
function appHandlers(sf: ts.SourceFile): NextHandler[] {
  const out: NextHandler[] = [];
  for (const s of sf.statements) {
    const exported = modifiersOf(s).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (ts.isFunctionDeclaration(s) && exported && s.name && HTTP_METHODS.includes(s.name.text)) {
      out.push({ method: s.name.text, nameNode: s.name, ...(s.body ? { state: 'fn', fn: s } : { state: 'unknown' }) });
    } else if (ts.isVariableStatement(s) && exported) {
      for (const d of s.declarationList.declarations) {
        if (ts.isIdentifier(d.name) && HTTP_METHODS.includes(d.name.text) && d.initializer) out.push({ method: d.name.text, nameNode: d.name, ...handlerOf(d.initializer) });
      }
    } else if (ts.isExportDeclaration(s) && !s.moduleSpecifier && s.exportClause && ts.isNamedExports(s.exportClause)) {
      for (const el of s.exportClause.elements) {
        if (!HTTP_METHODS.includes(el.name.text)) continue;
        out.push({ method: el.name.text, nameNode: el.name, ...handlerOf(el.propertyName ?? el.name) });
      }
    }
  }
  return out;
}

/** The Pages Router API handler (`export default function handler(req, res)` and friends). */
function pagesHandler(sf: ts.SourceFile): NextHandler[] {
  for (const s of sf.statements) {
    const mods = modifiersOf(s);
    const isDefault = mods.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword) && mods.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (ts.isFunctionDeclaration(s) && isDefault && s.body) return [{ method: 'ANY', nameNode: s.name ?? mods.find((m) => m.kind === ts.SyntaxKind.DefaultKeyword)!, state: 'fn', fn: s }];
    if (ts.isExportAssignment(s) && !s.isExportEquals) return [{ method: 'ANY', nameNode: s.getChildAt(1, sf), ...handlerOf(s.expression) }];
  }
  return [];
}

interface NextHandler {
  method: string;
  nameNode: ts.Node;
  state: 'fn' | 'checked' | 'unknown';
  fn?: ts.FunctionLikeDeclaration;
}

/** Resolves a handler expression: a function, a wrapper (`withAuth(fn)`: checked when auth-ish), or unknown. */
function handlerOf(e: ts.Expression): Pick<NextHandler, 'state' | 'fn'> {
  const u = unwrap(e);
  if (ts.isArrowFunction(u) || ts.isFunctionExpression(u)) return { state: 'fn', fn: u };
  if (ts.isIdentifier(u)) {
    const d = declOf(u);
    if (d && ts.isFunctionDeclaration(d) && d.body) return { state: 'fn', fn: d };
    if (d && ts.isVariableDeclaration(d) && d.initializer) return handlerOf(d.initializer);
    return { state: 'unknown' };
  }
  if (ts.isCallExpression(u)) {
    // withAuth(handler), auth((req) => …): a wrapper decides; its name says whether it authenticates.
    const name = dottedName(u.expression) ?? '';
    return /auth|session|user|protect|guard|jwt|token|login|clerk|permission|role/i.test(name) ? { state: 'checked' } : { state: 'unknown' };
  }
  return { state: 'unknown' };
}

/** True when the project facts know `relPath` as a router or Fastify plugin mounted from another file. */
function mountedElsewhere(relPath: string, project: ProjectFacts): boolean {
  const module = relPath.replace(/\.[cm]?[jt]sx?$/, '');
  return !!project.routerMounts?.some((m) => m.module === module || m.via?.module === module) || !!project.fastifyPlugins?.[module] || !!project.jsHandlers?.[module];
}

function hasDirective(sf: ts.SourceFile, directive: string): boolean {
  for (const s of sf.statements) {
    if (ts.isExpressionStatement(s) && ts.isStringLiteral(s.expression)) {
      if (s.expression.text === directive) return true;
      continue;
    }
    break;
  }
  return false;
}

/** `passport.authenticate('jwt')` → `passport`. */
function rootName(expr: string): string {
  return /^[A-Za-z_$][\w$]*/.exec(expr)?.[0] ?? expr;
}

/** True when the expression's root identifier is declared at the top level of the file (usable anywhere). */
function topLevelRoot(e: ts.Expression): boolean {
  let u: ts.Expression = e;
  for (;;) {
    if (ts.isPropertyAccessExpression(u) || ts.isCallExpression(u) || ts.isElementAccessExpression(u)) u = unwrap(u.expression);
    else break;
  }
  if (!ts.isIdentifier(u)) return false;
  const d = declOf(u);
  if (!d) return false;
  for (let p: ts.Node | undefined = d.parent; p; p = p.parent) {
    if (ts.isSourceFile(p)) return true;
    if (ts.isFunctionLike(p) || ts.isBlock(p)) return false;
  }
  return false;
}

function modifiersOf(s: ts.Node): readonly ts.ModifierLike[] {
  return (ts.canHaveModifiers(s) ? ts.getModifiers(s) : undefined) ?? [];
}
