import { Worker } from 'node:worker_threads';
import type { ConfigProblem } from '../engine/problems';
import type { DocumentResult, FileResult, FromWorker, ToWorker, WorkspaceSpec } from '../worker/protocol';

/** Stack size of analysis workers, in MB (see `spawn`). */
export const WORKER_STACK_MB = 64;

/**
 * Old-generation heap limit of analysis workers, in MB. Without one, V8 sizes the limit from
 * the machine's memory and lets garbage pile up: 200 open 2,000-line documents held 540 MB of
 * RSS, against 400 MB with this limit (they retain ~300 KB each). It also bounds a runaway
 * analysis: a worker over the limit dies alone and is replaced like a timed-out one.
 */
export const WORKER_HEAP_MB = 512;

/**
 * Young-generation size of an analysis worker, in MB (V8's default is larger). Parsing makes
 * short-lived garbage in bursts; a small nursery is scavenged more often but each pause is
 * short, and the heap does not balloon while documents load: with 200 documents opened at
 * once, peak RSS went from 468 to 386 MB, and keystroke latency on a 5,000-line file stayed
 * the same (bench/latency.mjs, this machine).
 */
export const WORKER_YOUNG_MB = 8;

/** What the pool needs to re-open a document in a fresh worker after a crash or a kill. */
export type DocumentSnapshot = Extract<ToWorker, { type: 'open' }>;

/** Rejection reason when a worker was killed or died while handling a request. */
export class WorkerLost extends Error {
  constructor(
    message: string,
    readonly timedOut: boolean,
  ) {
    super(message);
  }
}

interface PendingRequest {
  resolve: (m: FromWorker) => void;
  reject: (e: Error) => void;
  /** Armed when the worker reports it started the request. */
  timer?: NodeJS.Timeout;
  hardTimeoutMs: number;
}

interface QueuedRequest {
  id: number;
  build: (id: number) => ToWorker;
  entry: PendingRequest;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  /** The request in flight on this worker (at most one), by id. */
  pending: Map<number, PendingRequest>;
  /**
   * Requests waiting for the worker, in order. One request at a time is posted, so its hard
   * timeout measures its own run: with 200 documents opened at once, the last one's clock
   * used to start while 199 analyses were still ahead of it, and the worker was killed.
   */
  queue: QueuedRequest[];
  /** Open documents owned by this worker. */
  docs: Set<string>;
  load: number;
}

