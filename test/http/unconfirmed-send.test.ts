/**
 * After a send whose outcome we could not confirm, the parent is told what to check, and that depends on the
 * mailbox it went from (issue 13): Gmail and Outlook file a copy in Sent only once it went out, but for
 * IMAP + SMTP our own copy sits in Sent before the SMTP transaction, so "look in Sent" would prove nothing;
 * with no live mailbox any more we cannot look at all. Both the send's outcome message and the draft page.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, drafts, mailboxConnections } from '../../src/db/schema.js';
import { outcomeMessage } from '../../src/http/send.js';
import { createDemoFamily } from '../../src/services/onboarding/demo.js';
import { testApp } from '../helpers/app.js';
import { createTestDb } from '../helpers/db.js';
import { signedInClient } from './client.js';

const PROVIDERS = ['gmail', 'outlook', 'imap', 'archive'] as const;
const decode = (s: string) => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');

/** What each provider's message must say (and must not), checked on the outcome and on the page. */
const EXPECT: Record<(typeof PROVIDERS)[number], { says: RegExp[]; never: RegExp[] }> = {
  gmail: { says: [/Gmail/, /“Sent”/, /only once it has gone out/], never: [/we put that copy there/, /Sent Items/] },
  outlook: { says: [/Outlook/, /Sent Items/, /only once it has gone out/], never: [/we put that copy there/, /Gmail/] },
  imap: { says: [/we put that copy there ourselves/, /does not prove/, /delivery failure notice/], never: [/only once it has gone out/, /not in your Sent folder/] },
  archive: { says: [/no longer connected/, /ask the school/], never: [/only once it has gone out/, /we put that copy there/] },
};

describe('an unconfirmed send: what the parent should check depends on the mailbox', () => {
  it.each(PROVIDERS)('the outcome message for %s names the right check', (provider) => {
    const asked = outcomeMessage({ status: 'unconfirmed', draftId: 'd', error: { kind: 'unknown_outcome', message: 'x' }, asked: true, provider });
    expect(asked.ok).toBe(false);
    for (const re of EXPECT[provider].says) expect(asked.text).toMatch(re);
    for (const re of EXPECT[provider].never) expect(asked.text).not.toMatch(re);
    expect(asked.text).toContain('It will not be sent again unless you say so.');
    const later = outcomeMessage({ status: 'unconfirmed', draftId: 'd', error: { kind: 'transient', message: 'x' }, provider });
    expect(later.text).toContain('It is never sent twice.');
    expect(later.text).toMatch(provider === 'imap' ? /ask your mail server/ : provider === 'archive' ? /no longer connected/ : provider === 'gmail' ? /Gmail Sent/ : /Outlook Sent Items/);
  });

  describe('the draft page', () => {
    let handle: Awaited<ReturnType<typeof createTestDb>>;
    let app: ReturnType<typeof testApp>;
    let family: { id: string; draftId: string };
    let other: { id: string };

    const signedInAs = (accountId: string) => signedInClient(app, handle.db, accountId);

    /** An unconfirmed draft of its own whose send events name a connection of `provider` (or none). */
    async function unconfirmedVia(provider: 'gmail' | 'outlook' | 'imap' | null, tag: string) {
      const [template] = await handle.db.select().from(drafts).where(eq(drafts.id, family.draftId));
      const { id: _id, createdAt: _c, updatedAt: _u, ...copy } = template!;
      const [d] = await handle.db.insert(drafts).values({ ...copy, stateKey: `${copy.stateKey}:${tag}`, status: 'unconfirmed', outgoingMessageId: `<ft.${tag}@family.test>` }).returning();
      let connectionId: string | null = null;
      if (provider) {
        const [conn] = await handle.db.insert(mailboxConnections).values({ accountId: family.id, provider, address: `${tag}@family.test`, tokens: 'sealed' }).returning();
        connectionId = conn!.id;
      }
      await handle.db.insert(auditEvents).values({ accountId: family.id, actor: 'job:send-recovery', action: 'draft.send_unconfirmed', subjectType: 'draft', subjectId: d!.id, data: { from: 'sending', to: 'unconfirmed', connectionId: connectionId ?? '00000000-0000-4000-8000-000000000000', errorKind: 'unknown_outcome' } });
      return { draft: d!, connectionId };
    }

    beforeAll(async () => {
      handle = await createTestDb();
      app = testApp({ db: handle.db });
      const acct = await createDemoFamily(handle.db);
      const [d] = await handle.db.select().from(drafts).where(and(eq(drafts.accountId, acct.id), eq(drafts.status, 'pending')));
      family = { id: acct.id, draftId: d!.id };
      other = await createDemoFamily(handle.db);
    });
    afterAll(async () => {
      await handle?.close();
    });

    it.each(['gmail', 'outlook', 'imap'] as const)('sent from %s: the card says what to check, with buttons to match', async (provider) => {
      const { draft, connectionId } = await unconfirmedVia(provider, `via-${provider}`);
      const owner = await signedInAs(family.id);
      const html = decode(await (await owner.req(`/drafts/${draft.id}`)).text());
      const card = /<div class="card" id="unconfirmed">([\s\S]*?)<\/div>/.exec(html)![1]!;
      for (const re of EXPECT[provider].says) expect(card).toMatch(re);
      for (const re of EXPECT[provider].never) expect(card).not.toMatch(re);
      expect(card).toMatch(provider === 'imap' ? /No failure notice: record it as sent/ : /It is in my (Gmail Sent|Sent Items)/);
      // The connection goes away: the page now says we cannot look (archive only), for the same draft.
      await handle.db.delete(mailboxConnections).where(eq(mailboxConnections.id, connectionId!));
      const after = decode(await (await owner.req(`/drafts/${draft.id}`)).text());
      const card2 = /<div class="card" id="unconfirmed">([\s\S]*?)<\/div>/.exec(after)![1]!;
      for (const re of EXPECT.archive.says) expect(card2).toMatch(re);
      // Answering still works, whatever the wording: "it went out" records it as sent, nothing is sent.
      expect((await owner.submit(`/drafts/${draft.id}`, { action: 'confirm_sent' })).html).toContain('Recorded as sent. Nothing else was sent.');
      expect((await handle.db.select().from(drafts).where(eq(drafts.id, draft.id)))[0]!.status).toBe('sent');
    });

    it('another parent sees neither the card nor the draft', async () => {
      const { draft } = await unconfirmedVia('imap', 'not-yours');
      const stranger = await signedInAs(other.id);
      const res = await stranger.req(`/drafts/${draft.id}`);
      expect([403, 404]).toContain(res.status);
      expect(await res.text()).not.toContain('Did this reach the school?');
    });
  });
});
