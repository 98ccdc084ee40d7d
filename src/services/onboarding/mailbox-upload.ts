/**
 * An uploaded mailbox before its import: is it mail in the format it claims, and which school domains and
 * parent addresses does it suggest. Reads headers only and stores nothing.
 */
import { looksLikeSchoolDomain } from '../../core/school.js';
import { createArchiveProvider } from '../../mail/archive/archive-provider.js';
import { parseMail } from '../../mail/parse.js';
import { InputError, type Suggestion } from './onboarding.js';

export type MailboxFormat = 'mbox' | 'eml';

const HEADER_LINE = /^[!-9;-~]+:[ \t]?/;

/** Checks that the bytes are mail in the claimed format. */
export function sniffMailbox(bytes: Uint8Array, filename: string): MailboxFormat {
  const ext = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase() ?? '';
  if (ext !== 'mbox' && ext !== 'eml' && ext !== 'mbx')
    throw new InputError('Please upload a mailbox as an .mbox file (Google Takeout) or a single .eml message.', 'unsupported_media');
  if (bytes.length === 0) throw new InputError(`The file ${filename} is empty.`);
  const head = new TextDecoder('utf-8').decode(bytes.subarray(0, 65536)).replace(/^\uFEFF/, '');
  if (head.slice(0, 4096).includes('\u0000')) throw new InputError(`The file ${filename} is not a mailbox: it looks like a binary file.`, 'unsupported_media');
  const lines = head.split(/\r?\n/);
  const hasMailHeaders = /^(from|date|subject|message-id|to):/im.test(head);
  if (ext === 'eml') {
    const first = lines.find((l) => l.trim() !== '') ?? '';
    if (!HEADER_LINE.test(first) && !first.startsWith('From ')) throw new InputError(`The file ${filename} is not an email message (.eml): it does not start with mail headers.`, 'unsupported_media');
    if (!hasMailHeaders) throw new InputError(`The file ${filename} is not an email message (.eml): it has no From, Date or Subject header.`, 'unsupported_media');
    return 'eml';
  }
  const first = lines.find((l) => l.trim() !== '') ?? '';
  if (!first.startsWith('From ') || !hasMailHeaders)
    throw new InputError(`The file ${filename} is not an .mbox mailbox: an mbox starts with a "From " line followed by mail headers. Google Takeout's Mail export is the right file.`, 'unsupported_media');
  return 'mbox';
}

export interface ArchiveScan {
  messages: number;
  schoolDomains: Suggestion[];
  /** The addresses that wrote to school-looking domains most often: the parent's own, usually. */
  senders: Suggestion[];
}

/** Reads the archive's headers to suggest school domains and the parent's own address. Stores nothing. */
export async function scanArchive(path: string, limit = 20_000): Promise<ArchiveScan> {
  const provider = await createArchiveProvider(path);
  const domains = new Map<string, number>();
  const senders = new Map<string, number>();
  let cursor: string | null = null;
  let count = 0;
  for (;;) {
    const page = await provider.listChanges({ cursor, since: new Date(0), schoolAddresses: [], schoolDomains: [], limit: 250 });
    for (const ref of page.upserted) {
      count++;
      let m;
      try {
        m = await parseMail(ref.raw, { providerId: ref.id, fallbackDate: ref.envelopeDate ?? null });
      } catch {
        continue;
      }
      const all = [...(m.from ? [m.from] : []), ...m.to, ...m.cc];
      let school = false;
      for (const a of all) {
        const d = a.address.slice(a.address.lastIndexOf('@') + 1);
        if (looksLikeSchoolDomain(d)) {
          school = true;
          domains.set(d, (domains.get(d) ?? 0) + 1);
        }
      }
      const fromDomain = m.from?.address.slice(m.from.address.lastIndexOf('@') + 1) ?? '';
      if (school && m.from && !looksLikeSchoolDomain(fromDomain)) senders.set(m.from.address, (senders.get(m.from.address) ?? 0) + 1);
    }
    cursor = page.nextCursor;
    if (!page.hasMore || count >= limit) break;
  }
  const sorted = (m: Map<string, number>) => [...m].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count);
  return { messages: count, schoolDomains: sorted(domains).slice(0, 10), senders: sorted(senders).slice(0, 5) };
}
