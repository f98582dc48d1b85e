import { strict as assert } from 'node:assert';
import { DEFAULTS, resolveConfig, type ResolvedConfig } from '../../../server/src/engine/config';
import type { Finding, Severity } from '../../../server/src/engine/types';
import {
  adjustFindingsForRegions,
  attachDomains,
  classifyDomains,
  createRegion,
  evaluateGate,
  isHighRisk,
  parseFailOnUnreviewed,
  REGION_PROPERTY_KEYS,
  type Region,
  type RegionWithDomains,
} from '../../../server/src/regions';
import { ORIGIN, rangeOf, REVIEWER } from './helpers';

const TEXT = ['import stripe from "stripe";', 'export async function charge(amount) {', '  return stripe.charges.create({ amount });', '}', 'export const sum = (a, b) => a + b;', ''].join('\n');

const FN = 'export async function charge(amount) {\n  return stripe.charges.create({ amount });\n}';

function region(needle: string, path = 'src/lib/util.ts', status: 'unreviewed' | 'reviewed' | 'stale' = 'unreviewed'): Region {
  const r = createRegion({ path, range: rangeOf(TEXT, needle), origin: ORIGIN, text: TEXT });
  if (status === 'unreviewed') return r;
  const reviewedHash = status === 'reviewed' ? r.contentHash : 'sha256:' + '0'.repeat(64);
  return { ...r, review: { by: REVIEWER, at: r.createdAt, contentHash: reviewedHash }, reviewUpdatedAt: r.createdAt, status };
}

function finding(severity: Severity, line: number, ruleId = 'secret/hardcoded-secret'): Finding {
  return { ruleId, category: 'secret', severity, message: 'Hardcoded secret', range: { start: { line, character: 2 }, end: { line, character: 10 } }, confidence: 'high', related: [], fixes: [], fingerprint: `fp-${line}` };
}

describe('regions/domains', () => {
  it('classifies by path globs', () => {
    assert.deepEqual(classifyDomains('src/auth/session.ts', undefined, DEFAULTS), ['auth']);
    assert.deepEqual(classifyDomains('infra/main.tf', undefined, DEFAULTS), ['infrastructure']);
    assert.deepEqual(classifyDomains('.github/workflows/ci.yml', undefined, DEFAULTS), ['infrastructure']);
    assert.deepEqual(classifyDomains('src/lib/math.ts', undefined, DEFAULTS), []);
  });

  it('classifies by content signals (case-insensitive), combined with the path', () => {
    assert.deepEqual(classifyDomains('src/lib/util.ts', 'return stripe.charges.create({ amount });', DEFAULTS), ['payments']);
    assert.deepEqual(classifyDomains('src/lib/util.ts', 'const hash = await bcrypt.hash(PASSWORD, 10)', DEFAULTS), ['auth']);
    assert.deepEqual(classifyDomains('src/lib/util.ts', "crypto.createCipheriv('aes-256-gcm', key, iv)", DEFAULTS), ['crypto']);
    assert.deepEqual(classifyDomains('src/users/profile.ts', 'send(user.email)', DEFAULTS), ['personal-data']);
    assert.deepEqual(classifyDomains('src/auth/x.ts', 'stripe.refunds.create()', DEFAULTS), ['auth', 'payments']);
    assert.deepEqual(classifyDomains('src/lib/util.ts', 'const sum = (a, b) => a + b;', DEFAULTS), []);
  });

  it('project configuration extends the defaults', () => {
    const config = resolveConfig(undefined, { domains: { payments: { paths: ['src/ledger/**'], signals: ['\\bledger\\.post\\b'] } } });
    assert.deepEqual(classifyDomains('src/ledger/book.ts', undefined, config), ['payments']);
    assert.deepEqual(classifyDomains('x.ts', 'ledger.post(entry)', config), ['payments']);
    assert.deepEqual(classifyDomains('src/billing/x.ts', undefined, config), ['payments'], 'defaults kept');
  });

  it('isHighRisk: unreviewed or stale and in a high-risk domain', () => {
    const cfg: Pick<ResolvedConfig, 'aiRegions'> = DEFAULTS;
    assert.equal(isHighRisk({ status: 'unreviewed', domains: ['payments'] }, cfg), true);
    assert.equal(isHighRisk({ status: 'stale', domains: ['auth'] }, cfg), true);
    assert.equal(isHighRisk({ status: 'reviewed', domains: ['auth'] }, cfg), false);
    assert.equal(isHighRisk({ status: 'unreviewed', domains: ['personal-data'] }, cfg), false);
  });

  it('attachDomains reads each file once and classifies orphaned regions by path only', () => {
    let reads = 0;
    const regs = [region('stripe.charges.create'), region('export const sum')];
    const out = attachDomains(regs, DEFAULTS, () => (reads++, TEXT));
    assert.equal(reads, 1);
    assert.deepEqual(out.map((r) => r.domains), [['payments'], []]);
  });
});

