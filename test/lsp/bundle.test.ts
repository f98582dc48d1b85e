import { strict as assert } from 'node:assert';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/fixtures';

/**
 * The server's main thread answers LSP requests and hands analysis to the worker (dist/worker.js);
 * it never parses. Loading TypeScript there cost ~50 MB of RSS per server and slowed start-up,
 * and one import of the analysis module from region code was enough to pull it in. The built
 * bundles say which code each thread loads.
 */
describe('what each thread of the language server loads', () => {
  const bundle = (name: string) => readFileSync(join(ROOT, 'dist', name), 'utf8');

  it('the main thread (dist/server.js) holds neither TypeScript nor tree-sitter', () => {
    const server = bundle('server.js');
    assert.ok(!server.includes('function createSourceFile('), 'TypeScript is not bundled into dist/server.js');
    assert.ok(!/web-tree-sitter/.test(server), 'tree-sitter is not bundled into dist/server.js');
    assert.ok(statSync(join(ROOT, 'dist', 'server.js')).size < 4_000_000, 'dist/server.js stays small (protocol, settings, regions)');
  });

  it('the analysis worker (dist/worker.js) does', () => {
    assert.ok(bundle('worker.js').includes('function createSourceFile('));
  });
});
