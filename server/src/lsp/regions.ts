import { ResponseError, ErrorCodes, type Connection, type Hover, type Position, type TextDocumentContentChangeEvent } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ResolvedConfig } from '../engine/config';
import type { Finding } from '../engine/types';
import type { DocumentStore, OpenDocument } from './documents';

/**
 * AI-region tracking in the language server (the server owns document state, so it owns
 * regions). Wired to the pure region core in server/src/regions/.
 */
export class RegionsFeature {
  reviewer: { name?: string | undefined; email?: string | undefined } = {};

  constructor(
    readonly connection: Connection,
    readonly docs: DocumentStore,
    readonly roots: () => string[],
    readonly configFor: (root: string) => ResolvedConfig,
    readonly trusted: () => boolean,
    readonly onCount: (unreviewed: number) => void,
    readonly republish: (uri: string) => void,
  ) {}

  setReviewer(r: { name?: string | undefined; email?: string | undefined }): void {
    this.reviewer = r;
  }

  configure(): void {
    this.onCount(0);
  }

  /** Findings with their AI-region context (severity raised inside unreviewed regions). */
  adjust(_uri: string, findings: Finding[]): { finding: Finding; regionId?: string }[] {
    return findings.map((finding) => ({ finding }));
  }

  noteFindings(_uri: string, _findings: Finding[]): void {}
  onOpen(_d: OpenDocument): void {}
  onChange(_d: OpenDocument, _before: TextDocument, _changes: TextDocumentContentChangeEvent[]): void {}
  onClose(_uri: string): void {}
  onFilesChanged(_uris: string[]): void {}

  hover(_uri: string, _pos: Position): Hover | null {
    return null;
  }

  execute(command: string, _args: unknown[]): unknown {
    throw new ResponseError(ErrorCodes.InvalidParams, `unknown command ${command}`);
  }

  dispose(): void {}
}
