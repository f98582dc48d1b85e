import { z } from 'zod';
import { SeveritySchema } from '../../catalog/schema';
import type { Severity } from '../../types';
import { maskSecret, shannonEntropy } from '../../util';
import { charClasses, isPlaceholderToken } from './classify';
import { KeywordScanner } from './keywords';

/**
 * Provider credential patterns (rule `secret/provider-credential`), kept as data in the rule's
 * `options.providers` so they can be reviewed, extended and self-tested without code changes.
 *
 * Formats follow the providers' own documentation where it exists (GitHub "About
 * authentication", Stripe "API keys", Slack "Token types", AWS IAM "Understanding unique ID
 * prefixes", …) and otherwise the public rule sets of gitleaks and secretlint.
 */

const regexSource = z.string().min(1).superRefine((s, ctx) => {
  try {
    new RegExp(s, 'u');
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: `is not a valid regular expression: ${(e as Error).message}` });
  }
});

const NearSchema = z
  .object({
    /** Case-insensitive regular expression that must (`near`) or must not (`unlessNear`) occur close by. */
    pattern: regexSource,
    /** How many UTF-16 code units before and after the match are searched. */
    window: z.number().int().positive().max(2000).default(200),
  })
  .strict();

/** One credential type. */
export const ProviderSchema = z
  .object({
    /** Stable kebab-case id, used in fingerprints and output properties. */
    id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
    /** What the user reads: "GitHub personal access token". */
    name: z.string().min(3),
    /** Regular expression; the named group `secret` is the credential itself. */
    regex: regexSource.refine((s) => s.includes('(?<secret>'), { message: 'must have a named group (?<secret>…)' }),
    /** Extra flags: `i`, `m`, `s`, `u` (`g` and `d` are always added). */
    flags: z.string().regex(/^[imsu]*$/).optional(),
    /** Public prefixes shown unmasked (`ghp_`, `AKIA`); the first that the secret starts with is used. */
    prefix: z.union([z.string(), z.array(z.string())]).optional(),
    /** Literal strings, at least one of which must occur (case-insensitively) before the regex runs. */
    keywords: z.array(z.string().min(2)).min(1),
    /** Environment variable the quick fix reads the secret from, e.g. `GITHUB_TOKEN`. */
    env: z.string().regex(/^[A-Z_][A-Z0-9_]*$/),
    /** Overrides the rule severity for this provider (e.g. `info` for Stripe test keys). */
    severity: SeveritySchema.optional(),
    /** Context that must occur near the match (e.g. an `azure` keyword for Azure AD secrets). */
    near: NearSchema.optional(),
    /** Context that, near the match, means it is not a secret (e.g. a Firebase web config). */
    unlessNear: NearSchema.optional(),
    /** Regular expression that must match somewhere in the file (e.g. a Twilio account SID). */
    requires: regexSource.optional(),
    /** Minimum Shannon entropy (bits/char) of the secret without its prefix. */
    minEntropy: z.number().min(0).max(8).optional(),
    /** Minimum number of character classes (lower, upper, digit, other) in the secret. */
    minClasses: z.number().int().min(1).max(4).optional(),
    /** Structural validation done in code: JWT payloads, PEM bodies. */
    check: z.enum(['jwt', 'jwt-service-role', 'pem']).optional(),
    /**
     * The secret is one part of a larger value that should move as a whole (a connection
     * string, a DSN): the fix replaces the whole enclosing literal.
     */
    wholeLiteral: z.boolean().optional(),
    /**
     * Self-tests: strings that must produce a finding, and strings that must not. Required in
     * the repository (a test checks), stripped from the shipped catalog by the build: they look
     * like real credentials and a package must not carry them.
     */
    samples: z.object({ match: z.array(z.string()).min(1), noMatch: z.array(z.string()).default([]) }).strict().optional(),
  })
  .strict();
/** One validated provider entry. */
export type Provider = z.infer<typeof ProviderSchema>;

/** `options` of `secret/provider-credential`. */
export const ProviderOptionsSchema = z
  .object({
    providers: z.array(ProviderSchema).min(1),
  })
  .strict()
  .superRefine((o, ctx) => {
    const seen = new Set<string>();
    o.providers.forEach((p, i) => {
      if (seen.has(p.id)) ctx.addIssue({ code: 'custom', path: ['providers', i, 'id'], message: `duplicate provider id ${p.id}` });
      seen.add(p.id);
    });
  });
/** Validated `options` of `secret/provider-credential`. */
export type ProviderOptions = z.infer<typeof ProviderOptionsSchema>;

/** One provider credential found in a text. Offsets are UTF-16 into the scanned text. */
export interface ProviderMatch {
  provider: Provider;
  /** Span of the secret itself (the `secret` group, or the whole PEM block). */
  start: number;
  end: number;
  /** The secret's text. Never put it in a message, property or fingerprint: use `masked`. */
  value: string;
  /** `maskSecret(value, prefix)`. */
  masked: string;
  /** Severity decided by the provider or its check (e.g. a JWT that never expires is an error). */
  severity?: Severity;
  /** Extra words for the message, e.g. "that never expires". */
  detail?: string;
}

