import type { Finding } from '../engine/types';
import { WorkerLost, type WorkerPool } from '../host/pool';
import type { DocumentStore } from './documents';

/** Timing settings the scheduler reads at each change (they can change at run time). */
export interface SchedulerSettings {
  /** Delay after the last change before analysis, in ms; 0 analyzes at once. */
  debounceMs: number;
  /** Cooperative per-file budget in the worker, in ms. */
  timeBudgetMs: number;
}

/** Outcome for one document version, handed to `publish`. */
export type Outcome =
  | { kind: 'findings'; version: number; findings: Finding[] }
  | { kind: 'killed'; version: number; reason: string }
  /** The engine threw on this version (a bug): not retried until the text changes. */
  | { kind: 'failed'; version: number; error: string };

interface State {
  timer?: NodeJS.Timeout | undefined;
  inFlight: boolean;
  /** A newer version arrived while analysis was running. */
  dirty: boolean;
  last?: { version: number; findings: Finding[] };
  waiters: { version: number; resolve: (f: Finding[] | undefined) => void }[];
  /** Version whose analysis killed a worker: not retried until the text changes. */
  killedVersion?: number;
  /** Consecutive worker losses on this document; a crash loop is treated like a timeout. */
  failures: number;
}

/**
 * Decides when each open document is analyzed and which results are published.
 *
 * - Debounced per document; debounce 0 analyzes on the next tick.
 * - At most one analysis per document in flight; changes during it mark the document dirty and
 *   a single follow-up analysis runs when it returns (superseded work is coalesced, not queued).
 * - A result is published only if it is for the document's current version, so the last
 *   diagnostics a client sees are always for the latest text.
 * - Results are cached per version (`current`).
 */
export class AnalysisScheduler {
  private readonly states = new Map<string, State>();

  constructor(
    private readonly pool: WorkerPool,
    private readonly docs: DocumentStore,
    private readonly settings: () => SchedulerSettings,
    private readonly publish: (uri: string, outcome: Outcome) => void,
    private readonly onBusy: (busy: boolean) => void = () => {},
  ) {}

  private state(uri: string): State {
    let s = this.states.get(uri);
    if (!s) this.states.set(uri, (s = { inFlight: false, dirty: false, waiters: [], failures: 0 }));
    return s;
  }

  /** Schedules analysis of the document's current version (after the debounce). */
  schedule(uri: string, immediate = false): void {
    const s = this.state(uri);
    if (s.timer) clearTimeout(s.timer);
    const delay = immediate ? 0 : this.settings().debounceMs;
    if (delay <= 0) {
      s.timer = undefined;
      this.run(uri);
    } else {
      s.timer = setTimeout(() => {
        s.timer = undefined;
        this.run(uri);
      }, delay);
    }
  }

  /** Forgets a closed document; pending waiters get undefined. */
  forget(uri: string): void {
    const s = this.states.get(uri);
    if (!s) return;
    if (s.timer) clearTimeout(s.timer);
    for (const w of s.waiters) w.resolve(undefined);
    this.states.delete(uri);
  }

  /** Re-analyzes every open document (settings or rules changed). */
  rescheduleAll(): void {
    for (const d of this.docs.all()) {
      const s = this.state(d.uri);
      s.last = undefined;
      s.killedVersion = undefined;
      this.schedule(d.uri, true);
    }
  }

  /** The cached findings when they are for the current version. */
  cached(uri: string): Finding[] | undefined {
    const d = this.docs.get(uri);
    const s = this.states.get(uri);
    return d && s?.last && s.last.version === d.doc.version ? s.last.findings : undefined;
  }

  /** Findings for the document's current version, analyzing now if needed. */
  current(uri: string): Promise<Finding[] | undefined> {
    const d = this.docs.get(uri);
    if (!d) return Promise.resolve(undefined);
    const hit = this.cached(uri);
    if (hit) return Promise.resolve(hit);
    const s = this.state(uri);
    // This version stopped or broke analysis before: it has no findings and is not retried.
    if (s.killedVersion === d.doc.version) return Promise.resolve(undefined);
    const p = new Promise<Finding[] | undefined>((resolve) => s.waiters.push({ version: d.doc.version, resolve }));
    this.schedule(uri, true);
    return p;
  }

  private inFlightCount = 0;

  /** Waiters for versions up to `version` get undefined: that version has no findings. */
  private resolveWaiters(s: State, version: number): void {
    if (s.killedVersion !== version) return;
    s.waiters = s.waiters.filter((w) => {
      if (w.version <= version) w.resolve(undefined);
      return w.version > version;
    });
  }

  private run(uri: string): void {
    const d = this.docs.get(uri);
    const s = this.states.get(uri);
    if (!d || !s) return;
    if (s.inFlight) {
      s.dirty = true;
      return;
    }
    if (s.killedVersion === d.doc.version) return;
    s.inFlight = true;
    s.dirty = false;
    if (this.inFlightCount++ === 0) this.onBusy(true);
    const requested = d.doc.version;
    this.pool
      .analyze(uri, requested, this.settings().timeBudgetMs)
      .then(
        (result) => {
          const doc = this.docs.get(uri);
          if (!doc || this.states.get(uri) !== s) return;
          s.failures = 0;
          if (result.version === doc.doc.version) {
            s.last = { version: result.version, findings: result.findings };
            this.publish(uri, { kind: 'findings', version: result.version, findings: result.findings });
            s.waiters = s.waiters.filter((w) => {
              if (w.version <= result.version) w.resolve(result.findings);
              return w.version > result.version;
            });
          } else s.dirty = true;
        },
        (e: unknown) => {
          const doc = this.docs.get(uri);
          if (!doc || this.states.get(uri) !== s) return;
          if (e instanceof WorkerLost && (e.timedOut || ++s.failures >= 2)) {
            s.killedVersion = requested;
            if (requested === doc.doc.version) this.publish(uri, { kind: 'killed', version: requested, reason: e.message });
          } else if (!(e instanceof WorkerLost)) {
            // The engine threw: retrying the same text would throw again (and loop).
            s.killedVersion = requested;
            if (requested === doc.doc.version) this.publish(uri, { kind: 'failed', version: requested, error: (e as Error)?.message ?? String(e) });
            else s.dirty = true;
          } else s.dirty = true;
          this.resolveWaiters(s, requested);
        },
      )
      .finally(() => {
        s.inFlight = false;
        if (--this.inFlightCount === 0) this.onBusy(false);
        if (s.dirty && this.states.get(uri) === s && !s.timer) this.run(uri);
      });
  }
}
