import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { FindingsTree } from './views/findingsTree';
import type { RegionsUi } from './views/regions';

/** What command handlers need. */
export interface CommandDeps {
  client: () => LanguageClient | undefined;
  regions: RegionsUi;
  findings: FindingsTree;
  restart: () => Promise<void>;
}

/**
 * The client's own commands, in one table. Server commands (`redline.scanWorkspace`,
 * `redline.aiRegions.*`) are registered by the language client from the server's
 * `executeCommandProvider`, so they are not repeated here.
 */
export function registerCommands(context: vscode.ExtensionContext, deps: CommandDeps): void {
  const table: Record<string, (...args: unknown[]) => unknown> = {
    'redline.restartServer': () => deps.restart(),
    'redline.showOutput': () => deps.client()?.outputChannel.show(),
    'redline.refreshFindings': () => deps.findings.refresh(),
  };
  for (const [id, fn] of Object.entries(table)) context.subscriptions.push(vscode.commands.registerCommand(id, fn));
}
