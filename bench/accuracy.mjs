// Accuracy part: Redline and the peers over bench/corpus, scored by bench/score.mjs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkLabels } from './tools/labels.mjs';
import { runRedline, runEslint, runSecretlint, benchDir } from './runners/index.mjs';
import { CATEGORIES, categorize, score, labelCounts } from './score.mjs';
import { isEslintFile } from './lib/eslint-config.mjs';
import { readPeers } from './lib/eslint-config.mjs';

const corpusDir = join(benchDir, 'corpus');

/**
 * Runs every tool over the corpus and scores it.
 * @returns {Promise<object>} the `accuracy` section of results.json
 */
export async function runAccuracy({ log = console.error } = {}) {
  const problems = checkLabels();
  if (problems.length) throw new Error(`bench/corpus/labels.json is out of date:\n${problems.join('\n')}`);
  const labels = JSON.parse(readFileSync(join(corpusDir, 'labels.json'), 'utf8'));
  const files = Object.keys(labels);
  const peers = readPeers();
  const lines = files.reduce((n, f) => n + readFileSync(join(corpusDir, f), 'utf8').split('\n').length, 0);

  log(`accuracy: redline over ${files.length} corpus files`);
  const redline = await runRedline({ cwd: corpusDir, files, name: 'acc-redline' });
  log('accuracy: eslint with the peer plugins');
  const eslint = await runEslint({ cwd: corpusDir, files: files.filter(isEslintFile), mode: 'mapped', name: 'acc-eslint' });
  log('accuracy: secretlint');
  const secretlint = await runSecretlint({ cwd: corpusDir, files, name: 'acc-secretlint' });

  const raw = { redline: redline.findings, eslint: eslint.findings, secretlint: secretlint.findings };
  const tools = {};
  tools.redline = { label: 'Redline', scores: score(labels, categorize(raw.redline, null)) };
  const toolFindings = {};
  for (const [id, t] of Object.entries(peers.tools)) {
    const src = t.plugin ? raw.eslint : raw.secretlint;
    const f = categorize(src, t.categories);
    toolFindings[id] = f;
    const categories = Object.fromEntries(CATEGORIES.map((c) => [c, (t.categories[c] ?? []).length > 0]));
    tools[id] = { label: t.label, scores: score(labels, f, { categories }) };
    if (t.plugin) tools[id].jsSubset = score(labels, f, { categories, files: isEslintFile });
  }
  for (const [id, c] of Object.entries(peers.combined)) {
    const f = c.of.flatMap((m) => toolFindings[m]);
    const categories = Object.fromEntries(CATEGORIES.map((cat) => [cat, c.of.some((m) => (peers.tools[m].categories[cat] ?? []).length > 0)]));
    tools[id] = { label: c.label, scores: score(labels, f, { categories }) };
  }
  // Best single peer per category (highest recall, then precision), and Redline against it.
  const targets = {};
  for (const cat of CATEGORIES) {
    let best = null;
    for (const id of Object.keys(peers.tools)) {
      const s = tools[id].scores[cat];
      if (s.noRule) continue;
      if (!best || (s.recall ?? 0) > (best.recall ?? 0) || ((s.recall ?? 0) === (best.recall ?? 0) && (s.precision ?? 0) > (best.precision ?? 0))) best = { tool: id, recall: s.recall, precision: s.precision };
    }
    const r = tools.redline.scores[cat];
    targets[cat] = {
      bestPeer: best,
      recallTarget: 0.9,
      precisionTarget: 0.95,
      meetsAbsolute: (r.recall ?? 0) >= 0.9 && (r.precision ?? 0) >= 0.95,
      meetsBestPeer: !best || ((r.recall ?? 0) >= (best.recall ?? 0) && (r.precision ?? 0) >= (best.precision ?? 0)),
    };
  }
  return {
    corpus: { files: files.length, lines, labels: labelCounts(labels), eslintFiles: files.filter(isEslintFile).length },
    tools,
    targets,
    runs: {
      redline: { ms: redline.ms, reported: redline.reported },
      eslint: { ms: eslint.ms, fatal: eslint.fatal, groups: eslint.groups },
      secretlint: { ms: secretlint.ms },
    },
    raw,
  };
}
