import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import type { RegionSummary } from '../../server/src/protocol/messages';
import { ROOT } from '../helpers/fixtures';
import { LspTestClient } from '../helpers/lspClient';
import { leaks, writeSecretCorpus, type SecretCorpus } from '../helpers/secretCorpus';

const CLI = join(ROOT, 'dist', 'cli.js');

function cli(cwd: string, args: string[], input?: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const LANGUAGE: Record<string, string> = { 'src/config.js': 'javascript', 'app/settings.py': 'python', '.env': 'dotenv', 'config/app.yaml': 'yaml', 'config/secrets.json': 'json' };

/** Every planted secret has a secret finding whose range covers its first line. */
function assertAllFound(corpus: SecretCorpus, findingsOf: (file: string) => { category?: string; code?: unknown; ruleId?: string; range: Diagnostic['range'] }[], where: string): void {
  const missing = corpus.secrets.filter((s) => !findingsOf(s.file).some((f) => String(f.ruleId ?? f.code ?? '').startsWith('secret/') && f.range.start.line <= s.line && s.line <= f.range.end.line));
  assert.deepEqual(missing.map((s) => `${s.kind} in ${s.file}:${s.line + 1}`), [], `${where}: secrets not reported (the leak checks would prove nothing for them)`);
}

function assertNoLeaks(corpus: SecretCorpus, outputs: Record<string, string>): void {
  const found = Object.entries(outputs).flatMap(([where, text]) => leaks(corpus, where, text));
  assert.deepEqual(found, [], 'secrets (or unmasked parts of them) appeared in an output');
}

/**
 * "Leak nothing" (architecture invariant 6): a workspace full of credentials of many kinds, run
 * through every output Redline has (LSP diagnostics, code actions, hovers, command results,
 * notifications, logs and stderr; the region index and Agent Trace records; the CLI's text,
 * JSON and SARIF reports, `regions`, the merge gate and `trace`), and no secret appears whole,
 * nor any longer part of it than the mask's prefix and last four characters.
 */
describe('Leak nothing: no secret leaves whole through any output', function () {
  this.timeout(90_000);
  let corpus: SecretCorpus;

  before(() => {
    corpus = writeSecretCorpus();
    // A token pasted into the wrong place of .redline.json: the config problem it causes is
    // reported (diagnostic on the file, showMessage, CLI stderr/JSON/SARIF) without quoting it.
    const token = corpus.secrets.find((s) => s.kind === 'github-pat')!.value;
    writeFileSync(join(corpus.root, '.redline.json'), JSON.stringify({ auth: { middleware: token }, severityOverrides: { secret: token } }, null, 2) + '\n');
  });

  it('LSP: diagnostics, code actions, hovers, commands, notifications, logs, stderr, region index and Agent Trace', async () => {
    const client = new LspTestClient();
    const outputs: Record<string, string> = {};
    try {
      await client.initialize(corpus.root);
      await client.waitFor(() => client.notifications.some((n) => n.method === 'redline/status' && (n.params as { state: string }).state === 'ready'), 'ready');

      // Scan workspace first: every file is closed, so each one's findings are published from the scan.
      outputs['scanWorkspace result'] = JSON.stringify(await client.executeCommand('redline.scanWorkspace', [], 'scan-progress'));
      const scanned = (file: string) => client.latest(pathToFileURL(join(corpus.root, file)).href)?.diagnostics ?? [];
      assertAllFound(corpus, scanned, 'scan workspace');

      // Then open every file (live analysis), change one, ask for code actions everywhere.
      const uris = new Map<string, string>();
      for (const [rel, text] of corpus.files) uris.set(rel, client.open(join(corpus.root, rel), text, LANGUAGE[rel]));
      const live = new Map<string, Diagnostic[]>();
      for (const [rel, uri] of uris) live.set(rel, await client.diagnosticsFor(uri, 1));
      assertAllFound(corpus, (f) => live.get(f) ?? [], 'open documents');
      const jsUri = uris.get('src/config.js')!;
      client.change(jsUri, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '// reviewed by nobody\n' }]);
      const afterEdit = await client.diagnosticsFor(jsUri, 2);
      live.set('src/config.js', afterEdit);
      const shifted = corpus.secrets.map((s) => (s.file === 'src/config.js' ? { ...s, line: s.line + 1 } : s));
      assertAllFound({ ...corpus, secrets: shifted }, (f) => live.get(f) ?? [], 'after an edit');

      const actions: unknown[] = [];
      for (const [rel, uri] of uris) {
        for (const d of live.get(rel)!) actions.push(await client.codeActions(uri, [d]));
        actions.push(await client.codeActions(uri, live.get(rel)!, ['source.fixAll.redline']));
      }
      assert.ok(JSON.stringify(actions).includes('process.env'), 'code actions offer reading the secret from the environment');
      outputs['code actions'] = JSON.stringify(actions);

      // AI regions over every file: tag, hover over each finding, list, mark reviewed, list again.
      const results: unknown[] = [];
      const hovers: unknown[] = [];
      const hoverAll = async () => {
        for (const [rel, uri] of uris) {
          for (const d of live.get(rel)!) {
            for (const position of [d.range.start, d.range.end]) hovers.push(await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position }));
          }
        }
      };
      const regions: RegionSummary[] = [];
      for (const [rel, uri] of uris) {
        const lines = client.text(uri).split('\n');
        const region = (await client.executeCommand('redline.aiRegions.tag', [
          { uri, range: { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: lines.at(-1)!.length } }, origin: { tool: 'Claude Code', model: 'claude-sonnet-4', method: 'agent-hook' } },
        ])) as RegionSummary;
        assert.equal(region.path, rel);
        regions.push(region);
        results.push(region);
      }
      await hoverAll();
      assert.ok(hovers.some((h) => JSON.stringify(h).includes('AI-generated')), 'hovers inside regions show region details');
      results.push(await client.executeCommand('redline.aiRegions.list', [{}]));
      for (const r of regions) results.push(await client.executeCommand('redline.aiRegions.markReviewed', [{ id: r.id }]));
      results.push(await client.executeCommand('redline.aiRegions.list', [{}]));
      await hoverAll();
      outputs['command results'] = JSON.stringify(results);
      outputs['hovers'] = JSON.stringify(hovers);
      await client.waitFor(() => client.notifications.some((n) => n.method === 'redline/regionsChanged'), 'regionsChanged');
      // The config problem planted in .redline.json was reported.
      await client.waitFor(() => client.notifications.some((n) => n.method.startsWith('window/showMessage') && JSON.stringify(n.params).includes('.redline.json')), 'showMessage about .redline.json');
    } finally {
      await client.shutdown();
    }
    outputs['publishDiagnostics'] = JSON.stringify([...client.diagnostics.values()]);
    outputs['notifications (logMessage, showMessage, status, regionsChanged, …)'] = JSON.stringify(client.notifications);
    outputs['progress'] = JSON.stringify(client.progress);
    outputs['server stderr'] = client.stderr;
    const index = readFileSync(join(corpus.root, '.redline', 'regions.json'), 'utf8');
    assert.equal(JSON.parse(index).regions.length, corpus.files.size);
    outputs['.redline/regions.json'] = index;
    const trace = readFileSync(join(corpus.root, '.agent-trace', 'traces.jsonl'), 'utf8');
    assert.equal(trace.trim().split('\n').length, corpus.files.size);
    outputs['.agent-trace/traces.jsonl'] = trace;
    assertNoLeaks(corpus, outputs);
  });

  it('CLI: redline trace turns Claude Code payloads holding secrets into records without them', () => {
    const outputs: Record<string, string> = {};
    const traceFile = join(corpus.root, '.agent-trace', 'traces.jsonl');
    const before = existsSync(traceFile) ? readFileSync(traceFile, 'utf8') : '';
    const js = corpus.files.get('src/config.js')!;
    const py = corpus.files.get('app/settings.py')!;
    const base = { session_id: 'leak-test', transcript_path: join(corpus.root, 'no-transcript.jsonl'), cwd: corpus.root, hook_event_name: 'PostToolUse' };
    const write = cli(corpus.root, ['trace', '--model', 'anthropic/claude-sonnet-4'], JSON.stringify({ ...base, tool_name: 'Write', tool_input: { file_path: join(corpus.root, 'src/config.js'), content: js }, tool_response: { filePath: join(corpus.root, 'src/config.js'), success: true } }));
    assert.equal(write.code, 0, write.stderr);
    // An Edit as Claude Code reports it: tool_response carries the original file and a structured patch.
    const pyLines = py.split('\n');
    const at = pyLines.findIndex((l) => l.startsWith('DB_PASSWORD'));
    const newLines = pyLines.slice(at, at + 3);
    const oldLines = newLines.map((l) => l.replace(/"[^"]*"/, '""'));
    const originalFile = [...pyLines.slice(0, at), ...oldLines, ...pyLines.slice(at + 3)].join('\n');
    const structuredPatch = [{ oldStart: at + 1, oldLines: 3, newStart: at + 1, newLines: 3, lines: [...oldLines.map((l) => `-${l}`), ...newLines.map((l) => `+${l}`)] }];
    const editInput = { file_path: join(corpus.root, 'app/settings.py'), old_string: oldLines.join('\n'), new_string: newLines.join('\n'), replace_all: false };
    const edit = cli(corpus.root, ['trace'], JSON.stringify({ ...base, tool_name: 'Edit', tool_input: editInput, tool_response: { filePath: editInput.file_path, oldString: editInput.old_string, newString: editInput.new_string, originalFile, structuredPatch, userModified: false, replaceAll: false } }));
    assert.equal(edit.code, 0, edit.stderr);
    // A payload of the wrong shape is rejected without echoing its input.
    const bad = cli(corpus.root, ['trace'], JSON.stringify({ ...base, tool_name: 'Write', tool_input: { file_path: 42, content: js } }));
    assert.equal(bad.code, 1);
    const after = readFileSync(traceFile, 'utf8');
    const appended = after.slice(before.length);
    assert.equal(appended.trim().split('\n').length, 2, 'one record per accepted payload');
    assert.match(appended, /"path":"src\/config\.js"/);
    for (const [name, r] of Object.entries({ write, edit, bad })) outputs[`trace (${name}) stdout+stderr`] = r.stdout + r.stderr;
    outputs['appended Agent Trace records'] = appended;
    const regions = cli(corpus.root, ['regions', '--format', 'json']);
    outputs['regions after trace'] = regions.stdout + regions.stderr;
    assertNoLeaks(corpus, outputs);
  });
  it('CLI: scan as text, JSON and SARIF (stdout and --output), fingerprints, regions and the merge gate', () => {
    const outputs: Record<string, string> = {};
    const out = mkdtempSync(join(tmpdir(), 'redline-leak-out-'));
    for (const format of ['text', 'json', 'sarif']) {
      const r = cli(corpus.root, ['scan', '.', '--format', format, '--fail-on', 'none']);
      // 2: the planted .redline.json problem; the scan still runs.
      assert.equal(r.code, 2, r.stderr);
      outputs[`scan --format ${format} (stdout)`] = r.stdout;
      outputs[`scan --format ${format} (stderr)`] = r.stderr;
      const file = join(out, `report.${format}`);
      const w = cli(corpus.root, ['scan', '.', '--format', format, '--output', file, '--fail-on', 'none']);
      outputs[`scan --format ${format} --output (file)`] = readFileSync(file, 'utf8');
      outputs[`scan --format ${format} --output (stdout+stderr)`] = w.stdout + w.stderr;
      // The merge gate names the unreviewed regions (from the trace records above).
      const g = cli(corpus.root, ['scan', '.', '--format', format, '--fail-on', 'error', '--fail-on-unreviewed', 'any']);
      outputs[`scan --fail-on-unreviewed --format ${format}`] = g.stdout + g.stderr;
    }
    const json = JSON.parse(outputs['scan --format json (stdout)']!) as { findings: { path: string; ruleId: string; category: string; fingerprint: string; range: Diagnostic['range'] }[] };
    assertAllFound(corpus, (file) => json.findings.filter((f) => f.path === file), 'redline scan --format json');
    const sarif = JSON.parse(outputs['scan --format sarif (stdout)']!) as { runs: { results: { ruleId: string }[] }[] };
    assert.ok(sarif.runs[0]!.results.filter((r) => r.ruleId.startsWith('secret/')).length >= corpus.secrets.length);
    assert.match(outputs['scan --format text (stdout)']!, /secret\/provider-credential/);
    assert.match(outputs['scan --format json (stderr)']!, /\.redline\.json/, 'the config problem is reported');

    // Fingerprints of secret findings hash the masked value, never the raw secret or the raw text.
    for (const f of json.findings.filter((x) => x.category === 'secret')) {
      const text = readFileSync(join(corpus.root, f.path), 'utf8');
      const lines = text.split('\n');
      const raw = f.range.start.line === f.range.end.line ? lines[f.range.start.line]!.slice(f.range.start.character, f.range.end.character) : '';
      const candidates = [...corpus.secrets.filter((s) => text.includes(s.value)).map((s) => s.value), raw.replace(/\s+/g, ' ')].filter(Boolean);
      for (const key of candidates) {
        for (let ordinal = 0; ordinal < 4; ordinal++) {
          const raw32 = createHash('sha256').update(`${f.ruleId}\0${f.path}\0${key}\0${ordinal}`, 'utf8').digest('hex').slice(0, 32);
          assert.notEqual(f.fingerprint, raw32, `${f.ruleId} at ${f.path}:${f.range.start.line + 1}: the fingerprint hashes the raw secret`);
        }
      }
    }

    for (const format of ['text', 'json']) {
      const r = cli(corpus.root, ['regions', '--format', format]);
      outputs[`regions --format ${format}`] = r.stdout + r.stderr;
    }
    assert.ok(JSON.parse(cli(corpus.root, ['regions', '--format', 'json']).stdout).regions.length >= 1, 'regions are listed');
    assertNoLeaks(corpus, outputs);
  });

});
