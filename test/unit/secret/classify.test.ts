import { strict as assert } from 'node:assert';
import { classifySinkValue, classifyValue, isPlaceholder, isReference, looksRandom, secretNameKind, type Rejection, type SecretNameKind } from '../../../server/src/engine/detectors/secret/classify';
import { connectionPasswordRejection, isLocalHost } from '../../../server/src/engine/detectors/secret/connection';
import { composeEnvName, yamlValueSpan } from '../../../server/src/engine/detectors/secret/fix';

describe('secret name classification', () => {
  const table: [string, SecretNameKind | undefined][] = [
    ['password', 'password'], ['DB_PASSWORD', 'password'], ['dbPass', 'password'], ['passwd', 'password'], ['pwd', 'password'], ['smtp_passphrase', 'password'],
    ['secret', 'token'], ['clientSecret', 'token'], ['SECRET_KEY', 'token'], ['apiKey', 'token'], ['api-key', 'token'], ['x-api-key', 'token'], ['APIKEY', 'token'],
    ['access_token', 'token'], ['auth_token', 'token'], ['private_key', 'token'], ['signingKey', 'token'], ['ENCRYPTION_KEY', 'token'], ['credentials', 'token'],
    ['githubPat', undefined], ['HEX_PAT', undefined], ['mysecret', 'token'], ['sessionKeys', 'token'], ['secret_key_base', 'token'],
    // Names about a secret, not holding one.
    ['passwordHash', undefined], ['password_sha256', undefined], ['tokenUrl', undefined], ['API_KEY_HEADER', undefined], ['secretName', undefined],
    ['publicKey', undefined], ['stripePublishableKey', undefined], ['nextPageToken', undefined], ['csrfToken', undefined], ['tokenType', undefined],
    ['passwordLabel', undefined], ['passwordPlaceholder', undefined], ['PASSWORD_FIELD', undefined], ['resetPasswordUrl', undefined], ['password_min_length', undefined],
    ['isPasswordSet', undefined], ['passport', undefined], ['bypass', undefined], ['key', undefined], ['keys', undefined], ['monkey', undefined], ['tokens', undefined],
  ];
  for (const [name, kind] of table) {
    it(`${name} → ${kind ?? 'not secret'}`, () => assert.equal(secretNameKind(name), kind));
  }
});

