import { shannonEntropy } from '../../util';

/**
 * Name and value heuristics shared by the secret detectors (CWE-798, "Use of Hard-coded
 * Credentials"). Pure functions over strings: no syntax, no I/O, so they are table-tested.
 *
 * The approach follows the generic-secret rules of gitleaks and detect-secrets (a secret-like
 * name plus a value that looks like a credential), tuned for precision: AI-written code is full
 * of `password: 'Enter your password'` labels and `apiKey: 'your-api-key-here'` placeholders,
 * and a finding the user learns to ignore is worse than none.
 */

/** What a secret-like name says about its value: a human password, or a machine token/key. */
export type SecretNameKind = 'password' | 'token';

/** Words that, as the last word of a name, say the value is *about* a secret, not the secret. */
const NON_SECRET_LAST = new Set([
  'hash', 'hashed', 'digest', 'checksum', 'sha', 'sha1', 'sha256', 'sha512', 'md5', 'etag', 'integrity', 'fingerprint',
  'id', 'ids', 'name', 'names', 'type', 'types', 'kind', 'url', 'uri', 'urls', 'endpoint', 'host', 'hostname', 'path', 'file',
  'filename', 'dir', 'length', 'len', 'size', 'count', 'max', 'min', 'expiry', 'expires', 'expiration', 'ttl', 'timeout', 'age',
  'header', 'headers', 'field', 'fields', 'param', 'params', 'parameter', 'label', 'placeholder', 'hint', 'prompt', 'message',
  'msg', 'error', 'errors', 'text', 'title', 'regex', 'regexp', 'pattern', 'policy', 'strength', 'prefix', 'suffix', 'format',
  'column', 'col', 'env', 'var', 'variable', 'mode', 'version', 'algorithm', 'alg', 'storage', 'location', 'provider', 'source',
  'input', 'selector', 'route', 'event', 'action', 'reset', 'link', 'button', 'required', 'enabled', 'disabled', 'visible',
  'valid', 'validator', 'validation', 'rule', 'rules', 'ref', 'reference', 'arn', 'component', 'class', 'style', 'icon',
  'description', 'help', 'store', 'manager', 'service', 'generator', 'hasher', 'attempts', 'changed', 'updated', 'at', 'date',
  'time', 'index', 'limit', 'schema', 'template', 'mask', 'encoding', 'scheme', 'cookie', 'query', 'form', 'dialog', 'modal',
  'screen', 'page', 'view', 'controller', 'handler', 'callback', 'fn', 'func', 'function', 'method', 'module', 'option',
  'options', 'config', 'state', 'status', 'flag', 'key_name', 'keyname', 'secretname', 'confirmation', 'visibility', 'toggle',
  'expected', 'example', 'sample', 'placeholder', 'lifetime', 'duration', 'rotation', 'usage', 'scope', 'scopes', 'audience',
  'issuer', 'claims', 'bytes', 'bits', 'file_path', 'filepath', 'value_from', 'valuefrom', 'ref_name', 'env_var', 'envvar',
  'used', 'last', 'created', 'timestamp', 'requested', 'sent', 'verified', 'count', 'counter', 'retries', 'pat', 'regex', 're',
]);

/** Words anywhere in a name that make it non-secret (public keys, pagination tokens, …). */
const NON_SECRET_ANY = new Set(['public', 'publishable', 'pub', 'page', 'next', 'input', 'output', 'marker', 'cursor', 'continuation', 'sync', 'cancel', 'cancellation', 'csrf', 'xsrf', 'lexer', 'parser', 'tokenizer', 'i18n', 'label', 'labels']);

