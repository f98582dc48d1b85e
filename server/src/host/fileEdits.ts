import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ignore from 'ignore';
import { LineIndex } from '../engine/text';
import type { FileEdit, Position } from '../engine/types';

/**
 * A concrete file operation derived from a fix's `FileEdit` intents and the current state of
 * the workspace: create a file with text, or insert text at a position of an existing file.
 */
export type FileOp =
  | { kind: 'create'; relPath: string; text: string }
  | { kind: 'insert'; relPath: string; position: Position; text: string };

/** Reads a workspace file's current text (open editor buffer or disk); undefined when missing. */
export type ReadWorkspaceFile = (relPath: string) => string | undefined;

/** Reads from disk under `root`. */
export function diskReader(root: string): ReadWorkspaceFile {
  return (relPath) => {
    const p = join(root, relPath);
    if (!existsSync(p)) return undefined;
    try {
      return readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  };
}

/**
 * Resolves intents into operations, merging several intents on one file into one operation
 * (fix-all may add three variables to `.env.example`). Idempotent: a line that is already there
 * (for `.env.example`, the same variable name) or a pattern git already ignores yields nothing.
 */
export function resolveFileEdits(edits: readonly FileEdit[], read: ReadWorkspaceFile): FileOp[] {
  const pending = new Map<string, string[]>();
  const want = (relPath: string, line: string) => {
    const list = pending.get(relPath) ?? [];
    if (!list.includes(line)) list.push(line);
    pending.set(relPath, list);
  };
  for (const e of edits) {
    if (e.kind === 'ensureLine') {
      const text = read(e.path);
      if (text !== undefined && hasLine(text, e.line)) continue;
      want(e.path, e.line);
    } else {
      const text = read('.gitignore');
      if (text !== undefined && ignore().add(text).ignores(e.pattern)) continue;
      want('.gitignore', e.pattern);
    }
  }
  const ops: FileOp[] = [];
  for (const [relPath, lines] of pending) {
    const text = read(relPath);
    if (text === undefined) {
      ops.push({ kind: 'create', relPath, text: lines.map((l) => `${l}\n`).join('') });
      continue;
    }
    const idx = new LineIndex(text);
    const eol = idx.eol();
    const end = idx.positionAt(text.length);
    const needsBreak = text.length > 0 && !/[\r\n]$/.test(text);
    ops.push({ kind: 'insert', relPath, position: end, text: `${needsBreak ? eol : ''}${lines.map((l) => `${l}${eol}`).join('')}` });
  }
  return ops;
}

/** True when `text` has `line`; for `NAME=` lines, when it defines NAME at all. */
function hasLine(text: string, line: string): boolean {
  const lines = text.split(/\r\n|\r|\n/).map((l) => l.trim());
  const m = /^([A-Za-z_][A-Za-z0-9_]*)=$/.exec(line);
  if (m) return lines.some((l) => l.replace(/^export\s+/, '').startsWith(`${m[1]}=`));
  return lines.includes(line.trim());
}

/** Applies operations to a text map (tests and the CLI's `--fix`). Returns the new texts by path. */
export function applyFileOps(ops: readonly FileOp[], read: ReadWorkspaceFile): Map<string, string> {
  const out = new Map<string, string>();
  for (const op of ops) {
    if (op.kind === 'create') out.set(op.relPath, op.text);
    else {
      const text = out.get(op.relPath) ?? read(op.relPath) ?? '';
      const idx = new LineIndex(text);
      const at = idx.offsetAt(op.position);
      out.set(op.relPath, text.slice(0, at) + op.text + text.slice(at));
    }
  }
  return out;
}
