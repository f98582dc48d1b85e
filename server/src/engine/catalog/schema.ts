import { z } from 'zod';
import { CATEGORIES, SEVERITIES } from '../types';

/**
 * Schema of one rule file (`rules/<category>/<name>.yaml`, or a user's `.redline/rules/*.yaml`).
 *
 * A rule is implemented either by a built-in code detector (`detector`, for languages with a
 * parse tree: JS/TS and Python) or by `patterns` (comment- and string-aware regular expressions,
 * for the other languages and config files), or both.
 */

export const LANGUAGE_IDS = [
  'javascript',
  'javascriptreact',
  'typescript',
  'typescriptreact',
  'python',
  'java',
  'go',
  'php',
  'csharp',
  'ruby',
  'dotenv',
  'json',
  'yaml',
  'properties',
  'xml',
  'dockerfile',
  'nginx',
  'toml',
  'ini',
  'shellscript',
  'plaintext',
] as const;

export const LanguageIdSchema = z.enum(LANGUAGE_IDS);
export const SeveritySchema = z.enum(SEVERITIES);
export const RULE_ID_PATTERN = /^(secret|sql|cors|auth|redline)\/[a-z0-9]+(?:-[a-z0-9]+)*$/;

const regexSource = z.string().min(1);

/** Where a pattern may match, by the lexical class of the text under the match. */
export const MatchScopeSchema = z.enum(['code', 'string', 'comment', 'any']);
export type MatchScope = z.infer<typeof MatchScopeSchema>;

export const PatternSchema = z
  .object({
    /** Languages this pattern applies to. */
    languages: z.array(LanguageIdSchema).min(1),
    /**
     * JavaScript regular expression. A named group `target` marks the range to flag; without it
     * the whole match is flagged. Matching is per file, not per line: use `[^\n]` to stay on a line.
     */
    regex: regexSource,
    /** Extra RegExp flags: any of `i`, `m`, `s`, `u`. `g` and `d` are always added. */
    flags: z.string().regex(/^[imsu]*$/, 'may contain only the flags i, m, s, u').optional(),
    /**
     * `code`: the match must start in code (comments are blanked out, strings kept);
     * `string`: inside one string literal; `comment`: inside a comment; `any`: anywhere.
     */
    in: MatchScopeSchema.default('code'),
    /** Regular expressions; a match whose text matches any of them is not reported. */
    not: z.array(regexSource).optional(),
    /** Overrides the rule's message for this pattern; `{match}` is never available (it may be secret). */
    message: z.string().optional(),
    severity: SeveritySchema.optional(),
    /** Self-tests run by `npm test`, after DevSkim's must-match / must-not-match. */
    samples: z
      .object({ match: z.array(z.string()).optional(), noMatch: z.array(z.string()).optional() })
      .strict()
      .optional(),
  })
  .strict();
export type Pattern = z.infer<typeof PatternSchema>;

export const RuleSchema = z
  .object({
    id: z.string().regex(RULE_ID_PATTERN, 'must be <category>/<kebab-name> with category secret, sql, cors or auth'),
    category: z.enum([...CATEGORIES, 'redline']),
    severity: SeveritySchema,
    title: z.string().min(3),
    /** Shown as the diagnostic message. `{placeholders}` are filled by the detector. */
    message: z.string().min(3),
    cwe: z.array(z.string().regex(/^CWE-\d+$/, 'must look like CWE-89')).default([]),
    owasp: z.array(z.string()).default([]),
    languages: z.array(z.union([LanguageIdSchema, z.literal('*')])).min(1),
    confidence: z.enum(['high', 'medium', 'low']),
    /** CVSS-like 0.0–10.0 score GitHub code scanning reads from SARIF `security-severity`. */
    securitySeverity: z.number().min(0).max(10).optional(),
    tags: z.array(z.string()).default([]),
    references: z.array(z.url()).default([]),
    /** Name of the built-in code detector implementing this rule (built-in rules only). */
    detector: z.string().optional(),
    patterns: z.array(PatternSchema).optional(),
    /** Detector-specific data (e.g. provider patterns, recognized auth names), validated by the detector. */
    options: z.record(z.string(), z.unknown()).optional(),
  })
  .strict()
  .superRefine((rule, ctx) => {
    if (rule.id.split('/')[0] !== rule.category) {
      ctx.addIssue({ code: 'custom', path: ['category'], message: `must match the id's category "${rule.id.split('/')[0]}"` });
    }
    if (rule.category !== 'redline' && rule.cwe.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['cwe'], message: 'a security rule needs at least one CWE id' });
    }
    if (rule.category !== 'redline' && !rule.detector && !rule.patterns?.length) {
      ctx.addIssue({ code: 'custom', path: ['patterns'], message: 'a rule needs a detector or at least one pattern' });
    }
  });

export type RuleSpec = z.infer<typeof RuleSchema>;