/**
 * A fixed pool of analysis worker threads (dist/worker.js). Documents are pinned to one worker
 * (their state lives there); whole-file scans go to the least loaded worker. A request that
 * exceeds its hard timeout kills its worker, which is replaced and re-seeded with the current
 * configuration and open documents (via `snapshot`), so one hostile file cannot wedge the server.
 * Each worker runs one request at a time; the others wait in the pool (and move to the
 * replacement when a worker is killed). A hard timeout counts from the worker's `started`
 * message, so time spent loading a workspace or on earlier work is not charged to the request.
 */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private nextId = 1;
  private workspaces: WorkspaceSpec[] = [];
  private disposed = false;

  constructor(
    private readonly workerFile: string,
    size: number,
    private readonly snapshot: (uri: string) => DocumentSnapshot | undefined,
    private readonly onEvent: (event: { kind: 'restarted'; reason: string } | { kind: 'error'; message: string }) => void = () => {},
  ) {
    for (let i = 0; i < Math.max(1, size); i++) this.slots.push(this.spawn());
  }

  get size(): number {
    return this.slots.length;
  }

  private spawn(): Slot {
    // 64 MB of stack: TypeScript's parser recurses once per nesting level, and a 10,000-deep
    // file needs ~12 MB (the default for workers is 4 MB). The worker's stdout and stderr go to
    // this process's stderr: its stdout may be the LSP stream or the CLI's JSON/SARIF report.
    const worker = new Worker(this.workerFile, { stdout: true, stderr: true, resourceLimits: { stackSizeMb: WORKER_STACK_MB, maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_MB } });
    worker.stdout.on('data', (d: Buffer) => process.stderr.write(d));
    worker.stderr.on('data', (d: Buffer) => process.stderr.write(d));
    worker.unref();
    let markReady: () => void = () => {};
    const slot: Slot = { worker, ready: new Promise<void>((r) => (markReady = r)), pending: new Map(), queue: [], docs: new Set(), load: 0 };
    worker.on('message', (m: FromWorker) => {
      if (m.type === 'ready') return markReady();
      if (m.type === 'error' && m.requestId === undefined) return this.onEvent({ kind: 'error', message: m.message });
      const id = 'requestId' in m ? m.requestId : undefined;
      if (id === undefined) return;
      const p = slot.pending.get(id);
      if (!p) return;
      if (m.type === 'started') {
        if (Number.isFinite(p.hardTimeoutMs) && !p.timer) {
          p.timer = setTimeout(() => this.replace(slot, `analysis exceeded ${Math.round(p.hardTimeoutMs)} ms and was stopped`, true), p.hardTimeoutMs);
        }
        return;
      }
      slot.pending.delete(id);
      if (p.timer) clearTimeout(p.timer);
      slot.load--;
      if (m.type === 'error') p.reject(new Error(m.message));
      else p.resolve(m);
      this.pump(slot);
    });
    worker.on('error', (e) => this.replace(slot, `analysis worker crashed: ${e.message}`, false));
    worker.on('exit', (code) => {
      if (!this.disposed && this.slots.includes(slot)) this.replace(slot, `analysis worker exited with code ${code}`, false);
    });
    return slot;
  }

  /** Kills `slot`'s worker, fails its requests, and starts a seeded replacement. */
  private replace(slot: Slot, reason: string, timedOut: boolean): void {
    const i = this.slots.indexOf(slot);
    if (i < 0 || this.disposed) return;
    const fresh = this.spawn();
    this.slots[i] = fresh;
    // Only the request in flight is lost; the waiting ones run on the replacement.
    for (const p of slot.pending.values()) {
      if (p.timer) clearTimeout(p.timer);
      p.reject(new WorkerLost(reason, timedOut));
    }
    slot.pending.clear();
    void slot.worker.terminate();
    if (this.workspaces.length) fresh.worker.postMessage({ type: 'configure', requestId: 0, workspaces: this.workspaces } satisfies ToWorker);
    for (const uri of slot.docs) {
      const snap = this.snapshot(uri);
      if (snap) {
        fresh.docs.add(uri);
        fresh.worker.postMessage(snap);
      }
    }
    fresh.queue.push(...slot.queue);
    fresh.load = slot.queue.length;
    slot.queue.length = 0;
    this.pump(fresh);
    this.onEvent({ kind: 'restarted', reason });
  }

  private slotFor(uri: string): Slot {
    for (const s of this.slots) if (s.docs.has(uri)) return s;
    let h = 0;
    for (let i = 0; i < uri.length; i++) h = (h * 31 + uri.charCodeAt(i)) | 0;
    return this.slots[Math.abs(h) % this.slots.length]!;
  }

  private request(slot: Slot, build: (id: number) => ToWorker, hardTimeoutMs: number): Promise<FromWorker> {
    const id = this.nextId++;
    return new Promise<FromWorker>((resolve, reject) => {
      slot.queue.push({ id, build, entry: { resolve, reject, hardTimeoutMs } });
      slot.load++;
      this.pump(slot);
    });
  }

  /** Posts the next waiting request when the worker has none in flight. */
  private pump(slot: Slot): void {
    if (slot.pending.size > 0 || this.disposed || !this.slots.includes(slot)) return;
    const next = slot.queue.shift();
    if (!next) return;
    slot.pending.set(next.id, next.entry);
    slot.worker.postMessage(next.build(next.id));
  }

  /** Loads (or reloads) workspace configuration in every worker; returns the problems found. */
  async configure(workspaces: WorkspaceSpec[]): Promise<ConfigProblem[]> {
    this.workspaces = workspaces;
    const replies = await Promise.all(this.slots.map((s) => this.request(s, (requestId) => ({ type: 'configure', requestId, workspaces }), 60_000)));
    const first = replies[0];
    return first && first.type === 'configured' ? first.problems : [];
  }

  open(m: DocumentSnapshot): void {
    const slot = this.slotFor(m.uri);
    slot.docs.add(m.uri);
    slot.worker.postMessage(m);
  }

  change(m: Extract<ToWorker, { type: 'change' }>): void {
    this.slotFor(m.uri).worker.postMessage(m);
  }

  close(uri: string): void {
    const slot = this.slotFor(uri);
    slot.docs.delete(uri);
    slot.worker.postMessage({ type: 'close', uri } satisfies ToWorker);
  }

  /**
   * Analyzes the current version of an open document. Rejects with WorkerLost when the worker
   * had to be killed (`timedOut`) or died.
   *
   * @param budgetMs cooperative budget inside the engine; the hard kill comes at 2× + 1 s
   */
  async analyze(uri: string, version: number, budgetMs: number): Promise<DocumentResult> {
    const slot = this.slotFor(uri);
    const m = await this.request(slot, (requestId) => ({ type: 'analyze', requestId, uri, version, budgetMs }), budgetMs * 2 + 1000);
    if (m.type !== 'result') throw new Error(`unexpected worker reply ${m.type}`);
    return m.result;
  }

  /** Analyzes files from disk on the least loaded worker. */
  async analyzeFiles(root: string, files: { path: string; relPath: string; vcs?: 'tracked' | 'ignored' | 'untracked' }[], budgetMs: number): Promise<FileResult[]> {
    await Promise.all(this.slots.map((s) => s.ready));
    const slot = this.slots.reduce((a, b) => (b.load < a.load ? b : a));
    const hard = Number.isFinite(budgetMs) ? budgetMs * 2 * files.length + 5000 : Infinity;
    const m = await this.request(slot, (requestId) => ({ type: 'analyzeFiles', requestId, root, files, budgetMs }), hard);
    if (m.type !== 'fileResults') throw new Error(`unexpected worker reply ${m.type}`);
    return m.results;
  }

  /** Waits until every worker has loaded the engine. */
  async ready(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.ready));
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
