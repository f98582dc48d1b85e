import { readFileSync, statSync } from 'node:fs';
import { EngineDocument, analyzeText, fileTooLarge } from '../engine/document';
import { fileFacts } from '../engine/files';
import type { AnalyzeOptions } from '../engine/analyze';
import { initEngine } from '../engine';
import { loadWorkspace, type WorkspaceContext } from '../host/workspace';
import type { FileResult, FromWorker, ToWorker, WorkspaceSpec } from './protocol';

/**
 * Owns open documents and workspace contexts, and answers analysis requests. Runs inside a
 * worker thread for the language server (so analysis never blocks the LSP loop) and in-process
 * or in a pool for the CLI. Message-driven, synchronous per message.
 */
export class AnalysisHost {
  private readonly workspaces = new Map<string, { ctx: WorkspaceContext; options: AnalyzeOptions }>();
  private readonly docs = new Map<string, { doc: EngineDocument; root: string }>();
  /** Documents holding a parse tree, least recently analyzed first. */
  private readonly withTrees: string[] = [];

  /**
   * @param maxTrees parse trees kept for incremental re-analysis; older ones are released and
   *   re-parsed in full on their next change (the typing path keeps its tree). A 2,000-line
   *   file's tree is a few MB: with 200 documents open, 12 trees held ~30 MB more RSS than 4
   *   (bench/memory.mjs), and switching between more than 4 files costs one full parse.
   */
  constructor(
    private readonly send: (m: FromWorker) => void,
    private readonly maxTrees = 4,
  ) {}

  /** Marks `uri` as just analyzed and releases the trees of the least recent documents. */
  private touch(uri: string): void {
    const i = this.withTrees.indexOf(uri);
    if (i >= 0) this.withTrees.splice(i, 1);
    this.withTrees.push(uri);
    while (this.withTrees.length > this.maxTrees) {
      const old = this.withTrees.shift()!;
      this.docs.get(old)?.doc.releaseTrees();
    }
  }

  /** Loads the Python grammar; call (and await) before handling messages. */
  async init(): Promise<void> {
    await initEngine();
  }

  /** The workspace of `root`, loaded on first use with the given trust (untrusted: built-in rules only). */
  private workspace(root: string, trusted = false): { ctx: WorkspaceContext; options: AnalyzeOptions } {
    let w = this.workspaces.get(root);
    if (!w) w = this.configureOne({ root, trusted });
    return w;
  }

  private configureOne(spec: WorkspaceSpec): { ctx: WorkspaceContext; options: AnalyzeOptions } {
    const ctx = loadWorkspace(spec.root, { ...(spec.settings ? { settings: spec.settings } : {}), trusted: spec.trusted });
    const w = { ctx, options: { catalog: ctx.catalog, config: ctx.config, project: ctx.project } };
    const previous = this.workspaces.get(spec.root);
    this.workspaces.set(spec.root, w);
    // Custom rules hold RE2 patterns in wasm memory, which is not garbage-collected.
    if (previous && previous.ctx.catalog !== ctx.catalog) previous.ctx.catalog.dispose();
    return w;
  }

  handle(m: ToWorker): void {
    switch (m.type) {
      case 'configure': {
        const problems = m.workspaces.flatMap((spec) => this.configureOne(spec).ctx.problems);
        // Re-derive facts of open documents (test globs may have changed).
        for (const entry of this.docs.values()) {
          const w = this.workspace(entry.root);
          const facts = fileFacts(entry.doc.file.path, entry.root, w.ctx.config, undefined);
          if (facts) entry.doc.file = { ...facts, ...(entry.doc.file.vcs ? { vcs: entry.doc.file.vcs } : {}) };
        }
        this.send({ type: 'configured', requestId: m.requestId, problems });
        return;
      }
      case 'open': {
        const w = this.workspace(m.root, m.trusted);
        const facts = fileFacts(m.path, m.root, w.ctx.config, m.languageId);
        if (!facts) return;
        if (m.vcs) facts.vcs = m.vcs;
        this.docs.get(m.uri)?.doc.dispose();
        this.docs.set(m.uri, { doc: new EngineDocument(facts, m.text, m.version), root: m.root });
        return;
      }
      case 'change': {
        const entry = this.docs.get(m.uri);
        if (entry) entry.doc.applyChanges(m.changes, m.version);
        return;
      }
      case 'close': {
        this.docs.get(m.uri)?.doc.dispose();
        this.docs.delete(m.uri);
        const i = this.withTrees.indexOf(m.uri);
        if (i >= 0) this.withTrees.splice(i, 1);
        return;
      }
      case 'analyze': {
        const entry = this.docs.get(m.uri);
        if (!entry) {
          this.send({ type: 'result', requestId: m.requestId, result: { uri: m.uri, version: m.version, findings: [], status: 'ok', durationMs: 0 } });
          return;
        }
        const w = this.workspace(entry.root);
        const result = entry.doc.analyze(w.options, performance.now() + m.budgetMs);
        this.touch(m.uri);
        this.send({ type: 'result', requestId: m.requestId, result: { uri: m.uri, version: entry.doc.version, ...result } });
        return;
      }
      case 'analyzeFiles': {
        const w = this.workspace(m.root, true);
        const results = m.files.map((f) => analyzeFile(f, m.root, w, m.budgetMs));
        this.send({ type: 'fileResults', requestId: m.requestId, results });
        return;
      }
    }
  }
}

/** Reads and analyzes one file from disk. Never throws: unreadable files come back as such. */
export function analyzeFile(
  f: { path: string; relPath: string; vcs?: 'tracked' | 'ignored' | 'untracked' },
  root: string,
  w: { ctx: WorkspaceContext; options: AnalyzeOptions },
  budgetMs: number,
): FileResult {
  const started = performance.now();
  const facts = fileFacts(f.path, root, w.ctx.config);
  if (!facts) return { path: f.path, relPath: f.relPath, bytes: 0, findings: [], status: 'skipped', durationMs: 0 };
  if (f.vcs) facts.vcs = f.vcs;
  let text: string;
  let bytes = 0;
  try {
    bytes = statSync(f.path).size;
    if (bytes > w.ctx.config.maxFileBytes) {
      // Do not read huge files at all; report them by size.
      const res = fileTooLarge(facts, bytes, w.options);
      return { path: f.path, relPath: f.relPath, bytes, findings: res.findings, status: res.status, durationMs: performance.now() - started };
    }
    const buf = readFileSync(f.path);
    bytes = buf.length;
    text = buf.toString('utf8');
  } catch (e) {
    return { path: f.path, relPath: f.relPath, bytes, findings: [], status: 'unreadable', durationMs: performance.now() - started, error: (e as Error).message };
  }
  // Whole-tree scans use the detectors' prefilters (REDLINE_NO_PREFILTER=1 turns them off, for checks).
  const res = analyzeText(facts, text, { ...w.options, prefilter: process.env.REDLINE_NO_PREFILTER !== '1', ...(Number.isFinite(budgetMs) ? { deadline: performance.now() + budgetMs } : {}) });
  return { path: f.path, relPath: f.relPath, bytes, findings: res.findings, status: res.status, durationMs: res.durationMs };
}
