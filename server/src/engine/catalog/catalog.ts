import { readFileSync, existsSync } from 'node:fs';
import { globSync } from 'tinyglobby';
import { join, relative, sep, dirname } from 'node:path';
import { parseDocument, isNode, type Document } from 'yaml';
import { LineIndex } from '../text';
import type { LanguageId, Range } from '../types';
import { problemsFromZod, type ConfigProblem } from '../problems';
import { RuleSchema, type Pattern, type RuleSpec } from './schema';
import { compileLinear, MAX_LINEAR_PATTERNS, type LinearRegExp } from './linear';

/** Base of the rule documentation links (`codeDescription.href`, SARIF `helpUri`). */
export const DOCS_BASE_URL = 'https://github.com/redline-dev/redline/blob/main/docs/rules/';

/**
 * What the pattern runner needs from a compiled regular expression: RegExp's global `exec`
 * contract with match indices (`d`). Built-in rules use RegExp (their patterns are reviewed and
 * ReDoS-checked by test/rules/regex-safety.test.ts); custom rules use `LinearRegExp` (RE2).
 */
export type PatternRegExp = RegExp | LinearRegExp;

/** A pattern ready to run. */
export interface CompiledPattern {
  spec: Pattern;
  /** Global, with match indices (`d`) so the `target` group can be located. */
  regex: PatternRegExp;
  not: PatternRegExp[];
  /** Position of the pattern in its rule, for messages and tests. */
  index: number;
}

/** A validated rule with its compiled patterns. */
export interface Rule extends RuleSpec {
  origin: 'builtin' | 'user';
  /** Absolute path of the rule file. */
  file: string;
  docsUrl: string;
  compiledPatterns: CompiledPattern[];
}

/** Result of loading a folder of rule files: the good rules and a problem per bad file or field. */
export interface LoadResult {
  rules: Rule[];
  problems: ConfigProblem[];
}

/**
 * An extra check of a regular expression from a user rule before it runs on user code; returns
 * an error message or undefined when acceptable. (User patterns run on RE2 whatever the guard
 * says; a guard can only reject more.)
 */
export type RegexGuard = (source: string, flags: string) => string | undefined;

/**
 * Finds rule files under `dir` by glob, sorted for stable output. Built-in rules live exactly at
 * `<category>/<name>.yaml` (their fixtures sit in sibling folders and must not be read as rules);
 * a user's folder may nest files freely.
 */
export function findRuleFiles(dir: string, layout: 'builtin' | 'user' = 'user'): string[] {
  if (!existsSync(dir)) return [];
  const pattern = layout === 'builtin' ? '*/*.yaml' : '**/*.{yaml,yml,json}';
  return globSync(pattern, { cwd: dir, absolute: true, onlyFiles: true }).sort();
}

/** Maps a field path in a parsed YAML/JSON document to its range in the file. */
export function locateInYaml(doc: Document, lines: LineIndex, path: (string | number)[]): Range | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return lines.range(node.range[0], node.range[1]);
    // A missing key: point at its parent mapping instead.
  }
  return undefined;
}

/**
 * Parses and validates one rule file. Never throws: problems come back as data naming the file,
 * the field and the reason, so one broken file disables only itself.
 */
