import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspTestClient } from '../helpers/lspClient';

/**
 * Speaks LSP to the built server (dist/server.js over stdio): diagnostics, versions, code
 * actions and their edits, configuration problems, workspace scan. Run `npm run build` first.
 */
describe('language server over stdio', function () {
  this.timeout(60_000);
  let client: LspTestClient;
  let root: string;

  beforeEach(async () => {
    root = mkdtempSync(join(tmpdir(), 'redline-lsp-'));
    client = new LspTestClient();
  });
  afterEach(async () => {
    await client.shutdown();
  });

  it('advertises incremental sync, quick fixes, fix-all and its commands', async () => {
    const init = await client.initialize(root);
    const caps = init.capabilities;
    assert.equal((caps.textDocumentSync as { change: number }).change, 2);
    const kinds = (caps.codeActionProvider as { codeActionKinds: string[] }).codeActionKinds;
    assert.deepEqual(kinds.sort(), ['quickfix', 'source.fixAll.redline']);
    assert.ok(caps.executeCommandProvider?.commands.includes('redline.scanWorkspace'));
  });

  it('publishes diagnostics with rule code, docs link, source and version', async () => {
    await client.initialize(root);
    const uri = client.open(join(root, 'app.js'), "const cors = require('cors');\nconst app = require('express')();\napp.use(cors());\n");
    const diags = await client.diagnosticsFor(uri, 1);
    assert.equal(diags.length, 1);
    const d = diags[0]!;
    assert.equal(d.code, 'cors/permissive-origin');
    assert.equal(d.source, 'redline');
    assert.equal(d.severity, 2);
    assert.match(d.codeDescription!.href, /docs\/rules\/cors\/permissive-origin\.md$/);
    assert.deepEqual(d.range.start, { line: 2, character: 8 });
  });

  it('shows a finding typed without saving and clears it when deleted', async () => {
    await client.initialize(root);
    const uri = client.open(join(root, 'server.js'), "const cors = require('cors');\nconst app = require('express')();\n\n");
    assert.deepEqual(await client.diagnosticsFor(uri, 1), []);
    // Type the call one character at a time, as a user would.
    const line = 'app.use(cors());';
    for (let i = 0; i < line.length; i++) client.change(uri, [{ range: { start: { line: 2, character: i }, end: { line: 2, character: i } }, text: line[i]! }]);
    const typed = await client.diagnosticsFor(uri);
    assert.deepEqual(typed.map((d) => d.code), ['cors/permissive-origin']);
    client.change(uri, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: line.length } }, text: '' }]);
    assert.deepEqual(await client.diagnosticsFor(uri), []);
  });

  it('the last diagnostics published are for the latest version, even with version gaps', async () => {
    await client.initialize(root);
    const uri = client.open(join(root, 'gaps.js'), "const cors = require('cors');\n");
    await client.diagnosticsFor(uri, 1);
    let v = 1;
    for (let i = 0; i < 40; i++) {
      v += 1 + (i % 3);
      client.change(uri, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: i % 2 ? 'app.use(cors());\n' : '// x\n' }], v);
    }
    await client.diagnosticsFor(uri, v);
    const published = client.diagnostics.get(uri)!;
    assert.equal(published.at(-1)!.version, v);
    const expected = client.text(uri).split('\n').filter((l) => l.startsWith('app.use(cors())')).length;
    assert.equal(published.at(-1)!.diagnostics.filter((d) => d.code === 'cors/permissive-origin').length, expected);
    // Published versions never go backwards.
    const versions = published.map((p) => p.version!);
    assert.deepEqual(versions, [...versions].sort((a, b) => a - b));
  });

  it('quick fix edits the code, documents CORS_ORIGINS in .env.example, and the finding goes away', async () => {
    await client.initialize(root);
    const uri = client.open(join(root, 'api.js'), "const cors = require('cors');\nconst app = require('express')();\napp.use(cors());\n");
    const diags = await client.diagnosticsFor(uri, 1);
    const actions = await client.codeActions(uri, diags);
    const preferred = actions.find((a) => a.isPreferred)!;
    assert.equal(preferred.kind, 'quickfix');
    assert.match(preferred.title, /CORS_ORIGINS/);
    const changes = preferred.edit!.documentChanges!;
    const created = changes.filter((c) => 'kind' in c && c.kind === 'create').map((c) => (c as { uri: string }).uri);
    assert.deepEqual(created.sort(), [pathToFileURL(join(root, '.env.example')).href, pathToFileURL(join(root, '.gitignore')).href].sort());
    const envEdit = changes.find((c) => 'textDocument' in c && c.textDocument.uri.endsWith('.env.example')) as { edits: { newText: string }[] };
    assert.equal(envEdit.edits[0]!.newText, 'CORS_ORIGINS=\n');
    const v = client.applyEditTo(uri, preferred.edit!);
    assert.match(client.text(uri), /cors\(\{ origin: \(process\.env\.CORS_ORIGINS/);
    assert.deepEqual(await client.diagnosticsFor(uri, v), []);
  });

  it('"Ignore on this line" inserts the comment, and a reasonless ignore is reported as information', async () => {
    await client.initialize(root);
    const uri = client.open(join(root, 'ign.js'), "const cors = require('cors');\nconst app = require('express')();\n  app.use(cors());\n");
    const diags = await client.diagnosticsFor(uri, 1);
    const ignore = (await client.codeActions(uri, diags)).find((a) => a.title.startsWith('Ignore'))!;
    const v = client.applyEditTo(uri, ignore.edit!);
    assert.equal(client.text(uri).split('\n')[2], '  // redline-ignore-next-line cors/permissive-origin --');
    const after = await client.diagnosticsFor(uri, v);
    assert.deepEqual(after.map((d) => [d.code, d.severity]), [['redline/ignore-without-reason', 3]]);
  });

  it('offers no edit for a diagnostic from an older version', async () => {
    await client.initialize(root);
    const uri = client.open(join(root, 'stale.js'), "const cors = require('cors');\nconst app = require('express')();\napp.use(cors());\n");
    const diags = await client.diagnosticsFor(uri, 1);
    const v = client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '\n' }]);
    await client.diagnosticsFor(uri, v);
    assert.deepEqual(await client.codeActions(uri, diags as Diagnostic[]), []);
  });

  it('reports an invalid .redline.json in that file at the field, with a notification, and keeps analyzing', async () => {
    writeFileSync(join(root, '.redline.json'), '{\n  "categories": { "cors": "yes" },\n  "testGlobs": ["**/spec/**"]\n}\n');
    await client.initialize(root);
    const cfgUri = pathToFileURL(join(root, '.redline.json')).href;
    await client.waitFor(() => !!client.latest(cfgUri), 'config diagnostics');
    const d = client.latest(cfgUri)!.diagnostics[0]!;
    assert.equal(d.code, 'redline/config-problem');
    assert.equal(d.range.start.line, 1);
    assert.match(String(d.message), /categories\.cors/);
    await client.waitFor(() => client.notifications.some((n) => n.method.startsWith('window/showMessage')), 'notification');
    const uri = client.open(join(root, 'still.js'), "const cors = require('cors');\nrequire('express')().use(cors());\n");
    assert.equal((await client.diagnosticsFor(uri, 1)).length, 1);
  });

  it('"Scan workspace" reports progress and publishes diagnostics for closed files', async () => {
    mkdirSync(join(root, 'src'));
    writeFileSync(join(root, 'src', 'a.js'), "const cors = require('cors');\nrequire('express')().use(cors());\n");
    writeFileSync(join(root, 'src', 'b.js'), 'module.exports = 1;\n');
    await client.initialize(root);
    const summary = (await client.executeCommand('redline.scanWorkspace', [], 'scan-1')) as { files: number; findings: number };
    assert.equal(summary.files, 2);
    assert.equal(summary.findings, 1);
    const kinds = client.progress.filter((p) => p.token === 'scan-1').map((p) => p.value.kind);
    assert.equal(kinds[0], 'begin');
    assert.equal(kinds.at(-1), 'end');
    const aUri = pathToFileURL(join(root, 'src', 'a.js')).href;
    assert.equal(client.latest(aUri)!.diagnostics[0]!.code, 'cors/permissive-origin');
  });
});
