import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspTestClient } from '../helpers/lspClient';

/**
 * Random edit sequences over LSP (fast-check): inserts, deletes and replacements, multi-line,
 * with astral characters, CRLF and lone `\r`, sent as fast as a client can, with consecutive
 * versions or with gaps. After each sequence: the server is alive and logged no exception, the
 * last diagnostics published are for the latest version, and they equal a fresh analysis of the
 * final text (the same text opened as a second document). `REDLINE_FUZZ_RUNS` scales the runs
 * (default 24); `REDLINE_FUZZ_SEED` replays one.
 */

const RUNS = Number(process.env.REDLINE_FUZZ_RUNS ?? 24);
const SEED = process.env.REDLINE_FUZZ_SEED ? Number(process.env.REDLINE_FUZZ_SEED) : 20_251_121;

const BASES: Record<string, { ext: string; languageId: string; text: string }> = {
  js: {
    ext: 'js',
    languageId: 'javascript',
    text: [
      "const cors = require('cors');",
      "const app = require('express')();",
      'app.use(cors());',
      'const e = "😀😀"; app.use(cors({ origin: true, credentials: true }));',
      "app.get('/u', (req, res) => db.query('SELECT * FROM users WHERE id = ' + req.query.id));",
      'const password = "hunter2hunter2";',
      '',
    ].join('\r\n'),
  },
  py: {
    ext: 'py',
    languageId: 'python',
    text: ['import sqlite3', 'def f(cursor, uid):', '    cursor.execute("SELECT * FROM t WHERE id = " + uid)', '    x = "𝒳𝒴"', '    return x', ''].join('\n'),
  },
};

/** Text pieces an edit inserts: code that makes and breaks findings, line breaks of every kind, astral characters. */
const PIECE = fc.constantFrom('', 'a', ' ', '\n', '\r\n', '\r', '😀', '𝒳', '"', "'", '(', ')', '{', '}', ';', 'cors()', 'app.use(cors());\n', ' + req.query.id', 'SELECT * FROM t WHERE a = ', '// ', '# ', '/*', '*/', '\t', 'é', '\u0000');

interface EditSpec {
  /** Start as a fraction of the current length, and the deleted length as a fraction of the rest. */
  start: number;
  del: number;
  text: string;
  versionStep: number;
}

const EDIT = fc.record({
  start: fc.double({ min: 0, max: 1, noNaN: true }),
  del: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.3, noNaN: true })),
  text: fc.array(PIECE, { maxLength: 4 }).map((a) => a.join('')),
  versionStep: fc.integer({ min: 1, max: 3 }),
});

function view(d: Diagnostic): string {
  return `${d.code} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.severity} ${String(d.message)}`;
}

describe('fuzzing: random edit sequences over LSP', function () {
  this.timeout(600_000);
  let client: LspTestClient;
  let root: string;
  let n = 0;
  let withFindings = 0;

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'redline-fuzz-'));
    client = new LspTestClient();
    client.settings = { analysis: { debounceMs: 0 } };
    await client.initialize(root);
  });

  after(async () => {
    await client.shutdown();
  });

  async function runSequence(base: keyof typeof BASES, edits: EditSpec[], gaps: boolean, batched: boolean): Promise<void> {
    const b = BASES[base]!;
    const id = n++;
    const uri = client.open(join(root, `f${id}.${b.ext}`), b.text, b.languageId);
    let shadow = client.docs.get(uri)!;
    let version = 1;
    let batch: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string }[] = [];
    // Several changes may travel in one didChange, each in the coordinates of the text before it.
    const flush = (step: number) => {
      if (!batch.length) return;
      version = gaps ? version + step : version + 1;
      shadow = TextDocument.create(uri, b.languageId, version, shadow.getText());
      client.docs.set(uri, shadow);
      void client.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: batch });
      batch = [];
    };
    for (const e of edits) {
      const text = shadow.getText();
      const start = Math.floor(e.start * text.length);
      const end = start + Math.floor(e.del * (text.length - start));
      const change = { range: { start: shadow.positionAt(start), end: shadow.positionAt(end) }, text: e.text };
      shadow = TextDocument.update(shadow, [change], shadow.version);
      batch.push(change);
      if (!batched || batch.length === 3) flush(e.versionStep);
    }
    flush(2);
    const finalText = client.text(uri);
    const got = await client.diagnosticsFor(uri, version);
    const published = client.diagnostics.get(uri)!;
    assert.equal(published.at(-1)!.version, version, 'the last diagnostics are for the latest version');
    const versions = published.map((p) => p.version!);
    assert.deepEqual(versions, [...versions].sort((a, b2) => a - b2), 'published versions never go backwards');
    const fresh = client.open(join(root, `g${id}.${b.ext}`), finalText, b.languageId);
    const expected = await client.diagnosticsFor(fresh, 1);
    if (got.length) withFindings++;
    assert.deepEqual(got.map(view), expected.map(view), `findings after ${edits.length} edits equal a fresh analysis of:\n${JSON.stringify(finalText)}`);
    client.close(uri);
    client.close(fresh);
    assert.equal(client.proc.exitCode, null, 'the server is alive');
  }

  it(`${RUNS} random edit sequences: no crash, last diagnostics for the latest version, equal to a fresh analysis`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom<keyof typeof BASES>('js', 'py'), fc.array(EDIT, { minLength: 1, maxLength: 25 }), fc.boolean(), fc.boolean(), async (base, edits, gaps, batched) => {
        await runSequence(base, edits, gaps, batched);
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    assert.doesNotMatch(client.stderr, /Error|Uncaught|at .*\(.*\.js:\d+/, 'no exception on the server');
    // The oracle compares something: most final texts still have findings.
    assert.ok(withFindings >= RUNS / 2, `only ${withFindings} of ${RUNS} runs ended with findings`);
  });
});
