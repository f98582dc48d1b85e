import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { globSync } from 'tinyglobby';
import { parse } from 'yaml';
import { ROOT, RULES_DIR } from '../helpers/fixtures';

/**
 * Built-in rules run their regular expressions on JavaScript's backtracking engine (custom
 * rules run on RE2; see test/unit/hardening/linear-regex.test.ts). This test keeps them from
 * backtracking catastrophically:
 *
 * 1. recheck (https://makenowjust-labs.github.io/recheck/) analyzes every built-in pattern:
 *    `patterns[].regex` and `not[]` of every rule, and the secret rule's provider patterns
 *    (`regex`, `requires`, `near`, `unlessNear`). None may be exponential.
 * 2. A polynomial (or undecided) pattern is allowed only when `ALLOWED` names it with a reason.
 * 3. Each allowed pattern with an attack string is run on that attack scaled to a 2 MB single
 *    line in a worker thread, under the default per-file time budget: it must finish within the
 *    budget, or (`SLOW_BUT_BOUNDED`) the real analysis path must cut it short with a notice, which
 *    test/lsp/hostile.test.ts checks through the language server.
 *
 * recheck's verdicts are cached in regex-safety.recheck.json, keyed by the pattern, its flags
 * and recheck's version: a new or changed pattern is checked live (1–30 s each; the native
 * backend when installed). `REDLINE_RECHECK_WRITE=1` writes new verdicts to the cache;
 * `REDLINE_RECHECK_ALL=1` ignores the cache.
 */

const CACHE_FILE = join(__dirname, 'regex-safety.recheck.json');
const RECHECK_VERSION = (JSON.parse(readFileSync(join(ROOT, 'node_modules', 'recheck', 'package.json'), 'utf8')) as { version: string }).version;
/** The editor's default per-file time budget (redline.analysis.timeBudgetMs). */
const BUDGET_MS = 3000;
const HOSTILE_SIZE = 2_000_000;

interface BuiltinPattern {
  /** `<rule id> <field path>`, e.g. `cors/reflected-origin patterns[3].regex`. */
  key: string;
  source: string;
  flags: string;
}

interface Verdict {
  status: 'safe' | 'vulnerable' | 'unknown';
  complexity?: string;
  exponential?: boolean;
  attack?: { pumps: { prefix: string; pump: string }[]; suffix: string };
  error?: string;
}

const QUADRATIC_LITERAL =
  'scans a string literal (or line) once per keyword candidate: quadratic in one literal, so a crafted 2 MB literal runs past the budget; the worker is stopped at 2× budget + 1 s with a notice (hostile.test.ts)';
const LINE_LOCAL = 'super-linear only within one line and fast on its 2 MB attack (measured below)';
const SECRET = 'secret rules are owned by the secret engineer (reported); fast on its 2 MB attack (measured below)';
const SECRET_SLOW = 'secret rules are owned by the secret engineer (reported: quadratic on a crafted 2 MB token run); the worker is stopped at 2× budget + 1 s with a notice';
const LOOKBEHIND_IF =
  'the `^(?<!if … origin …)` line check: the lookbehind looks back over at most 21 lines, and each line start is tried once; fast on its 2 MB attack (measured below)';
const NOT_ON_MATCH = '`not` runs on the matched text only (one line), never on the whole file';

/**
 * Allowed polynomial or undecided patterns, each with why it may stay (see the constants).
 * Keys are `<rule id> <field path>`.
 */
