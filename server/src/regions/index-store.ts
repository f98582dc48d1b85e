import { randomUUID } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import type { ConfigProblem } from '../engine/problems';
import { problemsFromZod } from '../engine/problems';
import { locateInJson, parseLocatedJson } from '../engine/json';
import { compareRegions, withDerivedStatus } from './region';
import { REGION_INDEX_VERSION, RegionIndexFileSchema, type Region, type RegionIndex, type Tombstone } from './schema';

/**
 * `.redline/regions.json`: loading, validating, merging and atomically saving the region index.
 *
 * - **Validation**: zod (`RegionIndexFileSchema`). A file that is not JSON or does not match is
 *   renamed to `regions.json.corrupt-<timestamp>` (a backup, never overwritten or deleted), one
 *   `ConfigProblem` per issue names the file, the field path and the reason, and the index starts
 *   empty. A file with a newer `version` is left alone and the store becomes read-only.
 * - **Atomic writes**: a temp file in the same directory, `fsync`, `rename` over the index, then a
 *   best-effort `fsync` of the directory. Readers see the old or the new file, never half of one.
 * - **Concurrency** (two VS Code windows, the server and the CLI): every save re-reads the file
 *   under a lock (`regions.json.lock`, stale after `lockStaleMs`), merges the caller's index into
 *   it (`mergeIndexes`) and writes the result. The lock is created whole: its owner record is
 *   written to a temp file that is then hard-linked as the lock (`link` fails if the lock
 *   exists), so a writer killed at any point leaves no lock or a lock naming its dead pid, which
 *   the next writer breaks at once; never an empty one that it would wait `lockStaleMs` for.
 *   Regions merge by id: the position group (range, hashes, anchor, orphan) by `updatedAt`, the
 *   review group (`review`) by `reviewUpdatedAt`, last writer wins in each; the status is then
 *   re-derived. Removals are tombstones with a time, so a removed region does not come back from
 *   another process's copy (a tombstone beats any update). Tombstones older than
 *   `tombstoneTtlMs` (30 days) are dropped.
 */

export const INDEX_DIR = '.redline';
export const INDEX_FILE = 'regions.json';

export interface RegionStoreOptions {
  /** A lock file older than this (ms) belongs to a crashed process and is broken. Default 5000. */
  lockStaleMs?: number;
  /** Give up acquiring the lock after this many ms (throws). Default 15000. */
  lockTimeoutMs?: number;
  /** Tombstones older than this (ms) are dropped on save. Default 30 days. */
  tombstoneTtlMs?: number;
  now?: () => Date;
}

export interface LoadResult {
  index: RegionIndex;
  problems: ConfigProblem[];
  /** True when the file was written by a newer Redline: saves are refused. */
  readOnly: boolean;
}

export interface SaveResult {
  /** The merged index now on disk (adopt it as the new local state). */
  index: RegionIndex;
  problems: ConfigProblem[];
}

/** Thrown by `save` when the lock cannot be taken in time or the store is read-only. */
export class RegionStoreError extends Error {
  constructor(
    message: string,
    readonly code: 'lock-timeout' | 'read-only',
  ) {
    super(message);
    this.name = 'RegionStoreError';
  }
}

type Parsed = { kind: 'missing' } | { kind: 'ok'; index: RegionIndex } | { kind: 'corrupt'; problems: ConfigProblem[] } | { kind: 'newer'; problems: ConfigProblem[] };

/**
 * Parses index text. Problems carry the file, the field path (`regions[3].range.start.line`) and,
 * when the JSON locates it, the range in the file.
 *
 * @param file absolute path, for problems
 */
export function parseRegionIndex(file: string, text: string): { index?: RegionIndex; problems: ConfigProblem[]; newerVersion?: number } {
  const json = parseLocatedJson(file, text, false);
  if ('problem' in json) return { problems: [json.problem] };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { problems: [{ file, fieldPath: [], message: `not valid JSON: ${(err as Error).message}`, severity: 'error' }] };
  }
  const version = raw && typeof raw === 'object' ? (raw as { version?: unknown }).version : undefined;
  if (typeof version === 'number' && version > REGION_INDEX_VERSION) {
    return {
      newerVersion: version,
      problems: [{ file, fieldPath: ['version'], message: `written by a newer Redline (index version ${version}; this one reads ${REGION_INDEX_VERSION}); left unchanged and not saved to`, severity: 'warning' }],
    };
  }
  const parsed = RegionIndexFileSchema.safeParse(raw);
  if (!parsed.success) {
    return { problems: problemsFromZod(file, parsed.error, (path) => locateInJson(json, path)) };
  }
  const ids = new Set<string>();
  const problems: ConfigProblem[] = [];
  parsed.data.regions.forEach((r, i) => {
    if (ids.has(r.id)) problems.push({ file, fieldPath: ['regions', i, 'id'], message: `duplicate region id ${r.id}`, severity: 'error' });
    ids.add(r.id);
  });
  if (problems.length) return { problems };
  return { index: { regions: parsed.data.regions.map(withDerivedStatus), tombstones: parsed.data.tombstones }, problems: [] };
}

