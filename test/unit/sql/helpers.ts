import { join } from 'node:path';
import { analyzeText, detectLanguage, initEngine, loadCatalog, LineIndex, resolveConfig, type Finding, type RuleCatalog } from '../../../server/src/engine';

const RULES_DIR = join(__dirname, '..', '..', '..', 'rules');
let catalog: RuleCatalog | undefined;

/** Analyzes `text` as the file `relPath` with the built-in catalog; only sql findings are returned. */
export async function sqlFindings(relPath: string, text: string): Promise<Finding[]> {
  if (!catalog) {
    await initEngine();
    catalog = loadCatalog({ builtinDir: RULES_DIR });
  }
  const language = detectLanguage(relPath);
  if (!language) throw new Error(`no language for ${relPath}`);
  const res = analyzeText({ path: relPath, relPath, language, isTest: false }, text, { catalog, config: resolveConfig(), today: '2026-01-15' });
  return res.findings.filter((f) => f.category === 'sql');
}

/** Applies the edits of the preferred fix of `finding` to `text`. */
export function applyFix(text: string, finding: Finding): string {
  const fix = finding.fixes.find((f) => f.isPreferred);
  if (!fix) throw new Error(`no preferred fix at line ${finding.range.start.line + 1}: ${finding.noFixReason}`);
  const lines = new LineIndex(text);
  const edits = fix.edits.map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), newText: e.newText })).sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of edits) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** 1-based start lines of the related locations of a finding. */
export function relatedLines(f: Finding): number[] {
  return f.related.map((r) => r.range.start.line + 1);
}
