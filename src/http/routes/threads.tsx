import { Hono } from 'hono';
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { diffDays, localDateOf } from '../../core/deadlines/index.js';
import { RequestPage } from '../pages/request.js';
import { auditEvents, children, drafts, messages, requests } from '../../db/schema.js';
import { isAppError } from '../../core/errors.js';
import { applyOverride, effectiveRequest, readOverrides } from '../../services/analysis/overrides.js';
import { parseMarkForm, parseOverrideForm } from '../forms/requests.js';
import { markAsRequest, marksOnMessages } from '../../services/analysis/parent-marks.js';
import { analyzeChild } from '../../services/analysis/analyze-account.js';
import type { AppDeps, AppEnv } from '../deps.js';
import { ThreadPage } from '../pages/thread.js';
import { ladderView, type LadderView } from '../../services/drafts/ladder-controls.js';
import { renewalsAmong } from '../../services/analysis/renewals.js';
import { sameRequestChoices } from '../../services/analysis/same-request.js';
import { actorOf, form, isUuid, loadRequest, loadThread, notFound, nowFor, render, session, visible } from '../util.js';

export function threadRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  app.get('/threads/:id', async (c) => {
    const thread = await loadThread(c, deps, c.req.param('id'));
    const msgs = await deps.db.select().from(messages).where(and(eq(messages.threadId, thread.id), eq(messages.accountId, thread.accountId))).orderBy(asc(messages.sentAt));
    const [child] = thread.childId ? await deps.db.select().from(children).where(eq(children.id, thread.childId)) : [];
    const tz = child?.timezone ?? session(c).account.timezone;
    const now = nowFor(deps, session(c).account);
    const reqRows = msgs.length ? await deps.db.select().from(requests).where(and(eq(requests.accountId, thread.accountId), inArray(requests.messageId, msgs.map((m) => m.id)))) : [];
    const reqs = reqRows.map((r) => effectiveRequest(r, now, tz));
    const ids = reqRows.map((r) => r.id);
    const events = ids.length
      ? await deps.db.select().from(auditEvents).where(and(eq(auditEvents.accountId, thread.accountId), inArray(auditEvents.subjectId, ids))).orderBy(asc(auditEvents.at))
      : [];
    const draftRows = ids.length ? await deps.db.select().from(drafts).where(inArray(drafts.requestId, ids)) : [];
    // The follow-up plan of each request that has one, or is overdue (it can be started).
    const ladders = new Map<string, LadderView>();
    for (const r of reqs) {
      const v = await ladderView(deps.db, thread.accountId, r.row.id, now);
      if (v && (v.state !== 'none' || r.status === 'overdue')) ladders.set(r.row.id, v);
    }
    const childReqs = thread.childId ? await deps.db.select().from(requests).where(and(eq(requests.accountId, thread.accountId), eq(requests.childId, thread.childId))) : reqRows;
    const renews = (await renewalsAmong(deps.db, childReqs, now, () => tz)).primaryOf;
    const joinedByParent = new Set(childReqs.filter((r) => readOverrides(r.overrides).sameAs).map((r) => r.id));
    const marks = new Map<string, Array<{ sentence: string; kind: string }>>();
    for (const m of await marksOnMessages(deps.db, thread.accountId, msgs.map((m) => m.id))) marks.set(m.messageId, [...(marks.get(m.messageId) ?? []), m]);
    return render(c, thread.subject || 'Conversation', <ThreadPage marks={marks} renews={renews} joinedByParent={joinedByParent} csrf={c.get('csrf')} thread={thread} msgs={msgs} reqs={reqs} events={events} drafts={draftRows} timezone={tz} ladders={ladders} />);
  });

  // The digest's link target: the request as a page (never a JSON 404).
  app.get('/requests/:id', async (c) => {
    const req = await loadRequest(c, deps, c.req.param('id'));
    const [child] = req.childId ? await deps.db.select().from(children).where(eq(children.id, req.childId)) : [];
    const tz = child?.timezone ?? session(c).account.timezone;
    const now = nowFor(deps, session(c).account);
    // A repeated ask is the request it renews: its page is that request's, with the repeat in its history.
    const siblings = req.childId ? await deps.db.select().from(requests).where(and(eq(requests.accountId, req.accountId), eq(requests.childId, req.childId))) : [];
    const renewals = await renewalsAmong(deps.db, siblings, now, () => tz);
    const primary = renewals.primaryOf.get(req.id);
    if (primary) return c.redirect(`/requests/${primary}#asked-again`, 303);
    const r = effectiveRequest(req, now, tz);
    const [msg] = await deps.db.select({ sentAt: messages.sentAt }).from(messages).where(eq(messages.id, req.messageId));
    const today = localDateOf(now.getTime(), tz);
    const askedOn = localDateOf((msg?.sentAt ?? req.createdAt).getTime(), tz);
    const [draft] = await deps.db.select({ id: drafts.id, status: drafts.status }).from(drafts).where(eq(drafts.requestId, req.id)).orderBy(desc(drafts.createdAt));
    // Its history with that of the asks that are part of it (repeated, or joined by the parent).
    const joined = renewals.renewalsOf.get(req.id) ?? [];
    const events = await deps.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.accountId, req.accountId), inArray(auditEvents.subjectId, [req.id, ...joined.map((x) => x.id)])))
      .orderBy(asc(auditEvents.at));
    const asked = siblings.length ? await deps.db.select({ id: messages.id, sentAt: messages.sentAt }).from(messages).where(inArray(messages.id, siblings.map((s) => s.messageId))) : [];
    const askedAt = new Map(asked.map((m) => [m.id, m.sentAt]));
    const choices = sameRequestChoices(req, siblings.map((s) => ({ r: s, askedAt: askedAt.get(s.messageId) ?? s.createdAt })), renewals.primaryOf, now, tz);
    return render(
      c,
      'Request',
      <RequestPage
        r={r}
        child={child ? { id: child.id, name: child.name } : null}
        askedOn={askedOn}
        daysOverdue={Math.max(0, diffDays(r.dueDate, today))}
        draft={draft ?? null}
        events={events}
        timezone={tz}
        renewals={joined}
        csrf={c.get('csrf')}
        sameAsChoices={choices}
      />,
    );
  });

  app.post('/requests/:id/override', async (c) => {
    const req = await loadRequest(c, deps, c.req.param('id'));
    let change;
    try {
      change = parseOverrideForm(await form(c));
    } catch (e) {
      if (!isAppError(e) || e.code !== 'bad_input') throw e;
      return render(c, 'Please try again', <p>{e.message}</p>, { status: 422 });
    }
    await applyOverride(deps.db, { accountId: req.accountId, requestId: req.id, actor: actorOf(c, req.accountId), change, now: nowFor(deps, session(c).account) });
    const back = req.threadId ? `/threads/${req.threadId}` : req.childId ? `/children/${req.childId}` : '/app';
    return c.redirect(`${back}?done=Saved.#r-${req.id}`, 303);
  });
  // "This is a request" on the parent's own message: stored as the parent's mark, then the child's analysis
  // runs again with it (analyzeChild passes every mark to the core), so it is tracked like a detected request.
  app.post('/messages/:id/mark', async (c) => {
    const id = c.req.param('id');
    if (!isUuid(id)) notFound(c);
    // Changing anything is the parent's own only (util.ts visible): another account's message is not found.
    const [msg] = await deps.db.select().from(messages).where(and(eq(messages.id, id), inArray(messages.accountId, await visible(c, deps))));
    if (!msg) notFound(c);
    const back = (q: string) => c.redirect(`/threads/${msg.threadId}?${q}#m-${msg.id}`, 303);
    let marked;
    try {
      const f = parseMarkForm(await form(c));
      marked = await markAsRequest(deps.db, { accountId: msg.accountId, messageId: msg.id, sentence: f.sentence, kind: f.kind, actor: actorOf(c, msg.accountId) });
    } catch (e) {
      if (!isAppError(e) || e.code !== 'bad_input') throw e;
      return render(c, 'Please try again', <p>{e.message} <a href={`/threads/${msg.threadId}#m-${msg.id}`}>Back to the conversation</a></p>, { status: 422 });
    }
    if (!marked) notFound(c);
    if (msg.childId) await analyzeChild(deps.db, msg.accountId, msg.childId, nowFor(deps, session(c).account));
    return back(`done=${encodeURIComponent('Saved: it is now tracked as your request.')}`);
  });
  return app;
}
