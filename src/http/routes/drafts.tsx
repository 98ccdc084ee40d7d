import { recordAudit } from '../../db/audit.js';
import { Hono } from 'hono';
import { and, asc, desc, eq, inArray, isNotNull } from 'drizzle-orm';
import { accounts, auditEvents, children, clocks, drafts, mailboxConnections, requests } from '../../db/schema.js';
import { checkTone } from '../../core/tone.js';
import { isValidDate, localDateOf } from '../../core/deadlines/index.js';
import { readSettings } from '../../services/accounts/settings.js';
import { resolveUnconfirmed } from '../../services/drafts/send-recovery.js';
import { emlFileName, mailtoFor, markSentByParent, unsentEml } from '../../services/drafts/manual-send.js';
import type { AppDeps, AppEnv } from '../deps.js';
import { DraftPage } from '../pages/draft.js';
import { approveDraft, outcomeMessage, sendApprovedDraft } from '../send.js';
import { actorOf, form, formatDate, loadDraft, nowFor, render, session, str, type Ctx } from '../util.js';

const ADDRESS = /^[^\s@<>,;]+@[^\s@<>,;]+\.[a-z]{2,63}$/i;

function addresses(text: string, required: boolean): string[] {
  const list = text
    .split(/[,;\s]+/)
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  if (required && !list.length) throw new Error('Please give at least one recipient.');
  for (const a of list) if (!ADDRESS.test(a)) throw new Error(`"${a.slice(0, 80)}" is not an email address.`);
  return list;
}

