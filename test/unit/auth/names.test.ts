import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { resolveConfig } from '../../../server/src/engine';
import { AuthNames, AuthOptionsSchema, combineVerdicts, matchesEntry, namePath, toSnake } from '../../../server/src/engine/detectors/auth/names';
import { RULES_DIR } from '../../helpers/fixtures';
import { authFindings, SCANNED } from './helpers';

const options = AuthOptionsSchema.parse((parseDocument(readFileSync(join(RULES_DIR, 'auth', 'missing-authentication.yaml'), 'utf8')).toJS() as { options: unknown }).options);
const builtin = new AuthNames(options);

describe('auth/names: public-route classification', () => {
  it('public by nature: sign-in/out, registration, password recovery, verification, callbacks, tokens, probes, forms', () => {
    for (const p of ['/login', '/api/auth/sign-in', '/logout', '/api/v1/users/register', '/signup', '/auth/forgot-password', '/password/reset', '/reset_password', '/verify-email', '/api/auth/callback/github', '/token', '/api/refresh', '/healthz', '/api/v1/ready', '/ping', '/contact', '/newsletter/subscribe', '/graphql', '/api/trpc/posts.create']) {
      assert.ok(builtin.isPublicPath(p), `${p} should be public`);
    }
  });

  it('not public: data routes, and probes below a resource (`/orders/:id/status`)', () => {
    for (const p of ['/api/posts', '/users/:id', '/orders/:id/status', '/users/:id/password', '/admin/users', '/api/login-history/export']) {
      assert.ok(!builtin.isPublicPath(p), `${p} should not be public`);
    }
  });

  it('admin-like paths (any method is checked)', () => {
    for (const p of ['/admin', '/admin/users', '/api/internal/cache', '/manage/x', '/debug/config', '/__debug__/sql', '/api/v1/management/keys']) assert.ok(builtin.isAdminPath(p), p);
    for (const p of ['/administrators-guide-page', '/api/users', '/debugging-tips']) assert.ok(!builtin.isAdminPath(p), p);
  });

  it('webhooks are recognized by path; signature checks by call name', () => {
    assert.ok(builtin.isWebhookPath('/api/webhooks/stripe'));
    assert.ok(builtin.isWebhookPath('/stripe-webhook'));
    assert.ok(builtin.isWebhookPath('/hooks/github'));
    assert.ok(!builtin.isWebhookPath('/repos/:id/hooks'), 'creating hook configurations is an API route, not a receiver');
    assert.ok(builtin.isSignatureCheck('stripe.webhooks.constructEvent'));
    assert.ok(builtin.isSignatureCheck('hmac.compare_digest'));
    assert.ok(!builtin.isSignatureCheck('JSON.parse'));
  });

  it('names become path-like strings for views without URLs', () => {
    assert.equal(namePath('reset_password'), '/reset/password/reset-password');
    assert.ok(builtin.isPublicPath(namePath('UserRegistrationView')));
    assert.ok(builtin.isPublicPath(namePath('login_view')));
    assert.ok(!builtin.isPublicPath(namePath('create_order')));
  });
});

