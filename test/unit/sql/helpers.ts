import { join } from 'node:path';
import { analyzeText, detectLanguage, initEngine, loadCatalog, resolveConfig, type Finding, type RuleCatalog } from '../../../server/src/engine';

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

export { applyFix } from '../../helpers/fixes';

/** 1-based start lines of the related locations of a finding. */
export function relatedLines(f: Finding): number[] {
  return f.related.map((r) => r.range.start.line + 1);
}
