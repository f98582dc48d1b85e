import type { Node } from 'web-tree-sitter';
import type { PyDetector } from '../../detector';
import { isEnvName } from '../../fixes/env';
import { callLastName, constantString, dottedName, importsOf, isFString, keywordArg, positionalArgs, rootOf } from '../../python/ast';
import type { Fix } from '../../types';
import { maskSecret } from '../../util';
import { classifySinkValue, classifyValue, describeSecretName, secretNameKind, type SecretNameKind, type ValueVerdict } from './classify';
import { composeEnvName, pyContextNames, pyEnvFix, pyTargetName, secretFix } from './fix';
import { claimedBySpecificRule, HARDCODED_RULE, SECRET_RULES, scansFile, sharePyTree } from './scan';
import { mayNameCredential } from './classify';

/**
 * `secret/hardcoded-credential` in Python (CWE-798, CWE-259, CWE-321):
 *
 * - string literals assigned to secret-like names: variables, attributes (`self.api_key`),
 *   subscripts (`app.config["API_TOKEN"]`), dictionary keys (Django `DATABASES[...]["PASSWORD"]`)
 *   and keyword arguments (`psycopg2.connect(password=…)`, `redis.Redis(password=…)`,
 *   `boto3.client(aws_secret_access_key=…)`), judged by `classifyValue`;
 * - literals used as keys by credential APIs, whatever they look like (`classifySinkValue`):
 *   Flask/Django `SECRET_KEY` (module constant, `app.secret_key`, `app.config["SECRET_KEY"]`),
 *   PyJWT/python-jose `jwt.encode`/`jwt.decode` keys, `hmac.new` keys, `Fernet` keys;
 * - passwords of `smtplib`/`ftplib` `login(user, password)`, `requests`-style
 *   `auth=("user", "password")` and `HTTPBasicAuth("user", "password")`;
 * - `os.environ.get("X", "literal")` / `os.getenv("X", "literal")` / `… or "literal"` fallbacks
 *   in those positions: the fix drops the fallback (`os.environ["X"]` fails fast when unset).
 *
 * Also hands the tree to the raw-text secret detectors (see scan.ts).
 */

/** Module (first dotted segment) → prefix of variable names for passwords passed to it. */
const MODULE_PREFIX: Record<string, string> = {
  psycopg2: 'DB', psycopg: 'DB', pymysql: 'DB', MySQLdb: 'DB', mysql: 'DB', sqlalchemy: 'DB', asyncpg: 'DB', pymongo: 'DB',
  motor: 'DB', cx_Oracle: 'DB', oracledb: 'DB', pyodbc: 'DB', pymssql: 'DB', peewee: 'DB', databases: 'DB', aiomysql: 'DB',
  redis: 'REDIS', aioredis: 'REDIS', smtplib: 'SMTP', aiosmtplib: 'SMTP', pika: 'AMQP', kombu: 'AMQP', ldap3: 'LDAP',
  paramiko: 'SSH', ftplib: 'FTP', imaplib: 'IMAP',
};
const LOGIN_MODULES: Record<string, string> = { smtplib: 'SMTP_PASSWORD', aiosmtplib: 'SMTP_PASSWORD', ftplib: 'FTP_PASSWORD', imaplib: 'IMAP_PASSWORD', poplib: 'POP3_PASSWORD' };
const FRAMEWORK_KEYS = new Set(['SECRET_KEY', 'JWT_SECRET_KEY', 'SECRET_KEY_FALLBACKS', 'SECURITY_PASSWORD_SALT']);

interface PyLiteral {
  str: Node;
  value: string;
  /** `os.environ.get("X", "…")` / `os.getenv` / `… or "…"`: the whole expression and X. */
  fallback?: { node: Node; env: string };
}

