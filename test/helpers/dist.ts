/**
 * The compiled runtime (scripts/build.mjs: esbuild bundles into dist/), as `npm start` and `npm run analyze` run it.
 * Tests that start the service or a CLI command as a real process start dist/<entry>.js with plain `node`: a start
 * costs about a third of `node --import tsx <source>` (no transpiling of the source on every spawn). The vitest
 * globalSetup (test/helpers/embedded-global.ts) rebuilds dist/ when a source it was built from is newer.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const ROOT = new URL('../../', import.meta.url).pathname;

/** The node arguments that run a built entry (`node`, `import`, `analyze`), source maps on as in package.json. */
export function distArgs(entry: 'node' | 'import' | 'analyze'): string[] {
  return ['--enable-source-maps', `${ROOT}dist/${entry}.js`];
}

/** Builds dist/ unless it is up to date with every source the last build read (the same check as `npm start`). */
export async function buildDistIfStale(): Promise<void> {
  await promisify(execFile)(process.execPath, [`${ROOT}scripts/build.mjs`, '--if-stale'], { cwd: ROOT });
}
