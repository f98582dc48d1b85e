/**
 * URL-path helpers for `auth/missing-authentication`: Express mount prefixes, Next.js route
 * paths from file paths, and Next.js middleware `config.matcher` coverage.
 *
 * Sources: Express 4/5 "Routing" (`app.use([path], …)` matches the path and everything below it
 * on segment boundaries); Next.js "Routing › Route Handlers", "Pages Router › API Routes" and
 * "Middleware › Matcher" (matchers are path-to-regexp patterns: `/about/:path*`, `/(.*)`,
 * regex groups such as `/((?!api|_next).*)`, strings or `{ source }` objects, in arrays).
 */

/** Joins a mount prefix and a route path: `/api` + `/users` → `/api/users`; `/` + `/` → `/`. */
export function joinPaths(prefix: string, path: string): string {
  const a = prefix.replace(/\/+$/, '');
  const b = path === '' || path === '/' ? '' : path.startsWith('/') ? path : `/${path}`;
  const out = `${a}${b}`;
  return out === '' ? '/' : out;
}

const segmentCache = new Map<string, string[]>();

function segments(path: string): string[] {
  let s = segmentCache.get(path);
  if (!s) {
    // Bounded: a route table repeats the same prefixes; unbounded input must not grow memory.
    if (segmentCache.size > 4096) segmentCache.clear();
    segmentCache.set(path, (s = path.split('/').filter(Boolean)));
  }
  return s;
}

const DYNAMIC = /^:|^\[/;
const PATTERN = /[*?+()]/;

/**
 * Whether middleware mounted at `prefix` (Express `use`) runs for `path`: `yes`, `no`, or `maybe`
 * when either side uses regular-expression syntax that this check does not evaluate.
 * Named parameters (`:id`) match any one segment.
 */
export function prefixCovers(prefix: string, path: string): 'yes' | 'no' | 'maybe' {
  const p = segments(prefix);
  const r = segments(path);
  if (p.length === 0) return 'yes';
  let maybe = false;
  for (let i = 0; i < p.length; i++) {
    const a = p[i]!;
    const b = r[i];
    if (PATTERN.test(a) || (b !== undefined && PATTERN.test(b))) {
      maybe = true;
      continue;
    }
    if (b === undefined) return 'no';
    if (DYNAMIC.test(a) || DYNAMIC.test(b)) continue;
    if (a.toLowerCase() !== b.toLowerCase()) return 'no';
  }
  return maybe ? 'maybe' : 'yes';
}

/** A Next.js route found from a file's workspace-relative path. */
export interface NextRoute {
  router: 'app' | 'pages';
  /** URL path as Next.js serves it, dynamic segments kept: `/api/users/[id]`. */
  path: string;
  /** Workspace-relative folder of the Next.js project (where `middleware.ts` lives or its parent of `src/`); '' at the root. */
  projectRoot: string;
}

/**
 * The Next.js route a file implements: App Router `app/**\/route.(ts|js)` or Pages Router
 * `pages/api/**`. Route groups `(group)` and parallel slots `@slot` do not appear in the URL;
 * intercepting routes (`(.)x`) and private folders (`_x`) are not routes.
 */
export function nextRouteOf(relPath: string): NextRoute | undefined {
  const app = /^(?:(.*?)\/)?app\/(?:(.*)\/)?route\.(?:ts|js|tsx|jsx|mjs|cjs)$/.exec(relPath);
  if (app) {
    const parts = segments(app[2] ?? '');
    if (parts.some((s) => /^\(\.+\)/.test(s) || s.startsWith('_'))) return undefined;
    const kept = parts.filter((s) => !/^\(.*\)$/.test(s) && !s.startsWith('@'));
    return { router: 'app', path: `/${kept.join('/')}`, projectRoot: projectRootOf(app[1] ?? '') };
  }
  const pages = /^(?:(.*?)\/)?pages\/(api(?:\/.*)?)\.(?:ts|js|tsx|jsx|mjs|cjs)$/.exec(relPath);
  if (pages) {
    const parts = segments(pages[2]!);
    if (parts[parts.length - 1] === 'index') parts.pop();
    if (parts.some((s) => s.startsWith('_'))) return undefined;
    return { router: 'pages', path: `/${parts.join('/')}`, projectRoot: projectRootOf(pages[1] ?? '') };
  }
  return undefined;
}

/** `web/src` → `web`, `src` → ``: Next.js accepts `app/`, `pages/` and `middleware.ts` under `src/`. */
export function projectRootOf(dir: string): string {
  if (dir === 'src') return '';
  return dir.endsWith('/src') ? dir.slice(0, -4) : dir;
}

/** A concrete URL for a route path, for testing matchers: `[id]` → `1`, `[...slug]` → `a/b`. */
export function sampleUrl(path: string): string {
  return path
    .replace(/\[\[\.\.\.[^\]]+\]\]/g, 'a')
    .replace(/\[\.\.\.[^\]]+\]/g, 'a/b')
    .replace(/\[[^\]]+\]/g, '1');
}

