import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspTestClient } from '../helpers/lspClient';

/**
 * Many documents opened at once (an editor restoring its tabs), end to end over LSP: every one
 * is analyzed in full and no worker is restarted. The queueing rule behind it (a hard timeout
 * counts from when the worker starts a request) is pinned deterministically in
 * test/unit/hardening/pool.test.ts; this run is too fast here to reproduce the old failure.
 */
describe('many documents opened at once', function () {
  this.timeout(180_000);

  it('every document is analyzed in full, without the worker being stopped', async () => {
    const root = mkdtempSync(join(tmpdir(), 'redline-pool-'));
    const client = new LspTestClient();
    const body = Array.from({ length: 300 }, (_, i) => `app.get('/r${i}', (req, res) => {\n  const v = db.find(req.query.id);\n  res.json({ v, i: ${i} });\n});\n`).join('');
    const text = `const cors = require('cors');\nconst express = require('express');\nconst app = express();\napp.use(cors());\n${body}`;
    // On disk, as restored tabs are: the worker reads the workspace's facts from them first.
    for (let i = 0; i < 80; i++) writeFileSync(join(root, `tab${i}.js`), text);
    // Hard timeout: 2 × 150 + 1000 = 1.3 s per analysis; loading the workspace and 80 analyses of
    // 1,200 lines take longer in all.
    client.settings = { analysis: { debounceMs: 0, timeBudgetMs: 150 } };
    const started = performance.now();
    await client.initialize(root);
    const uris = Array.from({ length: 80 }, (_, i) => client.open(join(root, `tab${i}.js`), text));
    const results = [];
    for (const uri of uris) results.push(await client.diagnosticsFor(uri, 1));
    const ms = performance.now() - started;
    const restarted = client.notifications.filter((n) => n.method === 'redline/status' && (n.params as { state?: string }).state === 'restarted');
    assert.equal(restarted.length, 0, `the worker was restarted: ${JSON.stringify(restarted[0])}`);
    for (const [i, diags] of results.entries()) {
      assert.deepEqual(diags.map((d) => d.code), ['cors/permissive-origin'], `tab${i}.js after ${Math.round(ms)} ms`);
    }
    assert.ok(ms > 1300, `the test needs more total work than one hard timeout (took ${Math.round(ms)} ms)`);
    await client.shutdown();
  });
});
