import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  DiagnosticSeverity,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
  type WorkspaceFolder,
} from 'vscode-languageserver';
import { resolveConfig, type EditorSettings, type ResolvedConfig } from '../engine/config';
import type { ConfigProblem } from '../engine/problems';
import { formatFieldPath } from '../engine/problems';
import { detectLanguage, isDotenvPath } from '../engine/languages';
import { WorkerPool, type DocumentSnapshot } from '../host/pool';
import { findWorkspaceRoot, gitStatus } from '../host/workspaceFiles';
import { toRelPath } from '../engine/files';
import {
  Commands,
  InitializationOptionsSchema,
  StatusNotification,
  TrustChangedNotification,
  TrustChangedSchema,
  type Status,
} from '../protocol/messages';
import { codeActions, FIX_ALL_KIND } from './codeActions';
import { toDiagnostic } from './diagnostics';
import { DocumentStore, uriToPath } from './documents';
import { AnalysisScheduler, type Outcome } from './scheduler';
import { scanWorkspace } from './scan';
import { fetchSettings } from './settings';
import { loadProjectConfig } from '../host/projectConfig';
import type { Finding } from '../engine/types';
import { RegionsFeature } from './regions';

/** Files whose change reloads configuration, rules or project facts. */
const WATCHED = ['**/.redline.json', '**/.redline/rules/**', '**/middleware.{ts,js}', '**/.gitignore', '**/settings.py', '**/.redline/regions.json', '**/.agent-trace/traces.jsonl'];

/**
 * Redline's language server: wires LSP to the analysis workers, one concern per module
 * (documents, scheduler, diagnostics, code actions, scan, regions). Holds no analysis itself.
 */
