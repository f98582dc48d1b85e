#!/usr/bin/env node
// Supply-chain checks (issue "Hardening"). Usage:
//
//   node scripts/check-supply-chain.mjs [--root DIR] [--json]
//       production dependencies (package.json `dependencies`, transitively, from package-lock.json)
//       have permissive licenses, and so does everything esbuild bundles into dist/ or build.mjs
//       copies there; package-lock.json is committed and in sync with package.json and
//       node_modules; package.json runs nothing at install time.
//
//   node scripts/check-supply-chain.mjs --vsix FILE [--cli dist/cli.js] [--json]
//       the .vsix holds only an allow-list (manifest, dist bundles and their assets, rule catalog,
//       docs, media, README, CHANGELOG, LICENSE) and no file in it holds a credential-shaped
//       sample (`redline scan --fail-on warning` on the unpacked files).
//
// Exit 0 when every check passes, 1 otherwise (each problem on one line), 2 on usage errors.
// No network: everything comes from package.json, package-lock.json, node_modules and git.

import { spawnSync } from 'node:child_process';
import { copyFileSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = join(here, '..');

// ---------------------------------------------------------------------------------------------
// Licenses

/**
 * Licenses a production dependency may carry (SPDX ids, compared case-insensitively). All are
 * permissive: use, modification and redistribution in a closed or open bundle with no copyleft,
 * at most keeping a notice. The issue names MIT, Apache-2.0, BSD and ISC; 0BSD (ISC without the
 * notice) and BlueOak-1.0.0 (minimatch; permissive with an express patent license) are the same
 * kind of license.
 *
 * Deliberately not here, because nothing in production needs them and each needs a look first:
 * Python-2.0 (a stack of four historical licenses, PSF/BeOpen/CNRI/CWI; permissive, but the
 * CNRI part names Virginia law), CC0-1.0 and Unlicense (public-domain dedications that grant no
 * patent rights and do not work the same in every jurisdiction), MPL/LGPL/GPL (copyleft).
 * Adding one is a reviewed one-line change here.
 */
export const ALLOWED_LICENSES = ['MIT', 'Apache-2.0', 'BSD-2-Clause', 'BSD-3-Clause', 'ISC', '0BSD', 'BlueOak-1.0.0'];

const allowedIds = new Set(ALLOWED_LICENSES.map((l) => l.toLowerCase()));

/**
 * Whether an SPDX license expression can be satisfied with allowed licenses only:
 * `A OR B` needs one side, `A AND B` both (AND binds tighter than OR), `A WITH exception` needs
 * `A` (an exception only adds permissions), `A+` needs `A`; parentheses group. `LicenseRef-…`,
 * `UNLICENSED`, `SEE LICENSE IN …` and anything unparseable are not allowed.
 *
 * @returns `{ ok: true }` or `{ ok: false, reason }`
 */
export function spdxAllowed(expression) {
  if (typeof expression !== 'string' || !expression.trim()) return { ok: false, reason: 'no license' };
  const tokens = expression.match(/\(|\)|[^\s()]+/g) ?? [];
  let i = 0;
  const peek = () => tokens[i];
  const isOp = (t, op) => typeof t === 'string' && t.toUpperCase() === op;
  const fail = (msg) => {
    throw new Error(msg);
  };
  const parseOr = () => {
    let v = parseAnd();
    while (isOp(peek(), 'OR')) {
      i++;
      const r = parseAnd();
      v = v || r;
    }
    return v;
  };
  const parseAnd = () => {
    let v = parseWith();
    while (isOp(peek(), 'AND')) {
      i++;
      const r = parseWith();
      v = v && r;
    }
    return v;
  };
  const parseWith = () => {
    const v = parseAtom();
    if (isOp(peek(), 'WITH')) {
      i++;
      const exception = tokens[i++];
      if (!exception || exception === '(' || exception === ')' || ['AND', 'OR', 'WITH'].includes(exception.toUpperCase())) fail('WITH without an exception id');
    }
    return v;
  };
  const parseAtom = () => {
    const t = tokens[i++];
    if (t === undefined) fail('unexpected end');
    if (t === '(') {
      const v = parseOr();
      if (tokens[i++] !== ')') fail('missing )');
      return v;
    }
    if (t === ')' || ['AND', 'OR', 'WITH'].includes(t.toUpperCase())) fail(`unexpected ${t}`);
    if (!/^[A-Za-z0-9.+-]+$/.test(t)) fail(`not an SPDX license id: ${t}`);
    const id = t.endsWith('+') ? t.slice(0, -1) : t;
    return allowedIds.has(id.toLowerCase());
  };
  try {
    const ok = parseOr();
    if (i !== tokens.length) fail(`unexpected ${tokens[i]}`);
    return ok ? { ok: true } : { ok: false, reason: `not permissive (allowed: ${ALLOWED_LICENSES.join(', ')})` };
  } catch (e) {
    return { ok: false, reason: `not a valid SPDX expression (${e.message})` };
  }
}

/** The license expressions a package.json or lock entry declares (legacy object/array forms too). */
export function declaredLicenses(pkg) {
  if (!pkg) return [];
  const out = [];
  const add = (l) => {
    if (typeof l === 'string') out.push(l);
    else if (l && typeof l === 'object' && typeof l.type === 'string') out.push(l.type);
  };
  add(pkg.license);
  // Legacy `licenses: [{ type }]`: every entry must be acceptable (conservative).
  if (Array.isArray(pkg.licenses)) pkg.licenses.forEach(add);
  return out;
}

// ---------------------------------------------------------------------------------------------
// The production dependency tree, from package-lock.json

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** Where Node would find `name` required from the package at lock location `from` ('' = root). */
function resolveLocation(packages, from, name) {
  let base = from;
  for (;;) {
    const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!base) return undefined;
    const cut = base.lastIndexOf('node_modules/');
    base = cut <= 0 ? '' : base.slice(0, cut - 1);
  }
}

