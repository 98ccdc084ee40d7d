/**
 * Sync of one mailbox connection (spec §2): pages `listChanges` from the stored cursor, fetches and parses each
 * page's messages, keeps the school correspondence, and advances the cursor in the same transaction as the
 * page, so an interrupted run resumes where it stopped with nothing lost or stored twice. Provider failures are
 * reported in the result, never thrown: `auth` marks the connection for reconnection, `rate_limit` and
 * `transient` stop the run with the cursor where it was.
 */
import type { Db } from '../../db/client.js';
import { MailProviderError, type ChangeRef, type MailProvider, type MailProviderErrorKind } from '../../mail/provider.js';
import { Gate } from '../../mail/quota.js';
import { loadConnection, providerForConnection, type ConnectionRow, type MailDeps } from './providers.js';
import { defaultLogger } from '../../log/logger.js';
import { recordMailAudit } from './audit.js';
import { type FetchedRef, ingestPage, type IngestTarget, SupersededError } from './ingest.js';
import { rethreadAccount } from './store-messages.js';
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

function monthsBefore(now: Date, months: number): Date {
  const d = new Date(now.getTime());
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
}

function skippedSource(connection: ConnectionRow, id: string): string {
  // Same spelling as the archive import, so a message skipped there is not recorded twice.
  return connection.provider === 'archive' ? `${connection.address.replace(/^archive:/, '')}#${id}` : `${connection.provider}:${connection.address}#${id}`;
}

/** The raw bytes of a page: inline where the listing carried them (archive, IMAP), else fetched. */
async function fetchPage(provider: MailProvider, refs: ChangeRef[], gate: Gate): Promise<FetchedRef[]> {
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
  const target: IngestTarget = {
    accountId: connection.accountId,
    connection,
    school: filter.school,
    parents: filter.parents,
    childOf: (m) => childFor(m, filter),
    skippedSource: (id) => skippedSource(connection, id),
    actor: opts.actor ?? 'job:sync',
  };
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
      const fetched = await fetchPage(provider, page.upserted, gate);
      const ingested = await ingestPage(deps.db, target, page, fetched, {
        previous: rowCursor,
        now,
        ...(connection.backfillSince ? {} : { also: { backfillSince: since } }),
      });
      result.seen += ingested.seen;
      result.stored += ingested.stored;
      result.ignored += ingested.ignored;
      result.skipped += ingested.skipped;
      result.deleted += page.deleted.length;
      for (const c of ingested.children) touched.add(c);
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
