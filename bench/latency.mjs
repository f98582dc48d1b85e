// Latency part: didChange -> publishDiagnostics of that version, over stdio to dist/server.js with
// redline.analysis.debounceMs = 0, beside the parse floor (ts.createSourceFile) and ESLint with the
// peer plugins linting the same texts in-process.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { Linter } from 'eslint';
import { LspClient } from './lib/lsp.mjs';
import { generateExpressFile, rng } from './gen-express.mjs';
import { quantile, median } from './lib/stats.mjs';
import { eslintConfig } from './lib/eslint-config.mjs';
import { distServer, requireDist, workDir } from './runners/index.mjs';

const require = createRequire(import.meta.url);
const ts = require('typescript');

/**
 * The edit script for a text: `count` single-character insertions inside function bodies
 * (right after the first letter of a `const` name, so the code stays valid), spread over the file.
 * @returns {{line: number, character: number, text: string}[]}
 */
export function editScript(text, count, seed) {
  const lines = text.split('\n');
  const candidates = [];
  lines.forEach((l, i) => {
    const m = /^(\s+)const [A-Za-z_$]/.exec(l);
    if (m) candidates.push({ line: i, character: m[1].length + 'const '.length + 1 });
  });
  const r = rng(seed);
  const edits = [];
  for (let k = 0; k < count; k++) {
    const c = candidates[Math.floor(r() * candidates.length)];
    edits.push({ line: c.line, character: c.character, text: 'abcdefghijklmnopqrstuvwxyz'[k % 26] });
  }
  return edits;
}

/** Applies one insertion to a lines array (in place). */
function applyEdit(lines, e) {
  const l = lines[e.line];
  lines[e.line] = l.slice(0, e.character) + e.text + l.slice(e.character);
}

function summary(xs) {
  return { n: xs.length, p50: quantile(xs, 0.5), p95: quantile(xs, 0.95), max: Math.max(...xs) };
}

/**
 * @param {{sizes?: number[], edits?: number, warmup?: number, runs?: number, eslintBudgetMs?: number, log?: Function}} o
 */
export async function runLatency({ sizes = [1000, 5000, 20000], edits = 60, warmup = 5, runs = 3, eslintBudgetMs = 15_000, log = console.error } = {}) {
  requireDist(['server']);
  const dir = join(workDir, 'latency');
  mkdirSync(dir, { recursive: true });
  const linter = new Linter({ configType: 'flat' });
  const configs = { mapped: eslintConfig({ mode: 'mapped', kind: 'commonjs' }), recommended: eslintConfig({ mode: 'recommended', kind: 'commonjs' }) };
  const perSize = Object.fromEntries(sizes.map((s) => [s, { runs: [] }]));

  for (let run = 0; run < runs; run++) {
    const client = new LspClient(distServer, { cwd: dir });
    await client.initialize(dir);
    for (const size of sizes) {
      const text = generateExpressFile(size, size);
      const path = join(dir, `generated-${size}.js`);
      writeFileSync(path, text);
      const script = editScript(text, warmup + edits, size + run);
      const uri = client.open(path, text, 'javascript', 1);
      await client.waitPublished(uri, 1, 120_000);
      const lines = text.split('\n');
      const texts = [];
      const redline = [];
      for (let k = 0; k < script.length; k++) {
        const e = script[k];
        const version = k + 2;
        const sent = client.change(uri, version, { start: { line: e.line, character: e.character }, end: { line: e.line, character: e.character } }, e.text);
        const got = await client.waitPublished(uri, version, 60_000);
        applyEdit(lines, e);
        if (k >= warmup) {
          redline.push(got - sent);
          texts.push(lines.join('\n'));
        }
      }
      client.notify('textDocument/didClose', { textDocument: { uri } });

      // Parse floor: a fresh ts.createSourceFile of each edited text (parent pointers set, as analysis needs).
      const floor = [];
      for (let w = 0; w < 5; w++) ts.createSourceFile(path, texts[0], ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
      for (const t of texts) {
        const t0 = performance.now();
        ts.createSourceFile(path, t, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
        floor.push(performance.now() - t0);
      }
      // ESLint in-process (Linter#verify) with the peer plugins, same texts, time-boxed.
      const eslint = {};
      for (const [mode, config] of Object.entries(configs)) {
        const xs = [];
        const t0 = performance.now();
        linter.verify(texts[0], config, { filename: path }); // warm-up (rule setup, JIT)
        for (const t of texts) {
          const s = performance.now();
          linter.verify(t, config, { filename: path });
          xs.push(performance.now() - s);
          if (xs.length >= 10 && performance.now() - t0 > eslintBudgetMs) break;
        }
        eslint[mode] = summary(xs);
      }
      const r = { redline: summary(redline), parseFloor: summary(floor), eslintMapped: eslint.mapped, eslintRecommended: eslint.recommended };
      r.ratioP95ToFloor = r.redline.p95 / r.parseFloor.p95;
      r.eslintMappedOverRedlineP50 = r.eslintMapped.p50 / r.redline.p50;
      perSize[size].runs.push(r);
      perSize[size].bytes = Buffer.byteLength(text);
      log(`latency run ${run + 1}/${runs} ${size} lines: redline p50 ${r.redline.p50.toFixed(1)} ms p95 ${r.redline.p95.toFixed(1)} ms; parse floor p95 ${r.parseFloor.p95.toFixed(1)} ms; eslint p50 ${r.eslintMapped.p50.toFixed(1)} ms`);
    }
    await client.shutdown();
  }
  const out = {};
  for (const size of sizes) {
    const rs = perSize[size].runs;
    const med = (f) => median(rs.map(f));
    out[size] = {
      lines: size,
      bytes: perSize[size].bytes,
      edits,
      runs: rs.length,
      redline: { p50: med((r) => r.redline.p50), p95: med((r) => r.redline.p95) },
      parseFloor: { p50: med((r) => r.parseFloor.p50), p95: med((r) => r.parseFloor.p95) },
      eslintMapped: { p50: med((r) => r.eslintMapped.p50), p95: med((r) => r.eslintMapped.p95), n: rs[0].eslintMapped.n },
      eslintRecommended: { p50: med((r) => r.eslintRecommended.p50), p95: med((r) => r.eslintRecommended.p95), n: rs[0].eslintRecommended.n },
      ratioP95ToFloor: med((r) => r.ratioP95ToFloor),
      eslintMappedOverRedlineP50: med((r) => r.eslintMappedOverRedlineP50),
      perRun: rs,
    };
  }
  return out;
}
