import { fileURLToPath } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';

/** An open document as the server's main thread holds it. */
export interface OpenDocument {
  uri: string;
  /** File-system path for `file:` URIs; the URI's path otherwise (untitled buffers). */
  path: string;
  /** Workspace folder root the document belongs to (deepest match), if any. */
  root: string | undefined;
  languageId: string;
  doc: TextDocument;
}

/** Converts a `file:` URI to a path; other schemes keep their path part. */
export function uriToPath(uri: string): string {
  if (uri.startsWith('file:')) {
    try {
      return fileURLToPath(uri);
    } catch {
      // fall through for malformed URIs
    }
  }
  return decodeURIComponent(uri.replace(/^[a-z][\w+.-]*:\/*/i, '/'));
}

/**
 * Open documents, updated with LSP incremental changes (the text is also mirrored in the
 * analysis worker that owns the document; this copy serves fixes, regions and re-seeding a
 * restarted worker).
 */
export class DocumentStore {
  private readonly docs = new Map<string, OpenDocument>();

  constructor(private readonly rootFor: (path: string) => string | undefined) {}

  open(uri: string, languageId: string, version: number, text: string): OpenDocument {
    const path = uriToPath(uri);
    const entry: OpenDocument = { uri, path, root: this.rootFor(path), languageId, doc: TextDocument.create(uri, languageId, version, text) };
    this.docs.set(uri, entry);
    return entry;
  }

  /** Applies changes in order; returns the document or undefined when it is not open. */
  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): OpenDocument | undefined {
    const entry = this.docs.get(uri);
    if (!entry) return undefined;
    entry.doc = TextDocument.update(entry.doc, changes, version);
    return entry;
  }

  close(uri: string): void {
    this.docs.delete(uri);
  }

  get(uri: string): OpenDocument | undefined {
    return this.docs.get(uri);
  }

  all(): OpenDocument[] {
    return [...this.docs.values()];
  }

  /** Re-derives roots after workspace folders change. */
  refreshRoots(): void {
    for (const d of this.docs.values()) d.root = this.rootFor(d.path);
  }
}
