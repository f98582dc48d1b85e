import { strict as assert } from 'node:assert';
import { compileMatcher, joinPaths, matchersCover, nextRouteOf, prefixCovers, sampleUrl } from '../../../server/src/engine/detectors/auth/paths';

describe('auth/paths: Next.js matchers (path-to-regexp syntax)', () => {
  const covers = (matcher: string | string[], path: string) => matchersCover(Array.isArray(matcher) ? matcher : [matcher], path);

  it('named parameters with modifiers: /api/:path* covers /api and everything below it', () => {
    assert.equal(covers('/api/:path*', '/api'), 'yes');
    assert.equal(covers('/api/:path*', '/api/users/[id]'), 'yes');
    assert.equal(covers('/api/:path*', '/apiary'), 'no');
    assert.equal(covers('/api/:path*', '/dashboard'), 'no');
  });

  it('`:p` is one segment, `:p?` zero or one, `:p+` one or more', () => {
    assert.equal(covers('/about/:slug', '/about/team'), 'yes');
    assert.equal(covers('/about/:slug', '/about/team/x'), 'no');
    assert.equal(covers('/about/:slug?', '/about'), 'yes');
    assert.equal(covers('/docs/:rest+', '/docs'), 'no');
    assert.equal(covers('/docs/:rest+', '/docs/a/b'), 'yes');
  });

  it('regex groups: negative lookahead excludes API routes, (.*) matches everything', () => {
    const m = '/((?!api|_next/static|_next/image|favicon.ico).*)';
    assert.equal(covers(m, '/api/items'), 'no');
    assert.equal(covers(m, '/dashboard/settings'), 'yes');
    assert.equal(covers('/(api|trpc)(.*)', '/api/projects'), 'yes');
    assert.equal(covers('/admin/(.*)', '/admin/users'), 'yes');
    assert.equal(covers('/users/:id(\\d+)', '/users/42'), 'yes');
    assert.equal(covers('/users/:id(\\d+)', '/users/abc'), 'no');
  });

  it('arrays: any matcher covering the route is enough', () => {
    assert.equal(covers(['/dashboard/:path*', '/api/admin/:path*'], '/api/admin/users'), 'yes');
    assert.equal(covers(['/dashboard/:path*', '/api/admin/:path*'], '/api/items'), 'no');
  });

  it('a matcher it cannot compile makes coverage "maybe" (then the route is not judged)', () => {
    assert.equal(compileMatcher('/broken/(unclosed'), undefined);
    assert.equal(covers(['/broken/(unclosed'], '/api/x'), 'maybe');
    assert.equal(covers(['/broken/(unclosed', '/api/:p*'], '/api/x'), 'yes');
  });

  it('is case-insensitive and allows a trailing slash', () => {
    assert.ok(compileMatcher('/API/:p*')!.test('/api/x/'));
  });

  it('dynamic route segments become sample values', () => {
    assert.equal(sampleUrl('/api/teams/[teamId]/members/[...rest]'), '/api/teams/1/members/a/b');
    assert.equal(sampleUrl('/shop/[[...slug]]'), '/shop/a');
  });
});

describe('auth/paths: Next.js route paths from files', () => {
  it('App Router: route groups and slots vanish, dynamic segments stay', () => {
    assert.deepEqual(nextRouteOf('app/(dashboard)/api/teams/[teamId]/route.ts'), { router: 'app', path: '/api/teams/[teamId]', projectRoot: '' });
    assert.deepEqual(nextRouteOf('src/app/api/messages/route.js'), { router: 'app', path: '/api/messages', projectRoot: '' });
    assert.deepEqual(nextRouteOf('apps/web/src/app/@modal/api/x/route.ts'), { router: 'app', path: '/api/x', projectRoot: 'apps/web' });
    assert.deepEqual(nextRouteOf('app/route.ts'), { router: 'app', path: '/', projectRoot: '' });
  });

  it('Pages Router: pages/api/**, index files name their folder', () => {
    assert.deepEqual(nextRouteOf('pages/api/comments/index.ts'), { router: 'pages', path: '/api/comments', projectRoot: '' });
    assert.deepEqual(nextRouteOf('web/pages/api/users/[id].js'), { router: 'pages', path: '/api/users/[id]', projectRoot: 'web' });
  });

  it('other files are not routes', () => {
    assert.equal(nextRouteOf('app/api/posts/page.tsx'), undefined);
    assert.equal(nextRouteOf('app/_lib/route.ts'), undefined);
    assert.equal(nextRouteOf('pages/about.tsx'), undefined);
    assert.equal(nextRouteOf('app/api/posts/route.fixed.ts'), undefined);
  });
});

describe('auth/paths: Express prefixes', () => {
  it('covers on segment boundaries; parameters match any segment', () => {
    assert.equal(prefixCovers('/', '/anything'), 'yes');
    assert.equal(prefixCovers('/api', '/api/users'), 'yes');
    assert.equal(prefixCovers('/api', '/api'), 'yes');
    assert.equal(prefixCovers('/api', '/apis'), 'no');
    assert.equal(prefixCovers('/users/:id', '/users/7/posts'), 'yes');
    assert.equal(prefixCovers('/admin', '/'), 'no');
    assert.equal(prefixCovers('/ab*cd', '/abXcd'), 'maybe');
  });

  it('joins mount prefixes and route paths', () => {
    assert.equal(joinPaths('/api', '/users'), '/api/users');
    assert.equal(joinPaths('/api/', '/'), '/api');
    assert.equal(joinPaths('', '/'), '/');
    assert.equal(joinPaths('/', '/x'), '/x');
  });
});
