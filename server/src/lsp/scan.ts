import { pathToFileURL } from 'node:url';
import { WorkDoneProgressReporter, type CancellationToken, type Connection } from 'vscode-languageserver';
import type { ResolvedConfig } from '../engine/config';
import type { Finding } from '../engine/types';
import type { WorkerPool } from '../host/pool';
import { listWorkspaceFiles } from '../host/workspaceFiles';

/** Summary returned by the "Scan workspace" command. */
export interface ScanSummary {
  files: number;
  findings: number;
  cancelled: boolean;
  durationMs: number;
}

/**
 * "Scan workspace": analyzes the closed files of every root (open documents already have live
 * results) in the worker pool, publishing diagnostics per file and reporting
 * `window/workDoneProgress` (LSP 3.15 §"Work Done Progress"), cancellable between batches.
 */
export async function scanWorkspace(opts: {
  connection: Connection;
  pool: WorkerPool;
  roots: string[];
  configFor: (root: string) => ResolvedConfig;
  isOpen: (uri: string) => boolean;
  publish: (uri: string, findings: Finding[]) => void;
  /** Progress attached to the request by the client (its `workDoneToken`), if any. */
  attached?: WorkDoneProgressReporter | undefined;
  cancel: CancellationToken;
  budgetMs: number;
  /** Loads configuration into the pool before the scan. */
  prepare?: () => Promise<unknown>;
  /** Releases the pool after the scan. */
  dispose?: () => Promise<unknown>;
}): Promise<ScanSummary> {
  const started = performance.now();
  const progress: WorkDoneProgressReporter = opts.attached && !WorkDoneProgressReporter.isNullInstance(opts.attached) ? opts.attached : await opts.connection.window.createWorkDoneProgress();
  progress.begin('Redline: scanning workspace', 0, 'listing files…', true);
  let files = 0;
  let findings = 0;
  let cancelled = false;
  try {
    await opts.prepare?.();
    const work: { root: string; list: { path: string; relPath: string; vcs?: 'tracked' | 'ignored' | 'untracked' }[] }[] = [];
    for (const root of opts.roots) {
      const { files: list } = listWorkspaceFiles(root, [root], opts.configFor(root), root);
      work.push({ root, list: list.filter((f) => !opts.isOpen(pathToFileURL(f.path).href)) });
    }
    const total = work.reduce((n, w) => n + w.list.length, 0);
    let done = 0;
    const BATCH = 32;
    for (const w of work) {
      for (let i = 0; i < w.list.length; i += BATCH) {
        if (opts.cancel.isCancellationRequested || progressCancelled(progress)) {
          cancelled = true;
          break;
        }
        const batch = w.list.slice(i, i + BATCH);
        const results = await opts.pool.analyzeFiles(w.root, batch, opts.budgetMs).catch(() => []);
        for (const r of results) {
          files++;
          findings += r.findings.length;
          const uri = pathToFileURL(r.path).href;
          if (!opts.isOpen(uri)) opts.publish(uri, r.findings);
        }
        done += batch.length;
        progress.report(total ? Math.round((done / total) * 100) : 100, `${done}/${total} files`);
      }
      if (cancelled) break;
    }
  } finally {
    progress.done();
    await opts.dispose?.();
  }
  return { files, findings, cancelled, durationMs: Math.round(performance.now() - started) };
}

/** Server-created progress (`window/workDoneProgress/create`) can be cancelled by the user. */
function progressCancelled(p: WorkDoneProgressReporter): boolean {
  const token = (p as Partial<{ token: CancellationToken }>).token;
  return !!token?.isCancellationRequested;
}
