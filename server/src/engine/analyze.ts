import type ts from 'typescript';
import type { Tree } from 'web-tree-sitter';
import type { z } from 'zod';
import type { Rule, RuleCatalog } from './catalog/catalog';
import type { ResolvedConfig } from './config';
import { effectiveSeverity } from './config';
import { DeadlineExceeded, EMPTY_PROJECT, FindingCollector, type FileFacts, type ProjectFacts } from './context';
import type { BaseContext, Detector, JsDetector, JsVisitor, PyDetector, PyVisitor, TextDetector } from './detector';
import { DETECTORS } from './detectors';
import { SYNTAX } from './languages';
import { lex, type Lexed } from './lexer';
import { fromCached, outlineKey, sameAnalysisOptions, takeReadOutside, toCached, type CachedFinding, type JsStatementCache } from './js/statementCache';
import { runPatternRules } from './patterns';
import { pythonReady } from './python/parse';
import { findSuppressions, suppressionCovers } from './suppress';
import { LineIndex } from './text';
import type { Finding, Fix, LanguageId } from './types';
import { lowerSeverity } from './types';

/** Why a file was not (fully) analyzed. `ok` means every detector ran to completion. */
export type AnalysisStatus = 'ok' | 'truncated' | 'too-large' | 'binary' | 'python-not-ready';

/** Inputs every analysis needs besides the text. */
export interface AnalyzeOptions {
  catalog: RuleCatalog;
  config: ResolvedConfig;
  project?: ProjectFacts;
  /** `performance.now()` value after which analysis stops and reports what it has. */
  deadline?: number;
  /** ISO date (YYYY-MM-DD) deciding whether `until` suppressions have expired; defaults to today (UTC). */
  today?: string;
  /**
   * Apply detectors' text prefilters (skip detectors, and parsing, that cannot find anything in
   * the file). For whole-tree scans; the editor analyzes open files in full.
   */
  prefilter?: boolean;
}

/** What one analysis run produced. Findings are sorted by position. */
export interface AnalysisResult {
  findings: Finding[];
  status: AnalysisStatus;
  /** Wall-clock time of the run in ms. */
  durationMs: number;
}

/** The parse trees an analysis runs on; produced and cached by `EngineDocument`. */
export interface ParsedInput {
  file: FileFacts;
  text: string;
  lines: LineIndex;
  sourceFile?: ts.SourceFile;
  pyTree?: Tree;
  /** Lexed lazily: only text detectors, pattern rules and texts holding a suppression directive need it. */
  lexed: () => Lexed;
  /** Per-document memo of statement-local detectors (absent for one-shot analysis). */
  jsCache?: JsStatementCache;
}

const optionCache = new WeakMap<Rule, unknown>();

/**
 * True when some enabled detector of the file's family could report something in `text`
 * (see `Detector.prefilter`): otherwise a whole-tree scan need not parse the file.
 */
export function familyNeedsTree(text: string, file: FileFacts, options: AnalyzeOptions): boolean {
  const family = SYNTAX[file.language].family;
  if (family === 'pattern') return false;
  const want = family === 'js' ? 'js' : 'python';
  return DETECTORS.some(
    (d) =>
      d.family === want &&
      d.rules.some((r) => {
        const rule = options.catalog.get(r);
        return !!rule && effectiveSeverity(options.config, r, rule.severity) !== null;
      }) &&
      (!d.prefilter || d.prefilter(text, file, options.project ?? EMPTY_PROJECT)),
  );
}

/** Heuristic shared with git: NUL bytes or many control characters early in the text mean binary. */
export function looksBinary(text: string): boolean {
  const sample = text.length > 8000 ? text.slice(0, 8000) : text;
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0xfffd) control++;
    else if (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12 && c !== 27) control++;
  }
  return sample.length > 0 && control / sample.length > 0.1;
}

/**
 * Runs every enabled detector and pattern rule on a parsed file, then applies suppression
 * comments, severity overrides, the test-path downgrade and the "ignore on this line" fix.
 * Never throws for any input text; a spent budget yields `truncated` with the findings so far
 * plus one information finding saying so.
 */
