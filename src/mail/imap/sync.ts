/**
 * listChanges for IMAP. Each folder is read in UID order from the cursor: SEARCH (school filter on headers,
 * SINCE the window) over the UIDs not yet scanned, then FETCH of the bodies of at most `limit` of them. The
 * range is capped at the UIDNEXT seen when the folder was opened, so mail arriving meanwhile is picked up by
 * the next page, never skipped. The bodies travel with the refs (one round trip per page, not per message).
 */
import type { ImapFlow } from 'imapflow';
import type { ChangePage, ChangeRef, ListChangesInput } from '../provider.js';
import { decodeCursor, encodeCursor, messageRef, type ImapCursor } from './cursor.js';
import { syncFolders } from './folders.js';
import { schoolSearch, searchTerms } from './search.js';

export type ImapRef = ChangeRef & { raw: Uint8Array; envelopeDate: string | null };
export type ImapChangePage = Omit<ChangePage, 'upserted'> & { upserted: ImapRef[] };

/**
 * What a SEARCH already found, per folder, for the pages that follow within one provider instance: a
 * backfill of many pages would otherwise search the rest of the folder again for each page (a header search
 * Dovecot answers by reading every message). UIDs never change within one UIDVALIDITY, and new mail only gets
 * higher UIDs, so the matches in a searched range stay the matches; only the range above it is searched anew.
 */
export type SearchCache = Map<string, { validity: string; start: number; upto: number; uids: number[] }>;

export async function listImapChanges(client: ImapFlow, input: ListChangesInput, cache: SearchCache = new Map()): Promise<ImapChangePage> {
  const cursor: ImapCursor = decodeCursor(input.cursor);
  const folders = syncFolders(await client.list());
  const terms = searchTerms(input.schoolAddresses, input.schoolDomains);
  const refs: ImapRef[] = [];
  const next: ImapCursor = { v: 1, f: {} };
  let reset = false;
  let hasMore = false;

  for (const folder of folders) {
    const state = cursor.f[folder.path];
    if (refs.length >= input.limit) {
      hasMore = true;
      if (state) next.f[folder.path] = state;
      continue;
    }
    const status = await client.status(folder.path, { uidValidity: true, uidNext: true, highestModseq: true });
    if (!status) continue;
    const validity = String(status.uidValidity);
    const top = (status.uidNext ?? 1) - 1;
    if (state && state.v === validity && state.u >= top) {
      next.f[folder.path] = { ...state, ...(status.highestModseq !== undefined ? { m: String(status.highestModseq) } : {}) };
      continue;
    }
    if (state && state.v !== validity) reset = true;
    const from = state && state.v === validity ? state.u + 1 : 1;
    const lock = await client.getMailboxLock(folder.path, { readOnly: true });
    try {
      const box = client.mailbox;
      if (!box || String(box.uidValidity) !== validity) {
        // Changed between STATUS and SELECT: leave the folder as it was; the next page sees the new value.
        if (state) next.f[folder.path] = state;
        hasMore = true;
        continue;
      }
      const upto = Math.min(top, box.uidNext - 1);
      const key = `${folder.path}\u0000${input.since.getTime()}\u0000${terms.join(',')}`;
      const known = cache.get(key);
      // Only a search that covered this page's start (a cursor from an earlier run may start lower).
      const reuse = known && known.validity === validity && known.start <= from && known.upto >= from - 1 && known.upto <= upto ? known : null;
      const searchFrom = reuse ? reuse.upto + 1 : from;
      const found = upto >= searchFrom ? ((await client.search(schoolSearch(terms, input.since, `${searchFrom}:${upto}`), { uid: true })) || []) : [];
      // `n:*`-style ranges can return the last message even below n; keep strictly the asked range.
      const fresh = found.filter((u) => u >= searchFrom && u <= upto);
      const uids = [...(reuse ? reuse.uids.filter((u) => u >= from) : []), ...fresh].sort((a, b) => a - b);
      cache.set(key, { validity, start: from, upto, uids });
      const take = uids.slice(0, input.limit - refs.length);
      if (take.length) {
        for await (const msg of client.fetch(take.join(','), { uid: true, source: true, internalDate: true }, { uid: true })) {
          if (!msg.source) continue;
          const date = msg.internalDate ? new Date(msg.internalDate) : null;
          refs.push({
            id: messageRef(folder.path, validity, msg.uid),
            threadId: null,
            raw: new Uint8Array(msg.source.buffer, msg.source.byteOffset, msg.source.byteLength),
            envelopeDate: date && !Number.isNaN(date.getTime()) ? date.toISOString() : null,
          });
        }
      }
      const partial = take.length < uids.length;
      next.f[folder.path] = {
        v: validity,
        u: partial ? take[take.length - 1]! : Math.max(upto, from - 1),
        ...(!partial && box.highestModseq !== undefined ? { m: String(box.highestModseq) } : {}),
      };
      if (partial) hasMore = true;
    } finally {
      lock.release();
    }
  }
  return { upserted: refs, deleted: [], nextCursor: encodeCursor(next), hasMore, reset };
}
