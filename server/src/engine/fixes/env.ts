import type { FileEdit, LanguageId } from '../types';

/**
 * How each language reads an environment variable, for fixes that move a value out of code.
 * Returns the expression text and the import it needs, if any (the fix builder adds it).
 *
 * Sources: Node.js `process.env`; Python `os.environ` (KeyError when unset, failing fast);
 * Go `os.Getenv`; Java `System.getenv`; PHP `getenv`; .NET `Environment.GetEnvironmentVariable`;
 * Ruby `ENV.fetch` (KeyError when unset).
 */
export function envLookup(language: LanguageId, name: string): { expression: string; needsImport?: { module: string; language: LanguageId } } | undefined {
  switch (language) {
    case 'javascript':
    case 'javascriptreact':
    case 'typescript':
    case 'typescriptreact':
      return { expression: `process.env.${name}` };
    case 'python':
      return { expression: `os.environ["${name}"]`, needsImport: { module: 'os', language } };
    case 'go':
      return { expression: `os.Getenv("${name}")`, needsImport: { module: 'os', language } };
    case 'java':
      return { expression: `System.getenv("${name}")` };
    case 'php':
      return { expression: `getenv('${name}')` };
    case 'csharp':
      return { expression: `Environment.GetEnvironmentVariable("${name}")` };
    case 'ruby':
      return { expression: `ENV.fetch("${name}")` };
    default:
      return undefined;
  }
}

/**
 * File edits that document a new environment variable: `NAME=` in `.env.example` (created if
 * missing) and `.env` in `.gitignore`, so the real value has a home that is never committed.
 */
export function documentEnvVar(name: string): FileEdit[] {
  return [
    { kind: 'ensureLine', path: '.env.example', line: `${name}=`, description: `add ${name}= to .env.example` },
    { kind: 'ensureGitignored', pattern: '.env', description: 'make sure .env is git-ignored' },
  ];
}

/** Valid environment variable name (POSIX portable: upper-case letters, digits, underscore). */
export function isEnvName(name: string): boolean {
  return /^[A-Z_][A-Z0-9_]*$/.test(name);
}
