/**
 * The IMAP sync cursor: per folder, the UIDVALIDITY it was read under and the highest UID already scanned
 * (plus HIGHESTMODSEQ where the server has CONDSTORE, so an unchanged folder is skipped from STATUS alone).
 * UIDs only mean something under one UIDVALIDITY; when it changes the folder is read again from the start.
 */
import * as z from 'zod';
import { MailProviderError } from '../provider.js';

const folderState = z.object({ v: z.string(), u: z.number().int().nonnegative(), m: z.string().optional() });
const cursorSchema = z.object({ v: z.literal(1), f: z.record(z.string(), folderState) });

export type FolderState = z.infer<typeof folderState>;
export type ImapCursor = z.infer<typeof cursorSchema>;

export function emptyCursor(): ImapCursor {
  return { v: 1, f: {} };
}

export function decodeCursor(text: string | null): ImapCursor {
  if (text === null) return emptyCursor();
  try {
    return cursorSchema.parse(JSON.parse(text));
  } catch (cause) {
    throw new MailProviderError('invalid', 'the stored IMAP cursor could not be read', { retryable: false, cause });
  }
}

export function encodeCursor(c: ImapCursor): string {
  // Sorted keys: the same state always encodes to the same text (the sync compares cursors).
  const f = Object.fromEntries(Object.keys(c.f).sort().map((k) => [k, c.f[k]!]));
  return JSON.stringify({ v: 1, f });
}

/** Provider message id: UIDVALIDITY, UID and folder, so a stale id after a UIDVALIDITY change is detectable. */
export function messageRef(path: string, uidValidity: string, uid: number): string {
  return `${uidValidity}:${uid}:${path}`;
}

export function parseMessageRef(id: string): { path: string; uidValidity: string; uid: number } {
  const m = /^(\d+):(\d+):(.+)$/s.exec(id);
  if (!m) throw new MailProviderError('invalid', 'not an IMAP message id', { retryable: false });
  return { uidValidity: m[1]!, uid: Number(m[2]), path: m[3]! };
}
