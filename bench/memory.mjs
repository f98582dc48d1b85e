// Memory part: language-server RSS after opening 200 documents of 2,000 lines each (diagnostics of
// every document received). The CLI's peak RSS on the large tree comes from the throughput part.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LspClient } from './lib/lsp.mjs';
import { generateExpressFile } from './gen-express.mjs';
import { median } from './lib/stats.mjs';
import { readRss, readHwm } from './lib/proc.mjs';
import { distServer, requireDist, workDir } from './runners/index.mjs';

/**
 * @param {{docs?: number, lines?: number, runs?: number, log?: Function}} o
 */
export async function runMemory({ docs = 200, lines = 2000, runs = 3, log = console.error } = {}) {
  requireDist(['server']);
  const dir = join(workDir, 'memory');
  mkdirSync(dir, { recursive: true });
  const texts = Array.from({ length: docs }, (_, i) => generateExpressFile(lines, 10_000 + i));
  const results = [];
  for (let run = 0; run < runs; run++) {
    const client = new LspClient(distServer, { cwd: dir });
    await client.initialize(dir);
    const baseline = readRss(client.pid);
    const t0 = performance.now();
    const uris = texts.map((t, i) => {
      const p = join(dir, `doc-${String(i).padStart(3, '0')}.js`);
      writeFileSync(p, t);
      return client.open(p, t, 'javascript', 1);
    });
    for (const uri of uris) await client.waitPublished(uri, 1, 300_000);
    const allMs = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 1000));
    const rss = readRss(client.pid);
    const hwm = readHwm(client.pid);
    results.push({ rssBytes: rss, peakRssBytes: hwm, baselineRssBytes: baseline, allDiagnosticsMs: allMs });
    log(`memory run ${run + 1}/${runs}: ${docs} docs × ${lines} lines -> RSS ${(rss / 1048576).toFixed(0)} MB (peak ${(hwm / 1048576).toFixed(0)} MB, idle ${(baseline / 1048576).toFixed(0)} MB), all diagnostics in ${(allMs / 1000).toFixed(1)} s`);
    await client.shutdown();
  }
  return {
    docs,
    lines,
    bytesPerDoc: Math.round(texts.reduce((n, t) => n + Buffer.byteLength(t), 0) / docs),
    runs,
    rssBytes: median(results.map((r) => r.rssBytes)),
    peakRssBytes: median(results.map((r) => r.peakRssBytes)),
    baselineRssBytes: median(results.map((r) => r.baselineRssBytes)),
    allDiagnosticsMs: median(results.map((r) => r.allDiagnosticsMs)),
    perRun: results,
  };
}
