import { join } from 'node:path';
import { analyzeText, detectLanguage, initEngine, loadCatalog, resolveConfig, type Finding, type ProjectConfig, type RuleCatalog } from '../../../server/src/engine';

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

export { applyFix, summary } from '../../helpers/fixes';

/** The allowlist expression the Python fixes insert (mirrors PY_CORS_ALLOWLIST, spelled out so a change is noticed). */
export const ALLOWLIST_PY = '[o.strip() for o in os.environ.get("CORS_ORIGINS", "").split(",") if o.strip()]';
