/**
 * The Worker bundle reads replies through src/core/compromise-on-workers.ts (wrangler.toml [alias]), which loads
 * compromise on first use instead of at startup. This bundles the reply grammar the way wrangler does (esbuild,
 * the alias from wrangler.toml) and checks that it reads sentences exactly as the grammar with compromise
 * imported directly, and that compromise is not evaluated until the first sentence is read.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { tmpdir } from 'node:os';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { clausesOf } from '../../src/core/language/reply-grammar.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SENTENCES = [
  'I will send the evaluation report by Friday.',
  'The team has scheduled the meeting for March 3.',
  "If you can't make it, let me know and we'll find another time.",
  'Attached: the signed consent form.',
];

describe('compromise on Workers', () => {
  it('wrangler.toml aliases compromise to the lazy stand-in', () => {
    const toml = readFileSync(resolve(ROOT, 'wrangler.toml'), 'utf8');
    expect(toml).toMatch(/^"compromise" = "\.\/src\/core\/compromise-on-workers\.ts"$/m);
  });

  it('reads sentences as compromise imported directly does, and loads compromise only on the first read', async () => {
    const dir = mkdtempSync(resolve(tmpdir(), 'compromise-lazy-'));
    const entry = resolve(dir, 'entry.ts');
    writeFileSync(entry, `export { clausesOf } from ${JSON.stringify(resolve(ROOT, 'src/core/language/reply-grammar.ts'))};\n`);
    const out = resolve(dir, 'bundle.mjs');
    await build({
      entryPoints: [entry],
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      mainFields: ['module', 'main'],
      alias: { compromise: resolve(ROOT, 'src/core/compromise-on-workers.ts') },
      outfile: out,
      logLevel: 'silent',
      // A probe at the top of compromise's entry module: set when (and only when) the library is evaluated.
      plugins: [
        {
          name: 'probe',
          setup(b) {
            b.onLoad({ filter: /compromise[\\/]src[\\/]three\.js$/ }, (args) => ({
              contents: `globalThis.__compromiseProbe = true;\n` + readFileSync(args.path, 'utf8'),
              resolveDir: dirname(args.path),
              loader: 'js',
            }));
          },
        },
      ],
    });
    const g = globalThis as { __compromiseProbe?: boolean };
    delete g.__compromiseProbe;
    const bundled = (await import(pathToFileURL(out).href)) as { clausesOf: typeof clausesOf };
    expect(g.__compromiseProbe).toBeUndefined();
    for (const s of SENTENCES) expect(bundled.clausesOf(s)).toEqual(clausesOf(s));
    expect(g.__compromiseProbe).toBe(true);
    rmSync(dir, { recursive: true, force: true });
  });
});
