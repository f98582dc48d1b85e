import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

/** AI Regions UI (tree, gutter decorations, hover, tagging); wired to the server's region commands. */
export class RegionsUi {
  constructor(
    readonly context: vscode.ExtensionContext,
    readonly client: () => LanguageClient | undefined,
  ) {}

  attach(_client: LanguageClient): void {}
}
