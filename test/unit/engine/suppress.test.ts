import { strict as assert } from 'node:assert';
import { SYNTAX } from '../../../server/src/engine/languages';
import { lex } from '../../../server/src/engine/lexer';
import { findSuppressions, suppressionCovers, type Suppression } from '../../../server/src/engine/suppress';
import { LineIndex } from '../../../server/src/engine/text';
import type { LanguageId } from '../../../server/src/engine/types';
import { FAKE, secretFindings } from '../secret/helpers';

/**
 * The directive, spelled so that this file holds no directive of its own: Redline scans its own
 * repository, and a directive in a string still reads as one to its comment matcher.
 */
const D = 'redline-ignore' + '-next-line';

const TODAY = '2026-01-15';
/** A text with a line starting with `#` is Python, any other JavaScript, unless the language is given. */
const languageOf = (text: string): LanguageId => (/^[ \t]*#/m.test(text) ? 'python' : 'javascript');
const find = (text: string, today = TODAY, language = languageOf(text)) => findSuppressions(text, new LineIndex(text), today, () => lex(text, SYNTAX[language]));
const one = (text: string, today = TODAY, language = languageOf(text)): Suppression => {
  const all = find(text, today, language);
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
    const cases: [string, number, LanguageId, number?][] = [
      [`// ${D} cors -- ok`, 3, 'javascript'],
      [`//${D} cors -- ok`, 2, 'typescript'],
      [`# ${D} cors -- ok`, 2, 'python'],
      [`# ${D} cors -- ok`, 2, 'yaml'],
      [`KEY=1 # ${D} cors -- ok`, 8, 'dotenv'],
      [`; ${D} cors -- ok`, 2, 'ini'],
      [`// ${D} cors -- ok`, 3, 'json'],
      [`<!-- ${D} cors -- ok -->`, 5, 'xml'],
      [`/* ${D} cors -- ok */`, 3, 'javascript'],
      [`{/* ${D} cors -- ok */}`, 4, 'typescriptreact'],
      [`/**\n * ${D} cors -- ok\n */`, 3, 'javascript', 1],
    ];
    for (const [text, col, language, line = 0] of cases) {
      const s = one(text, TODAY, language);
      assert.deepEqual(s.targets, ['cors'], text);
      assert.equal(s.reason, 'ok', text);
      assert.deepEqual(s.range, { start: { line, character: col }, end: { line, character: col + `${D} cors -- ok`.length } }, text);
      assert.equal(s.malformed, undefined, text);
    }
  });

  it('honors a directive only in a real comment of the language, not in a string that looks like one', () => {
    // JavaScript: double, single-quoted and template strings, one- and multi-line.
    assert.deepEqual(find(`const s = "// ${D} secret -- x";\n`), []);
    assert.deepEqual(find(`const s = '/* ${D} secret -- x */';\n`), []);
    assert.deepEqual(find(`const s = \`// ${D} secret -- x\`;\n`), []);
    assert.deepEqual(find(`const s = \`\n  // ${D} secret -- x\n\`;\n`), []);
    // The same text after the string, in a comment, is a directive.
    assert.deepEqual(one(`const s = "a"; // ${D} secret -- x\n`).targets, ['secret']);
    assert.deepEqual(one(`const s = \`\n\`;\n// ${D} secret -- x\n`).line, 2);
    // Python: strings, docstrings (both quote styles) and a `#` in a string before a real comment.
    assert.deepEqual(find(`s = "# ${D} secret -- x"\n`, TODAY, 'python'), []);
    assert.deepEqual(find(`s = '# ${D} secret -- x'\n`, TODAY, 'python'), []);
    assert.deepEqual(find(`def f():\n    \"\"\"Docs.\n    # ${D} secret -- x\n    \"\"\"\n`, TODAY, 'python'), []);
    assert.deepEqual(find(`X = '''\n# ${D} secret -- x\n'''\n`, TODAY, 'python'), []);
    assert.deepEqual(one(`s = "#" # ${D} secret -- x\n`, TODAY, 'python').targets, ['secret']);
    assert.deepEqual(one(`def f():\n    \"\"\"Docs.\"\"\"\n    # ${D} secret -- x\n`, TODAY, 'python').line, 2);
    // A `#` inside a JavaScript string is not a comment marker for the lexer either.
    assert.deepEqual(find(`const c = "# ${D} secret -- x";\n`), []);
    assert.deepEqual(find(`# ${D} secret -- x\n`, TODAY, 'javascript'), []);
    assert.deepEqual(one(`const c = "#fff"; // ${D} secret -- x\n`).targets, ['secret']);
    // Config formats: quoted values are strings; `#` glued to a value is not a comment.
    assert.deepEqual(find(`KEY="# ${D} secret -- x"\n`, TODAY, 'dotenv'), []);
    assert.deepEqual(find(`key: '# ${D} secret -- x'\n`, TODAY, 'yaml'), []);
    assert.deepEqual(find(`{"a": "// ${D} secret -- x"}\n`, TODAY, 'json'), []);
    assert.deepEqual(find(`<a b="<!-- ${D} secret -- x -->"/>\n`, TODAY, 'xml'), []);
  });

  it('lexes only when a line holds the directive after a comment marker, and at most once', () => {
    let calls = 0;
    const counted = (text: string) => findSuppressions(text, new LineIndex(text), TODAY, () => (calls++, lex(text, SYNTAX.javascript)));
    counted('const a = 1;\n');
    counted(`// see the docs: ${D} sql -- x\n`);
    assert.equal(calls, 0);
    assert.equal(counted(`// ${D} sql -- a\nx();\n// ${D} cors -- b\n"// ${D} auth -- c"\n`).length, 2);
    assert.equal(calls, 1);
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
    const cases: [string, number, string, LanguageId][] = [
      [`<!-- ${D} cors -- ok-->`, 5, `${D} cors -- ok`, 'xml'],
      [`<!-- ${D} cors -- ok -->   `, 5, `${D} cors -- ok`, 'xml'],
      [`{/* ${D} cors -- ok */ }`, 4, `${D} cors -- ok`, 'javascriptreact'],
      [`/* ${D} cors*/`, 3, `${D} cors`, 'javascript'],
    ];
    for (const [text, col, directive, language] of cases) {
      const s = one(text, TODAY, language);
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

describe('inline suppressions in an analysis', () => {
  const RULE = 'secret/hardcoded-credential';
  /** Lines (0-based) and rule ids of the findings for `text` analyzed as `relPath`. */
  const reported = async (relPath: string, text: string) => (await secretFindings(relPath, text)).map((f) => [f.range.start.line, f.ruleId]);

  it('still reports a finding below a directive that is inside a string literal', async () => {
    const js = [`const note = "// ${D} ${RULE} -- a string, not a comment";`, `const dbPassword = '${FAKE.password}';`, ''].join('\n');
    assert.deepEqual(await reported('src/db.js', js), [[1, RULE]]);
    const template = ['const help = `', `// ${D} ${RULE} -- inside a template literal`, `\`; const dbPassword = '${FAKE.password}';`, ''].join('\n');
    assert.deepEqual(await reported('src/help.ts', template), [[2, RULE]]);
    const py = [`NOTE = "# ${D} ${RULE} -- a string, not a comment"`, `DB_PASSWORD = "${FAKE.password}"`, ''].join('\n');
    assert.deepEqual(await reported('app/db.py', py), [[1, RULE]]);
    const docstring = ['def connect():', '    """Connects.', `    # ${D} ${RULE} -- in the docstring`, `    """; password = "${FAKE.password}"`, ''].join('\n');
    assert.deepEqual(await reported('app/connect.py', docstring), [[3, RULE]]);
  });

  it('suppresses the same finding when the directive is a comment', async () => {
    const js = [`const note = "x"; // ${D} ${RULE} -- test value`, `const dbPassword = '${FAKE.password}';`, ''].join('\n');
    assert.deepEqual(await reported('src/db.js', js), []);
    const py = [`# ${D} ${RULE} -- test value`, `DB_PASSWORD = "${FAKE.password}"`, ''].join('\n');
    assert.deepEqual(await reported('app/db.py', py), []);
  });
});