/** Serialized form: stable order (path, range, id), two-space JSON, trailing newline. */
export function serializeRegionIndex(index: RegionIndex): string {
  const regions = [...index.regions].sort(compareRegions);
  const tombstones = [...index.tombstones].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return `${JSON.stringify({ version: REGION_INDEX_VERSION, regions, tombstones }, null, 2)}\n`;
}

const time = (s: string | undefined): number => (s === undefined ? Number.NEGATIVE_INFINITY : Date.parse(s));

/** Deterministic tie-break between two versions with equal timestamps. */
function later<T>(a: T, b: T, ta: number, tb: number): T {
  if (ta !== tb) return ta > tb ? a : b;
  return JSON.stringify(a) >= JSON.stringify(b) ? a : b;
}

/**
 * Merges two indexes (order does not matter; the result is the same for `(a, b)` and `(b, a)`).
 *
 * Per region id: the position group from the version with the later `updatedAt`, the review
 * group (`review`, `reviewUpdatedAt`) from the one with the later `reviewUpdatedAt`; identity
 * fields (`path`, `origin`, `createdAt`, `traceId`) from the position winner. Status re-derived.
 * Per tombstone: the latest `deletedAt`. A tombstone always removes its region: a window that
 * still holds the region (and shifted it while the user typed) cannot bring it back. Ids are
 * never reused, except deterministic ids of imported regions, which the tombstone is meant to
 * keep out.
 */
export function mergeIndexes(a: RegionIndex, b: RegionIndex, options: { now?: Date; tombstoneTtlMs?: number } = {}): RegionIndex {
  const tombs = new Map<string, Tombstone>();
  for (const t of [...a.tombstones, ...b.tombstones]) {
    const prev = tombs.get(t.id);
    if (!prev || time(t.deletedAt) > time(prev.deletedAt)) tombs.set(t.id, t);
  }
  const byId = new Map<string, Region>();
  const merge = (x: Region, y: Region): Region => {
    if (x === y || JSON.stringify(x) === JSON.stringify(y)) return x;
    const pos = later(x, y, time(x.updatedAt), time(y.updatedAt));
    const rev = later(x, y, time(x.reviewUpdatedAt), time(y.reviewUpdatedAt));
    const { review: _r, reviewUpdatedAt: _ru, ...base } = pos;
    const merged: Region = { ...base };
    if (rev.review) merged.review = rev.review;
    if (rev.reviewUpdatedAt) merged.reviewUpdatedAt = rev.reviewUpdatedAt;
    return withDerivedStatus(merged);
  };
  for (const r of [...a.regions, ...b.regions]) {
    const prev = byId.get(r.id);
    byId.set(r.id, prev ? merge(prev, r) : withDerivedStatus(r));
  }
  const regions: Region[] = [];
  for (const r of byId.values()) {
    if (tombs.has(r.id)) continue;
    regions.push(r);
  }
  const ttl = options.tombstoneTtlMs ?? 30 * 24 * 3600 * 1000;
  const now = (options.now ?? new Date()).getTime();
  const tombstones = [...tombs.values()].filter((t) => now - time(t.deletedAt) <= ttl);
  regions.sort(compareRegions);
  return { regions, tombstones };
}

/**
 * How long (ms) a lock file may exist without an owner record before it counts as abandoned.
 *
 * Redline creates locks with their record in place (see `RegionIndexStore.lock`), so an empty
 * lock comes from a writer killed between `open(O_EXCL)` and its write, which happens only on a
 * file system without hard links (the fallback) or with an older Redline that always locked that
 * way. A live writer spends microseconds in that window; one second leaves a wide margin for a
 * loaded machine or a network share, and is a fifth of the `lockStaleMs` default such a lock
 * used to stall the next writer for.
 */
