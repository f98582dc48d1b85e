// The scorer shared by every tool (see bench/LABELING.md, "Matching").
//
// A finding matches a label of the same category in the same file when the finding's start line
// (1-based) lies within [label.line, label.endLine ?? label.line]. One label is matched by at most
// one finding (true positive); further findings on an already-matched label are duplicates (neither
// TP nor FP); a finding that lies in no label of its category is a false positive.

export const CATEGORIES = /** @type {const} */ (['secret', 'sql', 'cors', 'auth']);

/**
 * @typedef {{line: number, endLine?: number, category: string, note?: string}} Label
 * @typedef {{ruleId: string, category?: string, path: string, line: number, column?: number}} Finding
 * @typedef {{labels: number, tp: number, fp: number, duplicates: number, recall: number|null, precision: number|null, noRule?: boolean, fn: object[], fps: object[]}} CategoryScore
 */

/**
 * Assigns each finding the category its rule maps to; drops findings of unmapped rules.
 * @param {Finding[]} findings
 * @param {Record<string, string[]>|null} mapping category -> rule ids (null: keep finding.category)
 */
export function categorize(findings, mapping) {
  if (!mapping) return findings.filter((f) => CATEGORIES.includes(/** @type any */ (f.category)));
  const byRule = new Map();
  for (const [cat, ids] of Object.entries(mapping)) for (const id of ids) byRule.set(id, cat);
  return findings.filter((f) => byRule.has(f.ruleId)).map((f) => ({ ...f, category: byRule.get(f.ruleId) }));
}

/**
 * Scores categorized findings against the labels.
 * @param {Record<string, Label[]>} labels file -> labels
 * @param {Finding[]} findings categorized findings (paths relative to the corpus root)
 * @param {{categories?: Record<string, boolean>, files?: (path: string) => boolean}} [opts]
 *   categories: which categories the tool has a rule for (others are scored as "no rule");
 *   files: restrict labels and findings to the files the predicate accepts (e.g. JS/TS only).
 * @returns {Record<string, CategoryScore>}
 */
export function score(labels, findings, opts = {}) {
  const inScope = opts.files ?? (() => true);
  /** @type {Record<string, CategoryScore>} */
  const out = {};
  for (const cat of CATEGORIES) {
    const hasRule = opts.categories ? opts.categories[cat] !== false : true;
    const catLabels = [];
    for (const [file, list] of Object.entries(labels)) {
      if (!inScope(file)) continue;
      for (const l of list) if (l.category === cat) catLabels.push({ file, ...l, matched: false });
    }
    const catFindings = findings
      .filter((f) => f.category === cat && inScope(f.path) && f.path in labels)
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || (a.column ?? 0) - (b.column ?? 0)));
    let tp = 0;
    let duplicates = 0;
    const fps = [];
    for (const f of catFindings) {
      const hits = catLabels.filter((l) => l.file === f.path && f.line >= l.line && f.line <= (l.endLine ?? l.line));
      const free = hits.find((l) => !l.matched);
      if (free) {
        free.matched = true;
        tp++;
      } else if (hits.length) duplicates++;
      else fps.push({ path: f.path, line: f.line, ruleId: f.ruleId });
    }
    const fp = fps.length;
    out[cat] = {
      labels: catLabels.length,
      tp,
      fp,
      duplicates,
      recall: catLabels.length ? tp / catLabels.length : null,
      precision: tp + fp ? tp / (tp + fp) : null,
      ...(hasRule ? {} : { noRule: true }),
      fn: catLabels.filter((l) => !l.matched).map((l) => ({ path: l.file, line: l.line, ...(l.endLine ? { endLine: l.endLine } : {}), note: l.note })),
      fps,
    };
  }
  return out;
}

/** Per-category counts of a labels object. */
export function labelCounts(labels) {
  const c = Object.fromEntries(CATEGORIES.map((k) => [k, 0]));
  for (const list of Object.values(labels)) for (const l of list) c[l.category]++;
  return c;
}
