/**
 * Child process for test/unit/regions/kill-write.test.ts: loads the region index of `root` and
 * saves it again and again through RegionIndexStore, adding one region per save, and reports
 * each save once it has resolved (`{ type: 'acked', id }`: that region is on disk).
 *
 * With a phase other than `loop`, after `armAfter` acknowledged saves the next save stops at that
 * point of the write and reports `{ type: 'at', phase, id }`; the parent then kills it (SIGKILL).
 * The hooks wrap `fs.promises`, which index-store.ts calls through:
 *
 * - `lock-record`: the lock's owner record is in its temp file, not yet linked as the lock;
 * - `lock-empty`: on a file system without hard links (`link` fails with EPERM here), the lock
 *   file was just created (O_EXCL) and is still empty;
 * - `lock-held`: the lock holds this process's pid, nothing written yet;
 * - `temp-partial`: half of the new index is in the temp file;
 * - `temp-written`: the temp file is complete and fsync'ed, not yet renamed;
 * - `renamed`: the temp file replaced the index, the lock is still held.
 *
 * Usage: node --import tsx kill-writer.ts <root> <phase|loop> <id-prefix> [armAfter]
 */
import { promises as fsp, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { LineIndex } from '../../../server/src/engine/text';
import { createRegion, RegionIndexStore, type RegionIndex } from '../../../server/src/regions';

type Phase = 'loop' | 'lock-record' | 'lock-empty' | 'lock-held' | 'temp-partial' | 'temp-written' | 'renamed';

async function main(): Promise<void> {
  const [root, phaseArg, prefix, armAfterArg] = process.argv.slice(2);
  const phase = phaseArg as Phase;
  const armAfter = Number(armAfterArg ?? 0);
  const store = new RegionIndexStore(root!, { lockTimeoutMs: 60_000 });
  const text = readFileSync(join(root!, 'src', 'big.ts'), 'utf8');
  const lines = new LineIndex(text);
  const send = (msg: object) => new Promise<void>((resolve) => process.send!(msg, () => resolve()));
  let armed = false;
  let pending = '';
  const stop = async (): Promise<never> => {
    await send({ type: 'at', phase, id: pending });
    return new Promise<never>(() => undefined); // wait here for SIGKILL
  };
  const isTemp = (p: unknown) => typeof p === 'string' && basename(p).startsWith('.regions.json.tmp-');

  // The same object index-store.ts calls through (`fs.promises`), made writable for the hooks.
  const hooks = fsp as unknown as { open: typeof fsp.open; rename: typeof fsp.rename; readdir: typeof fsp.readdir; link: typeof fsp.link };
  const open = fsp.open.bind(fsp);
  const link = fsp.link.bind(fsp);
  const rename = fsp.rename.bind(fsp);
  const readdir = fsp.readdir.bind(fsp);
  if (phase === 'lock-record') {
    hooks.link = (async (from: string, to: string) => {
      if (armed && to === store.lockFile) await stop();
      return link(from, to);
    }) as typeof fsp.link;
  } else if (phase === 'lock-empty') {
    hooks.link = (async () => {
      throw Object.assign(new Error('EPERM: operation not permitted, link'), { code: 'EPERM' });
    }) as typeof fsp.link;
    hooks.open = (async (p: string, flags?: string, mode?: number) => {
      const h = await open(p, flags, mode);
      if (armed && p === store.lockFile) await stop();
      return h;
    }) as typeof fsp.open;
  } else if (phase === 'lock-held') {
    // update() lists the directory (abandoned temp files) right after taking the lock.
    hooks.readdir = (async (...a: Parameters<typeof fsp.readdir>) => {
      if (armed) await stop();
      return readdir(...a);
    }) as typeof fsp.readdir;
  } else if (phase === 'temp-partial') {
    hooks.open = (async (p: string, flags?: string, mode?: number) => {
      const h = await open(p, flags, mode);
      if (armed && isTemp(p)) {
        const writeFile = h.writeFile.bind(h);
        h.writeFile = (async (data: string) => {
          await h.write(data.slice(0, Math.floor(data.length / 2)));
          await h.sync();
          await stop();
          return writeFile(data);
        }) as typeof h.writeFile;
      }
      return h;
    }) as typeof fsp.open;
  } else if (phase === 'temp-written' || phase === 'renamed') {
    hooks.rename = (async (from: string, to: string) => {
      if (armed && isTemp(from) && phase === 'temp-written') await stop();
      await rename(from, to);
      if (armed && isTemp(from) && phase === 'renamed') await stop();
    }) as typeof fsp.rename;
  }

  const loaded = await store.load();
  let local: RegionIndex = loaded.index;
  await send({ type: 'loaded', problems: loaded.problems, regions: local.regions.length });
  for (let i = 0; ; i++) {
    if (phase !== 'loop' && i === armAfter) armed = true;
    pending = `${prefix}-${i}`;
    const line = 1 + ((i * 3) % (lines.lineCount - 2));
    const region = createRegion({ id: pending, path: 'src/big.ts', range: { start: { line, character: 0 }, end: { line, character: 12 } }, origin: { tool: 'test', method: 'manual' }, text: lines });
    local = (await store.save({ ...local, regions: [...local.regions, region] })).index;
    await send({ type: 'acked', id: pending });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
