/**
 * `npm run bench:tick`: one hourly tick (runScheduledJob, the code node-cron and the Worker's cron run) over
 * 10,000 accounts on PostgreSQL, in a fresh database dropped afterwards.
 *
 * - 100 busy accounts: copies of a real family (the ca-records-renewed corpus mailbox imported and analysed
 *   by the service the evening its last message was synced, as the analysis stage after ingest leaves it),
 *   whose requests are overdue at the tick, so the tick writes their follow-up drafts and their weekly
 *   digest. No mail arrived since, so the tick ages statuses and drafts from stored rows (issue 11).
 * - 9,900 idle accounts: their drafts for the day and digest for the week already ran (succeeded job_runs,
 *   as an earlier tick leaves them), so the tick plans and skips them.
 *
 * Prints the tick's time, the SQL statements it issued (drizzle's query logger on the service's postgres.js
 * handle), statements per planned task, and what it made.
 *
 *   npm run bench:tick [-- --postgres postgres://postgres@127.0.0.1:5432/test --accounts 10000 --busy 100]
 */
import { parseArgs } from 'node:util';
import { eq, sql as dsql } from 'drizzle-orm';
import { accounts, digests, drafts, jobRuns } from '../../src/db/schema.js';
import { dueWork } from '../../src/jobs/due.js';
import type { JobDeps } from '../../src/jobs/deps.js';
import { planHourly, runScheduledJob } from '../../src/jobs/run-job.js';
import { SCHEDULE } from '../../src/jobs/schedule.js';
import { silentLogger } from '../../src/log/logger.js';
import type { Deliverer } from '../../src/services/digest/delivery.js';
import { readSettings } from '../../src/services/accounts/settings.js';
import { analyzeChild } from '../../src/services/analysis/analyze-account.js';
import { seedFamily } from '../jobs/family.js';
import { cloneAccount, countingHandle, freshDatabase } from './seed-accounts.js';

const { values: args } = parseArgs({
  options: {
    postgres: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
    accounts: { type: 'string', default: '10000' },
    busy: { type: 'string', default: '100' },
  },
});
const TOTAL = Number(args.accounts);
const BUSY = Number(args.busy);
const HOURLY = SCHEDULE.find((j) => j.name === 'hourly')!;
/** Tuesday 10 February 2026, 15:00 UTC = 07:00 in Los Angeles: the corpus's requests are overdue, drafts are due. */
const NOW = new Date('2026-02-10T15:00:00Z');
const ZONE = 'America/Los_Angeles';
/** Monday 9 February 2026, 18:30 in Los Angeles: the family's last message (17:20) was synced and analysed. */
const SYNCED = new Date('2026-02-10T02:30:00Z');
/** The digest moment is this morning (Tuesday 07:00 local), so this week's digest is due too. */
const SETTINGS = { digestDay: 2, digestHour: 7 };

const db0 = await freshDatabase(args.postgres);
const c = countingHandle(db0.url, 5);
try {
  const seedStart = performance.now();
  const { account, child } = await seedFamily(c.handle.db, { email: 'bench-template@example.com', timezone: ZONE, settings: SETTINGS });
  await analyzeChild(c.handle.db, account.id, child.id, SYNCED);
  const busyIds = [account.id, ...(await cloneAccount(c.sql, account.id, BUSY - 1))];
  // The idle majority: accounts in one statement, their finished runs for this day and week in another.
  const idle = TOTAL - BUSY;
  await c.sql`insert into accounts (email, name, timezone, settings)
    select 'idle-' || g || '@example.com', 'Parent ' || g, ${ZONE}, ${JSON.stringify(SETTINGS)}::jsonb from generate_series(1, ${idle}::int) g`;
  const periods = dueWork({ now: NOW, timezone: ZONE, settings: readSettings(SETTINGS), keyDates: [] });
  for (const w of periods) {
    await c.sql`insert into job_runs (job, account_key, period, status, claimed_by, started_at, heartbeat_at, finished_at)
      select ${w.job}, id::text, ${w.period}, 'succeeded', 'earlier-tick', ${NOW.toISOString()}::timestamptz, ${NOW.toISOString()}::timestamptz, ${NOW.toISOString()}::timestamptz
        from accounts where email like 'idle-%'`;
  }
  await c.sql`analyze`;
  const [{ n }] = (await c.sql`select count(*)::int as n from accounts`) as unknown as [{ n: number }];
  console.log(`seeded ${n} accounts (${busyIds.length} busy copies of a real family, ${idle} idle) in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

  const sent: string[] = [];
  const deliverer: Deliverer = { via: 'smtp', deliver: async (m) => (sent.push(m.accountId), true) };
  const deps: JobDeps = { db: c.handle.db, clock: () => NOW, instance: 'bench', log: silentLogger, appUrl: 'https://app.test', llm: null, deliverers: [deliverer] };

  c.reset();
  const planStart = performance.now();
  const planCpu = process.cpuUsage();
  const planned = await planHourly(deps, NOW);
  const planMs = performance.now() - planStart;
  const planCpuMs = ((u) => (u.user + u.system) / 1000)(process.cpuUsage(planCpu));
  const planStatements = c.statements();

  c.reset();
  const tickStart = performance.now();
  const cpuStart = process.cpuUsage();
  const outcome = await runScheduledJob(HOURLY, deps);
  const tickMs = performance.now() - tickStart;
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const tickStatements = c.statements();

  const [made] = await c.handle.db
    .select({ drafts: dsql<number>`(select count(*)::int from ${drafts})`, digests: dsql<number>`(select count(*)::int from ${digests})` })
    .from(accounts)
    .limit(1);
  const [run] = await c.handle.db.select({ counts: jobRuns.counts }).from(jobRuns).where(eq(jobRuns.job, 'hourly'));
  const byJob = planned.reduce<Record<string, number>>((m, t) => ((m[t.job] = (m[t.job] ?? 0) + 1), m), {});

  console.log(`planning alone (planHourly): ${planMs.toFixed(0)} ms (CPU ${planCpuMs.toFixed(0)} ms), ${planStatements} statements for ${n} accounts, ${planned.length} tasks planned ${JSON.stringify(byJob)}`);
  console.log(`hourly tick (runScheduledJob): ${outcome}, ${(tickMs / 1000).toFixed(2)} s, ${tickStatements} SQL statements (${(tickStatements / Math.max(1, planned.length)).toFixed(1)} per planned task); this process's CPU ${(cpuMs / 1000).toFixed(2)} s (the server's is not included)`);
  console.log(`  counts ${JSON.stringify(run?.counts ?? {})}; drafts stored ${made?.drafts}, digests stored ${made?.digests}, digests delivered ${sent.length}`);
  console.log(`  target ≤ 10 s: ${tickMs <= 10_000 ? 'met' : 'NOT met'}`);
} finally {
  await c.handle.close();
  await db0.drop();
}
