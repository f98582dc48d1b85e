import ts from 'typescript';
import type { JsContext, JsDetector } from '../../detector';
import { documentEnvVar } from '../../fixes/env';
import { makeFix } from '../../fixes/edits';
import type { OffsetEdit } from '../../fixes/imports';
import {
  calleeLastName,
  calleeReceiver,
  constantString,
  enclosingFunction,
  findDeclaration,
  getProperty,
  getPropertyNode,
  importsOf,
  isFunctionLike,
  propertyNameText,
  requireCall,
  unwrap,
} from '../../js/ast';
import type { Fix } from '../../types';

/**
 * CORS misconfiguration in JavaScript/TypeScript (CWE-942):
 * - `cors()` middleware (expressjs/cors, hono/cors, @koa/cors) allowing every origin: no options
 *   (defaults to `*`, or to reflection for @koa/cors), `origin: '*'`, `origin: true` (reflects),
 *   `/.*\/`, or a callback that approves every origin;
 * - @fastify/cors registered with `origin: true`/`'*'` or no options;
 * - NestJS `app.enableCors()` without an origin (it passes the options to the `cors` package);
 * - servers taking the `cors` package's options under a `cors` key: Socket.IO `new Server(http,
 *   { cors })`, Apollo Server 2/3 `new ApolloServer({ cors })` and `applyMiddleware({ cors })`,
 *   NestJS `NestFactory.create(Module, { cors })`, with `cors: true`, no origin, or an allow-all
 *   origin; graphql-yoga `createYoga({ cors })`, where `'*'`, no origin or `true` reflect the
 *   request's origin (Yoga echoes it back);
 * - `Access-Control-Allow-Origin` set to `*` or to the request's Origin with
 *   `setHeader`/`header`/`set`/`append`, or as a key in a headers object (`writeHead`,
 *   `new Response`, Next.js `headers()` config `{ key, value }`).
 * A reflection inside a branch that checks the origin (or after an early return that does) is
 * an allowlist, not a finding. Values read from configuration are never flagged.
 *
 * Source: expressjs/cors "Configuration Options"; @fastify/cors README; Socket.IO "Handling
 * CORS"; Apollo Server 3 `cors` option; graphql-yoga "CORS" (useCORS echoes the request origin
 * when `origin` is unset or `'*'`); NestJS "CORS"; Fetch standard §3.2.
 */

const PERMISSIVE = 'cors/permissive-origin';
const REFLECTED = 'cors/reflected-origin';
const ACAO = 'access-control-allow-origin';
const ACAC = 'access-control-allow-credentials';
const CORS_MODULES: Record<string, 'star' | 'reflect'> = { cors: 'star', 'hono/cors': 'star', '@koa/cors': 'reflect', 'koa2-cors': 'star' };
const FASTIFY_CORS = new Set(['@fastify/cors', 'fastify-cors']);
const HEADER_SETTERS = new Set(['setHeader', 'header', 'set', 'append']);

/** The allowlist expression inserted by fixes: origins from a comma-separated env variable. */
const ALLOWLIST = "(process.env.CORS_ORIGINS ?? '').split(',').map((origin) => origin.trim()).filter(Boolean)";

type Verdict = { kind: 'star' | 'reflect'; node: ts.Node } | undefined;

/** A server whose options object has a `cors` key (see `corsOwnerOf`). */
interface CorsOwner {
  options: ts.Expression | undefined;
  kind: 'star' | 'reflect';
  label: string;
}

