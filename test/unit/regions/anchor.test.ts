import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { LineIndex } from '../../../server/src/engine/text';
import { createRegion, isValidRange, orphanMissingFile, reanchorRegions, wholeLineRange, type Region } from '../../../server/src/regions';
import { normText, ORIGIN, rangeOf, REVIEWER, T0, textOf } from './helpers';

const T1 = new Date('2025-02-01T00:00:00.000Z');

const FILE = ['import { db } from "./db";', '', 'export async function login(user, pw) {', '  const row = await db.get(user);', '  return bcrypt.compare(pw, row.hash);', '}', '', 'export const VERSION = 3;', ''].join('\n');
const BODY = 'export async function login(user, pw) {\n  const row = await db.get(user);\n  return bcrypt.compare(pw, row.hash);\n}';

function loginRegion(text = FILE): Region {
  return createRegion({ path: 'src/auth.ts', range: rangeOf(text, BODY), origin: ORIGIN, text, now: T0 });
}

function reviewed(r: Region): Region {
  return { ...r, review: { by: REVIEWER, at: T0.toISOString(), contentHash: r.contentHash }, reviewUpdatedAt: T0.toISOString(), status: 'reviewed' };
}

describe('regions/anchor: re-anchoring after on-disk changes', () => {
  it('keeps a region when the file did not change (document hash)', () => {
    const r = loginRegion();
    const res = reanchorRegions([r], FILE, { now: T1 });
    assert.equal(res.report[0]!.outcome, 'unchanged');
    assert.equal(res.report[0]!.method, 'document-hash');
    assert.equal(res.regions[0], r);
  });

  it('finds a region moved by insertions above (content hash, no previous text)', () => {
    const r = loginRegion();
    const next = `// added by an agent\n// another line\n${FILE}`;
    const res = reanchorRegions([r], next, { now: T1 });
    assert.equal(res.report[0]!.outcome, 'moved');
    assert.equal(res.report[0]!.method, 'content-hash');
    assert.equal(res.regions[0]!.range.start.line, r.range.start.line + 2);
    assert.equal(normText(next, res.regions[0]!.range), BODY);
    assert.equal(res.regions[0]!.contentHash, r.contentHash);
    assert.equal(res.regions[0]!.anchor.documentHash === r.anchor.documentHash, false, 'anchor refreshed');
  });

  it('maps through a line diff when the previous text is known', () => {
    const r = loginRegion();
    const next = FILE.replace('import { db } from "./db";', 'import { db } from "./db";\nimport bcrypt from "bcrypt";');
    const res = reanchorRegions([r], next, { previousText: FILE, now: T1 });
    assert.equal(res.report[0]!.method, 'diff');
    assert.equal(res.report[0]!.outcome, 'moved');
    assert.equal(normText(next, res.regions[0]!.range), BODY);
  });

  it('a diff that edits inside a reviewed region makes it stale', () => {
    const r = reviewed(loginRegion());
    const next = FILE.replace('db.get(user)', 'db.get(user.id)');
    const res = reanchorRegions([r], next, { previousText: FILE, now: T1 });
    assert.equal(res.report[0]!.outcome, 'changed');
    assert.equal(res.regions[0]!.status, 'stale');
    assert.equal(normText(next, res.regions[0]!.range), BODY.replace('db.get(user)', 'db.get(user.id)'));
  });

  it('finds a region whose text changed by its context, and makes it stale', () => {
    const r = reviewed(loginRegion());
    const next = `// banner\n${FILE.replace('db.get(user)', 'db.get(user.id)')}`;
    const res = reanchorRegions([r], next, { now: T1 });
    assert.equal(res.report[0]!.method, 'context');
    assert.equal(res.report[0]!.outcome, 'changed');
    assert.equal(res.regions[0]!.status, 'stale');
    assert.equal(normText(next, res.regions[0]!.range), BODY.replace('db.get(user)', 'db.get(user.id)'));
  });

  it('orphans a deleted region (not found), keeping it with an empty range', () => {
    const r = reviewed(loginRegion());
    const next = FILE.replace(`${BODY}\n`, '');
    const res = reanchorRegions([r], next, { now: T1 });
    const x = res.regions[0]!;
    assert.equal(res.report[0]!.outcome, 'orphaned');
    assert.equal(x.status, 'orphaned');
    assert.equal(x.orphan?.reason, 'not-found');
    assert.equal(x.orphan?.previousStatus, 'reviewed');
    assert.deepEqual(x.range.start, x.range.end);
    assert.ok(isValidRange(new LineIndex(next), x.range));
  });

  it('orphans a region deleted according to the diff (reason deleted)', () => {
    const r = loginRegion();
    const next = FILE.replace(`${BODY}\n`, '');
    const res = reanchorRegions([r], next, { previousText: FILE, now: T1 });
    assert.equal(res.regions[0]!.orphan?.reason, 'deleted');
  });

  it('a block the diff sees as deleted but that moved elsewhere is found by its hash', () => {
    const r = loginRegion();
    const without = FILE.replace(`${BODY}\n`, '');
    const next = `${without}\n// moved here\n${BODY}\n`;
    const res = reanchorRegions([r], next, { previousText: FILE, now: T1 });
    assert.equal(res.report[0]!.outcome, 'moved');
    assert.equal(normText(next, res.regions[0]!.range), BODY);
  });

  it('never guesses: a region whose text appears twice with no distinguishing context is ambiguous', () => {
    const r = loginRegion();
    const next = `${BODY}\n\n${BODY}\n`;
    const res = reanchorRegions([r], next, { now: T1 });
    assert.equal(res.regions[0]!.status, 'orphaned');
    assert.equal(res.regions[0]!.orphan?.reason, 'ambiguous');
  });

  it('a duplicate elsewhere does not matter when the full context picks one copy', () => {
    const r = loginRegion();
    const next = `// copy\n${BODY}\n// end copy\n\n// x\n${FILE}`;
    const res = reanchorRegions([r], next, { now: T1 });
    assert.equal(res.report[0]!.outcome, 'moved');
    assert.equal(res.regions[0]!.range.start.line, 10);
    assert.equal(normText(next, res.regions[0]!.range), BODY);
  });

  it('restores an orphaned region when its text reappears in one place', () => {
    const r = reviewed(loginRegion());
    const gone = reanchorRegions([r], FILE.replace(`${BODY}\n`, ''), { now: T1 }).regions[0]!;
    assert.equal(gone.status, 'orphaned');
    const back = reanchorRegions([gone], `// restored\n${FILE}`, { now: T1 });
    assert.equal(back.report[0]!.outcome, 'restored');
    assert.equal(back.regions[0]!.status, 'reviewed');
    assert.equal(back.regions[0]!.orphan, undefined);
  });

  it('finds a single-line character region at the same column after lines are inserted', () => {
    const text = 'const a = 1;\nconst key = compute(secretInput);\n';
    const r = createRegion({ path: 'p.ts', range: rangeOf(text, 'compute(secretInput)'), origin: ORIGIN, text });
    const next = `// 1\n// 2\n${text}`;
    const res = reanchorRegions([r], next);
    assert.equal(res.report[0]!.outcome, 'moved');
    assert.equal(textOf(next, res.regions[0]!.range), 'compute(secretInput)');
  });

  it('a whole-file region whose file was partly rewritten is found (file boundaries are its context)', () => {
    const lines = Array.from({ length: 10 }, (_, i) => `line ${i}`);
    const text = lines.join('\n');
    const li = new LineIndex(text);
    const r = createRegion({ path: 'p', range: wholeLineRange(li, 0, 9), origin: ORIGIN, text });
    const next = lines.map((l, i) => (i === 4 ? 'changed' : l)).join('\n');
    const res = reanchorRegions([r], next);
    assert.equal(res.report[0]!.outcome, 'changed');
    assert.equal(normText(next, res.regions[0]!.range), next);
  });

  it('line-ending changes alone leave regions unchanged', () => {
    const r = reviewed(loginRegion());
    const crlf = FILE.replace(/\n/g, '\r\n');
    const res = reanchorRegions([r], crlf, { now: T1 });
    assert.equal(res.regions[0]!.status, 'reviewed');
    assert.deepEqual(res.regions[0]!.range, r.range);
  });

  it('orphanMissingFile orphans with reason file-missing', () => {
    const res = orphanMissingFile([loginRegion()], T1);
    assert.equal(res.regions[0]!.orphan?.reason, 'file-missing');
  });
});

