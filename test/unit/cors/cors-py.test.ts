import { strict as assert } from 'node:assert';
import { isMatchAllRegex } from '../../../server/src/engine/detectors/cors/cors-py';
import { ALLOWLIST_PY, applyFix, corsFindings, summary } from './helpers';

describe('cors-py', () => {
  describe('severity', () => {
    it('Flask-CORS: error with supports_credentials=True (top level or in a resource), warning without', async () => {
      const text = [
        'from flask import Flask',
        'from flask_cors import CORS',
        'a = Flask("a")',
        'CORS(a)',
        'CORS(a, supports_credentials=True)',
        'CORS(a, resources={r"/api/*": {"origins": "*", "supports_credentials": True}})',
        'CORS(a, origins="*")',
      ].join('\n');
      assert.deepEqual(summary(await corsFindings('app.py', text)), [
        '4: cors/permissive-origin warning',
        '5: cors/permissive-origin error',
        '6: cors/permissive-origin error',
        '7: cors/permissive-origin warning',
      ]);
    });

    it('FastAPI: allow_origins=["*"] is an error with allow_credentials=True (also through a variable)', async () => {
      const text = [
        'from fastapi import FastAPI',
        'from fastapi.middleware.cors import CORSMiddleware',
        'app = FastAPI()',
        'CREDENTIALS = True',
        'app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)',
        'app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=CREDENTIALS)',
        'app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=False)',
        'app.add_middleware(CORSMiddleware, allow_origins=["*"])',
      ].join('\n');
      assert.deepEqual(summary(await corsFindings('main.py', text)), [
        '5: cors/permissive-origin error',
        '6: cors/permissive-origin error',
        '7: cors/permissive-origin warning',
        '8: cors/permissive-origin warning',
      ]);
    });

    it('Django: CORS_ALLOW_ALL_ORIGINS is an error only with CORS_ALLOW_CREDENTIALS = True in the same file', async () => {
      const withCreds = await corsFindings('settings.py', 'CORS_ALLOW_CREDENTIALS = True\nCORS_ALLOW_ALL_ORIGINS = True\n');
      assert.deepEqual(summary(withCreds), ['2: cors/permissive-origin error']);
      const without = await corsFindings('settings.py', 'CORS_ALLOW_CREDENTIALS = False\nCORS_ALLOW_ALL_ORIGINS = True\n');
      assert.deepEqual(summary(without), ['2: cors/permissive-origin warning']);
      assert.match(withCreds[0]!.message, /with credentials/);
    });

    it('hand-written headers: error when the same function (or header dict) allows credentials', async () => {
      const text = [
        'def view(request):',
        '    response = make()',
        '    response["Access-Control-Allow-Origin"] = request.headers.get("Origin")',
        '    response["Access-Control-Allow-Credentials"] = "true"',
        '    return response',
        '',
        'def other(request):',
        '    return body, 200, {"Access-Control-Allow-Origin": "*", "Access-Control-Allow-Credentials": "true"}',
        '',
        'def plain(request):',
        '    return body, 200, {"Access-Control-Allow-Origin": "*"}',
      ].join('\n');
      assert.deepEqual(summary(await corsFindings('views.py', text)), [
        '3: cors/reflected-origin error',
        '8: cors/permissive-origin error',
        '11: cors/permissive-origin warning',
      ]);
    });
  });

  describe('fixes', () => {
    it('Flask-CORS default: inserts origins after the app and adds import os once', async () => {
      const text = 'from flask import Flask\nfrom flask_cors import CORS\n\napp = Flask(__name__)\nCORS(app, supports_credentials=True)\n';
      const [f] = await corsFindings('app.py', text);
      assert.ok(f);
      const fix = f.fixes.find((x) => x.isPreferred)!;
      assert.equal(fix.applicability, 'unsafe');
      assert.deepEqual(fix.fileEdits, [
        { kind: 'ensureLine', path: '.env.example', line: 'CORS_ORIGINS=', description: 'add CORS_ORIGINS= to .env.example' },
        { kind: 'ensureGitignored', pattern: '.env', description: 'make sure .env is git-ignored' },
      ]);
      const fixed = applyFix(text, f);
      assert.equal(fixed, `from flask import Flask\nfrom flask_cors import CORS\nimport os\n\napp = Flask(__name__)\nCORS(app, origins=${ALLOWLIST_PY}, supports_credentials=True)\n`);
      assert.deepEqual(await corsFindings('app.py', fixed), []);
    });

    it('@cross_origin(): adds origins; an existing import os is not repeated', async () => {
      const text = 'import os\nfrom flask_cors import cross_origin\n\n@cross_origin()\ndef f():\n    pass\n';
      const [f] = await corsFindings('app.py', text);
      assert.equal(applyFix(text, f!), `import os\nfrom flask_cors import cross_origin\n\n@cross_origin(origins=${ALLOWLIST_PY})\ndef f():\n    pass\n`);
    });

    it('Django: one fix with two non-overlapping edits (False + CORS_ALLOWED_ORIGINS) plus the import', async () => {
      const text = 'import os\n\nCORS_ALLOW_ALL_ORIGINS = True\nDEBUG = False\n';
      const [f] = await corsFindings('settings.py', text);
      const fix = f!.fixes.find((x) => x.isPreferred)!;
      assert.equal(fix.edits.length, 2);
      assert.equal(applyFix(text, f!), `import os\n\nCORS_ALLOW_ALL_ORIGINS = False\nCORS_ALLOWED_ORIGINS = ${ALLOWLIST_PY}\nDEBUG = False\n`);
    });

    it('Django: with CORS_ALLOWED_ORIGINS already set, the fix only turns allow-all off', async () => {
      const text = 'CORS_ORIGIN_ALLOW_ALL = True\nCORS_ALLOWED_ORIGINS = ["https://app.example.com"]\n';
      const [f] = await corsFindings('settings.py', text);
      assert.equal(applyFix(text, f!), 'CORS_ORIGIN_ALLOW_ALL = False\nCORS_ALLOWED_ORIGINS = ["https://app.example.com"]\n');
      assert.equal(f!.fixes.find((x) => x.isPreferred)!.fileEdits, undefined);
    });

    it('FastAPI allow_origin_regex=".*": replaced by allow_origins, but not when allow_origins is also set', async () => {
      const head = 'from fastapi.middleware.cors import CORSMiddleware\nimport os\n';
      const one = `${head}app.add_middleware(CORSMiddleware, allow_origin_regex=".*")\n`;
      const [f] = await corsFindings('main.py', one);
      assert.equal(applyFix(one, f!), `${head}app.add_middleware(CORSMiddleware, allow_origins=${ALLOWLIST_PY})\n`);
      const both = `${head}app.add_middleware(CORSMiddleware, allow_origins=["https://a.example.com"], allow_origin_regex=".*")\n`;
      const [g] = await corsFindings('main.py', both);
      assert.equal(g!.fixes.filter((x) => x.isPreferred).length, 0);
      assert.ok(g!.noFixReason);
    });

    it('a header set by hand becomes an allowlist check; without a known request there is no fix', async () => {
      const text = 'import os\n\ndef view(request):\n    response = make()\n    response["Access-Control-Allow-Origin"] = "*"\n    return response\n';
      const [f] = await corsFindings('views.py', text);
      assert.equal(
        applyFix(text, f!),
        `import os\n\ndef view(request):\n    response = make()\n    request_origin = request.headers.get("Origin")\n    if request_origin in ${ALLOWLIST_PY}:\n        response["Access-Control-Allow-Origin"] = request_origin\n        response["Vary"] = "Origin"\n    return response\n`,
      );
      const [g] = await corsFindings('views.py', 'def hook(response):\n    response["Access-Control-Allow-Origin"] = "*"\n');
      assert.equal(g!.fixes.filter((x) => x.isPreferred).length, 0);
      assert.match(g!.noFixReason ?? '', /which request/);
    });
  });

  describe('precision', () => {
    it('does not flag origins from configuration, unresolvable names, or checked reflections', async () => {
      const text = [
        'import os',
        'from flask import request',
        'from flask_cors import CORS',
        'from fastapi.middleware.cors import CORSMiddleware',
        'CORS(app, origins=os.environ["CORS_ORIGINS"].split(","))',
        'CORS(app, origins=settings.CORS_ORIGINS)',
        'CORS(app, resources=load_resources())',
        'app.add_middleware(CORSMiddleware, allow_origins=get_origins())',
        'def hook(response):',
        '    origin = request.headers.get("Origin")',
        '    if origin in ALLOWED:',
        '        response.headers["Access-Control-Allow-Origin"] = origin',
        '    return response',
        'def hook2(response):',
        '    origin = request.headers.get("Origin")',
        '    if not is_allowed(origin):',
        '        return response',
        '    response.headers["Access-Control-Allow-Origin"] = origin',
        '    return response',
        'def hook3(response):',
        '    response.headers["Access-Control-Allow-Origin"] = ALLOWED_ORIGIN',
      ].join('\n');
      assert.deepEqual(summary(await corsFindings('app.py', text)), []);
    });

    it('requires the Flask-CORS import for CORS(...)', async () => {
      assert.deepEqual(await corsFindings('app.py', 'from mylib import CORS\nCORS(app)\n'), []);
      assert.equal((await corsFindings('app.py', 'import flask_cors\nflask_cors.CORS(app)\n')).length, 1);
    });

    it('a presence check is not an allowlist', async () => {
      const text = 'from flask import request\ndef hook(response):\n    if "Origin" in request.headers:\n        response.headers["Access-Control-Allow-Origin"] = request.headers["Origin"]\n';
      assert.deepEqual(summary(await corsFindings('app.py', text)), ['4: cors/reflected-origin warning']);
    });

    it('switching the rule off silences the detector', async () => {
      const text = 'from flask_cors import CORS\nCORS(app)\n';
      assert.deepEqual(await corsFindings('app.py', text, { severityOverrides: { 'cors/permissive-origin': 'off' } }), []);
    });
  });

  it('isMatchAllRegex accepts only patterns that match every origin', () => {
    for (const p of ['.*', '.+', '^.*$', '(.*)', 'https?://.*', '^https?://.*$', 'https://.+', '.*?']) assert.ok(isMatchAllRegex(p), p);
    for (const p of ['https://.*\\.example\\.com', '^https://app\\.example\\.com$', '.*\\.example\\.com', 'a.*', '']) assert.ok(!isMatchAllRegex(p), p);
  });
});

