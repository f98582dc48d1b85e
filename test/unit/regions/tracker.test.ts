import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { LineIndex } from '../../../server/src/engine/text';
import type { ContentChange } from '../../../server/src/engine/document';
import {
  applyContentChanges,
  contentHash,
  createRegion,
  isValidRange,
  normalizeEol,
  shiftRegions,
  shiftSpan,
  type Region,
} from '../../../server/src/regions';
import { applyChange, insertArb, normText, ORIGIN, rangeOf, regionAt, REVIEWER, T0, textArb, textOf } from './helpers';

const T1 = new Date('2025-01-02T00:00:00.000Z');

function reviewed(r: Region): Region {
  return { ...r, review: { by: REVIEWER, at: T0.toISOString(), contentHash: r.contentHash }, reviewUpdatedAt: T0.toISOString(), status: 'reviewed' };
}

function insertAt(text: string, offset: number, insert: string): ContentChange {
  const li = new LineIndex(text);
  const p = li.positionAt(offset);
  return { range: { start: p, end: p }, text: insert };
}

function replaceSpan(text: string, start: number, end: number, insert: string): ContentChange {
  return { range: new LineIndex(text).range(start, end), text: insert };
}

describe('regions/tracker: shiftSpan rules', () => {
  const e = (start: number, end: number, insertLength: number) => ({ start, end, insertLength });
  it('insertion at the start edge shifts, at the end edge leaves alone, inside grows', () => {
    assert.deepEqual(shiftSpan(10, 20, e(10, 10, 3)), { start: 13, end: 23, effect: 'before' });
    assert.deepEqual(shiftSpan(10, 20, e(20, 20, 3)), { start: 10, end: 20, effect: 'after' });
    assert.deepEqual(shiftSpan(10, 20, e(15, 15, 3)), { start: 10, end: 23, effect: 'inside' });
  });
  it('deletion covering the span deletes it; partial overlaps clip', () => {
    assert.equal(shiftSpan(10, 20, e(5, 25, 2)).effect, 'deleted');
    assert.equal(shiftSpan(10, 20, e(10, 20, 0)).effect, 'deleted');
    assert.deepEqual(shiftSpan(10, 20, e(5, 15, 2)), { start: 7, end: 12, effect: 'clip-start' });
    assert.deepEqual(shiftSpan(10, 20, e(15, 25, 2)), { start: 10, end: 15, effect: 'clip-end' });
    assert.deepEqual(shiftSpan(10, 20, e(10, 12, 5)), { start: 10, end: 23, effect: 'inside' });
    assert.deepEqual(shiftSpan(10, 20, e(2, 10, 1)), { start: 3, end: 13, effect: 'before' });
  });
});