export function draftRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  async function draftTimezone(draft: typeof drafts.$inferSelect): Promise<string> {
    const [req] = draft.requestId ? await deps.db.select({ childId: requests.childId }).from(requests).where(eq(requests.id, draft.requestId)) : [];
    const [child] = req?.childId ? await deps.db.select({ timezone: children.timezone }).from(children).where(eq(children.id, req.childId)) : [];
    if (child) return child.timezone;
    const [owner] = await deps.db.select({ timezone: accounts.timezone }).from(accounts).where(eq(accounts.id, draft.accountId));
    return owner!.timezone;
  }

  async function show(c: Ctx, draft: typeof drafts.$inferSelect, opts: { checked?: boolean; confirmTone?: boolean; flash?: string; error?: string; status?: 200 | 422 } = {}) {
    const [owner] = await deps.db.select().from(accounts).where(eq(accounts.id, draft.accountId));
    const [conn] = await deps.db
      .select()
      .from(mailboxConnections)
      .where(and(eq(mailboxConnections.accountId, draft.accountId), inArray(mailboxConnections.provider, ['gmail', 'outlook', 'imap']), eq(mailboxConnections.status, 'active'), isNotNull(mailboxConnections.tokens)))
      .orderBy(desc(mailboxConnections.updatedAt));
    const [req] = draft.requestId ? await deps.db.select().from(requests).where(eq(requests.id, draft.requestId)) : [];
    // An overdue process clock's follow-up belongs to the child's clock (spec §5).
    const [clock] = !req && draft.clockId ? await deps.db.select({ childId: clocks.childId }).from(clocks).where(and(eq(clocks.id, draft.clockId), eq(clocks.accountId, draft.accountId))) : [];
    const childId = req?.childId ?? clock?.childId;
    const [child] = childId ? await deps.db.select().from(children).where(eq(children.id, childId)) : [];
    const events = await deps.db.select().from(auditEvents).where(and(eq(auditEvents.accountId, draft.accountId), eq(auditEvents.subjectId, draft.id))).orderBy(asc(auditEvents.at));
    const tz = child?.timezone ?? owner!.timezone;
    return render(
      c,
      'Review the follow-up',
      <DraftPage
        csrf={c.get('csrf')}
        draft={draft}
        from={conn?.address ?? owner!.email}
        fromConnected={Boolean(conn)}
        delivery={readSettings(owner!.settings).draftDelivery}
        findings={checkTone(draft.body)}
        checked={opts.checked ?? false}
        confirmTone={opts.confirmTone ?? false}
        today={localDateOf(nowFor(deps, session(c).account).getTime(), tz)}
        events={events}
        timezone={tz}
        backHref={req?.threadId ? `/threads/${req.threadId}#r-${req.id}` : child ? `/children/${child.id}${clock ? `#clock-${draft.clockId}` : ''}` : '/app'}
        mailto={mailtoFor(draft)}
      />,
      { flash: opts.flash ?? null, error: opts.error ?? null, status: opts.status ?? 200 },
    );
  }

  app.get('/drafts/:id', async (c) => {
    const draft = await loadDraft(c, deps, c.req.param('id'));
    // After "Approve" on a text with tone findings: the text is saved, and the page asks "Send anyway?".
    return show(c, draft, { checked: c.req.query('checked') === '1', confirmTone: c.req.query('confirm') === 'tone' });
  });

  // "Download as an email draft": the approved message as an unsent .eml, for the parent's own email app.
  app.get('/drafts/:id/eml', async (c) => {
    const draft = await loadDraft(c, deps, c.req.param('id'));
    if (draft.status !== 'approved' || !draft.outgoingMessageId) return show(c, draft, { error: 'Only an approved follow-up that has not been sent can be downloaded as a draft.', status: 422 });
    const [owner] = await deps.db.select().from(accounts).where(eq(accounts.id, draft.accountId));
    const bytes = await unsentEml(draft, { address: owner!.email, name: owner!.name }, deps.now());
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'message/rfc822',
      'content-disposition': `attachment; filename="${emlFileName(draft.subject)}"`,
      'cache-control': 'no-store',
    });
  });

  app.post('/drafts/:id', async (c) => {
    const draft = await loadDraft(c, deps, c.req.param('id'));
    const f = await form(c);
    const action = str(f, 'action');
    const actor = actorOf(c, draft.accountId);
    // Product time: the demo family's fixed clock, else the real one (history entries, snoozes, sends).
    const now = nowFor(deps, session(c).account);
    const audit = (act: string, data: Record<string, unknown> = {}) =>
      recordAudit(deps.db, { accountId: draft.accountId, actor, action: act, subjectType: 'draft', subjectId: draft.id, data, at: now });
    const live = ['pending', 'snoozed', 'approved'].includes(draft.status);
    // Post/redirect/get: every success ends on a GET of the draft, so a reload never posts again.
    const done = (text: string, extra = '') => c.redirect(`/drafts/${draft.id}?done=${encodeURIComponent(text)}${extra}`, 303);
    const sendNow = async () => {
      const owner = session(c).account;
      const o = await sendApprovedDraft(deps, { draftId: draft.id, accountId: draft.accountId, mode: readSettings(owner.settings).draftDelivery, actor, now });
      deps.log.info('draft send attempted', { draftId: draft.id, outcome: o.status });
      const msg = outcomeMessage(o);
      if (msg.ok) return done(msg.text);
      const [fresh] = await deps.db.select().from(drafts).where(eq(drafts.id, draft.id));
      return show(c, fresh!, { error: msg.text });
    };

    if (action === 'snooze' || action === 'dismiss') {
      if (draft.status !== 'pending' && draft.status !== 'snoozed') return show(c, draft, { error: `This follow-up is ${draft.status}; it can no longer be ${action === 'snooze' ? 'snoozed' : 'dismissed'}.`, status: 422 });
      if (action === 'snooze') {
        const until = str(f, 'until');
        const tz = await draftTimezone(draft);
        if (!isValidDate(until) || until <= localDateOf(now.getTime(), tz)) return show(c, draft, { error: 'Please choose a date after today to be reminded on.', status: 422 });
        await deps.db.update(drafts).set({ status: 'snoozed', snoozedUntil: new Date(`${until}T12:00:00Z`), updatedAt: now }).where(eq(drafts.id, draft.id));
        await audit('draft.snoozed', { until });
        return done(`Snoozed until ${formatDate(until)}. It will come back on that date.`);
      }
      await deps.db.update(drafts).set({ status: 'dismissed', updatedAt: now }).where(eq(drafts.id, draft.id));
      await audit('draft.dismissed', {});
      return done('Dismissed. Nothing was sent.');
    }

    if (action === 'confirm_sent' || action === 'resend') {
      // The parent's answer after an unconfirmed send: only they can see their Sent folder for sure.
      const resolved = await resolveUnconfirmed(deps.db, { draftId: draft.id, accountId: draft.accountId, choice: action === 'confirm_sent' ? 'found' : 'resend', actor, now });
      if (!resolved) return show(c, draft, { error: 'This follow-up is no longer waiting for your answer; please reload the page.', status: 422 });
      if (action === 'confirm_sent') return done('Recorded as sent. Nothing else was sent.');
      return sendNow();
    }

    if (action === 'sent_by_parent') {
      const marked = await markSentByParent(deps.db, { draftId: draft.id, accountId: draft.accountId, actor, now });
      if (!marked) return show(c, draft, { error: `This follow-up is ${draft.status}; only an approved follow-up can be marked as sent by you.`, status: 422 });
      return done(marked.already ? 'It was already recorded as sent by you.' : 'Recorded as sent by you. Nothing was sent by the app.');
    }

    // A repeated approve or send (a double tap, a second tab) after the first went through: nothing happens again.
    if ((action === 'approve' || action === 'approve_anyway' || action === 'send') && ['sending', 'sent', 'saved'].includes(draft.status))
      return done(draft.status === 'sending' ? 'This follow-up is being sent now. Nothing else was sent.' : `This follow-up was already ${draft.status === 'saved' ? 'saved to your drafts' : 'sent'}. Nothing else was sent.`);
    if (!live) return show(c, draft, { error: `This follow-up is ${draft.status} and can no longer be changed.`, status: 422 });
    if (action === 'send' && draft.status === 'approved') return sendNow();

    // Edits: save what the parent sees, as they wrote it.
    let to: string[], cc: string[];
    try {
      to = addresses(str(f, 'to'), true);
      cc = addresses(str(f, 'cc'), false);
    } catch (e) {
      return show(c, draft, { error: (e as Error).message, status: 422 });
    }
    const subject = str(f, 'subject').replace(/[\r\n]+/g, ' ').trim().slice(0, 300);
    const body = str(f, 'body').replace(/\r\n/g, '\n').slice(0, 20_000);
    if (!subject || !body.trim()) return show(c, draft, { error: 'The subject and the message cannot be empty.', status: 422 });
    const approving = action === 'approve' || action === 'approve_anyway';
    // Approving a text with tone findings first asks "Send anyway?" (the text is saved, so nothing typed is lost).
    const askFirst = action === 'approve' && checkTone(body).length > 0;
    const changed: string[] = [];
    if (to.join(',') !== draft.toAddresses.join(',')) changed.push('to');
    if (cc.join(',') !== draft.ccAddresses.join(',')) changed.push('cc');
    if (subject !== draft.subject) changed.push('subject');
    const saveBody = body !== draft.body && (!approving || askFirst);
    if (changed.length || saveBody) {
      await deps.db.update(drafts).set({ toAddresses: to, ccAddresses: cc, subject, ...(saveBody ? { body } : {}), updatedAt: now }).where(eq(drafts.id, draft.id));
      await audit('draft.edited', { fields: [...changed, ...(saveBody ? ['body'] : [])] });
    }
    if (askFirst) return c.redirect(`/drafts/${draft.id}?confirm=tone#tone-confirm`, 303);

    if (approving) {
      const approved = await approveDraft(deps.db, { draftId: draft.id, accountId: draft.accountId, body, actor, now });
      if (!approved) {
        const [edited] = await deps.db.select().from(drafts).where(eq(drafts.id, draft.id));
        return show(c, edited!, { error: 'This follow-up could not be approved; please reload the page.', status: 422 });
      }
      return sendNow();
    }
    if (action === 'check') return c.redirect(`/drafts/${draft.id}?checked=1#tone-findings`, 303);
    return done('Saved. Nothing was sent.');
  });

  return app;
}