describe('regions/gate', () => {
  const withDomains = (r: Region): RegionWithDomains => attachDomains([r], DEFAULTS, () => TEXT)[0]!;
  const payments = withDomains(region('stripe.charges.create'));
  const plain = withDomains(region('export const sum'));

  it('parses --fail-on-unreviewed', () => {
    assert.equal(parseFailOnUnreviewed('any'), 'any');
    assert.deepEqual(parseFailOnUnreviewed('auth, payments'), ['auth', 'payments']);
    assert.throws(() => parseFailOnUnreviewed('auth,money'), /unknown domain "money".*auth, payments, crypto, personal-data, infrastructure/);
  });

  it('fails unreviewed regions touching the listed domains, not others', () => {
    const res = evaluateGate([payments, plain], {}, { failOnUnreviewed: ['payments'] });
    assert.equal(res.failed, true);
    assert.deepEqual(res.failures.map((f) => f.region.id), [payments.id]);
    assert.deepEqual(res.failures[0]!.reasons, [{ kind: 'domain', status: 'unreviewed', domains: ['payments'] }]);
    assert.equal(evaluateGate([payments, plain], {}, { failOnUnreviewed: ['auth'] }).failed, false);
  });

  it('any: every unreviewed or stale region fails; reviewed ones never do', () => {
    const stale = withDomains(region('export const sum', 'src/lib/util.ts', 'stale'));
    const ok = withDomains(region('stripe.charges.create', 'src/lib/util.ts', 'reviewed'));
    const res = evaluateGate([stale, ok], {}, { failOnUnreviewed: 'any' });
    assert.deepEqual(res.failures.map((f) => [f.region.id, f.reasons[0]!.kind, (f.reasons[0] as { status: string }).status]), [[stale.id, 'any', 'stale']]);
  });

  it('fails regions containing findings at or above --fail-on, with the finding as reason', () => {
    const findings = { 'src/lib/util.ts': [finding('warning', 4), finding('info', 4, 'sql/x')] };
    const res = evaluateGate([plain], findings, { failOnUnreviewed: ['auth'], failOn: 'warning' });
    assert.equal(res.failed, true);
    assert.deepEqual(res.failures[0]!.reasons.map((r) => (r.kind === 'finding' ? r.ruleId : r.kind)), ['secret/hardcoded-secret']);
    assert.equal(evaluateGate([plain], findings, { failOnUnreviewed: ['auth'], failOn: 'error' }).failed, false);
    assert.equal(evaluateGate([plain], new Map([['other.ts', [finding('error', 4)]]]), { failOnUnreviewed: ['auth'], failOn: 'hint' }).failed, false, 'other files do not count');
    assert.equal(evaluateGate([plain], { 'src/lib/util.ts': [finding('error', 0)] }, { failOnUnreviewed: ['auth'], failOn: 'hint' }).failed, false, 'outside the region');
  });

  it('orphaned regions are listed, and fail only when asked', () => {
    const orphan: RegionWithDomains = { ...payments, status: 'orphaned', orphan: { reason: 'not-found', at: payments.createdAt, previousStatus: 'unreviewed' } };
    const res = evaluateGate([orphan], {}, { failOnUnreviewed: 'any' });
    assert.equal(res.failed, false);
    assert.deepEqual(res.orphaned.map((r) => r.id), [orphan.id]);
    assert.equal(evaluateGate([orphan], {}, { failOnUnreviewed: 'any', orphaned: 'fail' }).failed, true);
  });
});

describe('regions/gate: adjustFindingsForRegions', () => {
  const unrev = region(FN);
  it('raises a finding inside an unreviewed region one level and says so; attaches region properties', () => {
    const [out] = adjustFindingsForRegions([finding('warning', 2)], [unrev], DEFAULTS);
    assert.equal(out!.finding.severity, 'error');
    assert.match(out!.finding.message, /^Hardcoded secret \(inside unreviewed AI-generated code: copilot, openai\/gpt-4o\)$/);
    assert.equal(out!.regionId, unrev.id);
    assert.equal(out!.finding.properties?.[REGION_PROPERTY_KEYS.id], unrev.id);
    assert.equal(out!.finding.properties?.[REGION_PROPERTY_KEYS.status], 'unreviewed');
    assert.equal(out!.finding.properties?.[REGION_PROPERTY_KEYS.tool], 'copilot');
    assert.equal(out!.finding.properties?.[REGION_PROPERTY_KEYS.model], 'openai/gpt-4o');
    assert.equal(out!.finding.properties?.[REGION_PROPERTY_KEYS.method], 'inline-completion');
  });

  it('stale regions raise too, with their own wording', () => {
    const stale = region(FN, 'src/lib/util.ts', 'stale');
    const [out] = adjustFindingsForRegions([finding('info', 2)], [stale], DEFAULTS);
    assert.equal(out!.finding.severity, 'warning');
    assert.match(out!.finding.message, /changed since its review/);
  });

  it('reviewed regions, findings outside, the setting off and Redline notices: no raise', () => {
    const ok = region(FN, 'src/lib/util.ts', 'reviewed');
    const [a] = adjustFindingsForRegions([finding('warning', 2)], [ok], DEFAULTS);
    assert.equal(a!.finding.severity, 'warning');
    assert.equal(a!.finding.properties?.[REGION_PROPERTY_KEYS.status], 'reviewed', 'still carries the region for SARIF');
    const [b] = adjustFindingsForRegions([finding('warning', 0)], [unrev], DEFAULTS);
    assert.equal(b!.finding.severity, 'warning');
    assert.equal(b!.regionId, undefined);
    const off = { aiRegions: { ...DEFAULTS.aiRegions, raiseSeverity: false } };
    const [c] = adjustFindingsForRegions([finding('warning', 2)], [unrev], off);
    assert.equal(c!.finding.severity, 'warning');
    assert.equal(c!.regionId, unrev.id);
    const notice = { ...finding('info', 2), category: 'redline' as const, ruleId: 'redline/file-too-large' };
    assert.equal(adjustFindingsForRegions([notice], [unrev], DEFAULTS)[0]!.finding, notice);
  });

  it('does not mutate its input', () => {
    const f = finding('hint', 2);
    const copy = structuredClone(f);
    adjustFindingsForRegions([f], [unrev], DEFAULTS);
    assert.deepEqual(f, copy);
  });
});
