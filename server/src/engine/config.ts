import { z } from 'zod';
import { CATEGORIES, type SecurityCategory, type Severity } from './types';

/**
 * The one schema of Redline's settings.
 *
 * The same fields come from two places: the editor's settings (section `redline`, read through
 * LSP `workspace/configuration`) and `.redline.json` at the workspace root, which the CLI reads
 * too. Effective value = built-in default ← editor setting ← `.redline.json`, so a project's
 * file decides analysis for everyone and the editor and CI agree.
 */

export const SeverityOrOffSchema = z.enum(['error', 'warning', 'info', 'hint', 'off']);
export type SeverityOrOff = z.infer<typeof SeverityOrOffSchema>;

export const DOMAINS = ['auth', 'payments', 'crypto', 'personal-data', 'infrastructure'] as const;
export type Domain = (typeof DOMAINS)[number];

const regexString = z.string().refine(
  (s) => {
    try {
      new RegExp(s, 'u');
      return true;
    } catch {
      return false;
    }
  },
  { message: 'is not a valid regular expression' },
);

const DomainRuleSchema = z
  .object({
    /** Globs on workspace-relative paths (`/` separators). */
    paths: z.array(z.string()).optional(),
    /** Regular expressions tested on the region's text (content signals). */
    signals: z.array(regexString).optional(),
  })
  .strict();

const AuthNamesSchema = z
  .object({
    /** Express/Fastify middleware names that authenticate (`requireAuth`, `passport.authenticate`). */
    middleware: z.array(z.string()).optional(),
    /** Python decorators that authenticate (`login_required`). */
    decorators: z.array(z.string()).optional(),
    /** FastAPI dependencies that authenticate (`get_current_user`). */
    dependencies: z.array(z.string()).optional(),
    /** Calls inside a handler that check a session (`getServerSession`). */
    sessionChecks: z.array(z.string()).optional(),
    /** Route paths that are public by nature, as regular expressions. */
    publicPaths: z.array(regexString).optional(),
  })
  .strict();

/** Fields shared by `.redline.json` and the editor settings. */
const AnalysisFields = {
  categories: z
    .object({ secret: z.boolean(), sql: z.boolean(), cors: z.boolean(), auth: z.boolean() })
    .partial()
    .strict()
    .optional(),
  /** Severity overrides keyed by rule id (`sql/string-built-query`) or category (`sql`). */
  severityOverrides: z.record(z.string(), SeverityOrOffSchema).optional(),
  /** Globs of paths never analyzed, on top of `.gitignore`. */
  ignore: z.array(z.string()).optional(),
  /** Globs of test and fixture paths; findings there are reported one severity lower. */
  testGlobs: z.array(z.string()).optional(),
  /** Folder of custom rule files, relative to the workspace root. */
  rulesPath: z.string().optional(),
  auth: AuthNamesSchema.optional(),
  domains: z.partialRecord(z.enum(DOMAINS), DomainRuleSchema).optional(),
  aiRegions: z
    .object({
      /** Raise findings inside unreviewed AI regions by one severity level. */
      raiseSeverity: z.boolean(),
      /** Domains whose unreviewed regions are "high risk" in the panel. */
      highRiskDomains: z.array(z.enum(DOMAINS)),
    })
    .partial()
    .strict()
    .optional(),
};

/** `.redline.json` at the workspace root. Unknown keys are errors so typos are caught. */
export const ProjectConfigSchema = z
  .object({
    $schema: z.string().optional(),
    ...AnalysisFields,
    /** Files larger than this many bytes get one information diagnostic instead of analysis. */
    maxFileBytes: z.number().int().positive().optional(),
  })
  .strict();
export type ProjectConfig = z.infer<typeof ProjectConfigSchema>;

