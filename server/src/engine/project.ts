import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProjectFacts } from './context';

/**
 * Collects the workspace facts single-file analysis needs (see `ProjectFacts`). Reads only a
 * handful of well-known files, so hosts can call it on start and when those files change.
 *
 * @param root absolute workspace root
 */
export function collectProjectFacts(root: string): ProjectFacts {
  const facts: ProjectFacts = { authProviders: [] };
  for (const rel of ['middleware.ts', 'middleware.js', 'src/middleware.ts', 'src/middleware.js']) {
    const p = join(root, rel);
    if (!existsSync(p)) continue;
    facts.nextMiddlewareFile = rel;
    facts.nextMiddlewareMatchers = nextMatchers(readFileSync(p, 'utf8'));
    break;
  }
  return facts;
}

/**
 * The `config.matcher` entries of a Next.js middleware file; `['/:path*']` (everything) when it
 * exports no matcher. Source: Next.js docs, "Middleware › Matcher".
 */
export function nextMatchers(text: string): string[] {
  const m = /export\s+const\s+config\s*=\s*\{[\s\S]*?matcher\s*:\s*(\[[\s\S]*?\]|'[^']*'|"[^"]*")/.exec(text);
  if (!m) return ['/:path*'];
  return [...m[1]!.matchAll(/'([^']*)'|"([^"]*)"/g)].map((x) => x[1] ?? x[2]!);
}
