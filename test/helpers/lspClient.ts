import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type {
  CodeAction,
  Diagnostic,
  InitializeResult,
  PublishDiagnosticsParams,
  TextDocumentContentChangeEvent,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ROOT } from './fixtures';

/**
 * A minimal LSP client for tests: starts `node dist/server.js --stdio`, answers the server's
 * requests (configuration, capability registration, progress creation) and records every
 * notification so tests can wait on what the server publishes, never on sleeps.
 */
export class LspTestClient {
  readonly proc: ChildProcess;
  readonly conn: MessageConnection;
  readonly diagnostics = new Map<string, PublishDiagnosticsParams[]>();
  readonly notifications: { method: string; params: unknown }[] = [];
  readonly progress: { token: unknown; value: { kind: string; percentage?: number; message?: string } }[] = [];
  readonly docs = new Map<string, TextDocument>();
  settings: Record<string, unknown> = { analysis: { debounceMs: 0 } };
  stderr = '';
  private waiters: { check: () => boolean; resolve: () => void }[] = [];

  constructor(opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
    this.proc = spawn(process.execPath, [join(ROOT, 'dist', 'server.js'), '--stdio'], { cwd: opts.cwd ?? ROOT, env: { ...process.env, ...opts.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.conn = createMessageConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      const list = this.diagnostics.get(p.uri) ?? [];
      list.push(p);
      this.diagnostics.set(p.uri, list);
      this.poke();
    });
    this.conn.onNotification((method: string, params: unknown) => {
      this.notifications.push({ method, params });
      this.poke();
    });
    // vscode-jsonrpc routes $/progress to progress handlers by token; unclaimed tokens land here.
    this.conn.onUnhandledProgress((p) => {
      this.progress.push(p as { token: unknown; value: { kind: string } });
      this.poke();
    });
    this.conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => this.settings));
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onRequest('window/showMessageRequest', (params: unknown) => {
      this.notifications.push({ method: 'window/showMessageRequest', params });
      this.poke();
      return null;
    });
    this.conn.onRequest('workspace/applyEdit', () => ({ applied: true }));
    this.conn.listen();
  }

  private poke(): void {
    this.waiters = this.waiters.filter((w) => {
      if (w.check()) {
        w.resolve();
        return false;
      }
      return true;
    });
  }

  /** Resolves when `check` becomes true (re-checked on every message), or rejects after `ms`. */
  waitFor(check: () => boolean, what: string, ms = 15_000): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}\nserver stderr:\n${this.stderr.slice(-2000)}`)), ms);
      this.waiters.push({
        check,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  /**
   * `initialize`, then the `initialized` notification unless `sendInitialized` is false (a test
   * then sends it itself, e.g. after requests a fast client sends in between).
   */
  async initialize(rootPath: string, extra: { initializationOptions?: unknown; capabilities?: Record<string, unknown>; sendInitialized?: boolean } = {}): Promise<InitializeResult> {
    const rootUri = pathToFileURL(rootPath).href;
    const result = (await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'root' }],
      initializationOptions: extra.initializationOptions ?? {},
      capabilities: {
        workspace: {
          configuration: true,
          workspaceFolders: true,
          didChangeWatchedFiles: { dynamicRegistration: true },
          workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] },
        },
        window: { workDoneProgress: true },
        textDocument: { publishDiagnostics: { versionSupport: true, relatedInformation: true, codeDescriptionSupport: true, dataSupport: true }, codeAction: { dataSupport: true, isPreferredSupport: true } },
        ...(extra.capabilities ?? {}),
      },
    })) as InitializeResult;
    if (extra.sendInitialized !== false) await this.conn.sendNotification('initialized', {});
    return result;
  }

  open(path: string, text: string, languageId = 'javascript', version = 1): string {
    const uri = pathToFileURL(path).href;
    this.docs.set(uri, TextDocument.create(uri, languageId, version, text));
    void this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
    return uri;
  }

  /** Sends incremental changes and applies them to the local copy; returns the new version. */
  change(uri: string, changes: TextDocumentContentChangeEvent[], version?: number): number {
    const doc = this.docs.get(uri)!;
    const v = version ?? doc.version + 1;
    this.docs.set(uri, TextDocument.update(doc, changes, v));
    void this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: changes });
    return v;
  }

  close(uri: string): void {
    this.docs.delete(uri);
    void this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  text(uri: string): string {
    return this.docs.get(uri)!.getText();
  }

  /** The latest publishDiagnostics for `uri`. */
  latest(uri: string): PublishDiagnosticsParams | undefined {
    return this.diagnostics.get(uri)?.at(-1);
  }

  /** Waits for diagnostics of exactly `version` (the document's current one by default). */
  async diagnosticsFor(uri: string, version = this.docs.get(uri)?.version): Promise<Diagnostic[]> {
    await this.waitFor(() => this.latest(uri)?.version === version, `diagnostics for ${uri} v${version}`);
    return this.latest(uri)!.diagnostics;
  }

  codeActions(uri: string, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return this.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics, ...(only ? { only } : {}) } }) as Promise<CodeAction[]>;
  }

  /** Applies the parts of a WorkspaceEdit that touch `uri` to the local copy and sends them. */
  applyEditTo(uri: string, edit: WorkspaceEdit): number {
    const edits = edit.changes?.[uri] ?? (edit.documentChanges ?? []).flatMap((c) => ('textDocument' in c && c.textDocument.uri === uri ? c.edits : []));
    const sorted = [...edits].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character);
    return this.change(uri, sorted.map((e) => ({ range: e.range, text: 'newText' in e ? e.newText : '' })));
  }

  executeCommand(command: string, args: unknown[] = [], workDoneToken?: string): Promise<unknown> {
    return this.conn.sendRequest('workspace/executeCommand', { command, arguments: args, ...(workDoneToken ? { workDoneToken } : {}) });
  }

  /**
   * The LSP shutdown handshake, waited for in full: the `shutdown` response (the server finishes
   * its pending writes first), then `exit`, then the process's own exit. For tests of what a
   * graceful shutdown leaves behind; `shutdown()` caps the wait and kills, which on a loaded
   * machine can cut a slow flush short. Throws when the server does not exit within `timeoutMs`.
   */
  async shutdownGracefully(timeoutMs = 60_000): Promise<void> {
    const exited = new Promise<void>((resolve) => {
      if (this.proc.exitCode !== null) resolve();
      else this.proc.once('exit', () => resolve());
    });
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the server did not shut down within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), limit]);
      await this.conn.sendNotification('exit');
      await Promise.race([exited, limit]);
    } finally {
      clearTimeout(timer);
      this.conn.dispose();
    }
  }

  async shutdown(): Promise<void> {
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 3000))]);
      await this.conn.sendNotification('exit');
    } catch {
      // already gone
    }
    this.conn.dispose();
    this.proc.kill();
  }
}
