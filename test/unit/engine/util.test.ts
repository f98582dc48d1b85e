import { strict as assert } from 'node:assert';
import { escapeRegExp, maskSecret, sha256, shannonEntropy, toUpperSnake } from '../../../server/src/engine/util';

describe('maskSecret', () => {
  it('hides values under 8 characters completely', () => {
    assert.equal(maskSecret(''), '****');
    assert.equal(maskSecret('abc'), '****');
    assert.equal(maskSecret('abcdefg'), '****');
    assert.equal(maskSecret('abcdefg', 'ab'), '****');
  });

  it('shows a quarter of the value at each end, at most four characters', () => {
    assert.equal(maskSecret('abcdefgh'), 'ab…gh'); // 8: quarter 2
    assert.equal(maskSecret('abcdefghijk'), 'ab…jk'); // 11: quarter 2
    assert.equal(maskSecret('abcdefghijkl'), 'abc…jkl'); // 12: quarter 3
    assert.equal(maskSecret('abcdefghijklmnop'), 'abcd…mnop'); // 16: quarter 4
    assert.equal(maskSecret('Xk29fQ7mLw3pZ8aaaaaaaaaaaaaaaaw9Lq'), 'Xk29…w9Lq');
  });

  it('never shows half of the value or more', () => {
    for (let n = 8; n <= 64; n++) {
      const value = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ+/'.slice(0, n);
      const shown = maskSecret(value).replace('…', '').length;
      assert.ok(shown <= n / 2, `${n}: ${maskSecret(value)}`);
      assert.ok(shown >= 4, `${n}: ${maskSecret(value)}`);
    }
  });

  it('keeps a provider prefix when enough stays hidden', () => {
    assert.equal(maskSecret('ghp_0123456789abcdefghijklmnopqrstuvwxyz', 'ghp_'), 'ghp_…wxyz');
    assert.equal(maskSecret('sk-proj-0123456789abcdefghijklmnop', 'sk-proj-'), 'sk-proj-…mnop');
    // 20 characters, tail 4: a prefix of up to 20 - 8 - 4 = 8 characters is shown.
    assert.equal(maskSecret('ABCDEFGH123456789012', 'ABCDEFGH'), 'ABCDEFGH…9012');
    assert.equal(maskSecret('ABCDEFGHI12345678901', 'ABCDEFGHI'), 'ABCD…8901');
    // A prefix the value does not start with is ignored.
    assert.equal(maskSecret('ghp_0123456789abcdefghijklmnopqrstuvwxyz', 'gho_'), 'ghp_…wxyz');
    assert.equal(maskSecret('xoxb-0123456789abcdefghijklmnopqrstuvwxyz', 'ghp_'), 'xoxb…wxyz');
    // Built at run time: Redline scans its own repository, and this is an AWS key id's shape.
    const keyId = ['AKIA', 'IOSFODNN7', 'REALKEY'].join('');
    assert.equal(maskSecret(keyId, 'AKIA'), 'AKIA…LKEY');
    assert.equal(maskSecret(keyId, ''), 'AKIA…LKEY');
  });

  it('does not widen the head with a prefix on short values', () => {
    // 12 characters, quarter 3: prefix 'abcd' would leave 12 - 6 - 4 = 2 < 4.
    assert.equal(maskSecret('abcdefghijkl', 'abcd'), 'abc…jkl');
    // A prefix shorter than the default head is shown as is.
    assert.equal(maskSecret('xy0123456789abcdefghijkl', 'xy'), 'xy…ijkl');
  });
});

describe('shannonEntropy', () => {
  it('measures bits per character', () => {
    assert.equal(shannonEntropy(''), 0);
    assert.equal(shannonEntropy('aaaa'), 0);
    assert.equal(shannonEntropy('ab'), 1);
    assert.equal(shannonEntropy('abcd'), 2);
    assert.equal(shannonEntropy('aabb'), 1);
    assert.ok(Math.abs(shannonEntropy('aab') - 0.9183) < 1e-4);
    assert.equal(shannonEntropy('0123456789abcdef'), 4);
  });

  it('counts code points, not UTF-16 units', () => {
    assert.equal(shannonEntropy('😀😀'), 0);
    assert.equal(shannonEntropy('😀a'), 1);
  });
});

describe('escapeRegExp', () => {
  it('escapes every metacharacter', () => {
    const special = '.*+?^${}()|[]\\';
    assert.equal(escapeRegExp(special), '\\.\\*\\+\\?\\^\\$\\{\\}\\(\\)\\|\\[\\]\\\\');
    assert.ok(new RegExp(`^${escapeRegExp(special)}$`).test(special));
    assert.equal(escapeRegExp('a-b_c/d'), 'a-b_c/d');
  });
});

describe('toUpperSnake', () => {
  it('converts camelCase, acronyms, kebab, dotted and spaced names', () => {
    assert.equal(toUpperSnake('camelCase'), 'CAMEL_CASE');
    assert.equal(toUpperSnake('apiKey'), 'API_KEY');
    assert.equal(toUpperSnake('api2Key'), 'API2_KEY');
    assert.equal(toUpperSnake('HTTPServer'), 'HTTP_SERVER');
    assert.equal(toUpperSnake('myHTTPServerURL'), 'MY_HTTP_SERVER_URL');
    assert.equal(toUpperSnake('kebab-case-name'), 'KEBAB_CASE_NAME');
    assert.equal(toUpperSnake('app.config.secret key'), 'APP_CONFIG_SECRET_KEY');
    assert.equal(toUpperSnake('__private--name__'), 'PRIVATE_NAME');
    assert.equal(toUpperSnake('ALREADY_SNAKE'), 'ALREADY_SNAKE');
  });
});

describe('sha256', () => {
  it('hashes the UTF-8 bytes', () => {
    assert.equal(sha256('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.equal(sha256(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});
