/**
 * Which folders to read, found by their special-use flags (RFC 6154) rather than by name, which differs per
 * provider and language. Junk, Trash and Drafts are never synced; everything else is (school mail is often
 * filed by the parent into folders of their own).
 */
import type { ImapFlow, ListResponse } from 'imapflow';

const SKIP = new Set(['\\Junk', '\\Trash', '\\Drafts']);
/** Order of reading: the inbox first, then what the parent sent, then archives, then the parent's folders. */
const RANK: Record<string, number> = { '\\Inbox': 0, '\\Sent': 1, '\\Archive': 2, '\\All': 3 };

export interface FolderInfo {
  path: string;
  specialUse: string | null;
}

export async function listFolders(client: ImapFlow): Promise<ListResponse[]> {
  return client.list();
}

export function syncFolders(list: ListResponse[]): FolderInfo[] {
  return list
    .filter((f) => !f.flags.has('\\Noselect') && !f.flags.has('\\NonExistent'))
    .filter((f) => !(f.specialUse && SKIP.has(f.specialUse)))
    .map((f) => ({ path: f.path, specialUse: f.specialUse ?? (f.path.toUpperCase() === 'INBOX' ? '\\Inbox' : null) }))
    .sort((a, b) => (RANK[a.specialUse ?? ''] ?? 9) - (RANK[b.specialUse ?? ''] ?? 9) || a.path.localeCompare(b.path));
}

/** The folder with this special use, by flag first and, for servers without SPECIAL-USE, by a common name. */
export function specialFolder(list: ListResponse[], use: '\\Sent' | '\\Drafts'): string | null {
  const flagged = list.find((f) => f.specialUse === use);
  if (flagged) return flagged.path;
  const names = use === '\\Sent' ? /^(sent|sent items|sent messages|sent mail)$/i : /^drafts?$/i;
  return list.find((f) => names.test(f.name))?.path ?? null;
}
