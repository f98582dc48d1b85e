import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { ROOT } from '../helpers/fixtures';

const CLI = join(ROOT, 'dist', 'cli.js');

/** Runs the built CLI in `cwd`; returns exit code and output. */
export function redline(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: '1', ...env } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const CREDENTIALED = "const cors = require('cors');\nconst app = require('express')();\napp.use(cors({ origin: true, credentials: true }));\n";
const WILDCARD = "const cors = require('cors');\nconst app = require('express')();\napp.use(cors());\n";

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'redline-cli-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

describe('redline CLI', function () {
  this.timeout(60_000);

  it('prints stylish text and exits 1 on an error finding (default --fail-on error)', () => {
    const dir = workspace({ 'src/app.js': CREDENTIALED });
    const r = redline(dir, ['scan', 'src']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^src\/app\.js$/m);
    assert.match(r.stdout, /^ {2}3:\d+ +error +.*cors\/reflected-origin$/m);
    assert.match(r.stdout, /✖ 1 problem \(1 error, 0 warnings\)/);
  });

  it('--fail-on decides the exit code', () => {
    const dir = workspace({ 'app.js': WILDCARD });
    assert.equal(redline(dir, ['scan', '.']).code, 0, 'a warning does not fail at the default threshold');
    assert.equal(redline(dir, ['scan', '.', '--fail-on', 'warning']).code, 1);
    assert.equal(redline(dir, ['scan', '.', '--fail-on', 'none']).code, 0);
    const clean = workspace({ 'ok.js': 'module.exports = 1;\n' });
    assert.equal(redline(clean, ['scan', '.', '--fail-on', 'info']).code, 0);
  });

  it('usage errors exit 2', () => {
    const dir = workspace({ 'a.js': '' });
    assert.equal(redline(dir, ['scan', '--format', 'xml']).code, 2);
    assert.equal(redline(dir, ['scan', '--fail-on', 'critical']).code, 2);
    assert.equal(redline(dir, ['scan', '--jobs', '-3']).code, 2);
    assert.equal(redline(dir, ['nonsense']).code, 2);
  });

  it('an invalid .redline.json is reported with file and field, the scan still runs, and the exit code is 2', () => {
    const dir = workspace({ '.redline.json': '{ "severityOverrides": { "cors/permissive-origin": "loud" } }', 'app.js': WILDCARD });
    const r = redline(dir, ['scan', '.', '--format', 'json']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /\.redline\.json:1:\d+: severityOverrides\["cors\/permissive-origin"\]|\.redline\.json:1:\d+: severityOverrides\.cors\/permissive-origin/);
    assert.equal(JSON.parse(r.stdout).findings.length, 1);
  });

  it('JSON output has paths relative to the current directory and LSP ranges', () => {
    const dir = workspace({ 'api/server.js': WILDCARD });
    const r = redline(join(dir, 'api'), ['scan', '.', '--format', 'json']);
    const out = JSON.parse(r.stdout);
    assert.equal(out.version, 1);
    assert.equal(out.tool.name, 'redline');
    assert.equal(out.findings.length, 1);
    const f = out.findings[0];
    assert.equal(f.path, 'server.js');
    assert.equal(f.ruleId, 'cors/permissive-origin');
    assert.deepEqual(f.range.start, { line: 2, character: 8 });
    assert.equal(out.stats.files, 1);
  });

  it('SARIF output validates against the SARIF 2.1.0 schema and carries what GitHub code scanning reads', () => {
    const dir = workspace({ 'web/app.js': CREDENTIALED, 'web/other.js': WILDCARD });
    // Into a folder that does not exist yet (CI's reports/): it is created.
    const r = redline(dir, ['scan', 'web', '--format', 'sarif', '--output', 'reports/redline.sarif']);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    const log = JSON.parse(readFileSync(join(dir, 'reports/redline.sarif'), 'utf8'));
    const schema = JSON.parse(readFileSync(join(ROOT, 'node_modules/@microsoft/sarif-matcher-utils/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
    // The published schema has a pattern that is only valid without the u flag.
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const valid = validate(structuredClone(log));
    assert.ok(valid, JSON.stringify(validate.errors?.slice(0, 5), null, 2));
    const run = log.runs[0];
    const rule = run.tool.driver.rules.find((x: { id: string }) => x.id === 'cors/reflected-origin');
    assert.match(rule.helpUri, /^https:\/\/.*docs\/rules\/cors\/reflected-origin\.md$/);
    assert.ok(rule.properties.tags.includes('external/cwe/cwe-942'));
    assert.ok(rule.properties.tags.includes('security'));
    assert.match(rule.properties['security-severity'], /^\d+\.\d$/);
    const uris = run.results.map((x: { locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string } } }[] }) => x.locations[0]!.physicalLocation.artifactLocation);
    assert.deepEqual(uris.map((u: { uri: string }) => u.uri).sort(), ['web/app.js', 'web/other.js']);
    assert.ok(uris.every((u: { uriBaseId: string }) => u.uriBaseId === '%SRCROOT%'));
    const res = run.results.find((x: { ruleId: string }) => x.ruleId === 'cors/reflected-origin');
    assert.equal(res.level, 'error');
    assert.deepEqual(res.locations[0].physicalLocation.region, { startLine: 3, startColumn: 16, endLine: 3, endColumn: 28 });
    assert.equal(run.columnKind, 'utf16CodeUnits');
  });

  it('honors .gitignore; --no-ignore includes ignored files', () => {
    const dir = workspace({ '.gitignore': 'generated/\n', 'generated/a.js': WILDCARD, 'src/b.js': 'module.exports = 2;\n' });
    spawnSync('git', ['init', '-q'], { cwd: dir });
    const r1 = JSON.parse(redline(dir, ['scan', '.', '--format', 'json']).stdout);
    assert.equal(r1.stats.files, 1);
    assert.equal(r1.findings.length, 0);
    const r2 = JSON.parse(redline(dir, ['scan', '.', '--format', 'json', '--no-ignore']).stdout);
    assert.equal(r2.findings.length, 1);
  });

  it('gives the same findings in-process and on worker threads', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 60; i++) files[`src/f${i}.js`] = i % 3 === 0 ? WILDCARD : `module.exports = ${i};\n`;
    const dir = workspace(files);
    const a = JSON.parse(redline(dir, ['scan', '.', '--format', 'json', '--jobs', '0']).stdout);
    const b = JSON.parse(redline(dir, ['scan', '.', '--format', 'json', '--jobs', '2']).stdout);
    const key = (o: { findings: { path: string; ruleId: string; fingerprint: string }[] }) => o.findings.map((f) => `${f.path}|${f.ruleId}|${f.fingerprint}`).sort();
    assert.equal(a.findings.length, 20);
    assert.deepEqual(key(a), key(b));
  });

  it('lists rules', () => {
    const r = redline(ROOT, ['rules', '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const rules = JSON.parse(r.stdout) as { id: string }[];
    assert.ok(rules.some((x) => x.id === 'cors/permissive-origin'));
  });
});
