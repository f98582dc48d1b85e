import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';

/**
 * The extension through the VS Code API, in a desktop VS Code started by @vscode/test-electron
 * (test/vscode/run.mjs) on a copy of test/e2e/vscode/workspace. Waits on events
 * (languages.onDidChangeDiagnostics), never on sleeps.
 */

const EXTENSION_ID = 'redline-dev.redline';

function root(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the sample workspace is open');
  return folder.uri;
}

const fileUri = (rel: string) => vscode.Uri.joinPath(root(), rel);
const ruleOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' && d.code !== null ? String(d.code.value) : String(d.code ?? ''));
const redline = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'redline');
const at = (list: vscode.Diagnostic[], line0: number, rule?: string) => list.filter((d) => d.range.start.line === line0 && (!rule || ruleOf(d) === rule));

/** Resolves with Redline's diagnostics of `uri` once `check` holds (re-checked on every change). */
function waitForDiagnostics(uri: vscode.Uri, what: string, check: (list: vscode.Diagnostic[]) => boolean, ms = 30_000): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const now = redline(uri);
    if (check(now)) return resolve(now);
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out after ${ms} ms waiting for ${what}; diagnostics now: ${JSON.stringify(redline(uri).map((d) => `${d.range.start.line + 1}:${ruleOf(d)}`))}`));
    }, ms);
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === uri.toString())) return;
      const list = redline(uri);
      if (check(list)) {
        clearTimeout(timer);
        sub.dispose();
        resolve(list);
      }
    });
  });
}

async function open(rel: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(fileUri(rel));
  return vscode.window.showTextDocument(doc, { preview: false });
}

async function quickFixes(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const actions = (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value)) ?? [];
  return actions.filter((a): a is vscode.CodeAction => 'kind' in a || 'edit' in a);
}

interface RegionSummary {
  id: string;
  uri: string;
  path: string;
  status: string;
  origin: { tool: string };
  lines: number;
  review?: { by: { name: string; email: string } };
}

describe('Redline through the VS Code API (test-electron)', function () {
  before(async function () {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is loaded from the development path`);
    await ext.activate();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('reports all four categories with rule ids when files open', async function () {
    const server = fileUri('api/server.js');
    await open('api/server.js');
    const list = await waitForDiagnostics(server, 'four findings in api/server.js', (l) => [6, 9, 12, 16].every((line) => at(l, line).length > 0));
    assert.equal(at(list, 6, 'secret/hardcoded-credential')[0]?.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(at(list, 9, 'cors/reflected-origin')[0]?.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(at(list, 12, 'sql/string-built-query')[0]?.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(at(list, 16, 'auth/missing-authentication')[0]?.severity, vscode.DiagnosticSeverity.Warning);

    const app = fileUri('service/app.py');
    await open('service/app.py');
    const py = await waitForDiagnostics(app, 'four findings in service/app.py', (l) =>
      at(l, 6, 'secret/hardcoded-credential').length > 0 && at(l, 7, 'cors/permissive-origin').length > 0 && at(l, 14, 'auth/missing-authentication').length > 0 && at(l, 18, 'sql/string-built-query').length > 0,
    );
    assert.equal(new Set(py.map((d) => ruleOf(d).split('/')[0])).size, 4, 'secret, cors, auth and sql');
  });

  it('reports a finding typed into a file before it is saved, and clears it when deleted', async function () {
    const editor = await open('api/notes.js');
    const uri = editor.document.uri;
    const typed = "const dbPassword = 'Xy7pQ2rT9wLkMb4Zs';";
    await editor.edit((e) => e.insert(new vscode.Position(1, 0), typed));
    const list = await waitForDiagnostics(uri, 'the typed secret', (l) => at(l, 1, 'secret/hardcoded-credential').length > 0);
    assert.equal(list.length, 1);
    assert.ok(editor.document.isDirty, 'not saved');
    assert.ok(!readFileSync(uri.fsPath, 'utf8').includes('dbPassword'), 'nothing written to disk');
    await editor.edit((e) => e.delete(new vscode.Range(1, 0, 1, typed.length)));
    await waitForDiagnostics(uri, 'no finding after deleting it', (l) => l.length === 0);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('offers quick fixes: the preferred one parameterizes the query (saved, finding gone); "Ignore on this line" inserts the comment', async function () {
    const editor = await open('api/orders.js');
    const doc = editor.document;
    const list = await waitForDiagnostics(doc.uri, 'SQL findings on lines 6 and 11', (l) => at(l, 5, 'sql/string-built-query').length > 0 && at(l, 10, 'sql/string-built-query').length > 0);

    const fixes = await quickFixes(doc.uri, at(list, 5)[0]!.range);
    const param = fixes.find((a) => /^Parameterize the query/.test(a.title));
    assert.ok(param?.edit, `a parameterize fix among: ${fixes.map((a) => a.title).join(' | ')}`);
    assert.equal(param.isPreferred, true);
    assert.ok(fixes.some((a) => a.title === 'Ignore sql/string-built-query on this line'));
    assert.ok(await vscode.workspace.applyEdit(param.edit));
    assert.equal(doc.lineAt(5).text, '  const result = await pool.query(`SELECT * FROM orders WHERE id = $1`, [orderId]);');
    assert.ok(await doc.save());
    assert.ok(readFileSync(doc.uri.fsPath, 'utf8').includes('WHERE id = $1`, [orderId]'), 'saved to disk');
    await waitForDiagnostics(doc.uri, 'the line-6 finding gone', (l) => at(l, 5).length === 0 && at(l, 10, 'sql/string-built-query').length > 0);

    const current = redline(doc.uri);
    const ignore = (await quickFixes(doc.uri, at(current, 10)[0]!.range)).find((a) => a.title === 'Ignore sql/string-built-query on this line');
    assert.ok(ignore?.edit);
    assert.ok(await vscode.workspace.applyEdit(ignore.edit));
    assert.match(doc.lineAt(10).text, /^\s*\/\/ redline-ignore-next-line sql\/string-built-query --/);
    await waitForDiagnostics(doc.uri, 'the SQL finding suppressed', (l) => !l.some((d) => ruleOf(d) === 'sql/string-built-query'));
    assert.ok(await doc.save());
  });

  it('tags, lists and marks reviewed an AI region through the server commands', async function () {
    const editor = await open('api/payments.js');
    const uri = editor.document.uri.toString();
    const tagged = await vscode.commands.executeCommand<RegionSummary>('redline.aiRegions.tag', {
      uri,
      range: { start: { line: 4, character: 0 }, end: { line: 9, character: 0 } },
      origin: { tool: 'Claude Code', method: 'manual' },
    });
    assert.ok(tagged?.id, `tag returns the region: ${JSON.stringify(tagged)}`);
    assert.equal(tagged.status, 'unreviewed');
    const listed = await vscode.commands.executeCommand<RegionSummary[]>('redline.aiRegions.list', { uri });
    const mine = listed.find((r) => r.id === tagged.id);
    assert.ok(mine, 'listed');
    assert.equal(mine.path, 'api/payments.js');
    assert.equal(mine.origin.tool, 'Claude Code');
    assert.equal(mine.lines, 5);
    await vscode.commands.executeCommand('redline.aiRegions.markReviewed', { id: tagged.id });
    const after = (await vscode.commands.executeCommand<RegionSummary[]>('redline.aiRegions.list', { uri })).find((r) => r.id === tagged.id);
    assert.equal(after?.status, 'reviewed');
    assert.ok(after?.review, 'who reviewed it is recorded');
  });

  it('"Scan workspace" publishes findings of files never opened', async function () {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const result = await vscode.commands.executeCommand<{ files: number; findings: number; cancelled: boolean }>('redline.scanWorkspace');
    assert.ok(result && result.files > 0 && !result.cancelled, `scan summary: ${JSON.stringify(result)}`);
    await waitForDiagnostics(fileUri('jobs/report.py'), 'jobs/report.py scanned', (l) => at(l, 6, 'sql/string-built-query').length > 0);
    await waitForDiagnostics(fileUri('jobs/mailer.js'), 'jobs/mailer.js scanned', (l) => at(l, 4, 'secret/hardcoded-credential').length > 0);
  });
});
