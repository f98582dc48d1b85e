import { strict as assert } from 'node:assert';
import {
  charClasses,
  classifySinkValue,
  classifyValue,
  describeSecretName,
  isPlaceholder,
  isPlaceholderToken,
  isReference,
  isWordy,
  looksRandom,
  mayNameCredential,
  nameWords,
  secretNameKind,
  type Rejection,
  type SecretNameKind,
} from '../../../server/src/engine/detectors/secret/classify';

/**
 * The secret heuristics branch by branch: each value below reaches the branch it names (the
 * checks run in order), so a change to one check shows up as a different verdict.
 */
describe('secret heuristics, branch by branch', () => {
  it('splits names into words', () => {
    assert.deepEqual(nameWords('clientSecret'), ['client', 'secret']);
    assert.deepEqual(nameWords('DB_PASSWORD'), ['db', 'password']);
    assert.deepEqual(nameWords('app.config.SECRET_KEY'), ['app', 'config', 'secret', 'key']);
    assert.deepEqual(nameWords('HTTPServerKey'), ['http', 'server', 'key']);
    assert.deepEqual(nameWords('xml2Json'), ['xml2', 'json']);
    assert.deepEqual(nameWords('__a--b__'), ['a', 'b']);
    assert.deepEqual(nameWords(''), []);
  });

  it('reads the secret kind of a name', () => {
    const table: [string, SecretNameKind | undefined][] = [
      ['AWS::ApiGateway::ApiKey', undefined],
      ['registry.npmjs.org/public/:_authToken', 'token'], // the last path segment only
      ['@public/secret', 'token'],
      ['secret:value', 'token'], // no path: all words count
      ['pas_sword', 'password'],
      ['xapikey', 'token'],
      ['x_apikey', 'token'],
      ['tokenizer_token', undefined],
      ['sshKey', 'token'],
      ['key_api', undefined],
      ['monkey_key', undefined],
      ['api_keys', 'token'],
      ['access_level', undefined], // a qualifier is not enough: it must qualify "key"
      ['api_keyfile', undefined], // compact names count only as a single word
      ['', undefined],
      ['__', undefined],
    ];
    for (const prefix of ['is', 'has', 'should', 'use', 'show', 'hide', 'can', 'must', 'needs', 'allow', 'enable', 'disable', 'require']) {
      table.push([`${prefix}Password`, undefined], [`${prefix}_api_key`, undefined]);
    }
    for (const [name, kind] of table) assert.equal(secretNameKind(name), kind, name);
  });

  it('counts character classes', () => {
    assert.deepEqual(['abc', 'ABC', '123', '!!', 'aA1!', 'a b', 'Ab', 'a_1'].map(charClasses), [1, 1, 1, 1, 4, 1, 2, 3]);
  });

  it('tells random-looking values by length, classes and entropy', () => {
    assert.ok(looksRandom('aB3dE5gH7jK9mN1p'));
    assert.ok(!looksRandom('aB3dE5gH7jK9mN1'), '15 characters');
    assert.ok(looksRandom('aB3dE5gH7jK9', 12));
    assert.ok(!looksRandom('aB3dE5gH7jK9mN1p q'), 'whitespace');
    assert.ok(!looksRandom('abcdefghijklmnop'), 'one class');
    assert.ok(looksRandom('abcdefghijklmno1'), 'two classes with digits');
    assert.ok(!looksRandom('abcdefghijklmno_'), 'two classes without digits');
    assert.ok(looksRandom('abcdefghijklmn_A'), 'three classes');
    assert.ok(!looksRandom('aaaaaaaaaaaaaaA1'), 'low entropy');
    assert.ok(looksRandom('aabbccdd11223344'), 'entropy exactly 3');
  });

  it('recognizes references to secrets kept elsewhere', () => {
    const yes = ['${X}', '  ${X}  ', '${X}rest', '${', 'pre${X_Y.z:-d}', 'pre${X:d}', 'pre${X:}', '$X', '$@', '$(cmd)', 'x%(pw)s', 'x%(pw)d', '{{ pw }}', 'a{{pw}}b', ' $DB_PASS ', 'pre${X}', 'pre${X:-/tmp/x}', 'pre${X:/tmp}', 'projects/my-project/secrets/db',
      '#{pw}', '%PW%', '%P_1%', '<pw>', '[pw]', '[]', '{pw.x}', '{}', 'ENC(x)', 'ENC[x]', '!vault x', '!Ref Db', 'vault:x', 'op://v/i', 'arn:aws:x', 'VAULT:x', 'sops+x',
      '@Microsoft.KeyVault(SecretUri=x)', 'x@microsoft.keyvault(', 'projects/p/secrets/s', 'process.env.PW', 'os.getenv("X")', 'ENV["X"]', 'System.getenv("X")'];
    const no = ['pre${1x}', 'pre$X', '$(cmd) x', 'x$(cmd)', '#{pw} x', 'x#{pw}', '%PW% x', 'x%PW%', '%1PW%', '<pw> x', 'a<pw>', '[pw] x', 'a[pw]',
      '{pw x}', 'a{pw}', 'xENC(x)', '!Refx', 'x!Ref y', 'xvault:x', 'projects//secrets/s', 'xprojects/p/secrets/s', 'plain-value'];
    for (const v of yes) assert.ok(isReference(v), v);
    for (const v of no) assert.ok(!isReference(v), v);
  });

  it('recognizes placeholders', () => {
    const yes = ['', '  ', 'example', 'EXAMPLE1', 'changeme', 'change_it', 'replace-me', 'your_key', 'key-here', 'here', 'insert-key', 'enter-pw', 'todo', 'tbd', 'x-tbd-y',
      'fixme', 'xxxx', 'XXXX', '***', '•••', '...', '…', 'none', 'null', 'token', 'value', 'aaaaaa', 'a1234567', 'abcdef12', 'Zx9123456789Qw', 'test', 'Test', 'testing',
      'my-test-pw', 'test1', 'my_testing',
      // A counting run with too little randomness around it.
      'Kp3Lm7Rt12345678', 'Kp3Lm7Rtabcdef'];
    const no = ['tbdx', 'valuex', 'aaaaa', 'contest', 'attest', 'abc', 'Xk29fQ7mLw3p', 'Zx9123456Kp3Lm7Rt9Wq', 'Kp3abcdefLm7Rt9Wq2', 'ment'];
    for (const v of yes) assert.ok(isPlaceholder(v), v);
    for (const v of no) assert.ok(!isPlaceholder(v), v);
  });

  it('recognizes placeholder provider tokens', () => {
    const yes = ['AKIAIOSFODNN7EXAMPLE', 'ghp_xxxxxx', 'XXXXXXab', 'aaaaaaaa', '0123456789', '123456789', 'abcdefghij', 'ABCDEFGHIJ', '<token>', 'your_x', 'your-x', 'a***', 'a...'];
    const no = ['ghp_xxxxx', 'XXXXXab', 'aaaaaaa', 'a..', 'a**', 'yourx', '12345678', 'abcdefghi', 'ghp_Xk29fQ7mLw3pZ8w9Lq4R'];
    for (const v of yes) assert.ok(isPlaceholderToken(v), v);
    for (const v of no) assert.ok(!isPlaceholderToken(v), v);
  });

  it('tells identifiers made of words', () => {
    for (const v of ['OrderService.createInvoice', 'Invoice.Total', 'CloudFrontOriginAccessIdentityList.NextMarker', 'orderId', 'userName', 'Ab.Cdef']) assert.ok(isWordy(v), v);
    for (const v of ['abc1Def', 'Abc', 'Idx', 'Id.Url', 'xyzQwrt', 'aeiBcd', 'HTTPServerName', 'BcdAei', 'a.Bcde', 'Xk.Zq', 'Invoice', 'orderService2']) assert.ok(!isWordy(v), v);
  });

  it('gives each value the rejection of the first check it fails', () => {
    const table: [string, SecretNameKind, string | undefined, Rejection][] = [
      ['   ', 'password', undefined, 'empty'],
      ['pk_live_abc123XYZ456def789', 'token', undefined, 'public-key'],
      ['ssh-rsa AAAAB3', 'token', undefined, 'public-key'],
      ['Credential!', 'token', 'stripe_credential', 'same-as-name'],
      ['Credential!', 'token', 'credential', 'same-as-name'],
      ['Credential!', 'token', 'my_stripe_credential', 'same-as-name'], // the last word
      ['db-pass', 'password', 'DB_PASS', 'same-as-name'], // the whole name
      ['xAWS_REGION', 'token', undefined, 'not-random'],
      ['AWS_REGIONx', 'token', undefined, 'not-random'],
      ['user%s-Kp3Lm7', 'token', undefined, 'format-string'],
      ['x1.2.3', 'token', undefined, 'not-random'],
      ['Credential!', 'token', undefined, 'self-describing'],
      ['AWS_REGION_NAME', 'token', undefined, 'env-name'],
      ['./key.pem', 'token', undefined, 'path-or-url'],
      ['../key.pem', 'token', undefined, 'path-or-url'],
      ['~/key.pem', 'token', undefined, 'path-or-url'],
      ['HTTPS://x.y/z', 'token', undefined, 'path-or-url'],
      ['123e4567-e89b-12d3-a456-426614174000', 'token', undefined, 'uuid'],
      ['sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC', 'token', undefined, 'integrity'],
      ['sha256-abc!x', 'token', undefined, 'not-random'],
      ['xsha256-AbC', 'token', undefined, 'not-random'],
      ['pre{}post', 'token', undefined, 'format-string'],
      ['{0}{1}', 'token', undefined, 'format-string'],
      ['3.14159265', 'token', undefined, 'numeric'],
      ['>=1.2.3', 'token', undefined, 'version'],
      ['<1.2', 'token', undefined, 'version'],
      ['v2.0.0-rc.1', 'token', undefined, 'version'],
      ['v1.10.3', 'token', undefined, 'version'],
      ['1.x', 'token', undefined, 'version'],
      ['~1.2.*', 'token', undefined, 'version'],
      ['v1.2.3xyzzy!', 'token', undefined, 'not-random'],
      ['2024-01-15T10:30:00Z', 'token', undefined, 'date'],
      ['2024-01-15T10:30Z', 'token', undefined, 'date'],
      ['2024-01-15T10:30:00.123+02:00', 'token', undefined, 'date'],
      ['2024-01-15T10:30-0200', 'token', undefined, 'date'],
      ['2024-01-15x', 'token', undefined, 'not-random'],
      ['x2024-01-15', 'token', undefined, 'not-random'],
      ['[a-z]+@[a-z]+', 'token', undefined, 'regex'],
      ['(?:abc)', 'token', undefined, 'regex'],
      ['^abc$', 'token', undefined, 'regex'],
      ['a{2,3}', 'token', undefined, 'regex'],
      ['FlowPasswordRequired', 'password', undefined, 'self-describing'],
      ['OrderService.createInvoice', 'token', undefined, 'identifier'],
      ['aB3$x', 'password', undefined, 'short'],
      ['sunshine', 'password', undefined, 'word'],
      ['Required', 'password', undefined, 'word'],
      ['overEvery', 'password', undefined, 'identifier'],
      ['overEveryThing', 'password', undefined, 'identifier'],
    ];
    for (const [value, kind, name, rejection] of table) {
      assert.deepEqual(classifyValue(value, kind, name), { flag: false, confidence: 'medium', rejection }, `${kind} ${value}`);
    }
  });

  it('reports credentials with their confidence', () => {
    const table: [string, SecretNameKind, 'high' | 'medium'][] = [
      ['config.value9Xq2', 'token', 'medium'], // not an i18n key: a digit in the last part
      ['aB3dE5gH7jK9mN1p', 'token', 'medium'], // random, under 20 characters
      ['a1b2c3d4e5a1b2c3d4e5', 'token', 'medium'], // 20 characters, entropy under 3.5
      ['Xk29fQ7mLw3pZ8w9Lq4R', 'token', 'high'],
      ['  Xk29fQ7mLw3pZ8w9Lq4R  ', 'token', 'high'],
      ['Xk29fQ7mLw3pZ8w9Lq4', 'token', 'medium'],
      ['Xk29fQ7mLw3pZ8w9Lq4R', 'password', 'high'],
      ['aB3$xy', 'password', 'medium'], // 6 characters is enough for a password
      ['xyzQwrt', 'password', 'medium'], // camel case, but no vowels: not words
      ['overEvery-then', 'password', 'medium'],
      ['.overEvery', 'password', 'medium'],
    ];
    for (const [value, kind, confidence] of table) assert.deepEqual(classifyValue(value, kind), { flag: true, confidence }, `${kind} ${value}`);
  });

  it('reports any sink literal but empty values, references and public keys', () => {
    assert.deepEqual(classifySinkValue(''), { flag: false, confidence: 'medium', rejection: 'empty' });
    assert.deepEqual(classifySinkValue('  '), { flag: false, confidence: 'medium', rejection: 'empty' });
    assert.deepEqual(classifySinkValue(' ${X} '), { flag: false, confidence: 'medium', rejection: 'reference' });
    assert.deepEqual(classifySinkValue('ssh-ed25519 AAAA'), { flag: false, confidence: 'medium', rejection: 'public-key' });
    assert.deepEqual(classifySinkValue('keyboard cat'), { flag: true, confidence: 'high' });
  });

  it('describes what a name holds', () => {
    const table: [string, SecretNameKind, string][] = [
      ['dbPassword', 'password', 'Password'],
      ['apiToken', 'password', 'Password'],
      ['apiKey', 'token', 'API key'],
      ['APIKEY', 'token', 'API key'],
      ['jwt_secret', 'token', 'JWT secret'],
      ['aws_secret_access_key', 'token', 'AWS secret'],
      ['secret', 'token', 'Secret'],
      ['my_signing_key', 'token', 'Signing key'],
      ['client_credentials', 'token', 'Client credentials'],
      ['client_credential', 'token', 'Client credential'],
      ['auth_bearer', 'token', 'Auth bearer'],
      ['foo_bar_baz', 'token', 'Bar baz'],
      ['hmac_keys', 'token', 'HMAC keys'],
      ['ssh_private_key', 'token', 'Private key'],
      ['gpg_ssh_key', 'token', 'SSH key'],
      ['secretive_tokenish', 'token', 'Secretive tokenish'],
      ['app_mysecret_value', 'token', 'Mysecret value'],
      ['prod_db_credential_store', 'token', 'Db credential'],
      ['secret_sauce_thing', 'token', 'Secret'],
    ];
    for (const [name, kind, want] of table) assert.equal(describeSecretName(name, kind), want, name);
  });

  it('prefilters texts that may name a credential', () => {
    const yes = ['jwt.sign(a, "b")', 'password = "x"', 'password: str = Field(default="x")', `token${' '.repeat(100)}"x"`, 'api-key "x"', 'apiKey: `x`', "signing_key = 'x'", 'cookieSession({', 'auth = ("u", "p")'];
    const no = ['x = 1', `token${' '.repeat(130)}"x"`, 'PASSWORD', 'monkey = "x"'];
    for (const t of yes) assert.ok(mayNameCredential(t), t);
    for (const t of no) assert.ok(!mayNameCredential(t), t);
  });
});
