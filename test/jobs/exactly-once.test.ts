/**
 * Exactly once across instances: two "instances" (two pools on the same Postgres with TEST_DATABASE_URL; on
 * PGlite one database with concurrent calls) run the hourly tick through a simulated week on controllable
 * clocks; an instance killed mid-job is taken over and finished by the other; missed runs catch up once.
 */
import { silentLogger } from '../../src/log/logger.js';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db, type DbHandle } from '../../src/db/client.js';
import { digests, drafts, jobRuns, requests } from '../../src/db/schema.js';
import type { JobDeps } from '../../src/jobs/deps.js';
import { isoWeek, localTime } from '../../src/core/calendar/local-time.js';
import { claimWork, MAX_ATTEMPTS, STALE_AFTER_MS } from '../../src/jobs/record-run.js';
import { planHourly, runScheduledJob } from '../../src/jobs/run-job.js';
import { SCHEDULE } from '../../src/jobs/schedule.js';
import { runTask } from '../../src/jobs/tasks.js';
import { analyzeAccount } from '../../src/services/analysis/analyze-account.js';
import type { Deliverer, SelfMail } from '../../src/services/digest/delivery.js';
import { storeDigest } from '../../src/services/digest/weekly.js';
import { createTestDb, DRIVERS } from '../helpers/db.js';
import { seedFamily } from './family.js';

const HOURLY = SCHEDULE.find((j) => j.name === 'hourly')!;
const HOUR = 3_600_000;
/** Monday 9 February 2026, 00:00 UTC: the week the corpus's requests fall overdue in. */
const REFERENCE = Date.parse('2026-02-09T00:00:00Z');

function recorder() {
  const sent: SelfMail[] = [];
  const deliverer: Deliverer = { via: 'smtp', deliver: async (m) => (sent.push(m), true) };
  return { sent, deliverer };
}

function instance(db: Db, name: string, clock: { now: number }, deliverers: Deliverer[]): JobDeps {
  return { db, clock: () => new Date(clock.now), instance: name, log: silentLogger, appUrl: 'https://app.test', llm: null, deliverers };
}

