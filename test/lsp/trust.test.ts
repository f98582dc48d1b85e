import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import type { RegionSummary } from '../../server/src/protocol/messages';
import { ROOT } from '../helpers/fixtures';
import { LspTestClient } from '../helpers/lspClient';
import { CUSTOM_EXEC_RULE } from '../helpers/customRule';

const APP = [
  "const cors = require('cors');", // 0
  "const app = require('express')();", // 1
  '', // 2
  'function total(items) {', // 3
  '  return items.reduce((n, i) => n + i.price, 0);', // 4
  '}', // 5
  '', // 6
  'app.use(cors());', // 7
  'db.Exec(q);', // 8
  '',
].join('\n');

const CORS = 'cors/permissive-origin';
const codes = (ds: Diagnostic[]) => ds.map((d) => String(d.code)).sort();
const cors = (ds: Diagnostic[]) => ds.find((d) => d.code === CORS);

/**
 * Workspace trust (package.json `capabilities.untrustedWorkspaces`: "In untrusted workspaces
 * Redline runs only its built-in rules: .redline.json, custom rules (.redline/rules) and the
 * region index are not loaded"). The client sends `initializationOptions.trusted` and, when the
 * user grants trust, `redline/trustChanged`.
 */
describe('untrusted workspace', function () {
  this.timeout(90_000);
  let root: string;
  let client: LspTestClient | undefined;

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'redline-trust-'));
    const git = (...args: string[]) => spawnSync('git', ['-C', root, ...args], { encoding: 'utf8' });
    git('init', '-q');
    git('config', 'user.name', 'Trust Test');
    git('config', 'user.email', 'trust@example.com');
    // Workspace-supplied settings and paths: a severity override, an ignore glob, custom rules (one broken).
    writeFileSync(join(root, '.redline.json'), JSON.stringify({ severityOverrides: { [CORS]: 'info' }, ignore: ['vendor/**'] }, null, 2) + '\n');
    mkdirSync(join(root, '.redline', 'rules'), { recursive: true });
    writeFileSync(join(root, '.redline', 'rules', 'x.yaml'), CUSTOM_EXEC_RULE);
    writeFileSync(join(root, '.redline', 'rules', 'broken.yaml'), 'id: [unclosed\n');
    writeFileSync(join(root, 'app.js'), APP);
    mkdirSync(join(root, 'vendor'));
    writeFileSync(join(root, 'vendor', 'lib.js'), "const cors = require('cors');\nrequire('express')().use(cors());\n");
    mkdirSync(join(root, 'lib'));
    writeFileSync(join(root, 'lib', 'legacy.js'), 'module.exports = (db, q) => db.Exec(q);\n');
    // A region index and Agent Trace log, written by a trusted session (a tagged region) and an agent hook.
    const setup = new LspTestClient();
    try {
      await setup.initialize(root);
      const uri = setup.open(join(root, 'app.js'), APP);
      await setup.diagnosticsFor(uri, 1);
      await setup.executeCommand('redline.aiRegions.tag', [{ uri, range: { start: { line: 3, character: 0 }, end: { line: 5, character: 1 } }, origin: { tool: 'Cursor', method: 'manual' } }]);
    } finally {
      await setup.shutdown();
    }
    const agentFile = join(root, 'lib', 'agent.js');
    writeFileSync(agentFile, 'module.exports = function add(a, b) {\n  return a + b;\n};\n');
    const hook = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'trace'], {
      cwd: root,
      encoding: 'utf8',
      input: JSON.stringify({ session_id: 's', cwd: root, hook_event_name: 'PostToolUse', tool_name: 'Write', tool_input: { file_path: agentFile, content: readFileSync(agentFile, 'utf8') }, tool_response: { filePath: agentFile, success: true } }),
    });
    assert.equal(hook.status, 0, hook.stderr);
    assert.equal(JSON.parse(readFileSync(join(root, '.redline', 'regions.json'), 'utf8')).regions.length, 1);
    assert.equal(readFileSync(join(root, '.agent-trace', 'traces.jsonl'), 'utf8').trim().split('\n').length, 2);
  });

  afterEach(async () => {
    await client?.shutdown();
    client = undefined;
  });

  it('runs only built-in rules, ignores .redline.json, custom rules and the region index; trust granted loads them', async () => {
    const indexFile = join(root, '.redline', 'regions.json');
    const traceFile = join(root, '.agent-trace', 'traces.jsonl');
    const before = { index: readFileSync(indexFile, 'utf8'), indexMtime: statSync(indexFile).mtimeMs, trace: readFileSync(traceFile, 'utf8') };
    const c = (client = new LspTestClient());
    await c.initialize(root, { initializationOptions: { trusted: false } });
    await c.waitFor(() => c.notifications.some((n) => n.method === 'redline/status' && (n.params as { state: string }).state === 'ready'), 'ready');

    // Built-in rules run, at their default severity; the custom rule does not.
    const uri = c.open(join(root, 'app.js'), APP);
    const untrusted = await c.diagnosticsFor(uri, 1);
    assert.deepEqual(codes(untrusted), [CORS]);
    assert.equal(cors(untrusted)!.severity, 2, '.redline.json severity override (info) not applied: default warning');

    // The region index and the Agent Trace log are neither loaded nor written.
    assert.deepEqual(await c.executeCommand('redline.aiRegions.list', [{}]), []);
    assert.equal(await c.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 4, character: 4 } }), null, 'no region hover');
    await assert.rejects(c.executeCommand('redline.aiRegions.tag', [{ uri, range: { start: { line: 7, character: 0 }, end: { line: 7, character: 16 } }, origin: { tool: 'x', method: 'manual' } }]), /untrusted/);
    const indexId = JSON.parse(before.index).regions[0].id as string;
    await assert.rejects(c.executeCommand('redline.aiRegions.markReviewed', [{ id: indexId }]), /no AI region/);
    // An edit inside the indexed region's range must not shift or save anything.
    c.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '// edited\n' }]);
    await c.diagnosticsFor(uri, 2);
    const statuses = c.notifications.filter((n) => n.method === 'redline/status').map((n) => n.params as { unreviewedRegions?: number });
    assert.ok(statuses.every((s) => !s.unreviewedRegions), 'the status bar counts no regions');

    // Scan workspace: the ignore glob of .redline.json does not apply; no custom rule anywhere; rule files are not even read.
    const scan1 = (await c.executeCommand('redline.scanWorkspace', [])) as { files: number };
    const vendor = c.latest(pathToFileURL(join(root, 'vendor', 'lib.js')).href);
    assert.ok(vendor && codes(vendor.diagnostics).includes(CORS), 'vendor/** is scanned: ignore from .redline.json not applied');
    assert.equal(cors(vendor.diagnostics)!.severity, 2);
    const legacy = c.latest(pathToFileURL(join(root, 'lib', 'legacy.js')).href);
    assert.ok(legacy, 'lib/legacy.js was scanned');
    assert.ok(!codes(legacy.diagnostics).includes('sql/custom-exec'), 'the custom rule does not fire in a workspace scan');
    const all = [...c.diagnostics.values()].flat().flatMap((p) => p.diagnostics);
    assert.ok(!all.some((d) => d.code === 'sql/custom-exec' || d.code === 'redline/config-problem'), 'no custom rule finding and no problem reported for files that were not loaded');
    assert.ok(!c.notifications.some((n) => n.method.startsWith('window/showMessage')), 'no notification about the broken rule file');

    await new Promise((r) => setTimeout(r, 800)); // longer than the region index's write delay
    assert.equal(readFileSync(indexFile, 'utf8'), before.index, 'regions.json untouched');
    assert.equal(statSync(indexFile).mtimeMs, before.indexMtime, 'regions.json not rewritten');
    assert.equal(readFileSync(traceFile, 'utf8'), before.trace, 'traces.jsonl untouched');

    // The user grants trust: .redline.json, custom rules and the region index now apply.
    await c.conn.sendNotification('redline/trustChanged', { trusted: true });
    await c.waitFor(() => {
      const ds = c.latest(uri)?.diagnostics ?? [];
      return codes(ds).includes('sql/custom-exec') && cors(ds)?.severity === 3;
    }, 'custom rule and severity override after trust');
    const brokenUri = pathToFileURL(join(root, '.redline', 'rules', 'broken.yaml')).href;
    await c.waitFor(() => !!c.latest(brokenUri)?.diagnostics.length, 'the broken rule file is now read and reported');
    const regions = (await c.executeCommand('redline.aiRegions.list', [{}])) as RegionSummary[];
    assert.deepEqual(regions.map((r) => r.path).sort(), ['app.js', 'lib/agent.js'], 'the index and the agent hook record are loaded');
    assert.deepEqual(regions.find((r) => r.path === 'app.js')!.range.start, { line: 4, character: 0 }, 'the indexed region is located in the edited text');
    const scan2 = (await c.executeCommand('redline.scanWorkspace', [])) as { files: number };
    assert.equal(scan2.files, scan1.files - 1, 'vendor/** is now ignored');
    const legacyAfter = c.latest(pathToFileURL(join(root, 'lib', 'legacy.js')).href)!;
    assert.ok(codes(legacyAfter.diagnostics).includes('sql/custom-exec'), 'the custom rule fires in a workspace scan');
  });
});
