/**
 * On Workers, background mailbox work leaves the request: the push-triggered sync and the backfill after
 * connecting become queue messages, and the consumer runs them (once per connection per batch) on its own handle.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onDemandTask } from '../../src/compose/workers.js';
import { consumeBatch } from '../../src/jobs/queue.js';
import type { MailboxWork } from '../../src/services/mailbox/services.js';
import { createApp } from '../../src/http/app.js';
import { eq } from 'drizzle-orm';
import { accounts, drafts, importJobs, requests } from '../../src/db/schema.js';
import { ensureAccount, ensureChild } from '../../src/services/accounts/accounts.js';
import { createSession } from '../../src/services/accounts/sessions.js';
import { testDeps } from '../helpers/app.js';
import { Client } from '../http/client.js';
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

describe('importing a mailbox file on Workers (issue 14 #6)', () => {
  const MBOX = new TextEncoder().encode('From sped@district.k12.test Mon Mar  2 10:00:00 2026\r\nFrom: sped@district.k12.test\r\nTo: pat@family.test\r\nSubject: IEP\r\n\r\nHello\r\n');

  async function signedIn(runtime: 'node' | 'workers', env: Record<string, string> = {}) {
    const { app: deps } = testDeps({ db: handle.db, runtime, enqueue: async () => {}, env });
    const app = createApp(deps);
    const account = await ensureAccount(handle.db, `upload-${runtime}-${Object.keys(env).length}@family.test`);
    const child = await ensureChild(handle.db, account.id, { name: 'Sam' });
    const c = new Client(app);
    c.cookies.set('ft_session', (await createSession(handle.db, account.id, new Date())).token);
    return { c, child, deps };
  }

  it('the mailbox step says plainly that it is not available, offers no file field, and points to connecting', async () => {
    const { c, child, deps } = await signedIn('workers', { GOOGLE_CLIENT_ID: 'id.apps.googleusercontent.com', GOOGLE_CLIENT_SECRET: 'secret' });
    expect(deps.uploadDir).toBeNull();
    const { res, html } = await c.page(`/children/${child.id}/setup/mailbox`);
    expect(res.status).toBe(200);
    expect(html).toContain('id="import-unavailable"');
    expect(html).toContain('Importing a mailbox file (.mbox or .eml) is not available on this version of Followthrough');
    expect(html).toContain('Connect your mailbox above instead');
    expect(html).not.toContain('type="file"');
    expect(html).not.toContain(`action="/children/${child.id}/setup/mailbox"`);
    // No IMAP either: a Worker has no raw sockets, so it is not offered.
    expect(html).not.toContain('/connect/imap');
  });

  it('with nothing to connect, it says so instead of sending the parent in a circle', async () => {
    const { c, child } = await signedIn('workers');
    const { html } = await c.page(`/children/${child.id}/setup/mailbox`);
    expect(html).toContain('Connecting Gmail or Outlook is not set up here either');
  });

  it('an upload posted anyway is refused with the same words and no job, not an error page', async () => {
    const { c, child } = await signedIn('workers');
    await c.page(`/children/${child.id}/setup/mailbox`);
    const res = await c.upload(`/children/${child.id}/setup/mailbox`, {}, { field: 'file', name: 'mail.mbox', bytes: MBOX });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Importing a mailbox file is not available on this version of Followthrough, so nothing was uploaded.');
    expect(await handle.db.select().from(importJobs)).toHaveLength(0);
  });

  it('on Node the same step offers the file field (the check above is of the Worker, not of the page)', async () => {
    const { c, child } = await signedIn('node');
    const { html } = await c.page(`/children/${child.id}/setup/mailbox`);
    expect(html).toContain('type="file"');
    expect(html).not.toContain('id="import-unavailable"');
  });
});

describe('the demo family on Workers', () => {
  it('the first-run page offers the demo, and pressing it signs in to a demo family with its requests and drafts', async () => {
    const { app: deps } = testDeps({ db: handle.db, runtime: 'workers', enqueue: async () => {} });
    const c = new Client(createApp(deps));
    const { html } = await c.page('/');
    expect(html).toContain('Try it with a demo family');
    expect(html).not.toContain('Node server');
    const res = await c.post('/demo');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/app');
    const [demo] = await handle.db.select().from(accounts).where(eq(accounts.name, 'Demo Parent'));
    expect(demo?.settings).toMatchObject({ demo: true });
    expect((await handle.db.select().from(requests).where(eq(requests.accountId, demo!.id))).length).toBeGreaterThan(0);
    expect((await handle.db.select().from(drafts).where(eq(drafts.accountId, demo!.id))).length).toBeGreaterThan(0);
    const home = await c.page('/app');
    expect(home.res.status).toBe(200);
    expect(home.html).toContain('Ethan');
  });
});
