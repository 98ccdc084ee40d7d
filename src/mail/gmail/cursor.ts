/** The Gmail sync cursor: versioned JSON, validated on the way in, opaque to callers. */
import * as z from 'zod';
import { MailProviderError } from '../provider.js';

const historyId = z.string().regex(/^\d+$/);
const backfill = z.object({
  v: z.literal(1),
  p: z.literal('gmail'),
  phase: z.literal('backfill'),
  /** Mailbox historyId taken before the first page: history.list resumes from it, so nothing that arrives
   *  during the backfill is missed. */
  historyId,
  q: z.string().min(1),
  pageToken: z.string().min(1),
});
const history = z.object({
  v: z.literal(1),
  p: z.literal('gmail'),
  phase: z.literal('history'),
  historyId,
  pageToken: z.string().min(1).optional(),
});
const schema = z.discriminatedUnion('phase', [backfill, history]);
export type GmailCursor = z.infer<typeof schema>;

export function encodeGmailCursor(c: GmailCursor): string {
  return JSON.stringify(c);
}

export function decodeGmailCursor(text: string): GmailCursor {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new MailProviderError('invalid', 'gmail cursor is not JSON', { retryable: false });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new MailProviderError('invalid', 'not a gmail v1 cursor', { retryable: false });
  return parsed.data;
}
