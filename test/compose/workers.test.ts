/**
 * On Workers, background mailbox work leaves the request: the push-triggered sync and the backfill after
 * connecting become queue messages, and the consumer runs them (once per connection per batch) on its own handle.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onDemandTask } from '../../src/compose/workers.js';
import { consumeBatch } from '../../src/jobs/queue.js';
import type { MailboxWork } from '../../src/services/mailbox/services.js';
import { testDeps } from '../helpers/app.js';
import { createTestDb } from '../helpers/db.js';

let handle: Awaited<ReturnType<typeof createTestDb>>;
beforeAll(async () => {
  handle = await createTestDb();
});
afterAll(async () => {
  await handle?.close();
});

function batchOf(bodies: unknown[]) {
  const acked: number[] = [];
  const messages = bodies.map((body, i) => ({ id: String(i), timestamp: new Date(), body, attempts: 1, ack: () => acked.push(i), retry: () => {} }));
  return { batch: { queue: 'followthrough-jobs', messages, ackAll: () => {}, retryAll: () => {} } as unknown as MessageBatch<unknown>, acked };
}

describe('background work on Workers', () => {
  it('a trigger or a new connection is enqueued, not run in the request', async () => {
    const sent: MailboxWork[] = [];
    const { app } = testDeps({ db: handle.db, runtime: 'workers', enqueue: async (w) => void sent.push(w) });
    await app.mail.trigger('conn-1');
    await app.mail.onConnected('conn-2');
    expect(sent).toEqual([
      { job: 'sync-connection', connectionId: 'conn-1' },
      { job: 'mailbox-connected', connectionId: 'conn-2' },
    ]);
    const t = onDemandTask(sent[0]!, new Date('2026-03-02T10:00:07.450Z'));
    expect(t).toEqual({ job: 'sync-connection', accountKey: 'conn-1', period: 'on-demand:2026-03-02T10:00:07' });
  });

  it('the consumer runs one sync per connection for a burst of pushes in a batch, and the connect work', async () => {
    const { jobs } = testDeps({ db: handle.db, runtime: 'workers', enqueue: async () => {} });
    const synced: string[] = [];
    const connected: string[] = [];
    jobs.syncConnection = async (_db, id) => void synced.push(id);
    jobs.mailboxConnected = async (id) => {
      connected.push(id);
      return { connected: 1 };
    };
    const at = (s: number) => new Date(Date.UTC(2026, 2, 2, 10, 0, s));
    const { batch, acked } = batchOf([
      onDemandTask({ job: 'sync-connection', connectionId: 'a' }, at(1)),
      onDemandTask({ job: 'sync-connection', connectionId: 'a' }, at(2)),
      onDemandTask({ job: 'sync-connection', connectionId: 'b' }, at(2)),
      onDemandTask({ job: 'mailbox-connected', connectionId: 'c' }, at(3)),
    ]);
    const tally = await consumeBatch(batch, jobs);
    expect(synced).toEqual(['a', 'b']);
    expect(connected).toEqual(['c']);
    expect(tally).toMatchObject({ done: 3, skipped: 1 });
    expect(acked).toHaveLength(4);
  });
});
