import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DiagnosticSeverity,
  ErrorCodes,
  MarkupKind,
  ResponseError,
  type Connection,
  type Hover,
  type Position,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ResolvedConfig } from '../engine/config';
import { toRelPath } from '../engine/files';
import type { ConfigProblem } from '../engine/problems';
import { formatFieldPath } from '../engine/problems';
import { comparePositions } from '../engine/text';
import type { Finding, Severity } from '../engine/types';
import { SEVERITY_RANK } from '../engine/types';
import {
  adjustFindingsForRegions,
  appendTraceRecord,
  describeOrigin,
  isHighRisk,
  readTraceRecords,
  RegionService,
  traceRecordForRegions,
  TRACE_FILE,
  type Region,
  type TraceCursor,
  type TraceEntry,
} from '../regions';
import { Commands, IdArgsSchema, ListArgsSchema, RegionsChangedNotification, TagArgsSchema, type RegionSummary } from '../protocol/messages';
import type { DocumentStore, OpenDocument } from './documents';
import { z } from 'zod';

interface RootState {
  root: string;
  service: RegionService;
  /** Resolves once the index has been loaded from disk. */
  ready: Promise<void>;
  traceCursor: TraceCursor;
  /** Agent Trace entries that named an open document not yet reloaded; retried on its next change. */
  deferred: TraceEntry[];
  flushTimer?: NodeJS.Timeout;
}

const FLUSH_DELAY_MS = 500;

/**
 * AI-region tracking in the language server. The server owns document state, so it owns
 * regions: it shifts them through every change, re-anchors them when files change on disk,
 * persists them to `.redline/regions.json` (debounced, merged with other windows), writes an
 * Agent Trace record when a region is tagged, imports records other tools' hooks append, and
 * answers the `redline.aiRegions.*` commands. Findings inside unreviewed regions are raised.
 */