export const corsJs: JsDetector = {
  family: 'js',
  name: 'cors-js',
  prefilter: (text) => /cors|access-control-allow-origin/i.test(text),
  statementLocal: true,
  rules: [PERMISSIVE, REFLECTED],
  create(ctx) {
    const sf = ctx.sourceFile;
    const imports = importsOf(sf);
    const reported = new Set<ts.Node>();

    const report = (verdict: NonNullable<Verdict>, what: string, credentials: boolean, fixes: Fix[], noFixReason?: string) => {
      if (reported.has(verdict.node)) return;
      reported.add(verdict.node);
      const ruleId = verdict.kind === 'star' ? PERMISSIVE : REFLECTED;
      ctx.report({
        ruleId,
        start: verdict.node.getStart(sf),
        end: verdict.node.end,
        args: { what, credentials: credentials ? ', with credentials (cookies, Authorization) included' : '' },
        ...(credentials ? { severity: 'error' as const } : {}),
        fixes,
        ...(noFixReason && fixes.length === 0 ? { noFixReason } : {}),
      });
    };

    /** Which CORS package a callee comes from, if any. */
    const corsModuleOf = (callee: ts.Expression): string | undefined => {
      const e = unwrap(callee);
      if (ts.isIdentifier(e)) {
        const b = imports.get(e.text);
        if (b && b.module in CORS_MODULES && (b.imported === 'default' || b.imported === 'cors' || b.imported === '*')) return b.module;
        if (!b && e.text === 'cors' && !findDeclaration(e)) return 'cors';
      }
      const req = requireCall(e);
      if (req && req.module in CORS_MODULES) return req.module;
      return undefined;
    };

    const onCorsCall = (call: ts.CallExpression, module: string) => {
      const opts = call.arguments[0] ? resolveObject(call.arguments[0]) : undefined;
      const defaultKind = CORS_MODULES[module]!;
      if (!call.arguments[0]) {
        const fix = fixFor(ctx, [{ start: call.arguments.end, end: call.arguments.end, newText: `{ origin: ${ALLOWLIST} }` }]);
        report({ kind: defaultKind, node: call }, `${call.expression.getText(sf)}() with no origin option`, false, [fix]);
        return;
      }
      if (!opts) return; // options come from elsewhere: configuration, not a literal
      const credentials = isTrue(getProperty(opts, 'credentials'));
      const originProp = getPropertyNode(opts, 'origin');
      if (!originProp) {
        const fix = fixFor(ctx, [insertFirstProperty(opts, `origin: ${ALLOWLIST}`)]);
        report({ kind: defaultKind, node: call }, `${call.expression.getText(sf)}() without an origin option`, credentials, [fix]);
        return;
      }
      const value = ts.isPropertyAssignment(originProp) ? originProp.initializer : originProp.name;
      const verdict = classifyOriginOption(value);
      if (!verdict) return;
      const fix = fixFor(ctx, [{ start: value.getStart(sf), end: value.end, newText: ALLOWLIST }]);
      report({ ...verdict, node: originProp }, `CORS origin option ${value.getText(sf).length > 40 ? 'callback' : value.getText(sf)}`, credentials, [fix]);
    };

    const onFastifyRegister = (call: ts.CallExpression) => {
      const plugin = call.arguments[0];
      if (!plugin) return;
      const p = unwrap(plugin);
      let module: string | undefined;
      if (ts.isIdentifier(p)) module = imports.get(p.text)?.module;
      else module = requireCall(p)?.module;
      if (!module || !FASTIFY_CORS.has(module)) return;
      const optsArg = call.arguments[1];
      if (!optsArg) {
        const fix = fixFor(ctx, [{ start: plugin.end, end: plugin.end, newText: `, { origin: ${ALLOWLIST} }` }]);
        report({ kind: 'star', node: call }, `${module} registered without options`, false, [fix]);
        return;
      }
      const opts = resolveObject(optsArg);
      if (!opts) return;
      const credentials = isTrue(getProperty(opts, 'credentials'));
      const originProp = getPropertyNode(opts, 'origin');
      if (!originProp) {
        const fix = fixFor(ctx, [insertFirstProperty(opts, `origin: ${ALLOWLIST}`)]);
        report({ kind: 'star', node: call }, `${module} without an origin option`, credentials, [fix]);
        return;
      }
      const value = ts.isPropertyAssignment(originProp) ? originProp.initializer : originProp.name;
      const verdict = classifyOriginOption(value);
      if (!verdict) return;
      const fix = fixFor(ctx, [{ start: value.getStart(sf), end: value.end, newText: ALLOWLIST }]);
      report({ ...verdict, node: originProp }, `${module} origin ${value.getText(sf)}`, credentials, [fix]);
    };

    const onHeaderSetter = (call: ts.CallExpression) => {
      const [nameArg, valueArg] = call.arguments;
      if (!nameArg || !valueArg || constantString(nameArg)?.toLowerCase() !== ACAO) return;
      const verdict = classifyHeaderValue(valueArg, call);
      if (!verdict) return;
      const credentials = setsCredentials(enclosingFunction(call));
      const { fixes, reason } = headerSetterFix(ctx, call, verdict.kind, valueArg);
      const what = verdict.kind === 'star' ? 'Access-Control-Allow-Origin: *' : "Setting Access-Control-Allow-Origin to the request's Origin";
      report({ ...verdict, node: call }, what, credentials, fixes, reason);
    };

    const onObject = (obj: ts.ObjectLiteralExpression) => {
      // Next.js headers() config: { key: 'Access-Control-Allow-Origin', value: '*' }
      const key = getProperty(obj, 'key');
      const valueProp = getPropertyNode(obj, 'value');
      if (key && valueProp && ts.isPropertyAssignment(valueProp) && constantString(key)?.toLowerCase() === ACAO) {
        const verdict = classifyHeaderValue(valueProp.initializer, obj);
        if (verdict) {
          const credentials = obj.parent && ts.isArrayLiteralExpression(obj.parent) && obj.parent.elements.some((e) => ts.isObjectLiteralExpression(e) && constantString(getProperty(e, 'key') ?? e)?.toLowerCase() === ACAC && isTrue(getProperty(e, 'value')));
          const fixes = [singleOriginFix(ctx, valueProp.initializer)];
          report({ ...verdict, node: valueProp }, verdict.kind === 'star' ? 'The header Access-Control-Allow-Origin: *' : "Access-Control-Allow-Origin set to the request's Origin", !!credentials, fixes);
        }
        return;
      }
      // Header maps: { 'Access-Control-Allow-Origin': '*' } in writeHead, new Response, res.set, …
      for (const p of obj.properties) {
        if (!ts.isPropertyAssignment(p) || propertyNameText(p.name)?.toLowerCase() !== ACAO) continue;
        const verdict = classifyHeaderValue(p.initializer, obj);
        if (!verdict) continue;
        const credentials = obj.properties.some((q) => ts.isPropertyAssignment(q) && propertyNameText(q.name)?.toLowerCase() === ACAC && isTrue(q.initializer));
        const fix = verdict.kind === 'reflect' ? reflectionExpressionFix(ctx, p.initializer) : singleOriginFix(ctx, p.initializer);
        report({ ...verdict, node: p }, verdict.kind === 'star' ? 'The header Access-Control-Allow-Origin: *' : "Access-Control-Allow-Origin set to the request's Origin", credentials, [fix]);
      }
    };

    /**
     * Servers that accept CORS options under a `cors` key: which argument holds the options and
     * what an allow-all configuration means there (`star` for the `cors` package's `*`, `reflect`
     * for graphql-yoga, which echoes the request's origin).
     */
    const corsOwnerOf = (node: ts.CallExpression | ts.NewExpression): CorsOwner | undefined => {
      const callee = unwrap(node.expression);
      let module: string | undefined;
      let imported: string | undefined;
      let method: string | undefined;
      if (ts.isIdentifier(callee)) {
        const b = imports.get(callee.text);
        module = b?.module;
        imported = b?.imported;
      } else if (ts.isPropertyAccessExpression(callee)) {
        method = callee.name.text;
        const recv = unwrap(callee.expression);
        if (ts.isIdentifier(recv)) {
          const b = imports.get(recv.text);
          module = b?.module;
          imported = b?.imported === '*' || b?.imported === 'default' ? method : b?.imported;
          if (b?.imported === '*' || b?.imported === 'default') method = undefined;
        } else {
          const r = requireCall(recv);
          module = r?.module;
          imported = r ? (r.member ?? method) : undefined;
          if (r && !r.member) method = undefined;
        }
      } else {
        const r = requireCall(callee);
        module = r?.module;
        imported = r ? (r.member ?? 'default') : undefined;
      }
      if (!module) {
        // apollo-server-express / -koa: server.applyMiddleware({ app, cors }) (v2/v3).
        if (ts.isCallExpression(node) && (calleeLastName(node) === 'applyMiddleware' || calleeLastName(node) === 'getMiddleware')) {
          return { options: node.arguments[0], kind: 'star', label: `${calleeLastName(node)}()` };
        }
        return undefined;
      }
      if (module === 'socket.io' && !method && (imported === 'Server' || imported === 'default')) return { options: node.arguments?.[1], kind: 'star', label: 'Socket.IO' };
      if (/^apollo-server(?:-[a-z-]+)?$/.test(module) && imported === 'ApolloServer' && !method) return { options: node.arguments?.[0], kind: 'star', label: 'ApolloServer' };
      if (/^(?:graphql-yoga|@graphql-yoga\/node)$/.test(module) && (imported === 'createYoga' || imported === 'createServer') && !method) return { options: node.arguments?.[0], kind: 'reflect', label: 'createYoga' };
      if (module === '@nestjs/core' && imported === 'NestFactory' && method === 'create') return { options: node.arguments?.[1], kind: 'star', label: 'NestFactory.create' };
      return undefined;
    };

    const onCorsOption = (owner: CorsOwner) => {
      const opts = owner.options ? resolveObject(owner.options) : undefined;
      const corsProp = opts ? getPropertyNode(opts, 'cors') : undefined;
      if (!corsProp) return;
      const value = ts.isPropertyAssignment(corsProp) ? corsProp.initializer : corsProp.name;
      const yoga = owner.kind === 'reflect';
      if (unwrap(value).kind === ts.SyntaxKind.TrueKeyword) {
        const fix = fixFor(ctx, [{ start: value.getStart(sf), end: value.end, newText: yoga ? `process.env.CORS_ORIGINS ? { origin: ${ALLOWLIST} } : false` : `{ origin: ${ALLOWLIST} }` }]);
        report({ kind: owner.kind, node: corsProp }, `${owner.label} option cors: true`, false, [fix]);
        return;
      }
      const corsObj = resolveObject(value);
      if (!corsObj) return;
      const credentials = isTrue(getProperty(corsObj, 'credentials'));
      // Yoga allows every origin for an empty list too, so its fix also turns CORS off while
      // CORS_ORIGINS is unset: `cors: process.env.CORS_ORIGINS ? { …, origin: list } : false`.
      const fixWith = (edit: OffsetEdit): { fixes: Fix[]; reason?: string } => {
        if (!yoga) return { fixes: [fixFor(ctx, [edit])] };
        if (unwrap(value) !== corsObj) return { fixes: [], reason: 'the cors options are declared elsewhere; list the allowed origins there and disable CORS when none are configured' };
        const start = value.getStart(sf);
        return { fixes: [fixFor(ctx, [{ start, end: start, newText: 'process.env.CORS_ORIGINS ? ' }, edit, { start: value.end, end: value.end, newText: ' : false' }])] };
      };
      const originProp = getPropertyNode(corsObj, 'origin');
      if (!originProp) {
        const { fixes, reason } = fixWith(insertFirstProperty(corsObj, `origin: ${ALLOWLIST}`));
        report({ kind: owner.kind, node: corsProp }, `${owner.label} cors options without an origin`, credentials, fixes, reason);
        return;
      }
      const originValue = ts.isPropertyAssignment(originProp) ? originProp.initializer : originProp.name;
      const verdict = classifyOriginOption(originValue);
      if (!verdict) return;
      const { fixes, reason } = fixWith({ start: originValue.getStart(sf), end: originValue.end, newText: ALLOWLIST });
      report({ kind: yoga ? 'reflect' : verdict.kind, node: originProp }, `${owner.label} cors origin ${originValue.getText(sf)}`, credentials, fixes, reason);
    };

    return {
      visit: {
        [ts.SyntaxKind.CallExpression]: (node) => {
          const call = node as ts.CallExpression;
          const module = corsModuleOf(call.expression);
          if (module) return onCorsCall(call, module);
          const name = calleeLastName(call);
          if (name === 'register') return onFastifyRegister(call);
          if (name && HEADER_SETTERS.has(name)) return onHeaderSetter(call);
          // NestJS: app.enableCors(options?) hands its options to the `cors` package.
          if (name === 'enableCors' && ts.isPropertyAccessExpression(unwrap(call.expression))) return onCorsCall(call, 'cors');
          const owner = corsOwnerOf(call);
          if (owner) return onCorsOption(owner);
        },
        [ts.SyntaxKind.NewExpression]: (node) => {
          const owner = corsOwnerOf(node as ts.NewExpression);
          if (owner) onCorsOption(owner);
        },
        [ts.SyntaxKind.ObjectLiteralExpression]: (node) => onObject(node as ts.ObjectLiteralExpression),
      },
    };
  },
};

