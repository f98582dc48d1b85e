// Small statistics helpers.

/** The q-quantile (0..1) of numbers, by linear interpolation between closest ranks. */
export function quantile(values, q) {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

/** Median of numbers. */
export const median = (values) => quantile(values, 0.5);

/** Rounds to `digits` decimals (numbers only; other values pass through). */
export function round(x, digits = 2) {
  if (typeof x !== 'number' || !Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
