import { strict as assert } from 'node:assert';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../../helpers/fixtures';

/** The exports of scripts/check-supply-chain.mjs this test uses. */
interface SupplyChain {
  ALLOWED_LICENSES: string[];
  spdxAllowed(expression: unknown): { ok: boolean; reason?: string };
  checkLicenses(root?: string): string[];
  checkBundled(root?: string): Promise<{ problems: string[]; bundled: string[]; assets: string[] }>;
  checkLockfile(root?: string, options?: { git?: boolean }): string[];
  checkInstallScripts(root?: string): string[];
  vsixEntryProblems(entries: string[]): string[];
  checkVsix(file: string, options?: { cli?: string }): Promise<{ problems: string[]; entries: string[] }>;
  VSIX_REQUIRED: string[];
}

const SCRIPT = join(ROOT, 'scripts', 'check-supply-chain.mjs');
// A computed specifier: TypeScript leaves the ESM script alone, tsx/Node load it.
const load = (): Promise<SupplyChain> => import(pathToFileURL(SCRIPT).href) as Promise<SupplyChain>;

/** A pseudo-random token body (seeded), so no credential-shaped literal sits in this file. */
function tokenBody(n: number, seed: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let s = seed;
  let out = '';
  for (let i = 0; i < n; i++) {
    s = (s * 48271) % 2147483647;
    out += alphabet[s % alphabet.length];
  }
  return out;
}

/** Writes a zip with the given entries using yazl, the zip writer of @vscode/vsce. */
async function writeZip(file: string, entries: Record<string, string>): Promise<void> {
  const vsceRequire = createRequire(createRequire(join(ROOT, 'package.json')).resolve('@vscode/vsce/package.json'));
  const yazl = vsceRequire('yazl') as { ZipFile: new () => { addBuffer(b: Buffer, name: string): void; end(): void; outputStream: NodeJS.ReadableStream } };
  const zip = new yazl.ZipFile();
  for (const [name, text] of Object.entries(entries)) zip.addBuffer(Buffer.from(text), name);
  zip.end();
  await new Promise<void>((resolve, reject) => {
    const out = createWriteStream(file);
    out.on('close', () => resolve());
    out.on('error', reject);
    zip.outputStream.pipe(out);
  });
}

/** Writes a synthetic npm project: package.json, package-lock.json and node_modules/<loc>/package.json. */
function project(pkg: object, lock: { packages: Record<string, Record<string, unknown>> }): string {
  const dir = mkdtempSync(join(tmpdir(), 'redline-supply-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg));
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ name: (pkg as { name: string }).name, lockfileVersion: 3, requires: true, ...lock }));
  for (const [loc, e] of Object.entries(lock.packages)) {
    if (!loc) continue;
    mkdirSync(join(dir, loc), { recursive: true });
    const name = loc.slice(loc.lastIndexOf('node_modules/') + 'node_modules/'.length);
    writeFileSync(join(dir, loc, 'package.json'), JSON.stringify({ name, version: e.version, license: e.license }));
  }
  return dir;
}