/**
 * Every package production code can load: package.json `dependencies` and
 * `optionalDependencies`, then each package's `dependencies`, `optionalDependencies` and
 * non-optional `peerDependencies`, resolved through the lock's `packages` the way Node resolves
 * them. Missing optional packages (other platforms) are skipped; a missing required one is a
 * problem.
 *
 * @returns {{ packages: Map<string, {location: string, name: string, version: string, entry: object}>, problems: string[] }}
 */
export function productionTree(root) {
  const problems = [];
  const lock = readJson(join(root, 'package-lock.json'));
  const packages = lock.packages;
  if (!packages || typeof packages !== 'object') return { packages: new Map(), problems: [`package-lock.json: lockfileVersion ${lock.lockfileVersion} has no "packages" section (use npm 7 or later)`] };
  const pkg = readJson(join(root, 'package.json'));
  const seen = new Map();
  const queue = [];
  const want = (from, name, optional) => {
    let loc = resolveLocation(packages, from, name);
    if (!loc) {
      if (!optional) problems.push(`package-lock.json: ${name} (required by ${from || 'package.json'}) is not in the lock`);
      return;
    }
    // Workspaces and `file:` links point at their target.
    while (packages[loc]?.link && typeof packages[loc].resolved === 'string' && packages[packages[loc].resolved]) loc = packages[loc].resolved;
    if (seen.has(loc)) return;
    const entry = packages[loc];
    const pkgName = entry.name ?? loc.slice(loc.lastIndexOf('node_modules/') + 'node_modules/'.length);
    seen.set(loc, { location: loc, name: pkgName, version: entry.version, entry });
    queue.push(loc);
  };
  for (const name of Object.keys(pkg.dependencies ?? {})) want('', name, false);
  for (const name of Object.keys(pkg.optionalDependencies ?? {})) want('', name, true);
  while (queue.length) {
    const loc = queue.shift();
    const e = packages[loc];
    for (const name of Object.keys(e.dependencies ?? {})) want(loc, name, false);
    for (const name of Object.keys(e.optionalDependencies ?? {})) want(loc, name, true);
    for (const name of Object.keys(e.peerDependencies ?? {})) want(loc, name, e.peerDependenciesMeta?.[name]?.optional === true);
  }
  return { packages: seen, problems };
}

