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
import { StatusBar } from './statusBar';
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
      error: () => ({ action: ErrorAction.Continue }),
      closed: () => {
        const now = Date.now();
        this.crashes = this.crashes.filter((t) => now - t < 3 * 60_000);
        this.crashes.push(now);
        if (this.crashes.length > 5) {
          this.statusBar.setState({ state: 'error', message: 'The Redline server crashed 5 times in 3 minutes and was not restarted. Run "Redline: Restart Server" after fixing the cause (see the Redline output).' });
          return { action: CloseAction.DoNotRestart };
        }
        this.statusBar.setState({ state: 'restarted', message: 'The Redline server stopped unexpectedly and was restarted; regions and settings were reloaded.' });
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
      client.onDidChangeState((e) => {
        if (e.newState === State.Running) this.statusBar.setState({ state: 'ready' });
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
      if (s.success) this.statusBar.setState(s.data);
    });
    regions.attach(client);
  }

  async restart(): Promise<void> {
    this.crashes = [];
    await this.client?.restart();
  }

  async stop(): Promise<void> {
    await this.client?.stop();
  }
}