export function startServer(connection: Connection): void {
  let folders: { uri: string; path: string }[] = [];
  let capabilities: ClientCapabilities = {};
  let trusted = true;
  let settingsByRoot = new Map<string, EditorSettings>();
  let resolvedByRoot = new Map<string, ResolvedConfig>();
  const adHocRoots = new Set<string>();
  const configProblemFiles = new Set<string>();
  let lastProblemKey = '';
  let status: Status = { state: 'starting' };

  const rootFor = (path: string): string | undefined => {
    let best: string | undefined;
    for (const f of folders) if ((path === f.path || path.startsWith(f.path.endsWith(sep) ? f.path : f.path + sep)) && (!best || f.path.length > best.length)) best = f.path;
    if (best) return best;
    if (!path.startsWith(sep) && !/^[A-Za-z]:[\\/]/.test(path)) return undefined;
    return findWorkspaceRoot(dirname(path));
  };
  const docs = new DocumentStore(rootFor);

  const snapshot = (uri: string): DocumentSnapshot | undefined => {
    const d = docs.get(uri);
    if (!d || !d.root) return undefined;
    return { type: 'open', uri, path: d.path, root: d.root, languageId: d.languageId, text: d.doc.getText(), version: d.doc.version, trusted };
  };

  const sendStatus = (s: Partial<Status>) => {
    status = { ...status, ...s };
    void connection.sendNotification(StatusNotification, status);
  };

  // One worker holds the open documents: typing happens in one file at a time, and each worker
  // carries its own copy of the TypeScript compiler (~50 MB). Workspace scans get their own pool.
  const pool = new WorkerPool(join(__dirname, 'worker.js'), 1, snapshot, (e) => {
    if (e.kind === 'restarted') {
      connection.console.warn(`redline: ${e.reason}; analysis restarted`);
      sendStatus({ state: 'restarted', message: e.reason });
    } else connection.console.error(`redline: ${e.message}`);
  });

  const settingsFor = (uri: string) => {
    const d = docs.get(uri);
    const c = (d?.root && resolvedByRoot.get(d.root)) || resolveConfig(settingsByRoot.values().next().value);
    return { debounceMs: c.debounceMs, timeBudgetMs: c.timeBudgetMs };
  };

  const regions = new RegionsFeature(connection, docs, () => [...folders.map((f) => f.path), ...adHocRoots], (root) => resolvedByRoot.get(root) ?? resolveConfig(), () => trusted, (n) => sendStatus({ unreviewedRegions: n }), (uri) => republish(uri));

  const lastFindings = new Map<string, { version: number | null; findings: Finding[] }>();
  const publish = (uri: string, outcome: Outcome) => {
    if (outcome.kind === 'failed') {
      // The stack names Redline's code, not the document's text; the message may quote neither.
      connection.console.error(`redline: analysis of ${uri} failed: ${outcome.error.split('\n').slice(0, 8).join('\n')}`);
      const d: Diagnostic = {
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        severity: DiagnosticSeverity.Information,
        code: 'redline/analysis-truncated',
        source: 'redline',
        message: 'Redline could not analyze this version of the file (an internal error, logged in the Redline output). Edit the file to retry.',
      };
      void connection.sendDiagnostics({ uri, version: outcome.version, diagnostics: [d] });
      return;
    }
    if (outcome.kind === 'killed') {
      const d: Diagnostic = {
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        severity: DiagnosticSeverity.Information,
        code: 'redline/analysis-truncated',
        source: 'redline',
        message: `Redline stopped analyzing this file: ${outcome.reason}. Findings for this version are not shown; edit the file to retry, or exclude it with "ignore" in .redline.json.`,
      };
      void connection.sendDiagnostics({ uri, version: outcome.version, diagnostics: [d] });
      return;
    }
    lastFindings.set(uri, { version: outcome.version, findings: outcome.findings });
    sendDiagnostics(uri, outcome.version, outcome.findings);
  };
  const sendDiagnostics = (uri: string, version: number | null, findings: Finding[]) => {
    const adjusted = regions.adjust(uri, findings);
    void connection.sendDiagnostics({ uri, ...(version !== null ? { version } : {}), diagnostics: adjusted.map((a) => toDiagnostic(a.finding, uri, version, a.regionId ? { regionId: a.regionId } : undefined)) });
    regions.noteFindings(uri, findings);
  };
  const republish = (uri: string) => {
    const last = lastFindings.get(uri);
    if (last) sendDiagnostics(uri, last.version, last.findings);
  };

  const scheduler = new AnalysisScheduler(pool, docs, () => settingsFor(''), publish, (busy) => sendStatus({ state: busy ? 'analyzing' : 'ready', message: undefined }));

  /** Reads settings, reloads rules and config in the workers, reports problems, re-analyzes. */
  let configuring: Promise<void> = Promise.resolve();
  const configure = (pushed?: unknown) => {
    configuring = configuring.then(async () => {
      const roots = [...new Set([...folders.map((f) => f.path), ...adHocRoots])];
      const uris = roots.map((r) => pathToFileURL(r).href);
      const supported = !!capabilities.workspace?.configuration;
      const { settings, problems: settingsProblems } = await fetchSettings(connection, uris.length ? uris : [undefined], supported, pushed);
      settingsByRoot = new Map(roots.map((r, i) => [r, settings[i] ?? {}]));
      resolvedByRoot = new Map(roots.map((r) => [r, resolveConfig(settingsByRoot.get(r))]));
      const enabled = roots.length === 0 || roots.some((r) => settingsByRoot.get(r)?.enable !== false);
      const problems = [...settingsProblems, ...(await pool.configure(roots.map((root) => ({ root, trusted, ...(settingsByRoot.get(root) ? { settings: settingsByRoot.get(root)! } : {}) }))))];
      for (const root of roots) resolvedByRoot.set(root, resolveConfigFromDisk(root, settingsByRoot.get(root), trusted));
      reportProblems(problems);
      regions.configure();
      if (enabled) scheduler.rescheduleAll();
    }).catch((e: unknown) => {
      // A failed reload must not wedge later ones; say what happened and keep the old state.
      connection.console.error(`redline: configuration failed: ${(e as Error).stack ?? String(e)}`);
      sendStatus({ state: 'error', message: `Configuration failed: ${(e as Error).message}` });
    });
    return configuring;
  };

  const reportProblems = (problems: ConfigProblem[]) => {
    const byFile = new Map<string, ConfigProblem[]>();
    for (const p of problems) {
      if (!p.file.startsWith(sep) && !/^[A-Za-z]:/.test(p.file)) continue;
      const list = byFile.get(p.file) ?? [];
      list.push(p);
      byFile.set(p.file, list);
    }
    for (const f of configProblemFiles) if (!byFile.has(f)) void connection.sendDiagnostics({ uri: pathToFileURL(f).href, diagnostics: [] });
    configProblemFiles.clear();
    for (const [file, list] of byFile) {
      configProblemFiles.add(file);
      void connection.sendDiagnostics({
        uri: pathToFileURL(file).href,
        diagnostics: list.map((p) => ({
          range: p.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          severity: p.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
          source: 'redline',
          code: 'redline/config-problem',
          message: `${formatFieldPath(p.fieldPath)}: ${p.message}. This piece is ignored; defaults stand in.`,
        })),
      });
    }
    const key = problems.map((p) => `${p.file}|${p.fieldPath.join('.')}|${p.message}`).join('\n');
    if (key && key !== lastProblemKey) {
      const first = problems[0]!;
      const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
      void connection.window.showWarningMessage(`Redline: ${first.file}: ${formatFieldPath(first.fieldPath)}: ${first.message}${more}. The rest of the configuration still applies.`);
    }
    lastProblemKey = key;
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    capabilities = params.capabilities;
    const opts = InitializationOptionsSchema.safeParse(params.initializationOptions ?? {});
    trusted = opts.success ? opts.data.trusted : true;
    if (opts.success && opts.data.reviewer) regions.setReviewer(opts.data.reviewer);
    const wf: WorkspaceFolder[] = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []);
    folders = wf.map((f) => ({ uri: f.uri, path: uriToPath(f.uri) }));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
        executeCommandProvider: { commands: Object.values(Commands) },
        hoverProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'redline', version: process.env.npm_package_version ?? '0.1.0' },
    };
  });

  // A client may send requests right after `initialize`, before `initialized` has loaded the
  // roots (configuration, region index): commands wait for that instead of seeing no roots.
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  connection.onInitialized(async () => {
    if (capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED.map((globPattern) => ({ globPattern })) });
    }
    if (capabilities.workspace?.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        folders = folders.filter((f) => !e.removed.some((r) => r.uri === f.uri)).concat(e.added.map((f) => ({ uri: f.uri, path: uriToPath(f.uri) })));
        docs.refreshRoots();
        void configure();
      });
    }
    try {
      await configure();
    } finally {
      markReady();
    }
    sendStatus({ state: 'ready' });
  });

  connection.onDidChangeConfiguration((change) => void configure(change.settings));
  connection.onNotification(TrustChangedNotification, (raw: unknown) => {
    const p = TrustChangedSchema.safeParse(raw);
    if (p.success && p.data.trusted !== trusted) {
      trusted = p.data.trusted;
      void configure();
    }
  });

  let reloadTimer: NodeJS.Timeout | undefined;
  connection.onDidChangeWatchedFiles((e) => {
    const regionChanges = e.changes.filter((c) => /\.redline[\\/]regions\.json$|\.agent-trace[\\/]traces\.jsonl$/.test(c.uri));
    if (regionChanges.length) regions.onFilesChanged(regionChanges.map((c) => c.uri));
    const others = e.changes.filter((c) => !regionChanges.includes(c));
    if (others.length === 0) return;
    if (reloadTimer) clearTimeout(reloadTimer);
    reloadTimer = setTimeout(() => void configure(), 150);
  });

  connection.onDidOpenTextDocument(async (p) => {
    const td = p.textDocument;
    const d = docs.open(td.uri, td.languageId, td.version, td.text);
    if (!d.root || !detectLanguage(d.path, td.languageId)) return;
    if (!folders.some((f) => f.path === d.root) && !adHocRoots.has(d.root)) {
      adHocRoots.add(d.root);
      void configure();
    }
    const snap = snapshot(td.uri)!;
    if (isDotenvPath(d.path)) {
      const rel = toRelPath(d.path, d.root);
      const vcs = gitStatus(d.root, [rel]).get(rel);
      if (vcs) snap.vcs = vcs;
    }
    pool.open(snap);
    regions.onOpen(d);
    scheduler.schedule(td.uri, true);
  });

  connection.onDidChangeTextDocument((p) => {
    const d = docs.get(p.textDocument.uri);
    const before = d?.doc;
    const updated = docs.change(p.textDocument.uri, p.textDocument.version, p.contentChanges);
    if (!updated || !updated.root || !detectLanguage(updated.path, updated.languageId)) return;
    pool.change({ type: 'change', uri: p.textDocument.uri, changes: p.contentChanges.map((c) => ('range' in c ? { range: c.range, text: c.text } : { text: c.text })), version: p.textDocument.version });
    if (before) regions.onChange(updated, before, p.contentChanges);
    scheduler.schedule(p.textDocument.uri);
  });

  connection.onDidCloseTextDocument((p) => {
    const uri = p.textDocument.uri;
    const d = docs.get(uri);
    docs.close(uri);
    scheduler.forget(uri);
    if (d?.root && detectLanguage(d.path, d.languageId)) pool.close(uri);
    regions.onClose(uri);
    const last = lastFindings.get(uri);
    if (scanned && last) {
      lastFindings.set(uri, { version: null, findings: last.findings });
      sendDiagnostics(uri, null, last.findings);
    } else {
      lastFindings.delete(uri);
      void connection.sendDiagnostics({ uri, diagnostics: [] });
    }
  });

  connection.onCodeAction(async (params) => {
    const d = docs.get(params.textDocument.uri);
    if (!d) return [];
    const read = (relPath: string) => {
      if (!d.root) return undefined;
      const abs = join(d.root, relPath);
      const open = docs.get(pathToFileURL(abs).href);
      if (open) return open.doc.getText();
      try {
        return existsSync(abs) ? readFileSync(abs, 'utf8') : undefined;
      } catch {
        return undefined;
      }
    };
    const we = capabilities.workspace?.workspaceEdit;
    return codeActions(params, {
      uri: d.uri,
      version: d.doc.version,
      root: d.root,
      resourceOperations: !!we?.documentChanges && !!we.resourceOperations?.includes('create'),
      read,
      currentFindings: () => scheduler.current(d.uri),
    });
  });

  connection.onHover((params) => regions.hover(params.textDocument.uri, params.position));

  let scanned = false;
  connection.onExecuteCommand(async (params, token, workDone) => {
    await ready;
    if (params.command === Commands.scanWorkspace) {
      await configuring;
      sendStatus({ state: 'scanning' });
      try {
        const roots = [...new Set([...folders.map((f) => f.path), ...adHocRoots])];
        const scanPool = new WorkerPool(join(__dirname, 'worker.js'), Math.max(1, Math.min(2, availableParallelism())), () => undefined);
        const result = await scanWorkspace({
          connection,
          pool: scanPool,
          roots,
          configFor: (root) => resolvedByRoot.get(root) ?? resolveConfig(),
          isOpen: (uri) => !!docs.get(uri),
          publish: (uri, findings) => {
            lastFindings.set(uri, { version: null, findings });
            sendDiagnostics(uri, null, findings);
          },
          attached: workDone,
          cancel: token,
          budgetMs: settingsFor('').timeBudgetMs,
          prepare: () => scanPool.configure(roots.map((root) => ({ root, trusted, ...(settingsByRoot.get(root) ? { settings: settingsByRoot.get(root)! } : {}) }))),
          dispose: () => scanPool.dispose(),
        });
        scanned = true;
        return result;
      } finally {
        sendStatus({ state: 'ready', message: undefined });
      }
    }
    await configuring;
    return regions.execute(params.command, params.arguments ?? []);
  });

  connection.onShutdown(async () => {
    regions.dispose();
    await pool.dispose();
  });

  connection.listen();
}

/** The resolved config of a root including its `.redline.json` (the workers hold their own copy). */
function resolveConfigFromDisk(root: string, settings: EditorSettings | undefined, trusted: boolean): ResolvedConfig {
  return resolveConfig(settings, trusted ? loadProjectConfig(root).config : undefined);
}