export function parseRuleFile(file: string, text: string, origin: 'builtin' | 'user', guard?: RegexGuard, budget: LinearBudget = { remaining: MAX_LINEAR_PATTERNS }): LoadResult {
  const lines = new LineIndex(text);
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      rules: [],
      problems: doc.errors.map((e) => ({
        file,
        fieldPath: [],
        message: `not valid YAML: ${e.message.split('\n')[0]}`,
        range: lines.range(e.pos[0], e.pos[1]),
        severity: 'error' as const,
      })),
    };
  }
  const raw: unknown = doc.toJS();
  // A file may hold one rule or `rules: [...]`.
  const isList = typeof raw === 'object' && raw !== null && !Array.isArray(raw) && 'rules' in raw && Object.keys(raw).length === 1;
  const entries: unknown[] = isList ? ((raw as { rules: unknown }).rules as unknown[]) : [raw];
  if (!Array.isArray(entries)) {
    return { rules: [], problems: [{ file, fieldPath: ['rules'], message: 'must be a list of rules', severity: 'error' }] };
  }
  const rules: Rule[] = [];
  const problems: ConfigProblem[] = [];
  entries.forEach((entry, i) => {
    const prefix: (string | number)[] = isList ? ['rules', i] : [];
    const parsed = RuleSchema.safeParse(entry);
    if (!parsed.success) {
      problems.push(...problemsFromZod(file, parsed.error, (p) => locateInYaml(doc, lines, p), prefix));
      return;
    }
    const spec = parsed.data;
    if (origin === 'user' && spec.category === 'redline') {
      problems.push({ file, fieldPath: [...prefix, 'id'], message: 'the redline/ category is reserved for built-in notices; use secret, sql, cors or auth', range: locateInYaml(doc, lines, [...prefix, 'id']), severity: 'error' });
      return;
    }
    if (origin === 'user' && spec.detector) {
      problems.push({
        file,
        fieldPath: [...prefix, 'detector'],
        message: 'custom rules cannot name a built-in detector; use patterns',
        range: locateInYaml(doc, lines, [...prefix, 'detector']),
        severity: 'error',
      });
      return;
    }
    const compiled: CompiledPattern[] = [];
    let bad = false;
    (spec.patterns ?? []).forEach((pattern, j) => {
      const at = [...prefix, 'patterns', j];
      const flags = `gd${pattern.flags ?? ''}`;
      const sources: [string, (string | number)[]][] = [
        [pattern.regex, [...at, 'regex']],
        ...(pattern.not ?? []).map((s, k): [string, (string | number)[]] => [s, [...at, 'not', k]]),
      ];
      const regs: PatternRegExp[] = [];
      for (const [source, fieldPath] of sources) {
        const isNot = fieldPath.at(-2) === 'not';
        const re = compilePattern(source, isNot ? (pattern.flags ?? '') : flags, origin, budget, origin === 'user' ? guard : undefined);
        if (typeof re === 'string') {
          problems.push({ file, fieldPath, message: re, range: locateInYaml(doc, lines, fieldPath), severity: 'error' });
          bad = true;
          break;
        }
        regs.push(re);
      }
      if (bad) {
        for (const r of regs) if (!(r instanceof RegExp)) r.dispose();
        return;
      }
      compiled.push({ spec: pattern, regex: regs[0]!, not: regs.slice(1), index: j });
    });
    if (bad) {
      disposePatterns(compiled);
      return;
    }
    rules.push({ ...spec, origin, file, docsUrl: `${DOCS_BASE_URL}${spec.id}.md`, compiledPatterns: compiled });
  });
  return { rules, problems };
}

/**
 * Compiles one pattern: a JavaScript RegExp for built-in rules, RE2 (linear time) for custom
 * rules. Returns the problem as a string when the pattern cannot be used.
 */
function compilePattern(source: string, flags: string, origin: 'builtin' | 'user', budget: LinearBudget, guard?: RegexGuard): PatternRegExp | string {
  let js: RegExp;
  try {
    js = new RegExp(source, flags);
  } catch (e) {
    return `invalid regular expression: ${(e as Error).message}`;
  }
  if (origin === 'builtin') return js;
  const guarded = guard?.(source, flags);
  if (guarded) return guarded;
  if (budget.remaining <= 0) return `custom rules may hold at most ${MAX_LINEAR_PATTERNS} regular expressions in all (RE2 runs in a fixed amount of memory); this one is not loaded`;
  const linear = compileLinear(source, flags);
  if (!linear.ok) return linear.message;
  budget.remaining--;
  return linear.regex;
}

/** How many more custom-rule regular expressions a catalog may compile (see MAX_LINEAR_PATTERNS). */
export interface LinearBudget {
  remaining: number;
}

/** Frees the RE2 patterns of custom rules (wasm memory is not garbage-collected). */
function disposePatterns(patterns: readonly CompiledPattern[]): void {
  for (const p of patterns) {
    for (const r of [p.regex, ...p.not]) if (!(r instanceof RegExp)) r.dispose();
  }
}

