import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { CODE_SERVER } from './env';

/**
 * User settings for the test profile: nothing that pops up uninvited (welcome page, tips,
 * walkthroughs, trust prompts, suggestions), analysis on every change, no auto-save, so what a
 * test sees follows from what it did.
 */
export const TEST_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'workbench.editor.enablePreview': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'git.openRepositoryInParentFolders': 'never',
  'files.autoSave': 'off',
  'editor.minimap.enabled': false,
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.suggestOnTriggerCharacters': false,
  'editor.parameterHints.enabled': false,
  'editor.inlineSuggest.enabled': false,
  'editor.autoClosingBrackets': 'never',
  'editor.autoClosingQuotes': 'never',
  'editor.autoSurround': 'never',
  'editor.formatOnType': false,
  'editor.hover.delay': 300,
  // Only Redline draws squiggles: no TypeScript/JavaScript suggestion dots under `require`.
  'javascript.validate.enable': false,
  'javascript.suggestionActions.enabled': false,
  'typescript.suggestionActions.enabled': false,
  'redline.analysis.debounceMs': 0,
};

export interface CodeServerDirs {
  root: string;
  userData: string;
  extensions: string;
  xdgConfig: string;
  xdgData: string;
  workspace: string;
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

function git(cwd: string, ...args: string[]): void {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`);
}

/**
 * One code-server (VS Code in the browser) on 127.0.0.1 with its own user-data, extensions and
 * XDG folders in a temporary directory, the extension installed from a .vsix, and a copy of a
 * sample workspace (a git repository, so reviewer identity and .gitignore work as for a user).
 */
export class CodeServer {
  private proc: ChildProcess | undefined;
  private output = '';
  port = 0;

  private constructor(readonly dirs: CodeServerDirs) {}

  /** `extraFiles` (relative path → text) are added to the workspace copy before its first commit. */
  static prepare(workspaceSrc: string, extraFiles: Record<string, string> = {}): CodeServer {
    const root = mkdtempSync(join(tmpdir(), 'redline-e2e-'));
    const dirs: CodeServerDirs = {
      root,
      userData: join(root, 'user-data'),
      extensions: join(root, 'extensions'),
      xdgConfig: join(root, 'xdg-config'),
      xdgData: join(root, 'xdg-data'),
      workspace: join(root, 'workspace'),
    };
    for (const d of [dirs.userData, dirs.extensions, dirs.xdgConfig, dirs.xdgData]) mkdirSync(d, { recursive: true });
    mkdirSync(join(dirs.userData, 'User'), { recursive: true });
    // REDLINE_E2E_TRACE=1 records the LSP traffic in the Redline output channel (saved on failure).
    const settings = process.env.REDLINE_E2E_TRACE ? { ...TEST_SETTINGS, 'redline.trace.server': 'messages' } : TEST_SETTINGS;
    writeFileSync(join(dirs.userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
    cpSync(workspaceSrc, dirs.workspace, { recursive: true });
    for (const [rel, text] of Object.entries(extraFiles)) {
      mkdirSync(dirname(join(dirs.workspace, rel)), { recursive: true });
      writeFileSync(join(dirs.workspace, rel), text);
    }
    git(dirs.workspace, 'init', '-q', '-b', 'main');
    git(dirs.workspace, 'config', 'user.name', 'Redline E2E');
    git(dirs.workspace, 'config', 'user.email', 'e2e@redline.invalid');
    git(dirs.workspace, 'add', '-A');
    git(dirs.workspace, 'commit', '-q', '-m', 'sample workspace');
    return new CodeServer(dirs);
  }

  private env(): NodeJS.ProcessEnv {
    return { ...process.env, XDG_CONFIG_HOME: this.dirs.xdgConfig, XDG_DATA_HOME: this.dirs.xdgData, VSCODE_CLI: undefined, ELECTRON_RUN_AS_NODE: undefined };
  }

  private dirArgs(): string[] {
    return ['--user-data-dir', this.dirs.userData, '--extensions-dir', this.dirs.extensions];
  }

  /** `code-server --install-extension <vsix>` with this instance's folders (works offline). */
  installExtension(vsix: string): string {
    const r = spawnSync(CODE_SERVER, [...this.dirArgs(), '--install-extension', vsix], { env: this.env(), encoding: 'utf8', timeout: 120_000 });
    const out = `${r.stdout}${r.stderr}`;
    if (r.status !== 0 || !/successfully installed/i.test(out)) throw new Error(`installing ${vsix} failed (exit ${r.status}):\n${out}`);
    return out.trim();
  }

  async start(): Promise<void> {
    this.port = await freePort();
    const args = [
      ...this.dirArgs(),
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${this.port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
    ];
    // detached: its own process group, so stop() ends code-server with its extension host and
    // the Redline language server it started.
    const proc = spawn(CODE_SERVER, args, { env: this.env(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc = proc;
    const onData = (d: Buffer) => (this.output += d.toString());
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`code-server did not start in 60 s:\n${this.output}`)), 60_000);
      const check = () => {
        if (/HTTP server listening on/.test(this.output)) {
          clearTimeout(timer);
          proc.stdout!.off('data', check);
          resolve();
        }
      };
      proc.stdout!.on('data', check);
      proc.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`code-server exited with ${code}:\n${this.output}`));
      });
    });
  }

  /** The workbench URL with the workspace folder open. */
  url(): string {
    return `http://127.0.0.1:${this.port}/?folder=${encodeURIComponent(this.dirs.workspace)}`;
  }

