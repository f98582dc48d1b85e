import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { compileLinear, LinearRegExp, LOOKAHEAD, MAX_LINEAR_PATTERNS, MAX_SPAN, MIN_SPAN, preCaptureVariant, RE2_UNSUPPORTED } from '../../../server/src/engine/catalog/linear';
import { loadCatalog, parseRuleFile } from '../../../server/src/engine/catalog/catalog';
import { analyzeText, initEngine, resolveConfig, type FileFacts } from '../../../server/src/engine';
import { ROOT, RULES_DIR } from '../../helpers/fixtures';

/**
 * Custom rules run on RE2 through `LinearRegExp`: RegExp's exec contract (UTF-16 offsets,
 * lastIndex, match indices for `target`), linear time on patterns that are catastrophic for
 * JavaScript's backtracking engine, and a clear load-time problem for lookaround and
 * backreferences.
 */

function linear(source: string, flags = ''): LinearRegExp {
  const r = compileLinear(source, flags);
  if (!r.ok) throw new Error(r.message);
  return r.regex;
}

/** Every match as [start, end, targetStart?, targetEnd?], RegExp-style iteration. */
function allMatches(re: { lastIndex: number; exec(s: string): RegExpExecArray | null }, text: string): number[][] {
  const out: number[][] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0].length === 0) re.lastIndex++;
    const t = m.indices?.groups?.target;
    out.push([m.index, m.index + m[0].length, ...(t ? t : [])]);
  }
  return out;
}

const FACTS: FileFacts = { path: '/w/app.go', relPath: 'app.go', language: 'go', isTest: false };

function userRule(regex: string, extra = ''): string {
  return [
    'id: sql/custom-exec',
    'category: sql',
    'severity: warning',
    'title: Custom exec',
    'message: Custom rule fired',
    'cwe: [CWE-89]',
    'languages: [go]',
    'confidence: high',
    'patterns:',
    '  - languages: [go]',
    `    regex: '${regex.replace(/'/g, "''")}'`,
    extra,
  ].join('\n');
}