/** Editor-only behaviour, section `redline.analysis` and `redline.aiRegions` in VS Code. */
export const EditorSettingsSchema = z
  .object({
    enable: z.boolean().optional(),
    ...AnalysisFields,
    analysis: z
      .object({
        /** Delay between the last keystroke and analysis, in ms; 0 analyzes on every change. */
        debounceMs: z.number().int().min(0).max(10_000),
        /** Wall-clock budget for analyzing one file, in ms; past it analysis is cut short. */
        timeBudgetMs: z.number().int().min(50).max(60_000),
        maxFileBytes: z.number().int().positive(),
      })
      .partial()
      .strict()
      .optional(),
    aiRegions: z
      .object({
        raiseSeverity: z.boolean(),
        highRiskDomains: z.array(z.enum(DOMAINS)),
        captureInlineCompletions: z.boolean(),
        /** Offer to tag single insertions of at least this many lines; 0 disables. */
        largeInsertionLines: z.number().int().min(0),
      })
      .partial()
      .strict()
      .optional(),
    trace: z.object({ server: z.enum(['off', 'messages', 'verbose']) }).partial().strict().optional(),
  })
  .strip();
export type EditorSettings = z.infer<typeof EditorSettingsSchema>;

export const DEFAULT_TEST_GLOBS = [
  '**/test/**',
  '**/tests/**',
  '**/__tests__/**',
  '**/spec/**',
  '**/fixtures/**',
  '**/__fixtures__/**',
  '**/testdata/**',
  '**/*.test.*',
  '**/*.spec.*',
  '**/test_*.py',
  '**/*_test.py',
  '**/*_test.go',
  '**/conftest.py',
];

export const DEFAULT_IGNORE = ['**/node_modules/**', '**/.git/**', '**/dist/**', '**/build/**', '**/*.min.js', '**/.redline/**', '**/.agent-trace/**'];

export const DEFAULT_DOMAINS: Record<Domain, { paths: string[]; signals: string[] }> = {
  auth: {
    paths: ['**/auth/**', '**/*auth*', '**/login*', '**/session*', '**/middleware.*', '**/permissions*', '**/oauth*', '**/jwt*'],
    signals: ['\\b(?:jwt|passport|bcrypt|argon2|session|login|logout|authenticat|authoriz|oauth|password|getServerSession|login_required)', '\\bverify(?:Token|Password)\\b'],
  },
  payments: {
    paths: ['**/payment*/**', '**/*payment*', '**/billing/**', '**/*billing*', '**/checkout*', '**/invoice*', '**/stripe*', '**/subscription*'],
    signals: ['\\b(?:stripe|paypal|braintree|adyen|checkout|invoice|refund|charge|payment|billing|subscription)', '\\bamount_?(?:cents)?\\b'],
  },
  crypto: {
    paths: ['**/crypto/**', '**/*crypto*', '**/*encrypt*', '**/*cipher*', '**/keys/**', '**/*signing*'],
    signals: ['\\b(?:createCipheriv|createDecipheriv|createHmac|createSign|randomBytes|subtle\\.|AES|RSA|hashlib|hmac\\.|Fernet|cryptography\\.|nacl|libsodium)', '\\b(?:encrypt|decrypt|signature|private_?key)\\b'],
  },
  'personal-data': {
    paths: ['**/users/**', '**/*user*', '**/profile*', '**/account*', '**/customers/**', '**/*patient*', '**/gdpr*'],
    signals: ['\\b(?:email|phone|ssn|social_?security|date_?of_?birth|dob|address|passport_?number|national_?id|credit_?card)\\b'],
  },
  infrastructure: {
    paths: ['**/Dockerfile*', '**/docker-compose*', '**/compose.y*ml', '**/*.tf', '**/k8s/**', '**/kubernetes/**', '**/.github/workflows/**', '**/nginx*', '**/deploy/**', '**/infra/**'],
    signals: ['\\b(?:aws_|s3\\.|iam|kubectl|terraform|helm|ingress|nginx|docker|CORS|allow_origins|Access-Control)'],
  },
};

/** Fully defaulted configuration the engine runs with. */
export interface ResolvedConfig {
  enable: boolean;
  categories: Record<SecurityCategory, boolean>;
  severityOverrides: Record<string, SeverityOrOff>;
  ignore: string[];
  testGlobs: string[];
  rulesPath: string;
  maxFileBytes: number;
  timeBudgetMs: number;
  debounceMs: number;
  auth: Required<z.infer<typeof AuthNamesSchema>>;
  domains: Record<Domain, { paths: string[]; signals: string[] }>;
  aiRegions: {
    raiseSeverity: boolean;
    highRiskDomains: Domain[];
    captureInlineCompletions: boolean;
    largeInsertionLines: number;
  };
}

