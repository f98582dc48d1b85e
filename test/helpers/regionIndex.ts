import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { parseRegionIndex, type Region } from '../../server/src/regions';
import { RegionIndexFileSchema } from '../../server/src/regions/schema';

/**
 * Reads a region index file and asserts it is intact: valid JSON, matching the zod schema of
 * the file format, and loading without problems. Returns its regions by id. `when` prefixes
 * every assertion message (e.g. "after kill 3").
 */
export function readIntactIndex(file: string, when: string): Map<string, Region> {
  const text = readFileSync(file, 'utf8');
  let raw: unknown;
  assert.doesNotThrow(() => (raw = JSON.parse(text)), `${when}: regions.json is JSON`);
  const schema = RegionIndexFileSchema.safeParse(raw);
  assert.ok(schema.success, `${when}: regions.json matches the zod schema: ${schema.error?.message}`);
  const parsed = parseRegionIndex(file, text);
  assert.deepEqual(parsed.problems, [], `${when}: regions.json loads without problems`);
  return new Map(parsed.index!.regions.map((r) => [r.id, r]));
}
