import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import type { RegionSummary } from '../../server/src/protocol/messages';
import { RegionIndexFileSchema } from '../../server/src/regions/schema';
import { LspTestClient } from '../helpers/lspClient';
import { CUSTOM_EXEC_RULE } from '../helpers/customRule';

/**
 * Bad configuration loses nothing: an invalid custom rule file, region index or editor setting
 * gets a diagnostic in that file at the offending field (settings have no file: a notification
 * names the field), a notification, defaults stand in, and everything else keeps working.
 * (`.redline.json` is covered in server.test.ts.)
 */

const CORS_APP = "const cors = require('cors');\nconst app = require('express')();\napp.use(cors());\ndb.Exec(q);\n";

function notificationsAbout(client: LspTestClient, re: RegExp): string[] {
  return client.notifications.filter((n) => n.method.startsWith('window/showMessage') && re.test((n.params as { message: string }).message)).map((n) => (n.params as { message: string }).message);
}

describe('bad configuration over LSP', function () {
  this.timeout(90_000);
  let root: string;
  let client: LspTestClient;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'redline-badconfig-'));
    spawnSync('git', ['init', '-q'], { cwd: root });
    client = new LspTestClient();
  });
  afterEach(async () => {
    assert.equal(client.proc.exitCode, null, 'the server is still running');
    await client.shutdown();
  });

  it('an invalid custom rule file: a diagnostic at the field in that file, a notification; the other rules still run', async () => {
    mkdirSync(join(root, '.redline', 'rules'), { recursive: true });
    writeFileSync(join(root, '.redline', 'rules', 'good.yaml'), CUSTOM_EXEC_RULE);
    const bad = join(root, '.redline', 'rules', 'x.yaml');
    writeFileSync(bad, CUSTOM_EXEC_RULE.replace('sql/custom-exec', 'sql/custom-bad').replace('severity: warning', 'severity: loud').replace("db\\.Exec\\('", "(?<!if )db\\.Query\\('"));
    const lookbehind = join(root, '.redline', 'rules', 'lookaround.yaml');
    writeFileSync(lookbehind, CUSTOM_EXEC_RULE.replace('sql/custom-exec', 'sql/custom-lookbehind').replace("db\\.Exec\\('", "(?<!if )db\\.Query\\('"));
    writeFileSync(join(root, '.redline', 'rules', 'broken.yaml'), 'id: [unclosed\n');
    const dup = join(root, '.redline', 'rules', 'zdup.yaml');
    writeFileSync(dup, `# same id as a built-in rule\n${CUSTOM_EXEC_RULE.replace('sql/custom-exec', 'cors/permissive-origin').replace('category: sql', 'category: cors')}`);
    await client.initialize(root);
    const badUri = pathToFileURL(bad).href;
    await client.waitFor(() => !!client.latest(badUri), 'diagnostics on the bad rule file');
    const d = client.latest(badUri)!.diagnostics;
    assert.equal(d.length, 1);
    assert.equal(d[0]!.code, 'redline/config-problem');
    assert.equal(d[0]!.severity, 1);
    assert.deepEqual(d[0]!.range.start, { line: 2, character: 10 }, 'at the value of `severity`');
    assert.match(String(d[0]!.message), /^severity: /);
    await client.waitFor(() => !!client.latest(pathToFileURL(join(root, '.redline', 'rules', 'broken.yaml')).href) && !!client.latest(pathToFileURL(lookbehind).href), 'diagnostics on every bad rule file');
    const la = client.latest(pathToFileURL(lookbehind).href)!.diagnostics;
    assert.match(String(la[0]!.message), /^patterns\[0\]\.regex: RE2 does not support lookaround or backreferences/);
    assert.equal(la[0]!.range.start.line, 10);
    const broken = client.latest(pathToFileURL(join(root, '.redline', 'rules', 'broken.yaml')).href)!.diagnostics;
    assert.match(String(broken[0]!.message), /not valid YAML/);
    await client.waitFor(() => !!client.latest(pathToFileURL(dup).href), 'diagnostics on the duplicate rule');
    const dupDiag = client.latest(pathToFileURL(dup).href)!.diagnostics[0]!;
    assert.match(String(dupDiag.message), /^id: rule id "cors\/permissive-origin" is already defined/);
    assert.deepEqual(dupDiag.range.start, { line: 1, character: 4 });
    await client.waitFor(() => notificationsAbout(client, /Redline: .*\.redline\/rules/).length > 0, 'a notification');
    // Built-in rules and the valid custom rule still run.
    const uri = client.open(join(root, 'app.js'), CORS_APP);
    const found = (await client.diagnosticsFor(uri, 1)).map((x) => x.code).sort();
    assert.deepEqual(found, ['cors/permissive-origin', 'sql/custom-exec']);
    // Fixing the file clears its diagnostic and the rule starts to run.
    writeFileSync(bad, CUSTOM_EXEC_RULE.replace('sql/custom-exec', 'sql/custom-fixed').replace("db\\.Exec\\('", "app\\.use\\('"));
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: badUri, type: 2 }] });
    await client.waitFor(() => client.latest(badUri)!.diagnostics.length === 0, 'the diagnostic to clear');
    await client.waitFor(() => (client.latest(uri)?.diagnostics ?? []).some((x) => x.code === 'sql/custom-fixed'), 'the fixed rule to run');
  });

  it('an invalid region index: a diagnostic in regions.json at the field, the file backed up, a notification; tagging still works', async () => {
    mkdirSync(join(root, '.redline'));
    const index = join(root, '.redline', 'regions.json');
    const corrupt = '{\n  "version": 1,\n  "regions": [\n    { "id": "r1", "path": 42 }\n  ],\n  "tombstones": []\n}\n';
    writeFileSync(index, corrupt);
    await client.initialize(root);
    const indexUri = pathToFileURL(index).href;
    await client.waitFor(() => !!client.latest(indexUri), 'diagnostics on regions.json');
    const diags: Diagnostic[] = client.latest(indexUri)!.diagnostics;
    assert.ok(diags.length >= 1);
    const pathProblem = diags.find((x) => /regions\[0\]\.path/.test(String(x.message)));
    assert.ok(pathProblem, diags.map((x) => String(x.message)).join('\n'));
    assert.equal(pathProblem.range.start.line, 3, 'at the region that is wrong');
    assert.match(String(pathProblem.message), /moved to .*regions\.json\.corrupt-/);
    const backups = readdirSync(join(root, '.redline')).filter((f) => f.startsWith('regions.json.corrupt-'));
    assert.equal(backups.length, 1);
    assert.equal(readFileSync(join(root, '.redline', backups[0]!), 'utf8'), corrupt, 'the backup holds the original bytes');
    await client.waitFor(() => notificationsAbout(client, /regions\.json/).length > 0, 'a notification');
    // The editor keeps working: analysis, and tagging writes a fresh, valid index.
    const uri = client.open(join(root, 'app.js'), CORS_APP);
    assert.ok((await client.diagnosticsFor(uri, 1)).some((x) => x.code === 'cors/permissive-origin'));
    const region = (await client.executeCommand('redline.aiRegions.tag', [{ uri, range: { start: { line: 2, character: 0 }, end: { line: 2, character: 16 } }, origin: { tool: 'test', method: 'manual' } }])) as RegionSummary;
    assert.equal(region.status, 'unreviewed');
    assert.ok(RegionIndexFileSchema.safeParse(JSON.parse(readFileSync(index, 'utf8'))).success);
    await client.waitFor(() => client.latest(indexUri)!.diagnostics.length === 0, 'the index diagnostics to clear once a valid index is written');
  });

  it('invalid settings from workspace/configuration: a notification naming the field; defaults stand in, the valid fields apply', async () => {
    client.settings = { analysis: { debounceMs: 'soon', timeBudgetMs: 5 }, categories: { cors: 'yes' }, severityOverrides: { 'cors/permissive-origin': 'error' } };
    await client.initialize(root);
    await client.waitFor(() => notificationsAbout(client, /settings \(redline/).length > 0, 'a notification about the settings');
    const message = notificationsAbout(client, /settings \(redline/)[0]!;
    assert.match(message, /analysis\.debounceMs|analysis\.timeBudgetMs|categories\.cors/);
    const uri = client.open(join(root, 'app.js'), CORS_APP);
    const diags = await client.diagnosticsFor(uri, 1);
    const cors = diags.find((x) => x.code === 'cors/permissive-origin');
    assert.ok(cors, 'the cors category stays on (default) although its setting is invalid');
    assert.equal(cors.severity, 1, 'the valid severity override applies');
  });

  it('a .redline.json that is not JSON at all: a diagnostic at the error, and built-in defaults', async () => {
    writeFileSync(join(root, '.redline.json'), '{ "categories": { "cors": false }, oops }\n');
    await client.initialize(root);
    const cfg = pathToFileURL(join(root, '.redline.json')).href;
    await client.waitFor(() => !!client.latest(cfg), 'config diagnostics');
    assert.match(String(client.latest(cfg)!.diagnostics[0]!.message), /not valid JSON/);
    const uri = client.open(join(root, 'app.js'), CORS_APP);
    assert.ok((await client.diagnosticsFor(uri, 1)).some((x) => x.code === 'cors/permissive-origin'), 'defaults: cors is on');
    assert.ok(!existsSync(join(root, '.redline', 'regions.json')));
  });
});