describe('custom rules run on RE2 (linear time)', function () {
  this.timeout(120_000);

  it('reports UTF-16 offsets after emoji and other astral characters', () => {
    const re = linear('(?<target>bb)c');
    const text = '😀😀ébbc 𝒳bbc';
    assert.deepEqual(allMatches(re, text), allMatches(new RegExp('(?<target>bb)c', 'gd'), text));
    assert.deepEqual(allMatches(re, text)[0], [5, 8, 5, 7]);
  });

  it('locates the target group exactly even when its text occurs earlier in the match', () => {
    const re = linear('(\\w+)=(?<target>\\w+)');
    assert.deepEqual(allMatches(re, 'ab=ab'), [[0, 5, 3, 5]]);
    assert.equal(preCaptureVariant('a|(?<target>b)'), undefined, 'top-level alternation is not wrapped');
    assert.equal(preCaptureVariant('(?i)x(?<target>b)'), undefined, 'inline flags are not wrapped');
    assert.equal(preCaptureVariant('x(?<target>b)+'), undefined, 'a repeated group is not wrapped');
    assert.equal(preCaptureVariant('[(]x(?<target>b)y'), '(?<__redline_pre>[(]x)(?<target>b)y');
    // Nested target: located inside the match.
    assert.deepEqual(allMatches(linear('(?:k(?<target>v))'), 'xkv'), [[1, 3, 2, 3]]);
  });

  it('keeps lone surrogates, NUL bytes and CRLF from shifting offsets', () => {
    const text = 'a\ud800b\u0000c\r\nd😀\udc00e';
    for (const src of ['b', 'c', 'd', 'e', '\\r?\\n', '[^\\n]+']) {
      assert.deepEqual(allMatches(linear(src), text), allMatches(new RegExp(src, 'gdu'), text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')), src);
    }
  });

  it('finds the same matches as RegExp across window boundaries (property test)', () => {
    const tokens = fc.constantFrom('foo', 'bar', ' ', '\n', '\r\n', 'x', '😀', 'é', 'SELECT ', '=', '"', 'ab');
    const patterns = ['\\bfoo\\w*', '(?m)^bar$', 'x[^\\n]{0,40}y?', '(?<target>SELECT )[^\\n]*?=', '😀+', '\\s+', 'é(?<target>ab)'];
    fc.assert(
      fc.property(fc.array(tokens, { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 4000 }), fc.constantFrom(...patterns), (parts, repeat, src) => {
        const unit = parts.join('');
        const text = unit.repeat(Math.ceil((MIN_SPAN * 3) / unit.length / Math.max(1, repeat % 7))).slice(0, MIN_SPAN * 3 + repeat);
        const jsSource = src.replace('(?m)', '');
        const flags = src.startsWith('(?m)') ? 'm' : '';
        assert.deepEqual(allMatches(linear(jsSource, flags), text), allMatches(new RegExp(jsSource, `gdu${flags}`), text));
      }),
      { numRuns: 12, seed: 7 },
    );
  });

  it('matches exactly what RegExp matches when a match starts just before a window ends', () => {
    // A match that needs LOOKAHEAD characters, starting at every offset around the first window's end.
    const re = linear('a.{100}|a');
    for (const at of [MIN_SPAN - LOOKAHEAD - 1, MIN_SPAN - 150, MIN_SPAN - 50, MIN_SPAN - 1, MIN_SPAN, MIN_SPAN + 1]) {
      const text = `${'-'.repeat(at)}a${'b'.repeat(300)}`;
      assert.deepEqual(allMatches(re, text), [[at, at + 101]], `a at ${at}`);
    }
    // `$` and `\b` at a window's end are not mistaken for the text's end.
    const long = `${'w'.repeat(MIN_SPAN * 2)} end`;
    assert.deepEqual(allMatches(linear('w\\b'), long), [[MIN_SPAN * 2 - 1, MIN_SPAN * 2]]);
    assert.deepEqual(allMatches(linear('w+$'), long), []);
    assert.deepEqual(allMatches(linear('w+d$'), `${long}wd`), [[long.length, long.length + 2]]);
    assert.deepEqual(allMatches(linear('^(\\w+\\s?)*$'), `${'a'.repeat(MAX_SPAN * 3)}!`), []);
    // A match longer than one window grows the window, up to MAX_SPAN.
    assert.deepEqual(allMatches(linear("w+"), long), [[0, MIN_SPAN * 2]]);
    // A match longer than MAX_SPAN is not reported (a window's end may have cut it short).
    const huge = `${'w'.repeat(MAX_SPAN * 2 + 10)} w`;
    assert.ok(allMatches(linear('w+'), huge).every(([s, e]) => e! - s! <= MAX_SPAN));
    assert.deepEqual(allMatches(linear('w+'), huge).at(-1), [huge.length - 1, huge.length]);
  });

  it('runs catastrophic patterns in linear time', () => {
    const hostile = `${'a'.repeat(200_000)}!`;
    for (const src of ['(a+)+$', '(a|a)*b', '(?:a*)*c', '^(\\w+\\s?)*$']) {
      const started = performance.now();
      assert.deepEqual(allMatches(linear(src), hostile), []);
      const ms = performance.now() - started;
      assert.ok(ms < 10_000, `${src} took ${Math.round(ms)} ms on 200,000 characters`);
    }
  });

  it('stops a long scan at the checkpoint (time budget)', () => {
    const re = linear('zzz');
    let calls = 0;
    re.checkpoint = () => {
      if (++calls > 3) throw new Error('budget');
    };
    assert.throws(() => re.exec('a'.repeat(MAX_SPAN * 4)), /budget/);
    assert.equal(calls, 4);
  });

  it('rejects lookaround and backreferences with a clear message, and JavaScript syntax errors as such', () => {
    for (const src of ['(?<!if)exec', 'exec(?=\\()', 'exec(?!x)', '(?<=a)b', '(a)\\1', '(?<q>[\'"]).*?\\k<q>']) {
      const r = compileLinear(src, '');
      assert.ok(!r.ok, src);
      assert.ok(r.message.startsWith(RE2_UNSUPPORTED), `${src}: ${r.message}`);
    }
    const res = parseRuleFile('/w/.redline/rules/x.yaml', userRule('(?<!if )db\\.Exec\\('), 'user');
    assert.equal(res.rules.length, 0);
    assert.equal(res.problems.length, 1);
    const p = res.problems[0]!;
    assert.equal(p.file, '/w/.redline/rules/x.yaml');
    assert.deepEqual(p.fieldPath, ['patterns', 0, 'regex']);
    assert.match(p.message, /RE2 does not support lookaround or backreferences/);
    assert.equal(p.range?.start.line, 10);
    const bad = parseRuleFile('/w/.redline/rules/y.yaml', userRule('db.Exec('), 'user');
    assert.match(bad.problems[0]!.message, /^invalid regular expression/);
  });

  it('a custom rule with an exponential pattern finds its matches and finishes quickly on hostile text', async () => {
    await initEngine();
    const dir = mkdtempSync(join(tmpdir(), 'redline-re2-'));
    mkdirSync(join(dir, 'rules'));
    writeFileSync(join(dir, 'rules', 'x.yaml'), userRule('db\\.Exec\\((?<target>(\\w+\\s?)*)\\)'));
    const catalog = loadCatalog({ builtinDir: RULES_DIR, userDir: join(dir, 'rules') });
    assert.deepEqual(catalog.problems, []);
    const options = { catalog, config: resolveConfig() };
    const ok = analyzeText(FACTS, 'package main\n😀 db.Exec(a b c)\n', options);
    const custom = ok.findings.filter((f) => f.ruleId === 'sql/custom-exec');
    assert.deepEqual(custom.map((f) => f.range), [{ start: { line: 1, character: 11 }, end: { line: 1, character: 16 } }]);
    const hostile = `package main\ndb.Exec(${'aa '.repeat(100_000)}!\n`;
    const started = performance.now();
    const res = analyzeText(FACTS, hostile, { ...options, deadline: performance.now() + 20_000 });
    const ms = performance.now() - started;
    assert.equal(res.status, 'ok');
    assert.ok(ms < 15_000, `took ${Math.round(ms)} ms`);
    // With a short budget the scan stops at a window boundary and says so.
    const cut = analyzeText(FACTS, `package main\n${'x'.repeat(3_000_000)}\n`, { ...options, config: { ...options.config, timeBudgetMs: 50 }, deadline: performance.now() + 50 });
    assert.equal(cut.status, 'truncated');
    assert.equal(cut.findings[0]!.ruleId, 'redline/analysis-truncated');
    catalog.dispose();
  });

  it('frees compiled patterns: compiling and disposing many does not exhaust the 16 MB wasm heap', () => {
    // Without dispose() RE2 runs out of memory after about 2,500 of these.
    const text = `abc = "12345678" ${'xyz'.repeat(3000)}`;
    for (let i = 0; i < 3000; i++) {
      const re = linear(`(?<target>[a-z_]+)\\s*=\\s*['"][^'"]+['"]x${i}`);
      re.test(text);
      re.dispose();
    }
    assert.deepEqual(allMatches(linear('c999'), 'xc999'), [[1, 5]]);
  });

  it(`a workspace may hold at most ${MAX_LINEAR_PATTERNS} custom regular expressions, each further one is a problem`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'redline-re2-many-'));
    const rule = (i: number) => userRule(`db\\.Exec${i}\\(`).replace('sql/custom-exec', `sql/custom-exec-${String.fromCharCode(97 + (i % 26))}${Math.floor(i / 26)}`);
    for (let i = 0; i < MAX_LINEAR_PATTERNS + 2; i++) writeFileSync(join(dir, `r${String(i).padStart(3, '0')}.yaml`), rule(i));
    const catalog = loadCatalog({ builtinDir: RULES_DIR, userDir: dir });
    assert.equal(catalog.rules.filter((r) => r.origin === 'user').length, MAX_LINEAR_PATTERNS);
    assert.equal(catalog.problems.length, 2);
    assert.match(catalog.problems[0]!.message, /at most 100 regular expressions/);
    assert.deepEqual(catalog.problems[0]!.fieldPath, ['patterns', 0, 'regex']);
    catalog.dispose();
  });

  it('loads RE2 only when there are custom rules', () => {
    const script = [
      "const { loadCatalog } = require('./server/src/engine/catalog/catalog');",
      "const { linearEngineLoaded } = require('./server/src/engine/catalog/linear');",
      'loadCatalog();',
      'process.stdout.write(String(linearEngineLoaded()));',
    ].join('\n');
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.stdout, 'false', r.stderr);
  });
});
