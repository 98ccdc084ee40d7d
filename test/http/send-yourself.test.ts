/**
 * A parent with no live mailbox (the demo family: an archive only) approves a follow-up and sends it from
 * their own email app: the text to copy with recipients and subject beside it, a mailto: link (or, when too
 * long, no link), an .eml that opens as an unsent reply, then "I sent it", recorded once. Until then it is
 * listed as approved, not sent yet. Another parent can do none of this.
 */
import { and, eq } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, drafts } from '../../src/db/schema.js';
import { listApprovedNotSent, MAILTO_MAX, mailtoFor } from '../../src/services/drafts/manual-send.js';
import { createDemoFamily } from '../../src/services/onboarding/demo.js';
import { testApp } from '../helpers/app.js';
import { createTestDb } from '../helpers/db.js';
import { signedInClient } from './client.js';

const decodeHtml = (s: string) => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');

describe('sending it yourself (no live mailbox)', () => {
  let handle: Awaited<ReturnType<typeof createTestDb>>;
  let app: ReturnType<typeof testApp>;
  let family: { id: string };
  let draft: typeof drafts.$inferSelect;

  const signedInAs = (accountId: string) => signedInClient(app, handle.db, accountId);

  beforeAll(async () => {
    handle = await createTestDb();
    app = testApp({ db: handle.db });
    family = await createDemoFamily(handle.db);
    const [d] = await handle.db.select().from(drafts).where(and(eq(drafts.accountId, family.id), eq(drafts.status, 'pending')));
    draft = d!;
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('after approval offers copy, mailto and .eml, and lists it as approved, not sent yet', async () => {
    const owner = await signedInAs(family.id);
    await owner.page(`/drafts/${draft.id}`);
    const res = await owner.post(`/drafts/${draft.id}`, { action: 'approve', to: draft.toAddresses.join(', '), cc: draft.ccAddresses.join(', '), subject: draft.subject, body: draft.body });
    const html = await res.text();
    expect(html).toContain('no connected Gmail or Outlook mailbox');
    expect(html).toContain('Approved, not sent yet');
    // The recipients and subject beside the text to copy, and the text exactly as approved.
    expect(decodeHtml(/<dd id="copy-to">([^<]*)<\/dd>/.exec(html)![1]!)).toBe(draft.toAddresses.join(', '));
    expect(decodeHtml(/<dd id="copy-subject">([^<]*)<\/dd>/.exec(html)![1]!)).toBe(draft.subject);
    expect(decodeHtml(/<textarea id="copy-body"[^>]*>([\s\S]*?)<\/textarea>/.exec(html)![1]!)).toBe(draft.body);
    // mailto: carries to, cc, subject and the whole body.
    const href = decodeHtml(/id="mailto-link" href="([^"]+)"/.exec(html)![1]!);
    const url = new URL(href);
    expect(url.protocol).toBe('mailto:');
    expect(decodeURIComponent(url.pathname)).toBe(draft.toAddresses.join(','));
    expect(url.searchParams.get('subject')).toBe(draft.subject);
    expect(url.searchParams.get('body')).toBe(draft.body.replace(/\r?\n/g, '\r\n'));
    if (draft.ccAddresses.length) expect(url.searchParams.get('cc')).toBe(draft.ccAddresses.join(','));
    expect(html).toContain(`href="/drafts/${draft.id}/eml"`);

    const listed = await listApprovedNotSent(handle.db, family.id);
    expect(listed.map((d) => d.id)).toContain(draft.id);
    expect(listed.find((d) => d.id === draft.id)).toMatchObject({ subject: draft.subject, to: draft.toAddresses });
  });

  it('the .eml is the approved message, unsent, replying in the school’s thread', async () => {
    const owner = await signedInAs(family.id);
    const res = await owner.req(`/drafts/${draft.id}/eml`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('message/rfc822');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="[A-Za-z0-9-]+\.eml"$/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 13).toString()).toBe('X-Unsent: 1\r\n');
    const [approved] = await handle.db.select().from(drafts).where(eq(drafts.id, draft.id));
    const parsed = await simpleParser(bytes);
    expect(parsed.headers.get('x-unsent')).toBe('1');
    expect(parsed.subject).toBe(approved!.subject);
    expect(parsed.text?.replace(/\n$/, '')).toBe(approved!.body);
    expect(parsed.messageId).toBe(approved!.outgoingMessageId);
    expect(approved!.inReplyTo).toBeTruthy();
    expect(parsed.inReplyTo).toBe(approved!.inReplyTo);
    expect([parsed.references].flat()).toEqual(approved!.references.length ? approved!.references : [approved!.inReplyTo]);
    const to = [parsed.to].flat().flatMap((a) => a!.value.map((v) => v.address));
    expect(to).toEqual(approved!.toAddresses);
  });

  it('another parent can neither download it nor mark it sent', async () => {
    const other = await createDemoFamily(handle.db);
    const stranger = await signedInAs(other.id);
    expect((await stranger.req(`/drafts/${draft.id}/eml`)).status).toBe(404);
    expect((await stranger.post(`/drafts/${draft.id}`, { action: 'sent_by_parent' })).status).toBe(404);
    expect((await handle.db.select().from(drafts).where(eq(drafts.id, draft.id)))[0]!.status).toBe('approved');
  });

  it('"I sent it" records it as sent by the parent, once, however often it is pressed', async () => {
    const owner = await signedInAs(family.id);
    await owner.page(`/drafts/${draft.id}`);
    const first = await owner.submit(`/drafts/${draft.id}`, { action: 'sent_by_parent' });
    expect(first.html).toContain('Recorded as sent by you');
    const second = await owner.submit(`/drafts/${draft.id}`, { action: 'sent_by_parent' });
    expect(second.posted).toBe(303);
    expect(second.html).toContain('already recorded as sent by you');
    const [row] = await handle.db.select().from(drafts).where(eq(drafts.id, draft.id));
    expect(row).toMatchObject({ status: 'sent', sentBy: 'parent' });
    expect(row!.sentAt).not.toBeNull();
    const events = await handle.db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, draft.id), eq(auditEvents.action, 'draft.sent_by_parent')));
    expect(events).toHaveLength(1);
    expect(events[0]!.actor).toBe(`parent:${family.id}`);
    expect((await listApprovedNotSent(handle.db, family.id)).map((d) => d.id)).not.toContain(draft.id);
    // Sent: no more downloading it as an unsent draft.
    expect((await owner.req(`/drafts/${draft.id}/eml`)).status).toBe(422);
  });

  it('a pending draft cannot be marked sent or downloaded', async () => {
    const [pending] = await handle.db.select().from(drafts).where(and(eq(drafts.accountId, family.id), eq(drafts.status, 'pending')));
    if (!pending) return expect.unreachable('the demo family has a second pending draft');
    const owner = await signedInAs(family.id);
    await owner.page(`/drafts/${pending.id}`);
    expect((await owner.post(`/drafts/${pending.id}`, { action: 'sent_by_parent' })).status).toBe(422);
    expect((await owner.req(`/drafts/${pending.id}/eml`)).status).toBe(422);
  });

  it('a letter too long for a mailto: link gets no link, never a cut-short one', () => {
    const base = { toAddresses: ['sped@district.k12.test'], ccAddresses: [], subject: 'Speech' };
    expect(mailtoFor({ ...base, body: 'Short note.' })).toBe('mailto:sped@district.k12.test?subject=Speech&body=Short%20note.');
    expect(mailtoFor({ ...base, body: 'x'.repeat(MAILTO_MAX) })).toBeNull();
  });
});
