/**
 * The weekly digest: its content in both formats, delivered to a real SMTP server (smtp-server) and through
 * the parent's own mailbox (the fake Gmail's messages.send), kept in the app otherwise, and previewable.
 */
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, digests, drafts, provisions, requests } from '../../../src/db/schema.js';
import { buildDigest, NOT_LEGAL_ADVICE, runWeeklyDigest } from '../../../src/services/digest/weekly.js';
import { mailboxDeliverer } from '../../../src/services/digest/mailbox-delivery.js';
import { smtpDeliverer } from '../../../src/services/digest/smtp-delivery.js';
import { draftFollowUps } from '../../../src/services/drafts/followups.js';
import { sendKeyDateReminder } from '../../../src/services/digest/reminders.js';
import { createTestDb } from '../../helpers/db.js';
import { connectedMailbox, startMailRig, type MailRig } from '../../helpers/mail-rig.js';
import { seedFamily } from '../../jobs/family.js';

const APP = 'https://app.example.org';
const NOW = new Date('2026-02-16T02:00:00Z'); // Sunday 18:00 in Los Angeles

let handle: Awaited<ReturnType<typeof createTestDb>>;
let smtp: SMTPServer;
let smtpUrl: string;
const received: Array<Awaited<ReturnType<typeof simpleParser>>> = [];
let rig: MailRig;
let accountId: string;

beforeAll(async () => {
  handle = await createTestDb();
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, done) {
      simpleParser(stream)
        .then((m) => received.push(m))
        .then(() => done(), done);
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  rig = await startMailRig();
  const fam = await seedFamily(handle.db, { email: 'digest-la@family.test', timezone: 'America/Los_Angeles' });
  accountId = fam.account.id;
  await handle.db.insert(provisions).values({
    accountId,
    childId: fam.child.id,
    label: 'k1',
    type: 'key_date',
    text: 'Annual IEP review due March 3, 2026',
    section: 'IEP Dates',
    details: { name: 'Annual IEP review', date: '2026-03-03' },
  });
  await draftFollowUps(handle.db, accountId, NOW);
});
afterAll(async () => {
  await new Promise<void>((r) => smtp?.close(() => r()));
  await rig?.close();
  await handle?.close();
});