const ALLOWED: Record<string, string> = {
  'cors/permissive-origin patterns[1].regex': QUADRATIC_LITERAL,
  'cors/permissive-origin patterns[11].regex': LINE_LOCAL,
  'cors/permissive-origin patterns[12].regex': LINE_LOCAL,
  'cors/permissive-origin patterns[15].regex': QUADRATIC_LITERAL,
  'cors/permissive-origin patterns[16].regex': QUADRATIC_LITERAL,
  'cors/permissive-origin patterns[19].regex': QUADRATIC_LITERAL,
  'cors/permissive-origin patterns[20].regex': 'the YAML list scan looks at most 200 lines ahead of each `allowedOrigins:` key; fast on its 2 MB attack (measured below)',
  'cors/permissive-origin patterns[21].regex': LINE_LOCAL,
  'cors/reflected-origin patterns[0].regex': QUADRATIC_LITERAL,
  'cors/reflected-origin patterns[1].regex': QUADRATIC_LITERAL,
  'cors/reflected-origin patterns[3].regex': LOOKBEHIND_IF,
  'cors/reflected-origin patterns[3].not[0]': NOT_ON_MATCH,
  'cors/reflected-origin patterns[5].regex': LOOKBEHIND_IF,
  'cors/reflected-origin patterns[5].not[0]': NOT_ON_MATCH,
  'cors/reflected-origin patterns[7].regex': QUADRATIC_LITERAL,
  'cors/reflected-origin patterns[8].regex': LOOKBEHIND_IF,
  'cors/reflected-origin patterns[8].not[0]': NOT_ON_MATCH,
  'cors/reflected-origin patterns[9].regex': QUADRATIC_LITERAL,
  'cors/reflected-origin patterns[10].regex': QUADRATIC_LITERAL,
  'cors/reflected-origin patterns[11].regex': QUADRATIC_LITERAL,
  'cors/reflected-origin patterns[12].regex': LOOKBEHIND_IF,
  'cors/reflected-origin patterns[12].not[0]': NOT_ON_MATCH,
  'cors/reflected-origin patterns[13].regex': QUADRATIC_LITERAL,
  'cors/reflected-origin patterns[14].regex': LOOKBEHIND_IF,
  'cors/reflected-origin patterns[14].not[0]': NOT_ON_MATCH,
  'cors/reflected-origin patterns[16].regex': LOOKBEHIND_IF,
  'cors/reflected-origin patterns[16].not[0]': NOT_ON_MATCH,
  'secret/provider-credential options.providers[1].regex': SECRET,
  'secret/provider-credential options.providers[26].regex': SECRET_SLOW,
  'secret/provider-credential options.providers[35].regex': SECRET_SLOW,
  'secret/provider-credential options.providers[39].regex': SECRET_SLOW,
  'sql/string-built-query patterns[0].regex': QUADRATIC_LITERAL,
  'sql/string-built-query patterns[1].regex': QUADRATIC_LITERAL,
  'sql/string-built-query patterns[2].regex': QUADRATIC_LITERAL,
  'sql/string-built-query patterns[3].regex': QUADRATIC_LITERAL,
  'sql/string-built-query patterns[4].regex': QUADRATIC_LITERAL,
  'sql/string-built-query patterns[5].regex': 'undecided (recheck times out on its size); same shape as patterns[4], quadratic in one literal; stopped by the worker limit',
  'sql/string-built-query patterns[6].regex': QUADRATIC_LITERAL,
  'sql/string-built-query patterns[7].regex': QUADRATIC_LITERAL,
  'sql/string-built-query patterns[8].regex': QUADRATIC_LITERAL,
  'sql/string-built-query patterns[9].regex': QUADRATIC_LITERAL,
  'sql/string-built-query patterns[10].regex': QUADRATIC_LITERAL,
  'sql/string-built-query patterns[11].regex': QUADRATIC_LITERAL,
  'sql/string-built-query patterns[12].regex': QUADRATIC_LITERAL,
  'sql/string-built-query patterns[12].not[0]': NOT_ON_MATCH,
};

/**
 * Allowed patterns that exceed the budget on their 2 MB attack: a crafted file makes analysis
 * of that file stop at the worker's hard limit with a notice (test/lsp/hostile.test.ts shows it
 * through the server, which keeps answering). Measured only with REDLINE_REDOS_ALL=1 (each takes
 * the whole budget); the others are measured in every run.
 */
const SLOW_BUT_BOUNDED = new Set(Object.entries(ALLOWED).filter(([k, r]) => r === QUADRATIC_LITERAL || r === SECRET_SLOW || r === NOT_ON_MATCH || k === 'sql/string-built-query patterns[5].regex').map(([k]) => k));

