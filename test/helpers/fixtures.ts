import { readFileSync, existsSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { globSync } from 'tinyglobby';
import {
  DEFAULTS,
  EngineDocument,
  applyOffsetEdits,
  fixOffsetEdits,
  detectLanguage,
  initEngine,
  loadCatalog,
  resolveConfig,
  type AnalyzeOptions,
  type Finding,
  type RuleCatalog,
  type FileFacts,
  type OffsetEdit,
} from '../../server/src/engine';
import { collectProjectFacts } from '../../server/src/engine/project';
import { LineIndex } from '../../server/src/engine/text';

export const ROOT = join(__dirname, '..', '..');
export const RULES_DIR = join(ROOT, 'rules');

/** Ids and lines a fixture expects, from `ruleid:` / `ok:` comments on the line above. */
export interface Expectations {
  /** 0-based line → rule ids that must be reported there. */
  expected: Map<number, Set<string>>;
  /** Count of `ok:` annotations (documented negative cases) per rule id. */
  okCount: Map<string, number>;
  positiveCount: Map<string, number>;
}

const ANNOTATION = /(?:\/\/|#|<!--|\/\*|;|--)\s*(ruleid|ok|todoruleid)\s*:\s*([\w/,\s-]+?)\s*(?:-->|\*\/)?\s*$/;

/**
 * Reads semgrep-style annotations: `// ruleid: <id>[, <id>]` marks the next non-annotation line
 * as one that must be flagged with those ids; `// ok: <id>` documents a near miss that must not be.
 */
export function readExpectations(text: string): Expectations {
  const lines = new LineIndex(text);
  const expected = new Map<number, Set<string>>();
  const okCount = new Map<string, number>();
  const positiveCount = new Map<string, number>();
  let pending: { kind: string; ids: string[] }[] = [];
  for (let i = 0; i < lines.lineCount; i++) {
    const m = ANNOTATION.exec(lines.lineText(i));
    if (m) {
      pending.push({ kind: m[1]!, ids: m[2]!.split(/[\s,]+/).filter(Boolean) });
      continue;
    }
    for (const p of pending) {
      for (const id of p.ids) {
        if (p.kind === 'ruleid') {
          let set = expected.get(i);
          if (!set) expected.set(i, (set = new Set()));
          set.add(id);
          positiveCount.set(id, (positiveCount.get(id) ?? 0) + 1);
        } else if (p.kind === 'ok') okCount.set(id, (okCount.get(id) ?? 0) + 1);
      }
    }
    pending = [];
  }
  return { expected, okCount, positiveCount };
}

/** A fixture file and the folder it is analyzed relative to (its rule's fixture folder). */
export interface Fixture {
  rule: string;
  file: string;
  /** Root the fixture's relative path is computed from: `rules/<category>/<name>/`. */
  root: string;
  relPath: string;
  fixedFile?: string;
}

/** All fixtures: files under `rules/<category>/<name>/` that are not `.fixed.` outputs. */
export function listFixtures(): Fixture[] {
  const files = globSync('*/*/**/*', { cwd: RULES_DIR, absolute: true, dot: true, onlyFiles: true }).sort();
  const out: Fixture[] = [];
  for (const file of files) {
    const rel = relative(RULES_DIR, file).split(sep);
    if (rel.length < 3) continue;
    if (/\.fixed(\.[^.]+)?$/.test(basename(file)) || /\.fixed\./.test(basename(file))) continue;
    if (basename(file) === 'README.md' || basename(file) === FIXTURE_ROOT_MARKER) continue;
    const root = fixtureRoot(file, join(RULES_DIR, rel[0]!, rel[1]!));
    const fixed = fixedPathFor(file);
    out.push({ rule: `${rel[0]}/${rel[1]}`, file, root, relPath: relative(root, file).split(sep).join('/'), ...(existsSync(fixed) ? { fixedFile: fixed } : {}) });
  }
  return out;
}

/** A folder holding this (empty) file is its own workspace root inside a rule's fixture folder. */
export const FIXTURE_ROOT_MARKER = '.redline-fixture-root';

/** The nearest folder from the file up to the rule's fixture folder that holds the marker, else the rule's folder. */
function fixtureRoot(file: string, ruleDir: string): string {
  for (let d = dirname(file); d.startsWith(ruleDir) && d !== ruleDir; d = dirname(d)) {
    if (existsSync(join(d, FIXTURE_ROOT_MARKER))) return d;
  }
  return ruleDir;
}

/** `app.js` → `app.fixed.js`; `.env` → `.env.fixed`. */
export function fixedPathFor(file: string): string {
  const base = basename(file);
  const dot = base.lastIndexOf('.');
  const name = dot > 0 ? `${base.slice(0, dot)}.fixed${base.slice(dot)}` : `${base}.fixed`;
  return join(dirname(file), name);
}

let catalog: RuleCatalog | undefined;

/** The built-in catalog, loaded once; throws if any built-in rule file has a problem. */
export async function builtinCatalog(): Promise<RuleCatalog> {
  if (!catalog) {
    await initEngine();
    catalog = loadCatalog({ builtinDir: RULES_DIR });
    if (catalog.problems.length) throw new Error(`built-in rules have problems:\n${catalog.problems.map((p) => `${p.file}: ${p.fieldPath.join('.')}: ${p.message}`).join('\n')}`);
  }
  return catalog;
}

/** Analysis options for fixtures: defaults, fixed date, project facts of the fixture folder. */
export async function fixtureOptions(root: string): Promise<AnalyzeOptions> {
  return { catalog: await builtinCatalog(), config: resolveConfig(), project: collectProjectFacts(root), today: '2026-01-15' };
}

/** Analyzes a fixture as the engine would see it in a workspace rooted at the fixture folder. */
export async function analyzeFixture(fx: Pick<Fixture, 'file' | 'root' | 'relPath'>, text = readFileSync(fx.file, 'utf8')): Promise<{ findings: Finding[]; facts: FileFacts }> {
  const language = detectLanguage(fx.file);
  if (!language) throw new Error(`no language for ${fx.file}`);
  const facts: FileFacts = { path: fx.file, relPath: fx.relPath, language, isTest: /(^|\/)(tests?|__tests__|fixtures)\//.test(fx.relPath) };
  const doc = new EngineDocument(facts, text);
  const res = doc.analyze(await fixtureOptions(fx.root));
  doc.dispose();
  return { findings: res.findings, facts };
}

/**
 * Applies the preferred fix of every finding, ESLint-style: non-overlapping fixes in one pass,
 * re-analyze, repeat (at most 10 passes). Returns the final text.
 */
export async function applyAllPreferredFixes(fx: Pick<Fixture, 'file' | 'root' | 'relPath'>, text: string): Promise<string> {
  let current = text;
  for (let pass = 0; pass < 10; pass++) {
    const { findings } = await analyzeFixture(fx, current);
    const lines = new LineIndex(current);
    const edits: OffsetEdit[] = [];
    for (const f of findings) {
      const fix = f.fixes.find((x) => x.isPreferred);
      if (!fix) continue;
      const offs = fixOffsetEdits(lines, fix);
      if (offs.some((o) => edits.some((e) => o.start < e.end && e.start < o.end) || (o.start === o.end && edits.some((e) => e.start === o.start)))) continue;
      edits.push(...offs);
    }
    if (edits.length === 0) return current;
    current = applyOffsetEdits(current, edits);
  }
  return current;
}

export { DEFAULTS };
