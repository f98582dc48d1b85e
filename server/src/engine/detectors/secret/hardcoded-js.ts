import ts from 'typescript';
import type { JsDetector } from '../../detector';
import { makeFix } from '../../fixes/edits';
import { documentEnvVar, isEnvName } from '../../fixes/env';
import { calleeLastName, calleeReceiver, findConstDeclaration, importsOf, propertyNameText, unwrap, type ImportBinding } from '../../js/ast';
import type { Fix } from '../../types';
import { maskSecret } from '../../util';
import { classifySinkValue, classifyValue, describeSecretName, secretNameKind, type SecretNameKind, type ValueVerdict } from './classify';
import { composeEnvName, jsContextNames, secretFix } from './fix';
import { claimedBySpecificRule, HARDCODED_RULE, SECRET_RULES, scansFile, shareJsTree } from './scan';
import { mayNameCredential } from './classify';

/**
 * `secret/hardcoded-credential` in JavaScript/TypeScript (CWE-798, CWE-259, CWE-321):
 *
 * - string literals assigned to secret-like names (variables, properties, class fields,
 *   `x.password = …`, JSX attributes), judged by `classifyValue`;
 * - literals passed to credential APIs, whatever they look like (`classifySinkValue`): the key
 *   of jsonwebtoken `sign`/`verify`, jose `jwtVerify` and `new TextEncoder().encode(…)` secrets,
 *   express-session / cookie-session `secret` and `keys`, cookie-parser's secret,
 *   `crypto.createHmac`/`createCipheriv` keys, Sequelize's password argument; a `const` holding
 *   the literal is followed to its declaration;
 * - `process.env.X || 'literal'` fallbacks in those positions (the literal is what runs when
 *   the variable is missing): the fix removes the fallback.
 *
 * DB drivers' `password`, nodemailer's `auth.pass` and passport's `clientSecret` are covered by
 * the name rule; the enclosing call only decides the variable name (DB_PASSWORD, SMTP_PASSWORD,
 * GOOGLE_CLIENT_SECRET). Values a provider or connection-string finding already covers are left
 * to that rule. This detector also hands the tree to the raw-text secret detectors (see scan.ts),
 * so it runs whenever any secret rule is on.
 */

/** Package → prefix of the variable name for passwords in its configuration objects. */
const MODULE_PREFIX: Record<string, string> = {
  pg: 'DB', 'pg-promise': 'DB', postgres: 'DB', mysql: 'DB', mysql2: 'DB', 'mysql2/promise': 'DB', mariadb: 'DB', knex: 'DB',
  sequelize: 'DB', mongoose: 'DB', mongodb: 'DB', mssql: 'DB', tedious: 'DB', oracledb: 'DB', typeorm: 'DB', '@prisma/client': 'DB',
  redis: 'REDIS', ioredis: 'REDIS', nodemailer: 'SMTP', amqplib: 'AMQP', 'amqp-connection-manager': 'AMQP', ldapjs: 'LDAP', 'ssh2': 'SSH', 'ftp': 'FTP', 'basic-ftp': 'FTP',
};
const JWT_MODULES = new Set(['jsonwebtoken', 'jwt', 'express-jwt']);
const CRYPTO_MODULES = new Set(['crypto', 'node:crypto']);

/** A credential API argument: what the key is called in messages and its conventional variable. */
interface Sink {
  what: string;
  env: string;
}