describe('auth/names: classification', () => {
  it('snake_cases names for the patterns', () => {
    assert.equal(toSnake('ensureLoggedIn'), 'ensure_logged_in');
    assert.equal(toSnake('APIKeyHeader'), 'api_key_header');
    assert.equal(toSnake('passport.authenticate()'), 'passport.authenticate');
  });

  it('matches exact entries, dotted suffixes and member wildcards', () => {
    assert.ok(matchesEntry('auth.requireAuth', 'requireAuth'));
    assert.ok(matchesEntry('upload.single', 'upload.*'));
    assert.ok(!matchesEntry('getServerSession', 'session'));
  });

  it('JS middleware: exact names, packages, then name patterns; unknown otherwise', () => {
    assert.equal(builtin.jsMiddleware('passport.authenticate', 'passport'), 'auth');
    assert.equal(builtin.jsMiddleware('passport.initialize', 'passport'), 'none');
    assert.equal(builtin.jsMiddleware('auth', 'express-oauth2-jwt-bearer'), 'auth');
    assert.equal(builtin.jsMiddleware('express.json'), 'none');
    assert.equal(builtin.jsMiddleware('requireAdmin'), 'auth');
    assert.equal(builtin.jsMiddleware('validateBody'), 'none');
    assert.equal(builtin.jsMiddleware('loadTenant'), 'unknown');
    assert.equal(builtin.jsMiddleware('check', './middleware/auth'), 'auth');
  });

  it('Python decorators, dependencies and DRF permissions', () => {
    assert.equal(builtin.pyDecorator('login_required'), 'auth');
    assert.equal(builtin.pyDecorator('auth.login_required'), 'auth');
    assert.equal(builtin.pyDecorator('csrf_exempt'), 'none');
    assert.equal(builtin.pyDecorator('traced'), 'unknown');
    assert.equal(builtin.pyDependency('get_current_user'), 'auth');
    assert.equal(builtin.pyDependency('get_db'), 'none');
    assert.equal(builtin.pyDependency('SessionDep'), 'none');
    assert.equal(builtin.pyDependency('check_quota'), 'unknown');
    assert.equal(builtin.permissionClass('permissions.IsAuthenticated'), 'auth');
    assert.equal(builtin.permissionClass('AllowAny'), 'none');
    assert.equal(builtin.permissionClass('IsOwner'), 'unknown');
  });

  it('one authenticating guard is enough; an unknown one makes the path "cannot tell"', () => {
    assert.equal(combineVerdicts(['none', 'auth', 'unknown']), 'auth');
    assert.equal(combineVerdicts(['none', 'unknown']), 'unknown');
    assert.equal(combineVerdicts([]), 'none');
  });
});

describe('auth/names: extension through .redline.json auth', () => {
  const config = resolveConfig(undefined, {
    auth: { middleware: ['tenantGate'], decorators: ['tenant_member', 'IsTeamMember'], dependencies: ['get_tenant'], sessionChecks: ['loadMember'], publicPaths: ['^/api/public/'] },
  });
  const extended = new AuthNames(options, config.auth);

  it('adds to the built-in lists instead of replacing them', () => {
    assert.equal(extended.jsMiddleware('tenantGate'), 'auth');
    assert.equal(extended.jsMiddleware('requireAuth'), 'auth');
    assert.equal(extended.pyDecorator('tenant_member'), 'auth');
    assert.equal(extended.permissionClass('IsTeamMember'), 'auth');
    assert.equal(extended.pyDependency('get_tenant'), 'auth');
    assert.ok(extended.jsSessionCheck('loadMember'));
    assert.ok(extended.isPublicPath('/api/public/signups'));
    assert.ok(extended.isPublicPath('/login'));
    assert.equal(builtin.jsMiddleware('tenantGate'), 'unknown');
  });

  it('changes what is reported', async () => {
    const express = "import express from 'express';\nconst app = express();\napp.post('/api/public/votes', (req, res) => res.json(req.body));\napp.post('/api/items', (req, res) => res.json(req.body));\n";
    assert.equal((await authFindings('src/app.ts', express, SCANNED)).length, 2);
    const withConfig = await authFindings('src/app.ts', express, SCANNED, { auth: { publicPaths: ['^/api/public/'] } });
    assert.deepEqual(withConfig.map((f) => f.range.start.line), [3]);

    const next = "import { loadMember } from '@/lib/members';\nexport async function POST(req: Request) {\n  const member = await loadMember();\n  return Response.json(await req.json());\n}\n";
    assert.equal((await authFindings('app/api/notes/route.ts', next, SCANNED)).length, 1);
    assert.equal((await authFindings('app/api/notes/route.ts', next, SCANNED, { auth: { sessionChecks: ['loadMember'] } })).length, 0);

    const flask = 'from flask import Flask\nfrom .perm import tenant_member\napp = Flask(__name__)\n\n@app.post("/notes")\n@tenant_member\ndef add():\n    return "ok"\n\n@app.post("/tags")\ndef tag():\n    return "ok"\n';
    // Unknown decorator: cannot tell (no finding); the undecorated route is reported.
    assert.deepEqual((await authFindings('app.py', flask, SCANNED)).map((f) => f.range.start.line), [9]);
  });
});
