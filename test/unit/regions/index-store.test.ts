import { strict as assert } from 'node:assert';
import { fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createRegion,
  mergeIndexes,
  parseRegionIndex,
  RegionIndexStore,
  RegionStoreError,
  serializeRegionIndex,
  type Region,
  type RegionIndex,
} from '../../../server/src/regions';
import { EMPTY_LOCK_GRACE_MS, lockIsStale } from '../../../server/src/regions/index-store';
import { ORIGIN, REVIEWER } from './helpers';

const TEXT = 'const a = 1;\nconst b = 2;\nconst c = 3;\n';

function region(id: string, line = 0, at = '2025-01-01T00:00:00.000Z'): Region {
  return createRegion({ id, path: 'src/x.ts', range: { start: { line, character: 0 }, end: { line, character: 12 } }, origin: ORIGIN, text: TEXT, now: new Date(at) });
}

function ids(index: RegionIndex): string[] {
  return index.regions.map((r) => r.id).sort();
}

describe('regions/index-store', function () {
  this.timeout(120_000);
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'redline-regions-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('a missing file is an empty index without problems', async () => {
    const res = await new RegionIndexStore(root).load();
    assert.deepEqual(res.index, { regions: [], tombstones: [] });
    assert.deepEqual(res.problems, []);
  });

  it('round-trips through save and load; the file holds hashes, never code text', async () => {
    const store = new RegionIndexStore(root);
    const secretText = 'const key = "sk_live_0123456789abcdefghijklmn";\n';
    const r = createRegion({ path: 'src/k.ts', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 47 } }, origin: ORIGIN, text: secretText });
    await store.save({ regions: [r], tombstones: [] });
    const raw = readFileSync(store.file, 'utf8');
    assert.ok(!raw.includes('sk_live'), 'no code text in the index');
    assert.ok(!raw.includes('const key'), 'no code text in the index');
    const res = await new RegionIndexStore(root).load();
    assert.deepEqual(res.index.regions, [r]);
    assert.equal(JSON.parse(raw).version, 1);
  });

  it('backs up a corrupt (non-JSON) file, reports it and starts empty; the backup is never overwritten', async () => {
    const store = new RegionIndexStore(root, { now: () => new Date('2025-03-04T05:06:07.890Z') });
    mkdirSync(join(root, '.redline'));
    writeFileSync(store.file, '{"version": 1, "regions": [ oops');
    const res = await store.load();
    assert.deepEqual(res.index, { regions: [], tombstones: [] });
    assert.equal(res.problems.length, 1);
    const p = res.problems[0]!;
    assert.equal(p.file, store.file);
    assert.match(p.message, /not valid JSON/);
    assert.match(p.message, /regions\.json\.corrupt-20250304T050607890Z/);
    assert.ok(p.range, 'located in the file');
    const backup = `${store.file}.corrupt-20250304T050607890Z`;
    assert.equal(readFileSync(backup, 'utf8'), '{"version": 1, "regions": [ oops');
    assert.ok(!existsSync(store.file), 'the corrupt file was moved, not rewritten');
    await store.save({ regions: [region('r-1')], tombstones: [] });
    assert.equal(readFileSync(backup, 'utf8'), '{"version": 1, "regions": [ oops', 'backup untouched by later saves');
    assert.deepEqual(ids((await store.load()).index), ['r-1']);
  });

  it('reports a schema failure with the field path and its place in the file', async () => {
    const store = new RegionIndexStore(root);
    const good = JSON.parse(serializeRegionIndex({ regions: [region('r-1'), region('r-2', 1)], tombstones: [] }));
    good.regions[1].range.start.line = -3;
    mkdirSync(join(root, '.redline'));
    writeFileSync(store.file, JSON.stringify(good, null, 2));
    const res = await store.load();
    assert.equal(res.index.regions.length, 0);
    const p = res.problems.find((x) => x.fieldPath.join('.') === 'regions.1.range.start.line');
    assert.ok(p, JSON.stringify(res.problems));
    assert.ok(p.range && p.range.start.line > 0);
    assert.ok(readdirSync(join(root, '.redline')).some((f) => f.startsWith('regions.json.corrupt-')));
  });

  it('drops unknown fields (e.g. a text field added by hand) instead of keeping them', () => {
    const raw = JSON.parse(serializeRegionIndex({ regions: [region('r-1')], tombstones: [] }));
    raw.regions[0].text = 'const secret = 1';
    const res = parseRegionIndex('/x/regions.json', JSON.stringify(raw));
    assert.ok(res.index);
    assert.equal((res.index.regions[0] as unknown as Record<string, unknown>).text, undefined);
  });

  it('reports duplicate ids', () => {
    const res = parseRegionIndex('/x/regions.json', serializeRegionIndex({ regions: [region('r-1'), region('r-1', 1)], tombstones: [] }));
    assert.equal(res.index, undefined);
    assert.match(res.problems[0]!.message, /duplicate region id r-1/);
  });

  it('leaves a newer-version file alone and refuses to save over it', async () => {
    const store = new RegionIndexStore(root);
    mkdirSync(join(root, '.redline'));
    writeFileSync(store.file, '{"version": 2, "regions": []}');
    const res = await store.load();
    assert.equal(res.readOnly, true);
    assert.match(res.problems[0]!.message, /newer Redline/);
    await assert.rejects(store.save({ regions: [region('r-1')], tombstones: [] }), (e: unknown) => e instanceof RegionStoreError && e.code === 'read-only');
    assert.equal(readFileSync(store.file, 'utf8'), '{"version": 2, "regions": []}');
  });

  it('writes atomically: concurrent readers only ever see complete files, no temp files remain', async () => {
    const store = new RegionIndexStore(root);
    await store.save({ regions: [region('r-0')], tombstones: [] });
    let stop = false;
    let reads = 0;
    const reader = (async () => {
      while (!stop) {
        const text = readFileSync(store.file, 'utf8');
        const parsed = parseRegionIndex(store.file, text);
        assert.ok(parsed.index, `partial file seen: ${parsed.problems[0]?.message}`);
        reads++;
        await new Promise((r) => setImmediate(r));
      }
    })();
    let local: RegionIndex = { regions: [], tombstones: [] };
    for (let i = 1; i <= 40; i++) local = (await store.save({ ...local, regions: [...local.regions, region(`r-${i}`, i % 3)] })).index;
    stop = true;
    await reader;
    assert.ok(reads > 0);
    assert.equal((await store.load()).index.regions.length, 41);
    assert.deepEqual(readdirSync(join(root, '.redline')).sort(), ['regions.json']);
  });

  it('two stores on one directory interleaving saves lose nothing', async () => {
    const a = new RegionIndexStore(root);
    const b = new RegionIndexStore(root);
    let la = (await a.load()).index;
    let lb = (await b.load()).index;
    la = (await a.save({ ...la, regions: [...la.regions, region('a-1')] })).index;
    lb = (await b.save({ ...lb, regions: [...lb.regions, region('b-1')] })).index; // b never saw a-1
    assert.deepEqual(ids(lb), ['a-1', 'b-1']);
    la = (await a.save({ ...la, regions: [...la.regions, region('a-2')] })).index; // a never saw b-1
    assert.deepEqual(ids(la), ['a-1', 'a-2', 'b-1']);
    assert.deepEqual(ids((await new RegionIndexStore(root).load()).index), ['a-1', 'a-2', 'b-1']);
  });

  it('a removal in one window is not undone by another window that still holds (and moved) the region', async () => {
    const a = new RegionIndexStore(root);
    const b = new RegionIndexStore(root);
    const base = (await a.save({ regions: [region('r-1'), region('r-2', 1)], tombstones: [] })).index;
    // Window B removes r-1.
    const deletedAt = new Date(Date.now() - 1000).toISOString();
    await b.save({ regions: base.regions.filter((r) => r.id !== 'r-1'), tombstones: [{ id: 'r-1', deletedAt }] });
    // Window A shifted r-1 later (typing above it) and saves its stale copy.
    const moved = { ...base.regions[0]!, range: { start: { line: 2, character: 0 }, end: { line: 2, character: 12 } }, updatedAt: new Date().toISOString() };
    const res = await a.save({ regions: [moved, base.regions[1]!], tombstones: [] });
    assert.deepEqual(ids(res.index), ['r-2']);
    assert.deepEqual(res.index.tombstones.map((t) => t.id), ['r-1']);
  });

  it('merges a review from one window with a move from another (per-group last writer wins)', async () => {
    const a = new RegionIndexStore(root);
    const b = new RegionIndexStore(root);
    const base = (await a.save({ regions: [region('r-1')], tombstones: [] })).index.regions[0]!;
    const reviewed = { ...base, review: { by: REVIEWER, at: '2025-01-05T00:00:00.000Z', contentHash: base.contentHash }, reviewUpdatedAt: '2025-01-05T00:00:00.000Z', status: 'reviewed' as const };
    await b.save({ regions: [reviewed], tombstones: [] });
    const moved = { ...base, range: { start: { line: 1, character: 0 }, end: { line: 1, character: 12 } }, updatedAt: '2025-01-06T00:00:00.000Z' };
    const merged = (await a.save({ regions: [moved], tombstones: [] })).index.regions[0]!;
    assert.equal(merged.range.start.line, 1, 'position from the later move');
    assert.equal(merged.review?.by.email, REVIEWER.email, 'review from the other window');
    assert.equal(merged.status, 'reviewed');
  });

  it('drops tombstones past their time to live', () => {
    const now = new Date('2025-03-01T00:00:00.000Z');
    const merged = mergeIndexes({ regions: [], tombstones: [{ id: 'old', deletedAt: '2025-01-01T00:00:00.000Z' }, { id: 'new', deletedAt: '2025-02-27T00:00:00.000Z' }] }, { regions: [], tombstones: [] }, { now });
    assert.deepEqual(merged.tombstones.map((t) => t.id), ['new']);
  });

  it('mergeIndexes is order-independent', () => {
    const x = { ...region('r-1'), updatedAt: '2025-01-02T00:00:00.000Z', range: { start: { line: 1, character: 0 }, end: { line: 1, character: 12 } } };
    const y = { ...region('r-1'), review: { by: REVIEWER, at: '2025-01-03T00:00:00.000Z', contentHash: x.contentHash }, reviewUpdatedAt: '2025-01-03T00:00:00.000Z' };
    const a: RegionIndex = { regions: [x, region('r-2', 2)], tombstones: [] };
    const b: RegionIndex = { regions: [y], tombstones: [{ id: 'r-2', deletedAt: '2025-01-04T00:00:00.000Z' }] };
    const now = new Date('2025-01-10T00:00:00.000Z');
    assert.deepEqual(mergeIndexes(a, b, { now }), mergeIndexes(b, a, { now }));
  });

  it('breaks a stale lock left by a crashed process; times out on a live one', async () => {
    const store = new RegionIndexStore(root, { lockStaleMs: 1000, lockTimeoutMs: 300 });
    mkdirSync(join(root, '.redline'));
    writeFileSync(store.lockFile, '{"pid": 999999, "token": "dead"}');
    await assert.rejects(store.save({ regions: [region('r-1')], tombstones: [] }), (e: unknown) => e instanceof RegionStoreError && e.code === 'lock-timeout');
    const old = new Date(Date.now() - 60_000);
    utimesSync(store.lockFile, old, old);
    await store.save({ regions: [region('r-1')], tombstones: [] });
    assert.ok(!existsSync(store.lockFile), 'lock released');
    assert.deepEqual(ids((await store.load()).index), ['r-1']);
  });

  it('decides which lock to break: stale, empty past the grace period, or owned by a dead local process', () => {
    const STALE = 5000;
    const record = (pid: number, host = hostname()) => JSON.stringify({ pid, host, token: `${pid}:t`, at: '2026-01-01T00:00:00.000Z' });
    const dead = Math.floor(1e9 + Math.random() * 1e9); // far above any pid_max: no such process
    assert.equal(EMPTY_LOCK_GRACE_MS, 1000);
    // An empty lock (owner killed between creating and writing it): broken after the grace period, not after 5 s.
    assert.equal(lockIsStale('', 0, STALE), false);
    assert.equal(lockIsStale('', EMPTY_LOCK_GRACE_MS, STALE), false);
    assert.equal(lockIsStale('', EMPTY_LOCK_GRACE_MS + 1, STALE), true);
    assert.equal(lockIsStale(' \n', 1500, STALE), true);
    // A live owner (this process): kept until lockStaleMs.
    assert.equal(lockIsStale(record(process.pid), 4999, STALE), false);
    assert.equal(lockIsStale(record(process.pid), 5001, STALE), true);
    // A dead owner on this machine: broken at once; on another machine it cannot be checked.
    assert.equal(lockIsStale(record(dead), 0, STALE), true);
    assert.equal(lockIsStale(record(dead, 'elsewhere.example'), 4999, STALE), false);
    // Not a record (e.g. edited by hand) and not empty: only lockStaleMs applies.
    assert.equal(lockIsStale('garbage', 4999, STALE), false);
    assert.equal(lockIsStale('garbage', 5001, STALE), true);
  });

  it('an empty lock file left by a kill delays the next writer by the grace period, not lockStaleMs', async () => {
    // lockTimeoutMs below lockStaleMs: the save can only succeed if the empty lock is broken before it is stale.
    const store = new RegionIndexStore(root, { lockStaleMs: 5000, lockTimeoutMs: 1500 });
    mkdirSync(join(root, '.redline'));
    writeFileSync(store.lockFile, '');
    const aged = new Date(Date.now() - 2 * EMPTY_LOCK_GRACE_MS);
    utimesSync(store.lockFile, aged, aged);
    await store.save({ regions: [region('r-1')], tombstones: [] });
    assert.ok(!existsSync(store.lockFile), 'lock released');
    assert.deepEqual(ids((await store.load()).index), ['r-1']);
    // A fresh empty lock may be a live writer between creating and writing it: left alone.
    writeFileSync(store.lockFile, '');
    const quick = new RegionIndexStore(root, { lockStaleMs: 5000, lockTimeoutMs: 200 });
    await assert.rejects(quick.save({ regions: [region('r-2')], tombstones: [] }), (e: unknown) => e instanceof RegionStoreError && e.code === 'lock-timeout');
  });

  it('a held lock holds its owner record; taking it leaves no temp file', async () => {
    const store = new RegionIndexStore(root);
    let seen: unknown;
    await store.update((current) => {
      seen = JSON.parse(readFileSync(store.lockFile, 'utf8'));
      return current;
    });
    assert.equal((seen as { pid?: unknown }).pid, process.pid);
    assert.equal((seen as { host?: unknown }).host, hostname());
    assert.deepEqual(readdirSync(join(root, '.redline')), ['regions.json']);
  });

  it('many concurrent writer processes lose nothing and removed regions stay removed', async () => {
    const writers = 6;
    const count = 15;
    const script = join(__dirname, 'concurrent-writer.ts');
    const codes = await Promise.all(
      Array.from({ length: writers }, (_, w) => {
        const child = fork(script, [root, String(w), String(count)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
        return new Promise<number | null>((resolve) => child.on('exit', resolve));
      }),
    );
    assert.deepEqual(codes, Array(writers).fill(0));
    const index = (await new RegionIndexStore(root).load()).index;
    const expected: string[] = [];
    const removed: string[] = [];
    for (let w = 0; w < writers; w++) for (let i = 0; i < count; i++) (i % 5 === 4 ? removed : expected).push(`w${w}-${i}`);
    assert.deepEqual(ids(index), expected.sort());
    assert.deepEqual(index.tombstones.map((t) => t.id).sort(), removed.sort());
    assert.deepEqual(readdirSync(join(root, '.redline')), ['regions.json']);
  });
});
