/**
 * The mailbox branch of self-mail delivery: the digest (or a reminder) goes from the parent's own connected
 * Gmail/Outlook to that same address, through MailProvider.send, the path approved drafts take. Its Message-ID
 * is fixed per (account, period), and findSent is asked first, so a run taken over after a crash does not
 * send the same digest twice.
 */
import { and, desc, eq, inArray, isNotNull } from 'drizzle-orm';
import { bodyFingerprint, type SentCopyKey } from '../../core/sent-copy.js';
import { mailboxConnections } from '../../db/schema.js';
import { providerForConnection, type MailDeps } from '../mailbox/providers.js';
import type { Deliverer, SelfMail } from './delivery.js';

export function mailboxDeliverer(deps: MailDeps): Deliverer {
  const connectionOf = async (accountId: string) => {
    const [connection] = await deps.db
        .select()
        .from(mailboxConnections)
        .where(
          and(
            eq(mailboxConnections.accountId, accountId),
            inArray(mailboxConnections.provider, ['gmail', 'outlook']),
            eq(mailboxConnections.status, 'active'),
            isNotNull(mailboxConnections.tokens),
          ),
        )
        .orderBy(desc(mailboxConnections.updatedAt))
        .limit(1);
    return connection ?? null;
  };
  return {
    via: 'mailbox',
    async deliver(mail: SelfMail) {
      if (!deps.keyring) return false; // tokens cannot be read: fall through to SMTP / the app
      const connection = await connectionOf(mail.accountId);
      if (!connection) return false;
      const provider = await providerForConnection(deps, connection);
      if (await provider.findSent(mail.messageId)) return true;
      const { default: MailComposer } = await import('nodemailer/lib/mail-composer'); // evaluated on first use, not at every Worker start
      const buf = await new MailComposer({
        from: connection.address,
        to: connection.address,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
      })
        .compile()
        .build();
      await provider.send({ raw: new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), messageId: mail.messageId });
      return true;
    },
    async findDelivered(mail: SelfMail, attemptedAt: Date) {
      if (!deps.keyring) return null;
      const connection = await connectionOf(mail.accountId);
      if (!connection) return null;
      const provider = await providerForConnection(deps, connection);
      if (await provider.findSent(mail.messageId)) return true;
      // The Message-ID may not survive the provider (Gmail is reported to replace it): the robust key too.
      const bySentCopy = (provider as { findSentCopy?: (key: SentCopyKey) => Promise<{ providerId: string } | null> }).findSentCopy;
      if (!bySentCopy) return false;
      const key: SentCopyKey = {
        messageId: mail.messageId,
        threadId: null,
        recipients: [connection.address.toLowerCase()],
        sentAfter: new Date(attemptedAt.getTime() - 60_000),
        sentBefore: new Date(Date.now() + 60_000),
        bodyFingerprint: bodyFingerprint(mail.text),
      };
      return (await bySentCopy.call(provider, key)) !== null;
    },
  };
}
