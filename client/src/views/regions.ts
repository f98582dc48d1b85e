import * as vscode from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';
import { Commands, RegionsChangedNotification, RegionSummarySchema, type RegionOrigin, type RegionSummary } from '../../../server/src/protocol/messages';
import { z } from 'zod';

type Filter = 'all' | 'unreviewed' | 'highRisk';

type Node =
  | { kind: 'summary'; label: string; description: string; children: Node[] }
  | { kind: 'domain'; label: string; description: string }
  | { kind: 'file'; path: string; uri: string; regions: RegionSummary[] }
  | { kind: 'region'; region: RegionSummary };

const ORIGIN_CHOICES = ['GitHub Copilot', 'Cursor', 'Claude Code', 'ChatGPT', 'Gemini', 'Codex', 'Windsurf', 'Other…'];
const LAST_ORIGIN_KEY = 'redline.lastOrigin';

/** Relative age for the tree: "3m", "5h", "2d". */
export function age(iso: string, now = Date.now()): string {
  const s = Math.max(0, (now - Date.parse(iso)) / 1000);
  if (s < 60) return 'now';
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

/**
 * The AI Regions face: the tree (summary by domain, then files, then regions), gutter bars for
 * unreviewed / reviewed / stale regions, and the tagging command with an origin picker that
 * remembers the last choice. All state lives in the server; this asks it and draws.
 */
export class RegionsUi implements vscode.TreeDataProvider<Node> {
  private regions: RegionSummary[] = [];
  private filter: Filter = 'all';
  private readonly emitter = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly decorations: Record<'unreviewed' | 'reviewed' | 'stale', vscode.TextEditorDecorationType>;
  private view: vscode.TreeView<Node> | undefined;

  constructor(
    readonly context: vscode.ExtensionContext,
    readonly client: () => LanguageClient | undefined,
  ) {
    const deco = (name: string, color: string) =>
      vscode.window.createTextEditorDecorationType({
        gutterIconPath: context.asAbsolutePath(`media/gutter-${name}.svg`),
        gutterIconSize: 'contain',
        overviewRulerColor: color,
        overviewRulerLane: vscode.OverviewRulerLane.Left,
        isWholeLine: true,
      });
    this.decorations = {
      unreviewed: deco('unreviewed', '#e8590c'),
      reviewed: deco('reviewed', '#2f9e44'),
      stale: deco('stale', '#f59f00'),
    };
    context.subscriptions.push(...Object.values(this.decorations));
    this.view = vscode.window.createTreeView('redline.aiRegions', { treeDataProvider: this, showCollapseAll: true });
    context.subscriptions.push(this.view, vscode.window.onDidChangeVisibleTextEditors(() => this.decorate()));
    void vscode.commands.executeCommand('setContext', 'redline.regions.filter', this.filter);
  }

  /** Subscribes to region changes once the client runs. */
  attach(client: LanguageClient): void {
    client.onNotification(RegionsChangedNotification, () => void this.refresh());
    void this.refresh();
  }

  private async exec(command: string, arg: unknown): Promise<unknown> {
    const client = this.client();
    if (!client) throw new Error('Redline server is not running');
    return client.sendRequest(ExecuteCommandRequest.type, { command, arguments: [arg] });
  }

  async refresh(): Promise<void> {
    try {
      const raw = await this.exec(Commands.listRegions, {});
      const parsed = z.array(RegionSummarySchema).safeParse(raw);
      this.regions = parsed.success ? parsed.data : [];
    } catch {
      this.regions = [];
    }
    this.emitter.fire(undefined);
    this.decorate();
    if (this.view) {
      const open = this.regions.filter((r) => r.status === 'unreviewed' || r.status === 'stale').length;
      this.view.badge = open ? { value: open, tooltip: `${open} unreviewed AI regions` } : undefined;
    }
  }

  private visible(): RegionSummary[] {
    if (this.filter === 'unreviewed') return this.regions.filter((r) => r.status !== 'reviewed');
    if (this.filter === 'highRisk') return this.regions.filter((r) => r.highRisk && r.status !== 'reviewed');
    return this.regions;
  }

  setFilter(f: Filter): void {
    this.filter = f;
    void vscode.commands.executeCommand('setContext', 'redline.regions.filter', f);
    this.emitter.fire(undefined);
  }

  private decorate(): void {
    for (const editor of vscode.window.visibleTextEditors) {
      const uri = editor.document.uri.toString();
      const mine = this.regions.filter((r) => r.uri === uri);
      for (const status of ['unreviewed', 'reviewed', 'stale'] as const) {
        editor.setDecorations(
          this.decorations[status],
          mine.filter((r) => r.status === status).map((r) => new vscode.Range(r.range.start.line, 0, Math.max(r.range.start.line, r.range.end.character === 0 && r.range.end.line > r.range.start.line ? r.range.end.line - 1 : r.range.end.line), 0)),
        );
      }
    }
  }

  getChildren(node?: Node): Node[] {
    if (!node) {
      const list = this.visible();
      if (this.regions.length === 0) return [];
      const aiLines = this.regions.filter((r) => r.status !== 'orphaned').reduce((n, r) => n + r.lines, 0);
      const open = this.regions.filter((r) => r.status === 'unreviewed' || r.status === 'stale');
      const openLines = open.reduce((n, r) => n + r.lines, 0);
      const byDomain = new Map<string, number>();
      for (const r of open) for (const d of r.domains) byDomain.set(d, (byDomain.get(d) ?? 0) + r.lines);
      const summary: Node = {
        kind: 'summary',
        label: `${aiLines} AI lines, ${openLines} unreviewed`,
        description: this.filter === 'all' ? '' : this.filter === 'unreviewed' ? 'showing unreviewed' : 'showing high-risk',
        children: [...byDomain.entries()].sort((a, b) => b[1] - a[1]).map(([d, n]) => ({ kind: 'domain', label: d, description: `${n} unreviewed lines` })),
      };
      const files = new Map<string, RegionSummary[]>();
      for (const r of list) files.set(r.path, [...(files.get(r.path) ?? []), r]);
      return [summary, ...[...files.entries()].sort().map(([path, regions]): Node => ({ kind: 'file', path, uri: regions[0]!.uri, regions }))];
    }
    if (node.kind === 'summary') return node.children;
    if (node.kind === 'file') return node.regions.sort((a, b) => a.range.start.line - b.range.start.line).map((region) => ({ kind: 'region', region }));
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'summary': {
        const item = new vscode.TreeItem(node.label, node.children.length ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
        item.description = node.description;
        item.iconPath = new vscode.ThemeIcon('graph');
        return item;
      }
      case 'domain': {
        const item = new vscode.TreeItem(node.label);
        item.description = node.description;
        item.iconPath = new vscode.ThemeIcon('symbol-namespace');
        return item;
      }
      case 'file': {
        const item = new vscode.TreeItem(node.path, vscode.TreeItemCollapsibleState.Expanded);
        item.resourceUri = vscode.Uri.parse(node.uri);
        item.description = `${node.regions.length} region${node.regions.length === 1 ? '' : 's'}`;
        item.iconPath = vscode.ThemeIcon.File;
        return item;
      }
      case 'region': {
        const r = node.region;
        const lines = `L${r.range.start.line + 1}–${r.range.end.line + (r.range.end.character === 0 && r.range.end.line > r.range.start.line ? 0 : 1)}`;
        const item = new vscode.TreeItem(`${lines} · ${r.origin.tool}${r.origin.model ? ` (${r.origin.model})` : ''}`);
        const findings = r.findings.count ? ` · ${r.findings.count} finding${r.findings.count === 1 ? '' : 's'} (${r.findings.highestSeverity})` : '';
        item.description = `${r.status} · ${age(r.createdAt)}${r.domains.length ? ` · ${r.domains.join(', ')}` : ''}${findings}`;
        item.contextValue = `region-${r.status}`;
        item.iconPath = new vscode.ThemeIcon(
          r.status === 'reviewed' ? 'pass' : r.status === 'stale' ? 'history' : r.status === 'orphaned' ? 'question' : r.highRisk ? 'flame' : 'circle-outline',
        );
        const md = new vscode.MarkdownString(`**AI region** ${lines} of \`${r.path}\`\n\n- origin: ${r.origin.tool}${r.origin.model ? ` / ${r.origin.model}` : ''} (${r.origin.method})\n- status: **${r.status}**${r.orphanReason ? ` (${r.orphanReason})` : ''}\n- created: ${new Date(r.createdAt).toLocaleString()}`);
        if (r.review) md.appendMarkdown(`\n- reviewed by ${r.review.by.name} <${r.review.by.email}> ${new Date(r.review.at).toLocaleString()}`);
        item.tooltip = md;
        if (r.status !== 'orphaned') item.command = { command: 'redline.regions.reveal', title: 'Reveal', arguments: [node] };
        return item;
      }
    }
  }

  /** Region id from a tree node or a `{ id }` argument. */
  private idOf(arg: unknown): string | undefined {
    if (arg && typeof arg === 'object') {
      const a = arg as { kind?: string; region?: RegionSummary; id?: string };
      if (a.kind === 'region' && a.region) return a.region.id;
      if (typeof a.id === 'string') return a.id;
    }
    return undefined;
  }

  async reveal(arg: unknown): Promise<void> {
    const id = this.idOf(arg);
    const r = this.regions.find((x) => x.id === id);
    if (!r) return;
    const editor = await vscode.window.showTextDocument(vscode.Uri.parse(r.uri), { preview: false });
    const range = new vscode.Range(r.range.start.line, r.range.start.character, r.range.end.line, r.range.end.character);
    editor.selection = new vscode.Selection(range.start, range.start);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  async setStatus(arg: unknown, reviewed: boolean): Promise<void> {
    const id = this.idOf(arg);
    if (!id) return;
    await this.exec(reviewed ? Commands.markReviewed : Commands.markUnreviewed, { id });
    await this.refresh();
  }

  async remove(arg: unknown): Promise<void> {
    const id = this.idOf(arg);
    if (!id) return;
    const r = this.regions.find((x) => x.id === id);
    const ok = await vscode.window.showWarningMessage(`Remove the AI region ${r ? `${r.path}:${r.range.start.line + 1}` : id}? Its provenance record stays in .agent-trace.`, { modal: true }, 'Remove');
    if (ok !== 'Remove') return;
    await this.exec(Commands.removeRegion, { id });
    await this.refresh();
  }

  /** Asks for the origin (remembering the last choice) and tags `range` of `document`. */
  async tag(document: vscode.TextDocument, range: vscode.Range, method: RegionOrigin['method'], preset?: string): Promise<RegionSummary | undefined> {
    const tool = preset ?? (await this.pickOrigin());
    if (!tool) return undefined;
    const raw = await this.exec(Commands.tagRegion, {
      uri: document.uri.toString(),
      range: { start: { line: range.start.line, character: range.start.character }, end: { line: range.end.line, character: range.end.character } },
      origin: { tool, method },
    });
    await this.refresh();
    const parsed = RegionSummarySchema.safeParse(raw);
    return parsed.success ? parsed.data : undefined;
  }

  async pickOrigin(): Promise<string | undefined> {
    const last = this.context.globalState.get<string>(LAST_ORIGIN_KEY);
    const items = [...(last && !ORIGIN_CHOICES.includes(last) ? [last] : []), ...ORIGIN_CHOICES].sort((a, b) => (a === last ? -1 : b === last ? 1 : 0));
    const picked = await vscode.window.showQuickPick(items, { title: 'Which assistant wrote this code?', placeHolder: last ? `Last used: ${last}` : 'Pick the AI tool' });
    if (!picked) return undefined;
    let tool = picked;
    if (picked === 'Other…') {
      const typed = await vscode.window.showInputBox({ title: 'AI tool name', prompt: 'e.g. Aider, Continue, Tabnine', validateInput: (v) => (v.trim() ? undefined : 'Enter a name') });
      if (!typed) return undefined;
      tool = typed.trim();
    }
    await this.context.globalState.update(LAST_ORIGIN_KEY, tool);
    return tool;
  }
}