describe('secret value classification', () => {
  const table: [string, SecretNameKind, boolean, Rejection?][] = [
    // Passwords: any real-looking value of 6+ characters.
    ['Xk29fQ7mLw3pZ8', 'password', true],
    ['Summer2024', 'password', true],
    ['tr0ub4dor&3', 'password', true],
    ['hunter22x', 'password', true],
    ['abc12', 'password', false, 'short'],
    ['', 'password', false, 'empty'],
    ['Enter your password', 'password', false, 'has-space'],
    ['Password', 'password', false, 'default-password'],
    ['postgres', 'password', false, 'default-password'],
    ['mysecretpassword', 'password', false, 'default-password'],
    ['changeme', 'password', false, 'placeholder'],
    ['your-password-here', 'password', false, 'placeholder'],
    ['<password>', 'password', false, 'reference'],
    ['${DB_PASSWORD}', 'password', false, 'reference'],
    ['$DB_PASSWORD', 'password', false, 'reference'],
    ['%(password)s', 'password', false, 'reference'],
    ['{{ db_password }}', 'password', false, 'reference'],
    ['vault:secret/data/db#password', 'password', false, 'reference'],
    ['ENC(G6N718UuyPE5bHyWKyuLQSm02auQPUtm)', 'password', false, 'reference'],
    ['{COQLCE6DU6GtcS5P=}', 'password', false, 'reference'],
    ['********', 'password', false, 'placeholder'],
    ['xxxxxxxx', 'password', false, 'placeholder'],
    ['test1234', 'password', false, 'placeholder'],
    ['TODO-set-me', 'password', false, 'placeholder'],
    ['DB_PASSWORD', 'password', false, 'env-name'],
    ['/api/password-reset', 'password', false, 'path-or-url'],
    ['auth.password.label', 'password', false, 'i18n-key'],
    ['12345678', 'password', false, 'placeholder'],
    ['20240101', 'password', false, 'numeric'],
    ['Password: %s', 'password', false, 'has-space'],
    ['pass{0}word', 'password', false, 'format-string'],
    // Tokens and keys: must look machine-generated.
    ['ClZ68iKKEuQqMu58fNXF0b0fBYcbQzRv', 'token', true],
    ['3b4683f5a3ddd710dda39a5e991f7c2a82536c78', 'token', true],
    ['OBPfF8WK/EOG/4QTHw7/X+LU1u9OgWyMkOY9i1xugW4+', 'token', true],
    ['jwt-signing-phrase', 'token', false, 'not-random'],
    ['my_super_long_phrase', 'token', false, 'not-random'],
    ['thisismylongphrase', 'token', false, 'not-random'],
    ['abc123', 'token', false, 'not-random'],
    ['550e8400-e29b-41d4-a716-446655440000', 'token', false, 'uuid'],
    ['sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC', 'token', false, 'integrity'],
    ['-----BEGIN PUBLIC KEY-----\nMFkw', 'token', false, 'public-key'],
    ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKq0 deploy@acme', 'token', false, 'public-key'],
    ['pk_live_IyZ4EM1iyW8QFvZ7K0MExDEjCa8MkXso', 'token', false, 'public-key'],
    ['sk_live_your_key_here', 'token', false, 'placeholder'],
    ['process.env.API_KEY', 'token', false, 'reference'],
    ['API_TOKEN', 'token', false, 'env-name'],
    ['FlowPasswordRequiredResultV2', 'password', false, 'self-describing'],
    ['msal:acquireTokenStart', 'token', false, 'self-describing'],
    ['^10.2.2', 'password', false, 'version'],
    ['Passwort', 'password', false, 'self-describing'],
    ['Required', 'password', false, 'word'],
    ['CloudFrontOriginAccessIdentityList.NextMarker', 'token', false, 'identifier'],
    ['[0-9A-Fa-f]{1,4}', 'password', false, 'regex'],
    ['2016-09-08T21:47:36Z', 'password', false, 'date'],
    ['>=1.4.0-beta.2', 'password', false, 'version'],
  ];
  for (const [value, kind, flag, rejection] of table) {
    it(`${kind} ${JSON.stringify(value)} → ${flag ? 'reported' : rejection}`, () => {
      const v = classifyValue(value, kind, kind === 'password' ? 'password' : 'apiKey');
      assert.equal(v.flag, flag);
      if (rejection) assert.equal(v.rejection, rejection);
    });
  }

  it('rates random-looking values as high confidence', () => {
    assert.equal(classifyValue('ClZ68iKKEuQqMu58fNXF0b0fBYcbQzRv', 'token').confidence, 'high');
    assert.equal(classifyValue('Summer2024', 'password').confidence, 'medium');
    assert.equal(classifyValue('b9739UxUEs58HBfD', 'password').confidence, 'high');
  });

  it('reports any literal a credential API uses as its key, placeholders included', () => {
    for (const v of ['keyboard cat', 'your-secret-key', 'dev', 'secret']) assert.equal(classifySinkValue(v).flag, true, v);
    for (const v of ['', '${JWT_SECRET}', '-----BEGIN PUBLIC KEY-----\nMFkw']) assert.equal(classifySinkValue(v).flag, false, v);
  });

  it('entropy and character classes decide randomness', () => {
    assert.equal(looksRandom('aaaaaaaaaaaaaaaa1'), false);
    assert.equal(looksRandom('a1b2c3d4e5f6a7b8'), true);
    assert.equal(looksRandom('Short1'), false);
    assert.equal(looksRandom('with space inside 1234'), false);
  });

  it('placeholder and reference helpers', () => {
    for (const v of ['your-api-key', 'REPLACE_ME', 'redacted', 'dummy-token', 'sample', 'aaaaaa', 'qwerty123']) assert.ok(isPlaceholder(v), v);
    for (const v of ['Xk29fQ7mLw3pZ8', 'latest-build-7f3a']) assert.ok(!isPlaceholder(v), v);
    for (const v of ['${X}', '$X', '$(cat /run/secrets/db)', '{{ x }}', '%X%', '#{x}', 'op://vault/item/field', 'arn:aws:secretsmanager:eu-west-1:1:secret:x', '@Microsoft.KeyVault(SecretUri=https://v/)']) assert.ok(isReference(v), v);
    assert.ok(!isReference('Xk29fQ7mLw3pZ8'));
  });
});