function builtinPatterns(): BuiltinPattern[] {
  const out: BuiltinPattern[] = [];
  for (const file of globSync('*/*.yaml', { cwd: RULES_DIR, absolute: true }).sort()) {
    const rule = parse(readFileSync(file, 'utf8')) as {
      id: string;
      patterns?: { regex: string; flags?: string; not?: string[] }[];
      options?: { providers?: { regex: string; flags?: string; requires?: string; near?: { pattern: string }; unlessNear?: { pattern: string } }[] };
    };
    (rule.patterns ?? []).forEach((p, i) => {
      out.push({ key: `${rule.id} patterns[${i}].regex`, source: p.regex, flags: p.flags ?? '' });
      (p.not ?? []).forEach((n, k) => out.push({ key: `${rule.id} patterns[${i}].not[${k}]`, source: n, flags: p.flags ?? '' }));
    });
    (rule.options?.providers ?? []).forEach((p, i) => {
      out.push({ key: `${rule.id} options.providers[${i}].regex`, source: p.regex, flags: p.flags ?? '' });
      if (p.requires) out.push({ key: `${rule.id} options.providers[${i}].requires`, source: p.requires, flags: '' });
      if (p.near) out.push({ key: `${rule.id} options.providers[${i}].near.pattern`, source: p.near.pattern, flags: 'i' });
      if (p.unlessNear) out.push({ key: `${rule.id} options.providers[${i}].unlessNear.pattern`, source: p.unlessNear.pattern, flags: 'i' });
    });
  }
  return out;
}

function cacheKey(p: BuiltinPattern): string {
  return createHash('sha256').update(`${RECHECK_VERSION}\0${p.flags}\0${p.source}`).digest('hex').slice(0, 24);
}

type Recheck = { check(source: string, flags: string, params: Record<string, unknown>): Promise<Record<string, unknown>> };

function loadRecheck(): Recheck {
  // The native backend (recheck-linux-x64 & co., an optional dependency) is ~10× faster; the
  // Scala.js build works everywhere. Both are offline and seeded (randomSeed 0).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const native = require('recheck') as Recheck;
  return native;
}

async function diagnose(recheck: Recheck, p: BuiltinPattern): Promise<Verdict> {
  const r = (await recheck.check(p.source, p.flags.replace(/[gd]/g, ''), { timeout: 30_000, randomSeed: 0 })) as {
    status: Verdict['status'];
    complexity?: { type: string; summary: string };
    attack?: { pumps: { prefix: string; pump: string }[]; suffix: string };
    error?: { kind: string };
  };
  const v: Verdict = { status: r.status };
  if (r.complexity) {
    v.complexity = r.complexity.summary;
    v.exponential = r.complexity.type === 'exponential';
  }
  if (r.attack) v.attack = { pumps: r.attack.pumps.map((x) => ({ prefix: x.prefix, pump: x.pump })), suffix: r.attack.suffix };
  if (r.error) v.error = r.error.kind;
  return v;
}

/** The attack string, its pumps repeated until it is about `size` characters long. */
export function scaleAttack(attack: NonNullable<Verdict['attack']>, size: number): string {
  const pumpLength = attack.pumps.reduce((n, p) => n + p.pump.length, 0) || 1;
  const times = Math.max(1, Math.floor(size / pumpLength));
  return attack.pumps.map((p) => p.prefix + p.pump.repeat(times)).join('') + attack.suffix;
}

/**
 * Runs a global `exec` loop of one pattern on `text` in a worker thread, as the pattern runner
 * does; the worker is terminated at `limitMs`. Returns the time taken, or undefined when cut.
 */
