import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { ResolvedConfig } from '../engine/config';
import { isIgnoredPath, toRelPath } from '../engine/files';
import { detectLanguage } from '../engine/languages';

/** A file selected for analysis. */
export interface WorkspaceFile {
  /** Absolute path. */
  path: string;
  /** Path relative to the workspace root, `/` separators. */
  relPath: string;
  /** Git's view of it, when the workspace is a git repository. */
  vcs?: 'tracked' | 'ignored' | 'untracked';
}

export interface ListOptions {
  /** Apply `.gitignore` (and git's other exclude files) and the configured ignore globs. Default true. */
  respectIgnores?: boolean;
  /** Stop after this many files (the rest are reported as `truncated`). */
  limit?: number;
}

function git(root: string, args: string[], input?: string): string | undefined {
  const r = spawnSync('git', ['-C', root, ...args], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, input, stdio: ['pipe', 'pipe', 'ignore'] });
  return r.status === 0 ? r.stdout : undefined;
}

/** True when `root` is inside a git work tree (and git is installed). */
export function isGitRepo(root: string): boolean {
  return git(root, ['rev-parse', '--is-inside-work-tree'])?.trim() === 'true';
}

/**
 * Git's status for each path: tracked, ignored (and untracked), or untracked but not ignored.
 * Empty map when `root` is not a git repository. Local only: runs `git ls-files` and
 * `git check-ignore`, never the network.
 *
 * @param relPaths workspace-relative paths with `/` separators
 */
export function gitStatus(root: string, relPaths: readonly string[]): Map<string, 'tracked' | 'ignored' | 'untracked'> {
  const out = new Map<string, 'tracked' | 'ignored' | 'untracked'>();
  if (relPaths.length === 0 || !isGitRepo(root)) return out;
  const tracked = new Set((git(root, ['ls-files', '-z', '--', ...relPaths]) ?? '').split('\0').filter(Boolean));
  const untracked = relPaths.filter((p) => !tracked.has(p));
  const ignoredList = untracked.length ? (git(root, ['check-ignore', '--stdin', '-z', '--no-index'], untracked.join('\0') + '\0') ?? '').split('\0').filter(Boolean) : [];
  const ignored = new Set(ignoredList);
  for (const p of relPaths) out.set(p, tracked.has(p) ? 'tracked' : ignored.has(p) ? 'ignored' : 'untracked');
  return out;
}

/**
 * The files under `paths` that Redline analyzes: known languages only, minus `.gitignore`d
 * paths (via git when available, else by reading `.gitignore` files) and the configured ignore
 * globs. Files named explicitly in `paths` are always included when their language is known.
 * `.env`-style files that git ignores are listed with `vcs: 'ignored'` so the engine can skip
 * them without a second git call.
 *
 * @param root workspace root (absolute); relPaths are relative to it
 * @param paths files or folders, absolute or relative to `cwd`
 */
export function listWorkspaceFiles(root: string, paths: readonly string[], config: ResolvedConfig, cwd = process.cwd(), options: ListOptions = {}): { files: WorkspaceFile[]; truncated: boolean } {
  const respect = options.respectIgnores !== false;
  const limit = options.limit ?? Infinity;
  const files: WorkspaceFile[] = [];
  const seen = new Set<string>();
  let truncated = false;
  const add = (abs: string, vcs?: WorkspaceFile['vcs']) => {
    if (seen.has(abs)) return;
    if (files.length >= limit) {
      truncated = true;
      return;
    }
    seen.add(abs);
    const f: WorkspaceFile = { path: abs, relPath: toRelPath(abs, root) };
    if (vcs) f.vcs = vcs;
    files.push(f);
  };
  const useGit = respect && isGitRepo(root);
  for (const p of paths) {
    const abs = isAbsolute(p) ? p : resolve(cwd, p);
    if (!existsSync(abs)) continue;
    const st = statSync(abs);
    if (st.isFile()) {
      if (detectLanguage(abs)) add(abs);
      continue;
    }
    if (useGit) {
      const rel = toRelPath(abs, root) || '.';
      const tracked = (git(root, ['ls-files', '-z', '--cached', '--', rel]) ?? '').split('\0').filter(Boolean);
      const others = (git(root, ['ls-files', '-z', '--others', '--exclude-standard', '--', rel]) ?? '').split('\0').filter(Boolean);
      const trackedSet = new Set(tracked);
      for (const relFile of [...tracked, ...others].sort()) {
        if (!detectLanguage(relFile) || isIgnoredPath(relFile, config)) continue;
        const absFile = join(root, relFile);
        if (!existsSync(absFile)) continue; // deleted but still in the index
        add(absFile, trackedSet.has(relFile) ? 'tracked' : 'untracked');
      }
      continue;
    }
    walk(abs, root, config, respect, add, () => files.length >= limit);
  }
  return { files, truncated };
}

/** Directory walk for non-git trees (or `--no-ignore`), reading nested `.gitignore` files. */
function walk(dir: string, root: string, config: ResolvedConfig, respect: boolean, add: (abs: string) => void, full: () => boolean): void {
  const stack: { dir: string; ig: { base: string; ig: Ignore }[] }[] = [{ dir, ig: [] }];
  while (stack.length && !full()) {
    const { dir: d, ig } = stack.pop()!;
    let rules = ig;
    if (respect) {
      const gi = join(d, '.gitignore');
      if (existsSync(gi)) {
        try {
          rules = [...ig, { base: d, ig: ignore().add(readFileSync(gi, 'utf8')) }];
        } catch {
          // An unreadable .gitignore is skipped, not fatal.
        }
      }
    }
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? 1 : -1));
    for (const e of entries) {
      const abs = join(d, e.name);
      if (e.name === '.git') continue;
      const isDir = e.isDirectory();
      if (respect) {
        const relToRoot = toRelPath(abs, root);
        if (isIgnoredPath(isDir ? `${relToRoot}/` : relToRoot, config) || isIgnoredPath(relToRoot, config)) continue;
        if (rules.some((r) => r.ig.ignores(relative(r.base, abs).split(sep).join('/') + (isDir ? '/' : '')))) continue;
      }
      if (isDir) stack.push({ dir: abs, ig: rules });
      else if (e.isFile() && detectLanguage(e.name)) add(abs);
    }
  }
}

/** Nearest folder at or above `start` holding `.redline.json` or `.git`; `start` itself when none. */
export function findWorkspaceRoot(start: string): string {
  let d = resolve(start);
  try {
    if (statSync(d).isFile()) d = resolve(d, '..');
  } catch {
    return resolve(start);
  }
  for (let cur = d; ; cur = resolve(cur, '..')) {
    if (existsSync(join(cur, '.redline.json')) || existsSync(join(cur, '.git'))) return cur;
    if (resolve(cur, '..') === cur) return d;
  }
}