describe('weekly digest content', () => {
  it('lists overdue requests first with days overdue and rule, then awaiting, drafts, promises and key dates, in text and HTML', async () => {
    const d = await buildDigest(handle.db, accountId, NOW, APP);
    const overdue = await handle.db.select().from(requests).where(and(eq(requests.accountId, accountId), eq(requests.status, 'overdue')));
    expect(overdue.length).toBeGreaterThan(0);

    const order = ['OVERDUE', 'AWAITING A REPLY', 'DRAFTS WAITING FOR YOUR APPROVAL', 'MISSED PROMISES', 'UPCOMING PROMISES', 'IEP KEY DATES IN THE NEXT 30 DAYS'];
    const at = order.map((h) => d.text.indexOf(h));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(d.text).toMatch(/days? overdue/);
    for (const r of overdue) {
      expect(d.text).toContain(`${APP}/requests/${r.id}`);
      const rule = r.rule as { citation?: string } | null;
      if (r.dueBasis === 'statute' && rule?.citation) expect(d.text).toContain(rule.citation);
      else expect(d.text).toContain('courtesy window');
    }
    expect(d.text).toMatch(new RegExp(`${APP}/drafts/[0-9a-f-]{36}`));
    expect(d.text).toContain('Annual IEP review: March 3, 2026');
    expect(d.text).toContain(NOT_LEGAL_ADVICE);
    expect(d.subject).toMatch(/overdue/);

    expect(d.html).toContain('name="viewport"');
    expect(d.html).toContain('max-width:600px');
    expect(d.html).not.toMatch(/<style|<script|<link /i); // inline styles only
    expect(d.html).toContain(`href="${APP}/requests/${overdue[0]!.id}"`);
    expect(d.html).toContain('Annual IEP review: March 3, 2026');
    expect(d.html).toContain('not legal advice');
    expect(d.html.indexOf('>Overdue')).toBeLessThan(d.html.indexOf('>Awaiting a reply'));
  });

  it('titles drafts by what they chase, and lists approved drafts not sent yet until the parent marks them sent', async () => {
    const pending = await handle.db.select().from(drafts).where(and(eq(drafts.accountId, accountId), eq(drafts.status, 'pending')));
    expect(pending.length).toBeGreaterThan(0);
    const before = await buildDigest(handle.db, accountId, NOW, APP);
    const draftSection = before.text.slice(before.text.indexOf('DRAFTS WAITING'), before.text.indexOf('APPROVED, NOT SENT YET'));
    const headlines = draftSection.split('\n').filter((l) => l.startsWith('- '));
    expect(headlines).toHaveLength(pending.length);
    // "Records request of Jan 5 — 12 days past due", never the subject line the follow-ups share.
    for (const h of headlines) expect(h).toMatch(/^- (\w+: )?(\w[\w ]* request|Question|School’s promise) (of|for) [A-Z][a-z]{2} \d{1,2}( — \d+ days? past due)?$/);
    expect(before.text).toContain('Every follow-up you approved has been sent.');

    const chosen = pending[0]!;
    await handle.db.update(drafts).set({ status: 'approved', approvedAt: NOW }).where(eq(drafts.id, chosen.id));
    try {
      const after = await buildDigest(handle.db, accountId, NOW, APP);
      const approved = after.text.slice(after.text.indexOf('APPROVED, NOT SENT YET (1)'), after.text.indexOf('MISSED PROMISES'));
      expect(approved).toContain(`${APP}/drafts/${chosen.id}`);
      expect(approved).toContain('I sent it');
      expect(after.subject).toContain('1 approved, not sent');
      expect(after.html).toContain('Approved, not sent yet');
      await handle.db.update(drafts).set({ status: 'sent', sentBy: 'parent', sentAt: NOW }).where(eq(drafts.id, chosen.id));
      const sent = await buildDigest(handle.db, accountId, NOW, APP);
      expect(sent.text).toContain('APPROVED, NOT SENT YET (0)');
      expect(sent.text).not.toContain(`${APP}/drafts/${chosen.id}`);
    } finally {
      await handle.db.update(drafts).set({ status: 'pending', approvedAt: null, sentBy: null, sentAt: null }).where(eq(drafts.id, chosen.id));
    }
  });

  it('is delivered once to a real SMTP server, in both formats, and stored once for the week', async () => {
    const deliverer = smtpDeliverer({ url: smtpUrl, appUrl: APP });
    try {
      const first = await runWeeklyDigest({ db: handle.db, appUrl: APP, deliverers: [deliverer] }, accountId, '2026-W07', NOW);
      const again = await runWeeklyDigest({ db: handle.db, appUrl: APP, deliverers: [deliverer] }, accountId, '2026-W07', NOW);
      expect(first).toMatchObject({ created: 1, delivered: 1, via: 'smtp' });
      expect(again).toMatchObject({ created: 0, delivered: 0 });
    } finally {
      deliverer.close();
    }
    expect(received).toHaveLength(1);
    const mail = received[0]!;
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value[0]?.address : null).toBe('digest-la@family.test');
    expect(mail.subject).toMatch(/^Your weekly school follow-up digest/);
    expect(mail.text).toContain('OVERDUE (');
    expect(mail.text).toContain(NOT_LEGAL_ADVICE);
    expect(typeof mail.html === 'string' && mail.html.includes('max-width:600px')).toBe(true);
    expect(mail.messageId).toMatch(/^<digest\.2026-W07\./);
    const rows = await handle.db.select().from(digests).where(eq(digests.accountId, accountId));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ period: '2026-W07', deliveredVia: 'smtp' });
  });

  it("goes from the parent's own Gmail to themselves when a mailbox is connected, and is not sent twice", async () => {
    const { account, connection } = await connectedMailbox(handle.db, rig, 'gmail', { label: 'digest' });
    const smtpChannel = smtpDeliverer({ url: smtpUrl, appUrl: APP });
    const deps = { db: handle.db, appUrl: APP, deliverers: [mailboxDeliverer(rig.deps(handle.db)), smtpChannel] };
    const sentBefore = rig.gmail.messages.filter((m) => m.labelIds.includes('SENT')).length;
    const r = await runWeeklyDigest(deps, account.id, '2026-W07', NOW);
    expect(r).toMatchObject({ created: 1, delivered: 1, via: 'mailbox' });
    const sent = rig.gmail.messages.filter((m) => m.labelIds.includes('SENT'));
    expect(sent).toHaveLength(sentBefore + 1);
    const parsed = await simpleParser(sent.at(-1)!.raw);
    expect(parsed.subject).toMatch(/^Your weekly school follow-up digest/);
    const addr = (a: typeof parsed.to) => (a && !Array.isArray(a) ? a.value[0]?.address : null);
    expect(addr(parsed.to)).toBe(connection.address);
    expect(parsed.from?.value[0]?.address).toBe(connection.address);
    expect(parsed.text).toContain(NOT_LEGAL_ADVICE);
    expect(typeof parsed.html === 'string' && parsed.html.includes('Weekly follow-up digest')).toBe(true);

    // A retry of the delivery (e.g. by an instance that took over) finds it in Sent and does not send again.
    const [row] = await handle.db.select().from(digests).where(eq(digests.accountId, account.id));
    await handle.db.update(digests).set({ deliveredAt: null, deliveredVia: null }).where(eq(digests.id, row!.id));
    await runWeeklyDigest(deps, account.id, '2026-W07', NOW);
    expect(rig.gmail.messages.filter((m) => m.labelIds.includes('SENT'))).toHaveLength(sentBefore + 1);
    smtpChannel.close();
  });

  it('stays in the app when no channel is configured', async () => {
    const fam = await seedFamily(handle.db, { email: 'digest-app@family.test', timezone: 'America/Los_Angeles' });
    const r = await runWeeklyDigest({ db: handle.db, appUrl: APP, deliverers: [] }, fam.account.id, '2026-W07', NOW);
    expect(r.via).toBe('app');
    const [row] = await handle.db.select().from(digests).where(eq(digests.accountId, fam.account.id));
    expect(row).toMatchObject({ deliveredVia: 'app' });
    expect(row!.text).toContain('OVERDUE');
  });

  it('sends one key-date reminder per date', async () => {
    const sent: string[] = [];
    const deps = { db: handle.db, appUrl: APP, deliverers: [{ via: 'smtp' as const, deliver: async (m: { text: string }) => (sent.push(m.text), true) }] };
    expect(await sendKeyDateReminder(deps, accountId, '2026-03-03', NOW)).toMatchObject({ sent: 1, via: 'smtp' });
    expect(await sendKeyDateReminder(deps, accountId, '2026-03-03', NOW)).toMatchObject({ sent: 0 });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toContain('Adrian: Annual IEP review');
    expect(sent[0]).toContain('March 3, 2026 (in 16 days)');
    const events = await handle.db.select().from(auditEvents).where(and(eq(auditEvents.accountId, accountId), eq(auditEvents.action, 'reminder.key_date')));
    expect(events).toHaveLength(1);
  });
});
// GET /digest/preview (signed in, the demo clock, links to this server): test/http/parent-pages.test.ts.
