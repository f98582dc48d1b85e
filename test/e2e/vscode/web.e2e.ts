import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { CodeServer } from './codeServer';
import { CHROMIUM, CHROMIUM_ARGS, REQUIRED, SHOTS, VSIX, WORKSPACE_SRC, missing, playwright } from './env';
import { until, Workbench, type Row, type Squiggle } from './workbench';

/**
 * Redline in real VS Code: code-server 4.100.3 (VS Code 1.100.3) in headless Chromium, driven by
 * playwright-core, with the extension installed from the .vsix that `npm run package` builds.
 * Every assertion is on what the page shows (squiggle decorations, Problems rows, tree items,
 * gutter icons, the status bar), and every step leaves a screenshot in test-results/e2e/.
 * One code-server and one browser serve all six scenarios, in order.
 *
 * Needs: `bash scripts/e2e/install-code-server.sh` and `npm run package`. Without them the suite
 * is skipped on a developer's machine and fails when CI or REDLINE_REQUIRE_E2E is set.
 */
/**
 * Clean files added to the workspace copy so that "Scan workspace" runs long enough (about two
 * seconds here) for its progress to be on screen in a screenshot; they add no findings.
 */
const SCAN_LOAD_FILES = 60;
function cleanReports(n: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 1; i <= n; i++) {
    out[`reports/report${i}.js`] = [
      "const { Pool } = require('pg');",
      'const pool = new Pool();',
      '',
      `async function report${i}(from, to) {`,
      "  const { rows } = await pool.query('SELECT day, SUM(total) AS total FROM sales WHERE day BETWEEN $1 AND $2 GROUP BY day', [from, to]);",
      '  return rows.map((r) => ({ day: r.day, total: Number(r.total) }));',
      '}',
      '',
      `module.exports = { report${i} };`,
      '',
    ].join('\n');
  }
  return out;
}

