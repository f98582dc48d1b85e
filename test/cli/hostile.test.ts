import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ROOT } from '../helpers/fixtures';

/**
 * The CLI (dist/cli.js) on the hostile inputs of test/lsp/hostile.test.ts, written to disk: it
 * does not crash, reports what it cannot analyze as notices (which never fail a build), finds
 * what is there at the right UTF-16 positions, and exits 0/1 by `--fail-on` as usual.
 */

const CLI = join(ROOT, 'dist', 'cli.js');
const CORS = "const cors = require('cors');\nconst app = require('express')();\n";
const FINDING = 'app.use(cors());';

function run(cwd: string, args: string[]): { code: number; stdout: string; stderr: string; ms: number } {
  const started = performance.now();
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1', CI: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, ms: performance.now() - started };
}

function note(line: string): void {
  if (process.env.REDLINE_HOSTILE_REPORT) appendFileSync(process.env.REDLINE_HOSTILE_REPORT, `${line}\n`);
}

/** Where `needle` starts in `text`, as LSP positions (what the JSON output uses). */
function positionOf(text: string, needle: string, from = 0): { line: number; character: number } {
  return TextDocument.create('file:///x', 'javascript', 1, text).positionAt(text.indexOf(needle, from));
}

interface JsonOut {
  findings: { path: string; ruleId: string; range: { start: { line: number; character: number } } }[];
  unreadable: unknown[];
}

describe('redline CLI on hostile inputs', function () {
  this.timeout(300_000);
  const texts: Record<string, string> = {};
  let dir: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'redline-cli-hostile-'));
    const chunk = 'var a=function(b){return b.c+"d"},e=[1,2,{f:3}],g=e.map(function(h){return h*2});';
    const depth = 10_000;
    const files: Record<string, string | Buffer> = {
      'huge.js': `${'x'.repeat(99)}\n`.repeat(500_000),
      // Not *.min.js: minified files are ignored by default (DEFAULT_IGNORE).
      'bundle.js': `${CORS.replace(/\n/g, '')}${FINDING}${chunk.repeat(Math.ceil(2_000_000 / chunk.length))}\n`,
      'long.js': `${CORS}${Array.from({ length: 200_000 }, (_, i) => `x${i % 100} = ${i};`).join('\n')}\n${FINDING}\n`,
      'blob.js': Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)),
      'invalid.js': Buffer.concat([Buffer.from(`${CORS}/* `), Buffer.from([0x63, 0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x90, 0x28, 0xbc]), Buffer.from(` */ ${FINDING}\n`)]),
      'nul.js': `${CORS}const s = "a\u0000b\u0000c"; ${FINDING}\n`,
      'deep.js': `${CORS}const deep = ${'['.repeat(depth)}${']'.repeat(depth)};\n${FINDING}\n`,
      'deep.py': `x = ${'['.repeat(depth)}${']'.repeat(depth)}\nq = "SELECT * FROM t WHERE a = " ${'+ a '.repeat(depth)}\ncursor.execute(q)\n`,
      'crlf.js': `const cors = require('cors');\r\nconst app = require('express')();\n\r\r\n  ${FINDING}\r\n`,
      'emoji.js': `${CORS}const e = "😀😀"; ${FINDING}\n`,
    };
    for (const [name, content] of Object.entries(files)) {
      writeFileSync(join(dir, name), content);
      texts[name] = typeof content === 'string' ? content : content.toString('utf8');
    }
  });

  it('scans every hostile file without crashing: notices for what it cannot analyze, findings at the right positions', () => {
    const r = run(dir, ['scan', '.', '--format', 'json', '--fail-on', 'warning']);
    note(`CLI: all hostile files in one scan: exit ${r.code} in ${Math.round(r.ms)} ms`);
    assert.equal(r.code, 1, r.stderr);
    assert.doesNotMatch(r.stderr, /Error|at .*\(/, 'no stack trace');
    const out = JSON.parse(r.stdout) as JsonOut;
    const by = (path: string) => out.findings.filter((f) => f.path === path);
    assert.deepEqual(by('huge.js').map((f) => f.ruleId), ['redline/file-too-large']);
    assert.deepEqual(by('blob.js'), []);
    for (const name of ['bundle.js', 'long.js', 'invalid.js', 'nul.js', 'deep.js', 'crlf.js', 'emoji.js']) {
      const text = texts[name]!;
      const cors = by(name).filter((f) => f.ruleId === 'cors/permissive-origin');
      assert.equal(cors.length, 1, `${name}: ${by(name).map((f) => f.ruleId).join(', ')}`);
      assert.deepEqual(cors[0]!.range.start, positionOf(text, 'cors()', text.indexOf(FINDING)), name);
      assert.ok(!by(name).some((f) => f.ruleId === 'redline/analysis-truncated'), `${name} analyzed in full (no time budget on the CLI; deep files get a worker with a big stack)`);
    }
    assert.deepEqual(by('emoji.js')[0]!.range.start, { line: 2, character: 26 });
    assert.deepEqual(by('crlf.js')[0]!.range.start, { line: 4, character: 10 });
    assert.deepEqual(by('deep.py').map((f) => f.ruleId), ['sql/string-built-query']);
  });

  it('exit codes: notices never fail a build; findings do at their --fail-on level', () => {
    const only = mkdtempSync(join(tmpdir(), 'redline-cli-hostile-notice-'));
    writeFileSync(join(only, 'huge.js'), texts['huge.js']!);
    writeFileSync(join(only, 'blob.js'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    assert.equal(run(only, ['scan', '.', '--fail-on', 'info']).code, 0);
    assert.equal(run(dir, ['scan', '.', '--fail-on', 'none', '--format', 'sarif']).code, 0);
    assert.equal(run(dir, ['scan', 'emoji.js', '--fail-on', 'warning']).code, 1);
    const text = run(dir, ['scan', 'deep.js', 'huge.js']);
    assert.match(text.stdout, /huge\.js/);
    assert.equal(text.code, 0, text.stderr);
  });
});