/** The Python detector of `secret/hardcoded-credential` (see the module comment); also shares the tree. */
export const hardcodedPy: PyDetector = {
  family: 'python',
  name: 'secret-hardcoded-py',
  prefilter: (text) => mayNameCredential(text),
  rules: SECRET_RULES,
  create(ctx) {
    sharePyTree(ctx.collector, ctx.tree);
    if (!ctx.enabled(HARDCODED_RULE) || !scansFile(ctx)) return { visit: {} };
    const root = ctx.tree.rootNode;
    const imports = importsOf(root);
    const importedModules = new Set([...imports.values()].map((m) => m.split('.')[0]!));
    const reported = new Set<number>();

    const moduleOfCall = (call: Node): string | undefined => {
      const name = dottedName(call.childForFieldName('function'));
      if (!name) return undefined;
      const head = name.split('.')[0]!.replace(/\(\)$/, '');
      return (imports.get(head) ?? head).split('.')[0];
    };

    const report = (lit: PyLiteral, verdict: ValueVerdict, what: string, where: string, env: string, kind: SecretNameKind | 'sink', related?: { node: Node; message: string }, part?: [number, number], noFix?: string) => {
      const str = lit.str;
      if (reported.has(str.startIndex)) return;
      const [cs, ce] = part ?? contentSpan(str);
      if (claimedBySpecificRule(ctx, cs, ce)) return;
      reported.add(str.startIndex);
      const masked = maskSecret(part ? ctx.text.slice(cs, ce) : lit.value);
      let fixes: Fix[];
      let noFixReason: string | undefined;
      if (noFix) {
        fixes = [];
        noFixReason = noFix;
      } else if (lit.fallback) {
        env = lit.fallback.env;
        fixes = [pyEnvFix(ctx, ctx.tree, env, lit.fallback.node.startIndex, lit.fallback.node.endIndex, false, `Remove the hardcoded fallback: require ${env} to be set`)];
      } else {
        const outcome = secretFix(ctx, { start: cs, end: ce, fallbackEnv: env, env });
        fixes = outcome.fixes;
        noFixReason = outcome.noFixReason;
      }
      ctx.report({
        ruleId: HARDCODED_RULE,
        start: str.startIndex,
        end: str.endIndex,
        args: { what, masked, where, env },
        severity: verdict.confidence === 'high' ? 'error' : 'warning',
        confidence: verdict.confidence,
        fixes,
        ...(noFixReason ? { noFixReason } : {}),
        ...(related ? { related: [{ start: related.node.startIndex, end: related.node.endIndex, message: related.message }] } : {}),
        key: `${what}:${where}:${masked}`,
        properties: { kind, masked, envVar: env },
      });
    };

    /** `name = value` in any of its forms; `site` is the node whose enclosing call may add a prefix. */
    const onNamed = (name: string, value: Node | null, site: Node) => {
      if (!value) return;
      const lit = pyLiteralOf(value);
      if (!lit) return;
      if (isFrameworkKey(name, site)) {
        const verdict = classifySinkValue(lit.value);
        if (verdict.flag) report(lit, verdict, name === 'SECURITY_PASSWORD_SALT' ? 'Password salt' : 'Framework secret key', whereOf(lit, name), name.toUpperCase(), 'sink');
        return;
      }
      const kind = secretNameKind(name);
      if (!kind) return;
      let verdict = classifyValue(lit.value, kind, name);
      // `"Authorization": "Bearer <token>"`: judge the token after the scheme.
      const auth = /^authorization$/i.test(name) ? /^((?:Bearer|Basic|Token)\s+)(\S+)$/i.exec(lit.value) : null;
      let part: [number, number] | undefined;
      if (!verdict.flag && auth && !lit.fallback) {
        verdict = classifyValue(auth[2]!, 'token');
        const s0 = contentSpan(lit.str)[0] + auth[1]!.length;
        part = [s0, s0 + auth[2]!.length];
      }
      if (!verdict.flag) return;
      const outer = pyContextNames(lit.str).slice(1);
      const prefix = callPrefix(site);
      if (prefix) outer.unshift(prefix);
      const env = part ? 'API_TOKEN' : (composeEnvName(name, outer) ?? 'SECRET');
      // `os.environ["X"] = "…"` sets the environment from code: the fix is to delete it, by hand.
      const setsEnv = site.type === 'assignment' && site.childForFieldName('left')?.type === 'subscript' && envOfLookup(site.childForFieldName('left')!) !== undefined;
      const noFix = setsEnv ? `This sets ${name} from code, which defeats the environment: delete the assignment, set the variable where the app runs, and rotate the secret.` : undefined;
      report(lit, verdict, part ? 'Authorization header credential' : describeSecretName(name, kind), whereOf(lit, name), env, kind, undefined, part, noFix);
    };

    /** Prefix from the module of the call that receives `site` (a keyword argument or a dict). */
    const callPrefix = (site: Node): string | undefined => {
      for (let p: Node | null = site.parent; p; p = p.parent) {
        if (p.type === 'argument_list' || p.type === 'dictionary' || p.type === 'pair' || p.type === 'keyword_argument') continue;
        if (p.type === 'call') {
          const mod = moduleOfCall(p);
          return mod ? MODULE_PREFIX[mod] : undefined;
        }
        return undefined;
      }
      return undefined;
    };

    /** A credential API argument; a module-level constant is followed to its literal. */
    const onSink = (arg: Node | undefined | null, what: string, env: string, call: Node, kind: 'sink' | 'password' = 'sink') => {
      if (!arg) return;
      let node: Node = arg;
      let declName: string | undefined;
      if (node.type === 'identifier') {
        const assigned = moduleConstant(rootOf(node), node.text);
        if (!assigned) return;
        declName = node.text;
        node = assigned;
      }
      const lit = pyLiteralOf(node);
      if (!lit) return;
      const verdict = kind === 'sink' ? classifySinkValue(lit.value) : classifyValue(lit.value, 'password');
      if (!verdict.flag) return;
      const named = declName ? composeEnvName(declName) : undefined;
      const envName = named && !/^(?:SECRET|KEY|TOKEN|PASSWORD|PASS|PWD)$/.test(named) ? named : env;
      report(lit, verdict, what, whereOf(lit, declName), envName, kind, declName ? { node: call, message: `used as the ${what.toLowerCase()} here` } : undefined);
    };

    const onCall = (call: Node) => {
      const name = callLastName(call);
      if (!name) return;
      const dotted = dottedName(call.childForFieldName('function')) ?? name;
      const mod = moduleOfCall(call);
      const args = positionalArgs(call);
      if ((name === 'encode' || name === 'decode') && /(?:^|\.)jwt\.(?:en|de)code$/.test(dotted) && (mod === 'jwt' || mod === 'jose' || importedModules.has('jwt'))) {
        return onSink(args[1] ?? keywordArg(call, 'key'), 'JWT signing key', 'JWT_SECRET', call);
      }
      if (dotted === 'hmac.new' || (name === 'new' && mod === 'hmac')) return onSink(args[0] ?? keywordArg(call, 'key'), 'HMAC key', 'HMAC_SECRET', call);
      if (name === 'Fernet') return onSink(args[0] ?? keywordArg(call, 'key'), 'Encryption key', 'ENCRYPTION_KEY', call);
      if (name === 'login' && args.length >= 2) {
        const loginModule = Object.keys(LOGIN_MODULES).find((m) => importedModules.has(m));
        if (loginModule) return onSink(args[1], 'Password', LOGIN_MODULES[loginModule]!, call, 'password');
      }
      if (/^(?:HTTPBasicAuth|HTTPDigestAuth|BasicAuth|HTTPProxyAuth|DigestAuth)$/.test(name)) {
        return onSink(args[1] ?? keywordArg(call, 'password'), 'Password', 'BASIC_AUTH_PASSWORD', call, 'password');
      }
      const auth = keywordArg(call, 'auth');
      if (auth?.type === 'tuple') {
        const second = auth.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment')[1];
        if (second) onSink(second, 'Password', 'BASIC_AUTH_PASSWORD', call, 'password');
      }
    };

    return {
      visit: {
        assignment: (node) => {
          const left = node.childForFieldName('left');
          const right = node.childForFieldName('right');
          if (!left || !right) return;
          const name = pyTargetName(left);
          // `secret_key: str = Field(default="…")` (pydantic, dataclasses): the default is the value.
          if (name) onNamed(name, fieldDefault(right) ?? right, node);
        },
        keyword_argument: (node) => {
          const name = node.childForFieldName('name')?.text;
          if (name && node.parent?.type === 'argument_list') onNamed(name, node.childForFieldName('value'), node);
        },
        pair: (node) => {
          const key = constantString(node.childForFieldName('key'));
          if (key) onNamed(key, node.childForFieldName('value'), node);
        },
        call: onCall,
      },
    };
  },
};

