import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type * as Playwright from 'playwright-core';

/**
 * Where the real-VS-Code e2e tests find their tools. Nothing here is a project dependency:
 * `scripts/e2e/install-code-server.sh` installs code-server and playwright-core into the cache
 * folder (outside the repository) and Chromium from Debian.
 */
export const REPO = resolve(__dirname, '..', '..', '..');
export const CACHE = process.env.REDLINE_E2E_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'redline-e2e');
export const CODE_SERVER = process.env.REDLINE_CODE_SERVER ?? join(CACHE, 'node_modules', '.bin', 'code-server');
export const CHROMIUM = process.env.REDLINE_CHROMIUM ?? '/usr/bin/chromium';
/** The package under test: what `npm run package` builds. */
export const VSIX = resolve(process.env.REDLINE_VSIX ?? join(REPO, 'redline.vsix'));
/** The sample workspace the tests open (copied to a temporary folder first). */
export const WORKSPACE_SRC = join(__dirname, 'workspace');
/** Screenshots: test-results/e2e/<scenario>-<step>.png. */
export const SHOTS = resolve(process.env.REDLINE_E2E_SHOTS ?? join(REPO, 'test-results', 'e2e'));

/** Whether a missing tool must fail the run (CI) rather than skip it (a developer's machine). */
export const REQUIRED = !!(process.env.CI || process.env.REDLINE_REQUIRE_E2E);

/** What is missing to run the suite, in words a person can act on; empty when all is there. */
export function missing(): string[] {
  const out: string[] = [];
  const install = 'run `bash scripts/e2e/install-code-server.sh`';
  if (!existsSync(CODE_SERVER)) out.push(`code-server is not installed at ${CODE_SERVER} (${install})`);
  if (!existsSync(join(CACHE, 'node_modules', 'playwright-core', 'package.json'))) out.push(`playwright-core is not installed in ${CACHE} (${install})`);
  if (!existsSync(CHROMIUM)) out.push(`Chromium is not installed at ${CHROMIUM} (apt-get install chromium, or ${install})`);
  if (!existsSync(VSIX)) out.push(`${VSIX} does not exist (run \`npm run package\` first)`);
  return out;
}

/** playwright-core, loaded from the e2e cache (it is not a project dependency). */
export function playwright(): typeof Playwright {
  const req = createRequire(join(CACHE, 'node_modules', 'noop.js'));
  return req('playwright-core') as typeof Playwright;
}

/** Chromium flags for this machine: headless, no sandbox (root), and no background traffic. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
