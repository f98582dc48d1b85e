import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DEFAULTS, EditorSettingsSchema, resolveConfig } from '../../server/src/engine/config';
import { Commands } from '../../server/src/protocol/messages';
import { ROOT } from '../helpers/fixtures';

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  enum?: unknown[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, { type: string; default: unknown; enum?: string[] }> }; commands: { command: string }[] };
};
const contributed = manifest.contributes.configuration.properties;

/** Leaf setting keys of the zod schema, flattened the way VS Code names them (`redline.analysis.debounceMs`). */
function leaves(schema: JsonSchema, prefix: string, out: Map<string, JsonSchema>): Map<string, JsonSchema> {
  for (const [k, v] of Object.entries(schema.properties ?? {})) {
    const key = `${prefix}.${k}`;
    const inner = v.anyOf?.find((x) => x.type !== 'null') ?? v;
    if (inner.type === 'object' && inner.properties && inner.additionalProperties === false && !['domains'].includes(k)) leaves(inner, key, out);
    else out.set(key, inner);
  }
  return out;
}

function setAt(obj: Record<string, unknown>, path: string[], value: unknown): void {
  let cur = obj;
  for (const p of path.slice(0, -1)) cur = (cur[p] ??= {}) as Record<string, unknown>;
  cur[path.at(-1)!] = value;
}

/** package.json's contributes.configuration is checked against the one zod schema of the settings. */
describe('extension manifest', () => {
  const schemaLeaves = leaves(z.toJSONSchema(EditorSettingsSchema, { io: 'input' }) as JsonSchema, 'redline', new Map());

  it('contributes exactly the settings the schema defines', () => {
    assert.deepEqual([...Object.keys(contributed)].sort(), [...schemaLeaves.keys()].sort());
  });

  it('every contributed default validates and equals the engine default', () => {
    const settings: Record<string, unknown> = {};
    for (const [key, spec] of Object.entries(contributed)) setAt(settings, key.split('.').slice(1), spec.default);
    const parsed = EditorSettingsSchema.safeParse(settings);
    assert.ok(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues));
    const resolved = resolveConfig(parsed.data);
    const { domains: _d, ...restResolved } = resolved;
    const { domains: _e, ...restDefaults } = DEFAULTS;
    assert.deepEqual(restResolved, restDefaults);
  });

  it('types and enums agree', () => {
    for (const [key, spec] of Object.entries(contributed)) {
      const leaf = schemaLeaves.get(key)!;
      const type = Array.isArray(leaf.type) ? leaf.type.find((t) => t !== 'null') : leaf.type;
      assert.equal(spec.type, type, key);
      if (leaf.enum) assert.deepEqual(spec.enum, leaf.enum, key);
    }
  });

  it('contributes every server command the client exposes', () => {
    const ids = manifest.contributes.commands.map((c) => c.command);
    assert.ok(ids.includes(Commands.scanWorkspace));
  });
});
