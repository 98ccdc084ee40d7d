/**
 * listChanges and getRaw. Backfill: messages.list with a server-side school query, newest first, paged.
 * Incremental: history.list from the stored historyId, asking for messageAdded and labelAdded/labelRemoved: mail
 * the parent moves out of Spam, or that a filter or the parent archives into a label, changes only labels, so
 * messageAdded alone never sees it (developers.google.com/gmail/api/reference/rest/v1/users.history/list,
 * "historyTypes"; guides/sync). History records carry only the message id and threadId, so each candidate's
 * labels and From/To/Cc are read (format=metadata): it counts if it is now in no Draft/Spam/Trash and involves the
 * school. Re-reporting a message already stored is harmless (stored by Message-ID). An expired historyId (404)
 * or an unreadable cursor restarts the bounded backfill with `reset: true`.
 */
import type { ChangePage, ChangeRef, ListChangesInput } from '../provider.js';
import { MailProviderError } from '../provider.js';
import { addressesInHeader, normalizeSchoolTerms, schoolMatcher } from '../school-filter.js';
import type { GmailClient } from './client.js';
import { decodeGmailCursor, encodeGmailCursor, type GmailCursor } from './cursor.js';
import { schoolQuery } from './query.js';

/** Labels whose messages are not correspondence: drafts (ours included), spam, trash. Backfill excludes them too. */
const SKIP_LABELS = new Set(['DRAFT', 'SPAM', 'TRASH']);
const MAX_PAGE = 500;

function bringsIntoView(label: string): boolean {
  return label === 'INBOX' || label === 'SENT' || label.startsWith('Label_');
}

export async function listGmailChanges(client: GmailClient, input: ListChangesInput): Promise<ChangePage> {
  const limit = Math.max(1, Math.min(MAX_PAGE, input.limit));
  if (input.cursor === null) return backfillPage(client, input, limit, null, false);
  let cursor: GmailCursor;
  try {
    cursor = decodeGmailCursor(input.cursor);
  } catch (e) {
    if (e instanceof MailProviderError && e.kind === 'invalid') return backfillPage(client, input, limit, null, true);
    throw e;
  }
  if (cursor.phase === 'backfill') return backfillPage(client, input, limit, cursor, false);
  try {
    return await historyPage(client, input, limit, cursor);
  } catch (e) {
    if (e instanceof MailProviderError && e.kind === 'cursor_expired') return backfillPage(client, input, limit, null, true);
    throw e;
  }
}

async function backfillPage(
  client: GmailClient,
  input: ListChangesInput,
  limit: number,
  cursor: Extract<GmailCursor, { phase: 'backfill' }> | null,
  reset: boolean,
): Promise<ChangePage> {
  const q = cursor?.q ?? schoolQuery(normalizeSchoolTerms(input), input.since);
  const startHistoryId =
    cursor?.historyId ?? (await client.call('getProfile', (api, o) => api.users.getProfile({ userId: 'me' }, o))).historyId;
  if (!startHistoryId) throw new MailProviderError('invalid', 'gmail getProfile returned no historyId', { retryable: false });
  const res = await client.call('messages.list', (api, o) =>
    api.users.messages.list(
      { userId: 'me', q, maxResults: limit, includeSpamTrash: false, ...(cursor ? { pageToken: cursor.pageToken } : {}) },
      o,
    ),
  );
  const upserted: ChangeRef[] = (res.messages ?? []).flatMap((m) => (m.id ? [{ id: m.id, threadId: m.threadId ?? null }] : []));
  const next: GmailCursor = res.nextPageToken
    ? { v: 1, p: 'gmail', phase: 'backfill', historyId: startHistoryId, q, pageToken: res.nextPageToken }
    : { v: 1, p: 'gmail', phase: 'history', historyId: startHistoryId };
  return { upserted, deleted: [], nextCursor: encodeGmailCursor(next), hasMore: Boolean(res.nextPageToken), reset };
}

async function historyPage(
  client: GmailClient,
  input: ListChangesInput,
  limit: number,
  cursor: Extract<GmailCursor, { phase: 'history' }>,
): Promise<ChangePage> {
  const res = await client.call('history.list', (api, o) =>
    api.users.history.list(
      {
        userId: 'me',
        startHistoryId: cursor.historyId,
        historyTypes: ['messageAdded', 'labelAdded', 'labelRemoved'],
        maxResults: limit,
        ...(cursor.pageToken ? { pageToken: cursor.pageToken } : {}),
      },
      o,
    ),
  );
  const candidates = new Map<string, string | null>();
  const add = (m: { id?: string | null; threadId?: string | null } | undefined) => {
    if (m?.id) candidates.set(m.id, m.threadId ?? null);
  };
  for (const record of res.history ?? []) {
    for (const added of record.messagesAdded ?? []) add(added.message);
    // Only label changes that can bring a message into view: into the inbox, Sent or a label, or out of Spam/Trash
    // (not the read/star/category churn, each of which would cost a metadata read).
    for (const change of record.labelsAdded ?? []) if ((change.labelIds ?? []).some(bringsIntoView)) add(change.message);
    for (const change of record.labelsRemoved ?? []) if ((change.labelIds ?? []).some((l) => l === 'SPAM' || l === 'TRASH')) add(change.message);
  }
  const isSchool = schoolMatcher(normalizeSchoolTerms(input));
  const checks = await Promise.all(
    [...candidates].map(async ([id, threadId]): Promise<ChangeRef | null> => {
      try {
        const meta = await client.call('messages.get', (api, o) =>
          api.users.messages.get({ userId: 'me', id, format: 'metadata', metadataHeaders: ['From', 'To', 'Cc'] }, o),
        );
        if ((meta.labelIds ?? []).some((l) => SKIP_LABELS.has(l))) return null;
        const headers = meta.payload?.headers ?? [];
        const addresses = headers
          .filter((h) => /^(from|to|cc)$/i.test(h.name ?? ''))
          .flatMap((h) => addressesInHeader(h.value));
        return addresses.some(isSchool) ? { id, threadId: meta.threadId ?? threadId } : null;
      } catch (e) {
        // Deleted between the history record and now: nothing to sync.
        if (e instanceof MailProviderError && e.kind === 'not_found') return null;
        throw e;
      }
    }),
  );
  const upserted = checks.filter((c): c is ChangeRef => c !== null);
  const next: GmailCursor = res.nextPageToken
    ? { v: 1, p: 'gmail', phase: 'history', historyId: cursor.historyId, pageToken: res.nextPageToken }
    : { v: 1, p: 'gmail', phase: 'history', historyId: res.historyId ?? cursor.historyId };
  return { upserted, deleted: [], nextCursor: encodeGmailCursor(next), hasMore: Boolean(res.nextPageToken), reset: false };
}

export async function getGmailRaw(client: GmailClient, id: string): Promise<Uint8Array> {
  const msg = await client.call('messages.get', (api, o) => api.users.messages.get({ userId: 'me', id, format: 'raw' }, o));
  if (typeof msg.raw !== 'string') throw new MailProviderError('invalid', 'gmail messages.get returned no raw', { retryable: false });
  const buf = Buffer.from(msg.raw, 'base64url');
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}