interface CompiledProvider {
  spec: Provider;
  regex: RegExp;
  requires?: RegExp;
  near?: { re: RegExp; window: number };
  unlessNear?: { re: RegExp; window: number };
  prefixes: string[];
}

/** Provider patterns compiled once per options object, with one keyword automaton for all. */
export interface CompiledProviders {
  providers: CompiledProvider[];
  scanner: KeywordScanner;
  /** For each keyword index, the providers (indexes) it unlocks. */
  byKeyword: number[][];
}

const compiledCache = new WeakMap<ProviderOptions, CompiledProviders>();

/** Compiles (and caches per validated options object) the provider patterns and their prefilter. */
export function compileProviders(options: ProviderOptions): CompiledProviders {
  const cached = compiledCache.get(options);
  if (cached) return cached;
  const keywords: string[] = [];
  const keywordIndex = new Map<string, number>();
  const byKeyword: number[][] = [];
  const providers = options.providers.map((spec, pi): CompiledProvider => {
    for (const k of spec.keywords) {
      const lk = k.toLowerCase();
      let ki = keywordIndex.get(lk);
      if (ki === undefined) {
        ki = keywords.length;
        keywords.push(lk);
        keywordIndex.set(lk, ki);
        byKeyword.push([]);
      }
      byKeyword[ki]!.push(pi);
    }
    const prefixes = spec.prefix === undefined ? [] : Array.isArray(spec.prefix) ? spec.prefix : [spec.prefix];
    return {
      spec,
      regex: new RegExp(spec.regex, `gd${spec.flags ?? ''}`),
      ...(spec.requires ? { requires: new RegExp(spec.requires) } : {}),
      ...(spec.near ? { near: { re: new RegExp(spec.near.pattern, 'i'), window: spec.near.window } } : {}),
      ...(spec.unlessNear ? { unlessNear: { re: new RegExp(spec.unlessNear.pattern, 'i'), window: spec.unlessNear.window } } : {}),
      prefixes: [...prefixes].sort((a, b) => b.length - a.length),
    };
  });
  const compiled: CompiledProviders = { providers, scanner: new KeywordScanner(keywords), byKeyword };
  compiledCache.set(options, compiled);
  return compiled;
}

/** How far before a keyword's first occurrence a provider's regex starts (context patterns). */
const LOOKBEHIND = 512;

/**
 * Finds provider credentials in `text`: one keyword pass, then the regular expressions of the
 * providers whose keywords occur, then per-match validation (placeholders, entropy, character
 * classes, context, JWT/PEM structure). Overlapping matches keep the earlier provider in the
 * list, so specific patterns (Supabase service role) win over general ones (any JWT).
 *
 * @param check called in loops so a time budget can interrupt the scan.
 * @param known first occurrences of the keywords, when a shared prefilter pass already has them
 *   (keyword index in `compiled.scanner.keywords` → UTF-16 offset).
 * @param rejected receives the spans that have a provider's shape but were judged not secret
 *   (documented examples, Supabase anon keys, Firebase web config keys), so other rules can
 *   respect that judgement.
 */
