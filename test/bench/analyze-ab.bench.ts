/**
 * `analyze` A/B: this checkout against another one (the baseline), on the same mbox, in the same run,
 * alternating, so load on the machine falls on both sides alike. Issue 10's budget: this checkout's analyze
 * CPU ≤ 1.2× the baseline's (commit 0f99a0b, before the reply reader was rebuilt on compromise).
 *
 *   git worktree add --detach /tmp/base 0f99a0b && (cd /tmp/base && npm ci)      # once
 *   npx tsx test/bench/analyze-ab.bench.ts --base /tmp/base                       # 10,000 messages, 3 runs each
 *   npx tsx test/bench/analyze-ab.bench.ts --base /tmp/base --runs 5 --messages 2000 --file /tmp/x.mbox
 *   npx tsx test/bench/analyze-ab.bench.ts --base /tmp/base --corpus --file /tmp/real.mbox  # realistic mail
 *
 * The mbox comes from import.bench.ts's generator (`--phase generate`, seed 1 unless --seed), or with --corpus
 * from the own corpus and the real-world dev cases repeated (realistic-mbox.ts: real threads and replies,
 * their parents and school domains in `<file>.json`), written to --file if that does not exist yet (kept),
 * else to a temp file (removed). Each measurement is its own child process
 * ("--child --root <checkout>"): it imports that checkout's archive reader and `analyze`, and times what
 * import.bench.ts's analyze phase times (read the archive, analyze, JSON.stringify). Reported per side:
 * CPU seconds of that part (process.cpuUsage, user + system), its wall seconds, the whole child's CPU
 * (module loading included) and the SHA-256 of the JSON output: one hash per side across runs means the
 * output is deterministic; the same hash on both sides (with --base pointing at an earlier commit of this
 * branch) means a change left every decision as it was.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { writeRealisticMbox, type AnalyzeParties } from './realistic-mbox.js';

const SELF = fileURLToPath(import.meta.url);
const HERE_ROOT = resolve(dirname(SELF), '../..');
const RESULT_TAG = 'AB_RESULT ';
const NOW = '2026-06-01T12:00:00-07:00';
// The generated mailbox's parent and school (import.bench.ts); a realistic one names its own beside it.
const GENERATED_PARTIES: AnalyzeParties = { parents: ['dana.rivera@gmail.com'], school: ['k12.ca.us'] };

const { values: args } = parseArgs({
  options: {
    base: { type: 'string', default: '/tmp/base' },
    head: { type: 'string', default: HERE_ROOT },
    runs: { type: 'string', default: '3' },
    messages: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '1' },
    file: { type: 'string' },
    corpus: { type: 'boolean', default: false },
    child: { type: 'boolean', default: false },
    root: { type: 'string' },
  },
  strict: true,
});

interface Measurement {
  cpu: number;
  wall: number;
  processCpu: number;
  sha: string;
  requests: number;
}

async function childMain(root: string, file: string) {
  const t00 = process.cpuUsage();
  // The archive reader moved under services/mailbox/ after the baseline.
  const reader = [join(root, 'src/services/mailbox/read-archive.ts'), join(root, 'src/services/read-archive.ts')].find(existsSync);
  if (!reader) throw new Error(`no read-archive.ts under ${root}/src/services`);
  const { readArchiveMessages } = await import(pathToFileURL(reader).href);
  const { analyze } = await import(pathToFileURL(join(root, 'src/core/analyze.ts')).href);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const { parents, school } = existsSync(`${file}.json`) ? (JSON.parse(readFileSync(`${file}.json`, 'utf8')) as AnalyzeParties) : GENERATED_PARTIES;
  const { messages, skipped } = await readArchiveMessages(file, school);
  const out = analyze({ messages, skipped, parents, school, state: 'CA', timezone: 'America/Los_Angeles', now: NOW });
  const json = JSON.stringify(out);
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  const all = process.cpuUsage(t00);
  const m: Measurement = { cpu: (c.user + c.system) / 1e6, wall, processCpu: (all.user + all.system) / 1e6, sha: createHash('sha256').update(json).digest('hex').slice(0, 16), requests: out.requests.length };
  process.stdout.write(`${RESULT_TAG}${JSON.stringify(m)}\n`);
}

function run(cmd: string, argv: string[], cwd: string): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(cmd, argv, { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', fail);
    child.on('exit', (code) => (code === 0 ? done(out) : fail(new Error(`${argv.join(' ')} exited with ${code}`))));
  });
}

const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm')).href;

async function measure(root: string, file: string): Promise<Measurement> {
  const out = await run(process.execPath, ['--import', tsxLoader, SELF, '--child', '--root', root, '--file', file], root);
  const line = out.split('\n').find((l) => l.startsWith(RESULT_TAG));
  if (!line) throw new Error(`no result from ${root}`);
  return JSON.parse(line.slice(RESULT_TAG.length)) as Measurement;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function parentMain() {
  const runs = Number(args.runs);
  if (!Number.isInteger(runs) || runs <= 0) throw new Error('--runs must be a positive integer');
  const base = resolve(args.base);
  const head = resolve(args.head);
  for (const root of [base, head]) if (!existsSync(join(root, 'src/core/analyze.ts'))) throw new Error(`${root} is not a checkout (no src/core/analyze.ts)`);
  let tmp: string | null = null;
  let file = args.file ? resolve(args.file) : '';
  if (!file) {
    tmp = mkdtempSync(join(tmpdir(), 'ft-analyze-ab-'));
    file = join(tmp, 'bench.mbox');
  }
  try {
    if (!existsSync(file) && args.corpus) {
      await writeRealisticMbox(file, Number(args.messages), NOW);
      console.log(`wrote ${file} (${args.messages} messages from the own corpus and the real-world dev cases, repeated)`);
    } else if (!existsSync(file)) {
      await run(process.execPath, ['--import', tsxLoader, join(HERE_ROOT, 'test/bench/import.bench.ts'), '--phase', 'generate', '--file', file, '--messages', args.messages, '--seed', args.seed], HERE_ROOT);
      console.log(`generated ${file} (${args.messages} messages, seed ${args.seed})`);
    }
    const sides = { base: [] as Measurement[], head: [] as Measurement[] };
    for (let i = 0; i < runs; i++) {
      // Alternate which side goes first, so a drift in the machine's load does not favour one.
      const order: Array<'base' | 'head'> = i % 2 === 0 ? ['base', 'head'] : ['head', 'base'];
      for (const side of order) {
        const m = await measure(side === 'base' ? base : head, file);
        sides[side].push(m);
        console.log(`run ${i + 1} ${side.padEnd(4)} cpu ${m.cpu.toFixed(2)} s  wall ${m.wall.toFixed(2)} s  process cpu ${m.processCpu.toFixed(2)} s  requests ${m.requests}  output ${m.sha}`);
      }
    }
    const ratio = (f: (m: Measurement) => number) => median(sides.head.map(f)) / median(sides.base.map(f));
    console.log(`\nbase ${base}\nhead ${head}`);
    console.log(`median cpu  base ${median(sides.base.map((m) => m.cpu)).toFixed(2)} s  head ${median(sides.head.map((m) => m.cpu)).toFixed(2)} s  ratio ${ratio((m) => m.cpu).toFixed(3)}×`);
    console.log(`median wall base ${median(sides.base.map((m) => m.wall)).toFixed(2)} s  head ${median(sides.head.map((m) => m.wall)).toFixed(2)} s  ratio ${ratio((m) => m.wall).toFixed(3)}×`);
    console.log(`median process cpu ratio ${ratio((m) => m.processCpu).toFixed(3)}×  (module loading included)`);
    for (const side of ['base', 'head'] as const) {
      const hashes = new Set(sides[side].map((m) => m.sha));
      console.log(`${side}: ${hashes.size === 1 ? 'deterministic' : 'OUTPUT DIFFERS BETWEEN RUNS'} (${[...hashes].join(', ')})`);
    }
    console.log(`budget (head cpu ≤ 1.2× base): ${ratio((m) => m.cpu) <= 1.2 ? 'ok' : 'OVER'}`);
  } finally {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}

if (args.child) {
  if (!args.root || !args.file) throw new Error('--child needs --root and --file');
  await childMain(resolve(args.root), resolve(args.file));
} else {
  await parentMain();
}
