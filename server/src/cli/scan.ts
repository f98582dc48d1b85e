import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import type { Finding, Severity } from '../engine/types';
import { SEVERITY_RANK } from '../engine/types';
import type { ConfigProblem } from '../engine/problems';
import { isDotenvPath } from '../engine/languages';
import { loadWorkspace, type WorkspaceContext } from '../host/workspace';
import { initEngine } from '../engine';
import { findWorkspaceRoot, gitStatus, listWorkspaceFiles, type WorkspaceFile } from '../host/workspaceFiles';
import { WorkerPool } from '../host/pool';
import { AnalysisHost, analyzeFile } from '../worker/analysisHost';
import type { FileResult } from '../worker/protocol';

/** One analyzed file and its findings, as the formatters see it. */
export interface ScannedFile {
  /** Absolute path. */
  path: string;
  /** Relative to the workspace root. */
  relPath: string;
  bytes: number;
  findings: Finding[];
  status: FileResult['status'];
  error?: string;
}

export interface ScanOptions {
  paths: string[];
  cwd: string;
  root?: string;
  respectIgnores: boolean;
  /** Worker threads; 0 = automatic (in-process for small trees). */
  jobs: number;
  /** Called with (done, total) as files complete. */
  onProgress?: (done: number, total: number) => void;
}

export interface ScanRun {
  root: string;
  ctx: WorkspaceContext;
  files: ScannedFile[];
  problems: ConfigProblem[];
  durationMs: number;
  bytes: number;
}

/** Files per worker message: large enough to amortize messaging, small enough to balance. */
const BATCH = 64;

/**
 * Scans paths with the engine: lists files (honoring `.gitignore` and `ignore` globs), then
 * analyzes them in-process or, for large trees, in a pool of worker threads.
 */
export async function runScan(options: ScanOptions): Promise<ScanRun> {
  const started = performance.now();
  const root = options.root ?? findWorkspaceRoot(options.paths[0] ? join(options.cwd, options.paths[0]) : options.cwd);
  // Project facts read Python files too: the grammar must be loaded first.
  await initEngine();
  const ctx = loadWorkspace(root);
  const listed = listWorkspaceFiles(root, options.paths.length ? options.paths : [options.cwd], ctx.config, options.cwd, { respectIgnores: options.respectIgnores });
  const files = listed.files;
  // Git status matters for .env files only: ask git once for the ones it did not classify.
  const unknownEnv = files.filter((f) => !f.vcs && isDotenvPath(f.relPath)).map((f) => f.relPath);
  if (unknownEnv.length) {
    const st = gitStatus(root, unknownEnv);
    for (const f of files) {
      const v = st.get(f.relPath);
      if (v) f.vcs = v;
    }
  }
  const results = await analyzeAll(root, ctx, files, options);
  const scanned = results.map((r) => ({ ...r }));
  return {
    root,
    ctx,
    files: scanned,
    problems: ctx.problems,
    durationMs: performance.now() - started,
    bytes: scanned.reduce((n, f) => n + f.bytes, 0),
  };
}

async function analyzeAll(root: string, ctx: WorkspaceContext, files: WorkspaceFile[], options: ScanOptions): Promise<ScannedFile[]> {
  const total = files.length;
  let done = 0;
  const jobs = options.jobs > 0 ? options.jobs : files.length > 150 ? Math.min(availableParallelism(), 8) : 0;
  if (jobs === 0) {
    const host = new AnalysisHost(() => {});
    await host.init();
    const w = { ctx, options: { catalog: ctx.catalog, config: ctx.config, project: ctx.project } };
    const out: ScannedFile[] = [];
    for (const f of files) {
      out.push(analyzeFile(f, root, w, Infinity));
      options.onProgress?.(++done, total);
    }
    return reanalyzeTooDeep(root, out);
  }
  const workerFile = join(__dirname, 'worker.js');
  if (!existsSync(workerFile)) throw new Error(`worker bundle not found at ${workerFile}; run npm run build`);
  const pool = new WorkerPool(workerFile, jobs, () => undefined);
  try {
    await pool.ready();
    await pool.configure([{ root, trusted: true }]);
    const batches: WorkspaceFile[][] = [];
    for (let i = 0; i < files.length; i += BATCH) batches.push(files.slice(i, i + BATCH));
    const out: ScannedFile[][] = new Array(batches.length);
    let next = 0;
    const runOne = async (): Promise<void> => {
      while (next < batches.length) {
        const i = next++;
        const batch = batches[i]!;
        try {
          out[i] = await pool.analyzeFiles(root, batch, Infinity);
        } catch (e) {
          out[i] = batch.map((f) => ({ path: f.path, relPath: f.relPath, bytes: 0, findings: [], status: 'unreadable' as const, durationMs: 0, error: (e as Error).message }));
        }
        done += batch.length;
        options.onProgress?.(done, total);
      }
    };
    await Promise.all(Array.from({ length: jobs }, runOne));
    return out.flat();
  } finally {
    await pool.dispose();
  }
}

/**
 * Files nested deeper than the main thread's stack allows (10,000 levels) were analyzed in part
 * in-process; analysis workers have a 64 MB stack, so they get a second, full run there and the
 * CLI agrees with the editor.
 */
async function reanalyzeTooDeep(root: string, results: ScannedFile[]): Promise<ScannedFile[]> {
  const deep = results.map((r, i) => ({ r, i })).filter(({ r }) => r.findings.some((f) => f.ruleId === 'redline/analysis-truncated' && f.properties?.reason === 'nesting'));
  const workerFile = join(__dirname, 'worker.js');
  if (deep.length === 0 || !existsSync(workerFile)) return results;
  const pool = new WorkerPool(workerFile, 1, () => undefined);
  try {
    await pool.ready();
    await pool.configure([{ root, trusted: true }]);
    const again = await pool.analyzeFiles(
      root,
      deep.map(({ r }) => ({ path: r.path, relPath: r.relPath })),
      Infinity,
    );
    const out = [...results];
    deep.forEach(({ i }, k) => {
      const a = again[k];
      if (a && a.status !== 'unreadable') out[i] = { ...a, ...(results[i]!.error ? { error: results[i]!.error } : {}) };
    });
    return out;
  } catch {
    return results;
  } finally {
    await pool.dispose();
  }
}

/** True when some finding is at or above `threshold` (`none` never fails). */
export function hasFailing(files: readonly ScannedFile[], threshold: Severity | 'none'): boolean {
  if (threshold === 'none') return false;
  const min = SEVERITY_RANK[threshold];
  return files.some((f) => f.findings.some((x) => x.category !== 'redline' && SEVERITY_RANK[x.severity] >= min));
}
