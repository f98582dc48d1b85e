/**
 * Plain data types shared by every part of the engine and by its hosts (language server, CLI).
 *
 * Invariant: nothing here depends on `vscode` or `vscode-languageserver`. Positions follow the
 * LSP convention so hosts can pass them through unchanged: 0-based lines, UTF-16 code-unit
 * columns (LSP 3.17 §"Position", the default `positionEncoding` "utf-16").
 */

/** The four security categories, plus `redline` for notices about the analysis itself. */
export const CATEGORIES = ['secret', 'sql', 'cors', 'auth'] as const;
export type SecurityCategory = (typeof CATEGORIES)[number];
export type Category = SecurityCategory | 'redline';

/** Ordered from most to least severe; `SEVERITY_RANK` gives the order as numbers. */
export const SEVERITIES = ['error', 'warning', 'info', 'hint'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Lowers a severity by one level (error → warning → info → hint). */
export function lowerSeverity(s: Severity): Severity {
  return SEVERITIES[Math.min(SEVERITIES.indexOf(s) + 1, SEVERITIES.length - 1)]!;
}

/** Raises a severity by one level (hint → info → warning → error). */
export function raiseSeverity(s: Severity): Severity {
  return SEVERITIES[Math.max(SEVERITIES.indexOf(s) - 1, 0)]!;
}
export const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1, hint: 0 };

export type Confidence = 'high' | 'medium' | 'low';

/** 0-based line, UTF-16 code-unit column. */
export interface Position {
  line: number;
  character: number;
}

/** Half-open range `[start, end)` in LSP coordinates. */
export interface Range {
  start: Position;
  end: Position;
}

/** Replace `range` of the analyzed document by `newText`. Edits of one fix never overlap. */
export interface TextEdit {
  range: Range;
  newText: string;
}

/**
 * A change a fix makes outside the analyzed document. The engine cannot see the workspace, so it
 * describes the intent and the host resolves it against the file system when the fix is applied
 * (e.g. creating `.env.example` only when it does not exist).
 *
 * `path` is relative to the workspace root, with `/` separators.
 */
export type FileEdit =
  | { kind: 'ensureLine'; path: string; line: string; description: string }
  | { kind: 'ensureGitignored'; pattern: string; description: string };

/**
 * How safe a fix is to apply without reading it, after Ruff's definition: `safe` keeps the
 * program's behaviour for benign input (e.g. parameterizing a query), `unsafe` changes it
 * (e.g. reading a secret from the environment, which must then be set). Only safe fixes are
 * applied by `source.fixAll.redline` and `redline scan --fix`.
 */
export type Applicability = 'safe' | 'unsafe';

/** A fix as data: the host turns it into a code action / workspace edit. */
export interface Fix {
  title: string;
  /** The one fix a client should apply by default (LSP `CodeAction.isPreferred`). */
  isPreferred: boolean;
  applicability: Applicability;
  edits: TextEdit[];
  fileEdits?: FileEdit[];
}

/** Extra locations that explain a finding, e.g. where the SQL text was built. Same document. */
export interface RelatedLocation {
  range: Range;
  message: string;
}

/**
 * One problem found in one document.
 *
 * `message` never contains a whole secret (see `mask.ts`). `fixes` is empty when no safe rewrite
 * exists; `noFixReason` then says why (shown to the user) when a fix was considered.
 */
export interface Finding {
  ruleId: string;
  category: Category;
  severity: Severity;
  message: string;
  range: Range;
  confidence: Confidence;
  related: RelatedLocation[];
  fixes: Fix[];
  noFixReason?: string;
  /**
   * Stable across unrelated edits: hash of rule id, the flagged text's shape and its enclosing
   * context, never of the raw secret. Used for SARIF `partialFingerprints` and de-duplication.
   */
  fingerprint: string;
  /** Free-form facts for output formats (e.g. `provider: "GitHub token"`); never secret text. */
  properties?: Record<string, string | number | boolean>;
}

/** The languages the engine knows, keyed by the analysis each gets. */
export type LanguageId =
  | 'javascript'
  | 'javascriptreact'
  | 'typescript'
  | 'typescriptreact'
  | 'python'
  | 'java'
  | 'go'
  | 'php'
  | 'csharp'
  | 'ruby'
  | 'dotenv'
  | 'json'
  | 'yaml'
  | 'properties'
  | 'xml'
  | 'dockerfile'
  | 'nginx'
  | 'toml'
  | 'ini'
  | 'shellscript'
  | 'plaintext';