describe('VS Code (code-server in headless Chromium) with the packaged extension', function () {
  this.timeout(120_000);

  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  let wb: Workbench;
  const timings: { name: string; ms: number; ok: boolean }[] = [];
  let started = 0;
  let setupMs = 0;

  const ws = (rel: string) => join(server!.dirs.workspace, rel);
  const onLine = (s: Squiggle[], line: number) => s.filter((x) => x.line === line);
  /** A Problems row shows the source and the rule id as "redline(rule/id)" (the parentheses are drawn apart). */
  const showsRule = (r: Row, rule: string) => new RegExp(`redline\\W*${rule.replace('/', '\\/')}\\b`).test(r.text);

  before(async function () {
    this.timeout(240_000);
    const gaps = missing();
    if (gaps.length) {
      const msg = `VS Code e2e cannot run here:\n  - ${gaps.join('\n  - ')}`;
      if (REQUIRED) throw new Error(`${msg}\n(CI / REDLINE_REQUIRE_E2E is set, so this fails instead of skipping)`);
      console.log(`      SKIPPED (not counted as passed): ${msg}`);
      this.skip();
    }
    const t0 = Date.now();
    server = CodeServer.prepare(WORKSPACE_SRC, cleanReports(SCAN_LOAD_FILES));
    server.installExtension(VSIX);
    await server.start();
    browser = await playwright().chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    wb = new Workbench(page, SHOTS);
    await wb.load(server.url());
    setupMs = Date.now() - t0;
    console.log(`      setup (install .vsix, start code-server, load workbench): ${(setupMs / 1000).toFixed(1)} s`);
  });

  beforeEach(async function () {
    started = Date.now();
    // Each scenario starts with no editor open (and no menu left over from a failed one).
    if (page) await wb.closeAllEditors();
  });

  afterEach(async function () {
    const name = this.currentTest?.title ?? '?';
    const ok = this.currentTest?.state === 'passed';
    if (this.currentTest?.state !== 'pending') timings.push({ name, ms: Date.now() - started, ok });
    if (!ok && page && this.currentTest?.state === 'failed') {
      // What the page showed when it failed, for the person reading the CI log.
      await wb.shot('FAILED').catch(() => undefined);
      await page
        .content()
        .then((html) => writeFileSync(join(SHOTS, `${name.split(' ')[0]}-FAILED.html`), html))
        .catch(() => undefined);
      // The Redline output channel and extension host log, for what the server said.
      for (const log of server?.extensionLogs() ?? []) writeFileSync(join(SHOTS, `${name.split(' ')[0]}-FAILED-${log.name}`), log.text);
    }
  });

  after(async function () {
    this.timeout(30_000);
    if (timings.length) {
      console.log(`\n      VS Code e2e timings (setup ${(setupMs / 1000).toFixed(1)} s):`);
      for (const t of timings) console.log(`        ${t.ok ? 'ok  ' : 'FAIL'} ${(t.ms / 1000).toFixed(1).padStart(6)} s  ${t.name}`);
      console.log(`      screenshots: ${SHOTS}`);
      const summary = { setupMs, scenarios: timings, passed: timings.filter((t) => t.ok).length, failed: timings.filter((t) => !t.ok).length };
      writeFileSync(join(SHOTS, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
    }
    await browser?.close().catch(() => undefined);
    if (server && timings.some((t) => !t.ok)) console.log(`      code-server log (tail):\n${server.log.split('\n').slice(-30).join('\n')}`);
    await server?.stop();
  });

  it('1 opening files shows squiggles for all four categories and Problems lists them with rule ids', async function () {
    wb.beginScenario('1-open');
    await wb.openFile('api/server.js');
    // api/server.js: secret (line 7), CORS (10), SQL (13), unauthenticated DELETE route (17).
    const squiggles = await wb.waitForSquiggles('on lines 7, 10, 13 and 17 of api/server.js', (s) => [7, 10, 13, 17].every((l) => onLine(s, l).length > 0));
    assert.ok(onLine(squiggles, 7).some((s) => s.severity === 'error' && s.lineText.includes('jwtSecret')), 'hardcoded secret squiggle (error) on line 7');
    assert.ok(onLine(squiggles, 10).some((s) => s.severity === 'error' && s.lineText.includes('cors(')), 'CORS squiggle (error) on line 10');
    assert.ok(onLine(squiggles, 13).some((s) => s.severity === 'error' && s.lineText.includes('pool.query')), 'SQL squiggle (error) on line 13');
    assert.ok(onLine(squiggles, 17).some((s) => s.severity === 'warning' && s.lineText.includes('app.delete')), 'missing-auth squiggle (warning) on line 17');
    await wb.shot('server-js-squiggles');

    const expected = [
      ['secret/hardcoded-credential', '[Ln 7, Col 19]'],
      ['cors/reflected-origin', '[Ln 10, Col 16]'],
      ['sql/string-built-query', '[Ln 13, Col 37]'],
      ['auth/missing-authentication', '[Ln 17, Col 1]'],
    ] as const;
    const problems = await wb.waitForProblems('four Redline rows for api/server.js', '**/api/server.js', (p) => expected.every(([rule, at]) => (p.get('api/server.js') ?? []).some((r) => showsRule(r, rule) && r.text.includes(at))));
    for (const [rule, at] of expected) {
      const row = problems.get('api/server.js')!.find((r) => showsRule(r, rule) && r.text.includes(at));
      assert.ok(row, `Problems row "redline(${rule}) ${at}"`);
    }
    await wb.shot('problems-server-js');

    // The Python side (tree-sitter): the same four categories in service/app.py.
    await wb.openFile('service/app.py');
    const py = await wb.waitForSquiggles('on lines 7, 8, 15 and 19 of service/app.py', (s) => [7, 8, 15, 19].every((l) => onLine(s, l).length > 0));
    assert.ok(onLine(py, 7).some((s) => s.lineText.includes('secret_key')), 'secret squiggle on app.secret_key');
    assert.ok(onLine(py, 8).some((s) => s.lineText.includes('CORS(app)')), 'CORS squiggle on CORS(app)');
    assert.ok(onLine(py, 15).some((s) => s.lineText.includes('@app.route')), 'missing-auth squiggle on the POST route');
    assert.ok(onLine(py, 19).some((s) => s.lineText.includes('db.execute')), 'SQL squiggle on the f-string query');
    await wb.waitForProblems('four Redline rows for service/app.py', '**/service/app.py', (p) =>
      [
        ['secret/hardcoded-credential', '[Ln 7, Col 18]'],
        ['cors/permissive-origin', '[Ln 8, Col 1]'],
        ['auth/missing-authentication', '[Ln 15, Col 1]'],
        ['sql/string-built-query', '[Ln 19, Col 16]'],
      ].every(([rule, at]) => (p.get('service/app.py') ?? []).some((r) => showsRule(r, rule!) && r.text.includes(at!))),
    );
    await wb.shot('app-py-squiggles-and-problems');
  });

  it('2 typing a finding shows its squiggle without saving, and deleting it clears it', async function () {
    wb.beginScenario('2-typing');
    await wb.openFile('api/notes.js');
    const onDisk = readFileSync(ws('api/notes.js'), 'utf8');
    assert.deepEqual(await wb.squiggles(), [], 'api/notes.js starts clean');
    await wb.goto(2, 1);
    await wb.type("const dbPassword = 'Xy7pQ2rT9wLkMb4Zs';");
    await until('the typed line shown', async () => (await wb.lineText(2)) === "const dbPassword = 'Xy7pQ2rT9wLkMb4Zs';", 5_000);
    await wb.waitForSquiggles('on the typed line 2', (s) => onLine(s, 2).some((x) => x.severity === 'error'), 15_000);
    assert.ok(await wb.activeTabDirty(), 'the tab shows unsaved changes');
    assert.equal(readFileSync(ws('api/notes.js'), 'utf8'), onDisk, 'nothing was saved to disk');
    await wb.waitForProblems('the typed secret listed', '**/api/notes.js', (p) => (p.get('api/notes.js') ?? []).some((r) => showsRule(r, 'secret/hardcoded-credential') && r.text.includes('[Ln 2, Col 20]')));
    await wb.shot('typed-secret-squiggle');

    // Delete what was typed: select the line's text and remove it.
    await wb.page.keyboard.press('End');
    await wb.page.keyboard.press('Shift+Home');
    await wb.page.keyboard.press('Delete');
    await until('line 2 empty again', async () => (await wb.lineText(2))?.trim() === '', 5_000);
    await wb.waitForSquiggles('none left in api/notes.js', (s) => s.length === 0, 15_000);
    await wb.waitForProblems('no row for api/notes.js', '**/api/notes.js', (p) => !p.has('api/notes.js'));
    await wb.shot('deleted-squiggle-cleared');
    await wb.command('File: Revert File');
    await until('api/notes.js reverted', async () => !(await wb.activeTabDirty()), 10_000);
  });

  it('3 a quick fix from Ctrl+. rewrites the code, the file is saved and the finding is gone; "Ignore on this line" inserts the comment', async function () {
    wb.beginScenario('3-quickfix');
    await wb.openFile('api/orders.js');
    await wb.waitForSquiggles('on lines 6 and 11 of api/orders.js', (s) => onLine(s, 6).length > 0 && onLine(s, 11).length > 0);
    await wb.shot('before');

    await wb.goto(6, 35);
    const titles = await wb.openQuickFixes(/Parameterize the query/);
    assert.ok(titles.some((t) => /Ignore sql\/string-built-query on this line/.test(t)), `menu also offers the ignore action: ${titles.join(' | ')}`);
    await wb.shot('quick-fix-menu');
    await wb.chooseAction(/Parameterize the query/);
    const fixed = '  const result = await pool.query(`SELECT * FROM orders WHERE id = $1`, [orderId]);';
    await until('line 6 parameterized', async () => (await wb.lineText(6)) === fixed, 10_000);
    await wb.save();
    assert.ok(readFileSync(ws('api/orders.js'), 'utf8').includes(fixed.trim()), 'the parameterized query is saved to disk');
    await wb.waitForSquiggles('none on line 6 after the fix', (s) => onLine(s, 6).length === 0 && onLine(s, 11).length > 0);
    await wb.waitForProblems('only the line-11 query left for orders.js', '**/api/orders.js', (p) => {
      const rows = p.get('api/orders.js') ?? [];
      return rows.length === 1 && rows[0]!.text.includes('[Ln 11, Col 35]');
    });
    await wb.shot('after-parameterize');

    await wb.goto(11, 35);
    await wb.openQuickFixes(/Ignore sql\/string-built-query on this line/);
    await wb.chooseAction(/Ignore sql\/string-built-query on this line/);
    await until('the ignore comment above the query', async () => /^\s*\/\/ redline-ignore-next-line sql\/string-built-query --\s*$/.test((await wb.lineText(11)) ?? ''), 10_000);
    assert.match((await wb.lineText(12)) ?? '', /pool\.query\("SELECT \* FROM orders WHERE status/, 'the query moved to line 12');
    // The SQL finding is gone from the query; Redline now asks for a reason after "--" (info).
    await wb.waitForSquiggles('no error on the query (line 12), an info note on the comment (line 11)', (s) => onLine(s, 12).length === 0 && onLine(s, 11).some((x) => x.severity === 'info'));
    await wb.waitForProblems('only the "give a reason" note for orders.js', '**/api/orders.js', (p) => {
      const rows = p.get('api/orders.js') ?? [];
      return rows.length === 1 && showsRule(rows[0]!, 'redline/ignore-without-reason');
    });
    await wb.shot('ignore-comment-inserted');
    // Give the reason, as the note asks, and save: the file is clean.
    await wb.goto(11, 1);
    await wb.page.keyboard.press('End');
    await wb.type(' status comes from a fixed enum');
    await wb.save();
    assert.match(readFileSync(ws('api/orders.js'), 'utf8'), /\/\/ redline-ignore-next-line sql\/string-built-query -- status comes from a fixed enum\n.*WHERE status = '" \+ status/, 'the comment is saved above the query');
    await wb.waitForSquiggles('none left in api/orders.js', (s) => s.length === 0);
    await wb.waitForProblems('no Redline rows for orders.js', '**/api/orders.js', (p) => !p.has('api/orders.js'));
    await wb.shot('after-ignore');
  });

  it('4 tagging a selection as AI-generated shows it in the AI Regions tree and the gutter; marking it reviewed changes its status', async function () {
    wb.beginScenario('4-regions');
    await wb.openFile('api/payments.js');
    await wb.selectLines(5, 9);
    await wb.command('Redline: Tag Selection as AI-Generated');
    await wb.page.getByText('Which assistant wrote this code?').waitFor({ state: 'visible', timeout: 10_000 });
    await wb.shot('origin-picker');
    await wb.pick('Claude Code');

    await until('the tag command to finish (picker closed)', async () => {
      await wb.failOnErrorDialog();
      return !(await wb.page.getByText('Which assistant wrote this code?').isVisible());
    });
    await wb.failOnErrorDialog();
    const rows = await wb.waitForViewRows('AI Regions', 'a region L5–9 by Claude Code, unreviewed', (r) => r.some((x) => /^L5–9 · Claude Code unreviewed\b/.test(x.label)));
    assert.ok(rows.some((r) => /5 AI lines, 5 unreviewed/.test(r.text)), `summary row: ${rows.map((r) => r.text).join(' | ')}`);
    assert.ok(rows.some((r) => /api\/payments\.js/.test(r.text) && /1 region/.test(r.text)), 'file row for api/payments.js');
    const gutter = await until('unreviewed gutter bars on lines 5-9', async () => {
      const g = await wb.gutterIcons();
      return [5, 6, 7, 8, 9].every((l) => g.some((x) => x.line === l && x.image.includes('gutter-unreviewed'))) ? g : undefined;
    });
    assert.ok(!gutter.some((x) => x.line < 5 || x.line > 9), `no gutter bar outside the region: ${JSON.stringify(gutter)}`);
    await until('the status bar to count 1 unreviewed region', async () => /1 unreviewed/.test(await wb.statusText()));
    await wb.shot('tagged-tree-and-gutter');

    // Mark reviewed with the row's inline action (hover shows it).
    const row = await wb.viewRow('AI Regions', /L5–9 · Claude Code/);
    await row.hover();
    await row.locator('.actions .action-label[aria-label="Mark Reviewed"]').click();
    await wb.waitForViewRows('AI Regions', 'the region reviewed', (r) => r.some((x) => /^L5–9 · Claude Code reviewed\b/.test(x.label)));
    const summary = (await wb.viewRows('AI Regions')).find((r) => /AI lines/.test(r.text));
    assert.match(summary?.text ?? '', /5 AI lines, 0 unreviewed/);
    await until('reviewed gutter bars on lines 5-9', async () => {
      const g = await wb.gutterIcons();
      return [5, 6, 7, 8, 9].every((l) => g.some((x) => x.line === l && x.image.includes('gutter-reviewed')));
    });
    await until('the status bar to count no unreviewed region', async () => !/unreviewed/.test(await wb.statusText()));
    await wb.shot('reviewed');
  });

  it('5 "Scan workspace" shows progress and fills the Findings tree', async function () {
    wb.beginScenario('5-scan');
    // No editor is open: the Findings view shows its welcome text and a Scan Workspace button.
    const before = await wb.viewRows('Findings');
    assert.deepEqual(before, [], 'the Findings tree is empty before the scan');
    await wb.page.getByText('No findings in open files.').waitFor({ state: 'visible', timeout: 10_000 });
    const problemsBefore = await wb.problems('');
    assert.equal(problemsBefore.size, 0, `Problems is empty before the scan: ${[...problemsBefore.keys()].join(', ')}`);
    assert.equal(await wb.problemsTotal(), 0, 'the Problems tab counts no problem');
    await wb.shot('before-scan');

    // Record every progress indication the status bar shows, however brief.
    // (A string, so the bundler's helpers do not leak into the page.)
    await wb.page.evaluate(`(() => {
      window.__redlineProgress = [];
      const bar = document.querySelector('.part.statusbar');
      new MutationObserver(() => {
        const item = bar.querySelector('[id="redline-dev.redline.redline.status"]');
        if (item && item.querySelector('.codicon-modifier-spin, .codicon-sync')) window.__redlineProgress.push('Redline status item spinning: ' + item.innerText.replace(/\\s+/g, ' ').trim());
        for (const e of bar.querySelectorAll('.statusbar-item')) if (/scanning/i.test(e.innerText)) window.__redlineProgress.push(e.innerText.trim());
      }).observe(bar, { subtree: true, childList: true, characterData: true, attributes: true });
    })()`);
    const pane = await wb.showView('Findings');
    await pane.locator('.pane-header').hover();
    await pane.locator('.pane-header .action-label[aria-label="Scan Workspace"]').click();
    // VS Code shows the server's work-done progress in the status bar: "Redline: scanning workspace: 32/68 files".
    await until('"Redline: scanning workspace" progress in the status bar', () => wb.page.evaluate<boolean>('window.__redlineProgress.some((t) => /scanning workspace/.test(t))'), 20_000, 25);
    await wb.shot('scanning');
    const rows = await wb.waitForViewRows('Findings', 'categories with findings from closed files', (r) => ['Secrets', 'SQL injection', 'CORS', 'Authentication'].every((c) => r.some((x) => x.text.startsWith(c))), 30_000);
    // Expand the SQL rule: the finding in jobs/report.py (never opened) is listed.
    const sqlRule = await wb.viewRow('Findings', /^sql\/string-built-query/);
    if ((await sqlRule.getAttribute('aria-expanded')) === 'false') await sqlRule.click();
    const expanded = await wb.waitForViewRows('Findings', 'jobs/report.py:7 under sql/string-built-query', (r) => r.some((x) => /jobs\/report\.py:7/.test(x.text)));
    const secretRule = await wb.viewRow('Findings', /^secret\/hardcoded-credential/);
    if ((await secretRule.getAttribute('aria-expanded')) === 'false') await secretRule.click();
    await wb.waitForViewRows('Findings', 'jobs/mailer.js:5 under secret/hardcoded-credential', (r) => r.some((x) => /jobs\/mailer\.js:5/.test(x.text)));
    await until('scan finished (status item no longer spinning)', async () => !(await wb.page.locator('[id="redline-dev.redline.redline.status"] .codicon-modifier-spin').count()), 30_000);
    const progress = [...new Set(await wb.page.evaluate<string[]>('window.__redlineProgress'))];
    console.log(`      progress shown: ${progress.join(' | ')}`);
    assert.ok(progress.some((t) => /Redline: scanning workspace: \d+\/\d+ files/.test(t)), 'the progress counted files');
    assert.ok(progress.some((t) => /Redline status item spinning/.test(t)), "Redline's status item spun while scanning");
    // The Problems panel lists the closed files' findings too.
    await wb.waitForProblems('jobs/report.py and jobs/mailer.js listed', '**/jobs/**', (p) =>
      (p.get('jobs/report.py') ?? []).some((r) => showsRule(r, 'sql/string-built-query')) && (p.get('jobs/mailer.js') ?? []).some((r) => showsRule(r, 'secret/hardcoded-credential')),
    );
    assert.ok((await wb.problemsTotal()) >= 10, `the Problems tab counts the scanned findings (${await wb.problemsTotal()})`);
    await wb.shot('findings-tree');
    assert.ok(rows.length >= 4 && expanded.length > rows.length, 'the tree grew as rules were expanded');
  });

  it('6 killing the language server: the client restarts it, the status bar says so, findings and AI regions come back', async function () {
    wb.beginScenario('6-restart');
    await wb.openFile('api/server.js');
    await wb.waitForSquiggles('on lines 7, 10, 13 and 17 of api/server.js', (s) => [7, 10, 13, 17].every((l) => onLine(s, l).length > 0));
    // An AI region recorded before the crash, tagged as in scenario 4: the /products route.
    await wb.selectLines(12, 15);
    await wb.command('Redline: Tag Selection as AI-Generated');
    await wb.page.getByText('Which assistant wrote this code?').waitFor({ state: 'visible', timeout: 10_000 });
    await wb.pick('Claude Code');
    await wb.waitForViewRows('AI Regions', 'a region L12–15 by Claude Code, unreviewed', (r) => r.some((x) => /^L12–15 · Claude Code unreviewed\b/.test(x.label)));
    // The server saves the index after a short debounce; a crash before that would lose the tag
    // (not what this scenario is about), so wait until it is on disk.
    await until('the region saved to .redline/regions.json', async () => existsSync(ws('.redline/regions.json')) && /"api\/server\.js"/.test(readFileSync(ws('.redline/regions.json'), 'utf8')), 10_000);
    await until('the status item to show the plain shield before the crash', async () => (await wb.statusIcons())[0] === 'shield', 10_000);
    await wb.shot('before-kill');

    // Kill the language server of this code-server's extension host, as the OOM killer would.
    const before = server!.redlineServerPids();
    assert.equal(before.length, 1, `one Redline server process for this code-server (found ${before.join(', ') || 'none'})`);
    process.kill(before[0]!, 'SIGKILL');
    const after = await until('a new Redline server process started by the extension host', async () => {
      const pids = server!.redlineServerPids();
      return pids.length === 1 && pids[0] !== before[0] ? pids : undefined;
    }, 20_000);
    console.log(`      killed Redline server pid ${before[0]}; the client started pid ${after[0]}`);
    // The status bar tells; no error toast about the dead pipe ("connection to server is erroring. write EPIPE").
    const toasts = await wb.toasts();
    assert.ok(!toasts.some((t) => /Redline/i.test(t)), `no Redline notification toast: ${toasts.join(' | ')}`);

    // The findings of the open file come back from the new server, and it analyzes an edit.
    await wb.waitForSquiggles('on lines 7, 10, 13 and 17 again', (s) => [7, 10, 13, 17].every((l) => onLine(s, l).length > 0));
    await wb.goto(22, 1);
    await wb.page.keyboard.press('End');
    await wb.page.keyboard.press('Enter');
    await wb.type("const dbPassword = 'Xy7pQ2rT9wLkMb4Zs';");
    await until('the typed line 23 shown', async () => (await wb.lineText(23)) === "const dbPassword = 'Xy7pQ2rT9wLkMb4Zs';", 5_000);
    // Only the new server can have drawn this one (the old one never saw the line).
    await wb.waitForSquiggles('on the typed line 23 (analyzed by the new server)', (s) => onLine(s, 23).some((x) => x.severity === 'error' && x.lineText.includes('dbPassword')), 15_000);

    // The AI region is back, from the new server: marking it reviewed goes through it.
    await wb.waitForViewRows('AI Regions', 'the region L12–15 listed again', (r) => r.some((x) => /^L12–15 · Claude Code unreviewed\b/.test(x.label)));
    await until('the status bar to count the unreviewed region again', async () => /\d+ unreviewed/.test(await wb.statusText()));
    await wb.shot('after-restart');
    const row = await wb.viewRow('AI Regions', /L12–15 · Claude Code/);
    await row.hover();
    await row.locator('.actions .action-label[aria-label="Mark Reviewed"]').click();
    await wb.waitForViewRows('AI Regions', 'the region reviewed by the new server', (r) => r.some((x) => /^L12–15 · Claude Code reviewed\b/.test(x.label)));

    // After all that (analyses, a region change), the status bar still says what happened (once
    // the spinner of any analysis in flight is gone).
    await until('the status item to show the restart icon', async () => (await wb.statusIcons())[0] === 'debug-restart', 5_000);
    assert.match(await wb.statusClasses(), /\bwarning-kind\b/, 'the status item has the warning background');
    const tooltip = await wb.statusTooltip();
    assert.match(tooltip, /stopped unexpectedly and was restarted/, `tooltip: ${tooltip}`);
    await wb.shot('status-restarted');

    // Clicking the item shows the Redline output (where the crash is logged) and dismisses the notice.
    await wb.clickStatus();
    await until('the Redline output shown', async () => (await wb.outputChannel()) === 'Redline', 10_000);
    await until('the status item back to the plain shield', async () => (await wb.statusIcons())[0] === 'shield', 5_000);
    assert.doesNotMatch(await wb.statusClasses(), /\bwarning-kind\b/, 'no warning background after the click');
    await wb.shot('notice-dismissed');
    await wb.refocusEditor();
    await wb.command('File: Revert File');
    await until('api/server.js reverted', async () => !(await wb.activeTabDirty()), 10_000);
  });
});
