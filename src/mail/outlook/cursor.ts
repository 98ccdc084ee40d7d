/**
 * The Outlook sync cursor: one delta link per folder, kept as a path relative to the Graph base URL (so a
 * cursor never names a host), and whether that folder still has pages to fetch in the current round.
 */
import { z } from 'zod';
import { MailProviderError } from '../provider.js';

export const FOLDERS = ['inbox', 'sentitems'] as const;
export type SyncFolder = (typeof FOLDERS)[number];

const folderState = z.object({
  /** `/me/mailFolders/…/messages/delta?…`: the initial query, a nextLink or a deltaLink. */
  link: z.string().regex(/^\/me\/mailFolders\/[^/?]+\/messages\/delta\?/),
  /** More pages (a nextLink, or the start of a round) are due for this folder. */
  pending: z.boolean(),
});
const schema = z.object({
  v: z.literal(1),
  p: z.literal('outlook'),
  folders: z.object({ inbox: folderState, sentitems: folderState }),
});
export type OutlookCursor = z.infer<typeof schema>;

export function encodeOutlookCursor(c: OutlookCursor): string {
  return JSON.stringify(c);
}

export function decodeOutlookCursor(text: string): OutlookCursor {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new MailProviderError('invalid', 'outlook cursor is not JSON', { retryable: false });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new MailProviderError('invalid', 'not an outlook v1 cursor', { retryable: false });
  return parsed.data;
}
