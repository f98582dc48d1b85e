import { strict as assert } from 'node:assert';
import { applyFix, FAKE, secretFindings } from './helpers';

/** The quick fix's edits and file edits, per language (see docs/rules/secret/*.md, "How to fix"). */
describe('secret quick fixes', () => {
  it('JS: replaces the literal with process.env and documents the variable', async () => {
    const text = `const stripe = new Stripe('${FAKE.stripe}');\n`;
    const [f] = await secretFindings('src/pay.js', text);
    assert.ok(f);
    const fix = f.fixes.find((x) => x.isPreferred)!;
    assert.equal(fix.applicability, 'unsafe');
    assert.deepEqual(fix.fileEdits, [
      { kind: 'ensureLine', path: '.env.example', line: 'STRIPE_SECRET_KEY=', description: 'add STRIPE_SECRET_KEY= to .env.example' },
      { kind: 'ensureGitignored', pattern: '.env', description: 'make sure .env is git-ignored' },
    ]);
    assert.equal(applyFix(text, f), 'const stripe = new Stripe(process.env.STRIPE_SECRET_KEY);\n');
    // The second fix is the engine's "ignore on this line".
    assert.equal(f.fixes.filter((x) => x.isPreferred).length, 1);
  });

  it('TS: asserts the variable is set; JSX attributes get braces', async () => {
    const ts = `export const client = new Octokit({ auth: "${FAKE.ghp}" });\n`;
    const [f] = await secretFindings('src/gh.ts', ts);
    assert.equal(applyFix(ts, f!), 'export const client = new Octokit({ auth: process.env.GITHUB_TOKEN! });\n');
    const jsx = `export const App = () => <Widget apiKey="${FAKE.token}" />;\n`;
    const [g] = await secretFindings('src/App.tsx', jsx);
    assert.equal(applyFix(jsx, g!), 'export const App = () => <Widget apiKey={process.env.API_KEY!} />;\n');
  });

  it('JS: removes a hardcoded fallback instead of replacing it', async () => {
    const text = `const jwt = require('jsonwebtoken');\nconst t = jwt.sign(p, process.env.JWT_SECRET || 'dev-secret');\n`;
    const [f] = await secretFindings('src/a.js', text);
    assert.match(f!.fixes[0]!.title, /Remove the hardcoded fallback/);
    assert.equal(applyFix(text, f!), `const jwt = require('jsonwebtoken');\nconst t = jwt.sign(p, process.env.JWT_SECRET);\n`);
  });

  it('JS: no fix, with a reason, for secrets inside larger strings and interpolated templates', async () => {
    const [a] = await secretFindings('src/a.js', `const h = 'token ${FAKE.ghp}';\n`);
    assert.deepEqual(a!.fixes.filter((x) => x.isPreferred), []);
    assert.match(a!.noFixReason!, /part of a larger string/);
    const [b] = await secretFindings('src/a.js', 'const u = `https://x:' + FAKE.ghp + '@github.com/${org}/r.git`;\n');
    assert.match(b!.noFixReason!, /interpolations/);
    const [c] = await secretFindings('src/a.js', `// ${FAKE.ghp}\n`);
    assert.match(c!.noFixReason!, /in a comment/);
  });

  it('Python: adds import os in the same fix, once', async () => {
    const text = `"""Doc."""\nimport sys\n\nTOKEN = "${FAKE.ghp}"\n`;
    const [f] = await secretFindings('app/gh.py', text);
    const fix = f!.fixes.find((x) => x.isPreferred)!;
    assert.equal(fix.edits.length, 2);
    assert.equal(applyFix(text, f!), `"""Doc."""\nimport sys\nimport os\n\nTOKEN = os.environ["GITHUB_TOKEN"]\n`);
    const withOs = `import os\nTOKEN = b"${FAKE.ghp}"\n`;
    const [g] = await secretFindings('app/gh.py', withOs);
    assert.equal(applyFix(withOs, g!), 'import os\nTOKEN = os.environ["GITHUB_TOKEN"].encode()\n');
  });

  it('Python: removes an environment default', async () => {
    const text = `import os\nSECRET_KEY = os.environ.get("SECRET_KEY", "dev")\n`;
    const [f] = await secretFindings('app/settings.py', text);
    assert.equal(applyFix(text, f!), 'import os\nSECRET_KEY = os.environ["SECRET_KEY"]\n');
  });

  it('Go: adds the "os" import, or gives no fix when it cannot safely', async () => {
    const text = `package main\n\nimport (\n\t"fmt"\n)\n\nvar key = "${FAKE.stripe}"\n\nfunc main() { fmt.Println(key) }\n`;
    const [f] = await secretFindings('main.go', text);
    assert.equal(applyFix(text, f!), `package main\n\nimport (\n\t"os"\n\t"fmt"\n)\n\nvar key = os.Getenv("STRIPE_SECRET_KEY")\n\nfunc main() { fmt.Println(key) }\n`);
    const aliased = `package main\n\nimport os "github.com/acme/os"\n\nvar key = "${FAKE.stripe}"\n`;
    const [g] = await secretFindings('main.go', aliased);
    assert.deepEqual(g!.fixes.filter((x) => x.isPreferred), []);
    assert.match(g!.noFixReason!, /"os" import/);
    const constant = `package main\n\nconst key = "${FAKE.stripe}"\n`;
    const [h] = await secretFindings('main.go', constant);
    assert.match(h!.noFixReason!, /constant/);
  });

  it('docker-compose: interpolates the variable and documents it', async () => {
    const text = `services:\n  api:\n    environment:\n      API_KEY: ${FAKE.token}\n      - GITHUB_TOKEN=${FAKE.ghp}\n`;
    const findings = await secretFindings('docker-compose.yml', text);
    assert.equal(findings.length, 2);
    assert.equal(applyFix(text, findings[0]!), text.replace(FAKE.token, '${API_KEY}'));
    assert.equal(applyFix(text, findings[1]!), text.replace(FAKE.ghp, '${GITHUB_TOKEN}'));
    assert.deepEqual(findings[0]!.fixes[0]!.fileEdits?.[0], { kind: 'ensureLine', path: '.env.example', line: 'API_KEY=', description: 'add API_KEY= to .env.example' });
  });

  it('GitHub Actions: uses a repository secret', async () => {
    const text = `jobs:\n  deploy:\n    env:\n      DEPLOY_TOKEN: ${FAKE.token}\n`;
    const [f] = await secretFindings('.github/workflows/deploy.yml', text);
    assert.equal(applyFix(text, f!), text.replace(FAKE.token, '${{ secrets.DEPLOY_TOKEN }}'));
  });

  it('other config formats: no code fix, a reason per format', async () => {
    const cases: [string, string, RegExp][] = [
      ['config.json', `{ "apiKey": "${FAKE.token}" }\n`, /JSON cannot read environment variables/],
      ['Dockerfile', `ENV API_KEY=${FAKE.token}\n`, /image layers/],
      ['application.properties', `app.api-key=${FAKE.token}\n`, /\$\{NAME\}/],
      ['k8s/deploy.yaml', `env:\n  API_KEY: ${FAKE.token}\n`, /secretKeyRef/],
    ];
    for (const [path, text, reason] of cases) {
      const [f] = await secretFindings(path, text);
      assert.ok(f, path);
      assert.deepEqual(f.fixes.filter((x) => x.isPreferred), [], path);
      assert.match(f.noFixReason!, reason, path);
    }
  });

  it('never writes the secret: edits only remove it', async () => {
    const samples: [string, string][] = [
      ['src/a.js', `const a = '${FAKE.ghp}';\nconst b = { password: '${FAKE.password}' };\nconst c = 'postgres://app:${FAKE.password}@db.acme.internal/app';\n`],
      ['app/a.py', `A = "${FAKE.ghp}"\nconn = connect(password="${FAKE.password}")\n`],
      ['docker-compose.yml', `services:\n  a:\n    environment:\n      DB_PASSWORD: ${FAKE.password}\n`],
    ];
    for (const [path, text] of samples) {
      for (const f of await secretFindings(path, text)) {
        for (const fix of f.fixes) {
          for (const e of fix.edits) for (const s of [FAKE.ghp, FAKE.password]) assert.ok(!e.newText.includes(s), `${path}: ${fix.title}`);
          for (const fe of fix.fileEdits ?? []) for (const s of [FAKE.ghp, FAKE.password]) assert.ok(!JSON.stringify(fe).includes(s), path);
        }
      }
    }
  });
});
