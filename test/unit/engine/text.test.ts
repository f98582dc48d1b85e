import { strict as assert } from 'node:assert';
import { comparePositions, LineIndex, rangeContains, rangesIntersect } from '../../../server/src/engine/text';

/** LineIndex: UTF-16 offsets ↔ LSP positions, every line terminator LSP knows. */
describe('LineIndex', () => {
  it('starts a line after \\n, \\r\\n (one terminator) and a lone \\r', () => {
    const t = new LineIndex('a\nbc\r\nd\re');
    assert.deepEqual(t.lineStarts, [0, 2, 6, 8]);
    assert.equal(t.lineCount, 4);
    assert.deepEqual([0, 1, 2, 3].map((l) => t.lineText(l)), ['a', 'bc', 'd', 'e']);
  });

  it('counts a trailing terminator as starting an empty last line', () => {
    assert.deepEqual(new LineIndex('x\n').lineStarts, [0, 2]);
    assert.deepEqual(new LineIndex('x\r').lineStarts, [0, 2]);
    assert.deepEqual(new LineIndex('x\r\n').lineStarts, [0, 3]);
    assert.deepEqual(new LineIndex('').lineStarts, [0]);
    assert.deepEqual(new LineIndex('\r\r\n\n').lineStarts, [0, 1, 3, 4]);
  });

  it('maps offsets to positions on every line, at line starts and ends', () => {
    const text = 'ab\ncd\r\nef\rg';
    const t = new LineIndex(text);
    const expected = [
      [0, 0], [0, 1], [0, 2], // a b \n
      [1, 0], [1, 1], [1, 2], [1, 3], // c d \r \n
      [2, 0], [2, 1], [2, 2], // e f \r
      [3, 0], [3, 1], // g, end
    ];
    for (let off = 0; off <= text.length; off++) {
      const p = t.positionAt(off);
      assert.deepEqual([p.line, p.character], expected[off], `offset ${off}`);
    }
  });

  it('finds the right line by binary search in a long text', () => {
    const lines = Array.from({ length: 1000 }, (_, i) => `line${i}`);
    const text = lines.join('\n');
    const t = new LineIndex(text);
    let off = 0;
    for (let i = 0; i < lines.length; i++) {
      assert.deepEqual(t.positionAt(off), { line: i, character: 0 });
      assert.deepEqual(t.positionAt(off + 3), { line: i, character: 3 });
      assert.equal(t.offsetAt({ line: i, character: 2 }), off + 2);
      off += lines[i]!.length + 1;
    }
  });

  it('clamps offsets before the start and past the end', () => {
    const t = new LineIndex('ab\ncd');
    assert.deepEqual(t.positionAt(-5), { line: 0, character: 0 });
    assert.deepEqual(t.positionAt(99), { line: 1, character: 2 });
    assert.deepEqual(t.positionAt(5), { line: 1, character: 2 });
  });

  it('counts astral characters as two UTF-16 code units', () => {
    const t = new LineIndex('😀x\n😀😀y');
    assert.deepEqual(t.positionAt(2), { line: 0, character: 2 });
    assert.deepEqual(t.positionAt(8), { line: 1, character: 4 });
    assert.equal(t.offsetAt({ line: 1, character: 4 }), 8);
    assert.equal(t.text.slice(t.offsetAt({ line: 1, character: 4 }), 9), 'y');
  });

  it('maps positions to offsets, clamping columns to the line content and lines to the text', () => {
    const t = new LineIndex('ab\r\ncd\nef');
    assert.equal(t.offsetAt({ line: 0, character: 0 }), 0);
    assert.equal(t.offsetAt({ line: 0, character: 2 }), 2);
    assert.equal(t.offsetAt({ line: 0, character: 3 }), 2, 'column past the end stops before \\r\\n');
    assert.equal(t.offsetAt({ line: 0, character: 50 }), 2);
    assert.equal(t.offsetAt({ line: 1, character: 0 }), 4);
    assert.equal(t.offsetAt({ line: 1, character: 1 }), 5);
    assert.equal(t.offsetAt({ line: 1, character: 9 }), 6, 'stops before \\n');
    assert.equal(t.offsetAt({ line: 2, character: 1 }), 8);
    assert.equal(t.offsetAt({ line: 2, character: 9 }), 9, 'last line: end of text');
    assert.equal(t.offsetAt({ line: 3, character: 0 }), 9, 'line past the end: end of text');
    assert.equal(t.offsetAt({ line: 7, character: 0 }), 9);
    assert.equal(t.offsetAt({ line: -1, character: 4 }), 0);
    assert.equal(t.offsetAt({ line: 1, character: -3 }), 4, 'negative column: line start');
  });

  it('round-trips every offset that is not inside a line terminator', () => {
    const text = 'x😀\r\n\r\ny\rz\n\n';
    const t = new LineIndex(text);
    for (let off = 0; off <= text.length; off++) {
      const c = text.charCodeAt(off - 1);
      if (off > 0 && c === 13 && text.charCodeAt(off) === 10) continue; // between \r and \n
      assert.equal(t.offsetAt(t.positionAt(off)), off, `offset ${off}`);
    }
  });

  it('finds the content end of each line before its terminator', () => {
    const t = new LineIndex('ab\r\n\n\rc\r');
    assert.deepEqual([0, 1, 2, 3, 4].map((l) => t.lineContentEnd(l)), [2, 4, 5, 7, 8]);
    assert.deepEqual([0, 1, 2, 3, 4].map((l) => t.lineText(l)), ['ab', '', '', 'c', '']);
    // The empty line after a final \n ends where it starts.
    assert.equal(new LineIndex('a\n').lineContentEnd(1), 2);
    assert.equal(new LineIndex('a\r\n').lineContentEnd(1), 3);
  });

  it('gives an empty text for a line past the end', () => {
    const t = new LineIndex('ab\ncd');
    assert.equal(t.lineText(5), '');
    assert.equal(t.lineText(1), 'cd');
  });

  it('builds ranges from offset pairs', () => {
    const t = new LineIndex('ab\ncd');
    assert.deepEqual(t.range(1, 4), { start: { line: 0, character: 1 }, end: { line: 1, character: 1 } });
    assert.deepEqual(t.range(3, 3), { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } });
  });

  it('tells the line terminator from the first line break', () => {
    assert.equal(new LineIndex('a\r\nb\nc').eol(), '\r\n');
    assert.equal(new LineIndex('\r\nb').eol(), '\r\n');
    assert.equal(new LineIndex('a\nb\r\nc').eol(), '\n');
    assert.equal(new LineIndex('a\rb').eol(), '\n');
    assert.equal(new LineIndex('\nb').eol(), '\n');
    assert.equal(new LineIndex('abc').eol(), '\n');
    assert.equal(new LineIndex('').eol(), '\n');
  });

  it('reads the leading spaces and tabs of a line', () => {
    const t = new LineIndex('  \tx = 1\nnone\n\t \n  \u00a0y');
    assert.equal(t.indentation(0), '  \t');
    assert.equal(t.indentation(1), '');
    assert.equal(t.indentation(2), '\t ');
    assert.equal(t.indentation(3), '  ', 'a no-break space is not indentation');
  });
});

