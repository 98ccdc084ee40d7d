/**
 * `npm run bench:import-cli`: what a user waits for and what the machine holds when they import an archive into
 * the embedded default. Same run, alternating, on the same generated mbox (import.bench.ts's generator):
 *
 *   - bare: `node` running a bare mailparser parse of every message (line splitter + simpleParser), process
 *     start included;
 *   - ours: `node dist/import.js --mail … --account … --school …` (compiled, built first when stale) with
 *     DATA_DIR an existing, empty data folder (initialised once beforehand, as `npm start` leaves it), process
 *     start, database start, migrations and the import included.
 *
 * For each: wall time from spawn to exit (median of the runs), and for ours the peak RSS and PSS of the whole
 * process tree (node and the PostgreSQL server's processes), sampled every 100 ms; the ratio ours / bare.
 *
 *   npm run bench:import-cli [-- --messages 10000] [--runs 2] [--base DIR]
 *
 * `--base DIR`: also run DIR's dist/import.js (another checkout, e.g. the previous commit, built) in the same
 * runs, for an A/B of a change.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { bareParse, median, runNode, type Run } from './cli-run.js';

const { values: args } = parseArgs({ options: { messages: { type: 'string', default: '10000' }, runs: { type: 'string', default: '2' }, base: { type: 'string' } } });
const ACCOUNT = 'dana.rivera@gmail.com'; // the generator's parent
const SCHOOL = 'k12.ca.us'; // the generator's school domains

execFileSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { stdio: 'inherit' });
const dir = await mkdtemp(join(tmpdir(), 'ft-import-cli-'));
try {
  const mbox = join(dir, 'mail.mbox');
  const empty = join(dir, 'empty.mbox');
  await writeFile(empty, '');
  execFileSync(process.execPath, ['--import', import.meta.resolve('tsx'), new URL('./import.bench.ts', import.meta.url).pathname, '--phase', 'generate', '--file', mbox, '--messages', args.messages], { stdio: 'inherit' });
  const bare: Run[] = [];
  const ours: Run[] = [];
  const base: Run[] = [];
  const importInto = async (dataDir: string, cwd: string, into: Run[], label: string) => {
    // An existing, empty data folder: the cluster initialised and migrated by a first import of an empty file.
    const env = { DATABASE_URL: '', DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
    await runNode(['dist/import.js', '--mail', empty, '--account', ACCOUNT, '--school', SCHOOL], { env, cwd });
    const r = await runNode(['--enable-source-maps', 'dist/import.js', '--mail', mbox, '--account', ACCOUNT, '--school', SCHOOL], { env, sample: true, cwd });
    into.push(r);
    console.log(`  ${label} ${(r.ms / 1000).toFixed(2)} s, peak tree ${r.peak!.rssMb} MB RSS (node ${r.peak!.rootRssMb} MB, ${r.peak!.processes} processes) / ${r.peak!.pssMb} MB PSS (${r.out})`);
  };
  for (let i = 0; i < Number(args.runs); i++) {
    console.log(`run ${i + 1}:`);
    bare.push(await bareParse(mbox));
    console.log(`  bare ${(bare.at(-1)!.ms / 1000).toFixed(2)} s (${bare.at(-1)!.out})`);
    await importInto(join(dir, `data-${i}`), process.cwd(), ours, 'ours');
    if (args.base) await importInto(join(dir, `base-${i}`), args.base, base, `base (${args.base})`);
  }
  const b = median(bare.map((r) => r.ms));
  const o = median(ours.map((r) => r.ms));
  const peakRss = Math.max(...ours.map((r) => r.peak!.rssMb));
  const peakPss = Math.max(...ours.map((r) => r.peak!.pssMb));
  console.log(
    `${args.messages} messages: bare parse ${(b / 1000).toFixed(2)} s, import ${(o / 1000).toFixed(2)} s (both from process spawn to exit, median of ${args.runs}): ${(o / b).toFixed(2)}× (target ≤ 1.0×); ` +
      `peak tree ${peakRss} MB RSS, ${peakPss} MB PSS (target ≤ 400 MB)`,
  );
  if (base.length) {
    const a = median(base.map((r) => r.ms));
    console.log(`base: ${(a / 1000).toFixed(2)} s, ${(a / b).toFixed(2)}× bare; peak tree ${Math.max(...base.map((r) => r.peak!.rssMb))} MB RSS, ${Math.max(...base.map((r) => r.peak!.pssMb))} MB PSS`);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
