import { createHash } from 'node:crypto';

/** Hex sha256 of a UTF-8 string. */
export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Masks a secret for display: a prefix and the last four characters, never the whole value.
 *
 * The prefix is `knownPrefix` when given (a provider's public marker such as `ghp_` or `AKIA`)
 * and otherwise at most four characters; both ends shrink for short values so that at least
 * half of the characters stay hidden, and values under 8 characters are fully hidden.
 *
 * @example maskSecret('ghp_0123456789abcdefghijklmnopqrstuvwxyz', 'ghp_') === 'ghp_…wxyz'
 */
export function maskSecret(value: string, knownPrefix?: string): string {
  if (value.length < 8) return '****';
  const quarter = Math.floor(value.length / 4);
  const tail = Math.min(4, quarter);
  let head = Math.min(4, quarter);
  if (knownPrefix && value.startsWith(knownPrefix) && knownPrefix.length <= value.length - 2 * tail - 4) {
    head = knownPrefix.length;
  }
  return `${value.slice(0, head)}…${value.slice(value.length - tail)}`;
}

/**
 * Shannon entropy of `value` in bits per character (0 for empty strings).
 * Random base64 is close to 6, hex close to 4, English words around 2.5–3.5.
 */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  const n = [...value].length;
  for (const c of counts.values()) {
    const p = c / n;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** Escapes a string for literal use inside a RegExp. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Converts `camelCase`, `kebab-case`, dotted or spaced names to `UPPER_SNAKE_CASE`. */
export function toUpperSnake(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
}