/** The JS/TS detector of `secret/hardcoded-credential` (see the module comment); also shares the tree. */
export const hardcodedJs: JsDetector = {
  family: 'js',
  name: 'secret-hardcoded-js',
  prefilter: (text) => mayNameCredential(text),
  statementLocal: true,
  rules: SECRET_RULES,
  create(ctx) {
    shareJsTree(ctx.collector, ctx.sourceFile);
    if (!ctx.enabled(HARDCODED_RULE) || !scansFile(ctx)) return { visit: {} };
    const sf = ctx.sourceFile;
    const imports = importsOf(sf);
    const usesJose = [...imports.values()].some((b) => b.module === 'jose');
    const reported = new Set<ts.Node>();

    const moduleOf = (callee: ts.Expression): ImportBinding | undefined => {
      const e = unwrap(callee);
      if (ts.isIdentifier(e)) return imports.get(e.text);
      if (ts.isPropertyAccessExpression(e)) {
        let root: ts.Expression = e.expression;
        while (ts.isPropertyAccessExpression(root) || ts.isCallExpression(root)) root = root.expression;
        if (ts.isIdentifier(root)) return imports.get(root.text);
      }
      return undefined;
    };

    /** Reports one literal; `verdict` already says it is a credential. */
    const report = (lit: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral, verdict: ValueVerdict, what: string, where: string, env: string, extra: { fallback?: ts.BinaryExpression; related?: ts.Node; relatedMessage?: string; kind: SecretNameKind | 'sink'; part?: [number, number]; noFix?: string }) => {
      if (reported.has(lit)) return;
      const start = lit.getStart(sf);
      const [secretStart, secretEnd] = extra.part ?? [start + 1, lit.end - 1];
      if (claimedBySpecificRule(ctx, secretStart, secretEnd)) return;
      reported.add(lit);
      const masked = maskSecret(extra.part ? ctx.text.slice(secretStart, secretEnd) : lit.text);
      let fixes: Fix[];
      let noFixReason: string | undefined;
      if (extra.noFix) {
        fixes = [];
        noFixReason = extra.noFix;
      } else if (extra.fallback) {
        const envName = envNameOf(extra.fallback.left) ?? env;
        const bang = ctx.file.language === 'typescript' || ctx.file.language === 'typescriptreact' ? '!' : '';
        fixes = [
          makeFix(ctx.lines, {
            title: `Remove the hardcoded fallback: require ${envName} to be set`,
            applicability: 'unsafe',
            edits: [{ start: extra.fallback.getStart(sf), end: extra.fallback.end, newText: `${extra.fallback.left.getText(sf)}${bang}` }],
            fileEdits: documentEnvVar(envName),
          }),
        ];
        env = envName;
      } else {
        const outcome = secretFix(ctx, { start: secretStart, end: secretEnd, fallbackEnv: env, env });
        fixes = outcome.fixes;
        noFixReason = outcome.noFixReason;
      }
      ctx.report({
        ruleId: HARDCODED_RULE,
        start,
        end: lit.end,
        args: { what, masked, where, env },
        severity: verdict.confidence === 'high' ? 'error' : 'warning',
        confidence: verdict.confidence,
        fixes,
        ...(noFixReason ? { noFixReason } : {}),
        ...(extra.related ? { related: [{ start: extra.related.getStart(sf), end: extra.related.end, message: extra.relatedMessage ?? 'used here' }] } : {}),
        key: `${what}:${where}:${masked}`,
        properties: { kind: extra.kind, masked, envVar: env },
      });
    };

    /** A name-based candidate: `name = value`. `outer` are enclosing names, innermost first. */
    const onNamed = (name: string, value: ts.Expression, site: ts.Node) => {
      const kind = secretNameKind(name);
      if (!kind) return;
      const v = literalOf(value);
      if (!v) return;
      let verdict = classifyValue(v.lit.text, kind, name);
      let what = describeSecretName(name, kind);
      let part: [number, number] | undefined;
      // `Authorization: 'Bearer <token>'`: judge the token after the scheme.
      if (!verdict.flag && /^authorization$/i.test(name)) {
        const auth = /^((?:Bearer|Basic|Token)\s+)(\S+)$/i.exec(v.lit.text);
        if (auth && v.lit.getText(sf).length === v.lit.text.length + 2) {
          verdict = classifyValue(auth[2]!, 'token');
          what = 'Authorization header credential';
          const s0 = v.lit.getStart(sf) + 1 + auth[1]!.length;
          part = [s0, s0 + auth[2]!.length];
        }
      }
      if (!verdict.flag) return;
      const env = part ? 'API_TOKEN' : envFor(name, v.lit, site);
      // `process.env.X = '…'` sets the environment from code: the fix is to delete it, by hand.
      const setsEnv = ts.isBinaryExpression(site) && envNameOf(site.left) !== undefined;
      report(v.lit, verdict, what, v.fallback ? ` as the fallback of ${v.fallback.left.getText(sf)}` : ` in ${name}`, env, {
        ...(v.fallback ? { fallback: v.fallback } : {}),
        ...(part ? { part } : {}),
        ...(setsEnv ? { noFix: `This sets ${name} from code, which defeats the environment: delete the assignment, set the variable where the app runs, and rotate the secret.` } : {}),
        kind,
      });
    };

    /** The variable name for a value under `name`, from the enclosing names and the enclosing call's package. */
    const envFor = (name: string, lit: ts.Node, site: ts.Node): string => {
      const outer = jsContextNames(lit).slice(1);
      const prefix = callPrefix(site);
      if (prefix) outer.unshift(prefix);
      return composeEnvName(name, outer) ?? 'SECRET';
    };

    /** Prefix from the package or passport strategy whose call receives the object holding `site`. */
    const callPrefix = (site: ts.Node): string | undefined => {
      let child: ts.Node = site;
      for (let p = site.parent; p; child = p, p = p.parent) {
        if (ts.isObjectLiteralExpression(p) || ts.isPropertyAssignment(p) || ts.isArrayLiteralExpression(p)) continue;
        if ((ts.isCallExpression(p) || ts.isNewExpression(p)) && p.arguments?.some((a) => a === child)) {
          const callee = calleeLastName(p);
          if (callee && /Strategy$/.test(callee) && callee !== 'Strategy') return callee.replace(/Strategy$/, '').toUpperCase();
          const mod = moduleOf(p.expression)?.module;
          if (mod?.startsWith('passport-')) return mod.slice('passport-'.length).split('-')[0]!.toUpperCase();
          if (mod && MODULE_PREFIX[mod]) return MODULE_PREFIX[mod];
        }
        return undefined;
      }
      return undefined;
    };

    /** A credential API argument: follow a `const` to its literal, accept env fallbacks. */
    const onSink = (arg: ts.Expression | undefined, sink: Sink, call: ts.Node) => {
      if (!arg) return;
      let e = unwrap(arg);
      let declName: string | undefined;
      if (ts.isIdentifier(e)) {
        const decl = findConstDeclaration(e);
        if (!decl?.initializer || !ts.isIdentifier(decl.name)) return;
        declName = decl.name.text;
        e = unwrap(decl.initializer);
      }
      // `Buffer.from('…')` and `new TextEncoder().encode('…')` wrap the key without changing it.
      e = unwrapKeyWrapper(e);
      const v = literalOf(e);
      if (!v) return;
      const verdict = classifySinkValue(v.lit.text);
      if (!verdict.flag) return;
      const named = declName ? composeEnvName(declName) : undefined;
      const env = named && !isGenericEnv(named) ? named : sink.env;
      const where = v.fallback ? ` as the fallback of ${v.fallback.left.getText(sf)}` : declName ? ` in ${declName}` : '';
      report(v.lit, verdict, sink.what, where, env, {
        ...(v.fallback ? { fallback: v.fallback } : {}),
        ...(declName ? { related: call, relatedMessage: `used as the ${sink.what.toLowerCase()} here` } : {}),
        kind: 'sink',
      });
    };

    const onCall = (call: ts.CallExpression) => {
      const name = calleeLastName(call);
      if (!name) return;
      const binding = moduleOf(call.expression);
      const mod = binding?.module;
      const receiver = calleeReceiver(call);
      // jsonwebtoken: jwt.sign(payload, key), jwt.verify(token, key); named imports too.
      if ((name === 'sign' || name === 'verify') && ((mod && JWT_MODULES.has(mod)) || (!mod && receiver && /^(?:jwt|jsonwebtoken)$/i.test(receiver.getText(sf))))) {
        return onSink(call.arguments[1], { what: 'JWT signing key', env: 'JWT_SECRET' }, call);
      }
      if (mod === 'jose' && (name === 'jwtVerify' || name === 'compactVerify')) return onSink(call.arguments[1], { what: 'JWT signing key', env: 'JWT_SECRET' }, call);
      if (mod === 'jose' && name === 'sign' && call.arguments.length === 1) return onSink(call.arguments[0], { what: 'JWT signing key', env: 'JWT_SECRET' }, call);
      if (mod === 'cookie-parser' || (!mod && name === 'cookieParser')) return onSink(call.arguments[0], { what: 'Cookie signing secret', env: 'COOKIE_SECRET' }, call);
      if (mod === 'express-session' || mod === 'cookie-session' || (!mod && /^(?:session|expressSession|cookieSession)$/.test(name) && !receiver)) {
        const opts = call.arguments[0] && unwrap(call.arguments[0]);
        if (!opts || !ts.isObjectLiteralExpression(opts)) return;
        for (const p of opts.properties) {
          if (!ts.isPropertyAssignment(p)) continue;
          const key = propertyNameText(p.name);
          if (key === 'secret' || key === 'keys') {
            const init = unwrap(p.initializer);
            const items = ts.isArrayLiteralExpression(init) ? [...init.elements] : [p.initializer];
            items.forEach((item, i) => onSink(item, { what: 'Session secret', env: items.length > 1 ? `SESSION_SECRET_${i + 1}` : 'SESSION_SECRET' }, call));
          }
        }
        return;
      }
      if ((name === 'createHmac' || name === 'createCipheriv' || name === 'createDecipheriv') && (!mod || CRYPTO_MODULES.has(mod))) {
        return onSink(call.arguments[1], name === 'createHmac' ? { what: 'HMAC key', env: 'HMAC_SECRET' } : { what: 'Encryption key', env: 'ENCRYPTION_KEY' }, call);
      }
      // jose keys: new TextEncoder().encode('…') in a file that uses jose.
      if (name === 'encode' && usesJose && receiver && ts.isNewExpression(unwrap(receiver)) && calleeLastName(unwrap(receiver) as ts.NewExpression) === 'TextEncoder') {
        const names = jsContextNames(call);
        const named = names[0] ? composeEnvName(names[0]) : undefined;
        return onSink(call.arguments[0], { what: 'JWT signing key', env: named && !isGenericEnv(named) ? named : 'JWT_SECRET' }, call);
      }
    };

    const onNew = (node: ts.NewExpression) => {
      const name = calleeLastName(node);
      if (name === 'Sequelize' && node.arguments && node.arguments.length >= 3) {
        const third = node.arguments[2];
        if (third && literalOf(unwrap(third))) onSink(third, { what: 'Database password', env: 'DB_PASSWORD' }, node);
      }
    };

    return {
      visit: {
        [ts.SyntaxKind.VariableDeclaration]: (node) => {
          const d = node as ts.VariableDeclaration;
          if (d.initializer && ts.isIdentifier(d.name)) onNamed(d.name.text, d.initializer, d);
        },
        [ts.SyntaxKind.PropertyAssignment]: (node) => {
          const p = node as ts.PropertyAssignment;
          const name = propertyNameText(p.name);
          if (name === 'pass' && !siblingUser(p)) return;
          if (name) onNamed(name, p.initializer, p);
        },
        [ts.SyntaxKind.PropertyDeclaration]: (node) => {
          const p = node as ts.PropertyDeclaration;
          const name = propertyNameText(p.name);
          if (name && p.initializer) onNamed(name, p.initializer, p);
        },
        [ts.SyntaxKind.BinaryExpression]: (node) => {
          const b = node as ts.BinaryExpression;
          if (b.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return;
          const left = b.left;
          const name = ts.isIdentifier(left)
            ? left.text
            : ts.isPropertyAccessExpression(left)
              ? left.name.text
              : ts.isElementAccessExpression(left) && ts.isStringLiteralLike(left.argumentExpression)
                ? left.argumentExpression.text
                : undefined;
          if (name) onNamed(name, b.right, b);
        },
        [ts.SyntaxKind.JsxAttribute]: (node) => {
          const a = node as ts.JsxAttribute;
          const init = a.initializer;
          if (!init) return;
          const value = ts.isStringLiteral(init) ? init : ts.isJsxExpression(init) && init.expression ? init.expression : undefined;
          if (value) onNamed(a.name.getText(sf), value, a);
        },
        [ts.SyntaxKind.CallExpression]: (node) => onCall(node as ts.CallExpression),
        [ts.SyntaxKind.NewExpression]: (node) => onNew(node as ts.NewExpression),
      },
    };
  },
};

/** The literal a value holds: itself, or the fallback of `process.env.X || '…'` / `?? '…'`. */
function literalOf(value: ts.Expression): { lit: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral; fallback?: ts.BinaryExpression } | undefined {
  const v = unwrap(value);
  if (ts.isStringLiteral(v) || ts.isNoSubstitutionTemplateLiteral(v)) return { lit: v };
  if (
    ts.isBinaryExpression(v) &&
    (v.operatorToken.kind === ts.SyntaxKind.BarBarToken || v.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken) &&
    envNameOf(v.left) !== undefined
  ) {
    const r = unwrap(v.right);
    if (ts.isStringLiteral(r) || ts.isNoSubstitutionTemplateLiteral(r)) return { lit: r, fallback: v };
  }
  return undefined;
}

/** `process.env.X`, `process.env['X']`, `import.meta.env.X` → X. */
function envNameOf(e: ts.Expression): string | undefined {
  const v = unwrap(e);
  if (ts.isPropertyAccessExpression(v) && /^(?:process\.env|import\.meta\.env|Deno\.env)$/.test(v.expression.getText())) return isEnvName(v.name.text) ? v.name.text : undefined;
  if (ts.isElementAccessExpression(v) && /^(?:process\.env|import\.meta\.env)$/.test(v.expression.getText()) && ts.isStringLiteralLike(v.argumentExpression)) {
    return isEnvName(v.argumentExpression.text) ? v.argumentExpression.text : undefined;
  }
  return undefined;
}

/** `Buffer.from(x)`, `new TextEncoder().encode(x)`, `Buffer.from(x, 'utf8')` → x. */
function unwrapKeyWrapper(e: ts.Expression): ts.Expression {
  if (ts.isCallExpression(e) && e.arguments[0]) {
    const callee = e.expression.getText();
    if (callee === 'Buffer.from' || /^new TextEncoder\(\)\.encode$/.test(callee)) return unwrap(e.arguments[0]);
  }
  return e;
}

/** nodemailer-style `{ user, pass }`: `pass` is a password only next to a user name. */
function siblingUser(p: ts.PropertyAssignment): boolean {
  const obj = p.parent;
  return ts.isObjectLiteralExpression(obj) && obj.properties.some((q) => q.name !== undefined && /^(?:user|username|login|email)$/i.test(propertyNameText(q.name as ts.PropertyName) ?? ''));
}

function isGenericEnv(name: string): boolean {
  return /^(?:SECRET|KEY|TOKEN|PASSWORD|PASS|SECRET_KEY|API_KEY|PRIVATE_KEY|CREDENTIALS?)$/.test(name);
}