/** An options argument as an object literal: inline, or a `const` declared in this file. */
function resolveObject(arg: ts.Expression): ts.ObjectLiteralExpression | undefined {
  const e = unwrap(arg);
  if (ts.isObjectLiteralExpression(e)) return e;
  if (ts.isIdentifier(e)) {
    const d = findDeclaration(e);
    if (d && ts.isVariableDeclaration(d) && d.initializer) {
      const init = unwrap(d.initializer);
      if (ts.isObjectLiteralExpression(init)) return init;
    }
  }
  return undefined;
}

function isTrue(e: ts.Expression | undefined): boolean {
  if (!e) return false;
  const u = unwrap(e);
  return u.kind === ts.SyntaxKind.TrueKeyword || (ts.isStringLiteralLike(u) && u.text.toLowerCase() === 'true');
}

/** `origin` option of the cors packages: `'*'`, `true`, match-all regex, allow-all callback. */
function classifyOriginOption(value: ts.Expression): Verdict {
  const v = unwrap(value);
  if (v.kind === ts.SyntaxKind.TrueKeyword) return { kind: 'reflect', node: v };
  const s = constantString(v);
  if (s === '*') return { kind: 'star', node: v };
  if (ts.isRegularExpressionLiteral(v) && /^\/\^?\.[*+]\$?\/[a-z]*$/.test(v.text)) return { kind: 'reflect', node: v };
  if (ts.isArrayLiteralExpression(v) && v.elements.some((e) => constantString(e) === '*')) return { kind: 'star', node: v };
  if ((ts.isArrowFunction(v) || ts.isFunctionExpression(v)) && callbackAllowsAll(v)) return { kind: 'reflect', node: v };
  return undefined;
}

