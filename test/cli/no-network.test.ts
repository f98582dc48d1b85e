import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RegionSummary } from '../../server/src/protocol/messages';
import { ROOT } from '../helpers/fixtures';
import { LspTestClient } from '../helpers/lspClient';
import { writeSecretCorpus } from '../helpers/secretCorpus';

const CLI = join(ROOT, 'dist', 'cli.js');
const PRELOAD = join(ROOT, 'test', 'helpers', 'no-network-preload.cjs');

/** The network APIs the preload traps (what each canary call below must hit). */
const TRAPPED = [
  'net.connect',
  'net.createConnection',
  'net.Socket.prototype.connect',
  'net.Server.prototype.listen',
  'tls.connect',
  'http.request',
  'http.get',
  'https.request',
  'https.get',
  'http2.connect',
  'dgram.createSocket',
  'dns.lookup',
  'dns.resolve4',
  'dns.promises.lookup',
  'dns.promises.resolveTxt',
  'dns.Resolver.prototype.resolve',
  'globalThis.fetch',
];

interface Trap {
  log: string;
  marker: string;
  env: NodeJS.ProcessEnv;
  /** Recorded network calls. */
  calls(): { api: string; main: boolean; pid: number; stack: string }[];
  /** Lines `main|worker pid=… thread=…` of every process and thread the preload ran in. */
  loaded(): string[];
}

function trap(): Trap {
  const dir = mkdtempSync(join(tmpdir(), 'redline-offline-'));
  const log = join(dir, 'network-calls.jsonl');
  const marker = join(dir, 'preloaded.txt');
  const read = (f: string) => (existsSync(f) ? readFileSync(f, 'utf8').split('\n').filter(Boolean) : []);
  return {
    log,
    marker,
    // Only the preload: no inherited loaders (tsx) in the processes under test.
    env: { NODE_OPTIONS: `--require ${JSON.stringify(PRELOAD)}`, REDLINE_NET_LOG: log, REDLINE_NET_MARKER: marker, NO_COLOR: '1', CI: '1' },
    calls: () => read(log).map((l) => JSON.parse(l)),
    loaded: () => read(marker),
  };
}

