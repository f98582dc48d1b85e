import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { analyzeText } from '../engine/document';
import { fileFacts } from '../engine/files';
import { applyOffsetEdits, fixOffsetEdits } from '../engine/fixes/edits';
import type { OffsetEdit } from '../engine/fixes/imports';
import { LineIndex } from '../engine/text';
import type { FileEdit, Finding } from '../engine/types';
import { applyFileOps, diskReader, resolveFileEdits } from '../host/fileEdits';
import type { WorkspaceContext } from '../host/workspace';
import type { ScannedFile } from './scan';

/** What `--fix` changed. */
export interface FixReport {
  /** Workspace-relative paths of files rewritten, with the number of findings fixed in each. */
  fixed: { relPath: string; count: number }[];
  /** Other files created or extended by fixes (`.env.example`, `.gitignore`). */
  touched: string[];
}

/**
 * Applies the safe preferred fixes of every finding, ESLint-style: non-overlapping fixes in one
 * pass, re-analyze, repeat (≤ 10 passes per file). Only `applicability: 'safe'` fixes are
 * applied, the ones that keep behaviour for benign input. Files are rewritten in place and the
 * scanned file's findings replaced with the post-fix analysis.
 */
export function applySafeFixes(files: ScannedFile[], ctx: WorkspaceContext): FixReport {
  const report: FixReport = { fixed: [], touched: [] };
  const fileEdits: FileEdit[] = [];
  const options = { catalog: ctx.catalog, config: ctx.config, project: ctx.project };
  for (const f of files) {
    if (!f.findings.some(isSafeFixable)) continue;
    const facts = fileFacts(f.path, ctx.root, ctx.config);
    if (!facts) continue;
    let text = readFileSync(f.path, 'utf8');
    let findings = f.findings;
    let count = 0;
    for (let pass = 0; pass < 10; pass++) {
      const lines = new LineIndex(text);
      const edits: OffsetEdit[] = [];
      for (const x of findings) {
        const fix = x.fixes.find((fx) => fx.isPreferred && fx.applicability === 'safe');
        if (!fix) continue;
        const offs = fixOffsetEdits(lines, fix);
        if (offs.some((o) => edits.some((e) => o.start < e.end && e.start < o.end))) continue;
        edits.push(...offs);
        fileEdits.push(...(fix.fileEdits ?? []));
        count++;
      }
      if (edits.length === 0) break;
      text = applyOffsetEdits(text, edits);
      findings = analyzeText(facts, text, options).findings;
    }
    if (count > 0) {
      writeFileSync(f.path, text);
      f.findings = findings;
      report.fixed.push({ relPath: f.relPath, count });
    }
  }
  const read = diskReader(ctx.root);
  const ops = resolveFileEdits(fileEdits, read);
  for (const [relPath, text] of applyFileOps(ops, read)) {
    const abs = join(ctx.root, relPath);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, text);
    report.touched.push(relPath);
  }
  return report;
}

function isSafeFixable(f: Finding): boolean {
  return f.fixes.some((fx) => fx.isPreferred && fx.applicability === 'safe');
}
