import { strict as assert } from 'node:assert';
import { KeywordScanner } from '../../../server/src/engine/detectors/secret/keywords';
import { compileProviders, judgeJwt, ProviderOptionsSchema, scanProviders, type ProviderOptions } from '../../../server/src/engine/detectors/secret/providers';
import { secretCatalog } from './helpers';

async function providerOptions(): Promise<ProviderOptions> {
  const rule = (await secretCatalog()).get('secret/provider-credential');
  assert.ok(rule, 'secret/provider-credential is in the catalog');
  return ProviderOptionsSchema.parse(rule.options);
}

/** Provider patterns are data; these are their self-tests (DevSkim-style must-match / must-not-match). */
describe('secret/provider-credential providers', () => {
  it('has at least 40 credential types, including the required ones', async () => {
    const ids = new Set((await providerOptions()).providers.map((p) => p.id));
    assert.ok(ids.size >= 40, `only ${ids.size} providers`);
    for (const id of [
      'aws-access-key-id', 'aws-secret-access-key', 'github-pat', 'github-oauth-token', 'github-user-token', 'github-app-token', 'github-refresh-token',
      'github-fine-grained-pat', 'gitlab-pat', 'gitlab-runner-token', 'gitlab-deploy-token', 'slack-bot-token', 'slack-user-token', 'slack-app-token',
      'slack-webhook', 'stripe-secret-key', 'stripe-restricted-key', 'stripe-test-key', 'google-api-key', 'gcp-service-account-key', 'azure-storage-key',
      'azure-ad-client-secret', 'openai-api-key', 'anthropic-api-key', 'twilio-api-key', 'twilio-auth-token', 'sendgrid-api-key', 'mailgun-api-key',
      'npm-token', 'pypi-token', 'supabase-service-role-key', 'supabase-access-token', 'firebase-fcm-server-key', 'jwt', 'private-key', 'shopify-token',
      'discord-bot-token', 'discord-webhook', 'telegram-bot-token', 'heroku-api-key', 'digitalocean-token', 'linear-api-key', 'notion-token',
      'datadog-api-key', 'new-relic-api-key', 'sentry-dsn-secret', 'square-access-token', 'braintree-access-token', 'huggingface-token',
      'cloudflare-api-token', 'atlassian-api-token', 'postman-api-key', 'docker-hub-pat', 'databricks-token', 'vault-token', 'doppler-token',
      'pulumi-token', 'grafana-cloud-token', 'grafana-service-account-token', 'mapbox-secret-token', 'algolia-admin-key',
    ]) {
      assert.ok(ids.has(id), `missing provider ${id}`);
    }
  });

  it('every provider finds each of its match samples and none of its noMatch samples', async () => {
    const options = await providerOptions();
    const compiled = compileProviders(options);
    const problems: string[] = [];
    for (const p of options.providers) {
      assert.ok(p.samples && p.samples.match.length > 0, `${p.id} has no samples`);
      for (const s of p.samples.match) {
        const found = scanProviders(s, compiled);
        if (!found.some((f) => f.provider.id === p.id)) problems.push(`${p.id} misses ${s.slice(0, 48)}… (found ${found.map((f) => f.provider.id).join(', ') || 'nothing'})`);
      }
      for (const s of p.samples!.noMatch) {
        if (scanProviders(s, compiled).some((f) => f.provider.id === p.id)) problems.push(`${p.id} should not match ${s.slice(0, 48)}…`);
      }
    }
    assert.deepEqual(problems, []);
  });

  it('every provider has a keyword that occurs in each of its match samples (the prefilter cannot hide a match)', async () => {
    const options = await providerOptions();
    for (const p of options.providers) {
      for (const s of p.samples!.match) {
        assert.ok(p.keywords.some((k) => s.toLowerCase().includes(k.toLowerCase())), `${p.id}: no keyword in a sample`);
      }
    }
  });

  it('masks every match with at most the public prefix and the last four characters', async () => {
    const options = await providerOptions();
    const compiled = compileProviders(options);
    for (const p of options.providers) {
      for (const s of p.samples!.match) {
        for (const m of scanProviders(s, compiled)) {
          assert.ok(!m.masked.includes(m.value.slice(0, -4).slice(-4)) || m.value.length < 12, `${p.id}: ${m.masked} shows too much`);
          assert.ok(m.masked.length < m.value.length, `${p.id}: masked value is not shorter`);
        }
      }
    }
  });

  it('documented AWS example keys and placeholders are not reported', async () => {
    const compiled = compileProviders(await providerOptions());
    for (const s of ['AKIAIOSFODNN7EXAMPLE', 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'sk_live_000000000000000000000000', 'xoxb-your-token-here']) {
      assert.deepEqual(scanProviders(s, compiled).map((m) => m.provider.id), [], s);
    }
  });
});

describe('JWT policy', () => {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const jwt = (payload: object) => `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}.c2lnbmF0dXJlLW5vdC1yZWFsLXNpZ25hdHVyZQ`;
  const table: [string, object, { report: boolean; severity?: string; role?: string }][] = [
    ['no exp: never expires', { sub: '42', iat: 1712000000 }, { report: true, severity: 'error' }],
    ['one year', { sub: '42', iat: 1712000000, exp: 1743536000 }, { report: true, severity: 'warning' }],
    ['15 minutes', { sub: '42', iat: 1712000000, exp: 1712000900 }, { report: false }],
    ['exactly one hour', { sub: '42', iat: 1712000000, exp: 1712003600 }, { report: false }],
    ['jwt.io sample', { sub: '1234567890', name: 'John Doe', iat: 1516239022 }, { report: false }],
    ['supabase anon', { iss: 'supabase', role: 'anon', iat: 1712000000, exp: 2027576000 }, { report: false, role: 'anon' }],
    ['supabase service role', { iss: 'supabase', role: 'service_role', iat: 1712000000, exp: 2027576000 }, { report: true, severity: 'error', role: 'service_role' }],
  ];
  for (const [name, payload, want] of table) {
    it(name, () => {
      const v = judgeJwt(jwt(payload));
      assert.equal(v.report, want.report);
      if (want.severity) assert.equal(v.severity, want.severity);
      if (want.role) assert.equal(v.role, want.role);
    });
  }
  it('does not report segments that are not JSON', () => {
    assert.equal(judgeJwt('eyJub3QganNvbg.eyJhbHNvIG5vdA.c2lnbmF0dXJl').report, false);
  });
});

describe('KeywordScanner', () => {
  it('reports the first occurrence of each keyword, case-insensitively, like a naive search', () => {
    const keywords = ['ghp_', 'sk_live_', 'aws', 'PRIVATE KEY-----', '://', 'eyJ', 'ab', 'abc', 'bc'];
    const scanner = new KeywordScanner(keywords);
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const alphabet = 'abcAWSghp_sk_live:/eyJPRIVATE KEY-\n€';
    for (let round = 0; round < 200; round++) {
      let text = '';
      for (let i = 0; i < 300; i++) text += alphabet[Math.floor(rnd() * alphabet.length)];
      const got = scanner.firstOccurrences(text);
      keywords.forEach((k, i) => {
        const at = text.toLowerCase().indexOf(k.toLowerCase());
        assert.equal(got.get(i), at < 0 ? undefined : at, `${JSON.stringify(k)} in round ${round}`);
      });
    }
  });
});