/** Words qualifying `key` into a credential name (`apiKey`, `signing_key`, `MASTER_KEY`). */
const KEY_QUALIFIERS = new Set([
  'api', 'access', 'secret', 'private', 'signing', 'sign', 'encryption', 'encrypt', 'decryption', 'master', 'auth', 'app',
  'client', 'license', 'licence', 'service', 'account', 'webhook', 'hmac', 'jwt', 'session', 'cookie', 'bearer', 'consumer',
  'subscription', 'admin', 'write', 'deploy', 'ingest', 'integration', 'partner', 'merchant', 'server', 'ssh', 'gpg', 'pgp',
  'aes', 'crypto', 'cipher', 'storage', 'shared', 'root',
]);

const PASSWORD_WORDS = new Set(['password', 'passwd', 'pwd', 'passphrase', 'pass', 'passwort', 'pw', 'dbpass', 'dbpassword']);
const TOKEN_WORDS = new Set(['secret', 'secrets', 'token', 'credential', 'credentials', 'apikey', 'apikeys', 'apitoken', 'authorization', 'bearer', 'secretkey', 'privatekey', 'accesskey', 'accesstoken', 'authtoken', 'clientsecret', 'signingkey', 'encryptionkey', 'masterkey', 'authkey', 'appkey', 'appsecret', 'apisecret']);
const COMPACT_PASSWORD = /password|passwd|passphrase/;
const COMPACT_TOKEN = /apikey|apisecret|secretkey|privatekey|accesskey|accesstoken|authtoken|clientsecret|signingkey|encryptionkey|masterkey|appsecret|secret$|token$/;

/**
 * Splits an identifier into lower-case words: `clientSecret` → client, secret; `DB_PASSWORD` →
 * db, password; `api-key` → api, key; `app.config.SECRET_KEY` → app, config, secret, key.
 */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/**
 * Whether a name (variable, property, key, keyword argument) names a credential, and which
 * kind: `password` names accept any real-looking value, `token` names require randomness.
 * Returns undefined for names that are not secret-like or that describe a secret without
 * holding it (`passwordHash`, `tokenUrl`, `API_KEY_HEADER`, `publicKey`, `nextPageToken`).
 */
export function secretNameKind(name: string): SecretNameKind | undefined {
  // `AWS::ApiGateway::ApiKey` names a type, not a variable.
  if (name.includes('::')) return undefined;
  // `//registry.npmjs.org/:_authToken`: the key is the last path segment.
  if (/[/@]/.test(name)) name = name.split(/[/:@]/).pop() ?? '';
  const words = nameWords(name);
  if (words.length === 0) return undefined;
  const last = words[words.length - 1]!;
  if (NON_SECRET_LAST.has(last)) return undefined;
  if (words.some((w) => NON_SECRET_ANY.has(w))) return undefined;
  // `pk`, `is_password_set`, … : boolean-ish prefixes.
  if (['is', 'has', 'should', 'use', 'show', 'hide', 'can', 'must', 'needs', 'allow', 'enable', 'disable', 'require'].includes(words[0]!) && words.length > 1) return undefined;
  const compact = words.join('');
  if (words.some((w) => PASSWORD_WORDS.has(w)) || COMPACT_PASSWORD.test(compact)) return 'password';
  if (words.some((w) => TOKEN_WORDS.has(w))) return 'token';
  for (let i = 1; i < words.length; i++) {
    if ((words[i] === 'key' || words[i] === 'keys') && KEY_QUALIFIERS.has(words[i - 1]!)) return 'token';
  }
  if (COMPACT_TOKEN.test(compact) && words.length === 1) return 'token';
  return undefined;
}

/** Number of character classes present: lower-case, upper-case, digits, other printable. */
export function charClasses(value: string): number {
  let n = 0;
  if (/[a-z]/.test(value)) n++;
  if (/[A-Z]/.test(value)) n++;
  if (/[0-9]/.test(value)) n++;
  if (/[^A-Za-z0-9\s]/.test(value)) n++;
  return n;
}