export const DEFAULTS: ResolvedConfig = {
  enable: true,
  categories: { secret: true, sql: true, cors: true, auth: true },
  severityOverrides: {},
  ignore: DEFAULT_IGNORE,
  testGlobs: DEFAULT_TEST_GLOBS,
  rulesPath: '.redline/rules',
  maxFileBytes: 4 * 1024 * 1024,
  timeBudgetMs: 3000,
  debounceMs: 150,
  auth: { middleware: [], decorators: [], dependencies: [], sessionChecks: [], publicPaths: [] },
  domains: DEFAULT_DOMAINS,
  aiRegions: { raiseSeverity: true, highRiskDomains: ['auth', 'payments', 'crypto'], captureInlineCompletions: true, largeInsertionLines: 8 },
};

/**
 * Merges defaults, editor settings and the project file (later wins). Lists from the project
 * file replace editor lists, except auth names and domains, which extend the defaults so a
 * project adds its own middleware without repeating the built-in ones.
 */
export function resolveConfig(settings?: EditorSettings, project?: ProjectConfig): ResolvedConfig {
  const c: ResolvedConfig = structuredClone(DEFAULTS);
  for (const src of [settings, project]) {
    if (!src) continue;
    if ('enable' in src && typeof src.enable === 'boolean') c.enable = src.enable;
    if (src.categories) Object.assign(c.categories, src.categories);
    if (src.severityOverrides) Object.assign(c.severityOverrides, src.severityOverrides);
    if (src.ignore) c.ignore = [...DEFAULT_IGNORE, ...src.ignore];
    if (src.testGlobs) c.testGlobs = src.testGlobs;
    if (src.rulesPath) c.rulesPath = src.rulesPath;
    if (src.auth) {
      for (const key of Object.keys(c.auth) as (keyof ResolvedConfig['auth'])[]) {
        const extra = src.auth[key];
        if (extra) c.auth[key] = [...new Set([...c.auth[key], ...extra])];
      }
    }
    if (src.domains) {
      for (const [d, rule] of Object.entries(src.domains) as [Domain, { paths?: string[]; signals?: string[] }][]) {
        c.domains[d] = {
          paths: [...c.domains[d].paths, ...(rule.paths ?? [])],
          signals: [...c.domains[d].signals, ...(rule.signals ?? [])],
        };
      }
    }
    if (src.aiRegions) {
      const a = src.aiRegions as Partial<ResolvedConfig['aiRegions']>;
      if (a.raiseSeverity !== undefined) c.aiRegions.raiseSeverity = a.raiseSeverity;
      if (a.highRiskDomains) c.aiRegions.highRiskDomains = a.highRiskDomains;
      if (a.captureInlineCompletions !== undefined) c.aiRegions.captureInlineCompletions = a.captureInlineCompletions;
      if (a.largeInsertionLines !== undefined) c.aiRegions.largeInsertionLines = a.largeInsertionLines;
    }
  }
  if (settings?.analysis) {
    if (settings.analysis.debounceMs !== undefined) c.debounceMs = settings.analysis.debounceMs;
    if (settings.analysis.timeBudgetMs !== undefined) c.timeBudgetMs = settings.analysis.timeBudgetMs;
    if (settings.analysis.maxFileBytes !== undefined) c.maxFileBytes = settings.analysis.maxFileBytes;
  }
  if (project?.maxFileBytes !== undefined) c.maxFileBytes = project.maxFileBytes;
  return c;
}

/**
 * The severity a finding of `ruleId` gets after overrides: a rule-id override beats a category
 * override; `off` disables it (returns null). Categories switched off also return null.
 */
export function effectiveSeverity(config: ResolvedConfig, ruleId: string, base: Severity): Severity | null {
  const category = ruleId.split('/')[0]!;
  if ((CATEGORIES as readonly string[]).includes(category) && !config.categories[category as SecurityCategory]) return null;
  const o = config.severityOverrides[ruleId] ?? config.severityOverrides[category];
  if (o === 'off') return null;
  return o ?? base;
}