export const EMPTY_LOCK_GRACE_MS = 1000;

/**
 * Whether a lock file found in place may be broken: it is older than `staleMs`, or it is empty
 * (no owner record, whitespace only) and older than `EMPTY_LOCK_GRACE_MS`, or it names a process
 * on this machine that no longer runs (checked with `kill(pid, 0)`).
 *
 * @param content the lock file's text
 * @param ageMs time since its last modification, in ms
 * @param staleMs the store's `lockStaleMs`
 */
export function lockIsStale(content: string, ageMs: number, staleMs: number): boolean {
  if (ageMs > staleMs) return true;
  if (content.trim() === '') return ageMs > EMPTY_LOCK_GRACE_MS;
  return ownerIsDead(content);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function errCode(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | undefined)?.code;
}

/** Compact UTC timestamp for file names: `20240131T235959123Z`. */
function fileStamp(d: Date): string {
  return d.toISOString().replace(/[-:.]/g, '');
}

/**
 * The region index of one workspace root. One instance per process and root; any number of
 * processes may use the same file (see the module comment). All methods are async and only
 * throw `RegionStoreError` (lock timeout, read-only) from `save`/`update`.
 */
export class RegionIndexStore {
  readonly file: string;
  readonly lockFile: string;
  private readonly opts: Required<Omit<RegionStoreOptions, 'now'>> & { now: () => Date };
  private readOnly = false;
  /** False once `link` failed other than with EEXIST (a file system without hard links). */
  private hardLinks = true;

  /** @param root absolute workspace root; the index is `<root>/.redline/regions.json` */
  constructor(
    readonly root: string,
    options: RegionStoreOptions = {},
  ) {
    this.file = join(root, INDEX_DIR, INDEX_FILE);
    this.lockFile = `${this.file}.lock`;
    this.opts = {
      lockStaleMs: options.lockStaleMs ?? 5000,
      lockTimeoutMs: options.lockTimeoutMs ?? 15000,
      tombstoneTtlMs: options.tombstoneTtlMs ?? 30 * 24 * 3600 * 1000,
      now: options.now ?? (() => new Date()),
    };
  }

  /**
   * Reads the index. Missing file → empty index, no problem. Corrupt file → backed up (renamed,
   * under the lock), problems returned, empty index. Never throws for file contents; throws
   * `RegionStoreError('lock-timeout')` only when a corrupt file must be backed up and the lock
   * stays taken past `lockTimeoutMs`.
   */
  async load(): Promise<LoadResult> {
    const first = await this.read();
    if (first.kind === 'ok') return { index: first.index, problems: [], readOnly: this.readOnly };
    if (first.kind === 'missing') return { index: { regions: [], tombstones: [] }, problems: [], readOnly: this.readOnly };
    if (first.kind === 'newer') {
      this.readOnly = true;
      return { index: { regions: [], tombstones: [] }, problems: first.problems, readOnly: true };
    }
    // Corrupt: back it up under the lock (someone may be replacing it right now).
    const release = await this.lock();
    try {
      const again = await this.readAndRescue();
      return { index: again.index, problems: again.problems, readOnly: this.readOnly };
    } finally {
      await release();
    }
  }

  /**
   * Merges `local` into the index on disk and writes the result atomically, under the lock.
   * Returns the merged index: the caller should adopt it (it includes other processes' changes).
   * A corrupt file found on the way is backed up first and reported in `problems`.
   */
  async save(local: RegionIndex): Promise<SaveResult> {
    return this.update((disk) => mergeIndexes(disk, local, { now: this.opts.now(), tombstoneTtlMs: this.opts.tombstoneTtlMs }));
  }

  /**
   * Read-modify-write under the lock: `fn` gets the current index on disk and returns the new one
   * (e.g. the CLI marking a region reviewed without holding state). The result is written
   * atomically and returned.
   */
  async update(fn: (current: RegionIndex) => RegionIndex): Promise<SaveResult> {
    if (this.readOnly) throw new RegionStoreError(`${this.file} was written by a newer Redline; not saving`, 'read-only');
    const release = await this.lock();
    try {
      await this.removeAbandonedTemps();
      const current = await this.readAndRescue();
      if (this.readOnly) throw new RegionStoreError(`${this.file} was written by a newer Redline; not saving`, 'read-only');
      const next = fn(current.index);
      const normalized = mergeIndexes(next, { regions: [], tombstones: [] }, { now: this.opts.now(), tombstoneTtlMs: this.opts.tombstoneTtlMs });
      await this.writeAtomic(serializeRegionIndex(normalized));
      return { index: normalized, problems: current.problems };
    } finally {
      await release();
    }
  }

