import type { LanguageId } from './types';

/** Which analysis a language gets: a TypeScript AST, a tree-sitter Python tree, or pattern rules. */
export type AnalysisFamily = 'js' | 'python' | 'pattern';

/** Lexical conventions the pattern engine and the ignore-comment fix need. */
export interface LanguageSyntax {
  family: AnalysisFamily;
  /** Line comment starters, e.g. `//`, `#`. */
  lineComments: string[];
  /** Block comment delimiters as [open, close] pairs (C-style, XML). */
  blockComments: [string, string][];
  /** String delimiters; `'''`/`"""` before `'`/`"` so the longest wins. */
  strings: { open: string; close: string; escape: boolean; multiline: boolean }[];
  /** Comment syntax used when Redline inserts a comment: prefix and optional suffix. */
  insertComment: { prefix: string; suffix?: string };
  /** True for configuration formats (secrets are key/value pairs, no code). */
  config: boolean;
}

const q = (open: string, close = open, escape = true, multiline = false) => ({ open, close, escape, multiline });
const C_STRINGS = [q('"'), q("'")];
const SLASH = { lineComments: ['//'], blockComments: [['/*', '*/']] as [string, string][], insertComment: { prefix: '// ' } };
const HASH = { lineComments: ['#'], blockComments: [] as [string, string][], insertComment: { prefix: '# ' } };

export const SYNTAX: Record<LanguageId, LanguageSyntax> = {
  javascript: { family: 'js', ...SLASH, strings: [...C_STRINGS, q('`', '`', true, true)], config: false },
  javascriptreact: { family: 'js', ...SLASH, strings: [...C_STRINGS, q('`', '`', true, true)], config: false },
  typescript: { family: 'js', ...SLASH, strings: [...C_STRINGS, q('`', '`', true, true)], config: false },
  typescriptreact: { family: 'js', ...SLASH, strings: [...C_STRINGS, q('`', '`', true, true)], config: false },
  python: {
    family: 'python',
    ...HASH,
    strings: [q('"""', '"""', true, true), q("'''", "'''", true, true), ...C_STRINGS],
    config: false,
  },
  java: { family: 'pattern', ...SLASH, strings: [q('"""', '"""', true, true), ...C_STRINGS], config: false },
  go: { family: 'pattern', ...SLASH, strings: [q('`', '`', false, true), ...C_STRINGS], config: false },
  csharp: { family: 'pattern', ...SLASH, strings: [q('@"', '"', false, true), q('$"', '"'), ...C_STRINGS], config: false },
  php: {
    family: 'pattern',
    lineComments: ['//', '#'],
    blockComments: [['/*', '*/']],
    strings: [q('"', '"', true, true), q("'", "'", true, true)],
    insertComment: { prefix: '// ' },
    config: false,
  },
  ruby: { family: 'pattern', ...HASH, strings: [q('"', '"', true, true), q("'", "'", true, true)], config: false },
  shellscript: { family: 'pattern', ...HASH, strings: [q('"', '"', true, true), q("'", "'", false, true)], config: true },
  dotenv: { family: 'pattern', ...HASH, strings: [q('"'), q("'", "'", false)], config: true },
  properties: { family: 'pattern', lineComments: ['#', '!'], blockComments: [], strings: [], insertComment: { prefix: '# ' }, config: true },
  ini: { family: 'pattern', lineComments: [';', '#'], blockComments: [], strings: [q('"')], insertComment: { prefix: '; ' }, config: true },
  toml: { family: 'pattern', ...HASH, strings: [q('"""', '"""', true, true), q("'''", "'''", false, true), q('"'), q("'", "'", false)], config: true },
  yaml: { family: 'pattern', ...HASH, strings: [q('"'), q("'", "'", false)], config: true },
  dockerfile: { family: 'pattern', ...HASH, strings: [q('"'), q("'", "'", false)], config: true },
  nginx: { family: 'pattern', ...HASH, strings: [q('"'), q("'")], config: true },
  json: { family: 'pattern', lineComments: ['//'], blockComments: [['/*', '*/']], strings: [q('"')], insertComment: { prefix: '// ' }, config: true },
  xml: { family: 'pattern', lineComments: [], blockComments: [['<!--', '-->']], strings: [q('"', '"', false, true), q("'", "'", false, true)], insertComment: { prefix: '<!-- ', suffix: ' -->' }, config: true },
  plaintext: { family: 'pattern', lineComments: [], blockComments: [], strings: [], insertComment: { prefix: '# ' }, config: true },
};

const BY_EXTENSION: Record<string, LanguageId> = {
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  jsx: 'javascriptreact',
  ts: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  tsx: 'typescriptreact',
  py: 'python',
  pyw: 'python',
  java: 'java',
  go: 'go',
  php: 'php',
  cs: 'csharp',
  rb: 'ruby',
  json: 'json',
  jsonc: 'json',
  yaml: 'yaml',
  yml: 'yaml',
  properties: 'properties',
  xml: 'xml',
  config: 'xml',
  csproj: 'xml',
  toml: 'toml',
  ini: 'ini',
  cfg: 'ini',
  conf: 'nginx',
  sh: 'shellscript',
  bash: 'shellscript',
  zsh: 'shellscript',
  tf: 'toml',
};

/** VS Code language ids that map onto ours under another name. */
const LANGUAGE_ID_ALIASES: Record<string, LanguageId> = {
  'jsonc': 'json',
  'json5': 'json',
  'dockercompose': 'yaml',
  'github-actions-workflow': 'yaml',
  'java-properties': 'properties',
  'env': 'dotenv',
  'dotenv': 'dotenv',
  'shellscript': 'shellscript',
  'terraform': 'toml',
};

/**
 * The language of a file, from its name first (so `.env.local` is dotenv whatever the editor
 * says), then from the editor's language id. Returns undefined for files Redline does not analyze.
 *
 * @param path any path; only the base name is used.
 */
export function detectLanguage(path: string, editorLanguageId?: string): LanguageId | undefined {
  const base = path.split(/[\\/]/).pop() ?? path;
  const lower = base.toLowerCase();
  if (lower === '.env' || lower.startsWith('.env.') || lower.endsWith('.env')) return 'dotenv';
  if (lower === 'dockerfile' || lower.startsWith('dockerfile.') || lower.endsWith('.dockerfile')) return 'dockerfile';
  if (lower === 'nginx.conf' || lower.includes('nginx')) return lower.endsWith('.conf') ? 'nginx' : undefined;
  if (lower === '.npmrc' || lower === '.pypirc' || lower === '.netrc') return 'ini';
  const dot = lower.lastIndexOf('.');
  if (dot > 0) {
    const byExt = BY_EXTENSION[lower.slice(dot + 1)];
    if (byExt) return byExt;
  }
  if (editorLanguageId) {
    if (editorLanguageId in SYNTAX && editorLanguageId !== 'plaintext') return editorLanguageId as LanguageId;
    return LANGUAGE_ID_ALIASES[editorLanguageId];
  }
  return undefined;
}

/** True for `.env`-style files, which are analyzed only when git would commit them. */
export function isDotenvPath(path: string): boolean {
  const base = (path.split(/[\\/]/).pop() ?? path).toLowerCase();
  return base === '.env' || (base.startsWith('.env.') && !/\.(example|sample|template|dist|defaults?)$/.test(base)) || base.endsWith('.env');
}
