import type { TextDetector } from '../../detector';
import { secretFix } from './fix';
import { PROVIDER_RULE, scansFile, secretScan } from './scan';

/**
 * `secret/provider-credential` (CWE-798): credentials of known providers (AWS, GitHub, Stripe,
 * Slack, OpenAI, private keys, …) anywhere in the raw text of any file: strings, comments,
 * configuration values. The patterns are data (`rules/secret/provider-credential.yaml`,
 * `options.providers`); a keyword prefilter keeps the common no-candidate case at one linear
 * pass (see `keywords.ts`). Messages and fingerprints carry only the masked value.
 */
export const providerCredential: TextDetector = {
  family: 'text',
  name: 'secret-providers',
  rules: [PROVIDER_RULE],
  languages: 'all',
  run(ctx) {
    if (!scansFile(ctx)) return;
    for (const m of secretScan(ctx).providers) {
      const p = m.provider;
      const fix = secretFix(ctx, {
        start: m.start,
        end: m.end,
        fallbackEnv: p.env,
        // Generic credential types (a PEM key, a JWT) have no brand: any secret-like name will do.
        ...(GENERIC_PROVIDERS.has(p.id) ? {} : { brands: brandsOf(p.env, p.id) }),
        secretName: true,
        form: p.wholeLiteral ? 'whole' : 'exact',
        lexed: () => ctx.lexed,
      });
      ctx.report({
        ruleId: PROVIDER_RULE,
        start: m.start,
        end: m.end,
        args: { provider: p.name, masked: m.masked, detail: m.detail ? ` ${m.detail}` : '', env: fix.env },
        ...(m.severity ? { severity: m.severity } : {}),
        fixes: fix.fixes,
        ...(fix.noFixReason ? { noFixReason: fix.noFixReason } : {}),
        key: `${p.id}:${m.masked}`,
        properties: { provider: p.id, providerName: p.name, masked: m.masked, envVar: fix.env },
      });
    }
  },
};

/** Providers whose variable name may come from any secret-like context name. */
const GENERIC_PROVIDERS = new Set(['private-key', 'jwt']);

/** Words that make a context name specific to the provider: GITHUB from GITHUB_TOKEN, the id's first word. */
function brandsOf(env: string, id: string): string[] {
  const words = new Set<string>();
  const first = env.split('_')[0];
  if (first) words.add(first);
  const idFirst = id.split('-')[0]!.toUpperCase();
  words.add(idFirst);
  return [...words];
}
