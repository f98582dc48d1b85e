import * as vscode from 'vscode';
import type { RegionsUi } from './views/regions';

/** Lines of text: 1 for text without a line break. */
function lineCount(text: string): number {
  return text.split(/\r\n|\r|\n/).length;
}

/** Range covered by `text` inserted at `start`. */
function insertedRange(start: vscode.Position, text: string): vscode.Range {
  const lines = text.split(/\r\n|\r|\n/);
  const end = lines.length === 1 ? start.translate(0, text.length) : new vscode.Position(start.line + lines.length - 1, lines.at(-1)!.length);
  return new vscode.Range(start, end);
}

/** The AI tool behind inline completions, by which extension is active. */
function inlineTool(): string {
  if (vscode.extensions.getExtension('GitHub.copilot')?.isActive) return 'GitHub Copilot';
  if (vscode.extensions.getExtension('Codeium.codeium')?.isActive) return 'Windsurf';
  if (vscode.extensions.getExtension('TabNine.tabnine-vscode')?.isActive) return 'Tabnine';
  return 'Inline completion';
}

/**
 * Captures AI-written code as it arrives:
 * - accepted multi-line inline completions become regions (method `inline-completion`), by
 *   wrapping `editor.action.inlineSuggest.commit` behind a setting;
 * - large single insertions that are not a clipboard paste, an undo/redo or a reload from disk
 *   are OFFERED for tagging with one click; nothing is tagged silently.
 */
export class Capture implements vscode.Disposable {
  private readonly subs: vscode.Disposable[] = [];
  /** Documents whose next change is ours to handle (an accepted completion). */
  private readonly expecting = new Set<string>();

  constructor(private readonly regions: RegionsUi) {
    this.subs.push(vscode.workspace.onDidChangeTextDocument((e) => void this.onChange(e)));
  }

  private config() {
    const c = vscode.workspace.getConfiguration('redline.aiRegions');
    return { inline: c.get<boolean>('captureInlineCompletions', true), threshold: c.get<number>('largeInsertionLines', 8) };
  }

  /** `redline.acceptInlineSuggestion`: accepts the suggestion, then tags it when it spans lines. */
  async acceptInlineSuggestion(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !this.config().inline) {
      await vscode.commands.executeCommand('editor.action.inlineSuggest.commit');
      return;
    }
    const doc = editor.document;
    const key = doc.uri.toString();
    this.expecting.add(key);
    const change = new Promise<vscode.TextDocumentChangeEvent | undefined>((resolve) => {
      const sub = vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.toString() !== key) return;
        sub.dispose();
        resolve(e);
      });
      setTimeout(() => {
        sub.dispose();
        resolve(undefined);
      }, 1500);
    });
    await vscode.commands.executeCommand('editor.action.inlineSuggest.commit');
    const e = await change;
    this.expecting.delete(key);
    if (!e || e.contentChanges.length === 0) return;
    const c = [...e.contentChanges].sort((a, b) => b.text.length - a.text.length)[0]!;
    if (lineCount(c.text) < 2) return;
    await this.regions.tag(doc, insertedRange(c.range.start, c.text), 'inline-completion', inlineTool());
  }

  private async onChange(e: vscode.TextDocumentChangeEvent): Promise<void> {
    const key = e.document.uri.toString();
    if (this.expecting.has(key)) return;
    if (e.reason === vscode.TextDocumentChangeReason.Undo || e.reason === vscode.TextDocumentChangeReason.Redo) return;
    if (e.document.uri.scheme !== 'file' || e.contentChanges.length !== 1) return;
    // A reload from disk (git checkout, an agent writing the file) leaves the buffer clean.
    if (!e.document.isDirty) return;
    const { threshold } = this.config();
    const c = e.contentChanges[0]!;
    if (threshold <= 0 || lineCount(c.text) < threshold) return;
    const clip = await vscode.env.clipboard.readText();
    if (clip && clip.replace(/\r\n/g, '\n').trim() === c.text.replace(/\r\n/g, '\n').trim()) return;
    const n = lineCount(c.text);
    const choice = await vscode.window.showInformationMessage(`Redline: ${n} lines were inserted at once in ${vscode.workspace.asRelativePath(e.document.uri)}. Were they written by an AI assistant?`, 'Tag as AI-generated', 'No');
    if (choice !== 'Tag as AI-generated') return;
    await this.regions.tag(e.document, insertedRange(c.range.start, c.text), 'manual');
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
  }
}
