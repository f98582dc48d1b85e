import { join } from 'node:path';
import { analyzeText, detectLanguage, initEngine, loadCatalog, LineIndex, resolveConfig, type FileFacts, type Finding, type RuleCatalog } from '../../../server/src/engine';

const RULES_DIR = join(__dirname, '..', '..', '..', 'rules');
let catalog: RuleCatalog | undefined;

/** The built-in catalog (loaded once; Python grammar initialized). */
export async function secretCatalog(): Promise<RuleCatalog> {
  if (!catalog) {
    await initEngine();
    catalog = loadCatalog({ builtinDir: RULES_DIR });
  }
  return catalog;
}

/**
 * Analyzes `text` as the file `relPath` (language from its name) with the built-in catalog and
 * default configuration; only secret findings are returned. `facts` overrides file facts
 * (e.g. `vcs`, `isTest`).
 */
export async function secretFindings(relPath: string, text: string, facts: Partial<FileFacts> = {}): Promise<Finding[]> {
  const language = detectLanguage(relPath);
  if (!language) throw new Error(`no language for ${relPath}`);
  const res = analyzeText({ path: relPath, relPath, language, isTest: false, ...facts }, text, { catalog: await secretCatalog(), config: resolveConfig(), today: '2026-01-15' });
  return res.findings.filter((f) => f.category === 'secret');
}

export { applyFix, summary } from '../../helpers/fixes';


/** The text a finding's range covers. */
export function rangeText(text: string, f: Finding): string {
  const lines = new LineIndex(text);
  return text.slice(lines.offsetAt(f.range.start), lines.offsetAt(f.range.end));
}

/**
 * Fake, shape-valid values used by the unit tests, built at run time from pieces so that this
 * file itself holds no complete credential.
 */
export const FAKE = {
  ghp: 'ghp_' + 'Z0N8BxFrzX2NZLXl' + 'QMhf5QzW7s3G8VFitrHp',
  stripe: 'sk_live_' + 'mbuqWivNiWEKuC71' + '0MCcj413bY5kzBOX',
  password: 'Xk29fQ7m' + 'Lw3pZ8',
  token: 'ClZ68iKKEuQqMu58' + 'fNXF0b0fBYcbQzRv',
};
