/**
 * Sync-to-fresh-status latency: a school reply that arrives by push is reflected in the request's status
 * within 60 s, with no scheduled tick in between. The app is built by the composition root (test helper),
 * Gmail is the fake, and nothing but the push route starts work.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobRuns, requests } from '../../src/db/schema.js';
import { createApp } from '../../src/http/app.js';
import { gmailPushEndpoint } from '../../src/http/routes/push.js';
import { syncConnection } from '../../src/services/mailbox/sync.js';
import { PARENT } from '../fakes/mail-fixtures.js';
import { mailText } from '../helpers/mail.js';
import { testDeps } from '../helpers/app.js';
import { createTestDb } from '../helpers/db.js';
import { connectedMailbox, startMailRig, TEST_KEYRING, type MailRig } from '../helpers/mail-rig.js';

const SECRET = 's'.repeat(40);
const DAY = 86_400_000;

let handle: Awaited<ReturnType<typeof createTestDb>>;
let rig: MailRig;
beforeAll(async () => {
  handle = await createTestDb();
  rig = await startMailRig();
});
afterAll(async () => {
  await rig?.close();
  await handle?.close();
});

describe('push → sync → analysis', () => {
  it('a school reply arriving by push answers the request in under 60 s, without a tick', async () => {
    const sentAt = new Date(Date.now() - 40 * DAY);
    rig.gmail.addMessage(
      mailText({
        from: `Pat Parent <${PARENT}>`,
        to: ['Ms. Sped <sped@district.k12.test>'],
        subject: 'Request for evaluation',
        body: 'I am writing to request a full evaluation of Sam for special education services. Please send me the assessment plan.',
        date: sentAt,
        messageId: '<eval-request@family.test>',
      }),
      { labelIds: ['SENT'] },
    );
    const { account, connection } = await connectedMailbox(handle.db, rig, 'gmail');
    const { app } = testDeps({ db: handle.db, env: { SESSION_SECRET: SECRET }, mail: { providers: rig.providers(), keyring: TEST_KEYRING } });

    // The first sync (the backfill after connecting) stores the request and analyses it at once.
    const first = await syncConnection(app.mail.sync, connection.id);
    expect(first).toMatchObject({ status: 'ok', stored: 1, analysed: 1 });
    const status = async () => {
      const [r] = await handle.db.select({ status: requests.status }).from(requests).where(eq(requests.accountId, account.id));
      return r?.status;
    };
    const before = await status();
    expect(before === 'awaiting' || before === 'overdue').toBe(true);

    // The school answers; Gmail pushes.
    rig.gmail.addMessage(
      mailText({
        from: 'Ms. Sped <sped@district.k12.test>',
        to: [PARENT],
        subject: 'RE: Request for evaluation',
        body: 'Thank you for your request. Attached is the assessment plan for Sam; please sign and return it.',
        date: new Date(),
        messageId: '<eval-answer@district.k12.test>',
        inReplyTo: '<eval-request@family.test>',
        references: '<eval-request@family.test>',
      }),
    );
    const started = Date.now();
    const url = new URL(gmailPushEndpoint(app.env.APP_URL, SECRET));
    const data = Buffer.from(JSON.stringify({ emailAddress: PARENT, historyId: rig.gmail.historyId })).toString('base64');
    const res = await createApp(app).request(`${url.pathname}${url.search}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: { data } }) });
    expect(res.status).toBe(204);

    let after = before;
    while (Date.now() - started < 60_000 && (after === 'awaiting' || after === 'overdue')) {
      await new Promise((r) => setTimeout(r, 100));
      after = await status();
    }
    const latencyMs = Date.now() - started;
    console.log(`push → status '${after}' in ${latencyMs} ms`);
    expect(after === 'answered' || after === 'acknowledged').toBe(true);
    expect(latencyMs).toBeLessThan(60_000);
    // No scheduled tick ran: nothing was claimed in job_runs for this account or globally.
    expect(await handle.db.select().from(jobRuns)).toEqual([]);
  });
});
