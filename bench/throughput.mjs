// Throughput part: `redline scan` over a large real tree (the project's node_modules source files,
// hard-linked into bench/.work/tree/ so that no tool's node_modules exclusion applies), against
// secretlint, ESLint with the peer plugins, and ripgrep running Redline's own secret patterns.
import { existsSync, linkSync, copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { listFiles } from './lib/files.mjs';
import { median } from './lib/stats.mjs';
import { run } from './lib/proc.mjs';
import { isEslintFile } from './lib/eslint-config.mjs';
import { repoDir, workDir, runRedline, runEslint, runSecretlint, requireDist } from './runners/index.mjs';

const require = createRequire(import.meta.url);
const SOURCE_EXT = /\.(?:[cm]?js|jsx|[cm]?ts|tsx|json|ya?ml|py)$/i;
/** Redline's default maxFileBytes: larger files would be skipped by Redline and read by the others. */
const MAX_FILE_BYTES = 4 * 1024 * 1024;

/**
 * Selects the source files of node_modules (known source extensions, 1 byte..4 MiB, no NUL byte in
 * the first 8 KiB) and hard-links them into bench/.work/tree/<copy>/…, replacing `node_modules` path
 * segments with `nm`. When one copy is under `minMB`, further copies are added until it is reached.
 * @returns {{root: string, files: string[], bytes: number, copies: number, sourceFiles: number, sourceBytes: number}}
 */
export function buildTree({ minMB = 100, log = console.error } = {}) {
  const nm = join(repoDir, 'node_modules');
  if (!existsSync(nm)) throw new Error('node_modules/ is missing: run `npm ci` first');
  const src = listFiles(nm, (rel, isDir) => (isDir ? !/(^|\/)\.(bin|cache)$/.test(rel) : SOURCE_EXT.test(rel)));
  const picked = [];
  let sourceBytes = 0;
  for (const rel of src) {
    const p = join(nm, rel);
    const size = statSync(p).size;
    if (size === 0 || size > MAX_FILE_BYTES) continue;
    const head = readFileSync(p).subarray(0, 8192);
    if (head.includes(0)) continue;
    picked.push({ rel, size });
    sourceBytes += size;
  }
  const copies = Math.max(1, Math.ceil((minMB * 1024 * 1024) / sourceBytes));
  const root = join(workDir, 'tree');
  const manifest = join(root, 'manifest.json');
  const want = { copies, count: picked.length, bytes: sourceBytes };
  let files = [];
  const current = existsSync(manifest) ? JSON.parse(readFileSync(manifest, 'utf8')) : null;
  for (let c = 1; c <= copies; c++) for (const f of picked) files.push(`${c}/${f.rel.replace(/(^|\/)node_modules(?=\/)/g, '$1nm')}`);
  if (!current || current.copies !== want.copies || current.count !== want.count || current.bytes !== want.bytes) {
    log(`throughput: linking ${picked.length} files × ${copies} into ${root}`);
    rmSync(root, { recursive: true, force: true });
    let i = 0;
    for (let c = 1; c <= copies; c++) {
      for (const f of picked) {
        const dest = join(root, files[i++]);
        mkdirSync(dirname(dest), { recursive: true });
        try { linkSync(join(nm, f.rel), dest); } catch { copyFileSync(join(nm, f.rel), dest); }
      }
    }
    writeFileSync(join(root, 'files.txt'), files.join('\n') + '\n');
    writeFileSync(manifest, JSON.stringify(want));
  }
  return { root, files, bytes: sourceBytes * copies, copies, sourceFiles: picked.length, sourceBytes };
}

/**
 * Redline's provider secret patterns (rules/secret/*.yaml `options.providers[].regex`), checked
 * against ripgrep: each compiles with rg's default engine, with PCRE2 (-P), or not at all.
 */
export function secretPatterns() {
  const YAML = require('yaml');
  const dir = join(repoDir, 'rules', 'secret');
  const out = { patterns: [], usable: [], pcre2: false, unusable: [] };
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort()) {
    const doc = YAML.parse(readFileSync(join(dir, name), 'utf8'));
    for (const p of doc?.options?.providers ?? []) if (p.regex) out.patterns.push({ rule: doc.id, provider: p.id ?? p.name, regex: String(p.regex), flags: p.flags });
  }
  const compiles = (re, pcre) => spawnSync('rg', ['--no-config', ...(pcre ? ['-P'] : []), '-q', '-e', re, '/dev/null']).status !== 2;
  for (const p of out.patterns) {
    // Named groups become plain groups: ripgrep runs the patterns as one alternation, where two
    // patterns naming a group `secret` is a PCRE2 compile error (names do not change what matches).
    let re = p.regex.replace(/^\(\?[a-z]+\)/, '').replace(/\(\?<([A-Za-z_]\w*)>/g, '(?:').replace(/\(\?P<([A-Za-z_]\w*)>/g, '(?:');
    if (/i/.test(p.flags ?? '')) re = `(?i)${re}`;
    if (compiles(re, false)) out.usable.push({ ...p, rg: re, engine: 'default' });
    else if (compiles(re, true)) out.usable.push({ ...p, rg: re, engine: 'pcre2' });
    else out.unusable.push(p);
  }
  out.pcre2 = out.usable.some((p) => p.engine === 'pcre2');
  return out;
}

function rate(bytes, files, ms) {
  return { ms, mbPerS: bytes / 1048576 / (ms / 1000), filesPerS: files / (ms / 1000) };
}

/**
 * @param {{runs?: number, minMB?: number, eslintSubsetMB?: number, log?: Function}} o
 */
export async function runThroughput({ runs = 3, minMB = 100, eslintSubsetMB = 6, secretlintSubsetMB = 10, log = console.error } = {}) {
  requireDist(['cli']);
  const hasRg = spawnSync('rg', ['--version']).status === 0;
  const tree = buildTree({ minMB, log });
  const { root, files, bytes } = tree;
  // ESLint is time-boxed to a deterministic subset of the JS/TS files of copy 1 (every k-th file).
  const jsFiles = files.filter((f) => f.startsWith('1/') && isEslintFile(f));
  const jsBytes = jsFiles.reduce((n, f) => n + statSync(join(root, f)).size, 0);
  const step = Math.max(1, Math.round(jsBytes / (eslintSubsetMB * 1048576)));
  const subset = jsFiles.filter((_, i) => i % step === 0);
  const subsetBytes = subset.reduce((n, f) => n + statSync(join(root, f)).size, 0);
  // secretlint (~0.5 MB/s here) is time-boxed the same way: every k-th file of the whole tree.
  const slStep = Math.max(1, Math.round(bytes / (secretlintSubsetMB * 1048576)));
  const slSubset = files.filter((_, i) => i % slStep === 0);
  const slBytes = slSubset.reduce((n, f) => n + statSync(join(root, f)).size, 0);
  const pats = hasRg ? secretPatterns() : { patterns: [], usable: [], unusable: [], pcre2: false };

  const series = { redline: [], redlineJ1: [], secretlint: [], rg: [], eslint: [], redlineSubset: [], redlineSlSubset: [] };
  let redlineReported = null;
  for (let i = 0; i < runs; i++) {
    log(`throughput run ${i + 1}/${runs}: redline over ${files.length} files (${(bytes / 1048576).toFixed(1)} MB)`);
    const r = await runRedline({ cwd: root, files, name: 'tp-redline' });
    redlineReported = r.reported;
    series.redline.push({ ms: r.ms, peakRssBytes: r.peakRssBytes, findings: r.findings.length, invocations: r.invocations });
    const r1 = await runRedline({ cwd: root, files, name: 'tp-redline-j1', extraArgs: ['--jobs', '1'] });
    series.redlineJ1.push({ ms: r1.ms, peakRssBytes: r1.peakRssBytes });
    log(`  secretlint over a ${slSubset.length}-file subset (${(slBytes / 1048576).toFixed(1)} MB) and redline over the same subset`);
    const s = await runSecretlint({ cwd: root, files: slSubset, name: 'tp-secretlint' });
    series.secretlint.push({ ms: s.ms, peakRssBytes: s.peakRssBytes, findings: s.findings.length });
    const rsl = await runRedline({ cwd: root, files: slSubset, name: 'tp-redline-slsubset' });
    series.redlineSlSubset.push({ ms: rsl.ms });
    if (hasRg && pats.usable.length) {
      log(`  ripgrep (${pats.usable.length} patterns)`);
      const args = ['--no-config', '-uuu', '--no-messages', '--count-matches', ...(pats.pcre2 ? ['-P'] : []), ...pats.usable.flatMap((p) => ['-e', p.rg]), '-g', '!files.txt', '-g', '!manifest.json', '.'];
      const g = await run('rg', args, { cwd: root });
      // 0: matches, 1: none; anything else is an error (a pattern rg rejects), not a timing.
      if (g.code !== 0 && g.code !== 1) throw new Error(`ripgrep failed (exit ${g.code}): ${g.stderr.slice(0, 500)}`);
      const matches = g.stdout.split('\n').filter(Boolean).reduce((n, l) => n + Number(l.slice(l.lastIndexOf(':') + 1) || 0), 0);
      series.rg.push({ ms: g.ms, peakRssBytes: g.peakRssBytes, matches });
    }
    log(`  eslint over a ${subset.length}-file subset (${(subsetBytes / 1048576).toFixed(1)} MB) and redline over the same subset`);
    const e = await runEslint({ cwd: root, files: subset, mode: 'mapped', name: 'tp-eslint' });
    series.eslint.push({ ms: e.ms, peakRssBytes: e.peakRssBytes, fatal: e.fatal, findings: e.findings.length });
    const rs = await runRedline({ cwd: root, files: subset, name: 'tp-redline-subset' });
    series.redlineSubset.push({ ms: rs.ms });
  }
  const med = (xs, k = 'ms') => (xs.length ? median(xs.map((x) => x[k])) : null);
  const res = {
    tree: { files: files.length, bytes, mb: bytes / 1048576, copies: tree.copies, sourceFiles: tree.sourceFiles, sourceMB: tree.sourceBytes / 1048576, redlineReported },
    runs,
    redline: { ...rate(bytes, files.length, med(series.redline)), peakRssBytes: med(series.redline, 'peakRssBytes') },
    redlineJ1: { ...rate(bytes, files.length, med(series.redlineJ1)), peakRssBytes: med(series.redlineJ1, 'peakRssBytes') },
    secretlint: { subsetFiles: slSubset.length, subsetMB: slBytes / 1048576, ...rate(slBytes, slSubset.length, med(series.secretlint)), peakRssBytes: med(series.secretlint, 'peakRssBytes'), extrapolatedFullTreeS: (bytes / slBytes) * (med(series.secretlint) / 1000) },
    redlineOnSecretlintSubset: rate(slBytes, slSubset.length, med(series.redlineSlSubset)),
    rg: series.rg.length ? { ...rate(bytes, files.length, med(series.rg)), peakRssBytes: med(series.rg, 'peakRssBytes'), patterns: pats.patterns.length, usable: pats.usable.length, pcre2: pats.pcre2, unusable: pats.unusable.map((p) => p.provider ?? p.regex) } : { skipped: hasRg ? `no provider patterns found under rules/secret/ (${pats.patterns.length} patterns)` : 'ripgrep (rg) is not installed: apt-get install -y ripgrep' },
    eslint: { subsetFiles: subset.length, subsetMB: subsetBytes / 1048576, ...rate(subsetBytes, subset.length, med(series.eslint)), peakRssBytes: med(series.eslint, 'peakRssBytes'), extrapolatedFullTreeS: (bytes / subsetBytes) * (med(series.eslint) / 1000) },
    redlineOnEslintSubset: rate(subsetBytes, subset.length, med(series.redlineSubset)),
    series,
  };
  // Ratios per run (same run), then the median.
  const ratio = (a, b) => median(series[a].map((x, i) => series[b][i] && x.ms / series[b][i].ms));
  res.ratios = {
    redlineOverEslint: ratio('eslint', 'redlineSubset'),
    redlineOverSecretlint: ratio('secretlint', 'redlineSlSubset'),
    redlineOverRg: series.rg.length ? ratio('rg', 'redline') : null,
    redlineJ1OverSecretlint: null,
  };
  return res;
}
