/**
 * The school filter as an IMAP SEARCH: mail from, to or cc'd to any school address or domain, arrived since
 * the window start. The server matches header substrings, so a domain also matches its subdomains; the sync
 * service checks every message again after parsing, so a loose match here costs a fetch, never a wrong row.
 */
import type { SearchObject } from 'imapflow';

export function schoolSearch(terms: string[], since: Date, uidRange: string): SearchObject {
  const query: SearchObject = { uid: uidRange, since };
  if (terms.length === 0) return query;
  const fields = terms.flatMap((t): SearchObject[] => [{ from: t }, { to: t }, { cc: t }]);
  return { ...query, or: fields };
}

/** Addresses as written and bare domains with an `@`-less form, deduplicated and lower-cased. */
export function searchTerms(addresses: string[], domains: string[]): string[] {
  return [...new Set([...addresses, ...domains].map((t) => t.trim().toLowerCase().replace(/^@+/, '')).filter(Boolean))];
}
