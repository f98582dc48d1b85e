import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { globSync } from 'tinyglobby';
import { analyzeText, detectLanguage, DETECTORS, CATEGORIES } from '../../server/src/engine';
import { analyzeFixture, builtinCatalog, fixtureOptions, listFixtures, readExpectations, ROOT, RULES_DIR } from '../helpers/fixtures';

/** Conventions as tests, after typescript-eslint's docs.test: a rule is file + fixtures + doc (+ detector). */
describe('rule conventions', () => {
  it('every rule id equals its path under rules/', async () => {
    const catalog = await builtinCatalog();
    for (const rule of catalog.rules) {
      const rel = relative(RULES_DIR, rule.file).split(sep).join('/').replace(/\.ya?ml$/, '');
      assert.equal(rule.id, rel, `${rule.file} declares id ${rule.id}`);
    }
  });

  it('every rule has a doc page with the standard sections', async () => {
    const catalog = await builtinCatalog();
    for (const rule of catalog.rules) {
      const doc = join(ROOT, 'docs', 'rules', `${rule.id}.md`);
      assert.ok(existsSync(doc), `missing ${relative(ROOT, doc)}`);
      const text = readFileSync(doc, 'utf8');
      assert.ok(text.startsWith(`# ${rule.id}\n`), `${rule.id}.md must start with "# ${rule.id}"`);
      for (const heading of ['## What it does', '## Why is this bad?', '## How to fix', '## Examples']) {
        assert.ok(text.includes(heading), `${rule.id}.md lacks "${heading}"`);
      }
    }
  });

  it('every security rule has positive and negative fixtures', async () => {
    const catalog = await builtinCatalog();
    const fixtures = listFixtures();
    for (const rule of catalog.rules.filter((r) => r.category !== 'redline')) {
      let pos = 0;
      let neg = 0;
      for (const fx of fixtures.filter((f) => f.rule === rule.id)) {
        const e = readExpectations(readFileSync(fx.file, 'utf8'));
        pos += e.positiveCount.get(rule.id) ?? 0;
        neg += e.okCount.get(rule.id) ?? 0;
      }
      assert.ok(pos > 0, `${rule.id} has no "ruleid: ${rule.id}" fixture line`);
      assert.ok(neg > 0, `${rule.id} has no "ok: ${rule.id}" fixture line`);
    }
  });

  it('each category has at least 10 positive and 10 negative cases in JS/TS and in Python', () => {
    const counts = new Map<string, { pos: number; neg: number }>();
    for (const fx of listFixtures()) {
      const family = /\.(?:[cm]?js|jsx|tsx?)$/.test(fx.file) ? 'js' : extname(fx.file) === '.py' ? 'python' : undefined;
      if (!family) continue;
      const e = readExpectations(readFileSync(fx.file, 'utf8'));
      for (const [id, n] of e.positiveCount) bump(counts, `${id.split('/')[0]}:${family}`, n, 0);
      for (const [id, n] of e.okCount) bump(counts, `${id.split('/')[0]}:${family}`, 0, n);
    }
    const short: string[] = [];
    for (const category of CATEGORIES) {
      for (const family of ['js', 'python']) {
        const c = counts.get(`${category}:${family}`) ?? { pos: 0, neg: 0 };
        if (c.pos < 10 || c.neg < 10) short.push(`${category} in ${family}: ${c.pos} positive, ${c.neg} negative`);
      }
    }
    assert.deepEqual(short, []);
  });

  it('detectors and the catalog agree', async () => {
    const catalog = await builtinCatalog();
    const names = new Set<string>();
    for (const d of DETECTORS) {
      assert.ok(!names.has(d.name), `duplicate detector name ${d.name}`);
      names.add(d.name);
      for (const id of d.rules) assert.ok(catalog.get(id), `detector ${d.name} reports unknown rule ${id}`);
    }
    for (const rule of catalog.rules.filter((r) => r.detector)) {
      assert.ok(DETECTORS.some((d) => d.rules.includes(rule.id)), `${rule.id} names detector "${rule.detector}" but no registered detector reports it`);
    }
  });

  it('pattern samples match and do not match as declared', async () => {
    const catalog = await builtinCatalog();
    for (const rule of catalog.rules) {
      for (const p of rule.compiledPatterns) {
        for (const s of p.spec.samples?.match ?? []) {
          p.regex.lastIndex = 0;
          assert.ok(p.regex.test(s), `${rule.id} pattern ${p.index} should match: ${s.slice(0, 60)}`);
        }
        for (const s of p.spec.samples?.noMatch ?? []) {
          p.regex.lastIndex = 0;
          const hit = p.regex.exec(s);
          assert.ok(!hit || p.not.some((n) => n.test(hit[0])), `${rule.id} pattern ${p.index} should not match: ${s.slice(0, 60)}`);
        }
      }
    }
  });

  it('fixture folders belong to existing rules', async () => {
    const catalog = await builtinCatalog();
    for (const dir of globSync('*/*/', { cwd: RULES_DIR, onlyDirectories: true })) {
      const id = dir.replace(/\/$/, '');
      assert.ok(catalog.get(id), `rules/${id}/ has fixtures but there is no rules/${id}.yaml`);
    }
  });

  it('the engine imports neither vscode nor LSP packages', () => {
    for (const file of globSync('server/src/engine/**/*.ts', { cwd: ROOT, absolute: true })) {
      const text = readFileSync(file, 'utf8');
      assert.ok(!/from ['"](?:vscode|vscode-languageserver[\w/-]*|vscode-languageclient[\w/-]*)['"]/.test(text), `${relative(ROOT, file)} imports an editor package`);
    }
  });
});

function bump(m: Map<string, { pos: number; neg: number }>, key: string, pos: number, neg: number) {
  const c = m.get(key) ?? { pos: 0, neg: 0 };
  c.pos += pos;
  c.neg += neg;
  m.set(key, c);
}

describe('detector prefilters', () => {
  it('never change the findings of any fixture (they are necessary conditions)', async () => {
    const diffs: string[] = [];
    for (const fx of listFixtures()) {
      const text = readFileSync(fx.file, 'utf8');
      const full = (await analyzeFixture(fx, text)).findings;
      const language = detectLanguage(fx.file)!;
      const facts = { path: fx.file, relPath: fx.relPath, language, isTest: /(^|\/)(tests?|__tests__|fixtures)\//.test(fx.relPath) };
      const filtered = analyzeText(facts, text, { ...(await fixtureOptions(fx.root)), prefilter: true }).findings;
      const key = (f: { ruleId: string; range: { start: { line: number; character: number } } }) => `${f.ruleId}@${f.range.start.line}:${f.range.start.character}`;
      const a = full.map(key).sort().join(' ');
      const b = filtered.map(key).sort().join(' ');
      if (a !== b) diffs.push(`${fx.rule}/${fx.relPath}: without prefilter [${a}] with [${b}]`);
    }
    assert.deepEqual(diffs, []);
  });
});
