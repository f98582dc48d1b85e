/**
 * Child process for the concurrency test of the region index store: adds `count` regions one
 * save at a time (each save re-reads, merges and writes under the lock), and removes every
 * fifth one it added right after. Usage: node --import tsx concurrent-writer.ts <root> <writer> <count>
 */
import { createRegion, RegionIndexStore, type RegionIndex } from '../../../server/src/regions';

async function main(): Promise<void> {
  const [root, writer, countArg] = process.argv.slice(2);
  const count = Number(countArg);
  const store = new RegionIndexStore(root!, { lockTimeoutMs: 60_000 });
  let local: RegionIndex = (await store.load()).index;
  const text = 'line one\nline two\nline three\n';
  for (let i = 0; i < count; i++) {
    const region = createRegion({
      id: `w${writer}-${i}`,
      path: `src/w${writer}.ts`,
      range: { start: { line: i % 3, character: 0 }, end: { line: i % 3, character: 4 } },
      origin: { tool: 'test', method: 'manual' },
      text,
    });
    local = { ...local, regions: [...local.regions, region] };
    local = (await store.save(local)).index;
    if (i % 5 === 4) {
      local = { regions: local.regions.filter((r) => r.id !== region.id), tombstones: [...local.tombstones, { id: region.id, deletedAt: new Date().toISOString() }] };
      local = (await store.save(local)).index;
    }
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