describe('regions/tracker: shiftRegions examples', () => {
  const text = 'import x;\nfunction f() {\n  return 1;\n}\nexport default f;\n';
  const body = 'function f() {\n  return 1;\n}';
  const make = () => createRegion({ path: 'src/f.ts', range: rangeOf(text, body), origin: ORIGIN, text, now: T0 });

  it('typing right after the region does not grow it', () => {
    const r = make();
    const res = shiftRegions([r], { range: { start: r.range.end, end: r.range.end }, text: ' // done' }, text, { now: T1 });
    assert.equal(res.regions[0], r, 'same object: untouched');
    assert.equal(normText(res.text, res.regions[0]!.range), body);
  });

  it('typing right before the region shifts it without growing it', () => {
    const r = make();
    const res = shiftRegions([r], { range: { start: r.range.start, end: r.range.start }, text: '/** doc */\n' }, text, { now: T1 });
    const moved = res.regions[0]!;
    assert.deepEqual(moved.range.start, { line: 2, character: 0 });
    assert.equal(normText(res.text, moved.range), body);
    assert.equal(moved.contentHash, r.contentHash);
    assert.equal(moved.updatedAt, T1.toISOString());
  });

  it('typing inside grows the region, changes its hash and makes a reviewed region stale', () => {
    const r = reviewed(make());
    const at = rangeOf(text, '1;').start;
    const res = shiftRegions([r], { range: { start: at, end: at }, text: '4' }, text, { now: T1 });
    const x = res.regions[0]!;
    assert.equal(normText(res.text, x.range), body.replace('1;', '41;'));
    assert.notEqual(x.contentHash, r.contentHash);
    assert.equal(x.status, 'stale');
    assert.deepEqual(res.changed, [r.id]);
  });

  it('an unreviewed region stays unreviewed after an inner edit', () => {
    const r = make();
    const at = rangeOf(text, 'return').start;
    const res = shiftRegions([r], { range: { start: at, end: at }, text: 'x' }, text);
    assert.equal(res.regions[0]!.status, 'unreviewed');
  });

  it('deleting the whole region orphans it (kept, reason deleted, empty range)', () => {
    const r = reviewed(make());
    const res = shiftRegions([r], { range: { start: { line: 0, character: 9 }, end: { line: 4, character: 0 } }, text: '\n' }, text, { now: T1 });
    const x = res.regions[0]!;
    assert.equal(x.status, 'orphaned');
    assert.equal(x.orphan?.reason, 'deleted');
    assert.equal(x.orphan?.previousStatus, 'reviewed');
    assert.deepEqual(x.range.start, x.range.end);
    assert.deepEqual(res.orphaned, [r.id]);
    assert.ok(isValidRange(new LineIndex(res.text), x.range));
  });

  it('clips a partially overlapping deletion at the start and at the end', () => {
    const r = make();
    const startCut = shiftRegions([r], replaceSpan(text, text.indexOf('x;'), text.indexOf('f()'), ''), text, { splitReplacements: false });
    assert.equal(normText(startCut.text, startCut.regions[0]!.range), 'f() {\n  return 1;\n}');
    const endCut = shiftRegions([r], replaceSpan(text, text.indexOf('1;'), text.indexOf('default'), 'X '), text, { splitReplacements: false });
    assert.equal(normText(endCut.text, endCut.regions[0]!.range), 'function f() {\n  return ');
  });

  it('a whole-document replacement (formatter) keeps regions whose lines did not change', () => {
    const r = reviewed(make());
    const formatted = text.replace('import x;', 'import x from "x";').replace('export default f;', 'export default f;\n');
    const li = new LineIndex(text);
    const res = shiftRegions([r], { range: li.range(0, text.length), text: formatted }, text, { now: T1 });
    const x = res.regions[0]!;
    assert.equal(res.text, formatted);
    assert.equal(normText(res.text, x.range), body);
    assert.equal(x.status, 'reviewed');
  });

  it('a change without a range re-anchors from the previous text by diffing', () => {
    const r = make();
    const next = `// header\n// more\n${text}`;
    const res = shiftRegions([r], { text: next }, text, { now: T1 });
    assert.equal(normText(next, res.regions[0]!.range), body);
    assert.equal(res.reanchored?.[0]?.outcome, 'moved');
    assert.equal(res.reanchored?.[0]?.method, 'diff');
  });

  it('applies a sequence of changes in order, each in the coordinates left by the previous one', () => {
    const r = make();
    const changes: ContentChange[] = [
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'A\nB\n' },
      { range: { start: { line: 4, character: 2 }, end: { line: 4, character: 8 } }, text: 'yield' },
    ];
    const res = applyContentChanges([r], changes, text, { now: T1 });
    let expected = text;
    for (const c of changes) expected = applyChange(expected, c);
    assert.equal(res.text, expected);
    assert.equal(normText(res.text, res.regions[0]!.range), 'function f() {\n  yield 1;\n}');
  });

  it('keeps CRLF documents consistent: hashes ignore line-ending style', () => {
    const crlf = text.replace(/\n/g, '\r\n');
    const a = createRegion({ path: 'p', range: rangeOf(crlf, body.replace(/\n/g, '\r\n')), origin: ORIGIN, text: crlf });
    assert.equal(a.contentHash, make().contentHash);
    const res = shiftRegions([a], { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '\r\n' }, crlf);
    assert.equal(res.regions[0]!.contentHash, a.contentHash);
    assert.equal(res.regions[0]!.range.start.line, 2);
  });
});

// ---------------------------------------------------------------------------------------------
// Property-based tests
// ---------------------------------------------------------------------------------------------

/** A random edit of `text`: insert/delete/replace, biased toward region edges. */
function editArb(text: string, edges: number[]): fc.Arbitrary<ContentChange> {
  const n = text.length;
  const offset = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: n }) }, { weight: edges.length ? 2 : 0, arbitrary: edges.length ? fc.constantFrom(...edges) : fc.constant(0) });
  return fc.tuple(offset, offset, insertArb, fc.constantFrom('insert', 'delete', 'replace')).map(([a, b, ins, kind]) => {
    const li = new LineIndex(text);
    const s = Math.min(a, b);
    const e = kind === 'insert' ? s : Math.max(a, b);
    return { range: { start: li.positionAt(s), end: li.positionAt(e) }, text: kind === 'delete' ? '' : ins };
  });
}

