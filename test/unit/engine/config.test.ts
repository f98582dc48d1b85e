import { strict as assert } from 'node:assert';
import {
  DEFAULT_DOMAINS,
  DEFAULT_IGNORE,
  DEFAULT_TEST_GLOBS,
  DEFAULTS,
  EditorSettingsSchema,
  effectiveSeverity,
  ProjectConfigSchema,
  resolveConfig,
  type EditorSettings,
  type ProjectConfig,
} from '../../../server/src/engine/config';

/** Settings merge: built-in default ← editor setting ← `.redline.json`. */
describe('resolveConfig', () => {
  it('gives the defaults, as a copy, without settings', () => {
    const c = resolveConfig();
    assert.deepEqual(c, DEFAULTS);
    assert.equal(c.enable, true);
    assert.deepEqual(c.categories, { secret: true, sql: true, cors: true, auth: true });
    assert.equal(c.maxFileBytes, 4 * 1024 * 1024);
    assert.equal(c.timeBudgetMs, 3000);
    assert.equal(c.debounceMs, 150);
    assert.equal(c.rulesPath, '.redline/rules');
    assert.deepEqual(c.aiRegions, { raiseSeverity: true, highRiskDomains: ['auth', 'payments', 'crypto'], captureInlineCompletions: true, largeInsertionLines: 8 });
    c.categories.sql = false;
    c.auth.middleware.push('x');
    c.domains.auth.paths.push('x');
    c.ignore.push('x');
    assert.equal(DEFAULTS.categories.sql, true);
    assert.deepEqual(DEFAULTS.auth.middleware, []);
    assert.ok(!DEFAULT_DOMAINS.auth.paths.includes('x'));
    assert.ok(!DEFAULT_IGNORE.includes('x'));
    assert.deepEqual(resolveConfig({}, {}), DEFAULTS);
  });

  it('lets the project file win over the editor settings', () => {
    const settings: EditorSettings = { enable: false, categories: { sql: false, cors: false }, severityOverrides: { sql: 'info', 'cors/wildcard-origin': 'hint' }, rulesPath: 'editor-rules' };
    const project: ProjectConfig = { categories: { cors: true, auth: false }, severityOverrides: { sql: 'error' }, rulesPath: 'project-rules' };
    const c = resolveConfig(settings, project);
    assert.equal(c.enable, false, 'the project file has no enable switch');
    assert.deepEqual(c.categories, { secret: true, sql: false, cors: true, auth: false });
    assert.deepEqual(c.severityOverrides, { sql: 'error', 'cors/wildcard-origin': 'hint' });
    assert.equal(c.rulesPath, 'project-rules');
    assert.equal(resolveConfig(settings).rulesPath, 'editor-rules');
    assert.equal(resolveConfig({ enable: true }).enable, true);
    assert.equal(resolveConfig({ enable: undefined }).enable, true, 'an unset switch keeps the default');
    assert.equal(resolveConfig({ rulesPath: '' }).rulesPath, '.redline/rules');
  });

  it('adds ignore globs to the built-in ones; the project list replaces the editor list', () => {
    assert.deepEqual(resolveConfig({ ignore: ['a/**'] }).ignore, [...DEFAULT_IGNORE, 'a/**']);
    assert.deepEqual(resolveConfig({ ignore: ['a/**'] }, { ignore: ['b/**'] }).ignore, [...DEFAULT_IGNORE, 'b/**']);
    assert.deepEqual(resolveConfig({ ignore: ['a/**'] }, {}).ignore, [...DEFAULT_IGNORE, 'a/**']);
  });

  it('replaces the test globs', () => {
    assert.deepEqual(resolveConfig().testGlobs, DEFAULT_TEST_GLOBS);
    assert.deepEqual(resolveConfig({ testGlobs: ['e2e/**'] }).testGlobs, ['e2e/**']);
    assert.deepEqual(resolveConfig({ testGlobs: ['e2e/**'] }, { testGlobs: ['qa/**'] }).testGlobs, ['qa/**']);
    assert.deepEqual(resolveConfig({ testGlobs: [] }).testGlobs, []);
  });

  it('extends the auth names from both sources, without duplicates', () => {
    const c = resolveConfig(
      { auth: { middleware: ['requireUser'], decorators: ['staff_only'] } },
      { auth: { middleware: ['requireUser', 'checkJwt'], sessionChecks: ['currentUser'], publicPaths: ['^/health$'], dependencies: ['get_user'] } },
    );
    assert.deepEqual(c.auth, {
      middleware: ['requireUser', 'checkJwt'],
      decorators: ['staff_only'],
      dependencies: ['get_user'],
      sessionChecks: ['currentUser'],
      publicPaths: ['^/health$'],
    });
  });

  it('extends the default domains with paths and signals from both sources', () => {
    const c = resolveConfig({ domains: { payments: { paths: ['**/ledger/**'] } } }, { domains: { payments: { signals: ['\\bledger\\b'] }, crypto: { paths: ['**/kms/**'] } } });
    assert.deepEqual(c.domains.payments.paths, [...DEFAULT_DOMAINS.payments.paths, '**/ledger/**']);
    assert.deepEqual(c.domains.payments.signals, [...DEFAULT_DOMAINS.payments.signals, '\\bledger\\b']);
    assert.deepEqual(c.domains.crypto.paths, [...DEFAULT_DOMAINS.crypto.paths, '**/kms/**']);
    assert.deepEqual(c.domains.crypto.signals, DEFAULT_DOMAINS.crypto.signals);
    assert.deepEqual(c.domains.auth, DEFAULT_DOMAINS.auth);
  });

  it('takes AI-region settings field by field, falsy values included', () => {
    const c = resolveConfig({ aiRegions: { raiseSeverity: false, captureInlineCompletions: false, largeInsertionLines: 0 } }, { aiRegions: { highRiskDomains: ['personal-data'] } });
    assert.deepEqual(c.aiRegions, { raiseSeverity: false, highRiskDomains: ['personal-data'], captureInlineCompletions: false, largeInsertionLines: 0 });
    const d = resolveConfig({ aiRegions: { largeInsertionLines: 20, highRiskDomains: ['auth'] } }, { aiRegions: { raiseSeverity: true } });
    assert.deepEqual(d.aiRegions, { raiseSeverity: true, highRiskDomains: ['auth'], captureInlineCompletions: true, largeInsertionLines: 20 });
    assert.deepEqual(resolveConfig({ aiRegions: {} }).aiRegions, DEFAULTS.aiRegions);
  });

  it('reads analysis timing from the editor and the size limit from the project first', () => {
    const c = resolveConfig({ analysis: { debounceMs: 0, timeBudgetMs: 500, maxFileBytes: 1000 } });
    assert.equal(c.debounceMs, 0);
    assert.equal(c.timeBudgetMs, 500);
    assert.equal(c.maxFileBytes, 1000);
    assert.equal(resolveConfig({ analysis: { maxFileBytes: 1000 } }, { maxFileBytes: 2000 }).maxFileBytes, 2000);
    assert.equal(resolveConfig(undefined, { maxFileBytes: 2000 }).maxFileBytes, 2000);
    const partial = resolveConfig({ analysis: { timeBudgetMs: 700 } });
    assert.deepEqual([partial.debounceMs, partial.timeBudgetMs, partial.maxFileBytes], [150, 700, 4 * 1024 * 1024]);
    const other = resolveConfig({ analysis: { debounceMs: 5 } });
    assert.deepEqual([other.debounceMs, other.timeBudgetMs, other.maxFileBytes], [5, 3000, 4 * 1024 * 1024]);
  });
});

