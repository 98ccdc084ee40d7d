/**
 * A follow-up caught mid-send when the parent disconnects its mailbox: before, it stayed `sending` for ever (the
 * recovery job needs the mailbox to look in Sent, and there was none). Now the disconnect makes it `unconfirmed`
 * (the parent is asked to check their Sent folder), no job sends it again, and reconnecting the same mailbox lets
 * the usual look in Sent settle it: a copy there records it as sent; none asks the parent.
 */
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../../src/db/client.js';
import { auditEvents, drafts, mailboxConnections } from '../../../src/db/schema.js';
import { approveDraft, sendDraft } from '../../../src/services/drafts/send-draft.js';
import { recoverStuckSends } from '../../../src/services/drafts/stuck-sends.js';
import { disconnectMailbox } from '../../../src/services/mailbox/disconnect.js';
import { createTestDb } from '../../helpers/db.js';
import { killedAfterProvider } from '../../helpers/killed-process.js';
import { connectedMailbox, connectionRow, startMailRig, type MailRig } from '../../helpers/mail-rig.js';

const MINUTE = 60_000;

describe('a send interrupted by disconnecting its mailbox', () => {
  let handle: DbHandle;
  let rig: MailRig;
  beforeAll(async () => {
    handle = await createTestDb();
  });
  afterAll(async () => {
    await handle?.close();
  });
  beforeEach(async () => {
    rig = await startMailRig();
  });
  afterEach(async () => {
    await rig.close();
  });

  const draftRow = async (id: string) => (await handle.db.select().from(drafts).where(eq(drafts.id, id)))[0]!;
  const events = async (id: string) =>
    handle.db.select().from(auditEvents).where(and(eq(auditEvents.subjectType, 'draft'), eq(auditEvents.subjectId, id))).orderBy(asc(auditEvents.at));
  const gmailSends = () => rig.gmail.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/messages/send'));

  async function approvedDraft() {
    const box = await connectedMailbox(handle.db, rig, 'gmail');
    const [draft] = await handle.db
      .insert(drafts)
      .values({ accountId: box.account.id, stateKey: `overdue:${Math.random()}`, toAddresses: ['sped@district.k12.test'], ccAddresses: [], subject: 'Records request', body: 'Dear Ms. Sped,\n\nCould you send the records?\n\nPat' })
      .returning();
    const approved = await approveDraft(handle.db, { draftId: draft!.id, accountId: box.account.id, messageIdDomain: 'family.test' });
    return { ...box, deps: rig.deps(handle.db), draft: approved! };
  }

  /** Reconnecting the same address: the OAuth callback upserts the row, so its id is kept and tokens return. */
  async function reconnect(connectionId: string, tokens: string) {
    await handle.db.update(mailboxConnections).set({ status: 'active', statusReason: null, tokens, updatedAt: new Date() }).where(eq(mailboxConnections.id, connectionId));
  }

  it('gone out, then the process died and the parent disconnected: unconfirmed, never re-sent; reconnecting finds it in Sent', async () => {
    const { deps, draft, account, connection } = await approvedDraft();
    // The database refuses every write once Gmail has accepted the message: the process "dies" there.
    const killedDeps = killedAfterProvider(handle.db, deps);
    const t0 = new Date();
    await expect(sendDraft(killedDeps, draft.id, { now: t0 })).rejects.toThrow('process killed');
    expect((await draftRow(draft.id)).status).toBe('sending');
    const tokens = (await connectionRow(handle.db, connection.id)).tokens!;

    const done = await disconnectMailbox(deps, { accountId: account.id, connectionId: connection.id, keepMessages: true, actor: `parent:${account.id}` });
    expect(done).toMatchObject({ parkedSends: 1 });
    expect((await draftRow(draft.id)).status).toBe('unconfirmed');
    const parked = (await events(draft.id)).filter((e) => e.action === 'draft.send_unconfirmed');
    expect(parked.map((e) => e.data)).toEqual([{ from: 'sending', to: 'unconfirmed', connectionId: connection.id, errorKind: 'mailbox_disconnected' }]);

    // No job touches it while the mailbox is gone, however late.
    expect(await recoverStuckSends(deps, { now: new Date(t0.getTime() + 60 * MINUTE) })).toEqual([]);
    expect((await draftRow(draft.id)).status).toBe('unconfirmed');
    expect(gmailSends()).toHaveLength(1);

    await reconnect(connection.id, tokens);
    const [outcome] = await recoverStuckSends(deps, { now: new Date(t0.getTime() + 61 * MINUTE) });
    expect(outcome).toMatchObject({ status: 'sent', recovered: true, draftId: draft.id });
    expect(await draftRow(draft.id)).toMatchObject({ status: 'sent' });
    expect(gmailSends()).toHaveLength(1);
    expect((await events(draft.id)).map((e) => e.action)).toEqual(['draft.approved', 'draft.sending', 'draft.send_unconfirmed', 'draft.send_recheck', 'draft.sent']);
  });

  it('never went out (Gmail answered 503): after disconnect and reconnect the look finds nothing, so the parent is asked', async () => {
    const { deps, draft, account, connection } = await approvedDraft();
    rig.gmail.inject({ when: (r) => r.path.endsWith('/messages/send'), action: { status: 503, body: { error: { code: 503, message: 'unavailable' } } } });
    const t0 = new Date();
    expect(await sendDraft(deps, draft.id, { now: t0 })).toMatchObject({ status: 'unconfirmed', error: { kind: 'transient' } });
    expect((await draftRow(draft.id)).status).toBe('sending');
    const tokens = (await connectionRow(handle.db, connection.id)).tokens!;
    await disconnectMailbox(deps, { accountId: account.id, connectionId: connection.id, keepMessages: true, actor: `parent:${account.id}` });
    expect((await draftRow(draft.id)).status).toBe('unconfirmed');

    await reconnect(connection.id, tokens);
    const outcomes = await recoverStuckSends(deps, { now: new Date(t0.getTime() + 11 * MINUTE) });
    expect(outcomes).toMatchObject([{ status: 'unconfirmed', asked: true, draftId: draft.id }]);
    expect((await draftRow(draft.id)).status).toBe('unconfirmed');
    expect(gmailSends()).toHaveLength(1);
    // Asked because the look found nothing, not because of the disconnect: a later tick leaves it to the parent.
    expect(await recoverStuckSends(deps, { now: new Date(t0.getTime() + 30 * MINUTE) })).toEqual([]);
    expect(gmailSends()).toHaveLength(1);
  });

  it('a send from another mailbox of the same parent is left to its own recovery', async () => {
    const { deps, draft, account } = await approvedDraft();
    rig.gmail.inject({ when: (r) => r.path.endsWith('/messages/send'), action: { status: 503, body: { error: { code: 503, message: 'unavailable' } } } });
    await sendDraft(deps, draft.id, { now: new Date() });
    const [other] = await handle.db.insert(mailboxConnections).values({ accountId: account.id, provider: 'outlook', address: 'second@family.test', tokens: 'sealed' }).returning();
    expect(await disconnectMailbox(deps, { accountId: account.id, connectionId: other!.id, keepMessages: true, actor: 'parent' })).toMatchObject({ parkedSends: 0 });
    expect((await draftRow(draft.id)).status).toBe('sending');
  });
});