/**
 * The set of rules in force: built-in rules plus the user's, looked up by id and by language.
 * Immutable once built; reload by building a new one.
 */
export class RuleCatalog {
  private readonly byId = new Map<string, Rule>();
  private readonly byLanguage = new Map<string, Rule[]>();

  constructor(
    readonly rules: readonly Rule[],
    readonly problems: readonly ConfigProblem[] = [],
  ) {
    for (const r of rules) this.byId.set(r.id, r);
  }

  get(id: string): Rule | undefined {
    return this.byId.get(id);
  }

  /**
   * Frees what the catalog holds outside the JavaScript heap (custom rules' RE2 patterns).
   * Call when a reloaded catalog replaces this one; the catalog must not be used afterwards.
   */
  dispose(): void {
    for (const r of this.rules) if (r.origin === 'user') disposePatterns(r.compiledPatterns);
  }

  /** Rules whose `languages` include `language` (or `*`). */
  forLanguage(language: LanguageId): Rule[] {
    let list = this.byLanguage.get(language);
    if (!list) {
      list = this.rules.filter((r) => r.languages.includes('*') || r.languages.includes(language));
      this.byLanguage.set(language, list);
    }
    return list;
  }
}

/** Folder of the built-in rules: `dist/rules` when bundled, the repository's `rules/` otherwise. */
export function builtinRulesDir(): string {
  const candidates = [join(__dirname, 'rules')];
  for (let d = __dirname; ; d = dirname(d)) {
    candidates.push(join(d, 'rules'));
    if (dirname(d) === d) break;
  }
  for (const c of candidates) {
    if (existsSync(join(c, 'redline', 'analysis-truncated.yaml'))) return c;
  }
  throw new Error(`Redline's built-in rules were not found (looked in ${candidates.slice(0, 3).join(', ')}…)`);
}

/** Field path and range of the `id` of the rule `id` in a rule file (a single rule or `rules: [...]`). */
function locateRuleId(text: string, id: string): { fieldPath: (string | number)[]; range?: Range } {
  const doc = parseDocument(text);
  const raw: unknown = doc.toJS();
  const list = raw && typeof raw === 'object' && Array.isArray((raw as { rules?: unknown }).rules) ? ((raw as { rules: { id?: unknown }[] }).rules) : undefined;
  const i = list ? list.findIndex((r) => r?.id === id) : -1;
  const fieldPath = list && i >= 0 ? ['rules', i, 'id'] : ['id'];
  const range = locateInYaml(doc, new LineIndex(text), fieldPath);
  return range ? { fieldPath, range } : { fieldPath };
}

/**
 * Loads the built-in rules and, when given, the user's rule folder. User rules whose id repeats
 * a built-in or another user rule are rejected with a problem. Never throws for user input.
 */
export function loadCatalog(options: { builtinDir?: string; userDir?: string; guard?: RegexGuard } = {}): RuleCatalog {
  const builtinDir = options.builtinDir ?? builtinRulesDir();
  const rules: Rule[] = [];
  const problems: ConfigProblem[] = [];
  const seen = new Map<string, string>();
  const budget: LinearBudget = { remaining: MAX_LINEAR_PATTERNS };
  const add = (dir: string, origin: 'builtin' | 'user') => {
    for (const file of findRuleFiles(dir, origin)) {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (e) {
        problems.push({ file, fieldPath: [], message: `cannot be read: ${(e as Error).message}`, severity: 'error' });
        continue;
      }
      const res = parseRuleFile(file, text, origin, options.guard, budget);
      problems.push(...res.problems);
      for (const rule of res.rules) {
        const prev = seen.get(rule.id);
        if (prev) {
          problems.push({ file, ...locateRuleId(text, rule.id), message: `rule id "${rule.id}" is already defined in ${relative(dir, prev).split(sep).join('/') || prev}`, severity: 'error' });
          if (origin === 'user') disposePatterns(rule.compiledPatterns);
          continue;
        }
        seen.set(rule.id, file);
        rules.push(rule);
      }
    }
  };
  add(builtinDir, 'builtin');
  if (options.userDir) add(options.userDir, 'user');
  return new RuleCatalog(rules, problems);
}
