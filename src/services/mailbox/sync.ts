/**
 * Sync of one mailbox connection (spec §2): pages `listChanges` from the stored cursor, fetches and parses each
 * page's messages, keeps the school correspondence, and advances the cursor in the same transaction as the
 * page, so an interrupted run resumes where it stopped with nothing lost or stored twice. Provider failures are
 * reported in the result, never thrown: `auth` marks the connection for reconnection, `rate_limit` and
 * `transient` stop the run with the cursor where it was.
 */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { isSchoolCorrespondence } from '../../core/school.js';
import type { MailMessage } from '../../core/types.js';
import type { Db } from '../../db/client.js';
import { mailboxConnections, messages, skippedMessages } from '../../db/schema.js';
import { parseMail, ParseError } from '../../mail/parse.js';
import { MailProviderError, type ChangeRef, type MailProvider, type MailProviderErrorKind } from '../../mail/provider.js';
import { Gate } from '../../mail/quota.js';
import { loadConnection, providerForConnection, type ConnectionRow, type MailDeps } from './providers.js';
import { defaultLogger } from '../../log/logger.js';
import { recordMailAudit } from './audit.js';
import { rethreadAccount, storeMessages } from './store-messages.js';
import { childFor, loadFilter } from './sync-filter.js';

export { createSyncTrigger } from './sync-trigger.js';
import { markConnectionNeedsReconnect } from './token-store-db.js';

export interface SyncDeps extends MailDeps {
  /** Messages asked for per page. Default 100. */
  pageSize?: number;
  /** getRaw calls in flight per page. Default 4 (the providers' clients pace further). */
  fetchConcurrency?: number;
  /** Safety stop for one run. Default 10,000 pages. */
  maxPages?: number;
  /** Initial backfill window in months. Default 18 (spec §2). */
  backfillMonths?: number;
  /**
   * The next stage: called once at the end of a run with the children that got new messages, after
   * threading (src/services/analysis/stage.ts re-analyses them). Unset: nothing follows the sync.
   */
  onIngested?: (db: Db, accountId: string, childIds: string[], now: Date) => Promise<number>;
}

export type SyncStatus =
  | 'ok'
  | 'needs_reconnect' // auth failed or a permission is missing: the parent must connect again
  | 'needs_admin' // the mailbox's administrator does not allow the app
  | 'rate_limited'
  | 'transient' // 5xx / connection failures: retry later, cursor kept
  | 'superseded' // another worker advanced the cursor first
  | 'failed' // invalid / unsupported: needs a person
  | 'skipped'; // not active, or nothing to filter on

export interface SyncResult {
  connectionId: string;
  status: SyncStatus;
  pages: number;
  /** Message refs returned by the provider. */
  seen: number;
  stored: number;
  /** Parsed but not school correspondence (or not fetched: gone before we read it). */
  ignored: number;
  /** Could not be parsed; recorded in skipped_messages. */
  skipped: number;
  /** Provider ids reported as removed (recorded, never erased). */
  deleted: number;
  /** Pages that restarted a bounded resync. */
  resets: number;
  threads: number | null;
  /** Children analysed again because this run stored mail for them. */
  analysed?: number;
  reason?: string;
  error?: { kind: MailProviderErrorKind | 'unknown'; message: string; retryAfterMs?: number };
}

class SupersededError extends Error {}

/**
 * A message first stored from an imported archive has no provider ids; when the connected mailbox delivers the
 * same Message-ID, the row takes this mailbox's ids so replies can go out in the provider's thread.
 */
async function adoptArchivedCopies(tx: Db, connection: ConnectionRow, list: MailMessage[]): Promise<void> {
  const ids = list.map((m) => m.messageId);
  const existing = await tx
    .select({ id: messages.id, messageId: messages.messageId, connectionId: messages.connectionId, provider: mailboxConnections.provider })
    .from(messages)
    .leftJoin(mailboxConnections, eq(messages.connectionId, mailboxConnections.id))
    .where(and(eq(messages.accountId, connection.accountId), inArray(messages.messageId, ids)));
  const byId = new Map(list.map((m) => [m.messageId, m]));
  for (const row of existing) {
    if (row.connectionId === connection.id || (row.connectionId !== null && row.provider !== 'archive')) continue;
    const m = byId.get(row.messageId);
    if (!m?.providerId) continue;
    await tx
      .update(messages)
      .set({ connectionId: connection.id, providerId: m.providerId, providerThreadId: m.providerThreadId })
      .where(eq(messages.id, row.id));
  }
}

function monthsBefore(now: Date, months: number): Date {
  const d = new Date(now.getTime());
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
}

function skippedSource(connection: ConnectionRow, id: string): string {
  // Same spelling as the archive import, so a message skipped there is not recorded twice.
  return connection.provider === 'archive' ? `${connection.address.replace(/^archive:/, '')}#${id}` : `${connection.provider}:${connection.address}#${id}`;
}

type RefWithRaw = ChangeRef & { raw?: Uint8Array; envelopeDate?: string | null };

