import type { Address, MailMessage } from './types.js';

/**
 * Who is the school. Entries with "@" are addresses; the rest are domains, which match their subdomains
 * ("district.org" matches "ms.district.org").
 */
export interface SchoolMatcher {
  isSchool(address: string): boolean;
  /** The entries, split: providers use them to filter on their side. */
  readonly addresses: string[];
  readonly domains: string[];
}

const DOMAIN_RE = /^(?=.{3,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
export const ADDRESS_RE = /^[^\s@<>]+@([a-z0-9.-]+\.[a-z]{2,63})$/;

/**
 * A school contact as it is stored and matched: lower case, without a display name ("Ms. Park <park@x.org>"),
 * a `mailto:` or leading `@`s. The one normaliser of contacts: the set-up form, the seed, the sync filter and
 * the matcher all go through it.
 */
export function cleanSchoolContact(raw: string): string {
  let v = raw.trim().toLowerCase();
  const angle = /<([^>]+)>/.exec(v);
  if (angle) v = angle[1]!.trim();
  return v.replace(/^mailto:/, '').replace(/^@+/, '');
}

/** The cleaned contact when it is an email address or a domain; null otherwise. */
export function normalizeSchoolContact(raw: string): string | null {
  const v = cleanSchoolContact(raw);
  return ADDRESS_RE.test(v) || DOMAIN_RE.test(v) ? v : null;
}

/**
 * The parent's own addresses: the account's email and every mailbox the parent connected (an archive's
 * connection is named after its file, not an address, and is left out). Lower case, each once.
 */
export function parentAddressList(accountEmail: string | null | undefined, connectionAddresses: string[]): string[] {
  const all = [accountEmail ?? '', ...connectionAddresses].map((a) => a.trim().toLowerCase());
  return [...new Set(all.filter((a) => a.includes('@') && !a.startsWith('archive:')))];
}

export function schoolMatcher(entries: string[]): SchoolMatcher {
  const addresses = new Set<string>();
  const domains = new Set<string>();
  for (const raw of entries) {
    const e = cleanSchoolContact(raw);
    if (!e) continue;
    if (e.includes('@')) addresses.add(e);
    else domains.add(e);
  }
  return {
    addresses: [...addresses],
    domains: [...domains],
    isSchool(address: string) {
      const a = address.toLowerCase();
      if (addresses.has(a)) return true;
      // The domain and each parent domain in turn ("ms.district.org", "district.org", "org"): an advocate's
      // archive passes hundreds of school domains, and every participant of every message is looked up.
      let domain = a.slice(a.lastIndexOf('@') + 1);
      while (domain) {
        if (domains.has(domain)) return true;
        const dot = domain.indexOf('.');
        domain = dot === -1 ? '' : domain.slice(dot + 1);
      }
      return false;
    },
  };
}

// Public-school and district domains as they are usually named: k12.xx.us, *.edu, "…isd.org", "…schools.org".
const SCHOOLISH = /(\.k12\.|\.edu$|\.edu\.|isd\.|usd\.|schools?\.|district|\.sd\d*\.|\bsd\d+\.|academy|\bps\d*\.)/i;

/** Domains that look like a school or district: used to suggest contacts, never to decide silently. */
export function looksLikeSchoolDomain(domain: string): boolean {
  return SCHOOLISH.test(domain.toLowerCase());
}

export function participantsOf(m: MailMessage): Address[] {
  return [...(m.from ? [m.from] : []), ...m.to, ...m.cc];
}

/** School correspondence: from or to a school contact or domain (spec §2). */
export function isSchoolCorrespondence(m: MailMessage, school: SchoolMatcher): boolean {
  return participantsOf(m).some((a) => school.isSchool(a.address));
}
