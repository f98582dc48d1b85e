// Runs the VS Code API suite (test/vscode/suite/) in a desktop VS Code with @vscode/test-electron.
//
//   npm run build && node test/vscode/run.mjs
//
// VS Code comes from VSCODE_EXECUTABLE (a desktop VS Code binary, e.g. /usr/share/code/code) or is
// downloaded by test-electron (version: VSCODE_VERSION, default 1.100.3, the one the code-server
// e2e tests use). Where neither works (no network to the VS Code CDN, no desktop build) this says
// "SKIPPED (not counted as passed): <reason>" and exits 78, so callers can tell a skip from a pass
// (0) and a failure (1). code-server cannot stand in: test-electron launches an Electron build.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SKIP_EXIT = 78;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = join(root, 'out', 'vscode-test');

function skip(reason) {
  console.log(`SKIPPED (not counted as passed): ${reason}`);
  process.exit(SKIP_EXIT);
}

function fail(message) {
  console.error(`FAILED: ${message}`);
  process.exit(1);
}

// 1. The extension under test is the built one (dist/client.js + dist/server.js).
if (!existsSync(join(root, 'dist', 'client.js')) || !existsSync(join(root, 'dist', 'server.js'))) fail('dist/ is not built: run `npm run build` first');

// 2. Compile the suite (TypeScript, runs inside the extension host) to out/vscode-test/.
const esbuild = await import('esbuild');
rmSync(out, { recursive: true, force: true });
await esbuild.build({
  entryPoints: [join(root, 'test/vscode/suite/index.ts'), join(root, 'test/vscode/suite/extension.test.ts')],
  outdir: join(out, 'suite'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  // vscode is provided by the extension host; mocha is loaded from the project's node_modules.
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
});

// 3. Find or download VS Code.
const { runTests, downloadAndUnzipVSCode } = await import('@vscode/test-electron');
let executable = process.env.VSCODE_EXECUTABLE;
if (executable) {
  if (!existsSync(executable)) skip(`VSCODE_EXECUTABLE=${executable} does not exist`);
} else {
  const version = process.env.VSCODE_VERSION ?? '1.100.3';
  try {
    executable = await downloadAndUnzipVSCode({ version, cachePath: join(root, '.cache', 'vscode-test'), timeout: 20_000 });
  } catch (e) {
    skip(`VS Code ${version} could not be downloaded (${String(e?.message ?? e).split('\n')[0]}) and VSCODE_EXECUTABLE is not set; a desktop VS Code build is needed (code-server is a server build and cannot run test-electron)`);
  }
}

// 4. A display: Electron needs one. Use $DISPLAY, else start Xvfb if installed.
let xvfb;
if (process.platform === 'linux' && !process.env.DISPLAY) {
  if (spawnSync('which', ['Xvfb']).status !== 0) skip('no DISPLAY and no Xvfb (apt-get install xvfb) to run desktop VS Code');
  const display = `:${90 + Math.floor(Math.random() * 9)}`;
  xvfb = spawn('Xvfb', [display, '-screen', '0', '1440x900x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
  process.env.DISPLAY = display;
  await new Promise((r) => setTimeout(r, 1000));
}

// 5. A fresh copy of the e2e sample workspace (a git repository) and a fresh profile.
const tmp = mkdtempSync(join(tmpdir(), 'redline-vscode-test-'));
const workspace = join(tmp, 'workspace');
cpSync(join(root, 'test/e2e/vscode/workspace'), workspace, { recursive: true });
for (const args of [['init', '-q', '-b', 'main'], ['config', 'user.name', 'Redline Test'], ['config', 'user.email', 'test@redline.invalid'], ['add', '-A'], ['commit', '-q', '-m', 'sample']]) {
  const r = spawnSync('git', args, { cwd: workspace });
  if (r.status !== 0) fail(`git ${args.join(' ')} failed in ${workspace}`);
}
const userData = join(tmp, 'user-data');
mkdirSync(join(userData, 'User'), { recursive: true });
writeFileSync(
  join(userData, 'User', 'settings.json'),
  JSON.stringify({ 'redline.analysis.debounceMs': 0, 'security.workspace.trust.enabled': false, 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'extensions.autoUpdate': false }),
);

let code = 1;
try {
  code = await runTests({
    vscodeExecutablePath: executable,
    extensionDevelopmentPath: root,
    extensionTestsPath: join(out, 'suite', 'index.js'),
    launchArgs: [workspace, '--user-data-dir', userData, '--extensions-dir', join(tmp, 'extensions'), '--disable-workspace-trust', '--disable-telemetry', '--skip-welcome', '--skip-release-notes', '--disable-gpu', '--no-sandbox'],
  });
} catch (e) {
  console.error(`FAILED: ${e?.message ?? e}`);
  code = 1;
} finally {
  xvfb?.kill();
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(code === 0 ? 0 : 1);
