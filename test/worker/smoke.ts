/**
 * Worker smoke test for CI: migrates the local Postgres that wrangler.toml's Hyperdrive binding points at,
 * starts `wrangler dev --test-scheduled`, checks GET /healthz answers from workerd with the database
 * reachable, fires each cron of the schedule through /__scheduled and checks its run was recorded, and checks
 * that the hourly cron fans per-account work out through the local queue (JOBS): a seeded account's drafts and
 * weekly digest are claimed and finished by the queue consumer in workerd.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { openDb } from '../../src/db/client.js';
import { applyMigrations } from '../../src/db/migrate.js';
import { readMigrations } from '../../src/db/migrations-fs.js';
import { SCHEDULE } from '../../src/jobs/schedule.js';
import { accounts, digests, jobRuns } from '../../src/db/schema.js';
import { and, count as countRows, desc, eq } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';

// `--config <file>` runs against another wrangler config (same bindings), e.g. to isolate the jobs path.
const configArg = process.argv.indexOf('--config');
const configPath = configArg > 0 ? process.argv[configArg + 1]! : null;
const toml = readFileSync(configPath ?? new URL('../../wrangler.toml', import.meta.url), 'utf8');
const url = /localConnectionString\s*=\s*"([^"]+)"/.exec(toml)?.[1];
if (!url) throw new Error('wrangler.toml has no localConnectionString');
const port = 8900 + Math.floor(Math.random() * 90);

async function main() {
  const db = await openDb({ url });
  await applyMigrations(db, await readMigrations());
  // An account whose drafts (07:00 local has passed) and weekly digest (this weekday, 00:00) are due right now.
  const now = new Date();
  const timezone = now.getUTCHours() >= 7 ? 'UTC' : 'Etc/GMT-12';
  const localDay = new Date(now.getTime() + (timezone === 'UTC' ? 0 : 12 * 3_600_000)).getUTCDay();
  const [account] = await db.db
    .insert(accounts)
    .values({ email: `smoke-${randomBytes(4).toString('hex')}@family.test`, name: 'Smoke Test', timezone, settings: { digestDay: localDay, digestHour: 0 } })
    .returning();
  const child = spawn('npx', ['wrangler', 'dev', '--test-scheduled', '--port', String(port), '--ip', '127.0.0.1', ...(configPath ? ['-c', configPath] : [])], {
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
    let after = before;
    for (let i = 0; i < 30 && after - before < SCHEDULE.length; i++) {
      await new Promise((r) => setTimeout(r, 500));
      after = await runs();
    }
    const added = after - before;
    if (added < 1) throw new Error(`the crons recorded no job run (before ${before}, after ${after})`);
    console.log(`crons fired: ${SCHEDULE.length}; job runs recorded: ${added}`);

    // The queue consumer ran the account's tasks with the same claims as Node.
    const waitFor = async <T>(what: string, probe: () => Promise<T | null | undefined>): Promise<T> => {
      const until = Date.now() + 30_000;
      while (Date.now() < until) {
        const v = await probe();
        if (v) return v;
        await new Promise((r) => setTimeout(r, 500));
      }
      throw new Error(`${what} did not happen within 30 s\n${log.slice(-3000)}`);
    };
    const succeeded = (job: string) =>
      waitFor(`the queued ${job} task`, async () => {
        const [run] = await db.db.select().from(jobRuns).where(and(eq(jobRuns.job, job), eq(jobRuns.accountKey, account!.id), eq(jobRuns.status, 'succeeded')));
        return run;
      });
    const draftsRun = await succeeded('drafts');
    const digestRun = await succeeded('digest');
    if (draftsRun.claimedBy !== 'worker' || digestRun.claimedBy !== 'worker') throw new Error('queued tasks were not run by the Worker');
    const [digest] = await db.db.select().from(digests).where(eq(digests.accountId, account!.id));
    if (!digest || digest.deliveredVia !== 'app' || !digest.text.includes('not legal advice')) throw new Error(`unexpected digest: ${JSON.stringify(digest)}`);
    const [hourly] = await db.db.select().from(jobRuns).where(and(eq(jobRuns.job, 'hourly'), eq(jobRuns.status, 'succeeded'))).orderBy(desc(jobRuns.startedAt)).limit(1);
    console.log(`queue: drafts ${draftsRun.period} and digest ${digestRun.period} run by the consumer; hourly tick enqueued ${hourly?.counts['enqueued'] ?? '?'}`);

    // A second hourly trigger in the same minute claims nothing; the consumer skips already-done tasks.
    const again = await fetch(`${base}/__scheduled?cron=${encodeURIComponent('0 * * * *')}`);
    if (!again.ok) throw new Error(`second /__scheduled answered ${again.status}`);
    await new Promise((r) => setTimeout(r, 2000));
    const digestsNow = await db.db.select().from(digests).where(eq(digests.accountId, account!.id));
    if (digestsNow.length !== 1) throw new Error(`expected one digest, found ${digestsNow.length}`);
    console.log('2 passed, 0 failed');
  } finally {
    await db.db.delete(accounts).where(eq(accounts.id, account!.id)).catch(() => {});
    stop();
    await db.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
