import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type CreateFile,
  type Diagnostic,
  type TextDocumentEdit,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { Finding, Fix } from '../engine/types';
import { resolveFileEdits, type ReadWorkspaceFile } from '../host/fileEdits';
import { DiagnosticDataSchema } from '../protocol/messages';

/** The code action kind for "fix all safe Redline findings in this file". */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.redline`;

/** What building a code action needs from the server. */
export interface CodeActionContext {
  uri: string;
  /** Current version of the document. */
  version: number;
  /** Workspace root, for fixes that touch `.env.example` / `.gitignore`; undefined disables those parts. */
  root: string | undefined;
  /** Client supports `documentChanges` with `create` resource operations. */
  resourceOperations: boolean;
  /** Reads a workspace file (open buffer first, then disk). */
  read: ReadWorkspaceFile;
  /** Findings of the current version (only for `source.fixAll`). */
  currentFindings?: () => Promise<Finding[] | undefined>;
}

/**
 * Code actions for a request: one quick fix per fix carried in each Redline diagnostic's
 * `data` (LSP 3.17 §"Code Action Request"), plus `source.fixAll.redline` with the safe fixes.
 * Diagnostics from another document version yield nothing: their edits would land in the wrong place.
 */
export async function codeActions(params: CodeActionParams, ctx: CodeActionContext): Promise<CodeAction[]> {
  const only = params.context.only;
  const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
  const out: CodeAction[] = [];
  if (wants(CodeActionKind.QuickFix)) {
    for (const d of params.context.diagnostics) {
      if (d.source !== 'redline') continue;
      const parsed = DiagnosticDataSchema.safeParse(d.data);
      if (!parsed.success) continue;
      const data = parsed.data;
      if (data.version !== null && data.version !== ctx.version) continue;
      for (const fix of data.fixes) out.push(quickFix(fix, d, ctx));
    }
  }
  if (wants(FIX_ALL_KIND) && only && ctx.currentFindings) {
    const findings = await ctx.currentFindings();
    if (findings) {
      const safe = findings.map((f) => f.fixes.find((x) => x.isPreferred && x.applicability === 'safe')).filter((x): x is Fix => !!x);
      const merged = mergeNonOverlapping(safe);
      if (merged.edits.length) {
        out.push({ title: `Fix all safe Redline findings (${merged.count})`, kind: FIX_ALL_KIND, edit: workspaceEdit(merged.edits, merged.fileEdits, ctx) });
      }
    }
  }
  return out;
}

function quickFix(fix: Fix, diagnostic: Diagnostic, ctx: CodeActionContext): CodeAction {
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: fix.isPreferred,
    edit: workspaceEdit(fix.edits, fix.fileEdits ?? [], ctx),
  };
}

function workspaceEdit(edits: TextEdit[], fileEdits: NonNullable<Fix['fileEdits']>, ctx: CodeActionContext): WorkspaceEdit {
  const ops = ctx.root ? resolveFileEdits(fileEdits, ctx.read) : [];
  if (!ctx.resourceOperations) {
    // Without resource operations a client cannot create files: edit existing ones only.
    const changes: Record<string, TextEdit[]> = { [ctx.uri]: edits };
    for (const op of ops) {
      if (op.kind !== 'insert') continue;
      changes[fileUri(ctx.root!, op.relPath)] = [{ range: { start: op.position, end: op.position }, newText: op.text }];
    }
    return { changes };
  }
  const documentChanges: (TextDocumentEdit | CreateFile)[] = [{ textDocument: { uri: ctx.uri, version: ctx.version }, edits }];
  for (const op of ops) {
    const uri = fileUri(ctx.root!, op.relPath);
    if (op.kind === 'create') {
      documentChanges.push({ kind: 'create', uri, options: { ignoreIfExists: true } });
      documentChanges.push({ textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: op.text }] });
    } else {
      documentChanges.push({ textDocument: { uri, version: null }, edits: [{ range: { start: op.position, end: op.position }, newText: op.text }] });
    }
  }
  return { documentChanges };
}

function fileUri(root: string, relPath: string): string {
  return pathToFileURL(join(root, relPath)).href;
}

/** Combines fixes whose edits do not overlap (first wins), for fix-all. */
export function mergeNonOverlapping(fixes: readonly Fix[]): { edits: TextEdit[]; fileEdits: NonNullable<Fix['fileEdits']>; count: number } {
  const edits: TextEdit[] = [];
  const fileEdits: NonNullable<Fix['fileEdits']> = [];
  let count = 0;
  const key = (p: { line: number; character: number }) => p.line * 1e7 + p.character;
  for (const fix of fixes) {
    const clash = fix.edits.some((e) => edits.some((x) => key(e.range.start) < key(x.range.end) && key(x.range.start) < key(e.range.end)));
    if (clash) continue;
    edits.push(...fix.edits);
    fileEdits.push(...(fix.fileEdits ?? []));
    count++;
  }
  return { edits, fileEdits, count };
}
