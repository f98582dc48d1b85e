import { isAbsolute, join, resolve } from 'node:path';
import { loadCatalog, type RuleCatalog, type RegexGuard } from '../engine/catalog/catalog';
import { resolveConfig, type EditorSettings, type ResolvedConfig } from '../engine/config';
import type { ProjectFacts } from '../engine/context';
import { EMPTY_PROJECT } from '../engine/context';
import type { ConfigProblem } from '../engine/problems';
import { collectProjectFacts } from '../engine/project';
import { loadProjectConfig } from './projectConfig';

/** Everything analysis of one workspace needs, loaded from its files and the editor settings. */
export interface WorkspaceContext {
  root: string;
  config: ResolvedConfig;
  catalog: RuleCatalog;
  project: ProjectFacts;
  /** Problems in `.redline.json`, the user's rule files and the settings; each disabled only itself. */
  problems: ConfigProblem[];
  /** False in an untrusted workspace: its rule files and project settings were not loaded. */
  trusted: boolean;
}

export interface LoadWorkspaceOptions {
  settings?: EditorSettings;
  /** VS Code workspace trust. Untrusted: built-in rules only, no `.redline.json`, no custom rules. */
  trusted?: boolean;
  builtinRulesDir?: string;
  /** ReDoS guard for user regexes (see hardening). */
  regexGuard?: RegexGuard;
  /** Problems found in the editor settings, carried along for reporting. */
  settingsProblems?: ConfigProblem[];
}

/**
 * Loads the configuration, the rule catalog (built-in plus `rulesPath`) and the project facts
 * of a workspace. Never throws for bad user input: problems are collected and defaults used.
 */
export function loadWorkspace(root: string, options: LoadWorkspaceOptions = {}): WorkspaceContext {
  const trusted = options.trusted !== false;
  const problems: ConfigProblem[] = [...(options.settingsProblems ?? [])];
  const project = trusted ? loadProjectConfig(root) : undefined;
  if (project) problems.push(...project.problems);
  const config = resolveConfig(options.settings, project?.config);
  const userDir = trusted ? (isAbsolute(config.rulesPath) ? config.rulesPath : resolve(root, config.rulesPath)) : undefined;
  const catalog = loadCatalog({
    ...(options.builtinRulesDir ? { builtinDir: options.builtinRulesDir } : {}),
    ...(userDir ? { userDir } : {}),
    ...(options.regexGuard ? { guard: options.regexGuard } : {}),
  });
  problems.push(...catalog.problems);
  let facts: ProjectFacts = EMPTY_PROJECT;
  if (trusted) {
    try {
      facts = collectProjectFacts(root);
    } catch (e) {
      problems.push({ file: join(root, '.'), fieldPath: [], message: `could not read project facts: ${(e as Error).message}`, severity: 'warning' });
    }
  }
  return { root, config, catalog, project: facts, problems, trusted };
}