/**
 * Every production package's declared license (lock entry and, when installed, its own
 * package.json) is an allowed SPDX expression; the lock's `dev` flags agree with the walk.
 */
export function checkLicenses(root = REPO_ROOT) {
  const { packages, problems } = productionTree(root);
  const lock = readJson(join(root, 'package-lock.json'));
  for (const p of packages.values()) {
    const installed = join(root, p.location, 'package.json');
    const declared = [...declaredLicenses(p.entry), ...(existsSync(installed) ? declaredLicenses(readJson(installed)) : [])];
    if (declared.length === 0) problems.push(`${p.location}@${p.version}: declares no license`);
    for (const expr of new Set(declared)) {
      const v = spdxAllowed(expr);
      if (!v.ok) problems.push(`${p.location}@${p.version}: license "${expr}" ${v.reason}`);
    }
    if (p.entry.dev === true) problems.push(`${p.location}: production code depends on it but package-lock.json marks it dev-only (run npm install to refresh the lock)`);
  }
  // The other way round: whatever npm installs for production is in the walk.
  for (const [loc, e] of Object.entries(lock.packages ?? {})) {
    if (!loc || e.dev || e.devOptional || e.link || e.extraneous) continue;
    if (e.optional && !existsSync(join(root, loc))) continue;
    if (!packages.has(loc)) problems.push(`${loc}: package-lock.json installs it for production but nothing in dependencies reaches it`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// What the build ships: esbuild bundles and the assets build.mjs copies

/** Entry points and copied packages, read from scripts/build.mjs so the two cannot drift apart. */
export function buildInputs(root = REPO_ROOT) {
  const src = readFileSync(join(root, 'scripts', 'build.mjs'), 'utf8');
  const entries = [...src.matchAll(/entryPoints:\s*\{\s*(\w+):\s*join\(root,\s*'([^']+)'\)/g)].map((m) => ({ name: m[1], file: m[2] }));
  const assets = [...new Set([...src.matchAll(/require\.resolve\('([^']+)'\)/g)].map((m) => packageOfSpecifier(m[1])))];
  return { entries, assets };
}

function packageOfSpecifier(spec) {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** `node_modules/a/node_modules/@s/b/lib/x.js` → `node_modules/a/node_modules/@s/b`. */
export function packageLocationOf(inputPath) {
  const p = inputPath.split(sep).join('/');
  const at = p.lastIndexOf('node_modules/');
  if (at < 0) return undefined;
  const rest = p.slice(at + 'node_modules/'.length).split('/');
  const name = rest[0].startsWith('@') ? rest.slice(0, 2).join('/') : rest[0];
  return `${p.slice(0, at)}node_modules/${name}`;
}

/**
 * Bundles the build's entry points in memory (esbuild metafile, nothing written) and checks that
 * every package whose code lands in dist/ is a production dependency (a devDependency imported
 * by product code would be bundled without its license being checked), and so is every package
 * build.mjs copies files from (the tree-sitter and RE2 wasm).
 */
export async function checkBundled(root = REPO_ROOT) {
  const problems = [];
  const { entries, assets } = buildInputs(root);
  if (entries.length < 4) problems.push(`scripts/build.mjs: found ${entries.length} entry points (client, server, worker, cli expected); update buildInputs() in this script`);
  const { packages } = productionTree(root);
  const prodNames = new Set([...packages.values()].map((p) => p.name));
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(entries.map((e) => [e.name, join(root, e.file)])),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    mainFields: ['module', 'main'],
    external: ['vscode'],
    define: { 'import.meta.url': '__import_meta_url', __REDLINE_VERSION__: '"0.0.0"' },
    write: false,
    outdir: join(root, 'dist'),
    metafile: true,
    logLevel: 'silent',
  });
  const bundled = new Set();
  for (const input of Object.keys(result.metafile.inputs)) {
    const loc = packageLocationOf(input);
    if (loc) bundled.add(loc);
  }
  if (bundled.size === 0) problems.push('esbuild metafile lists no node_modules input: the bundle check is not looking at the real build');
  for (const loc of [...bundled].sort()) {
    if (!packages.has(loc)) problems.push(`${loc}: bundled into dist/ but not a production dependency (add it to dependencies, or stop importing it from product code)`);
  }
  for (const name of assets) {
    if (!prodNames.has(name)) problems.push(`${name}: scripts/build.mjs copies its files into dist/ but it is not a production dependency`);
  }
  return { problems, bundled: [...bundled].sort(), assets };
}

// ---------------------------------------------------------------------------------------------
// Lockfile and install scripts

/** package-lock.json is committed, its root entry equals package.json, node_modules matches it. */
export function checkLockfile(root = REPO_ROOT, { git = true } = {}) {
  const problems = [];
  const lockFile = join(root, 'package-lock.json');
  if (!existsSync(lockFile)) return ['package-lock.json is missing'];
  if (git) {
    const r = spawnSync('git', ['-C', root, 'ls-files', '--error-unmatch', 'package-lock.json'], { encoding: 'utf8' });
    if (r.status !== 0) problems.push('package-lock.json is not committed (git ls-files does not list it)');
  }
  const pkg = readJson(join(root, 'package.json'));
  const lock = readJson(lockFile);
  if (!(lock.lockfileVersion >= 2)) problems.push(`package-lock.json: lockfileVersion ${lock.lockfileVersion}; 2 or 3 expected`);
  const rootEntry = lock.packages?.[''];
  if (!rootEntry) return [...problems, 'package-lock.json has no root entry ("packages"."")'];
  if (lock.name !== pkg.name || rootEntry.version !== pkg.version) problems.push(`package-lock.json names ${lock.name}@${rootEntry.version}, package.json ${pkg.name}@${pkg.version}`);
  for (const field of ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies']) {
    const a = pkg[field] ?? {};
    const b = rootEntry[field] ?? {};
    for (const name of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (a[name] !== b[name]) problems.push(`${field}.${name}: package.json says ${a[name] ?? '(absent)'}, package-lock.json ${b[name] ?? '(absent)'} (run npm install and commit the lock)`);
    }
  }
  const require = createRequire(join(REPO_ROOT, 'package.json'));
  const semver = require('semver');
  for (const field of ['dependencies', 'devDependencies', 'optionalDependencies']) {
    for (const [name, range] of Object.entries(pkg[field] ?? {})) {
      const entry = lock.packages[`node_modules/${name}`];
      if (!entry) {
        if (field !== 'optionalDependencies') problems.push(`${field}.${name}: not in package-lock.json`);
        continue;
      }
      if (semver.validRange(range) && !entry.link && !semver.satisfies(entry.version, range)) problems.push(`${field}.${name}: package-lock.json has ${entry.version}, which does not satisfy ${range}`);
    }
  }
  // node_modules against the lock, for what ships (npm ci installs exactly the lock).
  const { packages } = productionTree(root);
  for (const p of packages.values()) {
    const installed = join(root, p.location, 'package.json');
    if (!existsSync(installed)) {
      if (!p.entry.optional) problems.push(`${p.location}: in package-lock.json but not installed (run npm ci)`);
      continue;
    }
    const v = readJson(installed).version;
    if (v !== p.version) problems.push(`${p.location}: node_modules has ${v}, package-lock.json ${p.version} (run npm ci)`);
  }
  return problems;
}

/** npm lifecycle scripts that run when this package is installed (or a dependency added). */
export const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall', 'prepare', 'preprepare', 'postprepare', 'prepublish', 'dependencies'];

/**
 * package.json runs nothing at install time: none of `INSTALL_SCRIPTS`, no binding.gyp (npm runs
 * `node-gyp rebuild` for it), and the lock agrees (`hasInstallScript`). Production dependencies
 * that have install scripts must be listed in package.json `allowScripts` (a decision on record).
 */
export function checkInstallScripts(root = REPO_ROOT) {
  const problems = [];
  const pkg = readJson(join(root, 'package.json'));
  for (const s of INSTALL_SCRIPTS) if (pkg.scripts && Object.hasOwn(pkg.scripts, s)) problems.push(`package.json scripts.${s}: runs at install time`);
  if (existsSync(join(root, 'binding.gyp'))) problems.push('binding.gyp: npm runs node-gyp rebuild at install time');
  const lockFile = join(root, 'package-lock.json');
  if (existsSync(lockFile)) {
    const lock = readJson(lockFile);
    if (lock.packages?.['']?.hasInstallScript) problems.push('package-lock.json: the root package has an install script');
    const { packages } = productionTree(root);
    const allow = pkg.allowScripts ?? {};
    for (const p of packages.values()) {
      if (p.entry.hasInstallScript && !Object.hasOwn(allow, p.name)) problems.push(`${p.location}: production dependency with an install script, not listed in package.json allowScripts`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// The .vsix

/**
 * What a .vsix may hold (zip entry names). vsce adds the manifest and content types, and
 * renames README/CHANGELOG/LICENSE (`readme.md`, `changelog.md`, `LICENSE.txt`).
 */
export const VSIX_ALLOWED = [
  /^extension\.vsixmanifest$/,
  /^\[Content_Types\]\.xml$/,
  /^extension\/package\.json$/,
  /^extension\/(?:readme|README)\.md$/,
  /^extension\/(?:changelog|CHANGELOG)\.md$/,
  /^extension\/LICENSE(?:\.txt|\.md)?$/,
  /^extension\/dist\/(?:client|server|worker|cli)\.js$/,
  /^extension\/dist\/(?:client|server|worker|cli)\.js\.LEGAL\.txt$/,
  /^extension\/dist\/[\w.-]+\.wasm$/,
  /^extension\/dist\/redline\.schema\.json$/,
  /^extension\/dist\/THIRD_PARTY_NOTICES\.md$/,
  /^extension\/dist\/rules\/[a-z-]+\/[a-z0-9-]+\.yaml$/,
  /^extension\/docs\/(?:[\w-]+\/)*[\w.-]+\.md$/,
  /^extension\/media\/[\w.-]+\.(?:svg|png)$/,
];

/** Named reasons for entries that must never ship (clearer than "not allowed"). */
const VSIX_DENIED = [
  [/\.map$/, 'source map'],
  [/(?:^|\/)node_modules\//, 'node_modules'],
  [/^extension\/(?:src|client\/src|server\/src|server|client)\//, 'sources'],
  [/(?:^|\/)(?:test|tests|__tests__|spec)\//, 'tests'],
  [/(?:^|\/)bench\//, 'benchmark'],
  [/(?:^|\/)sample\//, 'sample app'],
  [/(?:^|\/)(?:fixtures|__fixtures__|testdata)\//, 'fixtures'],
  [/^extension\/rules\//, 'rule sources with fixtures and samples (the catalog ships as dist/rules)'],
  [/(?:^|\/)\.env(?:\.|$)|\.env$/, '.env file'],
  [/(?:^|\/)\.redline\//, 'region index or custom rules'],
  [/(?:^|\/)\.(?:git|github|ci|vscode)(?:\/|$)/, 'repository metadata'],
  [/(?:^|\/)(?:out|test-results|\.stryker-tmp|reports)\//, 'build or test output'],
  [/\.(?:ts|tsx|mts|cts)$/, 'TypeScript source'],
  [/\.vsix$/, 'nested package'],
];

/** Entries that must be present for the extension to work. */
export const VSIX_REQUIRED = [
  'extension.vsixmanifest',
  'extension/package.json',
  'extension/dist/client.js',
  'extension/dist/server.js',
  'extension/dist/worker.js',
  'extension/dist/cli.js',
  'extension/dist/web-tree-sitter.wasm',
  'extension/dist/tree-sitter-python.wasm',
  'extension/dist/re2.wasm',
  'extension/dist/redline.schema.json',
  'extension/dist/THIRD_PARTY_NOTICES.md',
];

/** Problems with a list of zip entry names (directories, ending in `/`, are ignored). */
export function vsixEntryProblems(entries) {
  const problems = [];
  const files = entries.filter((e) => !e.endsWith('/'));
  for (const e of files) {
    const denied = VSIX_DENIED.find(([re]) => re.test(e));
    if (denied) problems.push(`${e}: must not ship (${denied[1]})`);
    else if (!VSIX_ALLOWED.some((re) => re.test(e))) problems.push(`${e}: not on the .vsix allow-list (scripts/check-supply-chain.mjs VSIX_ALLOWED)`);
  }
  const set = new Set(files);
  for (const r of VSIX_REQUIRED) if (!set.has(r)) problems.push(`${r}: missing from the .vsix`);
  if (!files.some((e) => /^extension\/LICENSE(?:\.txt|\.md)?$/.test(e))) problems.push('extension/LICENSE.txt: missing from the .vsix');
  if (!files.some((e) => /^extension\/dist\/rules\/.+\.yaml$/.test(e))) problems.push('extension/dist/rules/: the built-in rule catalog is missing from the .vsix');
  return problems;
}

/** yauzl, the zip reader of @vscode/vsce (the tool that writes the .vsix). */
function yauzl() {
  const require = createRequire(createRequire(join(REPO_ROOT, 'package.json')).resolve('@vscode/vsce/package.json'));
  return require('yauzl');
}

/** Lists a zip's entries and, with `into`, extracts the files there (paths checked to stay inside). */
export function readZip(file, into) {
  const { open } = yauzl();
  return new Promise((resolvePromise, reject) => {
    open(file, { lazyEntries: true, decodeStrings: true, validateEntrySizes: true }, (err, zip) => {
      if (err) return reject(err);
      const names = [];
      zip.on('error', reject);
      zip.on('end', () => resolvePromise(names));
      zip.on('entry', (entry) => {
        names.push(entry.fileName);
        if (!into || entry.fileName.endsWith('/')) return zip.readEntry();
        const target = resolve(into, entry.fileName);
        if (!target.startsWith(resolve(into) + sep)) return reject(new Error(`${entry.fileName}: path leaves the archive`));
        zip.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          mkdirSync(dirname(target), { recursive: true });
          pipeline(stream, createWriteStream(target)).then(() => zip.readEntry(), reject);
        });
      });
      zip.readEntry();
    });
  });
}

/** Extensions the engine analyzes in the unpacked .vsix (code and config); the rest is text. */
const ANALYZED = new Set(['.js', '.json', '.yaml', '.yml', '.xml']);
const BINARY = new Set(['.wasm', '.png']);

function listFiles(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(p));
    else out.push(p);
  }
  return out;
}

function scan(cli, dir, config, displayPath = (p) => p) {
  writeFileSync(join(dir, '.redline.json'), JSON.stringify(config));
  const r = spawnSync(process.execPath, [cli, 'scan', '.', '--root', '.', '--no-ignore', '--fail-on', 'warning', '--format', 'json', '--quiet'], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1' },
  });
  let report;
  try {
    report = JSON.parse(r.stdout);
  } catch {
    return { problems: [`redline scan failed (exit ${r.status}): ${r.stderr.slice(0, 2000)}`], files: 0 };
  }
  const problems = report.findings
    // A file skipped as too large or cut short was not scanned: that fails the check too.
    .filter((f) => ['error', 'warning'].includes(f.severity) || f.ruleId === 'redline/file-too-large' || f.ruleId === 'redline/analysis-truncated')
    .map((f) => `${displayPath(f.path)}:${f.range.start.line + 1}: ${f.ruleId} ${f.severity}: ${f.message}`);
  if (r.status !== 0 && problems.length === 0) problems.push(`redline scan exited ${r.status}: ${r.stderr.slice(0, 2000)}`);
  return { problems, files: report.stats?.files ?? 0 };
}

/**
 * The .vsix: allow-list of entries, the LICENSE, the catalog without `samples`, and a credential
 * scan of the unpacked files with the built CLI:
 *
 * - code and config (the bundles, JSON, YAML, XML) with every rule at `--fail-on warning`, with
 *   `maxFileBytes` raised so the bundles are analyzed, not skipped as too large;
 * - text Redline does not analyze (Markdown docs, LICENSE, LEGAL notices, SVG, the manifest),
 *   copied under a config-file name so the raw-text pass runs, with `secret/provider-credential`
 *   only: rule docs show flagged examples on purpose (masked), but a token of a known provider
 *   format must never ship.
 */
export async function checkVsix(file, { cli = join(REPO_ROOT, 'dist', 'cli.js') } = {}) {
  const problems = [];
  if (!existsSync(file)) return { problems: [`${file}: no such file (npm run package builds redline.vsix)`], entries: [] };
  const work = mkdtempSync(join(tmpdir(), 'redline-vsix-'));
  try {
    const unpacked = join(work, 'unpacked');
    const entries = await readZip(file, unpacked);
    problems.push(...vsixEntryProblems(entries));
    const license = entries.find((e) => /^extension\/LICENSE(?:\.txt|\.md)?$/.test(e));
    if (license) {
      const text = readFileSync(join(unpacked, license), 'utf8');
      if (!/^MIT License/.test(text) || !text.includes('Redline contributors')) problems.push(`${license}: not the MIT license of Redline contributors`);
    }
    for (const e of entries.filter((x) => /^extension\/dist\/rules\/.+\.yaml$/.test(x))) {
      if (/^\s*samples\s*:/m.test(readFileSync(join(unpacked, e), 'utf8'))) problems.push(`${e}: ships the rule's samples (build.mjs strips them)`);
    }
    if (!existsSync(cli)) {
      problems.push(`${cli}: not built, cannot scan the .vsix for credentials (npm run build)`);
      return { problems, entries };
    }
    const code = join(work, 'code');
    const text = join(work, 'text');
    mkdirSync(code);
    mkdirSync(text);
    let textFiles = 0;
    for (const f of listFiles(unpacked)) {
      const rel = relative(unpacked, f).split(sep).join('/');
      const ext = extname(f).toLowerCase();
      if (BINARY.has(ext)) continue;
      if (ANALYZED.has(ext)) {
        mkdirSync(dirname(join(code, rel)), { recursive: true });
        copyFileSync(f, join(code, rel));
      } else {
        // `extension/docs/rules/x.md` → `extension__docs__rules__x.md.ini`: analyzed as plain config text.
        copyFileSync(f, join(text, `${rel.replace(/\//g, '__')}.ini`));
        textFiles++;
      }
    }
    const largest = Math.max(0, ...listFiles(code).map((f) => statSync(f).size));
    const a = scan(cli, code, { maxFileBytes: Math.max(4 * 1024 * 1024, largest + 1) });
    problems.push(...a.problems);
    if (textFiles) {
      const b = scan(
        cli,
        text,
        {
          categories: { sql: false, cors: false, auth: false },
          severityOverrides: { 'secret/hardcoded-credential': 'off', 'secret/connection-string-credential': 'off' },
        },
        (p) => p.replace(/\.ini$/, '').replace(/__/g, '/'),
      );
      problems.push(...b.problems);
    }
    return { problems, entries };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Command line

async function main(argv) {
  const arg = (name) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const json = argv.includes('--json');
  const vsix = arg('--vsix');
  const root = resolve(arg('--root') ?? REPO_ROOT);
  const sections = [];
  if (vsix) {
    const r = await checkVsix(resolve(vsix), { cli: resolve(arg('--cli') ?? join(REPO_ROOT, 'dist', 'cli.js')) });
    sections.push({ check: `vsix ${vsix} (${r.entries.length} entries)`, problems: r.problems });
  } else {
    sections.push({ check: 'production licenses', problems: checkLicenses(root) });
    const b = await checkBundled(root);
    sections.push({ check: `bundled packages (${b.bundled.length}) and copied assets (${b.assets.join(', ')})`, problems: b.problems });
    sections.push({ check: 'package-lock.json committed and in sync', problems: checkLockfile(root) });
    sections.push({ check: 'no install scripts', problems: checkInstallScripts(root) });
  }
  const failed = sections.some((s) => s.problems.length);
  if (json) process.stdout.write(`${JSON.stringify({ ok: !failed, sections }, null, 2)}\n`);
  else {
    for (const s of sections) {
      console.log(`${s.problems.length ? '✖' : '✔'} ${s.check}`);
      for (const p of s.problems) console.log(`    ${p}`);
    }
  }
  return failed ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      console.error(e);
      process.exit(2);
    },
  );
}
