/**
 * The Outlook sync cursor: one state per mail folder we read. Each folder first backfills through `/messages`
 * (a receivedDateTime window, paged by its nextLink), then follows delta from the moment its backfill began.
 * Links are Graph's own, opaque (their path spelling varies: `mailFolders/{id}`, `mailfolders('{id}')`), kept as
 * the part after the version segment so a cursor never names a host; the client re-checks each new link's
 * origin before it is stored.
 */
import * as z from 'zod';
import { MailProviderError } from '../provider.js';

const relativeLink = z
  .string()
  .min(2)
  .refine((l) => l.startsWith('/me/') && !l.includes('://') && !l.startsWith('//'), 'not a relative Graph link');

const folderState = z.object({
  /** Graph folder id. */
  id: z.string().min(1),
  /** backfill: paging `/messages` for [since, t0); delta: delta rounds from t0 on. */
  phase: z.enum(['backfill', 'delta']),
  link: relativeLink,
  /** More pages (a nextLink, or the start of a round) are due for this folder. */
  pending: z.boolean(),
  /** When this folder's backfill began: the backfill covers before it, delta from it. */
  t0: z.string().datetime(),
});
export type FolderState = z.infer<typeof folderState>;

const schema = z.object({
  v: z.literal(2),
  p: z.literal('outlook'),
  /** Ids of Deleted Items, Junk Email, Drafts and Outbox (and so their subfolders): never read. */
  excluded: z.array(z.string()),
  folders: z.array(folderState),
});
export type OutlookCursor = z.infer<typeof schema>;

export function encodeOutlookCursor(c: OutlookCursor): string {
  return JSON.stringify(c);
}

/**
 * Anything but a v2 cursor (a v1 cursor from before folder discovery included) is `cursor_expired`: the adapter
 * restarts its bounded backfill instead of stopping the mailbox for good.
 */
export function decodeOutlookCursor(text: string): OutlookCursor {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new MailProviderError('cursor_expired', 'outlook cursor is not JSON', { retryable: false });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new MailProviderError('cursor_expired', 'not an outlook v2 cursor', { retryable: false });
  return parsed.data;
}
