import type ts from 'typescript';
import type { Tree } from 'web-tree-sitter';
import { analyzeParsed, familyNeedsTree, looksBinary, type AnalysisResult, type AnalyzeOptions } from './analyze';
import type { FileFacts } from './context';
import { FindingCollector } from './context';
import { parseJs, updateJs, type OffsetChange } from './js/parse';
import { SYNTAX } from './languages';
import { lex, type Lexed } from './lexer';
import { newStatementCache, type JsStatementCache } from './js/statementCache';
import { parsePython, pythonReady, updatePython } from './python/parse';
import { LineIndex } from './text';
import type { Range } from './types';

/** Message of the notice for files nested deeper than analysis can follow. */
export const NESTING_MESSAGE =
  'Redline analyzed this file only in part: its code is nested deeper than the parser can follow, so only the text-based rules (secrets, configuration, custom patterns) ran. Findings may be incomplete.';

/** True for the RangeError V8 throws when the call stack is exhausted. */
export function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack/i.test(e.message);
}

/** An LSP-style content change: `range` in the coordinates of the text before it; no range = whole text. */
export interface ContentChange {
  range?: Range;
  text: string;
}

/**
 * One open document's text and parse tree, updated incrementally as the user types.
 *
 * Parse once per version: changes are recorded as they arrive and the tree is brought up to
 * date only when analysis runs, reusing the unchanged parts of the previous tree (TypeScript's
 * incremental parser, tree-sitter's `edit` + reparse). Not thread-safe; one owner.
 */
export class EngineDocument {
  private _text: string;
  private _lines: LineIndex | undefined;
  private sourceFile: ts.SourceFile | undefined;
  private pyTree: Tree | undefined;
  /** TS changes since `sourceFile` was last synced, each relative to the text before it. */
  private pendingJs: OffsetChange[] = [];
  /** Texts before each pending Python change (tree-sitter needs row/column points). */
  private pendingPy: { before: string; change: OffsetChange }[] = [];
  private lexedCache: { text: string; lexed: Lexed } | undefined;
  private jsCache: JsStatementCache = newStatementCache();
  private lastResult: { version: number; options: AnalyzeOptions; result: AnalysisResult } | undefined;
  version: number;

  constructor(
    public file: FileFacts,
    text: string,
    version = 0,
  ) {
    this._text = text;
    this.version = version;
  }

  get text(): string {
    return this._text;
  }

  get lines(): LineIndex {
    return (this._lines ??= new LineIndex(this._text));
  }

  /** Applies changes in order (LSP `didChange` semantics) and sets the new version. */
  applyChanges(changes: readonly ContentChange[], version: number): void {
    for (const c of changes) {
      if (!c.range) {
        this.resetTrees();
        this._text = c.text;
        this._lines = undefined;
        continue;
      }
      const lines = this.lines;
      const start = lines.offsetAt(c.range.start);
      const end = Math.max(start, lines.offsetAt(c.range.end));
      const change: OffsetChange = { start, deleteLength: end - start, insertText: c.text };
      const before = this._text;
      this._text = before.slice(0, start) + c.text + before.slice(end);
      this._lines = undefined;
      if (this.sourceFile) this.pendingJs.push(change);
      if (this.pyTree) this.pendingPy.push({ before, change });
    }
    this.version = version;
  }

  /** Replaces the whole text (e.g. a file changed on disk). */
  setText(text: string, version: number): void {
    this.applyChanges([{ text }], version);
  }

  private resetTrees(): void {
    this.jsCache = newStatementCache();
    this.sourceFile = undefined;
    this.pendingJs = [];
    this.pyTree?.delete();
    this.pyTree = undefined;
    this.pendingPy = [];
  }

  /** Brings the parse tree up to the current text; cheap when nothing changed. */
  private syncTrees(): void {
    const family = SYNTAX[this.file.language].family;
    if (family === 'js') {
      if (!this.sourceFile) this.sourceFile = parseJs(this.file.path, this._text, this.file.language);
      else if (this.pendingJs.length) this.sourceFile = updateJs(this.sourceFile, this._text, this.pendingJs);
      this.pendingJs = [];
    } else if (family === 'python' && pythonReady()) {
      if (!this.pyTree) this.pyTree = parsePython(this._text);
      else if (this.pendingPy.length) {
        this.pyTree = updatePython(
          this.pyTree,
          this.pendingPy.map((p) => p.before),
          this.pendingPy.map((p) => p.change),
          this._text,
        );
      }
      this.pendingPy = [];
    }
  }

  /**
   * Top-level statements of the last JS/TS run and how many replayed their per-statement memo
   * instead of being re-analyzed (undefined before the first JS/TS run). For tests and benchmarks.
   */
  get lastStatementRun(): { statements: number; replayed: number } | undefined {
    return this.jsCache.lastRun;
  }