describe('regions/anchor: properties (fast-check)', function () {
  this.timeout(60_000);
  const uniqueLines = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 8, unit: fc.constantFrom('a', 'b', 'c', 'd', '(', ')', ' ') }), { minLength: 3, maxLength: 20 });
  const fresh = fc.array(fc.string({ minLength: 1, maxLength: 6, unit: fc.constantFrom('X', 'Y', 'Z') }), { minLength: 1, maxLength: 5 });

  it('finds a region exactly after random insertions above and below it, with or without the old text', () => {
    fc.assert(
      fc.property(uniqueLines, fc.nat(), fc.nat(), fresh, fresh, fc.boolean(), (lines, a, b, above, below, withPrev) => {
        const s = a % lines.length;
        const e = s + (b % (lines.length - s));
        const text = `${lines.join('\n')}\n`;
        const li = new LineIndex(text);
        const r = createRegion({ path: 'p', range: wholeLineRange(li, s, e), origin: ORIGIN, text: li });
        // Lines with X/Y/Z never occur in the original, so the region text stays unique.
        const next = [...lines.slice(0, s), ...above, ...lines.slice(s, e + 1), ...below, ...lines.slice(e + 1)].join('\n') + '\n';
        const res = reanchorRegions([r], next, withPrev ? { previousText: text } : {});
        const x = res.regions[0]!;
        assert.notEqual(x.status, 'orphaned');
        assert.equal(x.range.start.line, s + above.length);
        assert.equal(normText(next, x.range), lines.slice(s, e + 1).join('\n'));
        assert.equal(x.contentHash, r.contentHash);
      }),
      { numRuns: Number(process.env.REDLINE_FC_RUNS ?? 300) },
    );
  });

  it('orphans a region whose lines were all deleted', () => {
    fc.assert(
      fc.property(uniqueLines, fc.nat(), fc.nat(), fc.boolean(), (lines, a, b, withPrev) => {
        const s = a % lines.length;
        const e = s + (b % (lines.length - s));
        fc.pre(e - s + 1 < lines.length);
        const text = `${lines.join('\n')}\n`;
        const li = new LineIndex(text);
        const r = createRegion({ path: 'p', range: wholeLineRange(li, s, e), origin: ORIGIN, text: li });
        const next = [...lines.slice(0, s), ...lines.slice(e + 1)].join('\n') + '\n';
        const res = reanchorRegions([r], next, withPrev ? { previousText: text } : {});
        assert.equal(res.regions[0]!.status, 'orphaned');
        assert.ok(isValidRange(new LineIndex(next), res.regions[0]!.range));
      }),
      { numRuns: Number(process.env.REDLINE_FC_RUNS ?? 300) },
    );
  });
});
