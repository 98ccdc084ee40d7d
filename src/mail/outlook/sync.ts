/**
 * listChanges and getRaw over Graph delta queries, one folder page per call: Inbox, then Sent Items, each to
 * its deltaLink; the next call after a finished round starts a new one from the stored deltaLinks. Delta can
 * filter only on receivedDateTime, so school mail is picked out here from from/to/cc (selected with the ids).
 * An expired delta state (410 / syncStateNotFound) restarts the bounded backfill for both folders, reset: true.
 */
import { ResponseType } from '@microsoft/microsoft-graph-client';
import type { ChangePage, ChangeRef, ListChangesInput } from '../provider.js';
import { MailProviderError } from '../provider.js';
import { normalizeSchoolTerms, schoolMatcher } from '../school-filter.js';
import type { OutlookClient } from './client.js';
import { FOLDERS, decodeOutlookCursor, encodeOutlookCursor, type OutlookCursor } from './cursor.js';

const SELECT = 'id,conversationId,internetMessageId,from,toRecipients,ccRecipients,receivedDateTime';

interface DeltaItem {
  id?: string;
  conversationId?: string | null;
  from?: { emailAddress?: { address?: string | null } } | null;
  toRecipients?: Array<{ emailAddress?: { address?: string | null } }> | null;
  ccRecipients?: Array<{ emailAddress?: { address?: string | null } }> | null;
  '@removed'?: { reason?: string };
}

interface DeltaResponse {
  value?: DeltaItem[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

function initialCursor(since: Date): OutlookCursor {
  const filter = encodeURIComponent(`receivedDateTime ge ${since.toISOString().replace(/\.\d{3}Z$/, 'Z')}`);
  const link = (folder: string) => `/me/mailFolders/${folder}/messages/delta?$select=${SELECT}&$filter=${filter}`;
  return { v: 1, p: 'outlook', folders: { inbox: { link: link('inbox'), pending: true }, sentitems: { link: link('sentitems'), pending: true } } };
}

export async function listOutlookChanges(client: OutlookClient, input: ListChangesInput): Promise<ChangePage> {
  const limit = Math.max(1, Math.min(1000, input.limit));
  let cursor = input.cursor === null ? initialCursor(input.since) : decodeOutlookCursor(input.cursor);
  if (!FOLDERS.some((f) => cursor.folders[f].pending)) {
    cursor = { ...cursor, folders: { inbox: { ...cursor.folders.inbox, pending: true }, sentitems: { ...cursor.folders.sentitems, pending: true } } };
  }
  try {
    return await folderPage(client, input, limit, cursor, false);
  } catch (e) {
    if (e instanceof MailProviderError && e.kind === 'cursor_expired') return folderPage(client, input, limit, initialCursor(input.since), true);
    throw e;
  }
}

async function folderPage(client: OutlookClient, input: ListChangesInput, limit: number, cursor: OutlookCursor, reset: boolean): Promise<ChangePage> {
  const folder = FOLDERS.find((f) => cursor.folders[f].pending)!;
  const res = await client.call('delta', (g) =>
    g.api(cursor.folders[folder].link).header('Prefer', `odata.maxpagesize=${limit}`).get() as Promise<DeltaResponse>,
  );
  const isSchool = schoolMatcher(normalizeSchoolTerms(input));
  const upserted: ChangeRef[] = [];
  const deleted: string[] = [];
  for (const item of res.value ?? []) {
    if (!item.id) continue;
    // Moved out of the folder or deleted: the caller decides what a removal means for its records.
    if (item['@removed']) {
      deleted.push(item.id);
      continue;
    }
    const addresses = [item.from?.emailAddress?.address, ...(item.toRecipients ?? []).map((r) => r.emailAddress?.address), ...(item.ccRecipients ?? []).map((r) => r.emailAddress?.address)];
    if (addresses.some(isSchool)) upserted.push({ id: item.id, threadId: item.conversationId ?? null });
  }
  const nextLink = res['@odata.nextLink'];
  const deltaLink = res['@odata.deltaLink'];
  if (!nextLink && !deltaLink) throw new MailProviderError('invalid', 'graph delta page had neither nextLink nor deltaLink', { retryable: false });
  const next: OutlookCursor = {
    ...cursor,
    folders: { ...cursor.folders, [folder]: { link: client.relativeLink((nextLink ?? deltaLink)!), pending: Boolean(nextLink) } },
  };
  return { upserted, deleted, nextCursor: encodeOutlookCursor(next), hasMore: FOLDERS.some((f) => next.folders[f].pending), reset };
}

export async function getOutlookRaw(client: OutlookClient, id: string): Promise<Uint8Array> {
  const body = await client.call('$value', (g) =>
    g.api(`/me/messages/${encodeURIComponent(id)}/$value`).responseType(ResponseType.ARRAYBUFFER).get() as Promise<ArrayBuffer>,
  );
  return new Uint8Array(body);
}