async function fetchPage(
  provider: MailProvider,
  refs: RefWithRaw[],
  gate: Gate,
): Promise<Array<{ ref: RefWithRaw; raw: Uint8Array | null }>> {
  return Promise.all(
    refs.map(async (ref) => {
      if (ref.raw) return { ref, raw: ref.raw };
      try {
        return { ref, raw: await gate.run(() => provider.getRaw(ref.id)) };
      } catch (e) {
        // Deleted between the listing and the fetch: nothing to keep.
        if (e instanceof MailProviderError && e.kind === 'not_found') return { ref, raw: null };
        throw e;
      }
    }),
  );
}

/**
 * Syncs one connection until the provider has no more pages (or an error stops it). Safe to run concurrently
 * with itself: messages are idempotent by Message-ID and the cursor only advances from the value this run read.
 */
export async function syncConnection(deps: SyncDeps, connectionId: string, opts: { now?: Date; actor?: string } = {}): Promise<SyncResult> {
  const now = opts.now ?? new Date();
  const result: SyncResult = { connectionId, status: 'ok', pages: 0, seen: 0, stored: 0, ignored: 0, skipped: 0, deleted: 0, resets: 0, threads: null };
  const connection = await loadConnection(deps.db, connectionId);
  if (!connection) return { ...result, status: 'skipped', reason: 'no such connection' };
  if (connection.status !== 'active') return { ...result, status: 'skipped', reason: `connection is ${connection.status}` };
  if (connection.provider !== 'archive' && !deps.keyring)
    return { ...result, status: 'failed', reason: 'ENCRYPTION_KEYS is not set: the mailbox tokens cannot be read' };
  const filter = await loadFilter(deps.db, connection);
  if (connection.provider !== 'archive' && filter.schoolAddresses.length + filter.schoolDomains.length === 0)
    return { ...result, status: 'skipped', reason: 'no school contacts or domains configured' };

  // The initial backfill covers the configured window (or the start the parent chose); a resync after an
  // expired cursor is bounded by the window again, however long ago the mailbox was connected.
  const windowStart = monthsBefore(now, deps.backfillMonths ?? 18);
  const since =
    connection.cursor === null
      ? (connection.backfillSince ?? windowStart)
      : new Date(Math.max(connection.backfillSince?.getTime() ?? 0, windowStart.getTime()));
  const limit = deps.pageSize ?? 100;
  const gate = new Gate(deps.fetchConcurrency ?? 4);
  let cursor = connection.cursor;
  /** The value in the row, which the conditional update checks (differs from `cursor` after an archive restart). */
  let rowCursor = connection.cursor;
  let provider: MailProvider;
  const touched = new Set<string>();
  try {
    provider = await providerForConnection(deps, connection);
  } catch (e) {
    return finish(deps, connection, result, e, opts.actor, touched, now);
  }

  try {
    for (let n = 0; n < (deps.maxPages ?? 10_000); n++) {
      let page;
      try {
        page = await provider.listChanges({
          cursor,
          since,
          // Every provider filters on its side: the mail servers by query, an archive by reading headers.
          schoolAddresses: filter.schoolAddresses,
          schoolDomains: filter.schoolDomains,
          limit,
        });
      } catch (e) {
        // A cursor the provider cannot use (expired, unreadable, or from an older adapter version) restarts the
        // bounded backfill once, for every provider: a non-retryable "invalid" would otherwise stop the mailbox for
        // good. Re-reading adds nothing already stored (messages are kept by Message-ID).
        if (e instanceof MailProviderError && (e.kind === 'cursor_expired' || e.kind === 'invalid') && cursor !== null) {
          cursor = null;
          result.resets++;
          continue;
        }
        throw e;
      }
      result.pages++;
      if (page.reset) result.resets++;
      const refs = page.upserted as RefWithRaw[];
      const scanned = (page as { scanned?: number }).scanned;
      result.seen += scanned ?? refs.length;
      if (scanned !== undefined) result.ignored += scanned - refs.length;
      const fetched = await fetchPage(provider, refs, gate);
      const parsed: MailMessage[] = [];
      const skipped: Array<{ source: string; reason: string }> = [];
      for (const { ref, raw } of fetched) {
        if (!raw) {
          result.ignored++;
          continue;
        }
        try {
          parsed.push(await parseMail(raw, { providerId: ref.id, providerThreadId: ref.threadId ?? null, fallbackDate: ref.envelopeDate ?? null }));
        } catch (err) {
          if (!(err instanceof ParseError)) throw err;
          skipped.push({ source: skippedSource(connection, ref.id), reason: err.message });
        }
      }
      const previous = rowCursor;
      const counts = { stored: 0, ignored: 0 };
      await deps.db.transaction(async (txRaw) => {
        const tx = txRaw as unknown as Db;
        const groups = new Map<string | null, MailMessage[]>();
        for (const m of parsed) {
          if (!isSchoolCorrespondence(m, filter.school)) {
            counts.ignored++;
            continue;
          }
          const child = childFor(m, filter);
          groups.set(child, [...(groups.get(child) ?? []), m]);
        }
        for (const [childId, list] of groups) {
          const s = await storeMessages(tx, { accountId: connection.accountId, connectionId: connection.id, childId, parentAddresses: filter.parents, school: filter.school }, list);
          counts.stored += s.stored;
          counts.ignored += s.ignored;
          if (s.stored > 0 && childId) touched.add(childId);
          if (connection.provider !== 'archive' && s.stored < list.length) await adoptArchivedCopies(tx, connection, list);
        }
        if (skipped.length)
          await tx
            .insert(skippedMessages)
            .values(skipped.map((s) => ({ accountId: connection.accountId, connectionId: connection.id, ...s })))
            .onConflictDoNothing();
        if (page.deleted.length)
          await recordMailAudit(tx, {
            accountId: connection.accountId,
            actor: opts.actor ?? 'job:sync',
            action: 'mailbox.messages_removed',
            subjectType: 'mailbox_connection',
            subjectId: connection.id,
            // Removed in the mailbox (deleted or moved): the record keeps every message it already has.
            data: { count: page.deleted.length, providerIds: page.deleted.slice(0, 500) },
          });
        if (page.reset)
          await recordMailAudit(tx, {
            accountId: connection.accountId,
            actor: opts.actor ?? 'job:sync',
            action: 'mailbox.resync',
            subjectType: 'mailbox_connection',
            subjectId: connection.id,
            data: { provider: connection.provider, reason: 'cursor expired' },
          });
        const advanced = await tx
          .update(mailboxConnections)
          .set({ cursor: page.nextCursor, lastSyncAt: now, updatedAt: new Date(), ...(connection.backfillSince ? {} : { backfillSince: since }) })
          .where(
            and(
              eq(mailboxConnections.id, connection.id),
              eq(mailboxConnections.status, 'active'),
              previous === null ? isNull(mailboxConnections.cursor) : eq(mailboxConnections.cursor, previous),
            ),
          )
          .returning({ id: mailboxConnections.id });
        if (advanced.length === 0) throw new SupersededError('cursor moved under this run');
      });
      result.stored += counts.stored;
      result.ignored += counts.ignored;
      result.skipped += skipped.length;
      result.deleted += page.deleted.length;
      cursor = rowCursor = page.nextCursor;
      if (!page.hasMore) break;
    }
  } catch (e) {
    return finish(deps, connection, result, e, opts.actor, touched, now);
  } finally {
    // An IMAP provider holds a connection open; the others have nothing to close.
    await (provider as { close?: () => Promise<void> }).close?.().catch(() => undefined);
  }
  return finish(deps, connection, result, null, opts.actor, touched, now);
}

