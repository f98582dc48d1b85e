import { isAbsolute, relative, sep } from 'node:path';
import picomatch from 'picomatch';
import type { ResolvedConfig } from './config';
import type { FileFacts } from './context';
import { detectLanguage } from './languages';

interface Matchers {
  test: (p: string) => boolean;
  ignore: (p: string) => boolean;
}

const matcherCache = new WeakMap<ResolvedConfig, Matchers>();

function matchers(config: ResolvedConfig): Matchers {
  let m = matcherCache.get(config);
  if (!m) {
    const opts = { dot: true, nocase: process.platform === 'win32' };
    m = {
      test: config.testGlobs.length ? picomatch(config.testGlobs, opts) : () => false,
      ignore: config.ignore.length ? picomatch(config.ignore, opts) : () => false,
    };
    matcherCache.set(config, m);
  }
  return m;
}

/** Workspace-relative path with `/` separators; the path itself (normalized) when outside `root`. */
export function toRelPath(path: string, root: string | undefined): string {
  let rel = path;
  if (root && isAbsolute(path)) {
    const r = relative(root, path);
    if (!r.startsWith('..') && !isAbsolute(r)) rel = r;
  }
  return rel.split(sep).join('/').replace(/^\.\//, '');
}

/** True when the path matches the configured ignore globs (relative to the workspace root). */
export function isIgnoredPath(relPath: string, config: ResolvedConfig): boolean {
  return matchers(config).ignore(relPath);
}

/** True when the path matches the configured test/fixture globs. */
export function isTestPath(relPath: string, config: ResolvedConfig): boolean {
  return matchers(config).test(relPath);
}

/**
 * Facts about a file for analysis, or undefined when Redline does not analyze its language.
 *
 * @param path absolute or cwd-relative path
 * @param root workspace root (absolute) or undefined
 * @param editorLanguageId the editor's language id, used when the name says nothing
 */
export function fileFacts(path: string, root: string | undefined, config: ResolvedConfig, editorLanguageId?: string): FileFacts | undefined {
  const language = detectLanguage(path, editorLanguageId);
  if (!language) return undefined;
  const relPath = toRelPath(path, root);
  return { path, relPath, language, isTest: isTestPath(relPath, config) };
}
