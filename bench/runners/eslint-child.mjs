#!/usr/bin/env node
// Runs ESLint (Node API) with the peer plugins over an explicit file list, in its own process so
// that its wall time and peak RSS can be measured. Usage:
//   node bench/runners/eslint-child.mjs JOB.json
// JOB: { cwd, files: [relative paths], mode: 'mapped'|'recommended', out }
// Writes { findings: [{ruleId, path, line, column}], fatal, files, bytes, ms } to `out`.
import { readFileSync, writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { eslintConfig, isTsFile, jsSourceType } from '../lib/eslint-config.mjs';

const job = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const start = performance.now();
const groups = { module: [], commonjs: [], ts: [] };
let bytes = 0;
for (const f of job.files) {
  const abs = join(job.cwd, f);
  bytes += statSync(abs).size;
  if (isTsFile(f)) groups.ts.push(f);
  else groups[jsSourceType(f, readFileSync(abs, 'utf8'))].push(f);
}
const findings = [];
let fatal = 0;
for (const [kind, files] of Object.entries(groups)) {
  if (!files.length) continue;
  const eslint = new ESLint({
    cwd: job.cwd,
    overrideConfigFile: true,
    overrideConfig: eslintConfig({ mode: job.mode, kind }),
    errorOnUnmatchedPattern: false,
    warnIgnored: false,
    cache: false,
    ignore: false,
  });
  // Lint in slices so a huge list does not hold every result in memory at once.
  for (let i = 0; i < files.length; i += 500) {
    const results = await eslint.lintFiles(files.slice(i, i + 500));
    for (const r of results) {
      const rel = r.filePath.startsWith(job.cwd) ? r.filePath.slice(job.cwd.length + 1) : r.filePath;
      for (const m of r.messages) {
        if (m.fatal || !m.ruleId) {
          fatal++;
          continue;
        }
        findings.push({ ruleId: m.ruleId, path: rel.split('\\').join('/'), line: m.line, column: m.column });
      }
    }
  }
}
const ms = performance.now() - start;
writeFileSync(job.out, JSON.stringify({ findings, fatal, files: job.files.length, bytes, ms, groups: Object.fromEntries(Object.entries(groups).map(([k, v]) => [k, v.length])) }));
// Some engines keep handles open after the work is done; the result is written, so leave now.
process.exit(0);
