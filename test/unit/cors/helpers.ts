import { join } from 'node:path';
import { analyzeText, detectLanguage, initEngine, loadCatalog, LineIndex, resolveConfig, type Finding, type ProjectConfig, type RuleCatalog } from '../../../server/src/engine';

const RULES_DIR = join(__dirname, '..', '..', '..', 'rules');
let catalog: RuleCatalog | undefined;

/** Analyzes `text` as the file `relPath` with the built-in catalog; only cors findings are returned. */
export async function corsFindings(relPath: string, text: string, project?: ProjectConfig): Promise<Finding[]> {
  if (!catalog) {
    await initEngine();
    catalog = loadCatalog({ builtinDir: RULES_DIR });
  }
  const language = detectLanguage(relPath);
  if (!language) throw new Error(`no language for ${relPath}`);
  const res = analyzeText({ path: relPath, relPath, language, isTest: false }, text, { catalog, config: resolveConfig(undefined, project), today: '2026-01-15' });
  return res.findings.filter((f) => f.category === 'cors');
}

/** Applies the edits of one fix to `text`. */
export function applyFix(text: string, finding: Finding): string {
  const fix = finding.fixes.find((f) => f.isPreferred);
  if (!fix) throw new Error(`no preferred fix for ${finding.ruleId} at line ${finding.range.start.line + 1}`);
  const lines = new LineIndex(text);
  const edits = fix.edits.map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), newText: e.newText })).sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of edits) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** `line: ruleId severity` for compact assertions (1-based lines). */
export function summary(findings: Finding[]): string[] {
  return findings.map((f) => `${f.range.start.line + 1}: ${f.ruleId} ${f.severity}`);
}

/** The allowlist expression the Python fixes insert (mirrors PY_CORS_ALLOWLIST, spelled out so a change is noticed). */
export const ALLOWLIST_PY = '[o.strip() for o in os.environ.get("CORS_ORIGINS", "").split(",") if o.strip()]';
