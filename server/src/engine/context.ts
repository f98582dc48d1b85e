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
