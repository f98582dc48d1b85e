import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers/fixtures';

const hasNvim = spawnSync('nvim', ['--version']).status === 0;

/**
 * Neovim as a second real LSP client: starts dist/server.js with vim.lsp.start_client, waits
 * for the diagnostic, requests and applies the preferred code action, and sees it clear.
 */
describe('Neovim (headless) as an LSP client', function () {
  this.timeout(90_000);

  it('shows the diagnostic, applies the quick fix, and the diagnostic clears', function () {
    if (!hasNvim) {
      if (process.env.CI || process.env.REDLINE_REQUIRE_E2E) assert.fail('nvim is not installed (apt-get install neovim)');
      this.skip();
    }
    const dir = mkdtempSync(join(tmpdir(), 'redline-nvim-'));
    const file = join(dir, 'server.js');
    writeFileSync(file, "const cors = require('cors');\nconst app = require('express')();\napp.use(cors());\n");
    const r = spawnSync('nvim', ['--headless', '--clean', '-c', `luafile ${join(__dirname, 'neovim', 'check.lua')}`], {
      encoding: 'utf8',
      env: { ...process.env, REDLINE_SERVER: join(ROOT, 'dist', 'server.js'), REDLINE_FILE: file },
      timeout: 80_000,
    });
    const lines = r.stdout.split('\n').filter(Boolean);
    const failures = lines.filter((l) => l.startsWith('fail'));
    assert.deepEqual(failures, [], `${r.stdout}\n${r.stderr}`);
    for (const s of ['start_client', 'diagnostics', 'rule id', 'code action', 'edit applied', 'diagnostic cleared']) assert.ok(lines.includes(`ok ${s}`), `missing step ${s}:\n${r.stdout}\n${r.stderr}`);
    assert.equal(r.status, 0);
  });
});