  private async read(): Promise<Parsed> {
    let text: string;
    try {
      text = await fsp.readFile(this.file, 'utf8');
    } catch (e) {
      if (errCode(e) === 'ENOENT') return { kind: 'missing' };
      return { kind: 'corrupt', problems: [{ file: this.file, fieldPath: [], message: `cannot be read: ${(e as Error).message}`, severity: 'error' }] };
    }
    const parsed = parseRegionIndex(this.file, text);
    if (parsed.newerVersion !== undefined) return { kind: 'newer', problems: parsed.problems };
    if (parsed.index) return { kind: 'ok', index: parsed.index };
    return { kind: 'corrupt', problems: parsed.problems };
  }

  /** Reads under the lock; a corrupt file is renamed to a backup and reported. */
  private async readAndRescue(): Promise<{ index: RegionIndex; problems: ConfigProblem[] }> {
    const r = await this.read();
    if (r.kind === 'ok') return { index: r.index, problems: [] };
    if (r.kind === 'missing') return { index: { regions: [], tombstones: [] }, problems: [] };
    if (r.kind === 'newer') {
      this.readOnly = true;
      return { index: { regions: [], tombstones: [] }, problems: r.problems };
    }
    let backup = `${this.file}.corrupt-${fileStamp(this.opts.now())}`;
    for (let i = 1; await exists(backup); i++) backup = `${this.file}.corrupt-${fileStamp(this.opts.now())}-${i}`;
    let note: string;
    try {
      await renameRetry(this.file, backup);
      note = `the file was moved to ${backup}; the region index starts empty`;
    } catch (e) {
      // Unreadable and unmovable: refuse to write over it.
      this.readOnly = true;
      note = `it could not be backed up (${(e as Error).message}); Redline will not write to it`;
    }
    return { index: { regions: [], tombstones: [] }, problems: r.problems.map((p) => ({ ...p, message: `${p.message} (${note})` })) };
  }

  /**
   * Removes temp files of writes that never finished (the writer was killed between creating
   * the temp file and renaming it). Only files older than an hour: no write takes that long, and
   * another machine's writer may be using a fresh one.
   */
  private async removeAbandonedTemps(): Promise<void> {
    const dir = dirname(this.file);
    let names: string[];
    try {
      names = await fsp.readdir(dir);
    } catch {
      return;
    }
    const now = Date.now();
    for (const name of names) {
      if (!name.startsWith(`.${INDEX_FILE}.tmp-`)) continue;
      try {
        const st = await fsp.stat(join(dir, name));
        if (now - st.mtimeMs > 3600_000) await fsp.rm(join(dir, name), { force: true });
      } catch {
        // Gone already.
      }
    }
  }

