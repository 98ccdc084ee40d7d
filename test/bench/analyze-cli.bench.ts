/**
 * `npm run bench:analyze`: what a user waits for when they run `npm run analyze` on an archive. Same run,
 * alternating, on the same mbox:
 *
 *   - bare: `node` running a bare mailparser parse of every message (cli-run.ts), process start included;
 *   - ours: `node dist/analyze.js --mail … --parent … --school … --state CA --now …` (compiled, built first when
 *     stale), from spawn to exit: process start, reading the archive, the whole pipeline and writing the JSON.
 *
 * Reported per size: the medians, the ratio ours / bare (issue 16 aims at ≤ 1.0×), and ours' peak tree RSS.
 *
 *   npm run bench:analyze [-- --messages 4000,10000] [--runs 2] [--corpus]
 *
 * The mbox is import.bench.ts's generated one (seed 1), or with --corpus the realistic one (realistic-mbox.ts: the
 * own corpus and the real-world dev cases repeated; their parents and schools passed together).
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { bareParse, median, runNode, type Run } from './cli-run.js';
import { writeRealisticMbox, type AnalyzeParties } from './realistic-mbox.js';

const { values: args } = parseArgs({ options: { messages: { type: 'string', default: '4000,10000' }, runs: { type: 'string', default: '2' }, corpus: { type: 'boolean', default: false } } });
const NOW = '2026-06-01T12:00:00-07:00';
const GENERATED: AnalyzeParties = { parents: ['dana.rivera@gmail.com'], school: ['k12.ca.us'] }; // import.bench.ts's generator

execFileSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { stdio: 'inherit' });
const dir = await mkdtemp(join(tmpdir(), 'ft-analyze-cli-'));
try {
  for (const size of args.messages.split(',').map(Number)) {
    const mbox = join(dir, `mail-${size}.mbox`);
    let parties = GENERATED;
    if (args.corpus) parties = await writeRealisticMbox(mbox, size, NOW);
    else execFileSync(process.execPath, ['--import', import.meta.resolve('tsx'), new URL('./import.bench.ts', import.meta.url).pathname, '--phase', 'generate', '--file', mbox, '--messages', String(size)], { stdio: 'inherit' });
    const argv = ['--enable-source-maps', 'dist/analyze.js', '--mail', mbox, '--parent', parties.parents.join(','), '--school', parties.school.join(','), '--state', 'CA', '--now', NOW];
    const bare: Run[] = [];
    const ours: Run[] = [];
    const output = join(dir, 'analysis.json');
    for (let i = 0; i < Number(args.runs); i++) {
      // Alternate which goes first, so a drift in the machine's load does not favour one.
      const order = i % 2 === 0 ? (['bare', 'ours'] as const) : (['ours', 'bare'] as const);
      for (const side of order) {
        if (side === 'bare') bare.push(await bareParse(mbox));
        else ours.push(await runNode(argv, { env: { LOG_LEVEL: 'warn' }, sample: true, stdoutFile: output }));
      }
      const o = ours.at(-1)!;
      console.log(`  ${size} run ${i + 1}: bare ${(bare.at(-1)!.ms / 1000).toFixed(2)} s (${bare.at(-1)!.out}), analyze ${(o.ms / 1000).toFixed(2)} s, peak tree ${o.peak!.rssMb} MB RSS, ${((await stat(output)).size / 1e6).toFixed(1)} MB of JSON`);
    }
    const b = median(bare.map((r) => r.ms));
    const o = median(ours.map((r) => r.ms));
    console.log(`${size} messages${args.corpus ? ' (realistic)' : ''}: bare parse ${(b / 1000).toFixed(2)} s, analyze ${(o / 1000).toFixed(2)} s (both from process spawn to exit, median of ${args.runs}): ${(o / b).toFixed(2)}× (aim ≤ 1.0×); peak ${Math.max(...ours.map((r) => r.peak!.rssMb))} MB RSS`);
    await rm(mbox, { force: true });
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
