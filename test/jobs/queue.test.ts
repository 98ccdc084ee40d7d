/** The Worker's queue fan-out, exercised in Node with a stand-in Queue and MessageBatch (workerd runs it in test/worker/smoke.ts). */
import { silentLogger } from '../../src/log/logger.js';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digests, jobRuns } from '../../src/db/schema.js';
import { consumeBatch, queueDispatch } from '../../src/jobs/queue.js';
import { runScheduledJob } from '../../src/jobs/run-job.js';
import { SCHEDULE } from '../../src/jobs/schedule.js';
import type { TaskMessage } from '../../src/jobs/tasks.js';
import { createTestDb } from '../helpers/db.js';
import { seedFamily } from './family.js';

let handle: Awaited<ReturnType<typeof createTestDb>>;
beforeAll(async () => {
  handle = await createTestDb();
});
afterAll(async () => {
  await handle?.close();
});

function fakeQueue() {
  const batches: TaskMessage[][] = [];
  const queue = { sendBatch: async (msgs: Iterable<{ body: TaskMessage }>) => void batches.push([...msgs].map((m) => m.body)) } as unknown as Queue<TaskMessage>;
  return { queue, batches };
}

function batchOf(bodies: unknown[]) {
  const acked: number[] = [];
  const messages = bodies.map((body, i) => ({ id: String(i), timestamp: new Date(), body, attempts: 1, ack: () => acked.push(i), retry: () => {} }));
  return { batch: { queue: 'followthrough-jobs', messages, ackAll: () => {}, retryAll: () => {} } as unknown as MessageBatch<unknown>, acked };
}

describe('cron → queue → consumer', () => {
  it('the tick enqueues per-account work; consuming it twice (a redelivery) does it once', async () => {
    const fam = await seedFamily(handle.db, { email: 'queue@family.test', timezone: 'America/Los_Angeles' });
    const now = new Date('2026-02-16T02:05:00Z'); // Sunday 18:05 in Los Angeles
    const deps = { db: handle.db, clock: () => now, instance: 'worker', log: silentLogger, appUrl: 'https://app.test', llm: null, deliverers: [] };
    const { queue, batches } = fakeQueue();
    expect(await runScheduledJob(SCHEDULE.find((j) => j.name === 'hourly')!, deps, queueDispatch(queue))).toBe('ran');
    const sent = batches.flat();
    expect(sent).toEqual(
      expect.arrayContaining([
        { job: 'drafts', accountKey: fam.account.id, period: '2026-02-15' },
        { job: 'digest', accountKey: fam.account.id, period: '2026-W07' },
      ]),
    );
    const [tick] = await handle.db.select().from(jobRuns).where(eq(jobRuns.job, 'hourly'));
    expect(tick!.counts).toMatchObject({ planned: sent.length, enqueued: sent.length });

    const first = batchOf([...sent, { nonsense: true }]);
    expect(await consumeBatch(first.batch, deps)).toEqual({ done: sent.length, skipped: 0, failed: 0, invalid: 1 });
    expect(first.acked).toHaveLength(sent.length + 1);
    const again = batchOf(sent);
    expect(await consumeBatch(again.batch, deps)).toEqual({ done: 0, skipped: sent.length, failed: 0, invalid: 0 });
    expect(await handle.db.select().from(digests).where(eq(digests.accountId, fam.account.id))).toHaveLength(1);
    const runs = await handle.db.select().from(jobRuns).where(and(eq(jobRuns.accountKey, fam.account.id), eq(jobRuns.status, 'succeeded')));
    expect(runs.map((r) => r.job).sort()).toEqual(['digest', 'drafts']);
  });

  it('sends at most 100 messages per sendBatch', async () => {
    const { queue, batches } = fakeQueue();
    const tasks = Array.from({ length: 250 }, (_, i) => ({ job: 'drafts' as const, accountKey: `a${i}`, period: '2026-02-15' }));
    expect(await queueDispatch(queue)(tasks)).toEqual({ enqueued: 250 });
    expect(batches.map((b) => b.length)).toEqual([100, 100, 50]);
  });
});
