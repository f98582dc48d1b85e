/**
 * Redline's analysis engine: (path, language, text, config) → findings with fixes as data.
 *
 * Invariant: this folder imports neither `vscode` nor any LSP package. The language server and
 * the CLI are thin layers over these exports. See docs/architecture.md.
 */
export * from './types';
export { LineIndex, comparePositions, rangesIntersect, rangeContains } from './text';
export { maskSecret, sha256 } from './util';
export * from './config';
export * from './problems';
export { loadCatalog, RuleCatalog, parseRuleFile, builtinRulesDir, DOCS_BASE_URL, type Rule } from './catalog/catalog';
export { RULE_ID_PATTERN, LANGUAGE_IDS } from './catalog/schema';
export { detectLanguage, isDotenvPath, SYNTAX } from './languages';
export { fileFacts, toRelPath, isIgnoredPath, isTestPath } from './files';
export { EngineDocument, analyzeText, type ContentChange } from './document';
export { lowerSeverity, raiseSeverity } from './types';
export { analyzeParsed, isoToday, type AnalysisResult, type AnalysisStatus, type AnalyzeOptions } from './analyze';
export { EMPTY_PROJECT, type FileFacts, type ProjectFacts, type AuthProvider } from './context';
export { initPython, pythonReady } from './python/parse';
export { DETECTORS } from './detectors';
export { applyOffsetEdits, fixOffsetEdits } from './fixes/edits';
export type { OffsetEdit } from './fixes/imports';

import { initPython } from './python/parse';

/** Loads what analysis needs asynchronously (the Python grammar). Call once before analyzing. */
export async function initEngine(): Promise<void> {
  await initPython();
}