export function analyzeParsed(input: ParsedInput, options: AnalyzeOptions): AnalysisResult {
  const started = performance.now();
  const { file, lines } = input;
  const collector = new FindingCollector(file, lines, options.catalog, options.config, options.deadline ?? Infinity);
  let status: AnalysisStatus = 'ok';
  const syntax = SYNTAX[file.language];
  const base: BaseContext = {
    text: input.text,
    lines,
    file,
    project: options.project ?? EMPTY_PROJECT,
    config: options.config,
    report: (f) => collector.report(f),
    enabled: (id) => collector.enabled(id),
    checkDeadline: () => collector.checkDeadline(),
    options: <T>(ruleId: string, schema: z.ZodType<T>): T => {
      const rule = options.catalog.get(ruleId);
      if (!rule) throw new Error(`unknown rule ${ruleId}`);
      if (!optionCache.has(rule)) optionCache.set(rule, schema.parse(rule.options ?? {}));
      return optionCache.get(rule) as T;
    },
    rule: (id) => options.catalog.get(id),
    collector,
  };
  // Lexed once per run at most, shared by text detectors, pattern rules and the suppression
  // scan (which needs it only when the text holds a directive after a comment marker).
  let lexed: Lexed | undefined;
  const getLexed = () => (lexed ??= input.lexed());
  const active = (d: Detector) => d.rules.some((r) => collector.enabled(r)) && (!options.prefilter || !d.prefilter || d.prefilter(input.text, file, options.project ?? EMPTY_PROJECT));
  try {
    if (syntax.family === 'js' && input.sourceFile) {
      runJs(DETECTORS.filter((d): d is JsDetector => d.family === 'js' && active(d)), { ...base, sourceFile: input.sourceFile }, collector, input.jsCache, options);
    } else if (syntax.family === 'python') {
      if (input.pyTree) runPy(DETECTORS.filter((d): d is PyDetector => d.family === 'python' && active(d)), { ...base, tree: input.pyTree }, collector);
      else if (!pythonReady()) status = 'python-not-ready';
      // (No tree and Python ready: the prefilter found nothing for the Python detectors.)
    }
    const textDetectors = DETECTORS.filter(
      (d): d is TextDetector =>
        d.family === 'text' && active(d) && (d.languages === 'all' || (d.languages === 'config' ? syntax.config : d.languages.includes(file.language))),
    );
    for (const d of textDetectors) {
      d.run({
        ...base,
        get lexed() {
          return getLexed();
        },
      });
    }
    runPatternRules(options.catalog.forLanguage(file.language), file.language, input.text, getLexed, collector);
  } catch (e) {
    if (!(e instanceof DeadlineExceeded)) throw e;
    status = 'truncated';
  }
  let findings = postProcess(collector.findings, input, options, getLexed);
  if (status === 'truncated' && collector.enabled('redline/analysis-truncated')) {
    const notice = new FindingCollector(file, lines, options.catalog, options.config);
    notice.report({ ruleId: 'redline/analysis-truncated', start: 0, end: 0, args: { budget: options.config.timeBudgetMs } });
    findings = [...notice.findings, ...findings];
  }
  return { findings, status, durationMs: performance.now() - started };
}