/**
 * True when an origin callback `(origin, cb) => cb(null, true)` approves every origin: the
 * callback is called with `true` (or the origin itself) outside any condition.
 */
function callbackAllowsAll(fn: ts.ArrowFunction | ts.FunctionExpression): boolean {
  const [originParam, cbParam] = fn.parameters;
  if (!cbParam || !ts.isIdentifier(cbParam.name)) {
    // Hono style: (origin) => origin  or  () => '*'
    if (!ts.isBlock(fn.body)) {
      const body = unwrap(fn.body);
      if (originParam && ts.isIdentifier(originParam.name) && ts.isIdentifier(body) && body.text === originParam.name.text) return true;
      return constantString(body) === '*';
    }
    return false;
  }
  const cb = cbParam.name.text;
  const origin = originParam && ts.isIdentifier(originParam.name) ? originParam.name.text : undefined;
  const unconditional: ts.Expression[] = [];
  if (ts.isBlock(fn.body)) {
    for (const s of fn.body.statements) {
      if (ts.isExpressionStatement(s)) unconditional.push(s.expression);
      else if (ts.isReturnStatement(s) && s.expression) unconditional.push(s.expression);
      else if (ts.isIfStatement(s) || ts.isSwitchStatement(s) || ts.isTryStatement(s)) return false;
    }
  } else unconditional.push(fn.body);
  return unconditional.some((e) => {
    const c = unwrap(e);
    if (!ts.isCallExpression(c) || !ts.isIdentifier(c.expression) || c.expression.text !== cb) return false;
    const allow = c.arguments[1];
    if (!allow) return false;
    const a = unwrap(allow);
    return a.kind === ts.SyntaxKind.TrueKeyword || (origin !== undefined && ts.isIdentifier(a) && a.text === origin) || constantString(a) === '*';
  });
}

