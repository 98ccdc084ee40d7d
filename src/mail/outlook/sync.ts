/**
 * listChanges and getRaw for Outlook, one folder page per call, over every readable folder (folders.ts).
 *
 * Why not delta from the start: Graph delta accepts `$filter=receivedDateTime ge …` but then "returns only up to
 * 5,000 messages", in no guaranteed order (microsoft-graph-docs-contrib: concepts/delta-query-messages.md), so an
 * 18-month backfill of a busy folder would be cut short without a word; and delta without a filter lists the
 * whole folder. So each folder backfills through `/messages` with `receivedDateTime ge since and lt t0` (t0: when
 * that folder's backfill began), newest first, paged by nextLink; then follows delta filtered on `ge t0`, which
 * sees only what arrived since (a few messages, far under the cap) and every round after.
 *
 * A new round (no folder pending) rediscovers the folders: a new one (a rule's target) starts its own backfill,
 * a gone one is dropped. An expired delta state (410 / syncStateNotFound) restarts that folder's backfill; an
 * unreadable cursor restarts all of them (reset: true).
 */
import { ResponseType } from '@microsoft/microsoft-graph-client';
import type { ChangePage, ChangeRef, ListChangesInput } from '../provider.js';
import { MailProviderError } from '../provider.js';
import { normalizeSchoolTerms, schoolMatcher } from '../school-filter.js';
import type { OutlookClient } from './client.js';
import { decodeOutlookCursor, encodeOutlookCursor, type FolderState, type OutlookCursor } from './cursor.js';
import { discoverFolders, excludedFolderIds } from './folders.js';

const SELECT = 'id,conversationId,internetMessageId,from,toRecipients,ccRecipients,receivedDateTime';

interface Item {
  id?: string;
  conversationId?: string | null;
  from?: { emailAddress?: { address?: string | null } } | null;
  toRecipients?: Array<{ emailAddress?: { address?: string | null } }> | null;
  ccRecipients?: Array<{ emailAddress?: { address?: string | null } }> | null;
  '@removed'?: { reason?: string };
}

interface Page {
  value?: Item[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function folderPath(id: string): string {
  return `/me/mailFolders/${encodeURIComponent(id)}`;
}

function backfillState(id: string, since: Date, t0: Date, limit: number): FolderState {
  const filter = encodeURIComponent(`receivedDateTime ge ${isoSeconds(since)} and receivedDateTime lt ${isoSeconds(t0)}`);
  const link = `${folderPath(id)}/messages?$filter=${filter}&$orderby=${encodeURIComponent('receivedDateTime desc')}&$select=${SELECT}&$top=${limit}`;
  return { id, phase: 'backfill', link, pending: true, t0: t0.toISOString() };
}

function deltaStart(f: FolderState): FolderState {
  const filter = encodeURIComponent(`receivedDateTime ge ${isoSeconds(new Date(f.t0))}`);
  return { ...f, phase: 'delta', link: `${folderPath(f.id)}/messages/delta?$select=${SELECT}&$filter=${filter}`, pending: true };
}

async function freshCursor(client: OutlookClient, input: ListChangesInput, limit: number): Promise<OutlookCursor> {
  const excluded = await excludedFolderIds(client);
  const t0 = new Date(client.clock.now());
  const ids = await discoverFolders(client, excluded);
  return { v: 2, p: 'outlook', excluded, folders: ids.map((id) => backfillState(id, input.since, t0, limit)) };
}

/** Start of a round: every folder pending again; new folders added (with their own backfill), gone ones dropped. */
async function newRound(client: OutlookClient, cursor: OutlookCursor, input: ListChangesInput, limit: number): Promise<OutlookCursor> {
  const ids = await discoverFolders(client, cursor.excluded);
  const known = new Map(cursor.folders.map((f) => [f.id, f]));
  const t0 = new Date(client.clock.now());
  return { ...cursor, folders: ids.map((id) => (known.has(id) ? { ...known.get(id)!, pending: true } : backfillState(id, input.since, t0, limit))) };
}

export async function listOutlookChanges(client: OutlookClient, input: ListChangesInput): Promise<ChangePage> {
  const limit = Math.max(1, Math.min(1000, input.limit));
  let cursor: OutlookCursor;
  let reset = false;
  if (input.cursor === null) cursor = await freshCursor(client, input, limit);
  else {
    try {
      cursor = decodeOutlookCursor(input.cursor);
    } catch (e) {
      if (!(e instanceof MailProviderError && e.kind === 'cursor_expired')) throw e;
      cursor = await freshCursor(client, input, limit);
      reset = true;
    }
  }
  if (!cursor.folders.some((f) => f.pending)) cursor = await newRound(client, cursor, input, limit);
  const index = cursor.folders.findIndex((f) => f.pending);
  if (index < 0) return { upserted: [], deleted: [], nextCursor: encodeOutlookCursor(cursor), hasMore: false, reset };
  const folder = cursor.folders[index]!;
  const isSchool = schoolMatcher(normalizeSchoolTerms(input));
  const replace = (state: FolderState | null): OutlookCursor => ({
    ...cursor,
    folders: state ? cursor.folders.map((f, i) => (i === index ? state : f)) : cursor.folders.filter((_, i) => i !== index),
  });
  const page = (next: OutlookCursor, upserted: ChangeRef[], deleted: string[], resetNow: boolean): ChangePage => ({
    upserted,
    deleted,
    nextCursor: encodeOutlookCursor(next),
    hasMore: next.folders.some((f) => f.pending),
    reset: reset || resetNow,
  });

  let res: Page;
  try {
    res = (await client.call(folder.phase === 'delta' ? 'delta' : 'messages', (g) =>
      g.api(folder.link).header('Prefer', `odata.maxpagesize=${limit}`).get(),
    )) as Page;
  } catch (e) {
    if (!(e instanceof MailProviderError)) throw e;
    // The folder was deleted (or renamed away from us): nothing left to read there.
    if (e.kind === 'not_found') return page(replace(null), [], [], false);
    if (e.kind === 'cursor_expired') return page(replace(backfillState(folder.id, input.since, new Date(client.clock.now()), limit)), [], [], true);
    throw e;
  }
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
  let state: FolderState;
  if (nextLink) state = { ...folder, link: client.relativeLink(nextLink), pending: true };
  else if (folder.phase === 'backfill') state = deltaStart(folder);
  else if (deltaLink) state = { ...folder, link: client.relativeLink(deltaLink), pending: false };
  else throw new MailProviderError('invalid', 'graph delta page had neither nextLink nor deltaLink', { retryable: false });
  return page(replace(state), upserted, deleted, false);
}

export async function getOutlookRaw(client: OutlookClient, id: string): Promise<Uint8Array> {
  const body = await client.call('$value', (g) =>
    g.api(`/me/messages/${encodeURIComponent(id)}/$value`).responseType(ResponseType.ARRAYBUFFER).get() as Promise<ArrayBuffer>,
  );
  return new Uint8Array(body);
}
