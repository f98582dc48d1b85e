#!/usr/bin/env node
// Label maintenance for bench/corpus.
//
// The corpus is edited as "marked" copies in which each problem carries an end-of-line marker,
// so that labels follow the code when lines move:
//
//   const key = 'sk_live_…'; ⟦secret: Stripe live key⟧          one-line label
//   app.use(cors({ ⟦cors> any origin with credentials⟧          opens a span …
//   })); ⟦<⟧                                                    … closed here (innermost open span)
//
// Usage:
//   node bench/tools/labels.mjs export [DIR]   corpus + labels.json -> marked copies (default bench/.work/marked)
//   node bench/tools/labels.mjs import [DIR]   marked copies -> corpus (markers stripped) + labels.json
//   node bench/tools/labels.mjs check          every label's anchor still matches its line
import { readFileSync, writeFileSync, mkdirSync, rmSync, existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listFiles } from '../lib/files.mjs';

const benchDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const corpusDir = join(benchDir, 'corpus');
const labelsPath = join(corpusDir, 'labels.json');
const CATEGORIES = new Set(['secret', 'sql', 'cors', 'auth']);
const MARKER = /\s*⟦([^⟧]*)⟧/g;

/** First 60 characters of the trimmed line: enough to notice a label that no longer points at its line. */
export function anchorOf(line) {
  return line.trim().slice(0, 60);
}

/**
 * Parses one marked file. Returns the clean text and its labels (1-based lines).
 * @param {string} text
 * @param {string} file for error messages
 */
export function parseMarked(text, file) {
  const lines = text.split('\n');
  const labels = [];
  const open = [];
  const clean = lines.map((line, i) => {
    const markers = [...line.matchAll(MARKER)].map((m) => m[1]);
    const stripped = line.replace(MARKER, '');
    for (const m of markers) {
      if (m === '<') {
        const label = open.pop();
        if (!label) throw new Error(`${file}:${i + 1}: ⟦<⟧ without an open span`);
        label.endLine = i + 1;
        continue;
      }
      const mm = /^(\w+)([:>])\s*(.*)$/.exec(m);
      if (!mm || !CATEGORIES.has(mm[1])) throw new Error(`${file}:${i + 1}: bad marker ⟦${m}⟧`);
      const label = { line: i + 1, category: mm[1], note: mm[3].trim(), anchor: anchorOf(stripped) };
      labels.push(label);
      if (mm[2] === '>') open.push(label);
    }
    return stripped;
  });
  if (open.length) throw new Error(`${file}:${open[0].line}: span never closed`);
  // Stable key order in the JSON: line, endLine, category, note, anchor.
  const ordered = labels
    .sort((a, b) => a.line - b.line)
    .map((l) => ({ line: l.line, ...(l.endLine && l.endLine !== l.line ? { endLine: l.endLine } : {}), category: l.category, note: l.note, anchor: l.anchor }));
  return { text: clean.join('\n'), labels: ordered };
}

/** Reads bench/corpus/labels.json. */
export function readLabels() {
  if (!existsSync(labelsPath)) throw new Error(`missing ${relative(process.cwd(), labelsPath)}`);
  return JSON.parse(readFileSync(labelsPath, 'utf8'));
}

/** Verifies every corpus file is listed and every label's anchor matches; returns a list of problems. */
export function checkLabels() {
  const labels = readLabels();
  const problems = [];
  const files = listFiles(corpusDir).filter((f) => f !== 'labels.json');
  for (const f of files) if (!(f in labels)) problems.push(`${f}: not in labels.json (add it with [] if it has no problem)`);
  for (const [file, list] of Object.entries(labels)) {
    const p = join(corpusDir, file);
    if (!existsSync(p)) {
      problems.push(`${file}: listed in labels.json but missing`);
      continue;
    }
    const lines = readFileSync(p, 'utf8').split('\n');
    for (const l of list) {
      if (!CATEGORIES.has(l.category)) problems.push(`${file}:${l.line}: unknown category ${l.category}`);
      if (l.endLine !== undefined && l.endLine < l.line) problems.push(`${file}:${l.line}: endLine before line`);
      const actual = anchorOf(lines[l.line - 1] ?? '');
      if (l.anchor !== undefined && actual !== l.anchor) problems.push(`${file}:${l.line}: anchor mismatch: expected "${l.anchor}", found "${actual}"`);
    }
  }
  return problems;
}

function doImport(dir) {
  const files = listFiles(dir);
  const labels = {};
  rmSync(corpusDir, { recursive: true, force: true });
  for (const f of files) {
    const { text, labels: ls } = parseMarked(readFileSync(join(dir, f), 'utf8'), f);
    const out = join(corpusDir, f);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, text);
    labels[f] = ls;
  }
  const sorted = Object.fromEntries(Object.keys(labels).sort().map((k) => [k, labels[k]]));
  writeFileSync(labelsPath, JSON.stringify(sorted, null, 2) + '\n');
  const n = Object.values(sorted).flat();
  const per = {};
  for (const l of n) per[l.category] = (per[l.category] ?? 0) + 1;
  console.log(`imported ${files.length} files, ${n.length} labels`, per);
}

function doExport(dir) {
  const labels = readLabels();
  rmSync(dir, { recursive: true, force: true });
  for (const [file, list] of Object.entries(labels)) {
    const lines = readFileSync(join(corpusDir, file), 'utf8').split('\n');
    for (const l of list) {
      const head = l.endLine && l.endLine !== l.line ? `⟦${l.category}> ${l.note}⟧` : `⟦${l.category}: ${l.note}⟧`;
      lines[l.line - 1] += ' ' + head;
      if (l.endLine && l.endLine !== l.line) lines[l.endLine - 1] += ' ⟦<⟧';
    }
    const out = join(dir, file);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, lines.join('\n'));
  }
  console.log(`exported ${Object.keys(labels).length} files to ${dir}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [cmd, dirArg] = process.argv.slice(2);
  const dir = dirArg ?? join(benchDir, '.work', 'marked');
  if (cmd === 'import') doImport(dir);
  else if (cmd === 'export') doExport(dir);
  else if (cmd === 'check') {
    const problems = checkLabels();
    for (const p of problems) console.error(p);
    if (problems.length) process.exit(1);
    console.log('labels OK');
  } else {
    console.error('usage: labels.mjs import|export [DIR] | check');
    process.exit(2);
  }
}