function run(t: Trap, cwd: string, args: string[], input?: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, input, encoding: 'utf8', env: { ...process.env, ...t.env }, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function assertOffline(t: Trap, what: string): void {
  const calls = t.calls();
  assert.deepEqual(calls.map((c) => `${c.api} (${c.main ? 'main thread' : 'worker thread'})\n${c.stack}`), [], `${what} made network calls`);
}

/**
 * Redline makes no network request: the CLI and a language-server session run with every
 * network API of Node replaced by a trap (NODE_OPTIONS=--require, which also reaches worker
 * threads), do their work, and the trap records nothing.
 */
describe('Redline makes no network request', function () {
  this.timeout(90_000);

  it('the trap records and blocks each network API, in the main thread and in worker threads', () => {
    const t = trap();
    const calls = [
      "net.connect(1, '127.0.0.1')",
      "net.createConnection(1, '127.0.0.1')",
      "new net.Socket().connect(1, '127.0.0.1')",
      'net.createServer().listen(0)',
      "tls.connect(1, '127.0.0.1')",
      "http.request('http://127.0.0.1:1')",
      "http.get('http://127.0.0.1:1')",
      "https.request('https://127.0.0.1:1')",
      "https.get('https://127.0.0.1:1')",
      "http2.connect('http://127.0.0.1:1')",
      "dgram.createSocket('udp4')",
      "dns.lookup('localhost', () => {})",
      "dns.resolve4('localhost', () => {})",
      "dns.promises.lookup('localhost')",
      "dns.promises.resolveTxt('localhost')",
      "new dns.Resolver().resolve('localhost', () => {})",
      "fetch('http://127.0.0.1:1')",
    ];
    const body = calls.map((c) => `try { ${c}; console.log('NOT BLOCKED: ' + ${JSON.stringify(c)}); } catch {}`).join('\n');
    const script = `
      const net = require('node:net'), tls = require('node:tls'), http = require('node:http'), https = require('node:https');
      const http2 = require('node:http2'), dgram = require('node:dgram'), dns = require('node:dns');
      ${body}
      const { Worker } = require('node:worker_threads');
      new Worker("try { fetch('http://127.0.0.1:1'); } catch {} try { require('node:https').get('https://127.0.0.1:1'); } catch {}", { eval: true });
    `;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, ...t.env } });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '', 'every call was blocked');
    const recorded = t.calls();
    assert.deepEqual([...new Set(recorded.filter((c) => c.main).map((c) => c.api))].sort(), [...TRAPPED].sort());
    assert.deepEqual(recorded.filter((c) => !c.main).map((c) => c.api).sort(), ['globalThis.fetch', 'https.get']);
    assert.equal(t.loaded().filter((l) => l.startsWith('worker ')).length, 1, 'the preload ran in the worker thread');
  });

  it('CLI: scan (sample/ and a secret corpus, in worker threads), rules, regions and trace run offline', () => {
    const t = trap();
    const sample = run(t, ROOT, ['scan', 'sample', '--format', 'json', '--fail-on', 'none']);
    assert.equal(sample.code, 0, sample.stderr);
    assert.ok(JSON.parse(sample.stdout).findings.length >= 5, 'the sample app has findings');
    const corpus = writeSecretCorpus();
    const scan = run(t, corpus.root, ['scan', '.', '--format', 'sarif', '--jobs', '2', '--fail-on', 'none']);
    assert.equal(scan.code, 0, scan.stderr);
    const results = JSON.parse(scan.stdout).runs[0].results as { ruleId: string }[];
    assert.ok(results.filter((x) => x.ruleId.startsWith('secret/')).length >= corpus.secrets.length, 'every planted secret is reported');
    assert.ok(t.loaded().some((l) => l.startsWith('worker ')), 'the scan ran in worker threads, which had the trap');
    assert.equal(run(t, corpus.root, ['rules']).code, 0);
    const file = join(corpus.root, 'src', 'config.js');
    const hook = run(t, corpus.root, ['trace'], JSON.stringify({ session_id: 's', cwd: corpus.root, hook_event_name: 'PostToolUse', tool_name: 'Write', tool_input: { file_path: file, content: corpus.files.get('src/config.js') }, tool_response: { filePath: file, success: true } }));
    assert.equal(hook.code, 0, hook.stderr);
    const regions = run(t, corpus.root, ['regions', '--format', 'json']);
    assert.equal(JSON.parse(regions.stdout).regions.length, 1, regions.stderr);
    const gate = run(t, corpus.root, ['scan', '.', '--fail-on-unreviewed', 'any']);
    assert.equal(gate.code, 1, 'the gate ran and failed on the unreviewed region');
    assertOffline(t, 'the CLI');
  });

  it('LSP: open, change, code actions, tag and review a region, scan workspace run offline (analysis in a worker thread)', async () => {
    const t = trap();
    const corpus = writeSecretCorpus();
    const client = new LspTestClient({ env: t.env });
    try {
      await client.initialize(corpus.root);
      const uri = client.open(join(corpus.root, 'src', 'config.js'), corpus.files.get('src/config.js')!);
      const first = await client.diagnosticsFor(uri, 1);
      assert.ok(first.filter((d) => String(d.code).startsWith('secret/')).length >= 8);
      client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: "const cors = require('cors');\nrequire('express')().use(cors());\n" }]);
      const second = await client.diagnosticsFor(uri, 2);
      assert.ok(second.some((d) => d.code === 'cors/permissive-origin'));
      const actions = await client.codeActions(uri, [second[0]!]);
      assert.ok(actions.length >= 1);
      const region = (await client.executeCommand('redline.aiRegions.tag', [{ uri, range: { start: { line: 2, character: 0 }, end: { line: 6, character: 0 } }, origin: { tool: 'Claude Code', method: 'manual' } }])) as RegionSummary;
      await client.executeCommand('redline.aiRegions.markReviewed', [{ id: region.id }]);
      const scan = (await client.executeCommand('redline.scanWorkspace', [])) as { files: number; findings: number };
      assert.ok(scan.files >= 4 && scan.findings >= 8, JSON.stringify(scan));
    } finally {
      await client.shutdown();
    }
    const pid = client.proc.pid;
    assert.ok(t.loaded().some((l) => l.startsWith(`main pid=${pid} `)), 'the preload ran in the server');
    assert.ok(t.loaded().some((l) => l.startsWith(`worker pid=${pid} `)), 'the preload ran in the analysis worker thread');
    assert.doesNotMatch(client.stderr, /network call blocked/);
    assertOffline(t, 'the language server');
  });

  it('static: the bundles load no network module, except vscode-jsonrpc’s socket transport in the server (unused with --stdio)', () => {
    const allowed: Record<string, string[]> = { 'cli.js': [], 'worker.js': [], 'server.js': ['net'] };
    for (const [bundle, ok] of Object.entries(allowed)) {
      const text = readFileSync(join(ROOT, 'dist', bundle), 'utf8');
      const loaded = new Set([...text.matchAll(/\b(?:require|import)\(\s*["'](?:node:)?(net|tls|http|https|http2|dgram|dns|undici|ws)["']\s*\)/g)].map((m) => m[1]!));
      assert.deepEqual([...loaded].sort(), ok, `${bundle} loads network modules`);
    }
  });
});
