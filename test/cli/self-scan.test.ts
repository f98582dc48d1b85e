import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import picomatch from 'picomatch';
import { DEFAULT_IGNORE } from '../../server/src/engine/config';
import { detectLanguage } from '../../server/src/engine/languages';
import { ROOT } from '../helpers/fixtures';

const CLI = join(ROOT, 'dist', 'cli.js');

/**
 * Redline scans its own repository (`.ci/run`: `redline scan . --fail-on warning`) and passes.
 * `.redline.json` at the root leaves out only material that is vulnerable on purpose; this test
 * also pins that list, so that hiding product code to get green is a visible change here.
 */
describe('self-scan: redline scan . --fail-on warning on this repository', function () {
  this.timeout(180_000);

  /** Tracked files may be ignored only under these deliberate fixture roots. */
  const FIXTURE_ROOTS = [
    /^rules\/[^/]+\/[^/]+\//, // rule fixtures beside rules/<category>/<name>.yaml
    /^rules\/secret\/provider-credential\.yaml$/, // its `samples` self-tests are tokens by design
    /^bench\/corpus\//,
    /^sample\//,
    /^test\/e2e\/vscode\/workspace\//,
  ];

  const config = (() => {
    const errors: ParseError[] = [];
    const raw = parseJsonc(readFileSync(join(ROOT, '.redline.json'), 'utf8'), errors, { allowTrailingComma: true }) as { ignore?: string[] };
    assert.deepEqual(errors, [], '.redline.json parses');
    return raw;
  })();
  const ignored = picomatch([...DEFAULT_IGNORE, ...(config.ignore ?? [])], { dot: true });
  const tracked = spawnSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
    .stdout.split('\0')
    .filter(Boolean);

  it('ignores tracked files only under the deliberate fixture roots', () => {
    assert.ok(tracked.length > 100, 'git ls-files lists the repository');
    const hidden = tracked.filter((f) => detectLanguage(f) && ignored(f) && !FIXTURE_ROOTS.some((r) => r.test(f)));
    assert.deepEqual(hidden, [], 'product code, scripts and tests must be scanned, not ignored');
    for (const dir of ['server/src/', 'client/src/', 'scripts/', 'test/unit/', 'bench/lib/']) {
      assert.ok(tracked.some((f) => f.startsWith(dir) && detectLanguage(f) && !ignored(f)), `${dir} is scanned`);
    }
  });

  it('exits 0 and scans every tracked analyzable file outside the fixtures', () => {
    const r = spawnSync(process.execPath, [CLI, 'scan', '.', '--fail-on', 'warning', '--format', 'json', '--quiet'], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      env: { ...process.env, NO_COLOR: '1', CI: '1' },
    });
    const report = JSON.parse(r.stdout) as { findings: { path: string; range: { start: { line: number } }; severity: string; ruleId: string; message: string }[]; problems: unknown[]; stats: { files: number } };
    const listing = report.findings.map((f) => `${f.path}:${f.range.start.line + 1} ${f.severity} ${f.ruleId}: ${f.message}`).join('\n');
    assert.equal(r.status, 0, `findings at warning or above (fix the code, or report a false positive; do not ignore product code):\n${listing}\n${r.stderr}`);
    assert.deepEqual(report.problems, [], 'no configuration problems');
    // Untracked files are scanned too, so at least every tracked one.
    const expected = tracked.filter((f) => detectLanguage(f) && !ignored(f)).length;
    assert.ok(report.stats.files >= expected, `scanned ${report.stats.files} files, expected at least ${expected}`);
  });
});
