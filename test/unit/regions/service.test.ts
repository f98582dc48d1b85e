import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULTS } from '../../../server/src/engine/config';
import { LineIndex } from '../../../server/src/engine/text';
import { locateWorkspaceRegions, RegionService, traceRecordForRegions, createRegion, wholeLineRange, type TraceRecord } from '../../../server/src/regions';
import { normText, ORIGIN, rangeOf, REVIEWER } from './helpers';

const TEXT = ['import jwt from "jsonwebtoken";', '', 'export function sign(user) {', '  return jwt.sign({ sub: user.id }, process.env.KEY);', '}', ''].join('\n');
const FN = 'export function sign(user) {\n  return jwt.sign({ sub: user.id }, process.env.KEY);\n}';

describe('regions/service', function () {
  this.timeout(30_000);
  let root: string;
  let changes: string[][];
  const make = () => new RegionService({ root, onChange: (p) => changes.push(p) });

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'redline-svc-'));
    changes = [];
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('tag → edit inside → review → edit makes it stale → unreview; change callbacks fire', () => {
    const svc = make();
    svc.openDocument('src/auth.ts', TEXT);
    const r = svc.tag({ path: 'src/auth.ts', range: rangeOf(TEXT, FN), origin: ORIGIN });
    assert.equal(r.status, 'unreviewed');
    assert.deepEqual(changes.at(-1), ['src/auth.ts']);
    const { reviewed } = svc.markReviewed([r.id], REVIEWER);
    assert.equal(reviewed[0]!.status, 'reviewed');
    assert.equal(reviewed[0]!.review?.by.email, REVIEWER.email);
    const at = rangeOf(TEXT, 'user.id').end;
    const res = svc.changeDocument('src/auth.ts', [{ range: { start: at, end: at }, text: ', role: user.role' }]);
    assert.deepEqual(res.changed, [r.id]);
    assert.equal(svc.get(r.id)!.status, 'stale');
    svc.markReviewed([r.id], REVIEWER);
    assert.equal(svc.get(r.id)!.status, 'reviewed');
    svc.markUnreviewed([r.id]);
    assert.equal(svc.get(r.id)!.status, 'unreviewed');
    assert.ok(svc.isDirty);
  });

  it('typing above a region moves it; typing at its end does not grow it', () => {
    const svc = make();
    svc.openDocument('a.ts', TEXT);
    const r = svc.tag({ path: 'a.ts', range: rangeOf(TEXT, FN), origin: ORIGIN });
    svc.changeDocument('a.ts', [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '// x\n' }]);
    svc.changeDocument('a.ts', [{ range: { start: { line: 5, character: 1 }, end: { line: 5, character: 1 } }, text: ' // end' }]);
    const moved = svc.get(r.id)!;
    assert.equal(moved.range.start.line, 3);
    assert.equal(moved.contentHash, r.contentHash);
  });

  it('rejects empty ranges and unknown texts', () => {
    const svc = make();
    assert.throws(() => svc.tag({ path: 'x.ts', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } }, origin: ORIGIN }), /no text/);
    assert.throws(() => svc.tag({ path: 'x.ts', range: { start: { line: 0, character: 2 }, end: { line: 0, character: 2 } }, origin: ORIGIN, text: TEXT }), /empty range/);
  });

  it('two services (two windows) share regions through flush; removals propagate', async () => {
    const a = make();
    const b = make();
    await a.load();
    await b.load();
    a.openDocument('src/auth.ts', TEXT);
    const r = a.tag({ path: 'src/auth.ts', range: rangeOf(TEXT, FN), origin: ORIGIN });
    await a.flush();
    await b.flush();
    assert.deepEqual(b.list().map((x) => x.id), [r.id], 'b picked up a’s region');
    b.markReviewed([r.id], REVIEWER);
    const other = b.tag({ path: 'src/auth.ts', range: rangeOf(TEXT, 'import jwt'), origin: ORIGIN, text: TEXT });
    await b.flush();
    await a.flush();
    assert.equal(a.get(r.id)!.status, 'reviewed');
    assert.ok(a.get(other.id));
    a.remove([other.id]);
    await a.flush();
    await b.flush();
    assert.equal(b.get(other.id), undefined, 'removed in a, gone in b');
    const fresh = new RegionService({ root });
    assert.deepEqual(await fresh.load(), []);
    assert.deepEqual(fresh.list().map((x) => x.id), [r.id]);
  });

  it('changes made while a flush is in progress are kept', async () => {
    const svc = make();
    svc.openDocument('a.ts', TEXT);
    const r = svc.tag({ path: 'a.ts', range: rangeOf(TEXT, FN), origin: ORIGIN });
    const flushing = svc.flush();
    svc.markReviewed([r.id], REVIEWER);
    await flushing;
    assert.equal(svc.get(r.id)!.status, 'reviewed');
    assert.ok(svc.isDirty);
    await svc.flush();
    const fresh = new RegionService({ root });
    await fresh.load();
    assert.equal(fresh.get(r.id)!.status, 'reviewed');
  });

  it('re-anchors closed files changed on disk, orphans regions of deleted files, ignores open ones', () => {
    const svc = make();
    const r = svc.tag({ path: 'a.ts', range: rangeOf(TEXT, FN), origin: ORIGIN, text: TEXT });
    const next = `// agent wrote this\n${TEXT}`;
    const report = svc.fileChangedOnDisk('a.ts', next);
    assert.equal(report[0]!.outcome, 'moved');
    assert.equal(normText(next, svc.get(r.id)!.range), FN);
    svc.fileChangedOnDisk('a.ts', undefined);
    assert.equal(svc.get(r.id)!.orphan?.reason, 'file-missing');
    svc.openDocument('a.ts', next);
    assert.equal(svc.get(r.id)!.status, 'unreviewed', 'restored when the file is back');
    assert.deepEqual(svc.fileChangedOnDisk('a.ts', 'whatever'), [], 'open documents follow the editor');
  });

  it('shows @ai-generated annotations and persists one when it is reviewed', () => {
    const svc = make();
    const text = `// @ai-generated tool=cursor\n${FN}\n// @end-ai-generated\n`;
    svc.openDocument('b.ts', text);
    const shown = svc.regionsFor('b.ts');
    assert.equal(shown.regions.length, 1);
    assert.equal(shown.regions[0]!.origin.method, 'annotation');
    assert.equal(svc.list().length, 0);
    svc.markReviewed([shown.regions[0]!.id], REVIEWER);
    assert.equal(svc.list().length, 1);
    assert.equal(svc.regionsFor('b.ts').regions.length, 1, 'not shown twice');
    assert.equal(svc.regionsFor('b.ts').regions[0]!.status, 'reviewed');
  });

  it('imports Agent Trace records once', () => {
    const svc = make();
    const li = new LineIndex(TEXT);
    const foreign = createRegion({ path: 'src/auth.ts', range: wholeLineRange(li, 2, 4), origin: { tool: 'claude-code', method: 'agent-hook' }, text: TEXT });
    const rec: TraceRecord = { ...traceRecordForRegions([{ region: foreign, text: TEXT }]), metadata: {} };
    const first = svc.importTraces([{ record: rec, line: 1 }], () => TEXT, 'agent-hook');
    assert.equal(first.added.length, 1);
    assert.equal(first.added[0]!.origin.method, 'agent-hook');
    assert.equal(svc.importTraces([{ record: rec, line: 1 }], () => TEXT).added.length, 0);
  });

  it('defers records for open documents the editor has not reloaded yet', () => {
    const svc = make();
    const li = new LineIndex(TEXT);
    const agentText = `// agent\n${TEXT}`;
    const foreign = createRegion({ path: 'src/auth.ts', range: wholeLineRange(new LineIndex(agentText), 3, 5), origin: { tool: 'claude-code', method: 'agent-hook' }, text: agentText });
    const rec: TraceRecord = { ...traceRecordForRegions([{ region: foreign, text: agentText }]), metadata: {} };
    svc.openDocument('src/auth.ts', TEXT); // the buffer still has the old text
    const first = svc.importTraces([{ record: rec, line: 1 }], () => agentText, 'agent-hook');
    assert.equal(first.added.length, 0);
    assert.equal(first.deferred.length, 1);
    svc.changeDocument('src/auth.ts', [{ range: li.range(0, 0), text: '// agent\n' }]);
    const second = svc.importTraces(first.deferred, () => agentText, 'agent-hook');
    assert.equal(second.added.length, 1);
    assert.equal(normText(agentText, second.added[0]!.range), FN);
  });

  it('withDomains classifies by path and region text', () => {
    const svc = make();
    svc.openDocument('src/lib/t.ts', TEXT);
    svc.tag({ path: 'src/lib/t.ts', range: rangeOf(TEXT, FN), origin: ORIGIN });
    assert.deepEqual(svc.withDomains(svc.list(), DEFAULTS)[0]!.domains, ['auth']);
  });
});

