import { resolve } from 'node:path';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { mailboxConnections } from '../../db/schema.js';
import { createArchiveProvider, createBundledArchiveProvider, type ArchiveProvider } from '../../mail/archive/archive-provider.js';
import { ingestPage, type IngestTarget } from './ingest.js';
import { rethreadAccount, type Mailbox } from './store-messages.js';

export interface ImportResult {
  seen: number;
  stored: number;
  ignored: number;
  skipped: number;
  /** Messages kept with a replaced sent time (absurd or missing Date header), present only when there are some. */
  dateWarnings?: number;
  threads: number;
}

/**
 * A page of 100 school messages with attachments is tens of MB of raw mail, held with its parsed copy while the
 * page is stored: the page ends at 8 MB of raw mail instead, which keeps a large import's memory flat (README,
 * bench:import-cli) for a few more, still small, transactions.
 */
export const PAGE_BYTES = 8 * 1024 * 1024;

/** Where an import is in its archive: bytes of an .mbox read so far (0 for a folder of .eml files). */
export interface ImportProgress extends ImportResult {
  bytesRead: number;
}

export interface ImportOptions {
  pageSize?: number;
  /** A page also ends at this many raw bytes (default PAGE_BYTES). */
  pageBytes?: number;
  /** Called after each stored page (awaited: a progress write finishes before the next page is read). */
  onProgress?: (r: ImportProgress) => unknown;
  /**
   * The archive's identity for its cursor, when its path is not stable (an upload decrypted into a new
   * temporary folder for each attempt): the same key resumes where the last attempt stopped.
   */
  archiveKey?: string;
}

/** The byte offset an .mbox cursor stands at; 0 for other cursors. */
export function cursorBytes(cursor: string | null): number {
  if (!cursor) return 0;
  try {
    const at = (JSON.parse(cursor) as { at?: unknown }).at;
    return typeof at === 'number' && Number.isFinite(at) ? at : 0;
  } catch {
    return 0;
  }
}

/** Mail held in memory instead of on disk: `key` names the archive (its connection and cursor), `files` its .eml files. */
export interface BundledArchive {
  key: string;
  files: ReadonlyArray<{ name: string; raw: Uint8Array }>;
}

/**
 * Imports an .mbox file or a folder of .eml files (a path, or a BundledArchive) into an account, through the same ingest path as a
 * connected mailbox (ingest.ts): the connection's cursor advances with each stored page, so an interrupted
 * import resumes where it stopped; a message that cannot be parsed is recorded with its reason and the import
 * goes on. Two imports of the same archive at once: the second stops at its first page (SupersededError).
 */
export async function importArchive(
  db: Db,
  box: Omit<Mailbox, 'connectionId'>,
  source: string | BundledArchive,
  opts: ImportOptions = {},
): Promise<ImportResult> {
  // One connection (and cursor) per archive, however its path is spelled.
  let provider: ArchiveProvider;
  let key: string;
  if (typeof source === 'string') {
    const archivePath = resolve(source);
    provider = await createArchiveProvider(archivePath);
    key = opts.archiveKey ?? archivePath;
  } else {
    provider = createBundledArchiveProvider(source.files);
    key = opts.archiveKey ?? source.key;
  }
  const connection = await ensureConnection(db, box.accountId, key);
  const result: ImportResult = { seen: 0, stored: 0, ignored: 0, skipped: 0, threads: 0 };
  const target: IngestTarget = {
    accountId: box.accountId,
    connection,
    school: box.school,
    parents: box.parentAddresses,
    childOf: () => box.childId,
    // Qualified by the archive: ids ("mbox:0:812", "002.eml") repeat from one archive to the next.
    skippedSource: (id) => `${key}#${id}`,
    actor: 'import',
  };
  let cursor = connection.cursor;
  for (;;) {
    const page = await provider.listChanges({ cursor, since: new Date(0), schoolAddresses: box.school.addresses, schoolDomains: box.school.domains, limit: opts.pageSize ?? 100, maxBytes: opts.pageBytes ?? PAGE_BYTES });
    const ingested = await ingestPage(db, target, page, page.upserted.map((ref) => ({ ref, raw: ref.raw })), { previous: cursor, now: new Date() });
    result.seen += ingested.seen;
    result.stored += ingested.stored;
    result.ignored += ingested.ignored;
    result.skipped += ingested.skipped;
    if (ingested.dateWarnings) result.dateWarnings = (result.dateWarnings ?? 0) + ingested.dateWarnings;
    cursor = page.nextCursor;
    await opts.onProgress?.({ ...result, bytesRead: cursorBytes(cursor) });
    if (!page.hasMore) break;
  }
  result.threads = await rethreadAccount(db, box.accountId);
  return result;
}

/** The archive's connection row; its address is `archive:<path or key>`. */
export async function ensureConnection(db: Db, accountId: string, path: string) {
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