/**
 * True for values that look machine-generated: at least 16 characters, no whitespace, at least
 * three character classes or two of which one is digits (hex, base36), and Shannon entropy
 * ≥ 3.0 bits/char (random hex ≈ 3.7–4, base64 ≈ 4.5–6, English words ≈ 2.5–3.5). Words joined
 * by separators (`jwt-signing-secret`, `my_super_secret`) have two classes and no digit.
 */
export function looksRandom(value: string, minLength = 16): boolean {
  if (value.length < minLength || /\s/.test(value)) return false;
  const classes = charClasses(value);
  if (classes < 2 || (classes === 2 && !/[0-9]/.test(value))) return false;
  return shannonEntropy(value) >= 3.0;
}

/**
 * True for values that reference a secret kept elsewhere instead of holding it: environment
 * and template interpolation (`${VAR}`, `$VAR`, `$(cmd)`, `%(VAR)s`, `{{ var }}`, `#{var}`,
 * `%VAR%`), angle-bracket placeholders (`<password>`), and secret-manager references
 * (`vault:`, `op://`, `arn:aws:secretsmanager:`, `@Microsoft.KeyVault(…)`, `ENC(…)`, sops).
 */
export function isReference(value: string): boolean {
  const v = value.trim();
  return (
    /^\$\{[^}]*\}/.test(v) ||
    /\$\{[A-Za-z_][\w.:-]*(?::-?[^}]*)?\}/.test(v) ||
    /^\$(?:[A-Za-z_0-9@*#?!]|\{)/.test(v) ||
    /^\$\(.*\)$/.test(v) ||
    /%\(\w+\)[sd]/.test(v) ||
    /\{\{.*\}\}/.test(v) ||
    /^#\{.*\}$/.test(v) ||
    /^%[A-Za-z_]\w*%$/.test(v) ||
    /^<[^<>]*>$/.test(v) ||
    /^\[[^\]]*\]$/.test(v) ||
    /^\{[\w.:+/=-]*\}$/.test(v) ||
    /^ENC[([]/.test(v) ||
    /^!(?:vault|Ref|Sub|GetAtt|ImportValue|secret)\b/.test(v) ||
    /^(?:vault|op|arn|secretsmanager|ssm|awssm|gcpsm|azkv|sops|ref|secret|env|file|keyvault)(?::|\+|\/\/)/i.test(v) ||
    /@Microsoft\.KeyVault\(/i.test(v) ||
    /^projects\/[^/]+\/secrets\//.test(v) ||
    /\b(?:process\.env|os\.environ|os\.getenv|getenv\(|System\.getenv|ENV\[|ENV\.fetch|Environment\.GetEnvironmentVariable)/.test(v)
  );
}

/**
 * Well-known default and tutorial passwords of databases and brokers, compared case-insensitively.
 * They are weak, but they are not leaked secrets: whoever can reach the service already knows
 * them, so reporting them as hardcoded credentials is noise (precision over recall).
 */
export const DEFAULT_PASSWORDS = new Set([
  'postgres', 'postgresql', 'root', 'admin', 'administrator', 'password', 'secret', 'guest', 'mysql', 'mariadb', 'toor', 'pass',
  'changeit', 'default', 'demo', 'dev', 'development', 'local', 'localhost', 'user', 'redis', 'mongo', 'mongodb', 'rabbitmq',
  'minioadmin', 'neo4j', 'elastic', 'oracle', 'sa', 'test', 'example', 'docker', 'app', 'keycloak', 'airflow', 'superset',
  // The examples of the official images' docs, copied into every tutorial.
  'mysecretpassword', 'secretpassword', 'supersecret', 'supersecretpassword', 'letmein', 'password1', 'password123',
  'admin123', 'secret123', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'pa55word', 'qwerty', 'hunter2',
]);

const PLACEHOLDER_WORDS =
  /example|sample|placeholder|dummy|fake|mock|chang(?:e|ing)[-_ ]?(?:me|it|this)|replace[-_ ]?(?:me|this|with)|redacted|your[-_ ]?|[-_ ]here\b|^here$|insert[-_]|enter[-_]|todo|(?:^|[^a-z])tbd(?:[^a-z]|$)|fixme|x{4,}|X{4,}|\*{3,}|•{3,}|\.{3,}|…|^(?:none|null|nil|undefined|true|false|empty|secret|password|passwd|pass|pwd|pw|token|key|string|user|username|value)$/i;

/**
 * True for placeholder and sample values: words such as example/sample/dummy/fake/mock/
 * changeme/replace-me/redacted/your-…/…-here/TODO, masks (`****`, `xxxx`, `...`, and an ellipsis
 * `…` as in Redline's own masked rendering `Xk29…w9Lq`: the value shown is not the secret), six or more
 * repeats of one character (`000000`, `aaaaaa`), keyboard and counting runs (`123456`,
 * `abcdef`, `qwerty`), `test` as a word, and bare type names (`string`, `null`).
 */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v.length === 0) return true;
  if (PLACEHOLDER_WORDS.test(v)) return true;
  if (/(.)\1{5,}/.test(v)) return true;
  if (/123456|234567|abcdef|qwerty|asdfgh/i.test(v) && !looksRandom(v.replace(/123456789?0?|abcdefg?h?|qwerty|asdfgh/gi, ''), 12)) return true;
  if (/(?:^|[^a-z])test(?:ing)?(?:[^a-z]|$)/i.test(v) || /^test/i.test(v)) return true;
  return false;
}

/**
 * Narrower placeholder test for provider tokens, whose random part may contain any word by
 * chance: documented examples (`…EXAMPLE`), masks, runs of one character, counting runs.
 */
export function isPlaceholderToken(value: string): boolean {
  return /example|sample|placeholder|dummy|fake|redacted|your[-_]|x{6,}|X{6,}|\*{3,}|\.{3,}|<[^>]*>/i.test(value) || /(.)\1{7,}/.test(value) || /0123456789|123456789|abcdefghij|ABCDEFGHIJ/.test(value);
}

/** Why a value was not treated as a credential (for tests and debugging), or undefined if it was. */
export type Rejection =
  | 'empty'
  | 'short'
  | 'reference'
  | 'placeholder'
  | 'default-password'
  | 'has-space'
  | 'same-as-name'
  | 'env-name'
  | 'path-or-url'
  | 'i18n-key'
  | 'uuid'
  | 'integrity'
  | 'public-key'
  | 'format-string'
  | 'numeric'
  | 'version'
  | 'date'
  | 'regex'
  | 'self-describing'
  | 'identifier'
  | 'word'
  | 'not-random';

/** Result of classifying a value for a secret-like name. */
export interface ValueVerdict {
  /** True when the value should be reported. */
  flag: boolean;
  /** `high` when the value also looks machine-generated (reported as an error). */
  confidence: 'high' | 'medium';
  rejection?: Rejection;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Character classes with quantifiers, groups, escapes: a regular expression, not a secret. */
const REGEX_LIKE = /\[[^\]]+\][*+?{]|\(\?[:=!<]|\\[dwsbDWS][*+?{]?|^\^.*\$$|\{\d+(?:,\d*)?\}/;
/** The secret's own name, in English and in the common UI translations of "password". */
const SELF_DESCRIBING = /password|passwd|secret|token|api_?key|credential|passwort|contrase|senha|wachtwoord|l[öo]senord|has[łl]o|passord|salasana|heslo|jelsz[óo]|пароль|パスワード|密码|密碼|비밀번호/i;

/** Keys that providers publish by design: Stripe publishable keys, Mapbox public tokens, Supabase publishable keys. */
const PUBLIC_TOKEN = /^(?:pk_(?:live|test)_|pk\.eyJ|sb_publishable_|NRJS-)/;
const PUBLIC_KEY = /^(?:-----BEGIN (?:PUBLIC KEY|RSA PUBLIC KEY|CERTIFICATE|PGP PUBLIC KEY BLOCK|OPENSSH PUBLIC KEY)|ssh-(?:rsa|ed25519|dss) |ecdsa-sha2-|sk-ssh-ed25519@)/;

/**
 * Decides whether `value`, assigned to a name of `kind`, is a hardcoded credential.
 *
 * Both kinds reject: references (see `isReference`), placeholders (`isPlaceholder`), well-known
 * default passwords (`DEFAULT_PASSWORDS`), values with whitespace (UI labels such as
 * "Enter your password"), the name itself (`password: 'Password'`), environment-variable names
 * (`'DB_PASSWORD'`), paths and URLs (`/api/password-reset`), i18n keys (`password.reset.title`),
 * UUIDs, SRI integrity strings (`sha384-…`), public keys, format strings (`%s`, `{0}`) and
 * numbers. Then `password` names need at least 6 characters; `token` names need `looksRandom`.
 *
 * @param name the variable/property name, for the same-as-name check (optional).
 */
export function classifyValue(value: string, kind: SecretNameKind, name?: string): ValueVerdict {
  const no = (rejection: Rejection): ValueVerdict => ({ flag: false, confidence: 'medium', rejection });
  const v = value.trim();
  if (v.length === 0) return no('empty');
  if (isReference(v)) return no('reference');
  if (PUBLIC_KEY.test(v) || PUBLIC_TOKEN.test(v)) return no('public-key');
  if (/\s/.test(v)) return no('has-space');
  if (DEFAULT_PASSWORDS.has(v.toLowerCase())) return no('default-password');
  if (isPlaceholder(v)) return no('placeholder');
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (name && (norm(v) === norm(name) || norm(v) === norm(nameWords(name).at(-1) ?? ''))) return no('same-as-name');
  if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(v)) return no('env-name');
  if (/^(?:\/|\.\.?\/|~\/|[a-z][a-z0-9+.-]*:\/\/)/i.test(v)) return no('path-or-url');
  if (/^[a-z][a-zA-Z_-]*(?:\.[a-zA-Z_-]+)+$/.test(v)) return no('i18n-key');
  if (UUID.test(v)) return no('uuid');
  if (/^sha(?:256|384|512)-[A-Za-z0-9+/]+={0,2}$/.test(v)) return no('integrity');
  if (/%[sdif]|\{\d*\}/.test(v)) return no('format-string');
  if (/^[0-9.]+$/.test(v)) return no('numeric');
  if (/^(?:[\^~]|[<>]=?|=)?v?\d+(?:\.(?:\d+|x|\*)){1,3}(?:-[\w.]+)?$/.test(v)) return no('version');
  if (/^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(v)) return no('date');
  if (REGEX_LIKE.test(v)) return no('regex');
  // `"FlowPasswordRequired"`, `"msal:acquireTokenStart"`, `"reset_password_email"`: a value that
  // names the secret word is an identifier, event name or label, not the secret.
  if (SELF_DESCRIBING.test(v)) return no('self-describing');
  const random = looksRandom(v);
  if (kind === 'token') {
    if (!random) return no('not-random');
    if (isWordy(v)) return no('identifier');
    return { flag: true, confidence: v.length >= 20 && shannonEntropy(v) >= 3.5 ? 'high' : 'medium' };
  }
  if (v.length < 6) return no('short');
  // One word of letters (`Required`, `Invalid`, `sunshine`) reads as a label or a message;
  // camel-case words (`overEvery` in lodash's `allPass: 'overEvery'`) as an identifier.
  if (/^[A-Za-z][a-z]+$/.test(v)) return no('word');
  if (/^[A-Za-z][a-z]+(?:[A-Z][a-z]+)+$/.test(v) && isWordy(v)) return no('identifier');
  return { flag: true, confidence: random ? 'high' : 'medium' };
}

/**
 * True for identifier-like values made of words (`CloudFrontOriginAccessIdentityList.NextMarker`,
 * `OrderService.createInvoice`): no digits, and every camel-case or separated fragment has at
 * least three letters and a vowel. Random tokens break into short, vowel-less fragments.
 */
export function isWordy(value: string): boolean {
  if (/[0-9]/.test(value)) return false;
  const parts = value
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z]+/)
    .filter(Boolean);
  // Short parts such as `Id`, `Url`, `Db` are fine next to a longer word.
  return parts.length >= 2 && parts.some((p) => p.length >= 4) && parts.every((p) => p.length >= 2 && /[aeiouy]/i.test(p));
}

/**
 * Decides whether a literal passed to a credential API (the key argument of `jwt.sign`, an
 * express-session `secret`, `crypto.createHmac`'s key, Flask's `SECRET_KEY`) is reported.
 * Such a literal *is* the key at run time whatever it looks like, so placeholders such as
 * `'your-secret-key'` and `'keyboard cat'` are reported too (they are the first keys an attacker
 * tries); only empty values, references and public keys are not.
 */
export function classifySinkValue(value: string): ValueVerdict {
  const v = value.trim();
  if (v.length === 0) return { flag: false, confidence: 'medium', rejection: 'empty' };
  if (isReference(v)) return { flag: false, confidence: 'medium', rejection: 'reference' };
  if (PUBLIC_KEY.test(v)) return { flag: false, confidence: 'medium', rejection: 'public-key' };
  return { flag: true, confidence: 'high' };
}

/**
 * What a secret-like name holds, for messages: "Password", "API key", "Client secret",
 * "JWT secret". Derived from the name's words around the secret word.
 */
export function describeSecretName(name: string, kind: SecretNameKind): string {
  if (kind === 'password') return 'Password';
  const words = nameWords(name);
  const i = words.findIndex((w) => /^(?:secret|secrets|token|key|keys|credentials?|apikey|authorization|bearer)$/.test(w));
  const picked = i >= 0 ? words.slice(Math.max(0, i - 1), i + 1) : words.slice(-2);
  const phrase = picked
    .join(' ')
    .replace(/\bapikey\b/, 'API key')
    .replace(/\b(api|jwt|aws|hmac|ssh|gpg|pgp|aes)\b/g, (w) => w.toUpperCase());
  return phrase.charAt(0).toUpperCase() + phrase.slice(1);
}

/** The words `secretNameKind` can accept in a name (passwords, secrets, tokens, qualified keys). */
const NAME_WORDS = [
  'passw(?:or)?d', 'passphrase', 'passwort', 'pass', 'pwd', 'pw', 'secret', 'credential', 'authorization', 'bearer', 'token',
  `(?:${[...KEY_QUALIFIERS].join('|')})[\\s_.\\-]*keys?`,
].join('|');

/**
 * A secret-like name with a string literal after it within 120 characters, which covers every
 * way code assigns one: `name = '…'`, `name: '…'`, `"name": "…"`, `name || '…'`, `("NAME", "…")`,
 * `name["x"] = '…'`, and annotated or wrapped forms (`name: str = Field(default="…")`).
 */
const NAME_THEN_LITERAL = new RegExp(`(?:${NAME_WORDS})[^'"\`]{0,120}['"\`]`, 'i');

/** Credential APIs that take the secret positionally (no secret-like name needed). */
const CREDENTIAL_APIS = /\bsign\s*\(|\bverify\s*\(|jwtVerify|compactVerify|cookieParser|cookieSession|createHmac|Sequelize|TextEncoder|\bsession\s*\(|HTTPBasicAuth|\bauth\s*=|\bencode\s*\(/i;

/**
 * Prefilter: can a file with this text assign a credential to a secret-like name or pass one to
 * a credential API? False when no secret-like name is followed by a literal in any of the ways
 * code assigns one, and no credential API occurs.
 */
export function mayNameCredential(text: string): boolean {
  return CREDENTIAL_APIS.test(text) || NAME_THEN_LITERAL.test(text);
}
