import { strict as assert } from 'node:assert';
import { FAKE, secretFindings, summary } from './helpers';

/**
 * `.env`-style files are analyzed only when git does not ignore them (docs/rules/secret/*.md):
 * an ignored `.env` is where secrets belong. Unknown status (`vcs` undefined) is analyzed.
 */
describe('secret rules on .env files', () => {
  const text = [`GITHUB_TOKEN=${FAKE.ghp}`, `DB_PASSWORD=${FAKE.password}`, `DATABASE_URL=postgres://app:${FAKE.password}@db.acme.internal/app`, ''].join('\n');
  const expected = ['1: secret/provider-credential error', '2: secret/hardcoded-credential warning', '3: secret/connection-string-credential error'];

  it('skips a git-ignored .env entirely', async () => {
    assert.deepEqual(await secretFindings('.env', text, { vcs: 'ignored' }), []);
    assert.deepEqual(await secretFindings('config/.env.local', text, { vcs: 'ignored' }), []);
  });

  it('reports a tracked .env, with the way out of git as the no-fix reason', async () => {
    const findings = await secretFindings('.env', text, { vcs: 'tracked' });
    assert.deepEqual(summary(findings), expected);
    for (const f of findings) {
      assert.deepEqual(f.fixes.filter((x) => x.isPreferred), [], 'a .env value has no code fix');
      assert.match(f.noFixReason ?? '', /git rm --cached \.env/);
      assert.match(f.noFixReason ?? '', /\.gitignore/);
      assert.match(f.noFixReason ?? '', /rotate/);
    }
  });

  it('reports an untracked, not ignored .env, asking to ignore it before it is committed', async () => {
    const findings = await secretFindings('.env', text, { vcs: 'untracked' });
    assert.deepEqual(summary(findings), expected);
    assert.match(findings[0]!.noFixReason ?? '', /add it to \.gitignore before it is committed/);
  });

  it('reports a .env whose git status is unknown', async () => {
    assert.deepEqual(summary(await secretFindings('.env', text)), expected);
  });

  it('analyzes committed templates such as .env.example, whose values must be placeholders', async () => {
    const findings = await secretFindings('.env.example', text, { vcs: 'tracked' });
    assert.deepEqual(summary(findings), expected);
    assert.match(findings[0]!.noFixReason ?? '', /committed by design/);
  });

  it('does not apply the ignored-file rule to other languages', async () => {
    const findings = await secretFindings('src/config.js', `export const token = '${FAKE.ghp}';\n`, { vcs: 'ignored' });
    assert.deepEqual(summary(findings), ['1: secret/provider-credential error']);
  });
});

describe('secret rules on test paths', () => {
  it('stay reported one severity lower, and say why', async () => {
    const text = `export const token = '${FAKE.ghp}';\nexport const pool = { password: '${FAKE.password}' };\n`;
    const prod = await secretFindings('src/client.ts', text);
    const test = await secretFindings('tests/client.test.ts', text, { isTest: true });
    assert.deepEqual(summary(prod), ['1: secret/provider-credential error', '2: secret/hardcoded-credential warning']);
    assert.deepEqual(summary(test), ['1: secret/provider-credential warning', '2: secret/hardcoded-credential info']);
    for (const f of test) assert.match(f.message, /test or fixture path: reported at a lower severity/);
  });
});
