#!/usr/bin/env node
// Runs secretlint (its Node engine, the one its CLI uses) with the recommended preset over an
// explicit file list, in its own process. Usage:
//   node bench/runners/secretlint-child.mjs JOB.json
// JOB: { cwd, files: [relative paths], out }
// Writes { findings: [{ruleId, path, line, column}], files, bytes, ms } to `out`.
import { readFileSync, writeFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const job = JSON.parse(readFileSync(process.argv[2], 'utf8'));
// @secretlint/node is secretlint's engine package (a dependency of the secretlint CLI).
const require = createRequire(join(process.cwd(), 'package.json'));
const enginePath = require.resolve('@secretlint/node', { paths: [require.resolve('secretlint')] });
const { createEngine } = await import(pathToFileURL(enginePath).href);

const start = performance.now();
let bytes = 0;
for (const f of job.files) bytes += statSync(join(job.cwd, f)).size;
const engine = await createEngine({
  cwd: job.cwd,
  formatter: 'json',
  color: false,
  maskSecrets: true,
  configFileJSON: { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] },
});
const findings = [];
for (let i = 0; i < job.files.length; i += 1000) {
  const { output } = await engine.executeOnFiles({ filePathList: job.files.slice(i, i + 1000).map((f) => join(job.cwd, f)) });
  for (const r of JSON.parse(output || '[]')) {
    const rel = relative(job.cwd, r.filePath).split('\\').join('/');
    for (const m of r.messages ?? []) findings.push({ ruleId: m.ruleId, path: rel, line: m.loc?.start?.line, column: (m.loc?.start?.column ?? 0) + 1, messageId: m.messageId });
  }
}
const ms = performance.now() - start;
writeFileSync(job.out, JSON.stringify({ findings, files: job.files.length, bytes, ms }));
// Some engines keep handles open after the work is done; the result is written, so leave now.
process.exit(0);