  get log(): string {
    return this.output;
  }

  /**
   * The extension host's logs (the Redline output channel, the extension host log), newest
   * session first, as `{ name, text }`: what to keep when a scenario fails.
   */
  extensionLogs(): { name: string; text: string }[] {
    const logs = join(this.dirs.userData, 'logs');
    if (!existsSync(logs)) return [];
    const out: { name: string; text: string }[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (/^(Redline|remoteexthost|exthost)\.log$/.test(name)) out.push({ name: p.slice(logs.length + 1).replace(/[\\/]/g, '_'), text: readFileSync(p, 'utf8') });
      }
    };
    walk(logs);
    return out;
  }

  /**
   * The Redline language servers of this instance, by pid: node processes running
   * `dist/server.js` of the extension installed in this instance's extensions folder (a fresh
   * temporary folder, so no other code-server's or editor's Redline), started by this instance's
   * extension host (parent `--type=extensionHost`, a descendant of this code-server).
   */
  redlineServerPids(): number[] {
    const ps = spawnSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' });
    if (ps.status !== 0) throw new Error(`ps failed: ${ps.stderr}`);
    const procs = new Map<number, { ppid: number; args: string }>();
    for (const line of ps.stdout.split('\n')) {
      const m = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line);
      if (m) procs.set(Number(m[1]), { ppid: Number(m[2]), args: m[3]! });
    }
    const ours = (pid: number): boolean => {
      for (let p: number | undefined = pid, hops = 0; p && hops < 20; p = procs.get(p)?.ppid, hops++) if (p === this.proc?.pid) return true;
      return false;
    };
    const installed = this.dirs.extensions + sep;
    return [...procs]
      .filter(([, p]) => p.args.includes(installed) && /[\\/]dist[\\/]server\.js(\s|$)/.test(p.args))
      .filter(([, p]) => /--type=extensionHost/.test(procs.get(p.ppid)?.args ?? '') && ours(p.ppid))
      .map(([pid]) => pid);
  }

  async stop(keep = !!process.env.REDLINE_E2E_KEEP): Promise<void> {
    const proc = this.proc;
    this.proc = undefined;
    if (proc?.pid && proc.exitCode === null) {
      const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      try {
        process.kill(-proc.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-proc.pid!, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }, 5_000);
      await exited;
      clearTimeout(timer);
      // The extension host and language server share the group; make sure none is left.
      try {
        process.kill(-proc.pid, 'SIGKILL');
      } catch {
        /* none left */
      }
    }
    if (!keep) rmSync(this.dirs.root, { recursive: true, force: true });
  }
}
