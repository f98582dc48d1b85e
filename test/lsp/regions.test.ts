import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import type { RegionSummary } from '../../server/src/protocol/messages';
import { LspTestClient } from '../helpers/lspClient';

const APP = [
  "const cors = require('cors');", // 0
  "const app = require('express')();", // 1
  '', // 2
  'function login(req, res) {', // 3
  '  const token = issue(req.user);', // 4
  '  res.json({ token });', // 5
  '}', // 6
  '', // 7
  'app.use(cors());', // 8
  '',
].join('\n');

async function list(client: LspTestClient, uri?: string): Promise<RegionSummary[]> {
  return (await client.executeCommand('redline.aiRegions.list', [uri ? { uri } : {}])) as RegionSummary[];
}

/**
 * The AI-region commands over LSP (`workspace/executeCommand`), as any client would use them:
 * tag, list, mark reviewed/unreviewed, remove; tracking through edits, a server restart and a
 * change on disk; the severity raise inside unreviewed regions.
 */
describe('AI regions over LSP', function () {
  this.timeout(90_000);
  let root: string;
  let client: LspTestClient;

  beforeEach(async () => {
    root = mkdtempSync(join(tmpdir(), 'redline-regions-'));
    spawnSync('git', ['init', '-q'], { cwd: root });
    spawnSync('git', ['-C', root, 'config', 'user.name', 'Rita Reviewer']);
    spawnSync('git', ['-C', root, 'config', 'user.email', 'rita@example.com']);
    client = new LspTestClient();
    await client.initialize(root);
  });
  afterEach(async () => client.shutdown());

  it('tags a range, persists hashes (never code) and an Agent Trace record, and lists it', async () => {
    const file = join(root, 'auth.js');
    const uri = client.open(file, APP);
    await client.diagnosticsFor(uri, 1);
    const region = (await client.executeCommand('redline.aiRegions.tag', [
      { uri, range: { start: { line: 3, character: 0 }, end: { line: 6, character: 1 } }, origin: { tool: 'Claude Code', model: 'claude-sonnet-4', method: 'manual' } },
    ])) as RegionSummary;
    assert.equal(region.status, 'unreviewed');
    assert.equal(region.origin.tool, 'Claude Code');
    assert.deepEqual(region.range, { start: { line: 3, character: 0 }, end: { line: 6, character: 1 } });
    assert.ok(region.domains.includes('auth'), `domains: ${region.domains}`);
    await client.waitFor(() => client.notifications.some((n) => n.method === 'redline/regionsChanged'), 'regionsChanged');
    const index = readFileSync(join(root, '.redline', 'regions.json'), 'utf8');
    assert.match(index, /"contentHash": "sha256:[0-9a-f]{64}"/);
    assert.ok(!index.includes('issue(req.user)'), 'the index must not contain code');
    const trace = readFileSync(join(root, '.agent-trace', 'traces.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(trace.length, 1);
    assert.equal(trace[0].files[0].path, 'auth.js');
    assert.deepEqual([trace[0].files[0].conversations[0].ranges[0].start_line, trace[0].files[0].conversations[0].ranges[0].end_line], [4, 7]);
    assert.equal(trace[0].files[0].conversations[0].contributor.type, 'ai');
    const listed = await list(client);
    assert.deepEqual(listed.map((r) => r.id), [region.id]);
  });

  it('follows edits above, inside and below; a review goes stale when the code inside changes', async () => {
    const uri = client.open(join(root, 'auth.js'), APP);
    await client.diagnosticsFor(uri, 1);
    const r = (await client.executeCommand('redline.aiRegions.tag', [{ uri, range: { start: { line: 3, character: 0 }, end: { line: 6, character: 1 } }, origin: { tool: 'Cursor', method: 'manual' } }])) as RegionSummary;
    client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '// header\n// more\n' }]);
    client.change(uri, [{ range: { start: { line: 11, character: 0 }, end: { line: 11, character: 0 } }, text: 'module.exports = app;\n' }]);
    let [moved] = await list(client, uri);
    assert.deepEqual(moved!.range, { start: { line: 5, character: 0 }, end: { line: 8, character: 1 } });
    const reviewed = (await client.executeCommand('redline.aiRegions.markReviewed', [{ id: r.id }])) as RegionSummary;
    assert.equal(reviewed.status, 'reviewed');
    assert.equal(reviewed.review!.by.name, 'Rita Reviewer');
    // Typing at the region's edge does not grow it.
    client.change(uri, [{ range: { start: { line: 8, character: 1 }, end: { line: 8, character: 1 } }, text: ' // end' }]);
    [moved] = await list(client, uri);
    assert.deepEqual(moved!.range.end, { line: 8, character: 1 });
    assert.equal(moved!.status, 'reviewed');
    client.change(uri, [{ range: { start: { line: 6, character: 2 }, end: { line: 6, character: 2 } }, text: 'audit(req); ' }]);
    [moved] = await list(client, uri);
    assert.equal(moved!.status, 'stale');
    const back = (await client.executeCommand('redline.aiRegions.markUnreviewed', [{ id: r.id }])) as RegionSummary;
    assert.equal(back.status, 'unreviewed');
  });

  it('raises findings inside unreviewed AI code by one level and says so; not once reviewed', async () => {
    const uri = client.open(join(root, 'app.js'), APP);
    const before = await client.diagnosticsFor(uri, 1);
    assert.equal(before.find((d) => d.code === 'cors/permissive-origin')!.severity, 2);
    const r = (await client.executeCommand('redline.aiRegions.tag', [{ uri, range: { start: { line: 8, character: 0 }, end: { line: 8, character: 16 } }, origin: { tool: 'GitHub Copilot', method: 'inline-completion' } }])) as RegionSummary;
    await client.waitFor(() => client.latest(uri)!.diagnostics.some((d) => d.code === 'cors/permissive-origin' && d.severity === 1), 'raised severity');
    const raised = client.latest(uri)!.diagnostics.find((d) => d.code === 'cors/permissive-origin')!;
    assert.match(String(raised.message), /unreviewed AI-generated code/i);
    await client.executeCommand('redline.aiRegions.markReviewed', [{ id: r.id }]);
    await client.waitFor(() => client.latest(uri)!.diagnostics.some((d) => d.code === 'cors/permissive-origin' && d.severity === 2), 'severity back after review');
    const summary = (await list(client, uri))[0]!;
    assert.deepEqual(summary.findings, { count: 1, highestSeverity: 'warning' });
  });

  it('survives a server restart and a change of the file on disk by another process', async () => {
    const file = join(root, 'auth.js');
    writeFileSync(file, APP);
    const uri = client.open(file, APP);
    await client.diagnosticsFor(uri, 1);
    const r = (await client.executeCommand('redline.aiRegions.tag', [{ uri, range: { start: { line: 3, character: 0 }, end: { line: 6, character: 1 } }, origin: { tool: 'Claude Code', method: 'agent-hook' } }])) as RegionSummary;
    client.close(uri);
    await client.shutdown();
    // Another process (an agent, git) rewrites the file while no editor has it open.
    writeFileSync(file, `'use strict';\n// generated routes\n\n${APP}`);
    client = new LspTestClient();
    await client.initialize(root);
    await client.waitFor(() => client.notifications.some((n) => n.method === 'redline/status' && (n.params as { state: string }).state === 'ready'), 'ready');
    const [found] = await list(client);
    assert.equal(found!.id, r.id);
    assert.equal(found!.status, 'unreviewed');
    assert.deepEqual(found!.range, { start: { line: 6, character: 0 }, end: { line: 9, character: 1 } });
    // Deleting the code orphans the region (kept, shown), never silently drops it.
    writeFileSync(file, "module.exports = {};\n");
    const [orphan] = await list(client);
    assert.equal(orphan!.status, 'orphaned');
    await client.executeCommand('redline.aiRegions.remove', [{ id: r.id }]);
    assert.deepEqual(await list(client), []);
  });

  it('hover on a region shows origin and status; bad arguments are rejected', async () => {
    const uri = client.open(join(root, 'auth.js'), APP);
    await client.diagnosticsFor(uri, 1);
    await client.executeCommand('redline.aiRegions.tag', [{ uri, range: { start: { line: 3, character: 0 }, end: { line: 6, character: 1 } }, origin: { tool: 'ChatGPT', method: 'paste' } }]);
    const hover = (await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 4, character: 4 } })) as { contents: { value: string } };
    assert.match(hover.contents.value, /AI-generated\*\* by ChatGPT/);
    assert.match(hover.contents.value, /unreviewed/);
    await assert.rejects(client.executeCommand('redline.aiRegions.tag', [{ uri, range: { start: { line: 1 } } }]), /invalid arguments/);
    await assert.rejects(client.executeCommand('redline.aiRegions.markReviewed', [{ id: 'nope' }]), /no AI region/);
    assert.ok(existsSync(join(root, '.redline', 'regions.json')));
  });
});

