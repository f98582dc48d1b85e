// A minimal LSP client over stdio (Content-Length framing, JSON-RPC 2.0) for timing the server:
// no library between the pipe and the clock.
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';

export class LspClient {
  /**
   * Starts `node SERVER --stdio`.
   * @param {string} serverPath
   * @param {{cwd?: string, settings?: object}} [opts] settings: the `redline` section answered to workspace/configuration
   */
  constructor(serverPath, opts = {}) {
    this.settings = opts.settings ?? { analysis: { debounceMs: 0 } };
    this.proc = spawn(process.execPath, [serverPath, '--stdio'], { cwd: opts.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    this.stderr = '';
    this.proc.stderr.on('data', (d) => { if (this.stderr.length < 1e5) this.stderr += d; });
    this.nextId = 1;
    this.pending = new Map();
    /** uri -> version -> arrival time (ms, performance.now) */
    this.published = new Map();
    this.waiters = [];
    this.buf = Buffer.alloc(0);
    this.proc.stdout.on('data', (chunk) => this.onData(chunk));
    this.exited = new Promise((resolve) => this.proc.on('exit', resolve));
  }

  get pid() {
    return this.proc.pid;
  }

  onData(chunk) {
    const now = performance.now();
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    for (;;) {
      const headerEnd = this.buf.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const m = /Content-Length: (\d+)/i.exec(this.buf.subarray(0, headerEnd).toString('ascii'));
      if (!m) throw new Error('bad LSP header');
      const len = Number(m[1]);
      if (this.buf.length < headerEnd + 4 + len) return;
      const body = this.buf.subarray(headerEnd + 4, headerEnd + 4 + len).toString('utf8');
      this.buf = this.buf.subarray(headerEnd + 4 + len);
      this.onMessage(JSON.parse(body), now);
    }
  }

  onMessage(msg, now) {
    if (msg.id !== undefined && msg.method === undefined) {
      const p = this.pending.get(msg.id);
      if (p) {
        this.pending.delete(msg.id);
        if (msg.error) p.reject(new Error(`${msg.error.code}: ${msg.error.message}`));
        else p.resolve(msg.result);
      }
      return;
    }
    if (msg.id !== undefined) {
      // A request from the server.
      let result = null;
      if (msg.method === 'workspace/configuration') result = (msg.params?.items ?? []).map((it) => (it.section === 'redline' || !it.section ? this.settings : null));
      if (msg.method === 'workspace/applyEdit') result = { applied: false };
      this.send({ jsonrpc: '2.0', id: msg.id, result });
      return;
    }
    if (msg.method === 'textDocument/publishDiagnostics') {
      const { uri, version } = msg.params;
      let m = this.published.get(uri);
      if (!m) this.published.set(uri, (m = new Map()));
      if (!m.has(version)) m.set(version, { t: now, count: msg.params.diagnostics.length });
      this.waiters = this.waiters.filter((w) => (w.check() ? (w.resolve(), false) : true));
    }
  }

  send(msg) {
    const body = Buffer.from(JSON.stringify(msg), 'utf8');
    this.proc.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.proc.stdin.write(body);
  }

  request(method, params) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method, params) {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** initialize + initialized, declaring workspace.configuration support. */
  async initialize(rootPath) {
    const rootUri = pathToFileURL(rootPath).href;
    const result = await this.request('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'bench' }],
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true },
        textDocument: { publishDiagnostics: { versionSupport: true }, synchronization: { didSave: true } },
      },
    });
    this.notify('initialized', {});
    return result;
  }

  open(path, text, languageId = 'javascript', version = 1) {
    const uri = pathToFileURL(path).href;
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
    return uri;
  }

  /** Sends one incremental change; returns the send time (performance.now). */
  change(uri, version, range, text) {
    const t = performance.now();
    this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
    return t;
  }

  /** Waits for publishDiagnostics of `uri` at `version`; resolves with its arrival time. */
  waitPublished(uri, version, timeoutMs = 30_000) {
    const get = () => this.published.get(uri)?.get(version);
    if (get()) return Promise.resolve(get().t);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} v${version} within ${timeoutMs} ms\n${this.stderr.slice(-1500)}`)), timeoutMs);
      this.waiters.push({ check: () => !!get(), resolve: () => { clearTimeout(timer); resolve(get().t); } });
    });
  }

  async shutdown() {
    try {
      await Promise.race([this.request('shutdown', null), new Promise((r) => setTimeout(r, 3000))]);
      this.notify('exit', null);
    } catch { /* already gone */ }
    const t = setTimeout(() => this.proc.kill('SIGKILL'), 3000);
    await this.exited;
    clearTimeout(t);
  }
}
