/**
 * The one ingest path of every mailbox (Gmail, Outlook, IMAP and an imported archive): a page of raw messages
 * is parsed, filtered to the school correspondence, assigned to a child and stored (with its new text), the
 * messages that cannot be parsed are recorded, and the connection's cursor advances — the writes of a page in
 * ONE transaction, so an interrupted run resumes at the page it stopped on with nothing lost or stored twice.
 * Threads are recomputed once at the end of a run (rethreadAccount), not per page.
 */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { isSchoolCorrespondence, type SchoolMatcher } from '../../core/school.js';
import type { MailMessage } from '../../core/types.js';
import type { Db } from '../../db/client.js';
import { mailboxConnections, messages, skippedMessages } from '../../db/schema.js';
import { parseMail, ParseError } from '../../mail/parse.js';
import type { ChangePage, ChangeRef } from '../../mail/provider.js';
import { recordMailAudit } from './audit.js';
import { storeMessages } from './store-messages.js';

/** Another run advanced the connection's cursor first; this page was not stored. */
export class SupersededError extends Error {}

export interface IngestTarget {
  accountId: string;
  connection: { id: string; provider: string };
  school: SchoolMatcher;
  parents: Set<string>;
  /** The child a kept message belongs to (null: the account's mail, not one child's). */
  childOf: (m: MailMessage) => string | null;
  /** How an unparsable message is named in skipped_messages (unique per mailbox, stable across runs). */
  skippedSource: (providerId: string) => string;
  actor: string;
}

/** A listed message and its raw bytes (null: gone between the listing and the fetch). */
export interface FetchedRef {
  ref: ChangeRef;
  raw: Uint8Array | null;
}

export interface PageCursor {
  /** The cursor the row holds now: the update applies only if it still does. */
  previous: string | null;
  now: Date;
  /** Other connection columns set with the cursor (the backfill start on the first page). */
  also?: Partial<Pick<typeof mailboxConnections.$inferInsert, 'backfillSince'>>;
}

export interface PageIngest {
  /** Messages the provider read (including those its own filter passed over). */
  seen: number;
  stored: number;
  /** Not school correspondence, or gone before it was fetched (a message already stored counts in neither). */
  ignored: number;
  skipped: number;
  /** Parsed with a replaced sent time (absurd or missing Date header). */
  dateWarnings: number;
  /** Children that got new messages. */
  children: string[];
}

/** Parses a page's raw messages; one that cannot be parsed is listed with its reason and never stops the page. */
export async function parsePage(
  fetched: FetchedRef[],
  skippedSource: (providerId: string) => string,
): Promise<{ parsed: MailMessage[]; skipped: Array<{ source: string; reason: string }>; gone: number }> {
  const parsed: MailMessage[] = [];
  const skipped: Array<{ source: string; reason: string }> = [];
  let gone = 0;
  for (const { ref, raw } of fetched) {
    if (!raw) {
      gone++;
      continue;
    }
    try {
      parsed.push(await parseMail(raw, { providerId: ref.id, providerThreadId: ref.threadId ?? null, fallbackDate: ref.envelopeDate ?? null }));
    } catch (err) {
      if (!(err instanceof ParseError)) throw err;
      skipped.push({ source: skippedSource(ref.id), reason: err.message });
    }
  }
  return { parsed, skipped, gone };
}

export async function ingestPage(db: Db, target: IngestTarget, page: ChangePage, fetched: FetchedRef[], cursor: PageCursor): Promise<PageIngest> {
  const { accountId, connection } = target;
  const listed = page.upserted.length;
  const { parsed, skipped, gone } = await parsePage(fetched, target.skippedSource);
  const out: PageIngest = {
    seen: page.scanned ?? listed,
    stored: 0,
    ignored: (page.scanned !== undefined ? page.scanned - listed : 0) + gone,
    skipped: skipped.length,
    dateWarnings: parsed.filter((m) => m.dateWarning).length,
    children: [],
  };
  const byChild = new Map<string | null, MailMessage[]>();
  for (const m of parsed) {
    if (!isSchoolCorrespondence(m, target.school)) {
      out.ignored++;
      continue;
    }
    const child = target.childOf(m);
    byChild.set(child, [...(byChild.get(child) ?? []), m]);
  }
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    for (const [childId, list] of byChild) {
      const s = await storeMessages(tx, { accountId, connectionId: connection.id, childId, parentAddresses: target.parents, school: target.school }, list);
      out.stored += s.stored;
      out.ignored += s.ignored;
      if (s.stored > 0 && childId) out.children.push(childId);
      if (connection.provider !== 'archive' && s.stored < list.length) await adoptArchivedCopies(tx, accountId, connection.id, list);
    }
    if (skipped.length)
      await tx
        .insert(skippedMessages)
        .values(skipped.map((s) => ({ accountId, connectionId: connection.id, ...s })))
        .onConflictDoNothing();
    const audit = { accountId, actor: target.actor, subjectType: 'mailbox_connection', subjectId: connection.id } as const;
    if (page.deleted.length)
      // Removed in the mailbox (deleted or moved): the record keeps every message it already has.
      await recordMailAudit(tx, { ...audit, action: 'mailbox.messages_removed', data: { count: page.deleted.length, providerIds: page.deleted.slice(0, 500) } });
    if (page.reset) await recordMailAudit(tx, { ...audit, action: 'mailbox.resync', data: { provider: connection.provider, reason: 'cursor expired' } });
    const advanced = await tx
      .update(mailboxConnections)
      .set({ cursor: page.nextCursor, lastSyncAt: cursor.now, updatedAt: new Date(), ...cursor.also })
      .where(
        and(
          eq(mailboxConnections.id, connection.id),
          eq(mailboxConnections.status, 'active'),
          cursor.previous === null ? isNull(mailboxConnections.cursor) : eq(mailboxConnections.cursor, cursor.previous),
        ),
      )
      .returning({ id: mailboxConnections.id });
    if (advanced.length === 0) throw new SupersededError('cursor moved under this run');
  });
  return out;
}

/**
 * A message first stored from an imported archive has no provider ids; when the connected mailbox delivers the
 * same Message-ID, the row takes this mailbox's ids so replies can go out in the provider's thread.
 */
async function adoptArchivedCopies(tx: Db, accountId: string, connectionId: string, list: MailMessage[]): Promise<void> {
  const ids = list.map((m) => m.messageId);
  const existing = await tx
    .select({ id: messages.id, messageId: messages.messageId, connectionId: messages.connectionId, provider: mailboxConnections.provider })
    .from(messages)
    .leftJoin(mailboxConnections, eq(messages.connectionId, mailboxConnections.id))
    .where(and(eq(messages.accountId, accountId), inArray(messages.messageId, ids)));
  const byId = new Map(list.map((m) => [m.messageId, m]));
  for (const row of existing) {
    if (row.connectionId === connectionId || (row.connectionId !== null && row.provider !== 'archive')) continue;
    const m = byId.get(row.messageId);
    if (!m?.providerId) continue;
    await tx
      .update(messages)
      .set({ connectionId, providerId: m.providerId, providerThreadId: m.providerThreadId })
      .where(eq(messages.id, row.id));
  }
}
