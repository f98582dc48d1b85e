import { strict as assert } from 'node:assert';
import { findSuppressions, suppressionCovers, type Suppression } from '../../../server/src/engine/suppress';
import { LineIndex } from '../../../server/src/engine/text';

/**
 * The directive, spelled so that this file holds no directive of its own: Redline scans its own
 * repository, and a directive in a string still reads as one to its comment matcher.
 */
const D = 'redline-ignore' + '-next-line';

const TODAY = '2026-01-15';
const find = (text: string, today = TODAY) => findSuppressions(text, new LineIndex(text), today);
const one = (text: string, today = TODAY): Suppression => {
  const all = find(text, today);
  assert.equal(all.length, 1, JSON.stringify(all));
  return all[0]!;
};

describe('inline suppressions', () => {
  it('reads the rule, the reason and the range of the directive', () => {
    const s = one(`x = 1\n  // ${D} sql/string-built-query -- reviewed by Ana\nq = 2\n`);
    assert.deepEqual(s, {
      line: 1,
      targets: ['sql/string-built-query'],
      reason: 'reviewed by Ana',
      expired: false,
      range: { start: { line: 1, character: 5 }, end: { line: 1, character: 5 + `${D} sql/string-built-query -- reviewed by Ana`.length } },
    });
  });

  it('finds nothing without the directive, or when it is not in a comment', () => {
    assert.deepEqual(find('const a = 1;\n'), []);
    assert.deepEqual(find(`const s = "${D} sql -- x";\n`), []);
    assert.deepEqual(find(`// see the docs: ${D} sql -- x\n`), []);
    assert.deepEqual(find(`// ${D}s sql -- x\n`), []);
  });

  it('accepts every comment syntax and drops block-comment closers', () => {
    const cases: [string, number][] = [
      [`// ${D} cors -- ok`, 3],
      [`//${D} cors -- ok`, 2],
      [`# ${D} cors -- ok`, 2],
      [`-- ${D} cors -- ok`, 3],
      [`; ${D} cors -- ok`, 2],
      [`<!-- ${D} cors -- ok -->`, 5],
      [`/* ${D} cors -- ok */`, 3],
      [`{/* ${D} cors -- ok */}`, 4],
      [` * ${D} cors -- ok`, 3],
    ];
    for (const [text, col] of cases) {
      const s = one(text);
      assert.deepEqual(s.targets, ['cors'], text);
      assert.equal(s.reason, 'ok', text);
      assert.deepEqual(s.range, { start: { line: 0, character: col }, end: { line: 0, character: col + `${D} cors -- ok`.length } }, text);
      assert.equal(s.malformed, undefined, text);
    }
  });

  it('names several rules and categories, separated by commas or spaces', () => {
    assert.deepEqual(one(`# ${D} sql/string-built-query, cors secret -- test data`).targets, ['sql/string-built-query', 'cors', 'secret']);
    assert.deepEqual(one(`# ${D}  sql ,cors`).targets, ['sql', 'cors']);
  });

  it('applies through the until date and expires after it', () => {
    const s = one(`// ${D} secret until 2026-02-01 -- rotating the key`);
    assert.deepEqual(s.targets, ['secret']);
    assert.equal(s.until, '2026-02-01');
    assert.equal(s.reason, 'rotating the key');
    assert.equal(s.expired, false);
    assert.equal(one(`// ${D} secret until 2026-01-15 -- last day`).expired, false);
    const past = one(`// ${D} secret until 2026-01-14 -- too late`);
    assert.equal(past.expired, true);
    assert.equal(past.until, '2026-01-14');
    assert.equal(past.malformed, undefined);
    assert.equal(one(`// ${D} secret until 2025-12-31`, '2026-01-01').expired, true);
    assert.equal(one(`// ${D} until 2027-01-01 secret -- x`).expired, false);
    assert.deepEqual(one(`// ${D} until 2027-01-01 secret -- x`).targets, ['secret']);
  });

  it('reports an until that is not a YYYY-MM-DD date and ignores it', () => {
    for (const bad of ['tomorrow', '2026-1-5', '15.01.2026', '2026-13-01', '2026-02-32', '2026-01-15T10:00', '02026-01-01']) {
      const s = one(`// ${D} sql until ${bad} -- x`);
      assert.equal(s.malformed, `"until ${bad}" is not a date in the form YYYY-MM-DD`, bad);
      assert.equal(s.until, undefined, bad);
      assert.ok(!('until' in s), bad);
      assert.equal(s.expired, false, bad);
      assert.deepEqual(s.targets, ['sql'], bad);
      assert.equal(s.reason, 'x');
    }
  });

  it('drops block-comment closers without a space before them, with trailing spaces, and a spaced JSX closer', () => {
    const cases: [string, number, string][] = [
      [`<!-- ${D} cors -- ok-->`, 5, `${D} cors -- ok`],
      [`<!-- ${D} cors -- ok -->   `, 5, `${D} cors -- ok`],
      [`{/* ${D} cors -- ok */ }`, 4, `${D} cors -- ok`],
      [`/* ${D} cors*/`, 3, `${D} cors`],
    ];
    for (const [text, col, directive] of cases) {
      const s = one(text);
      assert.deepEqual(s.targets, ['cors'], text);
      assert.equal(s.reason, directive.endsWith('ok') ? 'ok' : undefined, text);
      assert.deepEqual(s.range, { start: { line: 0, character: col }, end: { line: 0, character: col + directive.length } }, text);
    }
    // In a line comment, "*/" inside the reason is text.
    assert.equal(one(`// ${D} cors -- a */ b`).reason, 'a */ b');
  });

  it('reads until after any run of spaces', () => {
    const s = one(`// ${D} sql until  2026-02-01 -- x`);
    assert.deepEqual(s.targets, ['sql']);
    assert.equal(s.until, '2026-02-01');
  });

  it('reports a directive that names no rule', () => {
    const noRule = `names no rule: write the rule id to ignore, e.g. "${D} sql/string-built-query -- reason"`;
    const bare = one(`// ${D}`);
    assert.deepEqual(bare.targets, []);
    assert.equal(bare.malformed, noRule);
    assert.ok(!('reason' in bare));
    const reasonOnly = one(`// ${D} -- because`);
    assert.equal(reasonOnly.malformed, noRule);
    assert.equal(reasonOnly.reason, 'because');
    const glued = one(`// ${D}--why not`);
    assert.deepEqual(glued.targets, []);
    assert.equal(glued.reason, 'why not');
    assert.equal(glued.malformed, noRule);
  });

  it('leaves out an empty reason', () => {
    const s = one(`// ${D} sql --   `);
    assert.deepEqual(s.targets, ['sql']);
    assert.ok(!('reason' in s));
    assert.ok(!('until' in s));
    assert.ok(!('malformed' in s));
    assert.ok(!('reason' in one(`// ${D} sql`)));
  });

  it('keeps a double dash inside a rule name out of the reason', () => {
    const s = one(`// ${D} sql--x -- why`);
    assert.deepEqual(s.targets, ['sql--x']);
    assert.equal(s.reason, 'why');
  });

  it('finds every directive, on the right lines, with CRLF line breaks', () => {
    const text = `a\r\n# ${D} sql -- one\r\nb\r\n\r\n  # ${D} cors -- two\r\nc`;
    const all = find(text);
    assert.deepEqual(all.map((s) => [s.line, s.targets[0], s.reason, s.range.start.character, s.range.end.character]), [
      [1, 'sql', 'one', 2, 2 + `${D} sql -- one`.length],
      [4, 'cors', 'two', 4, 4 + `${D} cors -- two`.length],
    ]);
    // A second call on the same text gives the same answer (no state left in the scanner).
    assert.deepEqual(find(text), all);
  });

  it('covers a rule by its id or its category only', () => {
    const s = (...targets: string[]): Suppression => ({ line: 0, targets, expired: false, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
    assert.ok(suppressionCovers(s('sql'), 'sql/string-built-query'));
    assert.ok(suppressionCovers(s('sql/string-built-query'), 'sql/string-built-query'));
    assert.ok(suppressionCovers(s('cors', 'sql'), 'sql/string-built-query'));
    assert.ok(!suppressionCovers(s('sql/other'), 'sql/string-built-query'));
    assert.ok(!suppressionCovers(s('secret'), 'sql/string-built-query'));
    assert.ok(!suppressionCovers(s('sq'), 'sql/string-built-query'));
    assert.ok(!suppressionCovers(s('sql/string'), 'sql/string-built-query'));
    assert.ok(!suppressionCovers(s(), 'sql/string-built-query'));
  });
});
