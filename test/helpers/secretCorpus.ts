import { spawnSync } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * A throwaway git workspace full of credentials of many kinds, for tests that must show Redline
 * leaks none of them. Every value is generated at run time from random bytes, in each provider's
 * real format, so nothing that looks like a credential is committed (the repository's own scan
 * finds nothing in this file: prefixes and bodies are only ever joined at run time).
 */

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGIT = '0123456789';
const ALNUM = UPPER + LOWER + DIGIT;
const B64URL = ALNUM + '-_';

function pick(alphabet: string, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[randomInt(alphabet.length)];
  return s;
}

/** Random string of `n` characters from `alphabet` that contains at least one of each of `must`. */
function rand(alphabet: string, n: number, must: string[] = []): string {
  for (;;) {
    const s = pick(alphabet, n);
    if (must.every((set) => [...s].some((c) => set.includes(c)))) return s;
  }
}

/** A high-entropy password: letters, digits and punctuation that is safe in code and URLs. */
function password(n = 22): string {
  return rand(ALNUM + '!*-_.', n, [UPPER, LOWER, DIGIT, '!*-_.']);
}

function b64url(json: unknown): string {
  return Buffer.from(JSON.stringify(json)).toString('base64url');
}

/** One planted credential. */
export interface PlantedSecret {
  /** What it is, for messages: `aws-access-key-id`, `pem-private-key`, … */
  kind: string;
  /** Workspace-relative file it is in. */
  file: string;
  /** The credential exactly as written in the file. */
  value: string;
  /** 0-based line of its first character. */
  line: number;
  /**
   * Strings that must not appear in any output: the value, the value without its first or last
   * four characters (masking shows a prefix and the last four at most), and 12-character windows
   * of its random parts (what no mask may reveal).
   */
  probes: string[];
}

export interface SecretCorpus {
  root: string;
  secrets: PlantedSecret[];
  /** Workspace-relative paths of the files written, with their text. */
  files: Map<string, string>;
}

const WINDOW = 12;

function probesFor(value: string, randomParts: string[]): string[] {
  const out = new Set<string>([value, value.slice(4), value.slice(0, -4)]);
  if (value.includes('\n')) out.add(JSON.stringify(value).slice(1, -1));
  for (const part of randomParts) {
    if (part.length < WINDOW) {
      if (part.length >= 8) out.add(part);
      continue;
    }
    for (let i = 0; i + WINDOW <= part.length; i += 4) out.add(part.slice(i, i + WINDOW));
    out.add(part.slice(part.length - WINDOW));
  }
  return [...out];
}

/**
 * Writes the corpus into a fresh temporary git repository (all files added, so `.env` counts as
 * committed) and returns where each secret is.
 */
