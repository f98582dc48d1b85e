import type { RuleCatalog, Rule } from './catalog/catalog';
import type { ResolvedConfig } from './config';
import { effectiveSeverity } from './config';
import type { LineIndex } from './text';
import type { Confidence, Finding, Fix, LanguageId, Severity } from './types';
import { sha256 } from './util';

/** What the engine knows about the file being analyzed. */
export interface FileFacts {
  /** Path as the host knows it (absolute in the editor, as given on the CLI). */
  path: string;
  /** Workspace-relative path with `/` separators; used for globs and framework conventions. */
  relPath: string;
  language: LanguageId;
  /** Matches the configured test/fixture globs: findings are reported one level lower. */
  isTest: boolean;
  /**
   * What git says about the file, when the host knows: `tracked`, `ignored` (and untracked),
   * or `untracked` (not ignored). `.env`-style files are analyzed only when not `ignored`.
   */
  vcs?: 'tracked' | 'ignored' | 'untracked';
}

/** An authentication guard the workspace already uses, offered by the auth quick fix. */
export interface AuthProvider {
  /** Identifier to insert, e.g. `requireAuth`, `login_required`, `Depends(get_current_user)`. */
  name: string;
  kind: 'express-middleware' | 'fastify-hook' | 'flask-decorator' | 'fastapi-dependency' | 'django-decorator' | 'next-session-check';
  /**
   * Where it is imported from: a package (`express-jwt`) or a workspace-relative module path
   * without extension (`src/middleware/auth`). Undefined when it is global or defined in place.
   */
  module?: string;
  /** How it is imported: `named` (`import { x }`), `default`, or a Python `from m import x`. */
  importKind?: 'named' | 'default';
  /** Workspace-relative file that uses or defines it (evidence shown in the fix title). */
  seenIn: string;
  /** Whether `module` is a package/alias specifier (`passport`, `@/auth`) or a workspace path (`src/middleware/auth`). */
  moduleKind?: 'package' | 'workspace';
  /** The binding the import must bring in when it differs from `name` (`passport` for `passport.authenticate('jwt')`). */
  importName?: string;
  /** Extension the workspace writes in relative import specifiers (`.js` under NodeNext), if any. */
  importExtension?: string;
  /** How many times the workspace uses it; providers are sorted by it. */
  uses?: number;
}

/**
 * A guard seen in another file, as raw evidence: the detector classifies `name`/`module` with
 * the rule's options and the user's `auth` configuration, so facts stay independent of both.
 */
export interface GuardRef {
  /** Dotted name as written, without call arguments (`passport.authenticate`, `requireAuth`, `get_current_user`). */
  name?: string;
  /** Import specifier (JS) or dotted module (Python) of the root identifier, when imported. */
  module?: string;
  /** Set when the code itself tells: a function body that rejects with 401 (`auth`), or something opaque (`unknown`). */
  verdict?: 'auth' | 'none' | 'unknown';
  /**
   * Set for a Fastify plugin registered on the way (it may add hooks through fastify-plugin):
   * a package, or a workspace module (path without extension) and the name it exports the plugin under.
   */
  plugin?: { module: string; exportName: string; workspace: boolean };
}

/** What a Fastify plugin exported by a workspace module does to the context it is registered on. */
export interface FastifyPluginFacts {
  /** Wrapped in `fastify-plugin`: its hooks apply to the registering context. */
  shared: boolean;
  /** Hooks it adds (`addHook('onRequest', …)`) and plugins it registers. */
  hooks: GuardRef[];
}

/** A router defined in one file and mounted in another (Express `use`, Fastify `register`, FastAPI `include_router`, Flask `register_blueprint`). */
export interface RouterMount {
  framework: 'express' | 'fastify' | 'fastapi' | 'flask';
  /** Workspace-relative path, without extension, of the module that defines the router (`src/routes/users`). */
  module: string;
  /** Name the module exports the router under (`default` for `module.exports =` / `export default`; `router`, `bp`). */
  exportName: string;
  /** Workspace-relative file that mounts it. */
  file: string;
  /** Mount path prefix; undefined when it is not a constant. */
  prefix?: string;
  /** Guards that run before the router's routes on this mount (earlier `use` middleware, mount middleware, dependencies, app hooks). */
  guards: GuardRef[];
  /** The mounting object is itself a router exported by `file`: its own mounts apply in turn. */
  via?: { module: string; exportName: string };
}

