#!/usr/bin/env node
// `npm run bench`: builds dist/ minified (as `npm run package` ships it; --no-build keeps dist/ as it is),
// runs the parts, writes bench/RESULTS.md and bench/results.json.
//
//   node bench/run.mjs [--only accuracy,latency,throughput,memory] [--quick] [--no-build] [--runs N]
//
// --quick: development figures (fewer edits, runs, documents and a smaller tree). A part run with
// --only is merged into the existing results.json, so RESULTS.md always shows every part measured.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { machineInfo } from './lib/machine.mjs';
import { benchDir, repoDir } from './runners/index.mjs';
import { renderResults } from './report.mjs';

const PARTS = ['accuracy', 'latency', 'throughput', 'memory'];
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const value = (name) => {
  const i = argv.findIndex((a) => a === name || a.startsWith(name + '='));
  if (i < 0) return undefined;
  return argv[i].includes('=') ? argv[i].split('=')[1] : argv[i + 1];
};
if (flag('--help') || flag('-h')) {
  console.log('usage: npm run bench -- [--only accuracy,latency,throughput,memory] [--quick] [--no-build] [--runs N]');
  process.exit(0);
}
const only = value('--only') ? value('--only').split(',').map((s) => s.trim()) : PARTS;
for (const p of only) if (!PARTS.includes(p)) { console.error(`unknown part "${p}" (expected ${PARTS.join(', ')})`); process.exit(2); }
const quick = flag('--quick');
const runs = Number(value('--runs') ?? (quick ? 1 : 3));
const log = (...a) => console.error('[bench]', ...a);

// Measure what ships: `npm run package` bundles minified, and an unminified bundle's source text
// alone costs the worker ~18 MB more heap. --no-build measures dist/ as it is (and says which).
if (!flag('--no-build')) {
  log('building dist/ minified, as npm run package ships it');
  const r = spawnSync('npm', ['run', 'build'], { cwd: repoDir, stdio: 'inherit', env: { ...process.env, REDLINE_MINIFY: '1' } });
  if (r.status !== 0) { console.error('npm run build failed'); process.exit(1); }
}

/** Minified bundles have few, very long lines (esbuild keeps the newlines of template literals only). */
function bundleKind(file) {
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, 'utf8');
  return text.length / text.split('\n').length > 1000 ? 'minified (as packaged)' : 'unminified (development build)';
}

const resultsPath = join(benchDir, 'results.json');
const previous = existsSync(resultsPath) ? JSON.parse(readFileSync(resultsPath, 'utf8')) : {};
const results = only.length === PARTS.length ? { updated: {} } : { ...previous, updated: { ...(previous.updated ?? {}) } };
results.machine = machineInfo();
results.build = bundleKind(join(repoDir, 'dist', 'worker.js'));
results.quick = quick || (only.length < PARTS.length && previous.quick) || false;

for (const part of only) {
  const t0 = Date.now();
  log(`== ${part}`);
  if (part === 'accuracy') {
    const { runAccuracy } = await import('./accuracy.mjs');
    results.accuracy = await runAccuracy({ log });
  } else if (part === 'latency') {
    const { runLatency } = await import('./latency.mjs');
    results.latency = await runLatency(quick ? { sizes: [1000, 5000], edits: 20, runs, eslintBudgetMs: 3000, log } : { runs, log });
  } else if (part === 'throughput') {
    const { runThroughput } = await import('./throughput.mjs');
    results.throughput = await runThroughput(quick ? { runs, minMB: 10, eslintSubsetMB: 1, secretlintSubsetMB: 1, log } : { runs, log });
  } else if (part === 'memory') {
    const { runMemory } = await import('./memory.mjs');
    results.memory = await runMemory(quick ? { docs: 30, runs, log } : { runs, log });
  }
  const load = (await import('node:os')).loadavg()[0];
  results.updated[part] = `${new Date().toISOString()}${quick ? ' (quick)' : ''}, ${((Date.now() - t0) / 1000).toFixed(0)} s, 1-min load average at the end ${load.toFixed(1)}${load > results.machine.cores ? ` (**above the ${results.machine.cores} cores: other processes competed for the CPU; timings are inflated**)` : ''}`;
}

writeFileSync(resultsPath, JSON.stringify(results, null, 1) + '\n');
writeFileSync(join(benchDir, 'RESULTS.md'), renderResults(results));
log(`wrote bench/RESULTS.md and bench/results.json`);