export function writeSecretCorpus(): SecretCorpus {
  const root = mkdtempSync(join(tmpdir(), 'redline-leak-'));
  const secrets: PlantedSecret[] = [];
  const files = new Map<string, string>();

  // Each entry: [kind, value, random parts]; files are templates with {kind} slots.
  const awsId = ['AK', 'IA'].join('') + rand(UPPER + DIGIT, 16, [DIGIT, UPPER]);
  const awsSecret = rand(ALNUM + '/+', 40, [UPPER, LOWER, DIGIT]);
  const ghBody = rand(ALNUM, 36, [UPPER, LOWER, DIGIT]);
  const github = ['gh', 'p_'].join('') + ghBody;
  const stripeBody = rand(ALNUM, 32, [UPPER, LOWER, DIGIT]);
  const stripe = ['sk', 'live', ''].join('_') + stripeBody;
  const slackT = 'T' + rand(UPPER + DIGIT, 10, [DIGIT]);
  const slackB = 'B' + rand(UPPER + DIGIT, 10, [DIGIT]);
  const slackTail = rand(ALNUM, 24, [UPPER, LOWER, DIGIT]);
  const slack = ['https://hooks', 'slack', 'com/services/'].join('.') + `${slackT}/${slackB}/${slackTail}`;
  const pgPass = password();
  const jsPassword = password();
  const jwtSig = rand(B64URL, 43, [UPPER, LOWER, DIGIT]);
  const jwt = [b64url({ alg: 'HS256', typ: 'JWT' }), b64url({ sub: String(randomInt(10_000_000, 99_999_999)), role: 'admin', iat: 1_712_000_000 }), jwtSig].join('.');
  const pemBody = randomBytes(612).toString('base64');
  const pemLines = pemBody.match(/.{1,64}/g)!;
  const pemLabel = ['RSA', 'PRIVATE', 'KEY'].join(' ');
  const pem = [`-----BEGIN ${pemLabel}-----`, ...pemLines, `-----END ${pemLabel}-----`].join('\n');
  const pyPassword = password();
  const sgA = rand(B64URL, 22, [UPPER, LOWER, DIGIT]);
  const sgB = rand(B64URL, 43, [UPPER, LOWER, DIGIT]);
  const sendgrid = ['S', 'G.'].join('') + `${sgA}.${sgB}`;
  const mysqlPass = password();
  const sessionSecret = password(32);
  const npmBody = rand(ALNUM, 36, [UPPER, LOWER, DIGIT]);
  const npm = ['np', 'm_'].join('') + npmBody;
  const mongoPass = password();
  const smtpPass = password();
  const clientSecret = password(30);
  const openaiBody = rand(B64URL, 100, [UPPER, LOWER, DIGIT]);
  const openai = ['sk', 'proj', ''].join('-') + openaiBody;

  const plant = (file: string, kind: string, value: string, parts: string[]) => ({ file, kind, value, parts });
  const plan = [
    plant('src/config.js', 'aws-access-key-id', awsId, [awsId.slice(4)]),
    plant('src/config.js', 'aws-secret-access-key', awsSecret, [awsSecret]),
    plant('src/config.js', 'github-pat', github, [ghBody]),
    plant('src/config.js', 'stripe-live-key', stripe, [stripeBody]),
    plant('src/config.js', 'slack-webhook', slack, [slackT, slackB, slackTail, `${slackT}/${slackB}/${slackTail}`]),
    plant('src/config.js', 'postgres-url-password', pgPass, [pgPass]),
    plant('src/config.js', 'js-password', jsPassword, [jsPassword]),
    plant('src/config.js', 'jwt', jwt, [jwtSig]),
    plant('app/settings.py', 'pem-private-key', pem, [pemBody, ...pemLines]),
    plant('app/settings.py', 'py-password', pyPassword, [pyPassword]),
    plant('app/settings.py', 'sendgrid-key', sendgrid, [sgA, sgB]),
    plant('app/settings.py', 'mysql-url-password', mysqlPass, [mysqlPass]),
    plant('.env', 'dotenv-session-secret', sessionSecret, [sessionSecret]),
    plant('.env', 'npm-token', npm, [npmBody]),
    plant('config/app.yaml', 'mongodb-url-password', mongoPass, [mongoPass]),
    plant('config/app.yaml', 'yaml-smtp-password', smtpPass, [smtpPass]),
    plant('config/secrets.json', 'json-client-secret', clientSecret, [clientSecret]),
    plant('config/secrets.json', 'openai-key', openai, [openaiBody]),
  ];

  const texts: Record<string, string> = {
    'src/config.js': [
      "'use strict';",
      "const Stripe = require('stripe');",
      '',
      `const AWS_ACCESS_KEY_ID = '${awsId}';`,
      `const AWS_SECRET_ACCESS_KEY = '${awsSecret}';`,
      `const githubToken = '${github}';`,
      `const stripe = Stripe('${stripe}');`,
      `const SLACK_WEBHOOK_URL = '${slack}';`,
      `const DATABASE_URL = 'postgres://app_user:${pgPass}@db.acme.internal:5432/x';`,
      `const password = '${jsPassword}';`,
      `const authToken = '${jwt}';`,
      '',
      'module.exports = { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, githubToken, stripe, SLACK_WEBHOOK_URL, DATABASE_URL, password, authToken };',
      '',
    ].join('\n'),
    'app/settings.py': [
      'import os',
      '',
      `PRIVATE_KEY = """${pem}"""`,
      '',
      `DB_PASSWORD = "${pyPassword}"`,
      `SENDGRID_API_KEY = "${sendgrid}"`,
      `DATABASE_URL = "mysql://admin:${mysqlPass}@mysql.acme.internal:3306/app"`,
      '',
    ].join('\n'),
    '.env': [`SESSION_SECRET=${sessionSecret}`, `NPM_TOKEN=${npm}`, 'PORT=3000', ''].join('\n'),
    'config/app.yaml': ['database:', `  url: mongodb://admin:${mongoPass}@mongo.acme.internal:27017/app`, 'smtp:', '  host: smtp.acme.internal', '  user: mailer', `  password: "${smtpPass}"`, ''].join('\n'),
    'config/secrets.json': JSON.stringify({ oauth: { client_id: 'web-frontend', client_secret: clientSecret }, openai_api_key: openai }, null, 2) + '\n',
  };

  for (const [rel, text] of Object.entries(texts)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
    files.set(rel, text);
  }
  for (const p of plan) {
    const text = texts[p.file]!;
    const at = text.indexOf(p.value);
    if (at < 0) throw new Error(`corpus: ${p.kind} not written into ${p.file}`);
    secrets.push({ kind: p.kind, file: p.file, value: p.value, line: text.slice(0, at).split('\n').length - 1, probes: probesFor(p.value, p.parts) });
  }
  const git = (...args: string[]) => spawnSync('git', ['-C', root, ...args], { encoding: 'utf8' });
  git('init', '-q');
  git('config', 'user.name', 'Leak Test');
  git('config', 'user.email', 'leak@example.com');
  git('add', '-A');
  git('commit', '-q', '-m', 'corpus');
  return { root, secrets, files };
}

/**
 * The probes of `corpus` found in `text` (`where` names the output), as readable lines; empty
 * when nothing leaked. A hit is shown by kind and offset with the value cut to a few characters.
 */
export function leaks(corpus: SecretCorpus, where: string, text: string): string[] {
  const out: string[] = [];
  for (const s of corpus.secrets) {
    for (const p of s.probes) {
      const at = text.indexOf(p);
      if (at < 0) continue;
      const around = text.slice(Math.max(0, at - 40), at).replace(/\s+/g, ' ');
      out.push(`${where}: ${s.kind} (${s.file}) — ${p.length} characters of it at offset ${at}, after "${around}"`);
      break;
    }
  }
  return out;
}