describe('effectiveSeverity', () => {
  const config = resolveConfig({ categories: { cors: false }, severityOverrides: { sql: 'info', 'sql/string-built-query': 'hint', 'secret/hardcoded-secret': 'off', auth: 'off' } });

  it('prefers a rule-id override to a category override', () => {
    assert.equal(effectiveSeverity(config, 'sql/string-built-query', 'error'), 'hint');
    assert.equal(effectiveSeverity(config, 'sql/other-rule', 'error'), 'info');
  });

  it('returns null for rules turned off or in a category switched off', () => {
    assert.equal(effectiveSeverity(config, 'secret/hardcoded-secret', 'error'), null);
    assert.equal(effectiveSeverity(config, 'auth/missing-auth', 'warning'), null);
    assert.equal(effectiveSeverity(config, 'cors/wildcard-origin', 'warning'), null);
  });

  it('keeps the base severity without an override', () => {
    assert.equal(effectiveSeverity(config, 'secret/provider-credential', 'error'), 'error');
    assert.equal(effectiveSeverity(resolveConfig(), 'cors/wildcard-origin', 'warning'), 'warning');
    assert.equal(effectiveSeverity(config, 'redline/analysis-truncated', 'info'), 'info', 'not a security category');
  });
});

describe('settings schemas', () => {
  it('accept valid regular expressions only, in unicode mode', () => {
    assert.ok(ProjectConfigSchema.safeParse({ auth: { publicPaths: ['^/health$'] } }).success);
    const bad = ProjectConfigSchema.safeParse({ auth: { publicPaths: ['^/(health$'] } });
    assert.ok(!bad.success);
    assert.match(JSON.stringify(bad.error.issues), /is not a valid regular expression/);
    // `\-` outside a class is fine for RegExp without flags but not in unicode mode.
    assert.ok(!ProjectConfigSchema.safeParse({ domains: { auth: { signals: ['a\\-b'] } } }).success);
    assert.ok(ProjectConfigSchema.safeParse({ domains: { auth: { signals: ['a-b'] } } }).success);
  });

  it('reject unknown project keys and strip unknown editor keys', () => {
    assert.ok(!ProjectConfigSchema.safeParse({ categorys: {} }).success);
    const e = EditorSettingsSchema.safeParse({ enable: true, somethingElse: 1 });
    assert.ok(e.success);
    assert.deepEqual(e.data, { enable: true });
  });
});
