import type { EditorSettings } from '../engine/config';
import type { ContentChange } from '../engine/document';
import type { ConfigProblem } from '../engine/problems';
import type { Finding } from '../engine/types';
import type { AnalysisStatus } from '../engine/analyze';

/**
 * Messages between a host (language server main thread, CLI) and an analysis worker thread.
 * Plain data only (structured clone). Documents live in the worker that owns them, so changes
 * travel as LSP-style incremental edits, never whole texts per keystroke.
 */

export interface WorkspaceSpec {
  root: string;
  settings?: EditorSettings;
  trusted: boolean;
}

export type ToWorker =
  | { type: 'configure'; requestId: number; workspaces: WorkspaceSpec[] }
  | {
      type: 'open';
      uri: string;
      path: string;
      root: string;
      languageId?: string;
      text: string;
      version: number;
      vcs?: 'tracked' | 'ignored' | 'untracked';
      /** Workspace trust, used when the root has not been configured yet (never assume trust). */
      trusted: boolean;
    }
  | { type: 'change'; uri: string; changes: ContentChange[]; version: number }
  | { type: 'close'; uri: string }
  | { type: 'analyze'; requestId: number; uri: string; version: number; budgetMs: number }
  | { type: 'analyzeFiles'; requestId: number; root: string; files: { path: string; relPath: string; vcs?: 'tracked' | 'ignored' | 'untracked' }[]; budgetMs: number };

/** Result of analyzing one open document version. */
export interface DocumentResult {
  uri: string;
  version: number;
  findings: Finding[];
  status: AnalysisStatus;
  durationMs: number;
}

/** Result of analyzing one file from disk (CLI, workspace scan). */
export interface FileResult {
  path: string;
  relPath: string;
  bytes: number;
  findings: Finding[];
  status: AnalysisStatus | 'unreadable' | 'skipped';
  durationMs: number;
  error?: string;
}

export type FromWorker =
  | { type: 'ready' }
  /** The worker began handling this request: its hard timeout starts now, not when it was posted. */
  | { type: 'started'; requestId: number }
  | { type: 'configured'; requestId: number; problems: ConfigProblem[] }
  | { type: 'result'; requestId: number; result: DocumentResult }
  | { type: 'fileResults'; requestId: number; results: FileResult[] }
  | { type: 'error'; requestId?: number; message: string };
