import { z } from 'zod';
import type { ResolvedConfig } from '../../config';

/**
 * The recognized names of `auth/missing-authentication`, as data.
 *
 * The lists live in `rules/auth/missing-authentication.yaml` under `options` and are extended by
 * `.redline.json` → `auth` (ResolvedConfig.auth). This module validates them (zod), compiles the
 * regular expressions once per (options, config) pair, and answers the questions every framework
 * analysis asks: does this middleware / decorator / dependency authenticate, is this path public,
 * admin-like, or a webhook.
 */

export const RULE_ID = 'auth/missing-authentication';

const names = z.array(z.string()).default([]);
const regex = z.string().refine(
  (s) => {
    try {
      new RegExp(s, 'i');
      return true;
    } catch {
      return false;
    }
  },
  { message: 'is not a valid regular expression' },
);

/** Schema of the rule's `options` (see the YAML file for the meaning of each list). */
export const AuthOptionsSchema = z.object({
  methods: z.array(z.string()).default(['POST', 'PUT', 'PATCH', 'DELETE']),
  adminPaths: z.array(regex).default([]),
  publicPaths: z.array(regex).default([]),
  webhookPaths: z.array(regex).default([]),
  signatureChecks: names,
  js: z.object({
    middleware: names,
    authModules: names,
    nonAuthMiddleware: names,
    nonAuthModules: names,
    authNames: regex,
    nonAuthNames: regex,
    sessionChecks: names,
    authProperties: regex,
    authHeaders: names,
  }),
  python: z.object({
    decorators: names,
    nonAuthDecorators: names,
    dependencies: names,
    nonAuthDependencies: names,
    authNames: regex,
    nonAuthNames: regex,
    securitySchemes: names,
    sessionChecks: names,
    authProperties: regex,
    sessionKeys: regex,
    permissionClasses: names,
    openPermissionClasses: names,
    mixins: names,
    nonAuthDjangoMiddleware: names,
    nonAuthAsgiMiddleware: names,
  }),
});
/** The validated options of the rule. */
export type AuthOptions = z.infer<typeof AuthOptionsSchema>;

/** What a guard (middleware, decorator, dependency, hook) is known to do. */
export type Verdict = 'auth' | 'none' | 'unknown';

/**
 * Combines the verdicts of guards that all run before a handler: one that authenticates is
 * enough; otherwise one we cannot classify makes the whole path "cannot tell".
 */
export function combineVerdicts(verdicts: Iterable<Verdict>): Verdict {
  let unknown = false;
  for (const v of verdicts) {
    if (v === 'auth') return 'auth';
    if (v === 'unknown') unknown = true;
  }
  return unknown ? 'unknown' : 'none';
}

/**
 * `camelCase`, `PascalCase`, `kebab-case` and dotted names to lower snake_case, keeping dots:
 * `passport.authenticate` → `passport.authenticate`, `ensureLoggedIn` → `ensure_logged_in`,
 * `APIKeyHeader` → `api_key_header`. The `authNames`/`nonAuthNames` patterns are written for it.
 */
export function toSnake(name: string): string {
  return name
    .replace(/\(\)/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/-/g, '_')
    .toLowerCase();
}

/**
 * A path-like string made from an identifier, so path patterns can classify views that have no
 * URL in the file (Django views, server actions): `reset_password` → `/reset/password/reset-password`.
 */
export function namePath(name: string): string {
  const words = toSnake(name)
    .split(/[._]+/)
    .filter(Boolean);
  return `/${words.join('/')}${words.length > 1 ? `/${words.join('-')}` : ''}`;
}

/**
 * True when `entry` names `name`: equal, or equal to its last dotted segments
 * (`requireAuth` matches `auth.requireAuth`); `x.*` matches every member of `x`.
 */
export function matchesEntry(name: string, entry: string): boolean {
  if (entry.endsWith('.*')) {
    const prefix = entry.slice(0, -1);
    return name.startsWith(prefix) || name.includes(`.${prefix}`);
  }
  return name === entry || name.endsWith(`.${entry}`);
}

function anyEntry(name: string, entries: readonly string[]): boolean {
  return entries.some((e) => matchesEntry(name, e));
}

/** Normalizes a route path for the path patterns: lower case, leading `/`, `_` as `-`. */
export function normalizePath(path: string): string {
  const p = path.toLowerCase().replace(/_/g, '-');
  return p.startsWith('/') ? p : `/${p}`;
}