describe.each(DRIVERS)('jobs exactly once on $driver', ({ driver, skip }) => {
  if (skip) {
    it.skip(`skipped: ${skip}`, () => {});
    return;
  }
  let handle: Awaited<ReturnType<typeof createTestDb>>;
  let second: DbHandle | null = null;
  let dbA: Db;
  let dbB: Db;
  beforeAll(async () => {
    handle = await createTestDb(driver);
    dbA = handle.db;
    if (handle.url) {
      second = await openDb({ url: handle.url, max: 3 });
      dbB = second.db;
    } else dbB = handle.db;
  });
  afterAll(async () => {
    await second?.close();
    await handle?.close();
  });

  it('two instances ticking through a simulated week make one digest per account and week and one draft per overdue request', async () => {
    const la = await seedFamily(dbA, { email: 'week-la@family.test', timezone: 'America/Los_Angeles' });
    const tokyo = await seedFamily(dbA, { email: 'week-tokyo@family.test', timezone: 'Asia/Tokyo', settings: { digestDay: 3, digestHour: 9 } });
    const clockA = { now: REFERENCE };
    const clockB = { now: REFERENCE + 60_000 }; // a minute apart: both ticks run, so the per-account claims are contested
    const rec = recorder();
    const a = instance(dbA, 'node-a', clockA, [rec.deliverer]);
    const b = instance(dbB, 'node-b', clockB, [rec.deliverer]);
    const localDraftDays = { [la.account.id]: new Set<string>(), [tokyo.account.id]: new Set<string>() };
    for (let h = 0; h < 8 * 24; h++) {
      clockA.now = REFERENCE + h * HOUR;
      clockB.now = clockA.now + 60_000;
      // Which instance gets going first alternates, as it would between two real machines.
      const order = h % 2 ? [a, b, a] : [b, a, a];
      const results = await Promise.all(order.map((deps) => runScheduledJob(HOURLY, deps)));
      expect(results.filter((r) => r === 'skipped')).toHaveLength(1); // the doubled trigger of instance A
      for (const [id, tz] of [[la.account.id, 'America/Los_Angeles'], [tokyo.account.id, 'Asia/Tokyo']] as const) {
        const lt = localTime(new Date(clockA.now), tz);
        if (lt.hour >= 7) localDraftDays[id]!.add(lt.date);
      }
    }

    // Digests: one per account and ISO week. Los Angeles (Sunday 18:00) gets the week before the start as a
    // catch-up (its moment was 6 hours earlier) and 2026-W07; Tokyo (Wednesday 09:00) only 2026-W07, because its
    // previous moment was 5 days before the start, outside the backfill window.
    const rows = await dbA.select().from(digests);
    const periods = (id: string) => rows.filter((d) => d.accountId === id).map((d) => d.period).sort();
    expect(periods(la.account.id)).toEqual(['2026-W06', '2026-W07']);
    expect(periods(tokyo.account.id)).toEqual(['2026-W07']);
    expect(rows.every((d) => d.deliveredVia === 'smtp' && d.deliveredAt)).toBe(true);
    expect(rec.sent).toHaveLength(3); // each delivered exactly once
    expect(new Set(rec.sent.map((m) => m.messageId)).size).toBe(3);

    // Drafts ran once per account-local day from 07:00, each claimed by exactly one instance.
    const runs = await dbA.select().from(jobRuns).where(eq(jobRuns.job, 'drafts'));
    for (const id of [la.account.id, tokyo.account.id]) {
      const mine = runs.filter((r) => r.accountKey === id);
      expect(mine.map((r) => r.period).sort()).toEqual([...localDraftDays[id]!].sort());
      expect(mine.every((r) => r.status === 'succeeded' && r.attempts === 1)).toBe(true);
    }
    expect(new Set(runs.map((r) => r.claimedBy))).toEqual(new Set(['node-a', 'node-b']));

    // One draft per overdue request, never two.
    for (const id of [la.account.id, tokyo.account.id]) {
      await analyzeAccount(dbA, id, new Date(clockA.now));
      const overdue = await dbA.select().from(requests).where(and(eq(requests.accountId, id), eq(requests.status, 'overdue')));
      expect(overdue.length).toBeGreaterThan(0);
      const mine = await dbA.select().from(drafts).where(eq(drafts.accountId, id));
      for (const r of overdue) expect(mine.filter((d) => d.requestId === r.id)).toHaveLength(1);
      const keys = mine.map((d) => `${d.requestId ?? d.commitmentId}|${d.stateKey}`);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });

  it('a digest claimed by an instance that died half-way is finished once by the other, after the heartbeat goes stale', async () => {
    const fam = await seedFamily(dbA, { email: 'killed@family.test', timezone: 'America/New_York' });
    const t0 = Date.parse('2026-02-15T23:10:00Z'); // Sunday 18:10 in New York: this week's digest is due
    const period = isoWeek('2026-02-15');
    const rec = recorder();

    // Instance A claims, stores the digest, and is killed before delivering or finishing.
    const claim = await claimWork(dbA, { job: 'digest', accountKey: fam.account.id, period }, 'node-a', new Date(t0));
    expect(claim).toMatchObject({ attempts: 1, takeover: false });
    await storeDigest({ db: dbA, appUrl: 'https://app.test', deliverers: [rec.deliverer] }, fam.account.id, period, new Date(t0));

    // Two minutes later the heartbeat is fresh: instance B leaves it alone.
    const clockB = { now: t0 + 2 * 60_000 };
    const b = instance(dbB, 'node-b', clockB, [rec.deliverer]);
    expect(await runTask({ job: 'digest', accountKey: fam.account.id, period }, b)).toBe('skipped');
    expect(rec.sent).toHaveLength(0);

    // Past the stale threshold, B's next tick takes it over and finishes it: delivered once, one row.
    clockB.now = t0 + STALE_AFTER_MS + 60_000;
    const planned = await planHourly(b, new Date(clockB.now));
    expect(planned.filter((p) => p.accountKey === fam.account.id && p.job === 'digest')).toEqual([{ job: 'digest', accountKey: fam.account.id, period }]);
    const [first, secondTry] = await Promise.all([
      runTask({ job: 'digest', accountKey: fam.account.id, period }, b),
      runTask({ job: 'digest', accountKey: fam.account.id, period }, instance(dbA, 'node-c', clockB, [rec.deliverer])),
    ]);
    expect([first, secondTry].sort()).toEqual(['done', 'skipped']); // of two racing takeovers exactly one wins
    const [run] = await dbA.select().from(jobRuns).where(and(eq(jobRuns.job, 'digest'), eq(jobRuns.accountKey, fam.account.id)));
    expect(run).toMatchObject({ status: 'succeeded', attempts: 2, period });
    const rows = await dbA.select().from(digests).where(eq(digests.accountId, fam.account.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ period, deliveredVia: 'smtp' });
    expect(rec.sent).toHaveLength(1);

    // The old instance cannot overwrite the newer attempt's record.
    const { finishRun } = await import('../../src/jobs/record-run.js');
    expect(await finishRun(dbA, claim!.id, { error: 'late' }, { attempts: 1 })).toBe(false);
  });

  it('drafts claimed by a killed instance are written by the taker, once per overdue request', async () => {
    const fam = await seedFamily(dbA, { email: 'killed-drafts@family.test', timezone: 'America/Los_Angeles' });
    const t0 = Date.parse('2026-02-12T15:05:00Z'); // 07:05 in Los Angeles
    await claimWork(dbA, { job: 'drafts', accountKey: fam.account.id, period: '2026-02-12' }, 'node-a', new Date(t0));
    // (killed here: nothing written)
    const clock = { now: t0 + STALE_AFTER_MS + 1 };
    const b = instance(dbB, 'node-b', clock, []);
    expect(await runScheduledJob(HOURLY, b)).toBe('ran');
    const [run] = await dbA.select().from(jobRuns).where(and(eq(jobRuns.job, 'drafts'), eq(jobRuns.accountKey, fam.account.id)));
    expect(run).toMatchObject({ status: 'succeeded', attempts: 2, claimedBy: 'node-b', period: '2026-02-12' });
    const overdue = await dbA.select().from(requests).where(and(eq(requests.accountId, fam.account.id), eq(requests.status, 'overdue')));
    const mine = await dbA.select().from(drafts).where(eq(drafts.accountId, fam.account.id));
    expect(overdue.length).toBeGreaterThan(0);
    for (const r of overdue) expect(mine.filter((d) => d.requestId === r.id)).toHaveLength(1);
    // A later tick the same day plans nothing more for this account's drafts.
    clock.now += HOUR;
    expect((await planHourly(b, new Date(clock.now))).filter((p) => p.accountKey === fam.account.id && p.job === 'drafts')).toEqual([]);
  });

  it('a failed run is retried by later ticks, at most MAX_ATTEMPTS times', async () => {
    const key = { job: 'digest' as const, accountKey: '00000000-0000-4000-8000-000000000000', period: '2026-W07' };
    const clock = { now: Date.parse('2026-02-16T12:07:00Z') };
    const deps = instance(dbA, 'node-a', clock, []);
    const outcomes = [];
    for (let i = 0; i < MAX_ATTEMPTS + 1; i++) outcomes.push(await runTask(key, deps));
    expect(outcomes).toEqual([...Array(MAX_ATTEMPTS).fill('failed'), 'skipped']);
    const [run] = await dbA.select().from(jobRuns).where(and(eq(jobRuns.job, 'digest'), eq(jobRuns.accountKey, key.accountKey)));
    expect(run).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
    expect(run!.error).toMatch(/unknown account/);
  });

  // (Off the hour, so these ticks do not collide with the simulated week's tick records.)
  it('after downtime over the digest hour the next tick makes the missed digest once; later than the backfill window it does not', async () => {
    const fam = await seedFamily(dbA, { email: 'downtime@family.test', timezone: 'America/Chicago' });
    const rec = recorder();
    const clock = { now: Date.parse('2026-02-16T15:07:00Z') }; // Monday 09:07 Chicago; Sunday 18:00 was missed
    const deps = instance(dbA, 'node-a', clock, [rec.deliverer]);
    await runScheduledJob(HOURLY, deps);
    clock.now += HOUR;
    await runScheduledJob(HOURLY, deps);
    const rows = await dbA.select().from(digests).where(eq(digests.accountId, fam.account.id));
    expect(rows.map((r) => r.period)).toEqual(['2026-W07']);
    expect(rec.sent.filter((m) => m.accountId === fam.account.id)).toHaveLength(1);

    const late = await seedFamily(dbA, { email: 'downtime-late@family.test', timezone: 'America/Chicago' });
    clock.now = Date.parse('2026-02-19T15:07:00Z'); // Thursday: the Sunday digest is more than 3 days old
    await runScheduledJob(HOURLY, deps);
    expect(await dbA.select().from(digests).where(eq(digests.accountId, late.account.id))).toEqual([]);
  });
});
