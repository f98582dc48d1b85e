import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { initEngine } from '../../../server/src/engine';
import { collectProjectFacts, nextMatchers, worthParsing } from '../../../server/src/engine/project';
import { authFindings, workspace } from './helpers';

describe('auth/project: collectProjectFacts', () => {
  before(async () => {
    await initEngine();
  });

  it('an empty workspace is scanned and has no providers', () => {
    const ws = workspace({ 'README.md': '# hi\n' });
    try {
      const f = collectProjectFacts(ws.root);
      assert.equal(f.scanned, true);
      assert.equal(f.pythonScanned, true, 'the grammar is loaded: Python files are part of the scan');
      assert.deepEqual(f.authProviders, []);
      assert.equal(f.nextMiddlewareFile, undefined);
      assert.equal(f.drfDefaultPermissionClasses, undefined);
    } finally {
      ws.dispose();
    }
  });

  it('Express: providers from route middleware and exported middleware, mounts across files, exported handlers', () => {
    const ws = workspace({
      'src/middleware/auth.ts': "import type { Request, Response, NextFunction } from 'express';\nexport function requireAuth(req: Request, res: Response, next: NextFunction) {\n  if (!req.headers.authorization) return res.sendStatus(401);\n  next();\n}\n",
      'src/app.ts':
        "import express from 'express';\nimport passport from 'passport';\nimport { requireAuth } from './middleware/auth.js';\nimport adminRouter from './routes/admin';\nimport { router as billing } from './routes/billing';\nconst app = express();\napp.use(express.json());\napp.use('/admin', adminRouter);\napp.use('/billing', requireAuth, billing);\napp.post('/a', requireAuth, (req, res) => res.end());\napp.post('/b', requireAuth, (req, res) => res.end());\napp.post('/c', passport.authenticate('jwt', { session: false }), (req, res) => res.end());\nexport default app;\n",
      'src/routes/admin.ts': "import { Router } from 'express';\nconst r = Router();\nr.post('/x', (req, res) => res.end());\nexport default r;\n",
      'src/routes/billing.ts': "import { Router } from 'express';\nexport const router = Router();\n",
      'src/controllers/posts.js': "exports.create = async (req, res) => { res.json(await db.create(req.body)); };\nexports.remove = async (req, res) => { if (!req.user) return res.sendStatus(401); res.end(); };\n",
      'node_modules/pkg/index.js': "const express = require('express'); const app = express(); app.use('/x', require('./y'));\n",
    });
    try {
      const f = collectProjectFacts(ws.root);
      const express = f.authProviders.filter((p) => p.kind === 'express-middleware');
      assert.equal(express[0]!.name, 'requireAuth', 'most used first');
      assert.equal(express[0]!.module, 'src/middleware/auth');
      assert.equal(express[0]!.moduleKind, 'workspace');
      assert.equal(express[0]!.importExtension, '.js');
      assert.ok(express.some((p) => p.name === "passport.authenticate('jwt', { session: false })" && p.module === 'passport' && p.importName === 'passport' && p.importKind === 'default'));
      const admin = f.routerMounts!.find((m) => m.module === 'src/routes/admin')!;
      assert.equal(admin.prefix, '/admin');
      assert.equal(admin.exportName, 'default');
      assert.deepEqual(admin.guards, [{ name: 'express.json', module: 'express' }]);
      const billing = f.routerMounts!.find((m) => m.module === 'src/routes/billing')!;
      assert.equal(billing.exportName, 'router');
      assert.deepEqual(billing.guards.map((g) => g.name), ['express.json', 'requireAuth']);
      assert.deepEqual(f.jsHandlers!['src/controllers/posts'], { create: 'unchecked', remove: 'checked' });
      assert.ok(!f.routerMounts!.some((m) => m.file.startsWith('node_modules')), 'node_modules is not scanned');
    } finally {
      ws.dispose();
    }
  });

  it('Next.js: middleware matchers and evidence per project, session-helper providers', () => {
    const ws = workspace({
      'middleware.ts': "export { default } from 'next-auth/middleware';\nexport const config = { matcher: ['/dashboard/:path*', { source: '/api/admin/:path*', has: [{ type: 'header', key: 'x' }] }] };\n",
      'web/src/middleware.ts': "import { NextResponse } from 'next/server';\nexport function middleware(req) { if (!req.cookies.get('session')) return NextResponse.redirect(new URL('/login', req.url)); }\n",
      'web/src/app/page.tsx': 'export default function Page() { return null; }\n',
      'app/api/me/route.ts': "import { currentUser } from '@clerk/nextjs/server';\nexport async function GET() { return Response.json(await currentUser()); }\n",
      'lib/session.ts': 'export async function getCurrentUser() { return null; }\n',
    });
    try {
      const f = collectProjectFacts(ws.root);
      assert.equal(f.nextMiddlewareFile, 'middleware.ts');
      assert.deepEqual(f.nextMiddlewareMatchers, ['/dashboard/:path*', '/api/admin/:path*']);
      const root = f.nextMiddleware!.find((m) => m.projectRoot === '')!;
      assert.ok(root.modules.includes('next-auth/middleware'));
      const web = f.nextMiddleware!.find((m) => m.projectRoot === 'web')!;
      assert.deepEqual(web.matchers, ['/:path*']);
      assert.deepEqual(web.cookies, ['session']);
      assert.equal(web.rejects, true);
      const next = f.authProviders.filter((p) => p.kind === 'next-session-check').map((p) => `${p.name}@${p.module}`);
      assert.ok(next.includes('currentUser@@clerk/nextjs/server'));
      assert.ok(next.includes('getCurrentUser@lib/session'));
    } finally {
      ws.dispose();
    }
  });

  it('Fastify: exported plugins (shared or encapsulated, their hooks) and registrations across files', () => {
    const ws = workspace({
      'src/server.ts': "import Fastify from 'fastify';\nimport cors from '@fastify/cors';\nimport guard from './plugins/guard';\nimport users from './routes/users';\nconst app = Fastify();\napp.register(cors);\napp.register(async (api) => {\n  api.register(guard);\n  api.register(users, { prefix: '/users' });\n}, { prefix: '/api' });\n",
      'src/plugins/guard.ts': "import fp from 'fastify-plugin';\nexport default fp(async (app) => {\n  app.addHook('onRequest', async (request, reply) => { if (!request.headers.authorization) reply.code(401).send(); });\n});\n",
      'src/routes/users.ts': "export default async function users(app) {\n  app.post('/', async (request) => request.body);\n}\n",
    });
    try {
      const f = collectProjectFacts(ws.root);
      assert.deepEqual(f.fastifyPlugins!['src/plugins/guard'], { default: { shared: true, hooks: [{ verdict: 'auth' }] } });
      assert.deepEqual(f.fastifyPlugins!['src/routes/users'], { default: { shared: false, hooks: [] } });
      const m = f.routerMounts!.find((x) => x.framework === 'fastify' && x.module === 'src/routes/users')!;
      assert.equal(m.prefix, '/api/users');
      assert.deepEqual(m.guards.map((g) => g.plugin?.module), ['src/plugins/guard', '@fastify/cors']);
    } finally {
      ws.dispose();
    }
  });

  it('nextMatchers reads strings, arrays and { source } objects; a non-constant matcher cannot be compiled', () => {
    assert.deepEqual(nextMatchers("export const config = { matcher: '/about/:path*' };"), ['/about/:path*']);
    assert.deepEqual(nextMatchers('export function middleware() {}'), ['/:path*']);
    assert.deepEqual(nextMatchers('export const config = { matcher: routes };'), ['(']);
  });

  it('Flask: hooks with their scope and verdict, blueprint mounts; decorator providers with their import', () => {
    const ws = workspace({
      'app/__init__.py': 'from flask import Flask, abort, session\nfrom .admin import admin_bp\n\ndef create_app():\n    app = Flask(__name__)\n    app.register_blueprint(admin_bp, url_prefix="/admin")\n\n    @app.before_request\n    def load():\n        g.uid = session.get("uid")\n    return app\n',
      'app/admin.py': 'from flask import Blueprint, abort\nfrom flask_login import current_user, login_required\nadmin_bp = Blueprint("admin", __name__)\n\n@admin_bp.before_request\ndef guard():\n    if not current_user.is_authenticated:\n        abort(401)\n\n@admin_bp.post("/x")\n@login_required\ndef x():\n    return ""\n',
    });
    try {
      const f = collectProjectFacts(ws.root);
      assert.deepEqual(
        f.flaskHooks!.map((h) => [h.file, h.scope, h.target, h.guard.verdict]),
        [
          ['app/__init__.py', 'app', 'app', 'none'],
          ['app/admin.py', 'blueprint', 'admin_bp', 'auth'],
        ],
      );
      const mount = f.routerMounts!.find((m) => m.framework === 'flask')!;
      assert.deepEqual([mount.module, mount.exportName, mount.prefix], ['app/admin', 'admin_bp', '/admin']);
      const p = f.authProviders.find((x) => x.kind === 'flask-decorator')!;
      assert.deepEqual([p.name, p.module, p.importName], ['login_required', 'flask_login', 'login_required']);
    } finally {
      ws.dispose();
    }
  });

  it('FastAPI: include_router mounts with dependencies; dependency providers', () => {
    const ws = workspace({
      'app/main.py': 'from fastapi import Depends, FastAPI\nfrom app.deps import get_current_user\nfrom app.routers import items\n\napp = FastAPI()\napp.include_router(items.router, prefix="/items", dependencies=[Depends(get_current_user)])\n',
      'app/deps.py': 'from fastapi import Depends\nfrom fastapi.security import OAuth2PasswordBearer\noauth2 = OAuth2PasswordBearer(tokenUrl="token")\n\ndef get_current_user(token: str = Depends(oauth2)):\n    return token\n',
      'app/routers/items.py': 'from fastapi import APIRouter, Depends\nfrom app.deps import get_current_user\nrouter = APIRouter()\n\n@router.get("/me")\ndef me(user=Depends(get_current_user)):\n    return user\n',
    });
    try {
      const f = collectProjectFacts(ws.root);
      const m = f.routerMounts!.find((x) => x.framework === 'fastapi')!;
      assert.deepEqual([m.module, m.exportName, m.prefix, m.guards.map((g) => g.name)], ['app/routers/items', 'router', '/items', ['get_current_user']]);
      const p = f.authProviders.find((x) => x.kind === 'fastapi-dependency')!;
      assert.deepEqual([p.name, p.module], ['get_current_user', 'app.deps']);
    } finally {
      ws.dispose();
    }
  });

  it('Django: one project\'s settings never apply to another project in the same workspace', async () => {
    const ws = workspace({
      'fixtures/locked/locked/settings.py': 'INSTALLED_APPS = []\nMIDDLEWARE = ["django.contrib.auth.middleware.LoginRequiredMiddleware"]\n',
      'shop/shop/settings.py': 'INSTALLED_APPS = []\nMIDDLEWARE = ["django.middleware.common.CommonMiddleware"]\n',
      'shop/orders/views.py': 'from django.http import JsonResponse\n\ndef cancel(request, order_id):\n    if request.method == "POST":\n        Order.objects.filter(id=order_id).delete()\n    return JsonResponse({})\n',
    });
    try {
      const f = collectProjectFacts(ws.root);
      // Only the first project's settings are kept; the other's middleware is not merged in.
      const mw = f.djangoMiddleware ?? [];
      assert.ok(!(mw.includes('django.contrib.auth.middleware.LoginRequiredMiddleware') && mw.includes('django.middleware.common.CommonMiddleware')), `merged: ${mw}`);
      const findings = await authFindings('shop/orders/views.py', readFileSync(`${ws.root}/shop/orders/views.py`, 'utf8'), f);
      const settingsProject = f.djangoSettingsFile!.startsWith('shop/') ? 'shop' : 'fixtures';
      // A view of the shop project is judged by the shop's settings only: no LoginRequiredMiddleware there.
      assert.equal(findings.length, 1, `settings from ${f.djangoSettingsFile} (${settingsProject})`);
    } finally {
      ws.dispose();
    }
  });

  it('Django: DRF default permissions (literal, DRF default, dynamic), MIDDLEWARE, urls.py wrappers', () => {
    const literal = workspace({ 'proj/settings.py': 'INSTALLED_APPS = []\nREST_FRAMEWORK = {"DEFAULT_PERMISSION_CLASSES": ("rest_framework.permissions.IsAuthenticated",)}\nMIDDLEWARE = ["django.contrib.auth.middleware.LoginRequiredMiddleware"]\n' });
    const none = workspace({ 'proj/settings.py': 'INSTALLED_APPS = ["rest_framework"]\n' });
    const dynamic = workspace({ 'proj/settings/base.py': 'INSTALLED_APPS = []\nREST_FRAMEWORK = load_rest_settings()\n' });
    const urls = workspace({ 'blog/urls.py': 'from django.urls import path\nurlpatterns = [path("a/", login_required(views.a)), path("b/", staff_member_required(BView.as_view())), path("c/", views.c)]\n' });
    try {
      const a = collectProjectFacts(literal.root);
      assert.deepEqual(a.drfDefaultPermissionClasses, ['rest_framework.permissions.IsAuthenticated']);
      assert.equal(a.djangoSettingsFile, 'proj/settings.py');
      assert.deepEqual(a.djangoMiddleware, ['django.contrib.auth.middleware.LoginRequiredMiddleware']);
      assert.deepEqual(collectProjectFacts(none.root).drfDefaultPermissionClasses, ['rest_framework.permissions.AllowAny']);
      assert.equal(collectProjectFacts(dynamic.root).drfDefaultPermissionClasses, undefined);
      assert.deepEqual(collectProjectFacts(urls.root).djangoUrlWrappers!.map((w) => [w.view, w.wrappers]), [
        ['a', ['login_required']],
        ['BView', ['staff_member_required']],
      ]);
    } finally {
      for (const w of [literal, none, dynamic, urls]) w.dispose();
    }
  });

  it('.redline.json auth names decide which guards become providers', () => {
    const files = { 'src/app.js': "const express = require('express');\nconst { tenantGate } = require('./gate');\nconst app = express();\napp.post('/x', tenantGate, (req, res) => res.end());\n" };
    const plain = workspace(files);
    const configured = workspace({ ...files, '.redline.json': JSON.stringify({ auth: { middleware: ['tenantGate'] } }) });
    try {
      assert.deepEqual(collectProjectFacts(plain.root).authProviders, []);
      assert.deepEqual(collectProjectFacts(configured.root).authProviders.map((p) => [p.name, p.module]), [['tenantGate', 'src/gate']]);
    } finally {
      plain.dispose();
      configured.dispose();
    }
  });

  it('only parses files that may route, mount or authenticate', () => {
    assert.ok(worthParsing('src/routes/users.js', "const express = require('express');"));
    assert.ok(worthParsing('app/api/x/route.ts', 'export const GET = () => 1;'));
    assert.ok(!worthParsing('src/components/Button.tsx', "import React from 'react'; export function Button(req) {}"));
    assert.ok(!worthParsing('src/util/math.ts', 'export const add = (a: number, b: number) => a + b;'));
  });
});