/** What a Next.js middleware (or `proxy`) file does, as raw evidence. */
export interface NextMiddlewareFacts {
  /** Workspace-relative path of the file. */
  file: string;
  /** Folder of the Next.js project it serves ('' at the workspace root). */
  projectRoot: string;
  /** `config.matcher` sources; `['/:path*']` when there is none. */
  matchers: string[];
  /** Dotted names it calls, wraps or re-exports (`withAuth`, `auth.protect`, `getToken`). */
  names: string[];
  /** Modules it imports or re-exports from. */
  modules: string[];
  /** Cookie names it reads. */
  cookies: string[];
  /** Answers 401/403 or redirects to a sign-in page. */
  rejects: boolean;
}

/** A Flask `before_request`-style hook and the scope it covers. */
export interface FlaskHookFacts {
  file: string;
  /** `app`: every route of the application (`app.before_request`, `bp.before_app_request`); `blueprint`: that blueprint's routes. */
  scope: 'app' | 'blueprint';
  /** Variable the hook is registered on. */
  target: string;
  guard: GuardRef;
}

/**
 * Facts about the workspace that single-file analysis needs (computed by the host with
 * `collectProjectFacts`, cached, and passed in as data so the engine stays pure).
 */
export interface ProjectFacts {
  /** Next.js `middleware.ts` matchers (`config.matcher`), `['/:path*']` when it has none, undefined when there is no middleware file. */
  nextMiddlewareMatchers?: string[];
  /** Workspace-relative path of the Next.js middleware file, when it exists. */
  nextMiddlewareFile?: string;
  /** Auth guards seen in the workspace, best first. */
  authProviders: AuthProvider[];
  /**
   * True when `collectProjectFacts` scanned the workspace's sources, so the cross-file facts
   * below are as complete as the scan (without it, cross-file questions are "cannot tell").
   */
  scanned?: boolean;
  /**
   * True when the scan also read the Python files (it needs the Python grammar: call
   * `collectProjectFacts` after `initEngine()`); Python cross-file facts are complete only then.
   */
  pythonScanned?: boolean;
  /** Routers mounted from other files. */
  routerMounts?: RouterMount[];
  /** Fastify plugins exported by workspace modules: module (path without extension) → export name → facts. */
  fastifyPlugins?: Record<string, Record<string, FastifyPluginFacts>>;
  /** Exported JS request handlers: module (workspace path without extension) → export name → whether the body checks the caller. */
  jsHandlers?: Record<string, Record<string, 'checked' | 'unchecked'>>;
  /** Next.js middleware / proxy files, one per Next.js project. */
  nextMiddleware?: NextMiddlewareFacts[];
  /** Flask request hooks anywhere in the workspace. */
  flaskHooks?: FlaskHookFacts[];
  /** Django settings file (workspace-relative) when one was found. */
  djangoSettingsFile?: string;
  /**
   * DRF `REST_FRAMEWORK['DEFAULT_PERMISSION_CLASSES']` as written in the settings; DRF's own
   * default `['rest_framework.permissions.AllowAny']` when the settings set none; undefined when
   * there are no settings or the value is not a literal.
   */
  drfDefaultPermissionClasses?: string[];
  /** Django `MIDDLEWARE` entries from the settings. */
  djangoMiddleware?: string[];
  /** Views wrapped in `urls.py` (`path('x/', login_required(views.x))`): view name → wrapper names. */
  djangoUrlWrappers?: { view: string; wrappers: string[]; file: string }[];
}

export const EMPTY_PROJECT: ProjectFacts = { authProviders: [] };

