import * as vscode from 'vscode';
import type { Status } from '../../server/src/protocol/messages';

/**
 * One status-bar item: Redline's finding counts in the workspace (errors, warnings), unreviewed
 * AI regions, and the server state when it is not simply ready (analyzing, restarted, error).
 */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('redline.status', vscode.StatusBarAlignment.Left, 50);
  private state: Status = { state: 'starting' };
  private readonly sub: vscode.Disposable;

  constructor() {
    this.item.name = 'Redline';
    this.item.command = 'workbench.view.extension.redline';
    this.sub = vscode.languages.onDidChangeDiagnostics(() => this.render());
    this.render();
    this.item.show();
  }

  setState(s: Partial<Status>): void {
    this.state = { ...this.state, ...s };
    this.render();
  }

  private render(): void {
    let errors = 0;
    let warnings = 0;
    for (const [, list] of vscode.languages.getDiagnostics()) {
      for (const d of list) {
        if (d.source !== 'redline') continue;
        if (d.severity === vscode.DiagnosticSeverity.Error) errors++;
        else if (d.severity === vscode.DiagnosticSeverity.Warning) warnings++;
      }
    }
    const icon = this.state.state === 'analyzing' || this.state.state === 'scanning' ? '$(sync~spin)' : this.state.state === 'error' ? '$(error)' : this.state.state === 'restarted' ? '$(debug-restart)' : '$(shield)';
    const regions = this.state.unreviewedRegions ? `  $(sparkle) ${this.state.unreviewedRegions} unreviewed` : '';
    this.item.text = `${icon} Redline ${errors} $(error) ${warnings} $(warning)${regions}`;
    const md = new vscode.MarkdownString(`**Redline**: ${errors} errors, ${warnings} warnings in the workspace${this.state.unreviewedRegions ? `; ${this.state.unreviewedRegions} unreviewed AI regions` : ''}.`);
    if (this.state.message) md.appendMarkdown(`\n\n${this.state.message}`);
    this.item.tooltip = md;
    this.item.backgroundColor = this.state.state === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground') : this.state.state === 'restarted' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }

  dispose(): void {
    this.sub.dispose();
    this.item.dispose();
  }
}
