// File-system helpers shared by the benchmark parts.
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * Lists every regular file under `root` (dotfiles included), as sorted '/'-separated paths relative to it.
 * @param {string} root
 * @param {(rel: string, isDir: boolean) => boolean} [keep] return false to skip an entry
 * @returns {string[]}
 */
export function listFiles(root, keep = () => true) {
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      const st = statSync(p, { throwIfNoEntry: false });
      if (!st) continue;
      const rel = relative(root, p).split(sep).join('/');
      if (st.isDirectory()) {
        if (keep(rel, true)) walk(p);
      } else if (st.isFile() && keep(rel, false)) out.push(rel);
    }
  };
  walk(root);
  return out.sort();
}
