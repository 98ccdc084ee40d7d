/**
 * "This is the same request as…" (issue 14 #8, correcting a split request) on the demo family, through the app:
 * the request page offers the child's other open requests; joining keeps the one asked first (its asked date
 * and the history of both, audited and shown in words), hides the other from the lists and the digest, and
 * withdraws its unsent follow-ups; a second press changes nothing; a new analysis and the daily drafting keep
 * the parent's join; undo splits them again. Only the parent's own requests, and only with the CSRF token.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, children, drafts, messages, requests } from '../../src/db/schema.js';
import { childDashboard } from '../../src/http/routes/dashboard-data.js';
import { analyzeChild } from '../../src/services/analysis/analyze-account.js';
import { joinSameRequest } from '../../src/services/analysis/same-request.js';
import { digestContent } from '../../src/services/digest/content.js';
import { draftFollowUps } from '../../src/services/drafts/followups.js';
import { createDemoFamily } from '../../src/services/onboarding/demo.js';
import { AppError } from '../../src/core/errors.js';
import { testApp } from '../helpers/app.js';
import { createTestDb } from '../helpers/db.js';
import { signedInClient } from './client.js';

const DEMO_NOW = new Date('2026-03-12T17:00:00Z');
const decode = (s: string) => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');

describe('the parent joins two requests that are one', () => {
  let handle: Awaited<ReturnType<typeof createTestDb>>;
  let app: ReturnType<typeof testApp>;
  let family: { id: string };
  let other: { id: string };
  /** Two open requests of one child, the first asked earlier. */
  let first: typeof requests.$inferSelect;
  let second: typeof requests.$inferSelect;
  let child: typeof children.$inferSelect;

  const signedInAs = (accountId: string) => signedInClient(app, handle.db, accountId);
  const row = async (id: string) => (await handle.db.select().from(requests).where(eq(requests.id, id)))[0]!;
  const events = (id: string, action: string) => handle.db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, id), eq(auditEvents.action, action)));
  const listed = async () => (await childDashboard(handle.db, child, DEMO_NOW)).requests.map((r) => r.row.id);

  beforeAll(async () => {
    handle = await createTestDb();
    app = testApp({ db: handle.db });
    family = await createDemoFamily(handle.db);
    other = await createDemoFamily(handle.db);
    const dash = async (c: typeof children.$inferSelect) => (await childDashboard(handle.db, c, DEMO_NOW)).requests;
    for (const c of await handle.db.select().from(children).where(eq(children.accountId, family.id))) {
      const open = (await dash(c)).filter((r) => r.status === 'overdue' || r.status === 'awaiting');
      if (open.length < 2) continue;
      const withDates = await handle.db
        .select({ r: requests, at: messages.sentAt })
        .from(requests)
        .innerJoin(messages, eq(messages.id, requests.messageId))
        .where(inArray(requests.id, open.map((o) => o.row.id)))
        .orderBy(asc(messages.sentAt));
      const distinct = withDates.filter((x, i) => i === 0 || x.at.getTime() !== withDates[0]!.at.getTime());
      if (distinct.length < 2) continue;
      child = c;
      first = withDates[0]!.r;
      second = distinct[distinct.length - 1]!.r;
      break;
    }
    expect(first, 'the demo has a child with two open requests asked on different days').toBeTruthy();
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('the request page offers the child’s other open requests', async () => {
    const owner = await signedInAs(family.id);
    const { html } = await owner.page(`/requests/${second.id}`);
    expect(html).toContain(`action="/requests/${second.id}/same-as"`);
    expect(decode(html)).toContain('This is the same request as…');
    expect(html).toContain(`<option value="${first.id}"`);
    expect(html).not.toContain(`<option value="${second.id}"`);
  });

  it('refuses another parent’s request (typed not-found), a post without the CSRF token, and a request of itself', async () => {
    const [theirs] = await handle.db.select().from(requests).where(eq(requests.accountId, other.id)).limit(1);
    const owner = await signedInAs(family.id);
    await owner.page(`/requests/${second.id}`);
    expect((await owner.post(`/requests/${second.id}/same-as`, { other: theirs!.id })).status).toBe(404);
    await expect(joinSameRequest(handle.db, { accountId: family.id, requestId: second.id, otherId: theirs!.id, actor: 'test', now: DEMO_NOW })).rejects.toMatchObject({
      constructor: AppError,
      code: 'not_found',
    });
    const stranger = await signedInAs(other.id);
    await stranger.page('/app');
    expect((await stranger.post(`/requests/${second.id}/same-as`, { other: first.id })).status).toBe(404);
    expect((await stranger.post(`/requests/${theirs!.id}/same-as`, { other: first.id })).status).toBe(404);
    expect((await owner.post(`/requests/${second.id}/same-as`, { other: first.id }, { csrf: null })).status).toBe(403);
    expect((await owner.post(`/requests/${second.id}/same-as`, { other: second.id })).status).toBe(422);
    expect((await owner.post(`/requests/${second.id}/same-as`, { other: 'not-an-id' })).status).toBe(422);
    for (const id of [first.id, second.id, theirs!.id]) expect((await row(id)).overrides).toEqual({});
    expect(await events(second.id, 'request.joined')).toHaveLength(0);
  });

  it('joins them: the first ask is kept with the history of both; the other leaves the lists and its follow-up is withdrawn; a second press changes nothing', async () => {
    // The later request has an unsent follow-up of its own (as a split request would).
    const [own] = await handle.db
      .insert(drafts)
      .values({ accountId: family.id, requestId: second.id, stateKey: 'test:split', subject: 'Following up', body: 'Dear team,\n\nFollowing up.\n\nThank you', toAddresses: ['school@example.test'], status: 'pending' })
      .returning();
    expect(await listed()).toEqual(expect.arrayContaining([first.id, second.id]));

    const owner = await signedInAs(family.id);
    await owner.page(`/requests/${second.id}`);
    const res = await owner.submit(`/requests/${second.id}/same-as`, { other: first.id });
    expect(res.posted).toBe(303);
    expect(res.location).toMatch(new RegExp(`^/requests/${first.id}\\?done=`));
    const page = decode(res.html);
    expect(page).toContain('Joined: they are one request now.');
    expect(page).toContain('You joined another request to this one');
    expect(page).toContain(second.evidence);
    expect(page).toContain(`action="/requests/${second.id}/split"`);
    // The history of both, in words.
    expect(page).toContain('You said a second request is the same as this one');
    expect(page).toContain('You said this is the same request as an earlier one');
    expect(page).not.toMatch(/request\.joined|draft\.dismissed/);

    expect((await row(second.id)).overrides).toMatchObject({ sameAs: first.id });
    expect((await row(first.id)).overrides).toMatchObject({ merged: [second.id] });
    expect(await events(first.id, 'request.joined')).toHaveLength(1);
    expect(await events(second.id, 'request.joined')).toHaveLength(1);
    const [withdrawn] = await handle.db.select().from(drafts).where(eq(drafts.id, own!.id));
    expect(withdrawn?.status).toBe('dismissed');
    expect(await events(own!.id, 'draft.dismissed')).toHaveLength(1);

    const ids = await listed();
    expect(ids).toContain(first.id);
    expect(ids).not.toContain(second.id);
    const digest = await digestContent(handle.db, family.id, DEMO_NOW);
    expect([...digest.overdue, ...digest.awaiting].map((r) => r.id)).not.toContain(second.id);
    // Its own address leads to the request it is part of.
    const direct = await owner.req(`/requests/${second.id}`);
    expect(direct.status).toBe(303);
    expect(direct.headers.get('location')).toBe(`/requests/${first.id}#asked-again`);
    // The Record page says it for a person.
    const record = decode((await owner.page('/audit')).html);
    expect(record).toContain('You said this is the same request as an earlier one');

    // A double click: the second post answers the same page and records nothing more.
    await owner.page(`/requests/${first.id}`);
    const again = await owner.post(`/requests/${second.id}/same-as`, { other: first.id });
    expect(again.status).toBe(303);
    expect(await events(first.id, 'request.joined')).toHaveLength(1);
    expect((await row(first.id)).overrides).toMatchObject({ merged: [second.id] });
  });

  it('a new analysis and the daily drafting keep the parent’s join: the other request does not come back', async () => {
    await analyzeChild(handle.db, family.id, child.id, DEMO_NOW);
    await analyzeChild(handle.db, family.id, child.id, new Date('2026-03-20T17:00:00Z'));
    expect((await row(second.id)).overrides).toMatchObject({ sameAs: first.id });
    expect(await listed()).not.toContain(second.id);
    await draftFollowUps(handle.db, family.id, new Date('2026-03-20T17:00:00Z'));
    const live = await handle.db.select().from(drafts).where(and(eq(drafts.requestId, second.id), inArray(drafts.status, ['pending', 'snoozed', 'approved'])));
    expect(live).toEqual([]);
  });

  it('undo splits them again, once', async () => {
    const owner = await signedInAs(family.id);
    await owner.page(`/requests/${first.id}`);
    const res = await owner.submit(`/requests/${second.id}/split`);
    expect(res.posted).toBe(303);
    expect(decode(res.html)).toContain('Undone: it is its own request again.');
    expect((await row(second.id)).overrides).toEqual({});
    expect((await row(first.id)).overrides).toEqual({});
    expect(await listed()).toEqual(expect.arrayContaining([first.id, second.id]));
    expect(await events(first.id, 'request.split')).toHaveLength(1);
    expect(await events(second.id, 'request.split')).toHaveLength(1);
    expect(decode(res.html)).toContain('You made this its own request again');
    await owner.post(`/requests/${second.id}/split`);
    expect(await events(second.id, 'request.split')).toHaveLength(1);
  });
});
