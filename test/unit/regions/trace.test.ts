import { strict as assert } from 'node:assert';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, readFileSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { structuredPatch } from 'diff';
import { LineIndex } from '../../../server/src/engine/text';
import {
  addedLinesFromPatch,
  appendTraceRecord,
  claudeHookToTrace,
  contentHash,
  createRegion,
  genericHookToTrace,
  HookPayloadError,
  hookPayloadToTrace,
  importedRegionId,
  modelFromTranscript,
  normalizeModelId,
  rangeToTraceLines,
  readTraceRecords,
  regionsFromTraceRecord,
  TRACE_FILE,
  traceRecordForRegions,
  TraceRecordWriteSchema,
  vscodeHookToTrace,
  wholeLineRange,
  type HookTraceContext,
  type TraceRecord,
} from '../../../server/src/regions';
import { ORIGIN, normText } from './helpers';

const NOW = new Date('2025-05-01T12:00:00.000Z');
const UUID = '550e8400-e29b-41d4-a716-446655440000';

function record(result: ReturnType<typeof claudeHookToTrace>): TraceRecord {
  assert.equal(result.kind, 'record', result.kind === 'skipped' ? result.reason : '');
  return (result as { record: TraceRecord }).record;
}

function ranges(rec: TraceRecord): [number, number][] {
  return rec.files.flatMap((f) => f.conversations.flatMap((c) => c.ranges.map((r) => [r.start_line, r.end_line] as [number, number])));
}