  /**
   * Analyzes the current version. Results are cached per version and options object, so a
   * second call for the same version costs nothing.
   *
   * @param deadline `performance.now()` value after which analysis stops (not part of the cache key)
   */
  analyze(options: AnalyzeOptions, deadline?: number): AnalysisResult {
    if (this.lastResult && this.lastResult.version === this.version && this.lastResult.options === options) return this.lastResult.result;
    const result = this.analyzeUncached(deadline === undefined ? options : { ...options, deadline });
    this.lastResult = { version: this.version, options, result };
    return result;
  }

  private analyzeUncached(options: AnalyzeOptions): AnalysisResult {
    const started = performance.now();
    const size = this._text.length;
    if (size > options.config.maxFileBytes / 4 && Buffer.byteLength(this._text, 'utf8') > options.config.maxFileBytes) {
      this.resetTrees();
      return this.notice('too-large', 'redline/file-too-large', { size: Buffer.byteLength(this._text, 'utf8'), limit: options.config.maxFileBytes }, options, started);
    }
    if (looksBinary(this._text)) {
      this.resetTrees();
      return { findings: [], status: 'binary', durationMs: performance.now() - started };
    }
    // A file nested deeper than the parsers (or a detector) can follow overflows the stack; the
    // text-based rules (secrets, patterns, config formats) still run, and a notice says so.
    let tooDeep = false;
    try {
      if (!options.prefilter || familyNeedsTree(this._text, this.file, options)) this.syncTrees();
    } catch (e) {
      if (!isStackOverflow(e)) throw e;
      this.resetTrees();
      tooDeep = true;
    }
    const text = this._text;
    const input = {
      file: this.file,
      text,
      lines: this.lines,
      ...(this.sourceFile ? { sourceFile: this.sourceFile } : {}),
      ...(this.pyTree ? { pyTree: this.pyTree } : {}),
      jsCache: this.jsCache,
      lexed: () => {
        if (this.lexedCache?.text !== text) this.lexedCache = { text, lexed: lex(text, SYNTAX[this.file.language]) };
        return this.lexedCache.lexed;
      },
    };
    if (!tooDeep) {
      try {
        return analyzeParsed(input, options);
      } catch (e) {
        if (!isStackOverflow(e)) throw e;
        // A detector overflowed mid-walk: its memo may be half-written, start the next run afresh.
        this.resetTrees();
      }
    }
    const { sourceFile: _sf, pyTree: _py, ...textOnly } = { ...input, jsCache: this.jsCache };
    return this.withNestingNotice(analyzeParsed(textOnly, options), options);
  }

  /** Adds the "nested too deeply" notice (unless the run was already cut short and says so). */
  private withNestingNotice(result: AnalysisResult, options: AnalyzeOptions): AnalysisResult {
    if (result.status === 'truncated') return result;
    const c = new FindingCollector(this.file, this.lines, options.catalog, options.config);
    if (c.enabled('redline/analysis-truncated')) {
      c.report({ ruleId: 'redline/analysis-truncated', start: 0, end: 0, message: NESTING_MESSAGE, properties: { reason: 'nesting' } });
    }
    return { ...result, findings: [...c.findings, ...result.findings], status: 'truncated' };
  }

  private notice(status: AnalysisResult['status'], ruleId: string, args: Record<string, number>, options: AnalyzeOptions, started: number): AnalysisResult {
    const c = new FindingCollector(this.file, this.lines, options.catalog, options.config);
    if (c.enabled(ruleId)) c.report({ ruleId, start: 0, end: 0, args });
    return { findings: c.findings, status, durationMs: performance.now() - started };
  }

  /** True while a parse tree is held (for memory accounting by the host). */
  get hasTree(): boolean {
    return !!this.sourceFile || !!this.pyTree;
  }

  /**
   * Drops the parse tree but keeps the text; the next analysis parses from scratch. Hosts call
   * this for documents that are open but idle, so memory grows with the text of open files,
   * not with their trees (a 2,000-line file's TypeScript tree is a few MB).
   */
  releaseTrees(): void {
    this.resetTrees();
    this.lexedCache = undefined;
  }

  /** Frees the tree-sitter tree (wasm memory is not garbage-collected). */
  dispose(): void {
    this.resetTrees();
    this.lexedCache = undefined;
    this.lastResult = undefined;
  }
}

/**
 * The result for a file too large to analyze, without reading it: one `redline/file-too-large`
 * notice at the start of the file. `bytes` is the file size on disk.
 */
export function fileTooLarge(file: FileFacts, bytes: number, options: AnalyzeOptions): AnalysisResult {
  const c = new FindingCollector(file, new LineIndex(''), options.catalog, options.config);
  if (c.enabled('redline/file-too-large')) c.report({ ruleId: 'redline/file-too-large', start: 0, end: 0, args: { size: bytes, limit: options.config.maxFileBytes } });
  return { findings: c.findings, status: 'too-large', durationMs: 0 };
}

/** Analyzes a text once (CLI, tests). Python needs `initEngine()` to have resolved. */
export function analyzeText(file: FileFacts, text: string, options: AnalyzeOptions): AnalysisResult {
  const doc = new EngineDocument(file, text);
  try {
    return doc.analyze(options);
  } finally {
    doc.dispose();
  }
}
