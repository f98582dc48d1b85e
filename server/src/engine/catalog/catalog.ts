import { readFileSync, existsSync } from 'node:fs';
import { globSync } from 'tinyglobby';
import { join, relative, sep, dirname } from 'node:path';
import { parseDocument, isNode, type Document } from 'yaml';
import { LineIndex } from '../text';
import type { LanguageId, Range } from '../types';
import { problemsFromZod, type ConfigProblem } from '../problems';
import { RuleSchema, type Pattern, type RuleSpec } from './schema';

/** Base of the rule documentation links (`codeDescription.href`, SARIF `helpUri`). */
export const DOCS_BASE_URL = 'https://github.com/redline-dev/redline/blob/main/docs/rules/';

/** A pattern ready to run. */
export interface CompiledPattern {
  spec: Pattern;
  /** Global, with match indices (`d`) so the `target` group can be located. */
  regex: RegExp;
  not: RegExp[];
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
 * Checks a regular expression from a user rule before it runs on user code. Replaced by the
 * hardening layer with a ReDoS check; returns an error message or undefined when acceptable.
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
export function parseRuleFile(file: string, text: string, origin: 'builtin' | 'user', guard?: RegexGuard): LoadResult {
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
      const regs: RegExp[] = [];
      for (const [source, fieldPath] of sources) {
        const problem = compileProblem(source, flags, origin === 'user' ? guard : undefined);
        if (problem) {
          problems.push({ file, fieldPath, message: problem, range: locateInYaml(doc, lines, fieldPath), severity: 'error' });
          bad = true;
          return;
        }
        regs.push(new RegExp(source, fieldPath.at(-2) === 'not' ? (pattern.flags ?? '') : flags));
      }
      compiled.push({ spec: pattern, regex: regs[0]!, not: regs.slice(1), index: j });
    });
    if (bad) return;
    rules.push({ ...spec, origin, file, docsUrl: `${DOCS_BASE_URL}${spec.id}.md`, compiledPatterns: compiled });
  });
  return { rules, problems };
}

function compileProblem(source: string, flags: string, guard?: RegexGuard): string | undefined {
  try {
    new RegExp(source, flags);
  } catch (e) {
    return `invalid regular expression: ${(e as Error).message}`;
  }
  return guard?.(source, flags);
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

/**
 * Loads the built-in rules and, when given, the user's rule folder. User rules whose id repeats
 * a built-in or another user rule are rejected with a problem. Never throws for user input.
 */
export function loadCatalog(options: { builtinDir?: string; userDir?: string; guard?: RegexGuard } = {}): RuleCatalog {
  const builtinDir = options.builtinDir ?? builtinRulesDir();
  const rules: Rule[] = [];
  const problems: ConfigProblem[] = [];
  const seen = new Map<string, string>();
  const add = (dir: string, origin: 'builtin' | 'user') => {
    for (const file of findRuleFiles(dir, origin)) {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (e) {
        problems.push({ file, fieldPath: [], message: `cannot be read: ${(e as Error).message}`, severity: 'error' });
        continue;
      }
      const res = parseRuleFile(file, text, origin, options.guard);
      problems.push(...res.problems);
      for (const rule of res.rules) {
        const prev = seen.get(rule.id);
        if (prev) {
          problems.push({ file, fieldPath: ['id'], message: `rule id "${rule.id}" is already defined in ${relative(dir, prev).split(sep).join('/') || prev}`, severity: 'error' });
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
