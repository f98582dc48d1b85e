// The ESLint configuration the benchmark runs the peer plugins with (flat config, built in code).
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const benchDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/** bench/peers.json, parsed. */
export function readPeers() {
  return JSON.parse(readFileSync(join(benchDir, 'peers.json'), 'utf8'));
}

/** The four ESLint plugins, keyed by the prefix their rule ids carry. */
export function loadPlugins() {
  return {
    sonarjs: require('eslint-plugin-sonarjs'),
    security: require('eslint-plugin-security'),
    '@microsoft/sdl': require('@microsoft/eslint-plugin-sdl'),
    'no-secrets': require('eslint-plugin-no-secrets'),
  };
}

/**
 * Rules to enable.
 * - 'mapped': every rule peers.json maps to one of the four categories (the same job as Redline).
 * - 'recommended': each plugin's own recommended rule set (sonarjs, security), every rule of the
 *   SDL plugin (its recommended config also pulls in other plugins we do not install), and
 *   no-secrets/no-secrets — the broad "security linting" setup the plugins' READMEs suggest.
 * @param {'mapped'|'recommended'} mode
 */
export function eslintRules(mode) {
  const rules = {};
  const peers = readPeers();
  if (mode === 'mapped') {
    for (const tool of Object.values(peers.tools)) {
      if (!tool.plugin) continue;
      for (const ids of Object.values(tool.categories)) for (const id of ids) rules[id] = 'error';
    }
    return rules;
  }
  const p = loadPlugins();
  Object.assign(rules, p.sonarjs.configs.recommended.rules);
  Object.assign(rules, p.security.configs.recommended.rules);
  for (const name of Object.keys(p['@microsoft/sdl'].rules)) rules[`@microsoft/sdl/${name}`] = 'error';
  rules['no-secrets/no-secrets'] = 'error';
  return rules;
}

/** Chooses how ESLint should parse a JS file: ES module or CommonJS (by a look at its text). */
export function jsSourceType(path, text) {
  if (/\.mjs$/i.test(path)) return 'module';
  if (/\.cjs$/i.test(path)) return 'commonjs';
  return /^\s*(import\s*[\w{*'"]|export\s)/m.test(text) ? 'module' : 'commonjs';
}

/**
 * A flat config for one kind of file.
 * @param {{mode: 'mapped'|'recommended', kind: 'module'|'commonjs'|'ts', files?: string[]}} o
 */
export function eslintConfig({ mode, kind, files }) {
  const languageOptions =
    kind === 'ts'
      ? { parser: require('@typescript-eslint/parser'), ecmaVersion: 'latest', sourceType: 'module' }
      : { ecmaVersion: 'latest', sourceType: kind, parserOptions: { ecmaFeatures: { jsx: true } } };
  return [
    {
      files: files ?? (kind === 'ts' ? ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'] : ['**/*.js', '**/*.jsx', '**/*.mjs', '**/*.cjs']),
      plugins: loadPlugins(),
      languageOptions,
      linterOptions: { reportUnusedDisableDirectives: 'off', noInlineConfig: true },
      rules: eslintRules(mode),
    },
  ];
}

/** True for the files ESLint (with the TypeScript parser) can lint. */
export const isEslintFile = (p) => /\.(?:[cm]?js|jsx|[cm]?ts|tsx)$/i.test(p);
export const isTsFile = (p) => /\.(?:[cm]?ts|tsx)$/i.test(p);
