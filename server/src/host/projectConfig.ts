import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { ProjectConfigSchema, type ProjectConfig } from '../engine/config';
import { problemsFromZod, type ConfigProblem } from '../engine/problems';
import { LineIndex } from '../engine/text';
import type { Range } from '../engine/types';

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
  const lines = new LineIndex(text);
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length || !tree) {
    const e = errors[0];
    return {
      file,
      problems: [
        {
          file,
          fieldPath: [],
          message: e ? `not valid JSON: ${printParseErrorCode(e.error)}` : 'empty file',
          ...(e ? { range: lines.range(e.offset, e.offset + Math.max(1, e.length)) } : {}),
          severity: 'error',
        },
      ],
    };
  }
  const locate = (path: (string | number)[]): Range | undefined => {
    for (let n = path.length; n >= 0; n--) {
      const node = findNodeAtLocation(tree, path.slice(0, n));
      if (node) {
        // Point at the property (key and value) when there is one.
        const target = node.parent?.type === 'property' ? node.parent : node;
        return lines.range(target.offset, target.offset + target.length);
      }
    }
    return undefined;
  };
  const raw: unknown = getNodeValue(tree);
  const parsed = ProjectConfigSchema.safeParse(raw);
  if (parsed.success) return { file, config: parsed.data, problems: [] };
  const problems = problemsFromZod(file, parsed.error, locate);
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