describe('regions/trace: records for tagged regions', () => {
  const text = 'a\nfunction f() {\n  return 1;\n}\nz\n';

  it('builds a spec-valid record: 1-based inclusive lines, sha256 content hash of those lines, dev.redline metadata', () => {
    const li = new LineIndex(text);
    const r = createRegion({ id: 'r-1', path: 'src/f.ts', range: wholeLineRange(li, 1, 3), origin: { tool: 'copilot', model: 'gpt-4o', method: 'manual' }, text });
    const rec = traceRecordForRegions([{ region: r, text }], { revision: 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0', now: NOW, redlineVersion: '0.1.0', toolVersion: '1.2.3' });
    assert.ok(TraceRecordWriteSchema.safeParse(rec).success);
    assert.equal(rec.version, '0.1.0');
    assert.deepEqual(rec.vcs, { type: 'git', revision: 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0' });
    assert.deepEqual(rec.tool, { name: 'copilot', version: '1.2.3' });
    const range = rec.files[0]!.conversations[0]!.ranges[0]!;
    assert.equal(range.start_line, 2);
    assert.equal(range.end_line, 4);
    assert.equal(range.content_hash, contentHash('function f() {\n  return 1;\n}'));
    assert.equal(range.content_hash, r.contentHash, 'equals the region hash for whole-line regions');
    assert.deepEqual(rec.files[0]!.conversations[0]!.contributor, { type: 'ai', model_id: 'openai/gpt-4o' });
    assert.deepEqual((rec.metadata!['dev.redline'] as { regions: unknown }).regions, [{ id: 'r-1', method: 'manual' }]);
  });

  it('converts LSP ranges to trace lines (a range ending at column 0 ends on the line before)', () => {
    assert.deepEqual(rangeToTraceLines({ start: { line: 0, character: 3 }, end: { line: 0, character: 9 } }), { start_line: 1, end_line: 1 });
    assert.deepEqual(rangeToTraceLines({ start: { line: 4, character: 0 }, end: { line: 7, character: 0 } }), { start_line: 5, end_line: 7 });
  });

  it('normalizes model ids to models.dev form', () => {
    assert.equal(normalizeModelId('claude-sonnet-4-20250514'), 'anthropic/claude-sonnet-4-20250514');
    assert.equal(normalizeModelId('gpt-4o'), 'openai/gpt-4o');
    assert.equal(normalizeModelId('google/gemini-2.5-pro'), 'google/gemini-2.5-pro');
    assert.equal(normalizeModelId('my-model'), 'my-model');
  });
});

describe('regions/trace: the traces.jsonl log', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'redline-trace-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const minimal = (id: string, path = 'src/app.ts'): TraceRecord => ({
    version: '0.1.0',
    id,
    timestamp: NOW.toISOString(),
    files: [{ path, conversations: [{ contributor: { type: 'ai' }, ranges: [{ start_line: 1, end_line: 2 }] }] }],
  });

  it('appends one line per record and reads them back (round trip)', async () => {
    const a = await appendTraceRecord(root, minimal('550e8400-e29b-41d4-a716-446655440001'));
    const b = await appendTraceRecord(root, minimal('550e8400-e29b-41d4-a716-446655440002'));
    assert.equal(a.offset, 0);
    assert.ok(b.offset > 0);
    const res = await readTraceRecords(join(root, TRACE_FILE));
    assert.deepEqual(res.records.map((r) => [r.record.id, r.line]), [['550e8400-e29b-41d4-a716-446655440001', 1], ['550e8400-e29b-41d4-a716-446655440002', 2]]);
    assert.equal(res.cursor.offset, readFileSync(join(root, TRACE_FILE)).length);
  });

  it('many concurrent appends produce whole lines only', async () => {
    await Promise.all(Array.from({ length: 50 }, (_, i) => appendTraceRecord(root, minimal(`550e8400-e29b-41d4-a716-4466554400${String(i).padStart(2, '0')}`))));
    const res = await readTraceRecords(join(root, TRACE_FILE));
    assert.equal(res.records.length, 50);
    assert.deepEqual(res.problems, []);
  });

  it('continues from a cursor, leaves a partial last line for later, and resets when the file shrinks', async () => {
    const file = join(root, TRACE_FILE);
    await appendTraceRecord(root, minimal('550e8400-e29b-41d4-a716-446655440001'));
    const first = await readTraceRecords(file);
    const partial = JSON.stringify(minimal('550e8400-e29b-41d4-a716-446655440002'));
    appendFileSync(file, partial.slice(0, 20));
    const second = await readTraceRecords(file, first.cursor);
    assert.equal(second.records.length, 0);
    assert.deepEqual(second.cursor, first.cursor);
    appendFileSync(file, `${partial.slice(20)}\n`);
    const third = await readTraceRecords(file, second.cursor);
    assert.deepEqual(third.records.map((r) => r.line), [2]);
    truncateSync(file, 0);
    await appendTraceRecord(root, minimal('550e8400-e29b-41d4-a716-446655440003'));
    const fourth = await readTraceRecords(file, third.cursor);
    assert.equal(fourth.reset, true);
    assert.equal(fourth.records[0]!.record.id, '550e8400-e29b-41d4-a716-446655440003');
  });

  it('skips invalid lines with one problem each (file, line, field path) and keeps the rest; accepts vendor extras', async () => {
    const file = join(root, TRACE_FILE);
    mkdirSync(join(root, '.agent-trace'));
    const vendor = { ...minimal('cursor-id-1'), version: '1.0', tool: { name: 'cursor' }, extra: { x: 1 }, metadata: { 'dev.cursor': { workspace_id: 'ws' } } };
    const bad = { ...minimal(UUID), files: [{ path: 'a.ts', conversations: [{ ranges: [{ start_line: 0, end_line: 2 }] }] }] };
    writeFileSync(file, [JSON.stringify(minimal(UUID)), '{not json', JSON.stringify(bad), '', JSON.stringify(vendor)].join('\n') + '\n');
    const res = await readTraceRecords(file);
    assert.deepEqual(res.records.map((r) => r.line), [1, 5]);
    assert.equal((res.records[1]!.record as Record<string, unknown>).extra !== undefined, true, 'unknown fields kept');
    assert.equal(res.problems.length, 2);
    assert.equal(res.problems[0]!.file, file);
    assert.equal(res.problems[0]!.range?.start.line, 1);
    assert.match(res.problems[0]!.message, /line 2: not valid JSON/);
    assert.deepEqual(res.problems[1]!.fieldPath, ['files', 0, 'conversations', 0, 'ranges', 0, 'start_line']);
    assert.match(res.problems[1]!.message, /line 3/);
  });

  it('a missing log reads as empty', async () => {
    const res = await readTraceRecords(join(root, TRACE_FILE));
    assert.deepEqual(res.records, []);
  });
});

describe('regions/trace: records → regions', () => {
  const text = ['import x;', 'function a() {', '  return 1;', '}', 'function b() {}', ''].join('\n');
  const li = new LineIndex(text);
  const hashOf = (s: number, e: number) => contentHash(text.split('\n').slice(s - 1, e).join('\n'));
  const rec = (ranges: object[], extra: Partial<TraceRecord> = {}): TraceRecord =>
    ({ version: '0.1.0', id: UUID, timestamp: NOW.toISOString(), tool: { name: 'cursor', version: '2.4.0' }, files: [{ path: 'src/a.ts', conversations: [{ contributor: { type: 'ai', model_id: 'anthropic/claude-opus-4-5' }, ranges }] }], ...extra }) as TraceRecord;
  const empty = { regions: [], tombstones: [] };

  it('imports an ai range whose hash matches at its lines, as a whole-line region', () => {
    const res = regionsFromTraceRecord(rec([{ start_line: 2, end_line: 4, content_hash: hashOf(2, 4) }]), { existing: empty, readText: () => text, method: 'agent-hook', now: NOW });
    assert.equal(res.regions.length, 1);
    const r = res.regions[0]!;
    assert.equal(normText(text, r.range), 'function a() {\n  return 1;\n}');
    assert.deepEqual(r.origin, { tool: 'cursor', model: 'anthropic/claude-opus-4-5', method: 'agent-hook' });
    assert.equal(r.id, importedRegionId(UUID, 'src/a.ts', 2, 4));
    assert.equal(r.traceId, UUID);
  });

  it('follows content that moved since the record (unique hash match), and never guesses otherwise', () => {
    const moved = `// new\n// lines\n${text}`;
    const ok = regionsFromTraceRecord(rec([{ start_line: 2, end_line: 4, content_hash: hashOf(2, 4) }]), { existing: empty, readText: () => moved });
    assert.equal(ok.regions[0]!.range.start.line, 3);
    const gone = regionsFromTraceRecord(rec([{ start_line: 2, end_line: 4, content_hash: contentHash('something else') }]), { existing: empty, readText: () => text });
    assert.equal(gone.regions.length, 0);
    assert.match(gone.skipped[0]!.reason, /no longer in the file/);
  });

  it('trusts positions without a sha256 hash when they exist; skips past-the-end ranges', () => {
    const res = regionsFromTraceRecord(rec([{ start_line: 5, end_line: 5, content_hash: 'murmur3:9f2e8a1b' }, { start_line: 40, end_line: 41 }]), { existing: empty, readText: () => text });
    assert.equal(res.regions.length, 1);
    assert.equal(normText(text, res.regions[0]!.range), 'function b() {}');
    assert.match(res.skipped[0]!.reason, /past the end/);
  });

  it('skips human and unknown contributors, per-range overrides included', () => {
    const r = rec([{ start_line: 2, end_line: 2, contributor: { type: 'human' } }, { start_line: 5, end_line: 5 }]);
    r.files[0]!.conversations[0]!.contributor = { type: 'unknown' };
    r.files[0]!.conversations[0]!.ranges[1]!.contributor = { type: 'mixed', model_id: 'openai/gpt-4o' };
    const res = regionsFromTraceRecord(r, { existing: empty, readText: () => text });
    assert.equal(res.regions.length, 1);
    assert.equal(res.regions[0]!.origin.model, 'openai/gpt-4o');
  });

  it('de-duplicates: same record twice, a tombstoned id, and the same (path, content) already tracked', () => {
    const r = rec([{ start_line: 2, end_line: 4, content_hash: hashOf(2, 4) }]);
    const first = regionsFromTraceRecord(r, { existing: empty, readText: () => text });
    assert.equal(regionsFromTraceRecord(r, { existing: { regions: first.regions, tombstones: [] }, readText: () => text }).regions.length, 0);
    assert.equal(regionsFromTraceRecord(r, { existing: { regions: [], tombstones: [{ id: first.regions[0]!.id, deletedAt: NOW.toISOString() }] }, readText: () => text }).regions.length, 0);
    const tagged = createRegion({ path: 'src/a.ts', range: wholeLineRange(li, 1, 3), origin: ORIGIN, text });
    const other = { ...r, id: '550e8400-e29b-41d4-a716-446655449999' };
    const res = regionsFromTraceRecord(other, { existing: { regions: [tagged], tombstones: [] }, readText: () => text });
    assert.equal(res.regions.length, 0);
    assert.match(res.skipped[0]!.reason, /already tracked/);
  });

  it("skips Redline's own records for regions it tracks, and pseudo-files of other tools", () => {
    const tagged = createRegion({ id: 'r-own', path: 'src/a.ts', range: wholeLineRange(li, 1, 3), origin: ORIGIN, text });
    const own = traceRecordForRegions([{ region: tagged, text }]);
    assert.equal(regionsFromTraceRecord(own, { existing: { regions: [tagged], tombstones: [] }, readText: () => text }).regions.length, 0);
    const shell = { ...rec([{ start_line: 1, end_line: 1 }]), files: [{ path: '.shell-history', conversations: [{ contributor: { type: 'ai' as const }, ranges: [{ start_line: 1, end_line: 1 }] }] }] };
    const shellRes = regionsFromTraceRecord(shell, { existing: empty, readText: (p) => (p === '.shell-history' ? undefined : text) });
    assert.equal(shellRes.regions.length, 0);
    assert.match(shellRes.skipped[0]!.reason, /does not exist/);
    const dotDir = { ...rec([{ start_line: 1, end_line: 1 }]), files: [{ path: '.github/workflows/ci.yml', conversations: [{ contributor: { type: 'ai' as const }, ranges: [{ start_line: 1, end_line: 1 }] }] }] };
    assert.equal(regionsFromTraceRecord(dotDir, { existing: empty, readText: () => text }).regions[0]?.path, '.github/workflows/ci.yml');
    const abs = { ...dotDir, files: [{ ...dotDir.files[0]!, path: '/elsewhere/x.ts' }] };
    assert.match(regionsFromTraceRecord(abs, { existing: empty, readText: () => text, root: '/repo' }).skipped[0]!.reason, /outside the workspace/);
  });
});

describe('regions/trace: hook payloads', () => {
  const root = '/repo';
  const files = new Map<string, string>();
  const ctx = (extra: Partial<HookTraceContext> = {}): HookTraceContext => ({ root, readFile: (p) => files.get(p), now: NOW, id: UUID, ...extra });
  const base = { session_id: 'abc123', transcript_path: '/home/u/.claude/projects/x/abc123.jsonl', cwd: '/repo', permission_mode: 'default', hook_event_name: 'PostToolUse', tool_use_id: 'toolu_01' };

  beforeEach(() => files.clear());

  it('Claude Code Write: the whole file, with the model from the transcript', () => {
    const content = 'export const a = 1;\nexport const b = 2;\n';
    files.set('/repo/src/new.ts', content);
    const transcript = [JSON.stringify({ type: 'user', message: { role: 'user', content: 'hi' } }), JSON.stringify({ type: 'assistant', message: { role: 'assistant', model: 'claude-sonnet-4-20250514', content: [] } })].join('\n');
    const rec = record(claudeHookToTrace({ ...base, tool_name: 'Write', tool_input: { file_path: '/repo/src/new.ts', content }, tool_response: { type: 'create', filePath: '/repo/src/new.ts', content } }, ctx({ readTranscript: () => transcript, revision: 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0' })));
    assert.ok(TraceRecordWriteSchema.safeParse(rec).success);
    assert.equal(rec.files[0]!.path, 'src/new.ts');
    assert.deepEqual(ranges(rec), [[1, 2]]);
    const conv = rec.files[0]!.conversations[0]!;
    assert.deepEqual(conv.contributor, { type: 'ai', model_id: 'anthropic/claude-sonnet-4-20250514' });
    assert.equal(conv.url, 'file:///home/u/.claude/projects/x/abc123.jsonl');
    assert.equal(conv.ranges[0]!.content_hash, contentHash('export const a = 1;\nexport const b = 2;'));
    assert.deepEqual(rec.tool, { name: 'claude-code', version: 'unknown' });
    assert.equal((rec.metadata!['dev.redline'] as Record<string, unknown>).session_id, 'abc123');
    assert.deepEqual(rec.vcs, { type: 'git', revision: 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0' });
  });

  it('Claude Code Edit with tool_response.structuredPatch: exactly the added lines', () => {
    const before = 'a\nb\nc\nd\ne\nf\ng\n';
    const after = 'a\nb\nC1\nC2\nd\ne\nf\ng\n';
    files.set('/repo/x.ts', after);
    const patch = structuredPatch('x.ts', 'x.ts', before, after).hunks;
    assert.deepEqual([...addedLinesFromPatch(patch).keys()], [3, 4]);
    const rec = record(claudeHookToTrace({ ...base, tool_name: 'Edit', tool_input: { file_path: '/repo/x.ts', old_string: 'c\n', new_string: 'C1\nC2\n' }, tool_response: { filePath: '/repo/x.ts', structuredPatch: patch } }, ctx({ model: 'gpt-4o' })));
    assert.deepEqual(ranges(rec), [[3, 4]]);
    assert.equal(rec.files[0]!.conversations[0]!.ranges[0]!.content_hash, contentHash('C1\nC2'));
  });

  it('Claude Code Edit without a patch: old_string located in originalFile; only changed lines count', () => {
    const original = 'function f() {\n  return 1;\n}\nfunction g() {\n  return 1;\n}\n';
    const after = original.replace('function g() {\n  return 1;', 'function g() {\n  return 2;');
    files.set('/repo/x.ts', after);
    const rec = record(claudeHookToTrace({ ...base, tool_name: 'Edit', tool_input: { file_path: '/repo/x.ts', old_string: 'function g() {\n  return 1;', new_string: 'function g() {\n  return 2;' }, tool_response: { originalFile: original } }, ctx()));
    assert.deepEqual(ranges(rec), [[5, 5]]);
  });

  it('Claude Code Edit with only the file on disk: unique new_string located; ambiguous → skipped', () => {
    files.set('/repo/x.ts', 'a\nconst token = sign(user);\nb\n');
    const rec = record(claudeHookToTrace({ ...base, tool_name: 'Edit', tool_input: { file_path: 'x.ts', old_string: 'const token = 1;', new_string: 'const token = sign(user);' } }, ctx()));
    assert.deepEqual(ranges(rec), [[2, 2]]);
    files.set('/repo/y.ts', 'x = 1;\nx = 1;\n');
    const res = claudeHookToTrace({ ...base, tool_name: 'Edit', tool_input: { file_path: '/repo/y.ts', old_string: 'x = 0;', new_string: 'x = 1;' } }, ctx());
    assert.equal(res.kind, 'skipped');
    assert.match((res as { reason: string }).reason, /several times/);
  });

  it('Claude Code MultiEdit: every edit located in the final file', () => {
    files.set('/repo/m.ts', 'one\nTWO\nthree\nFOUR\n');
    const rec = record(claudeHookToTrace({ ...base, tool_name: 'MultiEdit', tool_input: { file_path: '/repo/m.ts', edits: [{ old_string: 'two', new_string: 'TWO' }, { old_string: 'four', new_string: 'FOUR' }] } }, ctx()));
    assert.deepEqual(ranges(rec), [[2, 2], [4, 4]]);
  });

  it('skips other tools, other events, and files outside the workspace', () => {
    assert.equal(claudeHookToTrace({ ...base, tool_name: 'Bash', tool_input: { command: 'ls' } }, ctx()).kind, 'skipped');
    assert.equal(claudeHookToTrace({ ...base, hook_event_name: 'PreToolUse', tool_name: 'Write', tool_input: { file_path: '/repo/a', content: 'x' } }, ctx()).kind, 'skipped');
    files.set('/etc/passwd', 'root:x:0:0\n');
    const out = claudeHookToTrace({ ...base, tool_name: 'Write', tool_input: { file_path: '/etc/passwd', content: 'root:x:0:0\n' } }, ctx());
    assert.equal(out.kind, 'skipped');
    assert.match((out as { reason: string }).reason, /outside the workspace/);
  });

  it('invalid payloads throw a HookPayloadError naming the field', () => {
    assert.throws(
      () => claudeHookToTrace({ ...base, tool_name: 'Edit', tool_input: { file_path: '/repo/x.ts', new_string: 3 } }, ctx()),
      (e: unknown) => e instanceof HookPayloadError && /old_string/.test(e.message) && /new_string/.test(e.message),
    );
    assert.throws(() => hookPayloadToTrace({ hello: 'world' }, ctx()), /unrecognized hook payload/);
    assert.throws(() => hookPayloadToTrace([], ctx()), HookPayloadError);
  });

  it('VS Code agent hook payloads: create_file, replace_string_in_file, multi_replace_string_in_file', () => {
    const common = { timestamp: '2026-02-09T10:30:00.000Z', cwd: '/repo', sessionId: 's-1', hookEventName: 'PostToolUse', tool_use_id: 'tool-123' };
    files.set('/repo/src/c.ts', 'const c = 1;\n');
    const created = record(vscodeHookToTrace({ ...common, tool_name: 'create_file', tool_input: { filePath: '/repo/src/c.ts', content: 'const c = 1;\n' } }, ctx({ model: 'gpt-4o' })));
    assert.deepEqual(ranges(created), [[1, 1]]);
    assert.equal(created.tool?.name, 'vscode');
    files.set('/repo/src/d.ts', 'a\nb = 2\nc\n');
    const replaced = record(hookPayloadToTrace({ ...common, tool_name: 'replace_string_in_file', tool_input: { filePath: '/repo/src/d.ts', oldString: 'b = 1', newString: 'b = 2' } }, ctx()));
    assert.deepEqual(ranges(replaced), [[2, 2]]);
    const multi = record(vscodeHookToTrace({ ...common, tool_name: 'multi_replace_string_in_file', tool_input: { replacements: [{ filePath: '/repo/src/c.ts', oldString: 'x', newString: 'const c = 1;' }, { filePath: '/repo/src/d.ts', oldString: 'c0', newString: 'c' }] } }, ctx()));
    assert.deepEqual(multi.files.map((f) => f.path), ['src/c.ts', 'src/d.ts']);
    assert.equal(vscodeHookToTrace({ ...common, tool_name: 'editFiles', tool_input: { files: ['src/main.ts'] } }, ctx()).kind, 'skipped');
  });

  it('the generic payload: content (whole file), new_string (located) or explicit ranges', () => {
    files.set('/repo/g.py', 'def f():\n    return 1\n');
    assert.deepEqual(ranges(record(genericHookToTrace({ file_path: 'g.py', content: 'def f():\n    return 1\n', tool: 'aider', model: 'gpt-4o' }, ctx()))), [[1, 2]]);
    assert.deepEqual(ranges(record(genericHookToTrace({ file_path: '/repo/g.py', new_string: '    return 1' }, ctx()))), [[2, 2]]);
    const explicit = record(hookPayloadToTrace({ file_path: '/repo/g.py', ranges: [{ start_line: 1, end_line: 1 }], tool: 'aider', tool_version: '0.80' }, ctx()));
    assert.deepEqual(ranges(explicit), [[1, 1]]);
    assert.deepEqual(explicit.tool, { name: 'aider', version: '0.80' });
  });

  it('modelFromTranscript reads the last assistant model', () => {
    const t = [JSON.stringify({ message: { model: 'claude-opus-4-1' } }), JSON.stringify({ message: { model: 'claude-sonnet-4-5' } }), 'garbage'].join('\n');
    assert.equal(modelFromTranscript(t), 'claude-sonnet-4-5');
    assert.equal(modelFromTranscript(''), undefined);
  });
});