export function scanProviders(text: string, compiled: CompiledProviders, check: () => void = () => {}, known?: Map<number, number>, rejected?: [number, number][]): ProviderMatch[] {
  const first = known ?? compiled.scanner.firstOccurrences(text);
  if (first.size === 0) return [];
  const from = new Map<number, number>();
  for (const [ki, pos] of first) {
    for (const pi of compiled.byKeyword[ki]!) from.set(pi, Math.min(from.get(pi) ?? Infinity, pos));
  }
  const out: ProviderMatch[] = [];
  for (const pi of [...from.keys()].sort((a, b) => a - b)) {
    const p = compiled.providers[pi]!;
    if (p.requires && !p.requires.test(text)) continue;
    const re = p.regex;
    re.lastIndex = Math.max(0, from.get(pi)! - LOOKBEHIND);
    for (let m = re.exec(text); m; m = re.exec(text)) {
      check();
      if (m[0].length === 0) re.lastIndex++;
      const span = m.indices?.groups?.secret;
      if (!span) continue;
      const found = validate(text, p, span[0], span[1]);
      if (!found) rejected?.push([span[0], span[1]]);
      else if (!out.some((o) => o.start < found.end && found.start < o.end)) out.push(found);
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Applies a provider's validation to one candidate; returns the match or undefined. */
function validate(text: string, p: CompiledProvider, start: number, end: number): ProviderMatch | undefined {
  const spec = p.spec;
  let value = text.slice(start, end);
  let severity: Severity | undefined = spec.severity;
  let detail: string | undefined;
  if (spec.check === 'pem') {
    const pem = pemBlock(text, start);
    if (!pem) return undefined;
    end = pem.end;
    value = pem.body;
  }
  const prefix = p.prefixes.find((x) => value.startsWith(x));
  const body = prefix ? value.slice(prefix.length) : value;
  if (isPlaceholderToken(body)) return undefined;
  if (spec.minEntropy !== undefined && shannonEntropy(body) < spec.minEntropy) return undefined;
  if (spec.minClasses !== undefined && charClasses(body) < spec.minClasses) return undefined;
  if (p.near && !p.near.re.test(text.slice(Math.max(0, start - p.near.window), Math.min(text.length, end + p.near.window)))) return undefined;
  if (p.unlessNear && p.unlessNear.re.test(text.slice(Math.max(0, start - p.unlessNear.window), Math.min(text.length, end + p.unlessNear.window)))) return undefined;
  if (spec.check === 'jwt' || spec.check === 'jwt-service-role') {
    const verdict = judgeJwt(value);
    if (spec.check === 'jwt-service-role') {
      if (verdict.role !== 'service_role') return undefined;
    } else {
      if (!verdict.report) return undefined;
      severity = verdict.severity;
      detail = verdict.detail;
    }
  }
  const masked = spec.check === 'pem' ? `${maskSecret(value.replace(/\\[nr]|[^A-Za-z0-9+/=]/g, ''))}` : maskSecret(value, prefix);
  return { provider: spec, start, end, value, masked, ...(severity ? { severity } : {}), ...(detail ? { detail } : {}) };
}

/**
 * The PEM block starting at `start` (its `-----BEGIN … PRIVATE KEY-----` header): runs to the
 * matching END line, across real line breaks, `\n` escapes and string concatenation. The body
 * must hold at least 40 base64 characters, so `-----BEGIN PRIVATE KEY-----\n...` documentation
 * stubs are not keys. Without an END line (a truncated paste) the header alone is reported.
 */
export function pemBlock(text: string, start: number): { end: number; body: string } | undefined {
  const header = /^-----BEGIN ([A-Z0-9 ]{0,24})-----/.exec(text.slice(start, start + 80));
  if (!header) return undefined;
  const label = header[1]!;
  const bodyStart = start + header[0].length;
  const endMarker = `-----END ${label}-----`;
  const limit = Math.min(text.length, bodyStart + 20000);
  const endAt = text.indexOf(endMarker, bodyStart);
  const found = endAt >= 0 && endAt < limit;
  const rawBody = text.slice(bodyStart, found ? endAt : Math.min(limit, bodyStart + 400));
  // Drop escapes, quotes, concatenation and armor headers ("Proc-Type: …") before counting.
  const body = rawBody
    .replace(/\\[nrt]/g, '\n')
    .split(/\r?\n/)
    .filter((l) => !/^\s*[\w-]+:\s/.test(l))
    .join('')
    .replace(/[^A-Za-z0-9+/=]/g, '');
  if (body.length < 40) return undefined;
  if (/\.{3}|x{6,}|X{6,}|<[^>]*>/.test(rawBody)) return undefined;
  // Without an END line, only a base64 run right after the header is a key (not code that
  // merely mentions the header, such as a list of patterns).
  if (!found && !/^(?:\s|\\[nr]|["'`]\s*\+?\s*["'`]?|[\w-]+:[^\n]*\n)*[A-Za-z0-9+/=]{40,}/.test(rawBody)) return undefined;
  return { end: found ? endAt + endMarker.length : bodyStart, body };
}

/** What the JWT policy decided for one token. */
export interface JwtVerdict {
  report: boolean;
  severity?: Severity;
  detail?: string;
  role?: string;
}

/** Decodes one base64url JWT segment to a JSON object, or undefined. */
export function decodeJwtSegment(segment: string): Record<string, unknown> | undefined {
  try {
    const json = Buffer.from(segment.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
    const v: unknown = JSON.parse(json);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Redline's JWT policy (RFC 7519). A JWT is reported only when its header and payload decode
 * to JSON objects. Not reported: Supabase `anon` keys (public by design), the jwt.io sample
 * token (`sub` 1234567890, `name` John Doe), and access tokens that live at most one hour
 * (`exp - iat ≤ 3600`): pasted from a debugging session, they expired long before anyone
 * reads the code. Tokens without `exp` never expire and are errors; others are warnings.
 * The decision uses only the token, never the clock, so results are reproducible.
 */
export function judgeJwt(token: string): JwtVerdict {
  const [h, p] = token.split('.');
  const header = h ? decodeJwtSegment(h) : undefined;
  const payload = p ? decodeJwtSegment(p) : undefined;
  if (!header || !payload || (!('alg' in header) && !('typ' in header))) return { report: false };
  const role = typeof payload.role === 'string' ? payload.role : undefined;
  if (role === 'anon') return { report: false, role };
  if (role === 'service_role') return { report: true, severity: 'error', role };
  if (payload.sub === '1234567890' && payload.name === 'John Doe') return { report: false };
  const exp = typeof payload.exp === 'number' ? payload.exp : undefined;
  const iat = typeof payload.iat === 'number' ? payload.iat : typeof payload.nbf === 'number' ? payload.nbf : undefined;
  if (exp !== undefined && iat !== undefined && exp - iat <= 3600) return { report: false };
  if (exp === undefined) return { report: true, severity: 'error', detail: 'that never expires', ...(role ? { role } : {}) };
  return { report: true, severity: 'warning', ...(role ? { role } : {}) };
}