function edgesOf(text: string, regions: readonly Region[]): number[] {
  const li = new LineIndex(text);
  return regions.flatMap((r) => [li.offsetAt(r.range.start), li.offsetAt(r.range.end)]);
}

/** Random document + regions (some reviewed). */
const docArb = textArb.chain((text) =>
  fc
    .array(fc.tuple(fc.integer({ min: 0, max: text.length }), fc.integer({ min: 0, max: text.length }), fc.boolean()), { minLength: 1, maxLength: 4 })
    .map((spans) => {
      const regions = spans
        .map(([a, b, rev], i) => {
          const s = Math.min(a, b);
          const e = Math.max(a, b);
          const r = regionAt(text, s, e, { id: `r-${i}` });
          return rev ? reviewed(r) : r;
        })
        .filter((r) => {
          const li = new LineIndex(text);
          return li.offsetAt(r.range.start) < li.offsetAt(r.range.end);
        });
      return { text, regions };
    }),
).filter((d) => d.regions.length > 0);

/** Offsets of a region and of an edit in the text before it. */
function spans(text: string, r: Region, c: ContentChange) {
  const li = new LineIndex(text);
  const rs = li.offsetAt(r.range.start);
  const re = li.offsetAt(r.range.end);
  const cs = li.offsetAt(c.range!.start);
  const ce = Math.max(cs, li.offsetAt(c.range!.end));
  return { rs, re, cs, ce };
}

function untouched(s: { rs: number; re: number; cs: number; ce: number }): boolean {
  return s.cs === s.ce ? s.cs <= s.rs || s.cs >= s.re : s.ce <= s.rs || s.cs >= s.re;
}

const RUNS = { numRuns: Number(process.env.REDLINE_FC_RUNS ?? 300) };