function runJs(detectors: JsDetector[], ctx: Parameters<JsDetector['create']>[0], collector: FindingCollector, cache: JsStatementCache | undefined, options: AnalyzeOptions): void {
  if (detectors.length === 0) return;
  const sf = ctx.sourceFile;
  if (cache && !sameAnalysisOptions(cache.options, options)) {
    cache.options = options;
    cache.entries = new WeakMap();
    cache.outlineKey = undefined;
  }
  const key = cache ? outlineKey(sf, cache) : undefined;
  if (cache && cache.outlineKey !== key) {
    // Something outside function bodies changed: every statement-local result may change.
    cache.entries = new WeakMap();
    cache.outlineKey = key;
  }
  // Statement-local detectors report through a capture so their findings can be replayed.
  let current: ts.Statement | undefined;
  const locals: { name: string; visitor: JsVisitor; capture: CachedFinding[] | null | undefined }[] = [];
  const globals: JsVisitor[] = [];
  for (const d of detectors) {
    if (cache && d.statementLocal) {
      const entry = { name: d.name, visitor: undefined as unknown as JsVisitor, capture: undefined as CachedFinding[] | null | undefined };
      entry.visitor = d.create({
        ...ctx,
        report: (raw) => {
          if (entry.capture && current) {
            const c = toCached(raw, current, ctx.lines);
            if (c) entry.capture.push(c);
            else entry.capture = null;
          }
          collector.report(raw);
        },
      });
      locals.push(entry);
    } else globals.push(d.create(ctx));
  }
  const tableOf = (visitors: JsVisitor[]) => {
    const table = new Map<number, ((node: ts.Node) => void)[]>();
    for (const v of visitors) {
      for (const [kind, fn] of Object.entries(v.visit)) {
        if (!fn) continue;
        const k = Number(kind);
        const list = table.get(k);
        if (list) list.push(fn);
        else table.set(k, [fn]);
      }
    }
    return table;
  };
  const allVisitors = [...globals, ...locals.map((l) => l.visitor)];
  const full = tableOf(allVisitors);
  // The file node itself (not cached: it is not inside a statement).
  for (const h of full.get(sf.kind) ?? []) h(sf);
  const globalTable = tableOf(globals);
  const globalKinds = [...globalTable.keys()].sort().join(',');
  let replayed = 0;
  for (const s of sf.statements) {
    current = s;
    const entry = cache?.entries.get(s);
    const running: typeof locals = [];
    for (const l of locals) {
      const hit = entry?.get(l.name);
      if (hit) for (const c of hit) collector.report(fromCached(c, s, ctx.lines));
      else {
        l.capture = hit === null ? null : [];
        running.push(l);
      }
    }
    if (running.length === 0 && cache) {
      replayed++;
      // Only whole-file detectors need this statement: dispatch its cached node list.
      if (globalTable.size) {
        let list = cache.nodeLists.get(s);
        if (!list || list.kinds !== globalKinds) {
          list = { kinds: globalKinds, nodes: [] };
          const nodes = list.nodes;
          walk(s, globalTable, collector, (n) => nodes.push(n));
          cache.nodeLists.set(s, list);
        } else {
          for (const n of list.nodes) {
            collector.checkDeadline();
            for (const h of globalTable.get(n.kind)!) h(n);
          }
        }
      }
    } else {
      const table = running.length === locals.length ? full : tableOf([...globals, ...running.map((l) => l.visitor)]);
      takeReadOutside();
      if (table.size) walk(s, table, collector);
      if (takeReadOutside()) for (const l of running) l.capture = null;
    }
    if (cache && running.length) {
      const next = entry ?? new Map<string, CachedFinding[] | null>();
      for (const l of running) next.set(l.name, l.capture ?? null);
      cache.entries.set(s, next);
    }
    for (const l of running) l.capture = undefined;
  }
  current = undefined;
  if (cache) cache.lastRun = { statements: sf.statements.length, replayed };
  for (const v of allVisitors) v.finish?.();
}

/**
 * Iterative pre-order walk: deep nesting (10,000 levels) must not overflow the stack.
 * `onMatch` sees every node that had handlers, in order (to cache the statement's node list).
 */
