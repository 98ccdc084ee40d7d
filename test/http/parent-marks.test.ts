/**
 * "This is a request" (issue 14 #8): the parent marks a sentence of their own message that the app missed, with
 * its kind. It becomes a tracked request, and stays one when the child's analysis runs again (analyzeChild
 * passes the marks to the core as `parentMarked`). Only the parent's own message, own words, own account.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, messages, parentMarkedRequests, requests } from '../../src/db/schema.js';
import { analyzeChild } from '../../src/services/analysis/analyze-account.js';
import { createDemoFamily } from '../../src/services/onboarding/demo.js';
import { testApp } from '../helpers/app.js';
import { createTestDb } from '../helpers/db.js';
import { signedInClient } from './client.js';

const MISSED = 'The bus dropped him off 40 minutes late twice last week.';
const decode = (s: string) => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');

describe('the parent marks a request the app missed', () => {
  let handle: Awaited<ReturnType<typeof createTestDb>>;
  let app: ReturnType<typeof testApp>;
  let family: { id: string };
  let other: { id: string };
  let msg: typeof messages.$inferSelect;

  const signedInAs = (accountId: string) => signedInClient(app, handle.db, accountId);
  const marked = () => handle.db.select().from(requests).where(and(eq(requests.messageId, msg.id), eq(requests.signal, 'parent-marked/parent')));

  beforeAll(async () => {
    handle = await createTestDb();
    app = testApp({ db: handle.db });
    family = await createDemoFamily(handle.db);
    other = await createDemoFamily(handle.db);
    const mine = await handle.db.select().from(messages).where(and(eq(messages.accountId, family.id), eq(messages.side, 'parent')));
    msg = mine.find((m) => m.newText.includes(MISSED))!;
    expect(msg, 'the demo has a parent message with the missed sentence').toBeTruthy();
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('the thread offers the form on the parent’s own message, with its sentences', async () => {
    const owner = await signedInAs(family.id);
    const html = decode(await (await owner.req(`/threads/${msg.threadId}`)).text());
    expect(html).toContain(`action="/messages/${msg.id}/mark"`);
    expect(html).toContain(`value="${MISSED}"`);
    expect(html).toContain('Did we miss a request in this message?');
    expect(await marked()).toHaveLength(0);
  });

  it('another parent cannot mark it, and the form refuses a sentence that is not there or a bad kind', async () => {
    const stranger = await signedInAs(other.id);
    await stranger.page('/app');
    expect((await stranger.post(`/messages/${msg.id}/mark`, { sentence: MISSED, kind: 'services' })).status).toBe(404);
    const owner = await signedInAs(family.id);
    await owner.page(`/threads/${msg.threadId}`);
    expect((await owner.post(`/messages/${msg.id}/mark`, { sentence: 'Please build a swimming pool.', kind: 'services' })).status).toBe(422);
    expect((await owner.post(`/messages/${msg.id}/mark`, { sentence: MISSED, kind: 'pony' })).status).toBe(422);
    // A school message is not the parent's to mark as their request.
    const [school] = await handle.db.select().from(messages).where(and(eq(messages.accountId, family.id), eq(messages.side, 'school')));
    expect((await owner.post(`/messages/${school!.id}/mark`, { sentence: school!.newText.split(/[.!?]/)[0]!, kind: 'records' })).status).toBe(422);
    expect(await handle.db.select().from(parentMarkedRequests)).toHaveLength(0);
  });

  it('marked: tracked as a request, audited, and still there after the analysis runs again', async () => {
    const owner = await signedInAs(family.id);
    await owner.page(`/threads/${msg.threadId}`);
    const res = await owner.submit(`/messages/${msg.id}/mark`, { sentence: MISSED, kind: 'services' });
    expect(decode(res.html)).toContain('Saved: it is now tracked as your request.');
    const [row] = await marked();
    expect(row).toMatchObject({ kind: 'services', evidence: MISSED, accountId: family.id });
    // The thread shows it as a request card, and the mark itself.
    expect(decode(res.html)).toContain(`id="r-${row!.id}"`);
    expect(decode(res.html)).toContain(`You marked “${MISSED}” as a request (Services).`);
    const trail = await handle.db.select().from(auditEvents).where(and(eq(auditEvents.accountId, family.id), eq(auditEvents.action, 'request.marked')));
    expect(trail).toHaveLength(1);

    // A re-analysis (the nightly one, a new message, an override) keeps it: same row, same kind.
    await analyzeChild(handle.db, family.id, msg.childId!, new Date('2026-03-12T17:00:00Z'));
    await analyzeChild(handle.db, family.id, msg.childId!, new Date('2026-03-20T17:00:00Z'));
    const after = await marked();
    expect(after.map((r) => r.id)).toEqual([row!.id]);
    // The other account saw none of it.
    expect(await handle.db.select().from(requests).where(and(eq(requests.accountId, other.id), eq(requests.signal, 'parent-marked/parent')))).toHaveLength(0);
  });
});
