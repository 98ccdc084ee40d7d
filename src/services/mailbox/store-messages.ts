import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { messages, threads } from '../../db/schema.js';
import { splitNewText } from '../../core/new-text.js';
import { isSchoolCorrespondence, type SchoolMatcher } from '../../core/school.js';
import { threadMessages } from '../../core/threading.js';
import type { MailMessage } from '../../core/types.js';
import { rowToMailMessage } from './message-rows.js';

export interface Mailbox {
  accountId: string;
  connectionId: string | null;
  childId: string | null;
  parentAddresses: Set<string>;
  school: SchoolMatcher;
}

/**
 * Keeps the school correspondence of a page of parsed messages. Idempotent: a message already stored
 * (same account and Message-ID) is left as it is, so re-importing an archive adds nothing.
 */
export async function storeMessages(db: Db, box: Mailbox, parsed: MailMessage[]): Promise<{ stored: number; ignored: number }> {
  const kept = parsed.filter((m) => isSchoolCorrespondence(m, box.school));
  if (kept.length === 0) return { stored: 0, ignored: parsed.length };
  const rows = dedupe(kept).map((m) => ({
    accountId: box.accountId,
    connectionId: box.connectionId,
    childId: box.childId,
    messageId: m.messageId,
    providerId: m.providerId,
    providerThreadId: m.providerThreadId,
    inReplyTo: m.inReplyTo,
    references: m.references,
    fromAddress: m.from?.address ?? null,
    fromName: m.from?.name ?? null,
    to: m.to,
    cc: m.cc,
    sentAt: new Date(m.sentAtMs),
    sentAtText: m.sentAt,
    subject: m.subject,
    side: m.from && box.parentAddresses.has(m.from.address) ? ('parent' as const) : ('school' as const),
    automatic: m.automatic,
    bodyText: m.text,
    newText: splitNewText(m.text).newText,
    attachments: m.attachments,
  }));
  const inserted = await db
    .insert(messages)
    .values(rows)
    .onConflictDoNothing({ target: [messages.accountId, messages.messageId] })
    .returning({ id: messages.id });
  return { stored: inserted.length, ignored: parsed.length - kept.length };
}

function dedupe(list: MailMessage[]): MailMessage[] {
  const seen = new Set<string>();
  return list.filter((m) => (seen.has(m.messageId) ? false : (seen.add(m.messageId), true)));
}

/**
 * Recomputes the account's threads from the stored headers (cheap: no bodies are read) and points every
 * message at its thread. A thread is keyed by its earliest Message-ID, so ids survive re-threading.
 */
export async function rethreadAccount(db: Db, accountId: string): Promise<number> {
  const rows = await db
    .select({
      id: messages.id,
      messageId: messages.messageId,
      inReplyTo: messages.inReplyTo,
      references: messages.references,
      providerThreadId: messages.providerThreadId,
      fromAddress: messages.fromAddress,
      to: messages.to,
      cc: messages.cc,
      sentAt: messages.sentAt,
      sentAtText: messages.sentAtText,
      subject: messages.subject,
      threadId: messages.threadId,
      childId: messages.childId,
    })
    .from(messages)
    .where(eq(messages.accountId, accountId));
  const asMail: MailMessage[] = rows.map(rowToMailMessage);
  const byMessageId = new Map(rows.map((r) => [r.messageId, r]));
  const groups = threadMessages(asMail);
  await db.transaction(async (tx) => {
    for (const g of groups) {
      const first = byMessageId.get(g.messageIds[0]!)!;
      const last = byMessageId.get(g.messageIds.at(-1)!)!;
      const [thread] = await tx
        .insert(threads)
        .values({ accountId, childId: first.childId, rootMessageId: first.messageId, subject: g.subject, lastMessageAt: last.sentAt })
        .onConflictDoUpdate({
          target: [threads.accountId, threads.rootMessageId],
          set: { subject: g.subject, lastMessageAt: last.sentAt },
        })
        .returning({ id: threads.id });
      const stale = g.messageIds.map((id) => byMessageId.get(id)!).filter((r) => r.threadId !== thread!.id);
      if (stale.length)
        await tx.update(messages).set({ threadId: thread!.id }).where(inArray(messages.id, stale.map((r) => r.id)));
    }
    // Threads whose root was absorbed into another thread by this pass are left empty: remove them.
    await tx.execute(
      sql`delete from ${threads} where ${threads.accountId} = ${accountId} and not exists (select 1 from ${messages} where ${messages.threadId} = ${threads.id})`,
    );
  });
  return groups.length;
}

export async function countMessages(db: Db, accountId: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(messages).where(and(eq(messages.accountId, accountId)));
  return row?.n ?? 0;
}