describe('cors-py fix placement', () => {
  it('Django: the new setting goes after a trailing comment', async () => {
    const text = 'import os\nCORS_ALLOW_ALL_ORIGINS = True  # for the demo\n';
    const [f] = await corsFindings('settings.py', text);
    assert.equal(applyFix(text, f!), `import os\nCORS_ALLOW_ALL_ORIGINS = False  # for the demo\nCORS_ALLOWED_ORIGINS = ${ALLOWLIST_PY}\n`);
  });

  it('a module-level header map gets no request-based fix', async () => {
    const text = 'from flask import Flask\nHEADERS = {"Access-Control-Allow-Origin": "*"}\n';
    const [f] = await corsFindings('app.py', text);
    assert.equal(applyFix(text, f!), 'from flask import Flask\nimport os\nHEADERS = {"Access-Control-Allow-Origin": os.environ.get("CORS_ORIGIN", "")}\n');
  });
});

describe('cors-py fix edits', () => {
  it('an import inserted where a replacement starts is folded into it', async () => {
    const text = 'CORS_ALLOWED_ORIGIN_REGEXES = [r".*"]\n';
    const [f] = await corsFindings('settings.py', text);
    assert.equal(f!.fixes.find((x) => x.isPreferred)!.edits.length, 1);
    assert.equal(applyFix(text, f!), `import os\nCORS_ALLOWED_ORIGINS = ${ALLOWLIST_PY}\n`);
  });
});
