import type ts from 'typescript';
import type { Node as PyNode, Tree as PyTree } from 'web-tree-sitter';
import type { z } from 'zod';
import type { Rule } from './catalog/catalog';
import type { ResolvedConfig } from './config';
import type { FileFacts, FindingCollector, ProjectFacts, RawFinding } from './context';
import type { Lexed } from './lexer';
import type { LineIndex } from './text';

/**
 * What every detector sees: the file, the workspace facts, the configuration, and `report`.
 * Detectors are stateless modules; per-run state lives in the closure `create` returns,
 * after ESLint's `create(context)`.
 */
export interface BaseContext {
  readonly text: string;
  readonly lines: LineIndex;
  readonly file: FileFacts;
  readonly project: ProjectFacts;
  readonly config: ResolvedConfig;
  /** Report a finding (offsets into `text`). */
  report(finding: RawFinding): void;
  /** True when the rule exists and is not switched off; skip work otherwise. */
  enabled(ruleId: string): boolean;
  /** Throws when the time budget is spent; call in loops over unbounded input. */
  checkDeadline(): void;
  /** The rule's `options`, validated with `schema` once per catalog (throws on a broken built-in rule). */
  options<T>(ruleId: string, schema: z.ZodType<T>): T;
  /** The rule entry (title, message template, CWE). */
  rule(ruleId: string): Rule | undefined;
  /** The collector, for detectors that compose others (tests only). */
  readonly collector: FindingCollector;
}

export interface JsContext extends BaseContext {
  readonly sourceFile: ts.SourceFile;
}

export interface PyContext extends BaseContext {
  readonly tree: PyTree;
}

export interface TextContext extends BaseContext {
  /** Comment/string/code segmentation of the text for the file's language. */
  readonly lexed: Lexed;
}

/** Visitor returned by a JS detector: handlers by SyntaxKind, then `finish` after the walk. */
export interface JsVisitor {
  visit: Partial<Record<ts.SyntaxKind, (node: ts.Node) => void>>;
  finish?(): void;
}

/** Visitor returned by a Python detector: handlers by tree-sitter node type. */
export interface PyVisitor {
  visit: Partial<Record<string, (node: PyNode) => void>>;
  finish?(): void;
}

interface DetectorBase {
  /** Unique name, e.g. `cors-js`. */
  readonly name: string;
  /** Rule ids this detector reports; it is skipped when all are off. */
  readonly rules: readonly string[];
  /**
   * A cheap necessary condition on the raw text: false means this detector cannot report
   * anything in the file. Whole-tree scans (CLI, "Scan workspace") skip the detector, and skip
   * parsing entirely when no detector of the family needs the tree. A conventions test checks
   * that every fixture finding passes its detector's prefilter.
   */
  prefilter?(text: string, file: FileFacts, project: ProjectFacts): boolean;
}

export interface JsDetector extends DetectorBase {
  readonly family: 'js';
  /**
   * The detector's findings inside a top-level statement depend only on that statement and on
   * the file's outline (its text outside function bodies), it reports only from `visit`
   * handlers, and only ranges (and fix edits) inside the statement — or it accepts that a
   * finding breaking that rule makes its statement re-run every time. The engine then re-runs
   * it only on statements a change touched (see js/statementCache.ts).
   */
  readonly statementLocal?: boolean;
  create(ctx: JsContext): JsVisitor;
}

export interface PyDetector extends DetectorBase {
  readonly family: 'python';
  create(ctx: PyContext): PyVisitor;
}

/** Detectors that work on lexed text: config files and languages without a parse tree. */
export interface TextDetector extends DetectorBase {
  readonly family: 'text';
  /** Languages it runs on; `config` means every configuration format. */
  readonly languages: readonly string[] | 'config' | 'all';
  run(ctx: TextContext): void;
}

export type Detector = JsDetector | PyDetector | TextDetector;
