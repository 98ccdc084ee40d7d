import { Hono } from 'hono';
import { and, asc, desc, eq, inArray, isNotNull } from 'drizzle-orm';
import { accounts, auditEvents, children, clocks, drafts, mailboxConnections, requests } from '../../db/schema.js';
import { checkTone } from '../../core/tone.js';
import { isAppError } from '../../core/errors.js';
import { localDateOf } from '../../core/deadlines/index.js';
import { readSettings } from '../../services/accounts/settings.js';
import { actOnDraft } from '../../services/drafts/actions.js';
import { emlFileName, mailtoFor, unsentEml } from '../../services/drafts/manual-send.js';
import { sendingMailboxOf } from '../../services/drafts/send-recovery.js';
import { parseDraftForm } from '../forms/draft.js';
import type { AppDeps, AppEnv } from '../deps.js';
import { DraftPage } from '../pages/draft.js';
import { outcomeMessage } from '../send.js';
import { actorOf, form, loadDraft, nowFor, render, session, type Ctx } from '../util.js';

export function draftRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();

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
        sendingMailbox={draft.status === 'unconfirmed' ? await sendingMailboxOf(deps.db, draft) : 'archive'}
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

  // The route only translates HTTP: the form becomes a command (forms/draft.ts), the draft service carries it out
  // along its transition table (services/drafts/state.ts), and the outcome becomes a page.
  app.post('/drafts/:id', async (c) => {
    const draft = await loadDraft(c, deps, c.req.param('id'));
    const owner = session(c).account;
    // Product time: the demo family's fixed clock, else the real one (history entries, snoozes, sends).
    const now = nowFor(deps, owner);
    // Post/redirect/get: every success ends on a GET of the draft, so a reload never posts again.
    const done = (text: string) => c.redirect(`/drafts/${draft.id}?done=${encodeURIComponent(text)}`, 303);
    try {
      const { command, showToneFindings } = parseDraftForm(await form(c));
      const result = await actOnDraft({ db: deps.db, send: deps.mail.sync }, draft, command, { actor: actorOf(c, draft.accountId), now, mode: readSettings(owner.settings).draftDelivery });
      if (result.kind === 'confirm_tone') return c.redirect(`/drafts/${draft.id}?confirm=tone#tone-confirm`, 303);
      if (result.kind === 'done') return showToneFindings ? c.redirect(`/drafts/${draft.id}?checked=1#tone-findings`, 303) : done(result.message);
      deps.log.info('draft send attempted', { draftId: draft.id, outcome: result.outcome.status });
      const msg = outcomeMessage(result.outcome);
      if (msg.ok) return done(msg.text);
      return show(c, await reload(draft.id), { error: msg.text });
    } catch (e) {
      // Bad input and a step the draft's state does not allow: the draft page as it is now, saying why.
      if (isAppError(e) && (e.code === 'bad_input' || e.code === 'invalid_transition')) return show(c, await reload(draft.id), { error: e.message, status: 422 });
      throw e;
    }
  });

  async function reload(id: string) {
    const [fresh] = await deps.db.select().from(drafts).where(eq(drafts.id, id));
    return fresh!;
  }

  return app;
}
