import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AnchorSchema, contentHash, createRegion, RegionSchema, TraceRecordSchema, TraceRecordWriteSchema } from '../../../server/src/regions';
import { ORIGIN } from './helpers';

/** Agent Trace README §6.2 "Example Trace Record" (github.com/cursor/agent-trace). */
const SPEC_EXAMPLE = {
  version: '0.1.0',
  id: '550e8400-e29b-41d4-a716-446655440000',
  timestamp: '2026-01-23T14:30:00Z',
  vcs: { type: 'git', revision: 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0' },
  tool: { name: 'cursor', version: '2.4.0' },
  files: [
    {
      path: 'src/utils/parser.ts',
      conversations: [
        {
          url: 'https://api.cursor.com/v1/conversations/12345',
          contributor: { type: 'ai', model_id: 'anthropic/claude-opus-4-5-20251101' },
          ranges: [{ start_line: 42, end_line: 67, content_hash: 'murmur3:9f2e8a1b' }],
          related: [{ type: 'session', url: 'https://api.cursor.com/v1/sessions/67890' }],
        },
      ],
    },
  ],
  metadata: { confidence: 0.95, 'dev.cursor': { workspace_id: 'ws-abc123' } },
};

describe('regions/schema', () => {
  it('accepts the spec example and the minimal record (Appendix A) with both reader and writer schemas', () => {
    assert.ok(TraceRecordSchema.safeParse(SPEC_EXAMPLE).success);
    assert.ok(TraceRecordWriteSchema.safeParse(SPEC_EXAMPLE).success);
    const minimal = { version: '0.1.0', id: '550e8400-e29b-41d4-a716-446655440000', timestamp: '2026-01-25T10:00:00Z', files: [{ path: 'src/app.ts', conversations: [{ contributor: { type: 'ai' }, ranges: [{ start_line: 1, end_line: 50 }] }] }] };
    assert.ok(TraceRecordSchema.safeParse(minimal).success);
  });

  it('reader is lenient (X.Y version, extra fields, tool without version); writer is strict', () => {
    const vendor = { ...SPEC_EXAMPLE, version: '1.0', tool: { name: 'x' }, vendor_extra: true };
    assert.ok(TraceRecordSchema.safeParse(vendor).success);
    assert.equal(TraceRecordWriteSchema.safeParse(vendor).success, false);
    assert.equal(TraceRecordSchema.safeParse({ ...SPEC_EXAMPLE, files: [{ path: 'a', conversations: [{ ranges: [{ start_line: 0, end_line: 1 }] }] }] }).success, false, 'lines are 1-based');
  });

  it('created regions satisfy the index schema; hashes are sha256:<hex>', () => {
    const text = 'a\r\nb\r\nc\r\n';
    const r = createRegion({ path: 'src/a.ts', range: { start: { line: 0, character: 0 }, end: { line: 1, character: 1 } }, origin: ORIGIN, text });
    assert.ok(RegionSchema.safeParse(r).success, JSON.stringify(RegionSchema.safeParse(r).error?.issues));
    assert.ok(AnchorSchema.safeParse(r.anchor).success);
    assert.equal(r.contentHash, contentHash('a\nb'));
    assert.match(r.contentHash, /^sha256:[0-9a-f]{64}$/);
    assert.equal(RegionSchema.safeParse({ ...r, path: '../etc/passwd' }).success, false);
    assert.equal(RegionSchema.safeParse({ ...r, range: { start: { line: 2, character: 0 }, end: { line: 1, character: 0 } } }).success, false);
  });

  it('server/src/regions imports neither vscode nor vscode-languageserver', () => {
    const dir = join(__dirname, '..', '..', '..', 'server', 'src', 'regions');
    for (const f of readdirSync(dir)) {
      const src = readFileSync(join(dir, f), 'utf8');
      assert.ok(!/from ['"]vscode/.test(src) && !/require\(['"]vscode/.test(src), `${f} imports an editor package`);
      assert.ok(!/from ['"]\.\.\/(lsp|cli|host|worker)\//.test(src), `${f} imports a host layer`);
    }
  });
});