function walk(root: ts.Node, table: Map<number, ((node: ts.Node) => void)[]>, collector: FindingCollector, onMatch?: (node: ts.Node) => void): void {
  const stack: ts.Node[] = [root];
  const children: ts.Node[] = [];
  const collect = (c: ts.Node) => {
    children.push(c);
  };
  while (stack.length) {
    const node = stack.pop()!;
    collector.checkDeadline();
    const handlers = table.get(node.kind);
    if (handlers) {
      onMatch?.(node);
      for (const h of handlers) h(node);
    }
    children.length = 0;
    node.forEachChild(collect);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
}

function runPy(detectors: PyDetector[], ctx: Parameters<PyDetector['create']>[0], collector: FindingCollector): void {
  if (detectors.length === 0) return;
  const visitors: PyVisitor[] = detectors.map((d) => d.create(ctx));
  const table = new Map<string, ((node: import('web-tree-sitter').Node) => void)[]>();
  for (const v of visitors) {
    for (const [type, fn] of Object.entries(v.visit)) {
      if (!fn) continue;
      const list = table.get(type);
      if (list) list.push(fn);
      else table.set(type, [fn]);
    }
  }
  const cursor = ctx.tree.walk();
  try {
    for (;;) {
      collector.checkDeadline();
      const handlers = table.get(cursor.nodeType);
      if (handlers) {
        const node = cursor.currentNode;
        for (const h of handlers) h(node);
      }
      if (cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return finishPy(visitors);
      }
    }
  } finally {
    cursor.delete();
  }
}

function finishPy(visitors: PyVisitor[]): void {
  for (const v of visitors) v.finish?.();
}

/** Today's date in UTC as YYYY-MM-DD. */
export function isoToday(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

function postProcess(raw: Finding[], input: ParsedInput, options: AnalyzeOptions, lexed: () => Lexed): Finding[] {
  const { lines, file } = input;
  const today = options.today ?? isoToday();
  const suppressions = findSuppressions(input.text, lines, today, lexed);
  const out: Finding[] = [];
  const notices = new FindingCollector(file, lines, options.catalog, options.config);
  for (const f of raw) {
    const sIndex = suppressions.findIndex((s) => s.line + 1 === f.range.start.line && !s.malformed && suppressionCovers(s, f.ruleId));
    if (sIndex >= 0) {
      if (!suppressions[sIndex]!.expired) continue;
    }
    const rule = options.catalog.get(f.ruleId);
    const sev = effectiveSeverity(options.config, f.ruleId, f.severity);
    if (sev === null) continue;
    let severity = sev;
    let message = f.message;
    if (file.isTest && f.category !== 'redline') {
      severity = lowerSeverity(severity);
      message += ' (test or fixture path: reported at a lower severity)';
    }
    out.push({ ...f, severity, message, fixes: [...f.fixes, ...ignoreFixes(f, input, rule)] });
  }
  for (const s of suppressions) {
    const start = lines.offsetAt(s.range.start);
    const end = lines.offsetAt(s.range.end);
    if (s.malformed) notices.report({ ruleId: 'redline/malformed-suppression', start, end, args: { reason: s.malformed } });
    else if (s.expired) notices.report({ ruleId: 'redline/ignore-expired', start, end, args: { until: s.until ?? '' } });
    else if (!s.reason) notices.report({ ruleId: 'redline/ignore-without-reason', start, end, args: { targets: s.targets.join(', ') } });
  }
  for (const n of notices.findings) {
    const sev = effectiveSeverity(options.config, n.ruleId, n.severity);
    if (sev !== null) out.push({ ...n, severity: sev });
  }
  return out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.ruleId.localeCompare(b.ruleId));
}

/** "Ignore on this line": a comment above the finding's first line in the file's comment syntax. */
function ignoreFixes(f: Finding, input: ParsedInput, rule: Rule | undefined): Fix[] {
  if (f.category === 'redline' || !rule) return [];
  const { lines, file } = input;
  const syntax = SYNTAX[file.language];
  if (file.language === 'json') return [];
  const line = f.range.start.line;
  const indent = lines.indentation(line);
  const { prefix, suffix } = syntax.insertComment;
  const eol = lines.eol();
  return [
    {
      title: `Ignore ${f.ruleId} on this line`,
      isPreferred: false,
      applicability: 'unsafe',
      edits: [
        {
          range: { start: { line, character: 0 }, end: { line, character: 0 } },
          newText: `${indent}${prefix}redline-ignore-next-line ${f.ruleId} --${suffix ?? ''}${eol}`,
        },
      ],
    },
  ];
}

/** Convenience for one-shot use (CLI, tests): the language family decides the parse. */
export function languageFamily(language: LanguageId): 'js' | 'python' | 'pattern' {
  return SYNTAX[language].family;
}

export { lex };