describe('regions/service: locateWorkspaceRegions (CLI)', () => {
  it('locates regions in files as they are on disk, adds annotation regions, attaches domains', () => {
    const r = createRegion({ path: 'src/pay.ts', range: rangeOf(TEXT, FN), origin: ORIGIN, text: TEXT });
    const gone = createRegion({ path: 'src/gone.ts', range: rangeOf(TEXT, FN), origin: ORIGIN, text: TEXT });
    const files: Record<string, string> = {
      'src/pay.ts': `// moved\n${TEXT}`,
      'src/ann.py': '# @ai-generated tool=copilot\nstripe.Charge.create(amount=1)\n# @end-ai-generated\n',
    };
    const res = locateWorkspaceRegions({ regions: [r, gone], tombstones: [] }, (p) => files[p], DEFAULTS, { annotatedFiles: ['src/ann.py', 'src/pay.ts'] });
    const byPath = new Map(res.regions.map((x) => [x.path, x]));
    assert.equal(byPath.get('src/pay.ts')!.range.start.line, 3);
    assert.deepEqual(byPath.get('src/pay.ts')!.domains, ['auth']);
    assert.equal(byPath.get('src/gone.ts')!.status, 'orphaned');
    assert.deepEqual(byPath.get('src/ann.py')!.domains, ['payments']);
    assert.deepEqual(res.report.map((e) => e.outcome).sort(), ['moved', 'orphaned']);
    assert.equal(res.index.regions.length, 2, 'the index result holds index regions only');
  });
});

describe('regions/service: change notifications', () => {
  it('a flush that brings nothing new does not report changes', async () => {
    const root = mkdtempSync(join(tmpdir(), 'redline-svc-'));
    try {
      const seen: string[][] = [];
      const svc = new RegionService({ root, onChange: (p) => seen.push(p) });
      svc.openDocument('a.ts', TEXT);
      svc.tag({ path: 'a.ts', range: rangeOf(TEXT, FN), origin: ORIGIN });
      await svc.flush();
      seen.length = 0;
      await svc.flush();
      assert.deepEqual(seen, []);
      const other = new RegionService({ root });
      await other.load();
      other.tag({ path: 'b.ts', range: rangeOf(TEXT, FN), origin: ORIGIN, text: TEXT });
      await other.flush();
      await svc.flush();
      assert.deepEqual(seen, [['b.ts']]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
