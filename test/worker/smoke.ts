/**
 * Worker smoke test for CI: migrates the local Postgres that wrangler.toml's Hyperdrive binding points at,
 * starts `wrangler dev --test-scheduled`, checks GET /healthz answers from workerd with the database
 * reachable, fires each cron of the schedule through /__scheduled and checks its run was recorded.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { openDb } from '../../src/db/client.js';
import { applyMigrations } from '../../src/db/migrate.js';
import { readMigrations } from '../../src/db/migrations-fs.js';
import { SCHEDULE } from '../../src/jobs/schedule.js';
import { jobRuns } from '../../src/db/schema.js';
import { count as countRows } from 'drizzle-orm';

const toml = readFileSync(new URL('../../wrangler.toml', import.meta.url), 'utf8');
const url = /localConnectionString\s*=\s*"([^"]+)"/.exec(toml)?.[1];
if (!url) throw new Error('wrangler.toml has no localConnectionString');
const port = 8900 + Math.floor(Math.random() * 90);

async function main() {
  const db = await openDb({ url });
  await applyMigrations(db, await readMigrations());
  const child = spawn('npx', ['wrangler', 'dev', '--test-scheduled', '--port', String(port), '--ip', '127.0.0.1'], {
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_UPDATE_NOTIFIER: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let log = '';
  child.stdout.on('data', (b) => (log += b));
  child.stderr.on('data', (b) => (log += b));
  const stop = () => {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {}
  };
  try {
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 90_000;
    let health: { ok: boolean; runtime: string } | null = null;
    while (Date.now() < deadline) {
      try {
        const res = await fetch(`${base}/healthz`);
        if (res.ok) {
          health = (await res.json()) as { ok: boolean; runtime: string };
          break;
        }
      } catch {}
      await new Promise((r) => setTimeout(r, 1000));
    }
    if (!health) throw new Error(`wrangler dev did not answer /healthz within 90 s\n${log.slice(-2000)}`);
    if (!health.ok || health.runtime !== 'workers') throw new Error(`unexpected /healthz: ${JSON.stringify(health)}`);
    console.log(`healthz from workerd: ${JSON.stringify(health)}`);

    const runs = async () => (await db.db.select({ n: countRows() }).from(jobRuns))[0]!.n;
    const before = await runs();
    for (const job of SCHEDULE) {
      const res = await fetch(`${base}/__scheduled?cron=${encodeURIComponent(job.cron)}`);
      if (!res.ok) throw new Error(`/__scheduled for ${job.cron} answered ${res.status}`);
    }
    await new Promise((r) => setTimeout(r, 1500));
    const after = await runs();
    const added = after - before;
    if (added < 1) throw new Error(`the crons recorded no job run (before ${before}, after ${after})`);
    console.log(`crons fired: ${SCHEDULE.length}; job runs recorded: ${added}`);
    console.log('1 passed, 0 failed');
  } finally {
    stop();
    await db.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
