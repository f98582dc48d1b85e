import { strict as assert } from 'node:assert';
import { EMPTY_PROJECT } from '../../../server/src/engine';
import { authFindings, SCANNED } from './helpers';

/** Where the analysis cannot tell, the rule says nothing; the same code is reported once the facts are known. */
describe('auth/cannot-tell: no facts, no guess', () => {
  it('Next.js route handlers need the workspace scan (a middleware may cover them)', async () => {
    const text = 'export async function POST(req: Request) {\n  return Response.json(await req.json());\n}\n';
    assert.equal((await authFindings('app/api/notes/route.ts', text, EMPTY_PROJECT)).length, 0);
    assert.equal((await authFindings('app/api/notes/route.ts', text, SCANNED)).length, 1);
    const covered = { ...SCANNED, nextMiddleware: [{ file: 'middleware.ts', projectRoot: '', matchers: ['/api/:path*'], names: ['getToken'], modules: ['next-auth/jwt'], cookies: [], rejects: true }] };
    assert.equal((await authFindings('app/api/notes/route.ts', text, covered)).length, 0);
    const elsewhere = { ...covered, nextMiddleware: [{ ...covered.nextMiddleware[0]!, matchers: ['/dashboard/:path*'] }] };
    assert.equal((await authFindings('app/api/notes/route.ts', text, elsewhere)).length, 1);
  });

  it('an Express router mounted in another file needs the mount facts', async () => {
    const text = "const { Router } = require('express');\nconst router = Router();\nrouter.post('/x', (req, res) => res.end());\nmodule.exports = router;\n";
    assert.equal((await authFindings('src/routes/x.js', text, SCANNED)).length, 0);
    const open = { ...SCANNED, routerMounts: [{ framework: 'express' as const, module: 'src/routes/x', exportName: 'default', file: 'src/app.js', prefix: '/api', guards: [{ name: 'express.json', module: 'express' }] }] };
    const found = await authFindings('src/routes/x.js', text, open);
    assert.deepEqual(found.map((f) => f.properties?.path), ['/api/x']);
    const guarded = { ...open, routerMounts: [{ ...open.routerMounts[0]!, guards: [{ name: 'requireAuth' }] }] };
    assert.equal((await authFindings('src/routes/x.js', text, guarded)).length, 0);
  });

  it('unknown middleware, an app handed to unseen code, or an unknown handler: no finding', async () => {
    const text = [
      "const express = require('express');",
      "const { create } = require('some-package');",
      'const app = express();',
      "app.post('/a', tenantScope, (req, res) => res.end());",
      "app.post('/b', create);",
      'installPlugins(app);',
      "app.post('/c', (req, res) => res.end());",
      '',
    ].join('\n');
    assert.deepEqual(await authFindings('src/app.js', text, SCANNED), []);
  });

  it('Flask blueprints need the scan (app-wide before_request hooks may live elsewhere)', async () => {
    const text = 'from flask import Blueprint\nbp = Blueprint("x", __name__)\n\n@bp.post("/x")\ndef x():\n    return ""\n';
    assert.equal((await authFindings('app/x.py', text, EMPTY_PROJECT)).length, 0);
    assert.equal((await authFindings('app/x.py', text, SCANNED)).length, 1);
    const hooked = { ...SCANNED, flaskHooks: [{ file: 'app/__init__.py', scope: 'app' as const, target: 'app', guard: { name: 'require_login', verdict: 'auth' as const } }] };
    assert.equal((await authFindings('app/x.py', text, hooked)).length, 0);
  });

  it('DRF views without permission_classes need the project default', async () => {
    const text = 'from rest_framework.decorators import api_view\n\n@api_view(["POST"])\ndef vote(request):\n    return None\n';
    assert.equal((await authFindings('polls/views.py', text, SCANNED)).length, 0);
    assert.equal((await authFindings('polls/views.py', text, { ...SCANNED, drfDefaultPermissionClasses: ['rest_framework.permissions.AllowAny'] })).length, 1);
    assert.equal((await authFindings('polls/views.py', text, { ...SCANNED, drfDefaultPermissionClasses: ['rest_framework.permissions.IsAuthenticated'] })).length, 0);
  });

  it('FastAPI routers included only in other files need the mount facts', async () => {
    const text = 'from fastapi import APIRouter\nrouter = APIRouter()\n\n@router.post("/x")\ndef x():\n    return 1\n';
    assert.equal((await authFindings('app/routers/x.py', text, SCANNED)).length, 0);
    const mounted = { ...SCANNED, routerMounts: [{ framework: 'fastapi' as const, module: 'app/routers/x', exportName: 'router', file: 'app/main.py', prefix: '/x', guards: [] }] };
    assert.deepEqual((await authFindings('app/routers/x.py', text, mounted)).map((f) => f.properties?.path), ['/x/x']);
  });
});