describe('connection-string password policy', () => {
  const table: [string, string, string, string | undefined][] = [
    ['Xk29fQ7mLw3pZ8', 'app', 'db.acme.internal', undefined],
    ['postgres', 'postgres', 'legacy-db.acme.io', undefined],
    ['postgres', 'postgres', 'localhost', 'local dev default'],
    ['root', 'root', '127.0.0.1', 'local dev default'],
    ['guest', 'guest', 'rabbitmq', 'local dev default'],
    ['mongo', 'mongo', 'mongo', 'local dev default'],
    ['pass', 'user', 'host', 'placeholder'],
    ['password', 'app', 'db.acme.internal', 'placeholder'],
    ['changeme', 'app', 'db.acme.internal', 'placeholder'],
    ['***', 'app', 'db.acme.internal', 'placeholder'],
    ['${DB_PASSWORD}', 'app', 'db', 'reference'],
    ['%(password)s', 'app', 'db', 'reference'],
    ['', 'app', 'db', 'empty'],
    ['abc', 'app', 'db.acme.internal', 'short'],
    ['hunter2pass', 'app', 'example.com', 'documentation host'],
    // A random password is real even on a documentation host: AI assistants paste live ones there.
    ['Xk29fQ7mLw3pZ8', 'app', 'example.com', undefined],
    ['p%40ss%3Aw0rd!', 'app', 'db.acme.internal', undefined],
  ];
  for (const [pass, user, host, why] of table) {
    it(`${user}:${pass}@${host} → ${why ?? 'reported'}`, () => assert.equal(connectionPasswordRejection(pass, user, host), why));
  }
  it('local hosts', () => {
    for (const h of ['localhost', '127.0.0.1', '0.0.0.0', '[::1]', 'host.docker.internal', 'db', 'redis']) assert.ok(isLocalHost(h), h);
    for (const h of ['db.acme.internal', 'cluster0.q8w2e.mongodb.net', '10.0.0.5']) assert.ok(!isLocalHost(h), h);
  });
});

describe('environment variable names for fixes', () => {
  const table: [string, string[], string][] = [
    ['password', ['db'], 'DB_PASSWORD'],
    ['pass', ['database'], 'DB_PASSWORD'],
    ['PASSWORD', ['default', 'DATABASES'], 'DB_PASSWORD'],
    ['password', ['config'], 'PASSWORD'],
    ['pass', ['auth', 'transporter'], 'SMTP_PASSWORD'],
    ['secretKey', ['stripe'], 'STRIPE_SECRET_KEY'],
    ['apiKey', ['SMTP_SETTINGS'], 'SMTP_API_KEY'],
    ['jwtSecret', ['config'], 'JWT_SECRET'],
    ['spring.datasource.password', [], 'SPRING_DATASOURCE_PASSWORD'],
  ];
  for (const [inner, outer, want] of table) {
    it(`${[...outer].reverse().join('.')}${outer.length ? '.' : ''}${inner} → ${want}`, () => assert.equal(composeEnvName(inner, outer), want));
  }
});

describe('YAML value spans', () => {
  it('finds map values, quoted values and compose list items', () => {
    assert.deepEqual(yamlValueSpan('  POSTGRES_PASSWORD: s3cret # comment'), { key: 'POSTGRES_PASSWORD', start: 21, end: 27, quote: 0 });
    assert.deepEqual(yamlValueSpan('  API_KEY: "abc def"'), { key: 'API_KEY', start: 11, end: 20, quote: 1 });
    assert.deepEqual(yamlValueSpan('  - JWT_SECRET=abc'), { key: 'JWT_SECRET', start: 15, end: 18, quote: 0 });
    assert.equal(yamlValueSpan('environment:'), undefined);
  });
});
