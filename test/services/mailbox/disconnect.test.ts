import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../../src/db/client.js';
import { auditEvents, messages } from '../../../src/db/schema.js';
import { disconnectMailbox } from '../../../src/services/mailbox/disconnect.js';
import { ensurePushSubscription } from '../../../src/services/mailbox/push-subscriptions.js';
import { syncConnection } from '../../../src/services/mailbox/sync.js';
import { createTestDb, DRIVERS } from '../../helpers/db.js';
import { connectedMailbox, connectionRow, startMailRig, type MailRig } from '../../helpers/mail-rig.js';
import { PARENT } from '../../fakes/mail-fixtures.js';
import { mailText } from '../../helpers/mail.js';

describe.each(DRIVERS)('disconnecting a mailbox on $driver', ({ driver, skip }) => {
  describe.skipIf(skip !== null)(skip ? `skipped: ${skip}` : 'one database for the file', () => {
    let handle: DbHandle;
    let rig: MailRig;
    beforeAll(async () => {
      handle = await createTestDb(driver);
      rig = await startMailRig();
    });
    afterAll(async () => {
      await rig?.close();
      await handle?.close();
    });
    const school = (n: number) => mailText({ from: 'sped@district.k12.test', to: [PARENT], subject: `D ${n}`, body: 'b', date: new Date(), messageId: `<disc-${n}-${Math.random()}@district.k12.test>` });

    for (const provider of ['gmail', 'outlook'] as const) {
      for (const keepMessages of [true, false]) {
        it(`${provider}: push is removed at the provider, tokens go, messages ${keepMessages ? 'kept' : 'deleted'}, audited`, async () => {
          if (provider === 'gmail') rig.gmail.addMessage(school(1), { labelIds: ['INBOX'] });
          else rig.graph.addMessage(school(1), 'inbox');
          const { account, connection } = await connectedMailbox(handle.db, rig, provider);
          const deps = { ...rig.deps(handle.db), appUrl: 'https://app.test', gmailTopic: 'projects/p/topics/t' };
          expect((await syncConnection(deps, connection.id)).stored).toBeGreaterThan(0);
          expect((await ensurePushSubscription(deps, connection.id)).action).toBe('created');
          const subsBefore = rig.graph.subscriptions.size;
          const stopsBefore = rig.gmail.stops;
          const done = await disconnectMailbox(deps, { accountId: account.id, connectionId: connection.id, keepMessages, actor: 'parent' });
          expect(done?.push).toBe('removed');
          if (provider === 'gmail') expect(rig.gmail.stops).toBe(stopsBefore + 1);
          else expect(rig.graph.subscriptions.size).toBe(subsBefore - 1);
          const row = await connectionRow(handle.db, connection.id);
          expect(row).toMatchObject({ status: 'disabled', tokens: null, cursor: null, push: null });
          const left = await handle.db.select().from(messages).where(eq(messages.accountId, account.id));
          expect(left.length > 0).toBe(keepMessages);
          const events = await handle.db.select().from(auditEvents).where(eq(auditEvents.subjectId, connection.id));
          expect(events.find((e) => e.action === 'mailbox.disconnected')?.data).toMatchObject({ keepMessages });
          // Another parent's connection id is not found.
          const other = await connectedMailbox(handle.db, rig, provider);
          expect(await disconnectMailbox(deps, { accountId: account.id, connectionId: other.connection.id, keepMessages: true, actor: 'parent' })).toBeNull();
        });
      }
    }
  });
});
