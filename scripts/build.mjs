// One esbuild step for every shipped artifact (client, server, worker, CLI), plus the
// runtime assets they load from dist/: tree-sitter and RE2 wasm files and the built-in rule catalog.
// Usage: node scripts/build.mjs [--watch] [--minify]
import * as esbuild from 'esbuild';
import { mkdirSync, rmSync, readdirSync, statSync, copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import YAML from 'yaml';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const watch = process.argv.includes('--watch');
const minify = process.argv.includes('--minify') || process.env.REDLINE_MINIFY === '1';
const dist = join(root, 'dist');

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

/**
 * Copies the built-in rule catalog: exactly `rules/<category>/<name>.yaml` (fixture folders
 * beside them stay out), without the `samples` self-tests, which look like real credentials and
 * must not ship (the repository keeps them; tests run them).
 */
function copyRules() {
  const src = join(root, 'rules');
  for (const category of readdirSync(src)) {
    const dir = join(src, category);
    if (!statSync(dir).isDirectory()) continue;
    for (const name of readdirSync(dir)) {
      if (!name.endsWith('.yaml') || !statSync(join(dir, name)).isFile()) continue;
      const doc = YAML.parseDocument(readFileSync(join(dir, name), 'utf8'));
      const strip = (node) => {
        if (YAML.isMap(node)) {
          node.delete('samples');
          for (const pair of node.items) strip(pair.value);
        } else if (YAML.isSeq(node)) for (const item of node.items) strip(item);
      };
      strip(doc.contents);
      const out = join(dist, 'rules', category, name);
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, doc.toString({ lineWidth: 0 }));
    }
  }
}

function copyAssets() {
  copyFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm'), join(dist, 'web-tree-sitter.wasm'));
  copyFileSync(join(dirname(require.resolve('tree-sitter-python/package.json')), 'tree-sitter-python.wasm'), join(dist, 'tree-sitter-python.wasm'));
  // RE2 for custom rules (linear-time matching); re2-wasm loads it from the bundle's folder.
  copyFileSync(join(dirname(require.resolve('re2-wasm/package.json')), 'build', 'wasm', 're2.wasm'), join(dist, 're2.wasm'));
  copyRules();
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // Prefer ESM entry points: jsonc-parser's UMD build cannot be bundled.
  mainFields: ['module', 'main'],
  sourcemap: true,
  minify,
  logLevel: 'warning',
  legalComments: 'linked',
  // web-tree-sitter probes for these in browsers only.
  external: ['vscode'],
  // ESM dependencies (fdir, web-tree-sitter) read import.meta.url; CJS bundles need a shim.
  banner: { js: "const __import_meta_url = require('url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__import_meta_url', __REDLINE_VERSION__: JSON.stringify(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version) },
};

const entries = [
  { entryPoints: { client: join(root, 'client/src/extension.ts') } },
  { entryPoints: { server: join(root, 'server/src/lsp/main.ts') } },
  { entryPoints: { worker: join(root, 'server/src/worker/main.ts') } },
  { entryPoints: { cli: join(root, 'server/src/cli/main.ts') }, banner: { js: "#!/usr/bin/env node\nconst __import_meta_url = require('url').pathToFileURL(__filename).href;" } },
];

copyAssets();
if (watch) {
  for (const e of entries) {
    const ctx = await esbuild.context({ ...common, ...e, outdir: dist });
    await ctx.watch();
  }
  console.log('watching…');
} else {
  await Promise.all(entries.map((e) => esbuild.build({ ...common, ...e, outdir: dist })));
  const { chmodSync } = await import('node:fs');
  const { execFileSync } = await import('node:child_process');
  chmodSync(join(dist, 'cli.js'), 0o755);
  // JSON Schema for .redline.json (contributes.jsonValidation), from the same zod schema.
  writeFileSync(join(dist, 'redline.schema.json'), execFileSync(process.execPath, [join(dist, 'cli.js'), 'schema']));
}
