import { strict as assert } from 'node:assert';
import { parseRuleFile, type Rule } from '../../../server/src/engine/catalog/catalog';
import type { FindingCollector } from '../../../server/src/engine/context';
import { SYNTAX } from '../../../server/src/engine/languages';
import { lex } from '../../../server/src/engine/lexer';
import { runPatternRules } from '../../../server/src/engine/patterns';
import type { LanguageId } from '../../../server/src/engine/types';

type Report = Parameters<FindingCollector['report']>[0];

/** One built-in-style rule with the given patterns (YAML flow mappings). */
function rule(id: string, patterns: string[], category = id.split('/')[0]): Rule {
  const yaml = [
    `id: ${id}`,
    `category: ${category}`,
    'severity: warning',
    'title: Test rule',
    'message: Test message',
    'languages: ["*"]',
    'confidence: high',
    'cwe: [CWE-1]',
    'patterns:',
    ...patterns.map((p) => `  - ${p}`),
  ].join('\n');
  const res = parseRuleFile(`/rules/${id}.yaml`, yaml, 'builtin');
  assert.deepEqual(res.problems, []);
  return res.rules[0]!;
}

/** Runs the rules on `text` and returns what they report, plus how often the lexer ran. */
function run(rules: Rule[], language: LanguageId, text: string, disabled: string[] = []) {
  const reports: Report[] = [];
  let lexed = 0;
  let checks = 0;
  const collector = {
    enabled: (id: string) => !disabled.includes(id),
    checkDeadline: () => void checks++,
    checkDeadlineNow: () => undefined,
    report: (r: Report) => void reports.push(r),
  } as unknown as FindingCollector;
  runPatternRules(rules, language, text, () => (lexed++, lex(text, SYNTAX[language])), collector);
  return { reports, lexed, checks, spans: reports.map((r) => text.slice(r.start, r.end)) };
}

describe('pattern rules', () => {
  it('reports the target group, or the whole match, with key and pattern index', () => {
    const r = rule('cors/test-rule', [
      `{ languages: [go], regex: 'Allow-Origin", "(?<target>\\*)"' }`,
      `{ languages: [go], regex: 'AllowAll\\(\\)', message: Custom message, severity: error }`,
    ]);
    const text = 'h.Set("Access-Control-Allow-Origin", "*")\nc.AllowAll()\n';
    const { reports, spans, checks } = run([r], 'go', text);
    assert.deepEqual(spans, ['*', 'AllowAll()']);
    assert.deepEqual(reports[0], { ruleId: 'cors/test-rule', start: 38, end: 39, key: 'p0:*', properties: { pattern: 0 } });
    assert.deepEqual(reports[1], { ruleId: 'cors/test-rule', start: 44, end: 54, message: 'Custom message', severity: 'error', key: 'p1:AllowAll()', properties: { pattern: 1 } });
    assert.equal(checks, 2);
  });

  it('fingerprints secret matches by their masked value, others by their text with spaces collapsed', () => {
    const secret = rule('secret/test-rule', [`{ languages: [yaml], regex: 'key: (?<target>\\S+)', in: any }`]);
    const sql = rule('sql/test-rule', [`{ languages: [yaml], regex: 'q: (?<target>SELECT[^\\n]*)', in: any }`]);
    const text = 'key: Xk29fQ7mLw3pZ8w9Lq\nq: SELECT  *\t FROM t\n';
    assert.deepEqual(run([secret, sql], 'yaml', text).reports.map((r) => r.key), ['p0:Xk29…w9Lq', 'p0:SELECT * FROM t']);
  });

  it('applies only to its languages and enabled rules, and lexes lazily', () => {
    const r = rule('cors/test-rule', [`{ languages: [java], regex: 'allowAll' }`]);
    assert.deepEqual(run([r], 'go', 'allowAll').reports, []);
    assert.equal(run([r], 'go', 'allowAll').lexed, 0);
    assert.equal(run([r], 'java', 'allowAll', ['cors/test-rule']).lexed, 0);
    assert.equal(run([r], 'java', 'allowAll').reports.length, 1);
    const noPatterns = { ...r, compiledPatterns: [] };
    assert.equal(run([noPatterns], 'java', 'allowAll').lexed, 0);
  });

  it('keeps matches in their lexical scope', () => {
    const text = 'x = "abc"; // abc\ny = abc;\n/* abc */ "zabcz"\n';
    const scoped = (scope: string) =>
      run([rule('sql/test-rule', [`{ languages: [java], regex: 'abc', in: ${scope} }`])], 'java', text).reports.map((r) => r.start);
    const at = (n: number) => {
      let i = -1;
      for (let k = 0; k <= n; k++) i = text.indexOf('abc', i + 1);
      return i;
    };
    assert.deepEqual(scoped('any'), [at(0), at(1), at(2), at(3), at(4)]);
    assert.deepEqual(scoped('code'), [at(0), at(2), at(4)], 'comments are blanked; strings stay');
    assert.deepEqual(scoped('comment'), [at(1), at(3)]);
    assert.deepEqual(scoped('string'), [at(0), at(4)]);
  });

  it('requires a string match to lie within the content of one string', () => {
    const r = rule('sql/test-rule', [`{ languages: [java], regex: '"?(?<target>a[^;]*b)"?', in: string }`]);
    const text = 's = "ab"; t = "a" + "b"; u = "xab";';
    assert.deepEqual(run([r], 'java', text).spans, ['ab', 'ab']);
    const quoted = rule('sql/test-rule', [`{ languages: [java], regex: '"ab"', in: string }`]);
    assert.deepEqual(run([quoted], 'java', text).spans, [], 'the quotes are not content');
  });

  it('drops matches that a not-pattern matches', () => {
    const r = rule('cors/test-rule', [`{ languages: [go], regex: 'origin = \\S+', not: ['localhost', '^origin = "https'] }`]);
    const text = 'origin = "*"\norigin = "http://localhost"\norigin = "https://a.b"\norigin = x\n';
    assert.deepEqual(run([r], 'go', text).spans, ['origin = "*"', 'origin = x']);
  });

  it('finds adjacent matches', () => {
    const r = rule('cors/test-rule', [`{ languages: [go], regex: 'ab', in: any }`]);
    assert.deepEqual(run([r], 'go', 'abab').reports.map((x) => x.start), [0, 2]);
  });

  it('does not start a code match inside a blanked comment, nor a string match at the quote', () => {
    const code = rule('cors/test-rule', [`{ languages: [java], regex: ' +y' }`]);
    assert.deepEqual(run([code], 'java', '/* c */y = 1;\nx  y = 2;').spans, ['  y']);
    const str = rule('sql/test-rule', [`{ languages: [java], regex: '"a', in: string }`]);
    assert.deepEqual(run([str], 'java', 's = "ab";').spans, []);
  });

  it('steps over empty matches', () => {
    const r = rule('cors/test-rule', [`{ languages: [go], regex: '(?<target>)x?', in: any }`]);
    const { reports } = run([r], 'go', 'ab');
    assert.deepEqual(reports.map((x) => [x.start, x.end]), [[0, 0], [1, 1], [2, 2]]);
  });
});