/**
 * A header value that allows every origin: `'*'`, or the request's own Origin (reflection)
 * that no enclosing condition checks.
 */
function classifyHeaderValue(value: ts.Expression, site: ts.Node): Verdict {
  const v = unwrap(value);
  if (ts.isBinaryExpression(v) && (v.operatorToken.kind === ts.SyntaxKind.BarBarToken || v.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) {
    const l = classifyHeaderValue(v.left, site);
    if (l?.kind === 'reflect') return { kind: 'reflect', node: v };
    const r = classifyHeaderValue(v.right, site);
    if (r?.kind === 'reflect') return { kind: 'reflect', node: v };
    return l ?? r ? { kind: (l ?? r)!.kind, node: v } : undefined;
  }
  if (constantString(v) === '*') return { kind: 'star', node: v };
  const origin = originExpression(v);
  if (origin && !isGuarded(site, origin)) return { kind: 'reflect', node: v };
  return undefined;
}

/**
 * When `e` is the request's Origin header (`req.headers.origin`, `req.get('origin')`,
 * `request.headers.get('Origin')`, or a variable holding one), returns the names a guard would
 * mention; otherwise undefined.
 */
function originExpression(e: ts.Expression, depth = 0): string[] | undefined {
  const v = unwrap(e);
  if (depth > 4) return undefined;
  // `req.headers.origin ?? ''`, `request.headers.get('origin') || '*'`: still the caller's origin.
  if (ts.isBinaryExpression(v) && (v.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || v.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
    return originExpression(v.left, depth + 1);
  }
  if (ts.isPropertyAccessExpression(v) && v.name.text.toLowerCase() === 'origin' && /headers$/i.test(v.expression.getText())) return ['origin', v.getText()];
  if (ts.isElementAccessExpression(v) && constantString(v.argumentExpression)?.toLowerCase() === 'origin' && /headers$/i.test(v.expression.getText())) return ['origin', v.getText()];
  if (ts.isCallExpression(v) && ['get', 'header'].includes(calleeLastName(v) ?? '') && constantString(v.arguments[0] ?? v)?.toLowerCase() === 'origin') {
    return ['origin', v.getText()];
  }
  if (ts.isIdentifier(v)) {
    const d = findDeclaration(v);
    if (d && ts.isVariableDeclaration(d) && d.initializer && ts.isIdentifier(d.name)) {
      const inner = originExpression(d.initializer, depth + 1);
      return inner ? [...inner, v.text] : undefined;
    }
    if (d && ts.isBindingElement(d) && ts.isIdentifier(d.name) && (d.propertyName ? propertyNameText(d.propertyName) : d.name.text)?.toLowerCase() === 'origin') {
      const decl = d.parent.parent;
      if (ts.isVariableDeclaration(decl) && decl.initializer && /headers$/i.test(unwrap(decl.initializer).getText())) return ['origin', v.text];
    }
  }
  return undefined;
}

const CHECK = /\b(?:includes|has|indexOf|test|some|find|match|startsWith|endsWith)\b|\b\w*(?:[Aa]llow|[Vv]alid|[Tt]rust|[Pp]ermit|[Ww]hitelist|[Mm]atch|[Cc]heck|[Vv]erify)\w*\s*\(|===?|!==?/;

/** True when a condition around `site` (or an earlier early-return) checks the origin. */
function isGuarded(site: ts.Node, names: string[]): boolean {
  const mentions = (cond: ts.Node) => {
    const t = cond.getText();
    return CHECK.test(t) && names.some((n) => t.includes(n));
  };
  let child: ts.Node = site;
  for (let p = site.parent; p && !ts.isSourceFile(p); child = p, p = p.parent) {
    if (ts.isIfStatement(p) && child === p.thenStatement && mentions(p.expression)) return true;
    if (ts.isConditionalExpression(p) && child === p.whenTrue && mentions(p.condition)) return true;
    if (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && child === p.right && mentions(p.left)) return true;
    if (ts.isBlock(p)) {
      for (const s of p.statements) {
        if (s === child) break;
        if (ts.isIfStatement(s) && mentions(s.expression) && /\b(?:return|throw|next)\b/.test(s.thenStatement.getText())) return true;
      }
    }
    if (isFunctionLike(p)) break;
  }
  return false;
}

/**
 * True when the function also sends `Access-Control-Allow-Credentials: true`. For module-level
 * code (scope is the file) only module-level code counts: a header set inside some function is
 * not sent with this response, and looking there would make a statement's finding depend on
 * other statements' bodies, which the per-statement memo does not track (see statementCache.ts).
 */
function setsCredentials(scope: ts.Node): boolean {
  let found = false;
  const topLevel = ts.isSourceFile(scope);
  const visit = (n: ts.Node) => {
    if (found) return;
    if (topLevel && isFunctionLike(n)) return;
    if (ts.isCallExpression(n) && HEADER_SETTERS.has(calleeLastName(n) ?? '') && constantString(n.arguments[0] ?? n)?.toLowerCase() === ACAC && isTrue(n.arguments[1])) found = true;
    else n.forEachChild(visit);
  };
  visit(scope);
  return found;
}

function fixFor(ctx: JsContext, edits: OffsetEdit[], title = 'Allow only the origins listed in CORS_ORIGINS'): Fix {
  return makeFix(ctx.lines, { title, applicability: 'unsafe', edits, fileEdits: documentEnvVar('CORS_ORIGINS') });
}

function insertFirstProperty(obj: ts.ObjectLiteralExpression, text: string): OffsetEdit {
  const at = obj.properties.pos;
  return obj.properties.length === 0 ? { start: at, end: obj.end - 1, newText: ` ${text} ` } : { start: at, end: at, newText: ` ${text},` };
}

/** `'*'` in a static header value → a single origin from configuration. */
function singleOriginFix(ctx: JsContext, value: ts.Expression): Fix {
  return makeFix(ctx.lines, {
    title: 'Allow only the origin set in CORS_ORIGIN',
    applicability: 'unsafe',
    edits: [{ start: value.getStart(ctx.sourceFile), end: value.end, newText: "process.env.CORS_ORIGIN ?? ''" }],
    fileEdits: documentEnvVar('CORS_ORIGIN'),
  });
}

/** A reflected origin in an expression → reflected only when on the allowlist. */
function reflectionExpressionFix(ctx: JsContext, value: ts.Expression): Fix {
  const text = value.getText(ctx.sourceFile);
  return fixFor(ctx, [{ start: value.getStart(ctx.sourceFile), end: value.end, newText: `${ALLOWLIST}.includes(String(${text})) ? String(${text}) : ''` }]);
}

/**
 * Rewrites `res.setHeader('Access-Control-Allow-Origin', X)` into a check of the request's
 * origin against the allowlist, keeping the receiver and method the code already uses.
 */
function headerSetterFix(ctx: JsContext, call: ts.CallExpression, kind: 'star' | 'reflect', value: ts.Expression): { fixes: Fix[]; reason?: string } {
  const sf = ctx.sourceFile;
  const stmt = call.parent;
  if (!ts.isExpressionStatement(stmt) || !(ts.isBlock(stmt.parent) || ts.isSourceFile(stmt.parent) || ts.isCaseClause(stmt.parent))) {
    return { fixes: [], reason: 'the header is set inside a larger expression; rewrite it to check the origin against an allowlist by hand' };
  }
  const receiver = calleeReceiver(call);
  const method = calleeLastName(call);
  if (!receiver || !method) return { fixes: [] };
  let originText: string;
  const v = unwrap(value);
  if (kind === 'reflect') {
    originText = ts.isBinaryExpression(v) ? v.left.getText(sf) : v.getText(sf);
  } else {
    const fn = enclosingFunction(call);
    const reqParam = !ts.isSourceFile(fn) ? fn.parameters[0] : undefined;
    if (!reqParam || !ts.isIdentifier(reqParam.name)) {
      return { fixes: [], reason: "Redline could not tell which request this response answers, so it cannot check the request's origin" };
    }
    const fetchStyle = /headers$/i.test(receiver.getText(sf)) || /^(?:Request|NextRequest)$/.test(reqParam.type?.getText(sf) ?? '');
    originText = fetchStyle ? `${reqParam.name.text}.headers.get('origin')` : `${reqParam.name.text}.headers.origin`;
  }
  const lines = ctx.lines;
  const indent = lines.indentation(lines.positionAt(stmt.getStart(sf)).line);
  const eol = lines.eol();
  const unit = indent.includes('\t') ? '\t' : '  ';
  const recv = receiver.getText(sf);
  const simple = /^[A-Za-z_$][\w$]*$/.test(originText);
  const name = simple ? originText : 'requestOrigin';
  const parts = [
    ...(simple ? [] : [`const ${name} = ${originText};`, indent]),
    `if (typeof ${name} === 'string' && ${ALLOWLIST}.includes(${name})) {${eol}`,
    `${indent}${unit}${recv}.${method}('Access-Control-Allow-Origin', ${name});${eol}`,
    `${indent}${unit}${recv}.${method}('Vary', 'Origin');${eol}`,
    `${indent}}`,
  ];
  const newText = simple ? parts.join('') : `${parts[0]}${eol}${parts.slice(1).join('')}`;
  return { fixes: [fixFor(ctx, [{ start: stmt.getStart(sf), end: stmt.end, newText }])] };
}