  private async writeAtomic(content: string): Promise<void> {
    const dir = dirname(this.file);
    await fsp.mkdir(dir, { recursive: true });
    const tmp = join(dir, `.${INDEX_FILE}.tmp-${process.pid}-${randomUUID().slice(0, 8)}`);
    const handle = await fsp.open(tmp, 'wx', 0o644);
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await renameRetry(tmp, this.file);
    } catch (e) {
      await fsp.rm(tmp, { force: true });
      throw e;
    }
    try {
      const d = await fsp.open(dir, 'r');
      try {
        await d.sync();
      } finally {
        await d.close();
      }
    } catch {
      // Directories cannot be fsync'ed on Windows; the rename is still atomic.
    }
  }

  /** Takes `regions.json.lock`; returns its release function. Throws `RegionStoreError('lock-timeout')`. */
  private async lock(): Promise<() => Promise<void>> {
    await fsp.mkdir(dirname(this.file), { recursive: true });
    const token = `${process.pid}:${randomUUID()}`;
    const deadline = Date.now() + this.opts.lockTimeoutMs;
    let wait = 2;
    for (;;) {
      if (await this.tryLock(token)) {
        return async () => {
          try {
            const content = await fsp.readFile(this.lockFile, 'utf8');
            if (content.includes(token)) await fsp.rm(this.lockFile, { force: true });
          } catch {
            // Already gone (broken as stale by someone else): nothing to release.
          }
        };
      }
      await this.breakIfStale();
      if (Date.now() > deadline) throw new RegionStoreError(`could not lock ${this.lockFile} within ${this.opts.lockTimeoutMs} ms`, 'lock-timeout');
      await sleep(wait + Math.random() * wait);
      wait = Math.min(wait * 2, 50);
    }
  }

  /**
   * One attempt at creating the lock with `token` in its owner record; false if it exists.
   *
   * The record goes to a temp file first (named like the index's temp files, so an abandoned one
   * is removed with them), which is then hard-linked as the lock: `link` creates the name
   * atomically and fails with EEXIST like `O_EXCL`, and the file it names is already complete.
   * Where hard links are not supported the lock is created with `O_EXCL` and written after, as
   * before; an empty lock left by a kill in between is broken after `EMPTY_LOCK_GRACE_MS`, and
   * the record is read back so a writer whose empty lock was broken meanwhile does not go on.
   */
  private async tryLock(token: string): Promise<boolean> {
    const record = JSON.stringify({ pid: process.pid, host: hostname(), token, at: new Date().toISOString() });
    if (this.hardLinks) {
      // Taken: no temp file to write and remove on every retry (`link` still decides races).
      if (await exists(this.lockFile)) return false;
      const tmp = join(dirname(this.file), `.${INDEX_FILE}.tmp-lock-${process.pid}-${randomUUID().slice(0, 8)}`);
      await fsp.writeFile(tmp, record, { flag: 'wx' });
      try {
        await fsp.link(tmp, this.lockFile);
        return true;
      } catch (e) {
        if (errCode(e) === 'EEXIST') return false;
        // EPERM/ENOTSUP/ENOSYS…: no hard links here (FAT, some network shares). A real
        // problem (permissions, a missing directory) surfaces from the O_EXCL path below.
        this.hardLinks = false;
      } finally {
        await fsp.rm(tmp, { force: true });
      }
    }
    let h: FileHandle;
    try {
      h = await fsp.open(this.lockFile, 'wx');
    } catch (e) {
      if (errCode(e) === 'EEXIST') return false;
      throw e;
    }
    try {
      await h.writeFile(record);
    } finally {
      await h.close();
    }
    try {
      return (await fsp.readFile(this.lockFile, 'utf8')) === record;
    } catch {
      return false;
    }
  }

  /**
   * Removes a stale lock (`lockIsStale`). It is renamed aside first and checked, so that two
   * processes breaking the same stale lock cannot remove a fresh one taken in between.
   */
  private async breakIfStale(): Promise<void> {
    let seen: string;
    try {
      const st = await fsp.stat(this.lockFile);
      seen = await fsp.readFile(this.lockFile, 'utf8');
      // Older than lockStaleMs, empty past the grace period, or taken on this machine by a
      // process that has died (killed in the middle of a write): stale.
      if (!lockIsStale(seen, Date.now() - st.mtimeMs, this.opts.lockStaleMs)) return;
    } catch {
      return;
    }
    const aside = `${this.lockFile}.stale-${process.pid}-${randomUUID().slice(0, 8)}`;
    try {
      await fsp.rename(this.lockFile, aside);
    } catch {
      return;
    }
    try {
      const moved = await fsp.readFile(aside, 'utf8');
      if (moved !== seen) {
        // We moved a fresh lock: put it back unless someone took the lock meanwhile.
        await fsp.link(aside, this.lockFile).catch(() => undefined);
      }
    } finally {
      await fsp.rm(aside, { force: true });
    }
  }
}

/** True when a lock file names a process on this machine that no longer runs. */
function ownerIsDead(content: string): boolean {
  let owner: { pid?: unknown; host?: unknown };
  try {
    owner = JSON.parse(content) as { pid?: unknown; host?: unknown };
  } catch {
    return false;
  }
  if (typeof owner.pid !== 'number' || owner.host !== hostname() || owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (e) {
    return errCode(e) === 'ESRCH';
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await fsp.access(p);
    return true;
  } catch {
    return false;
  }
}

/** rename with a few retries for Windows' transient EPERM/EBUSY/EACCES (file open elsewhere). */
async function renameRetry(from: string, to: string): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      await fsp.rename(from, to);
      return;
    } catch (e) {
      const code = errCode(e);
      if (i >= 10 || (code !== 'EPERM' && code !== 'EBUSY' && code !== 'EACCES')) throw e;
      await sleep(10 * (i + 1));
    }
  }
}