/** Compiled, config-extended view of the rule's options. Build with `authNames()`. */
export class AuthNames {
  readonly methods: ReadonlySet<string>;
  private readonly adminPaths: RegExp[];
  private readonly publicPaths: RegExp[];
  private readonly webhookPaths: RegExp[];
  private readonly jsAuthNames: RegExp;
  private readonly jsNonAuthNames: RegExp;
  private readonly jsAuthProps: RegExp;
  private readonly pyAuthNames: RegExp;
  private readonly pyNonAuthNames: RegExp;
  private readonly pyAuthProps: RegExp;
  private readonly pySessionKeys: RegExp;
  readonly js: AuthOptions['js'];
  readonly py: AuthOptions['python'];

  constructor(
    readonly options: AuthOptions,
    extra: ResolvedConfig['auth'] = { middleware: [], decorators: [], dependencies: [], sessionChecks: [], publicPaths: [] },
  ) {
    const re = (s: string) => new RegExp(s, 'i');
    this.methods = new Set(options.methods.map((m) => m.toUpperCase()));
    this.adminPaths = options.adminPaths.map(re);
    this.publicPaths = [...options.publicPaths, ...extra.publicPaths].map(re);
    this.webhookPaths = options.webhookPaths.map(re);
    this.js = {
      ...options.js,
      middleware: [...options.js.middleware, ...extra.middleware],
      sessionChecks: [...options.js.sessionChecks, ...extra.sessionChecks],
    };
    this.py = {
      ...options.python,
      decorators: [...options.python.decorators, ...extra.decorators],
      dependencies: [...options.python.dependencies, ...extra.dependencies],
      sessionChecks: [...options.python.sessionChecks, ...extra.sessionChecks],
      // A user's decorator names also stand for their Django mixins and DRF permission classes.
      mixins: [...options.python.mixins, ...extra.decorators],
      permissionClasses: [...options.python.permissionClasses, ...extra.decorators],
    };
    this.jsAuthNames = re(options.js.authNames);
    this.jsNonAuthNames = re(options.js.nonAuthNames);
    this.jsAuthProps = re(options.js.authProperties);
    this.pyAuthNames = re(options.python.authNames);
    this.pyNonAuthNames = re(options.python.nonAuthNames);
    this.pyAuthProps = re(options.python.authProperties);
    this.pySessionKeys = re(options.python.sessionKeys);
  }

  /** True for methods that change state (POST, PUT, PATCH, DELETE by default) and `ALL`. */
  isStateChanging(method: string): boolean {
    const m = method.toUpperCase();
    return m === 'ALL' || this.methods.has(m);
  }

  /** Admin-like paths (`/admin`, `/internal`, `/manage`, `/debug`): every method is checked. */
  isAdminPath(path: string): boolean {
    const p = normalizePath(path);
    return this.adminPaths.some((r) => r.test(p));
  }

  /** Public by nature (login, register, password reset, health, …), options plus `auth.publicPaths`. */
  isPublicPath(path: string): boolean {
    const p = normalizePath(path);
    return this.publicPaths.some((r) => r.test(p));
  }

  /** Webhook receivers, which must verify the sender's signature instead of a user session. */
  isWebhookPath(path: string): boolean {
    const p = normalizePath(path);
    return this.webhookPaths.some((r) => r.test(p));
  }

  /** A call (dotted name) that verifies a webhook signature (`stripe.webhooks.constructEvent`). */
  isSignatureCheck(callName: string): boolean {
    const last = callName.replace(/\(\)/g, '').split('.').pop() ?? '';
    return this.options.signatureChecks.includes(last);
  }

  /**
   * Classifies JS middleware (Express route-level or `use`, Fastify hooks) by its dotted name and
   * the module its root identifier comes from. Order: exact auth names, exact non-auth names,
   * auth packages, non-auth packages, auth-ish name pattern, non-auth name pattern; else unknown.
   *
   * @param name dotted name without call parentheses (`passport.authenticate`, `express.json`)
   * @param module import specifier of the root identifier, when imported
   */
  jsMiddleware(name: string | undefined, module?: string): Verdict {
    if (name && anyEntry(name, this.js.middleware)) return 'auth';
    if (name && anyEntry(name, this.js.nonAuthMiddleware)) return 'none';
    if (module) {
      if (this.js.authModules.includes(module)) return 'auth';
      if (this.js.nonAuthModules.includes(module)) return 'none';
    }
    if (name && this.jsAuthNames.test(toSnake(name))) return 'auth';
    // A workspace module named like auth (`./middleware/auth`) exports authentication.
    if (module && module.startsWith('.') && this.jsAuthNames.test(toSnake(module.split('/').pop() ?? ''))) return 'auth';
    if (name && this.jsNonAuthNames.test(toSnake(name))) return 'none';
    return 'unknown';
  }

