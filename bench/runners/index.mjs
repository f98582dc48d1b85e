// Runs each tool over an explicit file list and returns normalized findings
// ({ruleId, path, line (1-based), column}) plus timing and peak RSS of the tool's process.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../lib/proc.mjs';

export const benchDir = join(dirname(fileURLToPath(import.meta.url)), '..');
export const repoDir = join(benchDir, '..');
export const workDir = join(benchDir, '.work');
// Scratch space of every part (a fresh clone has none: .work is git-ignored).
mkdirSync(workDir, { recursive: true });
export const distCli = join(repoDir, 'dist', 'cli.js');
export const distServer = join(repoDir, 'dist', 'server.js');

/** Throws a clear error when dist/ has not been built. */
export function requireDist(which = ['cli', 'server']) {
  const missing = which.map((w) => join(repoDir, 'dist', `${w}.js`)).filter((p) => !existsSync(p));
  if (missing.length) throw new Error(`missing ${missing.join(', ')}: run \`npm run build\` first (npm run bench builds when dist/ is absent)`);
}

function jobFile(name, job) {
  mkdirSync(workDir, { recursive: true });
  const p = join(workDir, `${name}.job.json`);
  writeFileSync(p, JSON.stringify(job));
  return p;
}

/**
 * Largest chunks of `files` whose joined length stays under the kernel's argument limit.
 * @param {string[]} files
 * @param {number} [budget] bytes of arguments per invocation
 */
export function argChunks(files, budget = 1_500_000) {
  const chunks = [];
  let cur = [];
  let size = 0;
  for (const f of files) {
    if (size + f.length + 1 > budget && cur.length) {
      chunks.push(cur);
      cur = [];
      size = 0;
    }
    cur.push(f);
    size += f.length + 1;
  }
  if (cur.length) chunks.push(cur);
  return chunks;
}

/**
 * `node dist/cli.js scan FILES --format json` (one invocation unless the list overflows the
 * argument limit). Findings carry Redline's own category.
 * @param {{cwd: string, files: string[], name?: string, extraArgs?: string[]}} o
 */
export async function runRedline({ cwd, files, name = 'redline', extraArgs = [] }) {
  requireDist(['cli']);
  const findings = [];
  let ms = 0;
  let peak = 0;
  let stats = { files: 0, bytes: 0 };
  const chunks = argChunks(files);
  for (let i = 0; i < chunks.length; i++) {
    const out = join(workDir, `${name}-${i}.json`);
    const r = await run(process.execPath, [distCli, 'scan', ...chunks[i], '--format', 'json', '--fail-on', 'none', '--output', out, '--quiet', ...extraArgs], { cwd });
    if (r.code !== 0 || !existsSync(out)) throw new Error(`redline scan failed (exit ${r.code}): ${r.stderr.slice(0, 2000)}`);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    ms += r.ms;
    peak = Math.max(peak, r.peakRssBytes ?? 0);
    stats = { files: stats.files + (report.stats?.files ?? 0), bytes: stats.bytes + (report.stats?.bytes ?? 0) };
    for (const f of report.findings) {
      findings.push({ ruleId: f.ruleId, category: f.category, path: f.path, line: f.range.start.line + 1, column: f.range.start.character + 1 });
    }
  }
  return { findings, ms, peakRssBytes: peak || null, invocations: chunks.length, reported: stats };
}

/**
 * ESLint with the peer plugins (bench/runners/eslint-child.mjs) in a child process.
 * @param {{cwd: string, files: string[], mode?: 'mapped'|'recommended', name?: string}} o
 */
export async function runEslint({ cwd, files, mode = 'mapped', name = 'eslint' }) {
  const out = join(workDir, `${name}.out.json`);
  const job = jobFile(name, { cwd, files, mode, out });
  const r = await run(process.execPath, ['--max-old-space-size=8192', join(benchDir, 'runners', 'eslint-child.mjs'), job], { cwd: repoDir });
  if (r.code !== 0 || !existsSync(out)) throw new Error(`eslint run failed (exit ${r.code}): ${r.stderr.slice(0, 2000)}`);
  const res = JSON.parse(readFileSync(out, 'utf8'));
  return { ...res, ms: r.ms, innerMs: res.ms, peakRssBytes: r.peakRssBytes };
}

/**
 * secretlint with preset-recommend (bench/runners/secretlint-child.mjs) in a child process.
 * @param {{cwd: string, files: string[], name?: string}} o
 */
export async function runSecretlint({ cwd, files, name = 'secretlint' }) {
  const out = join(workDir, `${name}.out.json`);
  const job = jobFile(name, { cwd, files, out });
  const r = await run(process.execPath, ['--max-old-space-size=8192', join(benchDir, 'runners', 'secretlint-child.mjs'), job], { cwd: repoDir });
  if (r.code !== 0 || !existsSync(out)) throw new Error(`secretlint run failed (exit ${r.code}): ${r.stderr.slice(0, 2000)}`);
  const res = JSON.parse(readFileSync(out, 'utf8'));
  return { ...res, ms: r.ms, innerMs: res.ms, peakRssBytes: r.peakRssBytes };
}
