import * as vscode from 'vscode';

type Node =
  | { kind: 'category'; category: string; count: number }
  | { kind: 'rule'; category: string; ruleId: string; count: number }
  | { kind: 'finding'; uri: vscode.Uri; diagnostic: vscode.Diagnostic };

const CATEGORY_LABEL: Record<string, string> = { secret: 'Secrets', sql: 'SQL injection', cors: 'CORS', auth: 'Authentication', redline: 'Redline notices' };

/**
 * The "Findings" tree: the workspace's Redline diagnostics grouped by category, then rule, then
 * location. Built from VS Code's diagnostics (source "redline"), so it shows exactly what the
 * Problems panel shows, including closed files after "Scan workspace".
 */
export class FindingsTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly sub: vscode.Disposable;
  private timer: NodeJS.Timeout | undefined;

  constructor() {
    this.sub = vscode.languages.onDidChangeDiagnostics(() => {
      // Diagnostics change per keystroke; refresh at most every 300 ms.
      if (this.timer) return;
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.emitter.fire(undefined);
      }, 300);
    });
  }

  private all(): { uri: vscode.Uri; diagnostic: vscode.Diagnostic; ruleId: string; category: string }[] {
    const out: { uri: vscode.Uri; diagnostic: vscode.Diagnostic; ruleId: string; category: string }[] = [];
    for (const [uri, list] of vscode.languages.getDiagnostics()) {
      for (const d of list) {
        if (d.source !== 'redline') continue;
        const ruleId = typeof d.code === 'object' ? String(d.code.value) : String(d.code ?? 'redline/unknown');
        out.push({ uri, diagnostic: d, ruleId, category: ruleId.split('/')[0]! });
      }
    }
    return out;
  }

  getChildren(node?: Node): Node[] {
    const all = this.all();
    if (!node) {
      const counts = new Map<string, number>();
      for (const f of all) counts.set(f.category, (counts.get(f.category) ?? 0) + 1);
      const order = ['secret', 'sql', 'cors', 'auth', 'redline'];
      return [...counts.entries()].sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0])).map(([category, count]) => ({ kind: 'category', category, count }));
    }
    if (node.kind === 'category') {
      const counts = new Map<string, number>();
      for (const f of all.filter((x) => x.category === node.category)) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
      return [...counts.entries()].sort().map(([ruleId, count]) => ({ kind: 'rule', category: node.category, ruleId, count }));
    }
    if (node.kind === 'rule') {
      return all
        .filter((x) => x.ruleId === node.ruleId)
        .sort((a, b) => a.uri.fsPath.localeCompare(b.uri.fsPath) || a.diagnostic.range.start.line - b.diagnostic.range.start.line)
        .map((x) => ({ kind: 'finding', uri: x.uri, diagnostic: x.diagnostic }));
    }
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'category') {
      const item = new vscode.TreeItem(CATEGORY_LABEL[node.category] ?? node.category, vscode.TreeItemCollapsibleState.Expanded);
      item.description = String(node.count);
      item.contextValue = 'category';
      return item;
    }
    if (node.kind === 'rule') {
      const item = new vscode.TreeItem(node.ruleId, vscode.TreeItemCollapsibleState.Collapsed);
      item.description = String(node.count);
      item.contextValue = 'rule';
      return item;
    }
    const d = node.diagnostic;
    const item = new vscode.TreeItem(`${vscode.workspace.asRelativePath(node.uri)}:${d.range.start.line + 1}`, vscode.TreeItemCollapsibleState.None);
    item.description = d.message.split('\n')[0];
    item.tooltip = d.message;
    item.iconPath = new vscode.ThemeIcon(d.severity === vscode.DiagnosticSeverity.Error ? 'error' : d.severity === vscode.DiagnosticSeverity.Warning ? 'warning' : 'info');
    item.command = { command: 'vscode.open', title: 'Open', arguments: [node.uri, { selection: d.range }] };
    item.contextValue = 'finding';
    return item;
  }

  refresh(): void {
    this.emitter.fire(undefined);
  }

  dispose(): void {
    this.sub.dispose();
    this.emitter.dispose();
  }
}
