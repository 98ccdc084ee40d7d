/**
 * The parent's actions on a draft, carried out along the transition table: the guard of each UPDATE, the
 * no-op of a repeated action, the edit that withdraws an approval, and approve → send reaching the mailbox once.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AppError } from '../../../src/core/errors.js';
import { auditEvents, drafts } from '../../../src/db/schema.js';
import { actOnDraft, type DraftCommand, type DraftFields } from '../../../src/services/drafts/actions.js';
import { approveDraft, type DraftRow } from '../../../src/services/drafts/send-draft.js';
import { describeOnEachDriver } from '../../helpers/each-driver.js';
import { connectedMailbox, startMailRig, type MailRig } from '../../helpers/mail-rig.js';

const NOW = new Date('2026-03-12T15:00:00Z');
const BODY = 'Dear Ms. Sped,\n\nCould you reply in writing by March 19, 2026?\n\nThank you,\nPat Parent';

describeOnEachDriver('draft actions', (suite) => {
  let rig: MailRig;
  beforeAll(async () => {
    rig = await startMailRig();
  });
  afterAll(async () => {
    await rig?.close();
  });

  async function newDraft(): Promise<{ draft: DraftRow; accountId: string }> {
    const box = await connectedMailbox(suite.handle.db, rig, 'gmail');
    const [draft] = await suite.handle.db
      .insert(drafts)
      .values({ accountId: box.account.id, stateKey: `overdue:${Math.random()}`, toAddresses: ['sped@district.k12.test'], subject: 'Re: Speech sessions', body: BODY })
      .returning();
    return { draft: draft!, accountId: box.account.id };
  }
  const row = async (id: string) => (await suite.handle.db.select().from(drafts).where(eq(drafts.id, id)))[0]!;
  const events = async (id: string, action: string) => suite.handle.db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, id), eq(auditEvents.action, action)));
  const act = (draft: DraftRow, cmd: DraftCommand) => actOnDraft({ db: suite.handle.db, send: rig.deps(suite.handle.db) }, draft, cmd, { actor: `parent:${draft.accountId}`, now: NOW, mode: 'send' });
  const fields = (d: DraftRow, over: Partial<DraftFields> = {}): DraftFields => ({ to: d.toAddresses, cc: d.ccAddresses, subject: d.subject, body: d.body, ...over });
  const refusal = async (p: Promise<unknown>) => {
    const e = await p.then(() => null, (err: unknown) => err);
    expect(e).toBeInstanceOf(AppError);
    return (e as AppError).code;
  };

  it('a repeated dismiss changes nothing and records one event; a dismissed draft cannot be approved', async () => {
    const { draft } = await newDraft();
    expect(await act(draft, { action: 'dismiss' })).toEqual({ kind: 'done', message: 'Dismissed. Nothing was sent.' });
    const dismissed = await row(draft.id);
    expect(dismissed.status).toBe('dismissed');
    expect(await act(dismissed, { action: 'dismiss' })).toMatchObject({ kind: 'done', message: expect.stringMatching(/already dismissed/) });
    expect(await events(draft.id, 'draft.dismissed')).toHaveLength(1);
    expect(await refusal(act(dismissed, { action: 'approve', fields: fields(dismissed), toneConfirmed: false }))).toBe('invalid_transition');
    expect((await row(draft.id)).status).toBe('dismissed');
  });

  it('the UPDATE is guarded by the from-status: a page read before another tab dismissed it cannot snooze it', async () => {
    const { draft } = await newDraft();
    await act(draft, { action: 'dismiss' });
    // `draft` still says pending: the table allows the snooze, the database refuses it.
    expect(await refusal(act(draft, { action: 'snooze', until: '2026-04-01' }))).toBe('invalid_transition');
    const after = await row(draft.id);
    expect(after.status).toBe('dismissed');
    expect(after.snoozedUntil).toBeNull();
    expect(await events(draft.id, 'draft.snoozed')).toHaveLength(0);
  });

  it('a snooze must end after today in the family’s timezone', async () => {
    const { draft } = await newDraft();
    expect(await refusal(act(draft, { action: 'snooze', until: '2026-03-12' }))).toBe('bad_input');
    expect((await row(draft.id)).status).toBe('pending');
    expect(await act(draft, { action: 'snooze', until: '2026-03-13' })).toMatchObject({ kind: 'done', message: expect.stringContaining('March 13, 2026') });
    expect((await row(draft.id)).snoozedUntil?.toISOString().slice(0, 10)).toBe('2026-03-13');
  });

  it('editing an approved text withdraws the approval (the Message-ID stays); sending it then is refused', async () => {
    const { draft, accountId } = await newDraft();
    const approved = await approveDraft(suite.handle.db, { draftId: draft.id, accountId, now: NOW, messageIdDomain: 'family.test' });
    expect(approved?.status).toBe('approved');
    const result = await act(approved!, { action: 'edit', fields: fields(approved!, { body: `${BODY}\nP.S. Thank you for your help.` }) });
    expect(result).toMatchObject({ kind: 'done', message: expect.stringMatching(/approve it again/) });
    const edited = await row(draft.id);
    expect(edited).toMatchObject({ status: 'pending', outgoingMessageId: approved!.outgoingMessageId });
    expect(edited.body).toContain('P.S.');
    expect((await events(draft.id, 'draft.edited'))[0]!.data).toEqual({ fields: ['body'], from: 'approved', to: 'pending' });
    expect(await refusal(act(edited, { action: 'send' }))).toBe('invalid_transition');
    // Unchanged fields are no edit at all: nothing recorded, nothing moved.
    await act(edited, { action: 'edit', fields: fields(edited) });
    expect(await events(draft.id, 'draft.edited')).toHaveLength(1);
  });

  it('approve sends the exact text once; approving again after it went out is a no-op', async () => {
    const { draft } = await newDraft();
    const first = await act(draft, { action: 'approve', fields: fields(draft), toneConfirmed: false });
    expect(first).toMatchObject({ kind: 'sent', outcome: { status: 'sent' } });
    const sent = await row(draft.id);
    expect(sent.status).toBe('sent');
    const copies = () => rig.gmail.messages.filter((m) => m.messageId === sent.outgoingMessageId);
    expect(copies()).toHaveLength(1);
    expect(await act(sent, { action: 'approve', fields: fields(sent), toneConfirmed: false })).toMatchObject({ kind: 'done', message: expect.stringMatching(/already sent/) });
    expect(await act(sent, { action: 'send' })).toMatchObject({ kind: 'done' });
    expect(copies()).toHaveLength(1);
    expect(await events(draft.id, 'draft.approved')).toHaveLength(1);
  });

  it('a text with tone findings is saved, not approved, until the parent confirms', async () => {
    const { draft } = await newDraft();
    const harsh = `${BODY}\nThis is illegal!`;
    expect(await act(draft, { action: 'approve', fields: fields(draft, { body: harsh }), toneConfirmed: false })).toEqual({ kind: 'confirm_tone' });
    const saved = await row(draft.id);
    expect(saved).toMatchObject({ status: 'pending', body: harsh });
    expect(await act(saved, { action: 'approve', fields: fields(saved), toneConfirmed: true })).toMatchObject({ kind: 'sent', outcome: { status: 'sent' } });
  });
});