const DEFAULT_SEGMENT = '[^\\/#\\?]+?';

/**
 * Compiles a Next.js matcher (path-to-regexp 6 syntax, as Next.js uses it) to a RegExp on the
 * pathname: named parameters with modifiers (`:p`, `:p?`, `:p*`, `:p+`, `:p(\\d+)`), unnamed
 * regex groups (`(.*)`), `{…}` groups, and escapes. A parameter right after `/` takes the `/` as
 * its prefix, so `/about/:path*` also matches `/about`. Case-insensitive; a trailing `/` is allowed.
 * Returns undefined for input it cannot compile.
 */
export function compileMatcher(source: string): RegExp | undefined {
  let i = 0;
  const parseGroup = (): string | undefined => {
    // Reads a balanced `( … )` starting at `source[i] === '('`; returns the inner pattern.
    let depth = 0;
    const start = i + 1;
    for (; i < source.length; i++) {
      const c = source[i]!;
      if (c === '\\') {
        i++;
        continue;
      }
      if (c === '(') depth++;
      else if (c === ')' && --depth === 0) {
        const inner = source.slice(start, i);
        i++;
        return inner;
      }
    }
    return undefined;
  };
  const compile = (stopAtBrace: boolean): string | undefined => {
    let out = '';
    while (i < source.length) {
      const c = source[i]!;
      if (stopAtBrace && c === '}') return out;
      if (c === '\\') {
        out += escape(source[i + 1] ?? '');
        i += 2;
        continue;
      }
      if (c === '{') {
        i++;
        const inner = compile(true);
        if (inner === undefined || source[i] !== '}') return undefined;
        i++;
        const mod = /[*+?]/.test(source[i] ?? '') ? source[i++]! : '';
        out += `(?:${inner})${mod}`;
        continue;
      }
      if (c === ':' || c === '(') {
        let pattern = DEFAULT_SEGMENT;
        if (c === ':') {
          const name = /^:([A-Za-z0-9_]+)/.exec(source.slice(i));
          if (!name) return undefined;
          i += name[0].length;
          if (source[i] === '(') {
            const g = parseGroup();
            if (g === undefined) return undefined;
            pattern = g;
          }
        } else {
          const g = parseGroup();
          if (g === undefined) return undefined;
          pattern = g;
        }
        const mod = /[*+?]/.test(source[i] ?? '') ? source[i++]! : '';
        // path-to-regexp: a parameter directly after `/` owns that `/` as its prefix.
        const prefixed = out.endsWith('\\/');
        if (prefixed) out = out.slice(0, -2);
        const pre = prefixed ? '\\/' : '';
        if (mod === '') out += `${pre}(${pattern})`;
        else if (mod === '?') out += `(?:${pre}(${pattern}))?`;
        else {
          const repeated = `(?:${pre}(?:${pattern}))*`;
          out += mod === '*' ? `(?:${pre}((?:${pattern})${repeated}))?` : `(?:${pre}((?:${pattern})${repeated}))`;
        }
        continue;
      }
      out += escape(c);
      i++;
    }
    return stopAtBrace ? undefined : out;
  };
  const body = compile(false);
  if (body === undefined) return undefined;
  try {
    return new RegExp(`^${body}(?:\\/)?$`, 'i');
  } catch {
    return undefined;
  }
}

function escape(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}

/**
 * Whether any of the middleware matchers applies to the route path: `yes`, `no`, or `maybe` when
 * a matcher cannot be compiled (then the middleware may run, and the route is not judged).
 */
export function matchersCover(matchers: readonly string[], routePath: string): 'yes' | 'no' | 'maybe' {
  const url = sampleUrl(routePath);
  let maybe = false;
  for (const m of matchers) {
    const re = compileMatcher(m);
    if (!re) {
      maybe = true;
      continue;
    }
    if (re.test(url)) return 'yes';
  }
  return maybe ? 'maybe' : 'no';
}