/** What a detector reports: offsets into the analyzed text; the collector turns them into a Finding. */
export interface RawFinding {
  ruleId: string;
  /** UTF-16 offsets `[start, end)` of the flagged text. */
  start: number;
  end: number;
  /** Replaces the rule's message template. Must never contain a whole secret. */
  message?: string;
  /** Values for `{placeholders}` in the rule's message template. */
  args?: Record<string, string | number>;
  /** Overrides the rule's default severity (e.g. CORS with credentials is an error). */
  severity?: Severity;
  confidence?: Confidence;
  fixes?: Fix[];
  noFixReason?: string;
  related?: { start: number; end: number; message: string }[];
  /** Identity for the fingerprint; defaults to the flagged text with whitespace collapsed. Never a raw secret. */
  key?: string;
  properties?: Record<string, string | number | boolean>;
}

/** Thrown by `checkDeadline` when the analysis budget is spent; caught by `analyze`. */
export class DeadlineExceeded extends Error {
  constructor() {
    super('analysis time budget exceeded');
  }
}

/**
 * Collects findings for one analysis run: fills messages from rule templates, converts offsets
 * to LSP ranges, drops rules that are off, and fingerprints each finding.
 */
export class FindingCollector {
  readonly findings: Finding[] = [];
  private readonly ordinals = new Map<string, number>();
  private checks = 0;

  constructor(
    readonly file: FileFacts,
    readonly lines: LineIndex,
    readonly catalog: RuleCatalog,
    readonly config: ResolvedConfig,
    /** `performance.now()` value after which analysis stops; Infinity for none. */
    readonly deadline = Infinity,
  ) {}

  /** True when `ruleId` exists and is not switched off: detectors skip work for disabled rules. */
  enabled(ruleId: string): boolean {
    const rule = this.catalog.get(ruleId);
    return !!rule && effectiveSeverity(this.config, ruleId, rule.severity) !== null;
  }

  /** Throws DeadlineExceeded when the budget is spent. Cheap: checks the clock every 256 calls. */
  checkDeadline(): void {
    if (this.deadline === Infinity) return;
    if ((++this.checks & 255) === 0 && performance.now() > this.deadline) throw new DeadlineExceeded();
  }

  /** Like `checkDeadline`, but reads the clock on every call (for steps that each take a while). */
  checkDeadlineNow(): void {
    if (this.deadline !== Infinity && performance.now() > this.deadline) throw new DeadlineExceeded();
  }

  report(raw: RawFinding): void {
    const rule = this.catalog.get(raw.ruleId);
    if (!rule) throw new Error(`detector reported unknown rule ${raw.ruleId}`);
    const severity = raw.severity ?? rule.severity;
    const text = this.lines.text;
    const key = raw.key ?? text.slice(raw.start, Math.min(raw.end, raw.start + 200)).replace(/\s+/g, ' ');
    const ordinalKey = `${raw.ruleId}\0${key}`;
    const ordinal = this.ordinals.get(ordinalKey) ?? 0;
    this.ordinals.set(ordinalKey, ordinal + 1);
    const finding: Finding = {
      ruleId: raw.ruleId,
      category: rule.category,
      severity,
      message: raw.message ?? fillTemplate(rule.message, raw.args ?? {}),
      range: this.lines.range(raw.start, raw.end),
      confidence: raw.confidence ?? rule.confidence,
      related: (raw.related ?? []).map((r) => ({ range: this.lines.range(r.start, r.end), message: r.message })),
      fixes: raw.fixes ?? [],
      fingerprint: sha256(`${raw.ruleId}\0${this.file.relPath}\0${key}\0${ordinal}`).slice(0, 32),
    };
    if (raw.noFixReason) finding.noFixReason = raw.noFixReason;
    if (raw.properties) finding.properties = raw.properties;
    this.findings.push(finding);
  }

  rule(ruleId: string): Rule | undefined {
    return this.catalog.get(ruleId);
  }
}

/** Replaces `{name}` with `args.name`; unknown placeholders stay visible so tests catch them. */
export function fillTemplate(template: string, args: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in args ? String(args[name]) : m));
}
