import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { analyzeText, initEngine, resolveConfig, type Finding, type ProjectConfig, type ProjectFacts } from '../../../server/src/engine';
import { builtinCatalog } from '../../helpers/fixtures';
import { detectLanguage } from '../../../server/src/engine/languages';

/** Writes `files` (workspace-relative path → text) into a fresh temporary folder and returns its path. */
export function workspace(files: Record<string, string>): { root: string; dispose(): void } {
  const root = mkdtempSync(join(tmpdir(), 'redline-auth-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return { root, dispose: () => rmSync(root, { recursive: true, force: true }) };
}

/** Findings of `auth/missing-authentication` for one file analyzed with the given facts and `.redline.json`. */
export async function authFindings(relPath: string, text: string, project: ProjectFacts, config?: ProjectConfig): Promise<Finding[]> {
  await initEngine();
  const language = detectLanguage(relPath)!;
  const res = analyzeText({ path: relPath, relPath, language, isTest: false }, text, { catalog: await builtinCatalog(), config: resolveConfig(undefined, config), project, today: '2026-01-15' });
  return res.findings.filter((f) => f.ruleId === 'auth/missing-authentication');
}

/** Facts of a scanned workspace that holds nothing else. */
export const SCANNED: ProjectFacts = { authProviders: [], scanned: true, pythonScanned: true, routerMounts: [], jsHandlers: {}, nextMiddleware: [], flaskHooks: [] };
