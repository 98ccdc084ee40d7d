/**
 * "Disconnect this mailbox": push stopped (Gmail watch, Graph subscription), tokens and cursor deleted, the
 * connection kept as `disabled` so the record still says where its messages came from. The parent chooses
 * whether the messages imported from it stay (the default: they are the record) or go. A follow-up caught
 * mid-send from it is parked as unconfirmed (drafts/stuck-sends.ts): no job could look in this mailbox again. Audited.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { mailboxConnections, messages } from '../../db/schema.js';
import { parkSendsFrom } from '../drafts/stuck-sends.js';
import { recordMailAudit } from './audit.js';
import type { MailDeps } from './providers.js';
import { removePushSubscription } from './push-subscriptions.js';
import { rethreadAccount } from './store-messages.js';

export async function disconnectMailbox(
  deps: MailDeps,
  input: { accountId: string; connectionId: string; keepMessages: boolean; actor: string },
): Promise<{ push: 'removed' | 'none' | 'failed'; deletedMessages: number; parkedSends: number } | null> {
  const [connection] = await deps.db
    .select()
    .from(mailboxConnections)
    .where(and(eq(mailboxConnections.id, input.connectionId), eq(mailboxConnections.accountId, input.accountId)));
  if (!connection) return null;
  const push = connection.status === 'disabled' ? 'none' : await removePushSubscription(deps, connection);
  let deletedMessages = 0;
  let parkedSends = 0;
  await deps.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await tx
      .update(mailboxConnections)
      .set({ status: 'disabled', statusReason: 'disconnected by the parent', tokens: null, cursor: null, push: null, updatedAt: new Date() })
      .where(eq(mailboxConnections.id, connection.id));
    parkedSends = await parkSendsFrom(tx, { accountId: input.accountId, connectionId: connection.id, actor: input.actor });
    if (!input.keepMessages) {
      const gone = await tx
        .delete(messages)
        .where(and(eq(messages.accountId, input.accountId), eq(messages.connectionId, connection.id)))
        .returning({ id: messages.id });
      deletedMessages = gone.length;
    }
    await recordMailAudit(tx, {
      accountId: input.accountId,
      actor: input.actor,
      action: 'mailbox.disconnected',
      subjectType: 'mailbox_connection',
      subjectId: connection.id,
      data: { provider: connection.provider, keepMessages: input.keepMessages, deletedMessages, parkedSends, push },
    });
  });
  if (deletedMessages > 0) await rethreadAccount(deps.db, input.accountId);
  return { push, deletedMessages, parkedSends };
}