export class RegionsFeature {
  private reviewer: { name?: string | undefined; email?: string | undefined } = {};
  private readonly roots = new Map<string, RootState>();
  private readonly findings = new Map<string, Finding[]>();
  private notifyTimer: NodeJS.Timeout | undefined;
  private readonly pendingUris = new Set<string>();
  private readonly problemFiles = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly docs: DocumentStore,
    private readonly rootPaths: () => string[],
    private readonly configFor: (root: string) => ResolvedConfig,
    private readonly trusted: () => boolean,
    private readonly onCount: (unreviewed: number) => void,
    private readonly republish: (uri: string) => void,
  ) {}

  setReviewer(r: { name?: string | undefined; email?: string | undefined }): void {
    this.reviewer = r;
  }

  /** Starts region tracking for new roots (trusted workspaces only) and imports their traces. */
  configure(): void {
    if (!this.trusted()) {
      this.onCount(0);
      return;
    }
    for (const root of this.rootPaths()) {
      if (this.roots.has(root)) continue;
      const service = new RegionService({ root, onChange: (paths) => this.changed(root, paths) });
      const state: RootState = {
        root,
        traceCursor: { offset: 0, line: 0 },
        deferred: [],
        service,
        ready: service.load().then(
          async (problems) => {
            this.report(root, problems);
            for (const d of this.docs.all()) if (d.root === root) this.onOpen(d);
            await this.importTraces(state, 'import');
          },
          (e: unknown) => this.connection.console.error(`redline: could not load AI regions of ${root}: ${(e as Error).message}`),
        ),
      };
      this.roots.set(root, state);
    }
  }

  private stateFor(d: { root: string | undefined }): RootState | undefined {
    return d.root ? this.roots.get(d.root) : undefined;
  }

  private relPath(d: OpenDocument): string {
    return toRelPath(d.path, d.root);
  }

  /** Something changed in `paths`: tell the client (debounced), persist (debounced), re-publish. */
  private changed(root: string, paths: string[]): void {
    const state = this.roots.get(root);
    if (!state) return;
    for (const p of paths) {
      const uri = pathToFileURL(join(root, p)).href;
      this.pendingUris.add(uri);
      if (this.docs.get(uri)) this.republish(uri);
    }
    if (state.flushTimer) clearTimeout(state.flushTimer);
    state.flushTimer = setTimeout(() => void this.flush(state), FLUSH_DELAY_MS);
    if (!this.notifyTimer) {
      this.notifyTimer = setTimeout(() => {
        this.notifyTimer = undefined;
        const uris = [...this.pendingUris];
        this.pendingUris.clear();
        void this.connection.sendNotification(RegionsChangedNotification, { uris });
        this.onCount(this.unreviewedCount());
      }, 50);
    }
  }

  private async flush(state: RootState): Promise<void> {
    state.flushTimer = undefined;
    try {
      this.report(state.root, await state.service.flush());
    } catch (e) {
      void this.connection.window.showErrorMessage(`Redline could not save AI regions: ${(e as Error).message}`);
    }
  }

  /** Publishes region-index problems as diagnostics on the index file, plus a notification. */
  private report(root: string, problems: ConfigProblem[]): void {
    const file = join(root, '.redline', 'regions.json');
    const list = problems.filter((p) => p.file.startsWith(root));
    if (list.length === 0 && !this.problemFiles.has(file)) return;
    this.problemFiles.add(file);
    const byFile = new Map<string, ConfigProblem[]>();
    for (const p of list) byFile.set(p.file, [...(byFile.get(p.file) ?? []), p]);
    if (!byFile.has(file)) byFile.set(file, []);
    for (const [f, ps] of byFile) {
      void this.connection.sendDiagnostics({
        uri: pathToFileURL(f).href,
        diagnostics: ps.map((p) => ({
          range: p.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          severity: p.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
          source: 'redline',
          code: 'redline/config-problem',
          message: `${formatFieldPath(p.fieldPath)}: ${p.message}`,
        })),
      });
    }
    if (list.length) void this.connection.window.showWarningMessage(`Redline: ${list[0]!.file}: ${list[0]!.message}${list.length > 1 ? ` (and ${list.length - 1} more)` : ''}`);
  }

  private unreviewedCount(): number {
    let n = 0;
    for (const s of this.roots.values()) n += s.service.list().filter((r) => r.status === 'unreviewed' || r.status === 'stale').length;
    return n;
  }

  /** Tracks the document when it has regions or `@ai-generated` markers (others cost nothing). */
  onOpen(d: OpenDocument): void {
    const state = this.stateFor(d);
    if (!state) return;
    const path = this.relPath(d);
    const text = d.doc.getText();
    if (state.service.list(path).length || text.includes('@ai-generated')) {
      state.service.openDocument(path, text);
      this.pendingUris.add(d.uri);
      this.changed(state.root, [path]);
    }
  }

  onChange(d: OpenDocument, before: TextDocument, changes: TextDocumentContentChangeEvent[]): void {
    const state = this.stateFor(d);
    if (!state) return;
    const path = this.relPath(d);
    const tracked = state.service.list(path).length > 0 || changes.some((c) => c.text.includes('@ai-generated'));
    if (!tracked) return;
    state.service.changeDocument(
      path,
      changes.map((c) => ('range' in c ? { range: c.range, text: c.text } : { text: c.text })),
      before.getText(),
    );
    if (state.deferred.length) {
      const retry = state.deferred.splice(0);
      const res = state.service.importTraces(retry, (p) => readDisk(state.root, p), 'agent-hook');
      state.deferred.push(...res.deferred);
    }
  }

  onClose(uri: string): void {
    this.findings.delete(uri);
    for (const state of this.roots.values()) {
      const path = toRelPath(decodeURIComponent(new URL(uri).pathname), state.root);
      state.service.closeDocument(path);
    }
  }

  /** Watched files changed: another window's index (merge it in) or new Agent Trace records. */
  onFilesChanged(uris: string[]): void {
    for (const state of this.roots.values()) {
      if (uris.some((u) => u.endsWith('/.redline/regions.json') && u.startsWith(pathToFileURL(state.root).href))) void this.flush(state);
      if (uris.some((u) => u.endsWith('/.agent-trace/traces.jsonl') && u.startsWith(pathToFileURL(state.root).href))) void this.importTraces(state, 'agent-hook');
    }
  }

  /** Reads Agent Trace records appended since the last read and turns them into regions. */
  private async importTraces(state: RootState, method: 'agent-hook' | 'import'): Promise<void> {
    const file = join(state.root, TRACE_FILE);
    if (!existsSync(file)) return;
    try {
      const res = await readTraceRecords(file, state.traceCursor);
      state.traceCursor = res.cursor;
      // Every record, as the CLI reads them: `redline trace` (agent hooks) writes Redline
      // metadata too. Records Redline wrote when tagging are skipped by their region ids (known
      // or tombstoned) in regionsFromTraceRecord.
      const out = state.service.importTraces(res.records, (p) => readDisk(state.root, p), method);
      state.deferred.push(...out.deferred);
      if (res.problems.length) this.report(state.root, res.problems);
    } catch (e) {
      this.connection.console.warn(`redline: could not read ${file}: ${(e as Error).message}`);
    }
  }

  /** Remembers a document's findings (for region summaries). */
  noteFindings(uri: string, findings: Finding[]): void {
    this.findings.set(uri, findings);
  }

  /** Findings with their AI-region context: raised one level inside unreviewed/stale regions. */
  adjust(uri: string, findings: Finding[]): { finding: Finding; regionId?: string }[] {
    const d = this.docs.get(uri);
    const state = d && this.stateFor(d);
    if (!d || !state || findings.length === 0) return findings.map((finding) => ({ finding }));
    const { regions } = state.service.regionsFor(this.relPath(d));
    if (regions.length === 0) return findings.map((finding) => ({ finding }));
    return adjustFindingsForRegions(findings, regions, this.configFor(state.root)).map((a) => ({ finding: a.finding, ...(a.regionId ? { regionId: a.regionId } : {}) }));
  }

  hover(uri: string, pos: Position): Hover | null {
    const d = this.docs.get(uri);
    const state = d && this.stateFor(d);
    if (!d || !state) return null;
    const { regions } = state.service.regionsFor(this.relPath(d));
    const r = regions.find((x) => x.status !== 'orphaned' && comparePositions(x.range.start, pos) <= 0 && comparePositions(pos, x.range.end) <= 0);
    if (!r) return null;
    const lines = [`**AI-generated** by ${describeOrigin(r)} · ${r.origin.method}`, `Status: **${r.status}**`, `Tagged ${ago(r.createdAt)}`];
    if (r.review) lines.push(`Reviewed by ${r.review.by.name || r.review.by.email || 'unknown'}${r.review.by.email ? ` <${r.review.by.email}>` : ''} ${ago(r.review.at)}${r.status === 'stale' ? ' (the code changed since)' : ''}`);
    return { contents: { kind: MarkupKind.Markdown, value: lines.join('  \n') }, range: r.range };
  }

  /** Handles the `redline.aiRegions.*` commands. */
  async execute(command: string, args: unknown[]): Promise<unknown> {
    await Promise.all([...this.roots.values()].map((s) => s.ready));
    const arg = args[0];
    switch (command) {
      case Commands.tagRegion: {
        const a = parse(TagArgsSchema, arg);
        const { state, path, text } = this.locate(a.uri);
        if (!state.service.list(path).length) state.service.openDocument(path, text);
        let region: Region;
        try {
          region = state.service.tag({ path, range: a.range, origin: a.origin, text });
        } catch (e) {
          throw new ResponseError(ErrorCodes.InvalidParams, (e as Error).message);
        }
        const record = traceRecordForRegions([{ region, text }], { revision: gitRevision(state.root), redlineVersion: process.env.REDLINE_VERSION ?? '0.1.0' });
        await appendTraceRecord(state.root, record).catch((e: Error) => this.connection.console.warn(`redline: could not append Agent Trace record: ${e.message}`));
        await this.flush(state);
        return this.summaries(state, [region])[0];
      }
      case Commands.listRegions: {
        const a = parse(ListArgsSchema, arg ?? {});
        const out: RegionSummary[] = [];
        for (const state of this.roots.values()) {
          this.syncClosedFiles(state);
          let regions = state.service.list();
          const openAnnotated = this.docs.all().filter((d) => d.root === state.root).flatMap((d) => state.service.regionsFor(this.relPath(d)).regions.filter((r) => r.origin.method === 'annotation'));
          regions = [...regions, ...openAnnotated];
          if (a.uri) regions = regions.filter((r) => pathToFileURL(join(state.root, r.path)).href === a.uri);
          out.push(...this.summaries(state, regions));
        }
        return out;
      }
      case Commands.markReviewed:
      case Commands.markUnreviewed: {
        const a = parse(IdArgsSchema, arg);
        const state = this.ownerOf(a.id);
        if (command === Commands.markReviewed) {
          const res = state.service.markReviewed([a.id], this.reviewerFor(state.root));
          if (!res.reviewed.length) throw new ResponseError(ErrorCodes.InvalidParams, `region ${a.id} cannot be reviewed (orphaned or unknown)`);
        } else state.service.markUnreviewed([a.id]);
        await this.flush(state);
        return this.summaries(state, [state.service.get(a.id)!])[0];
      }
      case Commands.removeRegion: {
        const a = parse(IdArgsSchema, arg);
        const state = this.ownerOf(a.id);
        const removed = state.service.remove([a.id]);
        await this.flush(state);
        return { removed: removed.length };
      }
      default:
        throw new ResponseError(ErrorCodes.InvalidParams, `unknown command ${command}`);
    }
  }

  /** Re-anchors regions of closed files against their text on disk (changed by git or an agent). */
  private syncClosedFiles(state: RootState): void {
    const open = new Set(this.docs.all().filter((d) => d.root === state.root).map((d) => this.relPath(d)));
    for (const path of new Set(state.service.list().map((r) => r.path))) {
      if (open.has(path)) continue;
      state.service.fileChangedOnDisk(path, readDisk(state.root, path));
    }
  }

  private locate(uri: string): { state: RootState; path: string; text: string } {
    if (!this.trusted()) throw new ResponseError(ErrorCodes.InvalidRequest, 'AI regions are not tracked in an untrusted workspace');
    const d = this.docs.get(uri);
    let state = d ? this.stateFor(d) : undefined;
    let text = d?.doc.getText();
    let path = d ? this.relPath(d) : undefined;
    if (!state) {
      const fsPath = decodeURIComponent(new URL(uri).pathname);
      state = [...this.roots.values()].filter((s) => fsPath.startsWith(s.root)).sort((a, b) => b.root.length - a.root.length)[0];
      if (state) {
        path = toRelPath(fsPath, state.root);
        text = readDisk(state.root, path);
      }
    }
    if (!state || path === undefined || text === undefined) throw new ResponseError(ErrorCodes.InvalidParams, `${uri} is not a file in an open workspace folder`);
    return { state, path, text };
  }

  private ownerOf(id: string): RootState {
    for (const s of this.roots.values()) if (s.service.get(id)) return s;
    for (const s of this.roots.values()) {
      for (const d of this.docs.all().filter((x) => x.root === s.root)) {
        if (s.service.regionsFor(this.relPath(d)).regions.some((r) => r.id === id)) return s;
      }
    }
    throw new ResponseError(ErrorCodes.InvalidParams, `no AI region with id ${id}`);
  }

  private reviewerFor(root: string): { name: string; email: string } {
    const cfg = (key: string) => spawnSync('git', ['-C', root, 'config', key], { encoding: 'utf8' }).stdout?.trim() || undefined;
    return { name: cfg('user.name') ?? this.reviewer.name ?? userInfo().username, email: cfg('user.email') ?? this.reviewer.email ?? '' };
  }

  private summaries(state: RootState, regions: Region[]): RegionSummary[] {
    const config = this.configFor(state.root);
    const withDomains = state.service.withDomains(regions, config, (p) => {
      const d = this.docs.get(pathToFileURL(join(state.root, p)).href);
      return d ? d.doc.getText() : readDisk(state.root, p);
    });
    return withDomains.map((r) => {
      const uri = pathToFileURL(join(state.root, r.path)).href;
      const inside = (this.findings.get(uri) ?? []).filter((f) => f.category !== 'redline' && comparePositions(r.range.start, f.range.start) <= 0 && comparePositions(f.range.start, r.range.end) <= 0);
      let highest: Severity | null = null;
      for (const f of inside) if (!highest || SEVERITY_RANK[f.severity] > SEVERITY_RANK[highest]) highest = f.severity;
      const endsAtLineStart = r.range.end.character === 0 && r.range.end.line > r.range.start.line;
      const summary: RegionSummary = {
        id: r.id,
        uri,
        path: r.path,
        range: r.range,
        status: r.status,
        origin: { tool: r.origin.tool, method: r.origin.method, ...(r.origin.model ? { model: r.origin.model } : {}) },
        createdAt: r.createdAt,
        domains: r.domains,
        highRisk: isHighRisk(r, config),
        lines: r.range.end.line - r.range.start.line + (endsAtLineStart ? 0 : 1),
        findings: { count: inside.length, highestSeverity: highest },
      };
      if (r.review) summary.review = { by: r.review.by, at: r.review.at };
      if (r.orphan) summary.orphanReason = r.orphan.reason;
      return summary;
    });
  }

  dispose(): void {
    for (const s of this.roots.values()) {
      if (s.flushTimer) clearTimeout(s.flushTimer);
      if (s.service.isDirty) void s.service.flush().catch(() => undefined);
    }
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new ResponseError(ErrorCodes.InvalidParams, `invalid arguments: ${r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  return r.data;
}

function readDisk(root: string, relPath: string): string | undefined {
  try {
    return readFileSync(join(root, relPath), 'utf8');
  } catch {
    return undefined;
  }
}

const revisions = new Map<string, { at: number; rev: string | undefined }>();
/** HEAD's commit (cached for 10 s), for Agent Trace `vcs.revision`. Local git only. */
function gitRevision(root: string): string | undefined {
  const hit = revisions.get(root);
  if (hit && Date.now() - hit.at < 10_000) return hit.rev;
  const r = spawnSync('git', ['-C', root, 'rev-parse', 'HEAD'], { encoding: 'utf8' });
  const rev = r.status === 0 ? r.stdout.trim() : undefined;
  revisions.set(root, { at: Date.now(), rev });
  return rev;
}

function ago(iso: string): string {
  const s = Math.max(0, (Date.now() - Date.parse(iso)) / 1000);
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86400)} days ago`;
}
