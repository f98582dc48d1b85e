import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { Capture } from './capture';
import type { FindingsTree } from './views/findingsTree';
import type { RegionsUi } from './views/regions';

/** What command handlers need. */
export interface CommandDeps {
  client: () => LanguageClient | undefined;
  regions: RegionsUi;
  capture: Capture;
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
    'redline.tagSelection': async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || editor.selection.isEmpty) {
        void vscode.window.showInformationMessage('Redline: select the AI-generated code first.');
        return;
      }
      const region = await deps.regions.tag(editor.document, editor.selection, 'manual');
      if (region) {
        // A selection ending at column 0 does not include that line (same rule as the tree).
        const r = region.range;
        const last = r.end.character === 0 && r.end.line > r.start.line ? r.end.line : r.end.line + 1;
        void vscode.window.setStatusBarMessage(`Redline: tagged lines ${r.start.line + 1}–${last} as AI-generated (${region.origin.tool})`, 4000);
      }
    },
    'redline.acceptInlineSuggestion': () => deps.capture.acceptInlineSuggestion(),
    'redline.regions.reveal': (node) => deps.regions.reveal(node),
    'redline.regions.markReviewed': (node) => deps.regions.setStatus(node, true),
    'redline.regions.markUnreviewed': (node) => deps.regions.setStatus(node, false),
    'redline.regions.remove': (node) => deps.regions.remove(node),
    'redline.regions.filterUnreviewed': () => deps.regions.setFilter('unreviewed'),
    'redline.regions.filterHighRisk': () => deps.regions.setFilter('highRisk'),
    'redline.regions.clearFilter': () => deps.regions.setFilter('all'),
    'redline.restartServer': () => deps.restart(),
    'redline.showOutput': () => deps.client()?.outputChannel.show(),
    'redline.refreshFindings': () => deps.findings.refresh(),
  };
  for (const [id, fn] of Object.entries(table)) context.subscriptions.push(vscode.commands.registerCommand(id, fn));
}