describe('supply chain (scripts/check-supply-chain.mjs)', function () {
  this.timeout(120_000);
  let sc: SupplyChain;
  const temps: string[] = [];
  before(async () => {
    sc = await load();
  });
  after(() => {
    for (const t of temps) rmSync(t, { recursive: true, force: true });
  });

  describe('this repository', () => {
    it('every production dependency, transitively, has a permissive license', () => {
      assert.deepEqual(sc.checkLicenses(ROOT), []);
    });

    it('everything esbuild bundles into dist/, and every package build.mjs copies wasm from, is a production dependency', async () => {
      const r = await sc.checkBundled(ROOT);
      assert.deepEqual(r.problems, []);
      for (const p of ['node_modules/typescript', 'node_modules/vscode-languageserver', 'node_modules/web-tree-sitter', 'node_modules/re2-wasm']) assert.ok(r.bundled.includes(p), `${p} is bundled`);
      assert.deepEqual([...r.assets].sort(), ['re2-wasm', 'tree-sitter-python', 'web-tree-sitter']);
    });

    it('package-lock.json is committed and in sync with package.json and node_modules', () => {
      assert.deepEqual(sc.checkLockfile(ROOT), []);
    });

    it('package.json runs nothing at install time', () => {
      assert.deepEqual(sc.checkInstallScripts(ROOT), []);
    });

    it('LICENSE is MIT of "Redline contributors", and .vscodeignore ships it', () => {
      const text = readFileSync(join(ROOT, 'LICENSE'), 'utf8');
      assert.match(text, /^MIT License\n\nCopyright \(c\) \d{4} Redline contributors\n/);
      assert.equal((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { license: string }).license, 'MIT');
      assert.match(readFileSync(join(ROOT, '.vscodeignore'), 'utf8'), /^!LICENSE$/m);
    });

    it('.ci/run checks the .vsix that npm run test:e2e packages', () => {
      const ci = readFileSync(join(ROOT, '.ci', 'run'), 'utf8');
      const e2e = ci.indexOf('npm run test:e2e');
      const check = ci.indexOf('node scripts/check-supply-chain.mjs --vsix redline.vsix');
      assert.ok(e2e > 0 && check > e2e, 'the vsix check runs after the e2e step builds redline.vsix');
      const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
      assert.match(pkg.scripts.package!, /--out redline\.vsix/);
      assert.match(pkg.scripts['test:e2e']!, /npm run package/);
    });
  });

  describe('license expressions', () => {
    const cases: [unknown, boolean][] = [
      ['MIT', true],
      ['mit', true],
      ['Apache-2.0', true],
      ['BSD-3-Clause', true],
      ['BlueOak-1.0.0', true],
      ['0BSD', true],
      ['(MIT OR Apache-2.0)', true],
      ['(MIT OR GPL-3.0-or-later)', true],
      ['MIT AND (Apache-2.0 OR GPL-2.0)', true],
      ['Apache-2.0 WITH LLVM-exception', true],
      ['ISC+', true],
      ['GPL-3.0', false],
      ['MIT AND GPL-2.0-only', false],
      ['(MIT AND LGPL-2.1) OR MPL-2.0', false],
      ['GPL-2.0 WITH Classpath-exception-2.0', false],
      ['MIT OR Apache-2.0 AND GPL-3.0', true], // AND binds tighter: MIT OR (Apache AND GPL)
      ['(MIT OR Apache-2.0) AND GPL-3.0', false],
      ['Python-2.0', false],
      ['CC0-1.0', false],
      ['LicenseRef-Proprietary', false],
      ['UNLICENSED', false],
      ['SEE LICENSE IN LICENSE.md', false],
      ['MIT OR', false],
      ['(MIT', false],
      ['MIT)', false],
      ['MIT WITH', false],
      ['', false],
      [undefined, false],
      [{ type: 'MIT' }, false],
    ];
    for (const [expr, ok] of cases) {
      it(`${JSON.stringify(expr)} → ${ok ? 'allowed' : 'refused'}`, () => {
        const v = sc.spdxAllowed(expr);
        assert.equal(v.ok, ok, v.reason);
      });
    }
  });

  describe('catches what it should, on a synthetic project', () => {
    const pkg = { name: 'app', version: '1.0.0', dependencies: { a: '^1.0.0' }, devDependencies: { d: '1.0.0' }, scripts: { postinstall: 'node evil.js', build: 'tsc' } };
    const lock = {
      packages: {
        '': { name: 'app', version: '1.0.0', dependencies: { a: '^1.0.0' }, devDependencies: { d: '1.0.0' } },
        'node_modules/a': { version: '1.2.0', license: 'MIT', hasInstallScript: true, dependencies: { b: '2.0.0', c: '1.0.0' }, peerDependencies: { opt: '1' }, peerDependenciesMeta: { opt: { optional: true } } },
        // a's own copy of b (nested), copyleft; the hoisted b is a dev tool's.
        'node_modules/a/node_modules/b': { version: '2.0.0', license: '(GPL-3.0-only OR LGPL-3.0-only)' },
        'node_modules/b': { version: '1.0.0', license: 'MIT', dev: true },
        'node_modules/c': { version: '1.0.0', license: 'MIT', dev: true },
        'node_modules/d': { version: '1.0.0', license: 'GPL-3.0', dev: true },
      },
    };

    it('licenses: the nested copyleft package, and a production package the lock calls dev-only', () => {
      const dir = project(pkg, lock);
      temps.push(dir);
      const problems = sc.checkLicenses(dir);
      assert.equal(problems.length, 2, problems.join('\n'));
      assert.match(problems[0]!, /^node_modules\/a\/node_modules\/b@2\.0\.0: license "\(GPL-3\.0-only OR LGPL-3\.0-only\)" not permissive/);
      assert.match(problems[1]!, /^node_modules\/c: production code depends on it but package-lock.json marks it dev-only/);
      assert.ok(!problems.some((p) => p.includes('node_modules/d')), 'dev dependencies are not production');
    });

    it('install scripts: postinstall of its own, and a production dependency with one that allowScripts does not list', () => {
      const dir = project(pkg, lock);
      temps.push(dir);
      assert.deepEqual(sc.checkInstallScripts(dir), ['package.json scripts.postinstall: runs at install time', 'node_modules/a: production dependency with an install script, not listed in package.json allowScripts']);
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ ...pkg, scripts: { build: 'tsc' }, allowScripts: { a: false } }));
      assert.deepEqual(sc.checkInstallScripts(dir), []);
    });

    it('lockfile: package.json and the lock disagree, node_modules differs from the lock', () => {
      const dir = project({ ...pkg, dependencies: { a: '^1.3.0' } }, lock);
      temps.push(dir);
      writeFileSync(join(dir, 'node_modules', 'a', 'package.json'), JSON.stringify({ name: 'a', version: '1.1.0', license: 'MIT' }));
      const problems = sc.checkLockfile(dir, { git: false });
      assert.deepEqual(problems, [
        'dependencies.a: package.json says ^1.3.0, package-lock.json ^1.0.0 (run npm install and commit the lock)',
        'dependencies.a: package-lock.json has 1.2.0, which does not satisfy ^1.3.0',
        'node_modules/a: node_modules has 1.1.0, package-lock.json 1.2.0 (run npm ci)',
      ]);
      assert.match(sc.checkLockfile(dir, { git: true }).join('\n'), /package-lock.json is not committed/);
    });
  });

  describe('the .vsix', () => {
    const good = [
      'extension.vsixmanifest',
      '[Content_Types].xml',
      'extension/package.json',
      'extension/readme.md',
      'extension/changelog.md',
      'extension/LICENSE.txt',
      'extension/media/redline.svg',
      'extension/docs/editors.md',
      'extension/docs/rules/sql/string-built-query.md',
      'extension/dist/client.js',
      'extension/dist/server.js',
      'extension/dist/worker.js',
      'extension/dist/cli.js',
      'extension/dist/cli.js.LEGAL.txt',
      'extension/dist/web-tree-sitter.wasm',
      'extension/dist/tree-sitter-python.wasm',
      'extension/dist/re2.wasm',
      'extension/dist/redline.schema.json',
      'extension/dist/THIRD_PARTY_NOTICES.md',
      'extension/dist/rules/sql/string-built-query.yaml',
      'extension/dist/rules/',
    ];

    it('the allow-list accepts what `npm run package` ships', () => {
      assert.deepEqual(sc.vsixEntryProblems(good), []);
    });

    it('refuses sources, tests, maps, node_modules, fixtures, samples, .env files and strays; requires the bundles', () => {
      const bad = [
        'extension/dist/cli.js.map',
        'extension/server/src/lsp/main.ts',
        'extension/node_modules/zod/index.js',
        'extension/test/unit/a.test.js',
        'extension/bench/corpus/app.py',
        'extension/sample/.env',
        'extension/rules/secret/provider-credential/keys.js',
        'extension/rules/secret/provider-credential.yaml',
        'extension/.redline/regions.json',
        'extension/.env.production',
        'extension/notes.txt',
        'extension/dist/extra.js',
      ];
      const problems = sc.vsixEntryProblems([...good.filter((e) => e !== 'extension/dist/server.js' && e !== 'extension/LICENSE.txt'), ...bad]);
      for (const e of bad) assert.ok(problems.some((p) => p.startsWith(`${e}: `)), `${e} is refused:\n${problems.join('\n')}`);
      assert.ok(problems.includes('extension/dist/server.js: missing from the .vsix'));
      assert.ok(problems.includes('extension/LICENSE.txt: missing from the .vsix'));
      assert.equal(problems.length, bad.length + 2, problems.join('\n'));
    });

    it('unpacks a .vsix, checks its LICENSE and catalog, and finds a credential in a bundle and in a doc', async function () {
      const cli = join(ROOT, 'dist', 'cli.js');
      const dir = mkdtempSync(join(tmpdir(), 'redline-vsix-test-'));
      temps.push(dir);
      const license = readFileSync(join(ROOT, 'LICENSE'), 'utf8');
      const entries: Record<string, string> = {};
      for (const e of good.filter((x) => !x.endsWith('/'))) entries[e] = e.endsWith('.json') ? '{}\n' : `// ${e}\n`;
      entries['extension/LICENSE.txt'] = license;
      entries['extension/dist/rules/sql/string-built-query.yaml'] = 'id: sql/string-built-query\nseverity: error\n';
      const clean = join(dir, 'clean.vsix');
      await writeZip(clean, entries);
      const ok = await sc.checkVsix(clean, { cli });
      assert.deepEqual(ok.problems, []);
      assert.equal(ok.entries.length, Object.keys(entries).length);

      const stripe = `sk_live_${tokenBody(24, 7)}`;
      const dirty = join(dir, 'dirty.vsix');
      await writeZip(dirty, {
        ...entries,
        'extension/dist/cli.js': `"use strict";var a=1;const k="${stripe}";module.exports={k};\n`,
        'extension/docs/rules/sql/string-built-query.md': `# Example\n\nRun it with \`STRIPE_KEY=sk_live_${tokenBody(24, 11)}\`.\n`,
        'extension/LICENSE.txt': 'Proprietary. All rights reserved.\n',
        'extension/dist/rules/sql/string-built-query.yaml': 'id: sql/string-built-query\nsamples:\n  - match: x\n',
        'extension/src/extension.ts': 'export {};\n',
      });
      const r = await sc.checkVsix(dirty, { cli });
      const text = r.problems.join('\n');
      assert.match(text, /^extension\/src\/extension\.ts: must not ship/m);
      assert.match(text, /^extension\/LICENSE\.txt: not the MIT license of Redline contributors/m);
      assert.match(text, /^extension\/dist\/rules\/sql\/string-built-query\.yaml: ships the rule's samples/m);
      assert.match(text, /^extension\/dist\/cli\.js:1: secret\/provider-credential error/m);
      assert.match(text, /^extension\/docs\/rules\/sql\/string-built-query\.md:3: secret\/provider-credential error/m);
      assert.ok(!text.includes(stripe), 'problems show masked values only');
      assert.equal(r.problems.length, 5, text);
    });

    it('the script exits 1 and lists the problems', async () => {
      const { spawnSync } = await import('node:child_process');
      const dir = mkdtempSync(join(tmpdir(), 'redline-vsix-cli-'));
      temps.push(dir);
      const file = join(dir, 'x.vsix');
      await writeZip(file, { 'extension/package.json': '{}', 'extension/src/a.ts': '' });
      // No CLI: the credential scan reports that it cannot run (the test above runs it).
      const r = spawnSync(process.execPath, [SCRIPT, '--vsix', file, '--json', '--cli', join(dir, 'no-cli.js')], { encoding: 'utf8' });
      assert.equal(r.status, 1, r.stderr);
      const out = JSON.parse(r.stdout) as { ok: boolean; sections: { problems: string[] }[] };
      assert.equal(out.ok, false);
      assert.ok(out.sections[0]!.problems.includes('extension/src/a.ts: must not ship (sources)'));
      assert.ok(out.sections[0]!.problems.some((p) => p.includes('not built, cannot scan the .vsix for credentials')));
    });
  });
});