describe('positions and ranges', () => {
  const p = (line: number, character: number) => ({ line, character });
  const r = (a: number, b: number, c: number, d: number) => ({ start: p(a, b), end: p(c, d) });

  it('compares by line, then by column', () => {
    assert.ok(comparePositions(p(1, 9), p(2, 0)) < 0);
    assert.ok(comparePositions(p(2, 0), p(1, 9)) > 0);
    assert.ok(comparePositions(p(1, 2), p(1, 3)) < 0);
    assert.ok(comparePositions(p(1, 4), p(1, 3)) > 0);
    assert.equal(comparePositions(p(1, 3), p(1, 3)), 0);
    assert.equal(comparePositions(p(3, 1), p(1, 5)), 2);
    assert.equal(comparePositions(p(1, 1), p(1, 5)), -4);
  });

  it('intersects ranges that overlap or touch', () => {
    assert.ok(rangesIntersect(r(0, 0, 0, 5), r(0, 3, 0, 8)));
    assert.ok(rangesIntersect(r(0, 3, 0, 8), r(0, 0, 0, 5)));
    assert.ok(rangesIntersect(r(0, 0, 0, 5), r(0, 5, 0, 8)), 'touching');
    assert.ok(rangesIntersect(r(0, 5, 0, 8), r(0, 0, 0, 5)), 'touching, other order');
    assert.ok(rangesIntersect(r(1, 2, 1, 2), r(1, 0, 1, 4)), 'empty inside');
    assert.ok(!rangesIntersect(r(0, 0, 0, 4), r(0, 5, 0, 8)));
    assert.ok(!rangesIntersect(r(0, 5, 0, 8), r(0, 0, 0, 4)));
    assert.ok(!rangesIntersect(r(0, 0, 0, 9), r(1, 0, 1, 1)));
  });

  it('contains a range within inclusive bounds only', () => {
    assert.ok(rangeContains(r(0, 0, 2, 0), r(0, 0, 2, 0)));
    assert.ok(rangeContains(r(0, 0, 2, 0), r(1, 0, 1, 5)));
    assert.ok(!rangeContains(r(0, 1, 2, 0), r(0, 0, 1, 0)), 'starts before');
    assert.ok(!rangeContains(r(0, 0, 2, 0), r(1, 0, 2, 1)), 'ends after');
    assert.ok(!rangeContains(r(1, 0, 1, 5), r(0, 0, 2, 0)));
  });
});