/** The default of `Field(default=…)` / `field(default=…)` / `Field("…")`, when `value` is such a call. */
function fieldDefault(value: Node): Node | undefined {
  if (value.type !== 'call') return undefined;
  const name = callLastName(value);
  if (name !== 'Field' && name !== 'field') return undefined;
  return keywordArg(value, 'default') ?? positionalArgs(value)[0];
}

/**
 * Flask/Django's signing key and friends: `SECRET_KEY = …` at module level (a settings module),
 * `app.secret_key = …`, `app.config["SECRET_KEY"] = …`, `config.update(SECRET_KEY=…)`. A class
 * attribute named `SECRET_KEY` is usually a constant naming something else.
 */
function isFrameworkKey(name: string, site: Node): boolean {
  if (name === 'secret_key') return site.type === 'assignment' && site.childForFieldName('left')?.type === 'attribute';
  if (!FRAMEWORK_KEYS.has(name)) return false;
  if (site.type !== 'assignment') return true;
  const left = site.childForFieldName('left');
  if (left?.type !== 'identifier') return true;
  return site.parent?.type === 'expression_statement' && site.parent.parent?.type === 'module';
}

/** The string literal a value holds, or the default of an environment lookup. */
function pyLiteralOf(value: Node): PyLiteral | undefined {
  let v = value;
  while (v.type === 'parenthesized_expression' && v.namedChildren[0]) v = v.namedChildren[0];
  if (v.type === 'string' && !isFString(v)) {
    const s = constantString(v);
    return s === undefined ? undefined : { str: v, value: s };
  }
  if (v.type === 'call') {
    const f = dottedName(v.childForFieldName('function'));
    if (f && /^(?:os\.environ\.get|environ\.get|os\.getenv|getenv)$/.test(f)) {
      const args = positionalArgs(v);
      const env = constantString(args[0]);
      const def = args[1] ?? keywordArg(v, 'default');
      if (env && isEnvName(env) && def?.type === 'string' && !isFString(def)) {
        const s = constantString(def);
        if (s !== undefined) return { str: def, value: s, fallback: { node: v, env } };
      }
    }
  }
  if (v.type === 'boolean_operator' && v.childForFieldName('operator')?.text === 'or') {
    const left = v.childForFieldName('left');
    const right = v.childForFieldName('right');
    const inner = left ? pyLiteralOf(left) : undefined;
    const env = left ? envOfLookup(left) : undefined;
    if (env && !inner && right?.type === 'string' && !isFString(right)) {
      const s = constantString(right);
      if (s !== undefined) return { str: right, value: s, fallback: { node: v, env } };
    }
  }
  return undefined;
}

