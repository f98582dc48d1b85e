import * as vscode from 'vscode';
import type { Status } from '../../server/src/protocol/messages';

/**
 * What the client itself knows about the server process, which the server cannot say: it died
 * and was restarted, or it died too often and was left stopped.
 */
export interface ProcessNotice {
  state: 'restarted' | 'stopped';
  message: string;
}

/** The command the item runs while a notice is shown (registered by the client, not in the palette). */
export const STATUS_NOTICE_COMMAND = 'redline.status.showNotice';

/**
 * One status-bar item: Redline's finding counts in the workspace (errors, warnings), unreviewed
 * AI regions, and the server state when it is not simply ready (analyzing, restarted, error).
 *
 * Two sources feed it. The server's status (`redline/status`) is drawn as the server last sent
 * it. The client's process notice ("the server stopped unexpectedly and was restarted") is kept
 * apart, so the new server's first "ready" does not wipe it: a crash is worth knowing about
 * after the fact (lost work in flight, a bug to report), and a notice that vanishes within a
 * second is never seen. So it stays for the session, until the person acknowledges it (a click on
 * the item shows the Redline output, where the crash is logged, and dismisses it) or runs
 * "Redline: Restart Server". A busy server's spinner
 * and a server error are drawn over it for as long as they last; its message and warning
 * background stay meanwhile.
 */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('redline.status', vscode.StatusBarAlignment.Left, 50);
  private server: Status = { state: 'starting' };
  private notice: ProcessNotice | undefined;
  private readonly sub: vscode.Disposable;

  constructor() {
    this.item.name = 'Redline';
    this.sub = vscode.languages.onDidChangeDiagnostics(() => this.render());
    this.render();
    this.item.show();
  }

  /** The server's status. It sends the whole of it every time, so it replaces the last one. */
  setServerStatus(s: Status): void {
    this.server = s;
    this.render();
  }

  /** Shows (or with `undefined`, clears) the client's notice about the server process. */
  setNotice(n: ProcessNotice | undefined): void {
    this.notice = n;
    this.render();
  }

  /**
   * The person clicked the item while a notice was shown: a restart notice has been seen and
   * goes; a "stopped" notice stays, since the server is still not running.
   */
  acknowledge(): void {
    if (this.notice?.state === 'restarted') this.setNotice(undefined);
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
    const s = this.server;
    const n = this.notice;
    // A stopped server trumps what it last said; otherwise work in progress and errors first.
    const failed = n?.state === 'stopped' || s.state === 'error';
    const busy = n?.state !== 'stopped' && (s.state === 'analyzing' || s.state === 'scanning');
    const restarted = n?.state === 'restarted' || s.state === 'restarted';
    const icon = n?.state === 'stopped' ? '$(error)' : busy ? '$(sync~spin)' : failed ? '$(error)' : restarted ? '$(debug-restart)' : '$(shield)';
    const regions = s.unreviewedRegions ? `  $(sparkle) ${s.unreviewedRegions} unreviewed` : '';
    this.item.text = `${icon} Redline ${errors} $(error) ${warnings} $(warning)${regions}`;
    const md = new vscode.MarkdownString(`**Redline**: ${errors} errors, ${warnings} warnings in the workspace${s.unreviewedRegions ? `; ${s.unreviewedRegions} unreviewed AI regions` : ''}.`);
    if (s.message && n?.state !== 'stopped') md.appendMarkdown(`\n\n${s.message}`);
    if (n) md.appendMarkdown(`\n\n${n.message}\n\n${n.state === 'restarted' ? 'Click to show the Redline output and dismiss this.' : 'Click to show the Redline output.'}`);
    this.item.tooltip = md;
    this.item.backgroundColor = failed ? new vscode.ThemeColor('statusBarItem.errorBackground') : restarted ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.command = n ? STATUS_NOTICE_COMMAND : 'workbench.view.extension.redline';
  }

  dispose(): void {
    this.sub.dispose();
    this.item.dispose();
  }
}