describe('regions/tracker: properties (fast-check)', function () {
  this.timeout(60_000);

  it('random edit sequences never move a region outside the document', () => {
    fc.assert(
      fc.property(
        docArb.chain((doc) => fc.array(fc.nat(), { minLength: 1, maxLength: 8 }).map((seeds) => ({ ...doc, seeds }))),
        ({ text, regions, seeds }) => {
          let cur = text;
          let rs = regions;
          for (const seed of seeds) {
            const change = fc.sample(editArb(cur, edgesOf(cur, rs)), { numRuns: 1, seed })[0]!;
            const res = shiftRegions(rs, change, cur, { now: T0 });
            assert.equal(res.text, applyChange(cur, change));
            cur = res.text;
            rs = res.regions;
            const li = new LineIndex(cur);
            for (const r of rs) assert.ok(isValidRange(li, r.range), `invalid range ${JSON.stringify(r.range)} for ${JSON.stringify(cur)}`);
          }
        },
      ),
      RUNS,
    );
  });

  it('regions an edit does not reach keep their hash and their text (edge insertions included)', () => {
    fc.assert(
      fc.property(
        docArb.chain((doc) => fc.array(fc.nat(), { minLength: 1, maxLength: 8 }).map((seeds) => ({ ...doc, seeds }))),
        ({ text, regions, seeds }) => {
          let cur = text;
          let rs = regions;
          const everTouched = new Set<string>();
          for (const seed of seeds) {
            const change = fc.sample(editArb(cur, edgesOf(cur, rs)), { numRuns: 1, seed })[0]!;
            const res = shiftRegions(rs, change, cur, { now: T0 });
            rs.forEach((r, i) => {
              const s = spans(cur, r, change);
              const after = res.regions[i]!;
              if (r.status === 'orphaned') return;
              if (untouched(s)) {
                assert.equal(after.contentHash, r.contentHash, 'hash kept');
                assert.equal(normText(res.text, after.range), normText(cur, r.range), 'text kept');
                assert.equal(after.status, r.status, 'status kept');
              } else everTouched.add(r.id);
            });
            cur = res.text;
            rs = res.regions;
          }
          for (const r of rs) {
            if (everTouched.has(r.id) || r.status === 'orphaned') continue;
            const initial = regions.find((x) => x.id === r.id)!;
            assert.equal(normText(cur, r.range), normText(text, initial.range), 'text after edits entirely outside it is unchanged');
          }
        },
      ),
      RUNS,
    );
  });

  it('each edit has exactly the effect of the rule table (oracle on offsets)', () => {
    fc.assert(
      fc.property(
        docArb.chain((doc) => editArb(doc.text, edgesOf(doc.text, doc.regions)).map((change) => ({ ...doc, change }))),
        ({ text, regions, change }) => {
          const res = shiftRegions(regions, change, text, { now: T0, splitReplacements: false });
          regions.forEach((r, i) => {
            const { rs, re, cs, ce } = spans(text, r, change);
            const after = res.regions[i]!;
            let expected: string | 'orphaned';
            if (cs === ce) expected = cs <= rs || cs >= re ? text.slice(rs, re) : text.slice(rs, cs) + change.text + text.slice(cs, re);
            else if (ce <= rs || cs >= re) expected = text.slice(rs, re);
            else if (cs <= rs && ce >= re) expected = 'orphaned';
            else if (cs < rs) expected = text.slice(ce, re);
            else if (ce > re) expected = text.slice(rs, cs);
            else expected = text.slice(rs, cs) + change.text + text.slice(ce, re);
            if (expected === 'orphaned') {
              assert.equal(after.status, 'orphaned');
              assert.equal(after.orphan?.reason, 'deleted');
              assert.deepEqual(after.range.start, after.range.end);
              return;
            }
            assert.equal(normText(res.text, after.range), normalizeEol(expected));
            assert.equal(after.contentHash, contentHash(expected));
            if (r.status === 'reviewed') assert.equal(after.status, contentHash(expected) === r.review!.contentHash ? 'reviewed' : 'stale');
            else assert.equal(after.status, 'unreviewed');
          });
        },
      ),
      { numRuns: Number(process.env.REDLINE_FC_RUNS ?? 500) },
    );
  });

  it('insertions at a region edge never grow it', () => {
    fc.assert(
      fc.property(docArb, insertArb.filter((s) => s.length > 0), fc.boolean(), ({ text, regions }, ins, atEnd) => {
        const r = regions[0]!;
        const p = atEnd ? r.range.end : r.range.start;
        const res = shiftRegions([r], { range: { start: p, end: p }, text: ins }, text);
        assert.equal(normText(res.text, res.regions[0]!.range), normText(text, r.range));
        assert.equal(res.regions[0]!.contentHash, r.contentHash);
      }),
      RUNS,
    );
  });

  it('a content-changing edit inside a reviewed region makes it stale', () => {
    fc.assert(
      fc.property(
        docArb,
        fc.nat(),
        fc.string({ minLength: 1, maxLength: 4, unit: fc.constantFrom('q', 'Z', '\n') }),
        ({ text, regions }, k, ins) => {
          const r = reviewed(regions[0]!);
          const li = new LineIndex(text);
          const rs = li.offsetAt(r.range.start);
          const re = li.offsetAt(r.range.end);
          fc.pre(re - rs >= 2);
          const inner = rs + 1 + (k % (re - rs - 1));
          fc.pre(!(text.charCodeAt(inner - 1) === 13 && text.charCodeAt(inner) === 10));
          // Content-changing: "\n" right after a lone "\r" only completes a CRLF (same normalized text).
          fc.pre(contentHash(text.slice(rs, inner) + ins + text.slice(inner, re)) !== r.contentHash);
          const res = shiftRegions([r], insertAt(text, inner, ins), text);
          assert.notEqual(res.regions[0]!.contentHash, r.contentHash);
          assert.equal(res.regions[0]!.status, 'stale');
        },
      ),
      RUNS,
    );
  });

  it('splitting a whole-document replacement preserves regions on unchanged lines', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6, unit: fc.constantFrom('a', 'b', 'c', 'd', 'e') }), { minLength: 4, maxLength: 12 }),
        fc.nat(),
        fc.string({ minLength: 1, maxLength: 5, unit: fc.constantFrom('x', 'y', 'z') }),
        (lines, k, extra) => {
          const text = `${lines.join('\n')}\n`;
          const target = k % lines.length;
          const li = new LineIndex(text);
          const r = createRegion({ path: 'p', range: { start: { line: target, character: 0 }, end: { line: target, character: lines[target]!.length } }, origin: ORIGIN, text: li });
          // Change every line except the target, then replace the whole document at once.
          const next = `${lines.map((l, i) => (i === target ? l : `${l}${extra}`)).join('\n')}\n`;
          const res = shiftRegions([r], { range: li.range(0, text.length), text: next }, text);
          assert.equal(textOf(res.text, res.regions[0]!.range), lines[target]);
          assert.equal(res.regions[0]!.status, 'unreviewed');
        },
      ),
      RUNS,
    );
  });
});
