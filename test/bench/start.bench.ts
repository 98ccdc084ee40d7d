/**
 * `npm run bench:start`: the compiled service (`node dist/node.js`, built first when stale) on the embedded
 * default, as a new user meets it: time from spawn until /healthz answers on a fresh DATA_DIR, then on the same
 * one again, and the idle memory of the whole process tree (the embedded PostgreSQL is a child) after each.
 *
 *   npm run bench:start [-- --idle-seconds 5]
 */
import { spawn, execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { treeMemory } from './process-tree.js';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface StartedService {
  pid: number;
  port: number;
  startMs: number;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Spawns the compiled service and resolves once /healthz answers 200. */
export async function startService(dataDir: string, extraEnv: Record<string, string> = {}): Promise<StartedService> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ['--enable-source-maps', 'dist/node.js'], {
    env: { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn', ...extraEnv },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let alive = true;
  void exited.then(() => (alive = false));
  for (;;) {
    if (!alive) throw new Error('the service exited before /healthz answered');
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 20));
    if (performance.now() - started > 120_000) throw new Error('no /healthz within 120 s');
  }
  const startMs = Math.round(performance.now() - started);
  return {
    pid: child.pid!,
    port,
    startMs,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (alive) child.kill(signal);
      await exited;
    },
  };
}

async function main() {
  const { values } = parseArgs({ options: { 'idle-seconds': { type: 'string', default: '5' } } });
  const idleMs = Number(values['idle-seconds']) * 1000;
  execFileSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { stdio: 'inherit' });
  const dir = await mkdtemp(join(tmpdir(), 'ft-start-'));
  try {
    const rows: Array<Record<string, unknown>> = [];
    for (const run of ['fresh DATA_DIR', 'existing DATA_DIR']) {
      const svc = await startService(dir);
      await new Promise((r) => setTimeout(r, idleMs)); // the catch-up tick runs, then the process idles
      const mem = treeMemory(svc.pid);
      rows.push({ run, 'start ms': svc.startMs, 'idle RSS MB (tree)': mem.rssMb, 'idle PSS MB (tree)': mem.pssMb, processes: mem.processes });
      await svc.stop();
    }
    console.table(rows);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