export function timeInWorker(source: string, flags: string, text: string, limitMs: number): Promise<number | undefined> {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const re = new RegExp(workerData.source, 'g' + workerData.flags.replace(/[gd]/g, ''));
    const started = performance.now();
    for (let m = re.exec(workerData.text); m; m = re.exec(workerData.text)) if (m[0].length === 0) re.lastIndex++;
    parentPort.postMessage(performance.now() - started);`;
  return new Promise((resolve, reject) => {
    const w = new Worker(code, { eval: true, workerData: { source, flags, text } });
    const timer = setTimeout(() => {
      void w.terminate();
      resolve(undefined);
    }, limitMs);
    w.once('message', (ms: number) => {
      clearTimeout(timer);
      void w.terminate();
      resolve(ms);
    });
    w.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

describe('built-in regular expressions cannot backtrack catastrophically', function () {
  this.timeout(30 * 60_000);
  const patterns = builtinPatterns();
  const verdicts = new Map<string, Verdict>();

  before(async () => {
    const cache: Record<string, Verdict> = existsSync(CACHE_FILE) && process.env.REDLINE_RECHECK_ALL !== '1' ? (JSON.parse(readFileSync(CACHE_FILE, 'utf8')) as Record<string, Verdict>) : {};
    const fresh: Record<string, Verdict> = {};
    let recheck: Recheck | undefined;
    for (const p of patterns) {
      const k = cacheKey(p);
      let v = cache[k];
      if (!v) {
        recheck ??= loadRecheck();
        v = await diagnose(recheck, p);
      }
      fresh[k] = v;
      verdicts.set(p.key, v);
    }
    if (process.env.REDLINE_RECHECK_WRITE === '1') {
      const sorted = Object.fromEntries(Object.keys(fresh).sort().map((k) => [k, fresh[k]]));
      writeFileSync(CACHE_FILE, `${JSON.stringify(sorted, null, 1)}\n`);
    }
  });

  it('finds the built-in patterns (sanity)', () => {
    assert.ok(patterns.length > 100, `only ${patterns.length} patterns found`);
    assert.ok(patterns.some((p) => p.key.startsWith('cors/reflected-origin patterns[')));
    assert.ok(patterns.some((p) => p.key.startsWith('secret/provider-credential options.providers[')));
  });

  it('no built-in pattern is exponential', () => {
    const exponential = patterns.filter((p) => verdicts.get(p.key)?.exponential).map((p) => `${p.key}: ${verdicts.get(p.key)!.complexity}`);
    assert.deepEqual(exponential, []);
  });

  it('every polynomial or undecided pattern is on the allowlist with a reason, and the allowlist names only those', () => {
    const needs = patterns.filter((p) => verdicts.get(p.key)!.status !== 'safe').map((p) => p.key);
    const missing = needs.filter((k) => !ALLOWED[k]).map((k) => `${k}: ${verdicts.get(k)!.complexity ?? verdicts.get(k)!.error}`);
    assert.deepEqual(missing, [], 'add a reason to ALLOWED (or make the pattern linear)');
    const stale = Object.keys(ALLOWED).filter((k) => !needs.includes(k));
    assert.deepEqual(stale, [], 'these are safe now: remove them from ALLOWED');
    for (const [k, reason] of Object.entries(ALLOWED)) assert.ok(reason.length > 10, `${k} needs a reason`);
  });

  it(`each allowed pattern on its attack string scaled to a 2 MB line finishes within the ${BUDGET_MS} ms budget, or is known to be cut short`, async () => {
    const all = process.env.REDLINE_REDOS_ALL === '1';
    const rows: string[] = [];
    const slow: string[] = [];
    for (const p of patterns) {
      const v = verdicts.get(p.key)!;
      if (v.status === 'safe' || !v.attack) continue;
      if (SLOW_BUT_BOUNDED.has(p.key) && !all) continue;
      const text = scaleAttack(v.attack, HOSTILE_SIZE);
      const ms = await timeInWorker(p.source, p.flags, text, BUDGET_MS);
      rows.push(`${p.key} (${v.complexity}): ${ms === undefined ? `> ${BUDGET_MS} ms (stopped)` : `${Math.round(ms)} ms`} on ${text.length} chars`);
      if (ms === undefined) slow.push(p.key);
    }
    if (process.env.REDLINE_REDOS_REPORT) writeFileSync(process.env.REDLINE_REDOS_REPORT, `${rows.join('\n')}\n`);
    assert.deepEqual(slow.filter((k) => !SLOW_BUT_BOUNDED.has(k)), [], `over budget on a 2 MB attack:\n${rows.join('\n')}`);
    if (all) assert.deepEqual([...SLOW_BUT_BOUNDED].filter((k) => verdicts.get(k)?.attack && !slow.includes(k)), [], 'these finish within the budget now: mark them measured');
  });
});
