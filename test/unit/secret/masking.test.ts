import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import type { Finding } from '../../../server/src/engine';
import { analyzeFixture, listFixtures } from '../../helpers/fixtures';
import { FAKE, rangeText, secretFindings } from './helpers';

/**
 * Invariant 6 of docs/architecture.md, "No secret leaves whole", checked on every fixture of
 * the secret category: no message, fix title, edit, file edit, related message, no-fix reason
 * or property contains a raw secret the rule matched, nor its hidden middle part.
 */

/** The raw secret values a finding covers, as they appear in the text. */
function rawSecrets(text: string, f: Finding): string[] {
  const raw = rangeText(text, f);
  const out = new Set<string>();
  const add = (v: string | undefined) => {
    if (v && v.length >= 8) out.add(v);
  };
  if (f.ruleId === 'secret/connection-string-credential') {
    add(/:\/\/[^:/@\s]*:([^@\s]+)@/.exec(raw)?.[1]);
    add(/(?:password|pwd)\s*=\s*([^;&'"\s]+)/i.exec(raw)?.[1]);
    add(/thin:[^/]+\/([^@]+)@/.exec(raw)?.[1]);
  } else {
    const unquoted = raw.replace(/^(?:[bfru]{0,2}["'`]|@"|\$")|["'`]$/g, '');
    add(unquoted);
    add(unquoted.split(/\s+/).pop());
    // PEM blocks: every body line.
    if (unquoted.includes('-----BEGIN')) for (const line of unquoted.split(/\\n|\r?\n/)) if (!line.startsWith('-----')) add(line.replace(/[^A-Za-z0-9+/=]/g, ''));
  }
  return [...out];
}

/** Every string a finding carries to hosts, logs and output formats. */
function outputs(f: Finding): string[] {
  const out = [f.message, f.fingerprint, f.noFixReason ?? ''];
  for (const r of f.related) out.push(r.message);
  for (const fix of f.fixes) {
    out.push(fix.title, ...fix.edits.map((e) => e.newText));
    for (const fe of fix.fileEdits ?? []) out.push(JSON.stringify(fe));
  }
  for (const v of Object.values(f.properties ?? {})) out.push(String(v));
  return out;
}

describe('secret masking', () => {
  const fixtures = listFixtures().filter((fx) => fx.rule.startsWith('secret/'));

  it('covers every secret fixture', () => {
    assert.ok(fixtures.length >= 40, `only ${fixtures.length} secret fixtures`);
  });

  for (const fx of fixtures) {
    it(`leaks no raw secret: ${fx.rule}/${fx.relPath}`, async () => {
      const text = readFileSync(fx.file, 'utf8');
      const { findings } = await analyzeFixture(fx, text);
      const secretFindings = findings.filter((f) => f.category === 'secret');
      assert.ok(secretFindings.length > 0 || !text.includes('ruleid: secret/'), 'fixture has secret annotations but no findings');
      const secrets = secretFindings.flatMap((f) => rawSecrets(text, f));
      for (const f of findings) {
        // A connection string's scheme may equal its password (`postgres:postgres@…`); the scheme is public.
        for (const o of outputs(f).map((x) => x.replace(/\b[a-z][a-z0-9+.-]*:\/\//g, ''))) {
          for (const s of secrets) {
            // Fixture values are fake, so naming them in a failure is harmless.
            assert.ok(!o.includes(s), `${f.ruleId} at line ${f.range.start.line + 1} carries the raw secret ${s} in: ${o.slice(0, 160)}`);
            const middle = s.slice(4, -4);
            if (middle.length >= 4) assert.ok(!o.includes(middle), `${f.ruleId} at line ${f.range.start.line + 1} carries ${middle}, the hidden part of ${s}, in: ${o.slice(0, 160)}`);
          }
        }
      }
    });
  }

  it('fingerprints depend on the masked value, not the raw secret', async () => {
    // Same prefix and last four characters, different middle: same masked value.
    const a = `const token = '${FAKE.ghp}';\n`;
    const b = a.replace(FAKE.ghp.slice(8, 12), 'q7Rt');
    assert.notEqual(a, b);
    const [fa] = await secretFindings('src/a.js', a);
    const [fb] = await secretFindings('src/a.js', b);
    assert.ok(fa && fb);
    assert.equal(fa.fingerprint, fb.fingerprint);
    const pa = await secretFindings('src/db.js', `const p = new Pool({ password: '${FAKE.password}' });\n`);
    const pb = await secretFindings('src/db.js', `const p = new Pool({ password: '${FAKE.password.slice(0, 4)}Zq7Rt2${FAKE.password.slice(-4)}' });\n`);
    assert.equal(pa[0]!.fingerprint, pb[0]!.fingerprint);
    const ca = await secretFindings('src/db.py', `URL = "postgresql://app:${FAKE.password}@db.acme.internal/app"\n`);
    const cb = await secretFindings('src/db.py', `URL = "postgresql://app:${FAKE.password.slice(0, 3)}aB3dE5fG${FAKE.password.slice(-3)}@db.acme.internal/app"\n`);
    assert.equal(ca[0]!.fingerprint, cb[0]!.fingerprint);
  });

  it('shows the provider prefix and the last four characters only', async () => {
    const [f] = await secretFindings('src/a.ts', `export const key = '${FAKE.stripe}';\n`);
    assert.ok(f);
    assert.match(f.message, /sk_live_…zBOX/);
    assert.equal(f.properties?.masked, 'sk_live_…zBOX');
  });
});
