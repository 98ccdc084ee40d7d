import { resolve } from 'node:path';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { mailboxConnections, skippedMessages } from '../../db/schema.js';
import { createArchiveProvider } from '../../mail/archive/archive-provider.js';
import { parseMail, ParseError } from '../../mail/parse.js';
import type { MailMessage } from '../../core/types.js';
import { rethreadAccount, storeMessages, type Mailbox } from './store-messages.js';

export interface ImportResult {
  seen: number;
  stored: number;
  ignored: number;
  skipped: number;
  threads: number;
}

/**
 * Imports an .mbox file or a folder of .eml files into an account. The connection's cursor advances only
 * after a page is stored, so an interrupted import resumes where it stopped; a message that cannot be
 * parsed is recorded with its reason and the import goes on.
 */
export async function importArchive(
  db: Db,
  box: Omit<Mailbox, 'connectionId'>,
  path: string,
  opts: { pageSize?: number; onProgress?: (r: ImportResult) => void } = {},
): Promise<ImportResult> {
  // One connection (and cursor) per archive, however its path is spelled.
  const archivePath = resolve(path);
  const provider = await createArchiveProvider(archivePath);
  const connection = await ensureConnection(db, box.accountId, archivePath);
  const result: ImportResult = { seen: 0, stored: 0, ignored: 0, skipped: 0, threads: 0 };
  let cursor = connection.cursor;
  for (;;) {
    const page = await provider.listChanges({ cursor, since: new Date(0), schoolAddresses: box.school.addresses, schoolDomains: box.school.domains, limit: opts.pageSize ?? 100 });
    const parsed: MailMessage[] = [];
    const skipped: { source: string; reason: string }[] = [];
    result.seen += page.scanned;
    result.ignored += page.scanned - page.upserted.length;
    for (const ref of page.upserted) {
      try {
        parsed.push(await parseMail(ref.raw, { providerId: ref.id, fallbackDate: ref.envelopeDate ?? null }));
      } catch (err) {
        if (!(err instanceof ParseError)) throw err;
        // Qualified by the archive: ids ("mbox:0:812", "002.eml") repeat from one archive to the next.
        skipped.push({ source: `${archivePath}#${ref.id}`, reason: err.message });
      }
    }
    await db.transaction(async (tx) => {
      const stored = await storeMessages(tx as unknown as Db, { ...box, connectionId: connection.id }, parsed);
      result.stored += stored.stored;
      result.ignored += stored.ignored;
      if (skipped.length) {
        await tx
          .insert(skippedMessages)
          .values(skipped.map((s) => ({ accountId: box.accountId, connectionId: connection.id, ...s })))
          .onConflictDoNothing();
      }
      await tx
        .update(mailboxConnections)
        .set({ cursor: page.nextCursor, lastSyncAt: new Date(), updatedAt: new Date() })
        .where(eq(mailboxConnections.id, connection.id));
    });
    result.skipped += skipped.length;
    cursor = page.nextCursor;
    opts.onProgress?.(result);
    if (!page.hasMore) break;
  }
  result.threads = await rethreadAccount(db, box.accountId);
  return result;
}

async function ensureConnection(db: Db, accountId: string, path: string) {
  const address = `archive:${path}`;
  await db
    .insert(mailboxConnections)
    .values({ accountId, provider: 'archive', address })
    .onConflictDoNothing({ target: [mailboxConnections.accountId, mailboxConnections.provider, mailboxConnections.address] });
  const [row] = await db
    .select()
    .from(mailboxConnections)
    .where(and(eq(mailboxConnections.accountId, accountId), eq(mailboxConnections.provider, 'archive'), eq(mailboxConnections.address, address)));
  return row!;
}
