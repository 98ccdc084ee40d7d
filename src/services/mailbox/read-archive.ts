import { basename } from 'node:path';
import { isSchoolCorrespondence, schoolMatcher } from '../../core/school.js';
import type { MailMessage } from '../../core/types.js';
import { createArchiveProvider } from '../../mail/archive/archive-provider.js';
import { parsePage } from './ingest.js';

/**
 * Every message of an archive, parsed, keeping only school correspondence as it goes (so a mailbox of many
 * thousands of messages never sits in memory whole); unparsable ones are listed with their reason.
 */
export async function readArchiveMessages(path: string, school: string[]): Promise<{ messages: MailMessage[]; skipped: Array<{ file: string; reason: string }>; seen: number }> {
  const provider = await createArchiveProvider(path);
  const matcher = schoolMatcher(school);
  const messages: MailMessage[] = [];
  const skipped: Array<{ file: string; reason: string }> = [];
  let cursor: string | null = null;
  let seen = 0;
  for (;;) {
    const page = await provider.listChanges({ cursor, since: new Date(0), schoolAddresses: matcher.addresses, schoolDomains: matcher.domains, limit: 100 });
    seen += page.scanned;
    const fetched = page.upserted.map((ref) => ({ ref, raw: ref.raw }));
    const read = await parsePage(fetched, (id) => (id.startsWith('mbox:') ? id : basename(id)));
    messages.push(...read.parsed.filter((m) => isSchoolCorrespondence(m, matcher)));
    skipped.push(...read.skipped.map((s) => ({ file: s.source, reason: s.reason })));
    cursor = page.nextCursor;
    if (!page.hasMore) break;
  }
  return { messages, skipped, seen };
}