/**
 * LSP lets a client send requests as soon as `initialize` has answered; the server loads its
 * roots (configuration, region index) only on `initialized`. A region command sent in between
 * must see the regions on disk, not an empty workspace.
 */
describe('AI region commands sent before the server is ready', function () {
  this.timeout(60_000);

  it('wait for the region index instead of answering from an empty workspace', async () => {
    const root = mkdtempSync(join(tmpdir(), 'redline-early-'));
    const file = join(root, 'auth.js');
    writeFileSync(file, APP);
    const first = new LspTestClient();
    await first.initialize(root);
    await first.waitFor(() => first.notifications.some((n) => n.method === 'redline/status' && (n.params as { state: string }).state === 'ready'), 'ready');
    const uri = first.open(file, APP);
    await first.diagnosticsFor(uri, 1);
    const tagged = (await first.executeCommand('redline.aiRegions.tag', [{ uri, range: { start: { line: 3, character: 0 }, end: { line: 6, character: 1 } }, origin: { tool: 'Claude Code', method: 'manual' } }])) as RegionSummary;
    await first.shutdownGracefully();
    assert.ok(existsSync(join(root, '.redline', 'regions.json')));

    const client = new LspTestClient();
    try {
      await client.initialize(root, { sendInitialized: false });
      const early = client.executeCommand('redline.aiRegions.list', [{}]) as Promise<RegionSummary[]>;
      await client.conn.sendNotification('initialized', {});
      const listed = await early;
      assert.deepEqual(listed.map((r) => r.id), [tagged.id]);
    } finally {
      await client.shutdown();
    }
  });
});
