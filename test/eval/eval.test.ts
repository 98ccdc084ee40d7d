import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

// A regression guard on the labelled corpus: the issue's targets, measured by `npm run eval`'s own script.
// `node --import tsx` rather than `npx tsx`: one process instead of three (npx, the tsx CLI, the node it starts).
it('npm run eval meets the targets on the labelled corpus', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'test/eval/run.ts'], { encoding: 'utf8', maxBuffer: 8 << 20 });
  const num = (re: RegExp) => Number(re.exec(stdout)?.[1]);
  expect(num(/precision=([\d.]+)/)).toBeGreaterThanOrEqual(0.95);
  expect(num(/recall=([\d.]+)/)).toBeGreaterThanOrEqual(0.9);
  expect(num(/status accuracy=([\d.]+)/)).toBeGreaterThanOrEqual(0.9);
  expect(num(/due dates exact=([\d.]+)/)).toBeGreaterThanOrEqual(0.95);
  expect(num(/drafts passing every rule=([\d.]+)/)).toBe(1);
}, 120_000);
