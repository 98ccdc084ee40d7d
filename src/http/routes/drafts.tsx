import { recordAudit } from '../../db/audit.js';
import { Hono } from 'hono';
import { and, asc, desc, eq, inArray, isNotNull } from 'drizzle-orm';
import { accounts, auditEvents, children, clocks, drafts, mailboxConnections, requests } from '../../db/schema.js';
import { checkTone } from '../../core/tone.js';
import { isValidDate } from '../../core/deadlines/index.js';
import { readSettings } from '../../services/accounts/settings.js';
import { resolveUnconfirmed } from '../../services/drafts/send-recovery.js';
import { emlFileName, mailtoFor, markSentByParent, unsentEml } from '../../services/drafts/manual-send.js';
import type { AppDeps, AppEnv } from '../deps.js';
import { DraftPage } from '../pages/draft.js';
import { approveDraft, outcomeMessage, sendApprovedDraft } from '../send.js';
import { actorOf, form, loadDraft, nowFor, render, session, str, type Ctx } from '../util.js';

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

  async function show(c: Ctx, draft: typeof drafts.$inferSelect, opts: { checked?: boolean; flash?: string; error?: string; status?: 200 | 422 } = {}) {
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
        events={events}
        timezone={tz}
        backHref={req?.threadId ? `/threads/${req.threadId}#r-${req.id}` : child ? `/children/${child.id}${clock ? `#clock-${draft.clockId}` : ''}` : '/app'}
        mailto={mailtoFor(draft)}
      />,
      { flash: opts.flash ?? null, error: opts.error ?? null, status: opts.status ?? 200 },
    );
  }

  app.get('/drafts/:id', async (c) => show(c, await loadDraft(c, deps, c.req.param('id'))));

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
    const now = deps.now();
    const audit = (act: string, data: Record<string, unknown> = {}) =>
      recordAudit(deps.db, { accountId: draft.accountId, actor, action: act, subjectType: 'draft', subjectId: draft.id, data });
    const live = ['pending', 'snoozed', 'approved'].includes(draft.status);

    if (action === 'snooze' || action === 'dismiss') {
      if (draft.status !== 'pending' && draft.status !== 'snoozed') return show(c, draft, { error: `This follow-up is ${draft.status}; it can no longer be ${action === 'snooze' ? 'snoozed' : 'dismissed'}.`, status: 422 });
      if (action === 'snooze') {
        const until = str(f, 'until');
        if (!isValidDate(until) || new Date(`${until}T23:59:59Z`).getTime() < now.getTime())
          return show(c, draft, { error: 'Please choose a date in the future to be reminded on.', status: 422 });
        await deps.db.update(drafts).set({ status: 'snoozed', snoozedUntil: new Date(`${until}T12:00:00Z`), updatedAt: now }).where(eq(drafts.id, draft.id));
        await audit('draft.snoozed', { until });
      } else {
        await deps.db.update(drafts).set({ status: 'dismissed', updatedAt: now }).where(eq(drafts.id, draft.id));
        await audit('draft.dismissed', {});
      }
      const [fresh] = await deps.db.select().from(drafts).where(eq(drafts.id, draft.id));
      return show(c, fresh!, { flash: action === 'snooze' ? 'Snoozed. It will come back on that date.' : 'Dismissed. Nothing was sent.' });
    }

    if (action === 'confirm_sent' || action === 'resend') {
      // The parent's answer after an unconfirmed send: only they can see their Sent folder for sure.
      const resolved = await resolveUnconfirmed(deps.db, { draftId: draft.id, accountId: draft.accountId, choice: action === 'confirm_sent' ? 'found' : 'resend', actor, now });
      if (!resolved) return show(c, draft, { error: 'This follow-up is no longer waiting for your answer; please reload the page.', status: 422 });
      if (action === 'confirm_sent') return show(c, resolved, { flash: 'Recorded as sent. Nothing else was sent.' });
      const owner = session(c).account;
      const o = await sendApprovedDraft(deps, { draftId: draft.id, accountId: draft.accountId, mode: readSettings(owner.settings).draftDelivery, actor, now });
      const [fresh] = await deps.db.select().from(drafts).where(eq(drafts.id, draft.id));
      const msg = outcomeMessage(o);
      return show(c, fresh!, msg.ok ? { flash: msg.text } : { error: msg.text });
    }

    if (action === 'sent_by_parent') {
      const marked = await markSentByParent(deps.db, { draftId: draft.id, accountId: draft.accountId, actor, now });
      if (!marked) return show(c, draft, { error: `This follow-up is ${draft.status}; only an approved follow-up can be marked as sent by you.`, status: 422 });
      return show(c, marked.draft, { flash: marked.already ? 'It was already recorded as sent by you.' : 'Recorded as sent by you. Nothing was sent by the app.' });
    }

    if (!live) return show(c, draft, { error: `This follow-up is ${draft.status} and can no longer be changed.`, status: 422 });
    if (action === 'send' && draft.status === 'approved') {
      const owner = session(c).account;
      const o = await sendApprovedDraft(deps, { draftId: draft.id, accountId: draft.accountId, mode: readSettings(owner.settings).draftDelivery, actor, now });
      const [fresh] = await deps.db.select().from(drafts).where(eq(drafts.id, draft.id));
      const msg = outcomeMessage(o);
      return show(c, fresh!, msg.ok ? { flash: msg.text } : { error: msg.text });
    }

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
    const changed: string[] = [];
    if (to.join(',') !== draft.toAddresses.join(',')) changed.push('to');
    if (cc.join(',') !== draft.ccAddresses.join(',')) changed.push('cc');
    if (subject !== draft.subject) changed.push('subject');
    const bodyChanged = body !== draft.body;
    if (changed.length || (bodyChanged && action !== 'approve')) {
      await deps.db.update(drafts).set({ toAddresses: to, ccAddresses: cc, subject, ...(action !== 'approve' ? { body } : {}), updatedAt: now }).where(eq(drafts.id, draft.id));
      await audit('draft.edited', { fields: [...changed, ...(bodyChanged && action !== 'approve' ? ['body'] : [])] });
    }
    const [edited] = await deps.db.select().from(drafts).where(eq(drafts.id, draft.id));

    if (action === 'approve') {
      const approved = await approveDraft(deps.db, { draftId: draft.id, accountId: draft.accountId, body, actor, now });
      if (!approved) return show(c, edited!, { error: 'This follow-up could not be approved; please reload the page.', status: 422 });
      const owner = session(c).account;
      const o = await sendApprovedDraft(deps, { draftId: draft.id, accountId: draft.accountId, mode: readSettings(owner.settings).draftDelivery, actor, now });
      deps.log.info('draft approved', { draftId: draft.id, outcome: o.status });
      const [fresh] = await deps.db.select().from(drafts).where(eq(drafts.id, draft.id));
      const msg = outcomeMessage(o);
      return show(c, fresh!, msg.ok ? { flash: msg.text } : { error: msg.text });
    }
    return show(c, edited!, { checked: true, flash: action === 'save' ? 'Saved. Nothing was sent.' : undefined });
  });

  return app;
}
