import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  State,
  TransportKind,
  type ErrorHandler,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { StatusNotification, StatusSchema, TrustChangedNotification } from '../../server/src/protocol/messages';
import { registerCommands } from './commands';
import { STATUS_NOTICE_COMMAND, StatusBar } from './statusBar';
import { FindingsTree } from './views/findingsTree';
import { RegionsUi } from './views/regions';
import { Capture } from './capture';

/**
 * Owns the LanguageClient and the UI pieces. The server runs over IPC from dist/server.js;
 * crashes restart it (state comes back from disk: regions, settings) and the status bar says so.
 */
export class RedlineClient {
  private client: LanguageClient | undefined;
  private readonly statusBar = new StatusBar();
  private crashes: number[] = [];

  constructor(private readonly context: vscode.ExtensionContext) {}

  async start(): Promise<void> {
    const serverModule = this.context.asAbsolutePath('dist/server.js');
    const serverOptions: ServerOptions = {
      run: { module: serverModule, transport: TransportKind.ipc },
      debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
    };
    const errorHandler: ErrorHandler = {
      // In practice a connection error is a write to a server that just died (EPIPE), just before
      // the close is seen. It is logged in the Redline output, without the library's error toast:
      // `closed` below tells what happened in the status bar, and "connection to server is
      // erroring. write EPIPE" on top of that only alarms.
      error: () => ({ action: ErrorAction.Continue, handled: true }),
      closed: () => {
        const now = Date.now();
        this.crashes = this.crashes.filter((t) => now - t < 3 * 60_000);
        this.crashes.push(now);
        if (this.crashes.length > 5) {
          this.statusBar.setNotice({ state: 'stopped', message: 'The Redline server crashed 5 times in 3 minutes and was not restarted. Run "Redline: Restart Server" after fixing the cause (see the Redline output).' });
          return { action: CloseAction.DoNotRestart };
        }
        this.statusBar.setNotice({ state: 'restarted', message: 'The Redline server stopped unexpectedly and was restarted; regions and settings were reloaded.' });
        return { action: CloseAction.Restart };
      },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [{ scheme: 'file' }, { scheme: 'untitled' }],
      initializationOptions: { trusted: vscode.workspace.isTrusted },
      diagnosticCollectionName: 'redline',
      errorHandler,
      outputChannelName: 'Redline',
    };
    this.client = new LanguageClient('redline', 'Redline', serverOptions, clientOptions);
    const client = this.client;
    this.context.subscriptions.push(
      this.statusBar,
      vscode.workspace.onDidGrantWorkspaceTrust(() => void client.sendNotification(TrustChangedNotification, { trusted: true })),
      // The item's own command while it shows a notice: the log says what happened; a look is an acknowledgement.
      vscode.commands.registerCommand(STATUS_NOTICE_COMMAND, () => {
        this.statusBar.acknowledge();
        client.outputChannel.show(true);
      }),
    );
    const findings = new FindingsTree();
    this.context.subscriptions.push(findings, vscode.window.registerTreeDataProvider('redline.findings', findings));
    const regions = new RegionsUi(this.context, () => this.client);
    const capture = new Capture(regions);
    this.context.subscriptions.push(capture);
    registerCommands(this.context, { client: () => this.client, regions, capture, findings, restart: () => this.restart() });
    await client.start();
    client.onNotification(StatusNotification, (raw: unknown) => {
      const s = StatusSchema.safeParse(raw);
      if (s.success) this.statusBar.setServerStatus(s.data);
    });
    regions.attach(client);
    // After a restart the tree and gutter still hold the dead server's answers: ask the new one.
    // (The status bar is not touched here: the new server sends its own status, and the
    // "restarted" notice stays, see StatusBar.)
    this.context.subscriptions.push(
      client.onDidChangeState((e) => {
        if (e.oldState === State.Starting && e.newState === State.Running) void regions.refresh();
      }),
    );
  }

  async restart(): Promise<void> {
    this.crashes = [];
    // Restarting on purpose answers any notice about the last crash.
    this.statusBar.setNotice(undefined);
    await this.client?.restart();
  }

  async stop(): Promise<void> {
    await this.client?.stop();
  }
}
