/**
 * Which mail folders an Outlook mailbox is read from: every folder (subfolders and Archive included, where rules
 * file school mail) except Deleted Items, Junk Email, Drafts and Outbox and whatever lies under them. Folders are
 * listed page by page (10 by default, `@odata.nextLink`) and subfolders through `childFolders`
 * (microsoft-graph-docs-contrib: api-reference/v1.0/api/user-list-mailfolders.md, mailfolder-list-childfolders.md;
 * well-known names: resources/mailfolder.md).
 */
import type { OutlookClient } from './client.js';

export const EXCLUDED_WELL_KNOWN = ['deleteditems', 'junkemail', 'drafts', 'outbox'] as const;

interface FolderItem {
  id?: string;
  displayName?: string;
  childFolderCount?: number;
}
interface FolderPage {
  value?: FolderItem[];
  '@odata.nextLink'?: string;
}

/** Ids of the folders never read (a missing well-known folder is simply absent). */
export async function excludedFolderIds(client: OutlookClient): Promise<string[]> {
  const ids: string[] = [];
  for (const name of EXCLUDED_WELL_KNOWN) {
    try {
      const f = (await client.call('mail folder', (g) => g.api(`/me/mailFolders/${name}?$select=id`).get())) as FolderItem;
      if (f.id) ids.push(f.id);
    } catch (e) {
      if ((e as { kind?: string }).kind !== 'not_found') throw e;
    }
  }
  return ids;
}

async function listAll(client: OutlookClient, first: string): Promise<FolderItem[]> {
  const out: FolderItem[] = [];
  let link: string | null = first;
  while (link) {
    const path: string = link;
    const page = (await client.call('mail folders', (g) => g.api(path).get())) as FolderPage;
    out.push(...(page.value ?? []));
    link = page['@odata.nextLink'] ? client.relativeLink(page['@odata.nextLink']) : null;
  }
  return out;
}

/** Every readable folder id, breadth first from the top of the mailbox. */
export async function discoverFolders(client: OutlookClient, excluded: string[]): Promise<string[]> {
  const skip = new Set(excluded);
  const found: string[] = [];
  let level = await listAll(client, '/me/mailFolders?$top=100&$select=id,displayName,childFolderCount');
  while (level.length) {
    const next: FolderItem[] = [];
    for (const f of level) {
      if (!f.id || skip.has(f.id)) continue;
      found.push(f.id);
      if ((f.childFolderCount ?? 0) > 0)
        next.push(...(await listAll(client, `/me/mailFolders/${encodeURIComponent(f.id)}/childFolders?$top=100&$select=id,displayName,childFolderCount`)));
    }
    level = next;
  }
  return found;
}