  /** A call inside a JS handler that reads or checks the session (`getServerSession`, `auth`, custom `getCurrentUser`). */
  jsSessionCheck(callName: string): boolean {
    const name = callName.replace(/\(\)/g, '');
    if (anyEntry(name, this.js.sessionChecks) || anyEntry(name, this.js.middleware)) return true;
    const last = name.split('.').pop() ?? '';
    // Auth-ish helper names count (`requireAdmin`, `verifyToken`); a bare non-auth name does not.
    return this.jsAuthNames.test(toSnake(last)) && !this.jsNonAuthNames.test(toSnake(last));
  }

  /** A property chain (first parameter as `req`, second as `res`) that reads the authenticated caller. */
  jsAuthProperty(chain: string): boolean {
    return this.jsAuthProps.test(chain);
  }

  /** A request header name whose reading means the handler authenticates the caller itself. */
  jsAuthHeader(header: string): boolean {
    return this.js.authHeaders.includes(header.toLowerCase());
  }

  /** Python decorator (dotted, without call parentheses) on a view or route function. */
  pyDecorator(name: string): Verdict {
    if (anyEntry(name, this.py.decorators)) return 'auth';
    if (anyEntry(name, this.py.nonAuthDecorators)) return 'none';
    const snake = toSnake(name);
    if (this.pyAuthNames.test(snake)) return 'auth';
    if (this.pyNonAuthNames.test(snake)) return 'none';
    return 'unknown';
  }

  /** FastAPI dependency (callable or `Annotated` alias name). */
  pyDependency(name: string): Verdict {
    if (anyEntry(name, this.py.dependencies)) return 'auth';
    if (anyEntry(name, this.py.securitySchemes)) return 'auth';
    if (anyEntry(name, this.py.nonAuthDependencies)) return 'none';
    const snake = toSnake(name);
    if (this.pyAuthNames.test(snake)) return 'auth';
    if (this.pyNonAuthNames.test(snake)) return 'none';
    return 'unknown';
  }

  /** True for FastAPI security scheme classes (`OAuth2PasswordBearer`, `APIKeyHeader`, …). */
  pySecurityScheme(className: string): boolean {
    return anyEntry(className, this.py.securitySchemes);
  }

  /** A call inside a Python handler that checks the caller (`verify_jwt_in_request`, auth-ish helpers). */
  pySessionCheck(callName: string): boolean {
    const name = callName.replace(/\(\)/g, '');
    if (anyEntry(name, this.py.sessionChecks) || anyEntry(name, this.py.decorators) || anyEntry(name, this.py.dependencies)) return true;
    const last = toSnake(name.split('.').pop() ?? '');
    return this.pyAuthNames.test(last) && !this.pyNonAuthNames.test(last);
  }

  /** An expression (dotted, as written) that reads the authenticated caller in Python. */
  pyAuthProperty(text: string): boolean {
    return this.pyAuthProps.test(text);
  }

  /** A session key that holds the logged-in caller (`user_id`, `auth_token`). */
  pySessionKey(key: string): boolean {
    return this.pySessionKeys.test(key);
  }

  /** DRF permission class (last dotted segment is compared). */
  permissionClass(name: string): Verdict {
    if (anyEntry(name, this.py.openPermissionClasses)) return 'none';
    if (anyEntry(name, this.py.permissionClasses)) return 'auth';
    return 'unknown';
  }

  /** Django class-based-view base class or mixin: `auth` for login/permission mixins, else unknown. */
  mixin(name: string): Verdict {
    if (anyEntry(name, this.py.mixins)) return 'auth';
    const snake = toSnake(name);
    return this.pyAuthNames.test(snake) && /mixin$/.test(snake) ? 'auth' : 'unknown';
  }

  /** Django MIDDLEWARE entry: `none` for known non-enforcing entries and non-auth names, `auth` for auth-ish ones. */
  djangoMiddleware(entry: string): Verdict {
    if (this.py.nonAuthDjangoMiddleware.includes(entry)) return 'none';
    const last = entry.split('.').pop() ?? entry;
    if (this.pyAuthNames.test(toSnake(last)) || /LoginRequired/.test(last)) return 'auth';
    return 'none';
  }

  /** Starlette/FastAPI middleware class added with `app.add_middleware`. */
  asgiMiddleware(className: string): Verdict {
    if (anyEntry(className, this.py.nonAuthAsgiMiddleware)) return 'none';
    return 'unknown';
  }
}

const cache = new WeakMap<AuthOptions, WeakMap<ResolvedConfig['auth'], AuthNames>>();

/** The compiled names for a run, cached per options object and config. */
export function authNames(options: AuthOptions, extra: ResolvedConfig['auth']): AuthNames {
  let inner = cache.get(options);
  if (!inner) cache.set(options, (inner = new WeakMap()));
  let n = inner.get(extra);
  if (!n) inner.set(extra, (n = new AuthNames(options, extra)));
  return n;
}
