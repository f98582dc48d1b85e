import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getNodeValue } from 'jsonc-parser';
import { locateInJson, parseLocatedJson } from '../engine/json';
import { ProjectConfigSchema, type ProjectConfig } from '../engine/config';
import { problemsFromZod, type ConfigProblem } from '../engine/problems';

/** Name of the project configuration file at the workspace root. */
export const PROJECT_CONFIG_FILE = '.redline.json';

/** Result of reading `.redline.json`: the valid parts and a problem per invalid field. */
export interface ProjectConfigResult {
  /** Undefined when the file does not exist or is unusable as a whole. */
  config?: ProjectConfig;
  problems: ConfigProblem[];
  /** Absolute path of the file, whether or not it exists. */
  file: string;
}

/**
 * Parses `.redline.json` text (JSON with comments). Invalid fields are reported with their
 * range and dropped; the other fields are kept, so one typo does not switch off the whole file.
 *
 * @param file absolute path, used in problems
 */
export function parseProjectConfig(file: string, text: string): ProjectConfigResult {
  const json = parseLocatedJson(file, text, true);
  if ('problem' in json) return { file, problems: [json.problem] };
  const raw: unknown = getNodeValue(json.tree);
  const parsed = ProjectConfigSchema.safeParse(raw);
  if (parsed.success) return { file, config: parsed.data, problems: [] };
  const problems = problemsFromZod(file, parsed.error, (path) => locateInJson(json, path));
  // Keep every top-level field that validates on its own.
  const kept: Record<string, unknown> = {};
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    const bad = new Set(problems.map((p) => p.fieldPath[0]));
    for (const [k, v] of Object.entries(raw as Record<string, unknown>)) if (!bad.has(k)) kept[k] = v;
  }
  const partial = ProjectConfigSchema.safeParse(kept);
  return { file, problems, ...(partial.success ? { config: partial.data } : {}) };
}

/** Reads `<root>/.redline.json` if it exists. Never throws. */
export function loadProjectConfig(root: string): ProjectConfigResult {
  const file = join(root, PROJECT_CONFIG_FILE);
  if (!existsSync(file)) return { file, problems: [] };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { file, problems: [{ file, fieldPath: [], message: `cannot be read: ${(e as Error).message}`, severity: 'error' }] };
  }
  return parseProjectConfig(file, text);
}