/** `os.environ.get("X")`, `os.getenv("X")`, `os.environ["X"]` → X. */
function envOfLookup(node: Node): string | undefined {
  if (node.type === 'call') {
    const f = dottedName(node.childForFieldName('function'));
    if (f && /^(?:os\.environ\.get|environ\.get|os\.getenv|getenv)$/.test(f)) {
      const env = constantString(positionalArgs(node)[0]);
      return env && isEnvName(env) ? env : undefined;
    }
  }
  if (node.type === 'subscript' && /^(?:os\.)?environ$/.test(node.childForFieldName('value')?.text ?? '')) {
    const env = constantString(node.childForFieldName('subscript'));
    return env && isEnvName(env) ? env : undefined;
  }
  return undefined;
}

/** The value of the last module-level `name = …` assignment, when there is exactly one. */
function moduleConstant(root: Node, name: string): Node | undefined {
  const found: Node[] = [];
  for (const s of root.namedChildren) {
    if (s?.type !== 'expression_statement') continue;
    const a = s.namedChildren[0];
    if (a?.type === 'assignment' && a.childForFieldName('left')?.type === 'identifier' && a.childForFieldName('left')?.text === name) {
      const r = a.childForFieldName('right');
      if (r) found.push(r);
    }
  }
  return found.length === 1 ? found[0] : undefined;
}

/** Offsets of a string's content, between its delimiters. */
function contentSpan(str: Node): [number, number] {
  const open = str.namedChildren.find((c) => c?.type === 'string_start');
  const close = str.namedChildren.find((c) => c?.type === 'string_end');
  return [open?.endIndex ?? str.startIndex, close?.startIndex ?? str.endIndex];
}

function whereOf(lit: PyLiteral, name: string | undefined): string {
  if (lit.fallback) return ` as the default of ${lit.fallback.env}`;
  return name ? ` in ${name}` : '';
}