async function finish(
  deps: SyncDeps,
  connection: ConnectionRow,
  result: SyncResult,
  error: unknown,
  actor: string | undefined,
  touched: Set<string> = new Set(),
  now: Date = new Date(),
): Promise<SyncResult> {
  if (error) {
    if (error instanceof SupersededError) {
      result.status = 'superseded';
      result.reason = 'another sync advanced the cursor first';
    } else if (error instanceof MailProviderError) {
      result.error = { kind: error.kind, message: error.message, ...(error.options.retryAfterMs !== undefined ? { retryAfterMs: error.options.retryAfterMs } : {}) };
      if (error.kind === 'auth' || error.kind === 'scope') {
        result.status = 'needs_reconnect';
        // The token source marks it when a refresh fails; a permission not granted lands here too: connecting
        // again asks for it.
        await markConnectionNeedsReconnect(deps.db, connection.id, error.kind === 'scope' ? 'missing_scope' : error.message, actor ?? 'job:sync');
      } else if (error.kind === 'policy') {
        // The organisation's administrator blocks the app: reconnecting cannot fix it, so the connection stays as
        // it is and the parent is told to ask the admin.
        result.status = 'needs_admin';
      } else if (error.kind === 'rate_limit') result.status = 'rate_limited';
      else if (error.kind === 'transient') result.status = 'transient';
      else result.status = 'failed';
    } else {
      throw error;
    }
  }
  if (result.stored > 0 || result.resets > 0) result.threads = await rethreadAccount(deps.db, connection.accountId);
  // Pages committed before an error are stored: analyse them too.
  if (touched.size && deps.onIngested) result.analysed = await deps.onIngested(deps.db, connection.accountId, [...touched], now);
  if (result.pages > 0 || result.status !== 'ok') {
    await recordMailAudit(deps.db, {
      accountId: connection.accountId,
      actor: actor ?? 'job:sync',
      action: 'mailbox.synced',
      subjectType: 'mailbox_connection',
      subjectId: connection.id,
      data: {
        provider: connection.provider,
        status: result.status,
        pages: result.pages,
        seen: result.seen,
        stored: result.stored,
        skipped: result.skipped,
        deleted: result.deleted,
        resets: result.resets,
        ...(result.error ? { errorKind: result.error.kind } : {}),
      },
    });
  }
  (deps.log ?? defaultLogger)[result.status === 'ok' ? 'info' : 'warn']('mailbox sync', {
    connectionId: connection.id,
    provider: connection.provider,
    status: result.status,
    pages: result.pages,
    stored: result.stored,
    ...(result.error ? { errorKind: result.error.kind } : {}),
  });
  return result;
}
