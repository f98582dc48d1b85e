import type { z } from 'zod';
import type { Range } from './types';

/**
 * A problem with a piece of user input (settings, `.redline.json`, a rule file, the region
 * index). The piece it names is disabled or replaced by defaults; everything else keeps working.
 */
export interface ConfigProblem {
  /** Absolute path of the file, or a label such as `settings (redline)` for non-file input. */
  file: string;
  /** Field path inside the file, e.g. `['rules', 3, 'patterns', 0, 'regex']`; empty for the whole file. */
  fieldPath: (string | number)[];
  message: string;
  /** Where in the file, when known (LSP coordinates). */
  range?: Range;
  severity: 'error' | 'warning';
}

/** Renders a field path the way users write it: `rules[3].patterns[0].regex`. */
export function formatFieldPath(path: readonly (string | number | symbol)[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(root)';
}

/** One line per problem: `file: field: message`. */
export function formatProblem(p: ConfigProblem): string {
  const where = p.range ? `:${p.range.start.line + 1}:${p.range.start.character + 1}` : '';
  return `${p.file}${where}: ${formatFieldPath(p.fieldPath)}: ${p.message}`;
}

/**
 * Turns zod issues into problems, locating each with `locate` (which maps a field path to a
 * range in the source file, or returns undefined).
 */
export function problemsFromZod(
  file: string,
  error: z.ZodError,
  locate?: (path: (string | number)[]) => Range | undefined,
  prefix: (string | number)[] = [],
): ConfigProblem[] {
  return error.issues.map((issue) => {
    const fieldPath = [...prefix, ...issue.path.filter((p): p is string | number => typeof p !== 'symbol')];
    const problem: ConfigProblem = { file, fieldPath, message: issue.message, severity: 'error' };
    const range = locate?.(fieldPath);
    if (range) problem.range = range;
    return problem;
  });
}
