import type * as vscode from 'vscode';
import { RedlineClient } from './client';

let client: RedlineClient | undefined;

/** Extension entry: starts the language server client and the views. Nothing else lives here. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  client = new RedlineClient(context);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
