/**
 * Duplicate digests after a crash: an instance killed while it delivers, and the one that takes over. The
 * killed instance is modelled by a delivery whose send completes at a real SMTP server and whose run then
 * never continues (its promise is abandoned, as a killed process's would be).
 */
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digests } from '../../src/db/schema.js';
import type { Deliverer, SelfMail } from '../../src/services/digest/delivery.js';
import { smtpDeliverer } from '../../src/services/digest/smtp-delivery.js';
import { runWeeklyDigest } from '../../src/services/digest/weekly.js';
import { createTestDb } from '../helpers/db.js';
import { seedFamily } from '../jobs/family.js';

const APP = 'https://app.example.org';
const NOW = new Date('2026-02-16T02:00:00Z');
let handle: Awaited<ReturnType<typeof createTestDb>>;
let smtp: SMTPServer;
let smtpUrl: string;
const received: string[] = [];

beforeAll(async () => {
  handle = await createTestDb();
  smtp = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false,
    onData(stream, session, done) {
      stream.on('data', () => {});
      stream.on('end', () => (received.push(session.envelope.rcptTo[0]!.address), done()));
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((r) => smtp.close(() => r()));
  await handle?.close();
});

/** Sends for real, then the run is "killed": it never records the outcome. */
function killedAfterSend(inner: Deliverer): Deliverer {
  return { via: inner.via, deliver: async (m: SelfMail) => (await inner.deliver(m), new Promise<boolean>(() => {})) };
}

describe('digest delivery across a crash', () => {
  it('five families, each instance killed after its SMTP send: the takeover sends none again', async () => {
    const smtpChannel = smtpDeliverer({ url: smtpUrl, appUrl: APP });
    try {
      for (let i = 0; i < 5; i++) {
        const fam = await seedFamily(handle.db, { email: `crash-${i}@family.test`, timezone: 'America/Los_Angeles' });
        void runWeeklyDigest({ db: handle.db, appUrl: APP, deliverers: [killedAfterSend(smtpChannel)] }, fam.account.id, '2026-W07', NOW);
        await expect.poll(() => received.filter((r) => r === `crash-${i}@family.test`).length, { timeout: 10_000 }).toBe(1);
        const takeover = await runWeeklyDigest({ db: handle.db, appUrl: APP, deliverers: [smtpChannel] }, fam.account.id, '2026-W07', new Date(NOW.getTime() + 60_000));
        expect(takeover).toMatchObject({ created: 0, delivered: 0 });
        const [row] = await handle.db.select().from(digests).where(eq(digests.accountId, fam.account.id));
        // SMTP has no Sent folder to look in: the outcome stays unknown and the digest stays readable in the app.
        expect(row).toMatchObject({ deliveryOutcome: 'unknown', deliveryAttemptVia: 'smtp', deliveredAt: null });
      }
      await new Promise((r) => setTimeout(r, 300));
      for (let i = 0; i < 5; i++) expect(received.filter((r) => r === `crash-${i}@family.test`)).toHaveLength(1);
    } finally {
      smtpChannel.close();
    }
  }, 60_000);

  it('a channel that can be searched and shows no copy is delivered once by the takeover', async () => {
    const sent: string[] = [];
    const searchable: Deliverer = { via: 'mailbox', deliver: async (m) => (sent.push(m.messageId), true), findDelivered: async (m) => sent.includes(m.messageId) };
    const fam = await seedFamily(handle.db, { email: 'search@family.test', timezone: 'America/Los_Angeles' });
    // Killed after recording its attempt but before its send reached the provider.
    const dying: Deliverer = { via: 'mailbox', deliver: () => new Promise<boolean>(() => {}) };
    void runWeeklyDigest({ db: handle.db, appUrl: APP, deliverers: [dying] }, fam.account.id, '2026-W07', NOW);
    await expect.poll(async () => (await handle.db.select().from(digests).where(eq(digests.accountId, fam.account.id)))[0]?.deliveryAttemptVia ?? null, { timeout: 10_000 }).toBe('mailbox');
    const takeover = await runWeeklyDigest({ db: handle.db, appUrl: APP, deliverers: [searchable] }, fam.account.id, '2026-W07', NOW);
    expect(takeover).toMatchObject({ delivered: 1, via: 'mailbox' });
    const again = await runWeeklyDigest({ db: handle.db, appUrl: APP, deliverers: [searchable] }, fam.account.id, '2026-W07', NOW);
    expect(again).toMatchObject({ delivered: 0 });
    expect(sent).toHaveLength(1);
  });
});
