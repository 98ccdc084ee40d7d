/**
 * Which addresses count as school correspondence (spec §2): an exact school contact, or any address at a
 * school domain or one of its subdomains (`@district.k12.ca.us` also covers `@lincoln.district.k12.ca.us`).
 * Shared by the Gmail and Outlook adapters wherever the server cannot filter for us.
 */
import { schoolMatcher as coreSchoolMatcher } from '../core/school.js';

const TERM = /^[a-z0-9.!#$%&'*+/=?^_`{|}~@-]+$/i;

export interface SchoolTerms {
  addresses: string[];
  domains: string[];
}

/** Lower-cases, strips a leading `@` from domains, drops blanks and duplicates, and refuses anything that could
 *  change the meaning of a search query (spaces, quotes, parentheses). */
export function normalizeSchoolTerms(input: { schoolAddresses: string[]; schoolDomains: string[] }): SchoolTerms {
  const clean = (values: string[], strip: boolean) =>
    [...new Set(values.map((v) => v.trim().toLowerCase()).map((v) => (strip ? v.replace(/^@+/, '') : v)).filter(Boolean))].map(
      (v) => {
        if (!TERM.test(v) || v.includes('"')) throw new RangeError(`not an address or domain: ${JSON.stringify(v)}`);
        return v;
      },
    );
  return { addresses: clean(input.schoolAddresses, false), domains: clean(input.schoolDomains, true) };
}

/** The core's matcher (src/core/school.ts) over normalized terms, as a predicate the adapters can pass around. */
export function schoolMatcher(terms: SchoolTerms): (address: string | null | undefined) => boolean {
  const matcher = coreSchoolMatcher([...terms.addresses, ...terms.domains]);
  return (address) => Boolean(address) && matcher.isSchool(address!.trim());
}

/** Pulls the bare addresses out of an RFC 5322 address-list header value ("A <a@x>, b@y"). */
export function addressesInHeader(value: string | null | undefined): string[] {
  if (!value) return [];
  return [...value.matchAll(/[^\s<>,;:"()]+@[^\s<>,;:"()]+/g)].map((m) => m[0].toLowerCase());
}
