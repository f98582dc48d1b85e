import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers/fixtures';

const CLI = join(ROOT, 'dist', 'cli.js');

function run(cwd: string, args: string[], input?: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const LOGIN = ["const express = require('express');", 'const router = express.Router();', '', "router.get('/session', (req, res) => {", '  res.json({ user: req.user || null });', '});', '', 'module.exports = router;', ''].join('\n');

/** `redline trace`, `redline regions`, and `redline scan --fail-on-unreviewed` as CI uses them. */
describe('CLI: AI regions and the merge gate', function () {
  this.timeout(60_000);
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'redline-gate-'));
    spawnSync('git', ['init', '-q'], { cwd: dir });
    mkdirSync(join(dir, 'src', 'auth'), { recursive: true });
    writeFileSync(join(dir, 'src', 'auth', 'session.js'), LOGIN);
    writeFileSync(join(dir, 'src', 'util.js'), 'module.exports = (a, b) => a + b;\n');
  });

  function claudeWrite(rel: string, content: string): string {
    return JSON.stringify({
      session_id: 'abc',
      transcript_path: join(dir, 'missing.jsonl'),
      cwd: dir,
      hook_event_name: 'PostToolUse',
      tool_name: 'Write',
      tool_input: { file_path: join(dir, rel), content },
      tool_response: { filePath: join(dir, rel), success: true },
    });
  }

  it('redline trace appends an Agent Trace record from a Claude Code PostToolUse payload', () => {
    const r = run(dir, ['trace', '--model', 'anthropic/claude-sonnet-4'], claudeWrite('src/auth/session.js', LOGIN));
    assert.equal(r.code, 0, r.stderr);
    const records = readFileSync(join(dir, '.agent-trace', 'traces.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(records.length, 1);
    const f = records[0].files[0];
    assert.equal(f.path, 'src/auth/session.js');
    assert.equal(f.conversations[0].contributor.type, 'ai');
    assert.equal(f.conversations[0].contributor.model_id, 'anthropic/claude-sonnet-4');
    assert.deepEqual([f.conversations[0].ranges[0].start_line, f.conversations[0].ranges[0].end_line], [1, 8]);
    assert.match(f.conversations[0].ranges[0].content_hash, /^sha256:[0-9a-f]{64}$/);
  });

  it('rejects a payload that is no known hook shape, naming what was expected', () => {
    const r = run(dir, ['trace'], JSON.stringify({ hello: 'world' }));
    assert.equal(r.code, 1);
    assert.match(r.stderr, /hook_event_name/);
  });

  it('the gate fails on unreviewed AI code in the listed domains only', () => {
    run(dir, ['trace'], claudeWrite('src/auth/session.js', LOGIN));
    const regions = JSON.parse(run(dir, ['regions', '--format', 'json']).stdout);
    assert.equal(regions.regions.length, 1);
    assert.equal(regions.regions[0].status, 'unreviewed');
    assert.ok(regions.regions[0].domains.includes('auth'));
    const blocked = run(dir, ['scan', '.', '--fail-on-unreviewed', 'auth,payments']);
    assert.equal(blocked.code, 1);
    assert.match(blocked.stdout, /unreviewed AI region block this change/);
    assert.match(blocked.stdout, /src\/auth\/session\.js:1-8 +unreviewed/);
    assert.equal(run(dir, ['scan', '.', '--fail-on-unreviewed', 'payments']).code, 0);
    assert.equal(run(dir, ['scan', '.']).code, 0, 'no gate without the flag');
  });

  it('--fail-on-unreviewed any with --fail-on counts findings inside regions; SARIF carries the region', () => {
    const code = "const cors = require('cors');\nconst app = require('express')();\n// @ai-generated tool=cursor model=gpt-4o\napp.use(cors({ origin: '*', credentials: true }));\n// @end-ai-generated\n";
    writeFileSync(join(dir, 'src', 'server.js'), code);
    const r = run(dir, ['scan', 'src', '--format', 'sarif', '--fail-on-unreviewed', 'any']);
    assert.equal(r.code, 1);
    const result = JSON.parse(r.stdout).runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'cors/permissive-origin');
    assert.equal(result.properties['redline.aiRegion.status'], 'unreviewed');
    assert.equal(result.properties['redline.aiRegion.tool'], 'cursor');
    assert.match(result.properties['redline.aiRegion.id'], /^an-/);
    assert.match(result.message.text, /inside unreviewed AI-generated code/);
  });

  it('an unknown domain is a usage error', () => {
    assert.equal(run(dir, ['scan', '.', '--fail-on-unreviewed', 'moon']).code, 2);
  });
});
