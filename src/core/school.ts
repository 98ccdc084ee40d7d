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

export function schoolMatcher(entries: string[]): SchoolMatcher {
  const addresses = new Set<string>();
  const domains: string[] = [];
  for (const raw of entries) {
    const e = raw.trim().toLowerCase().replace(/^@/, '');
    if (!e) continue;
    if (e.includes('@')) addresses.add(e);
    else domains.push(e);
  }
  return {
    addresses: [...addresses],
    domains,
    isSchool(address: string) {
      const a = address.toLowerCase();
      if (addresses.has(a)) return true;
      const domain = a.slice(a.lastIndexOf('@') + 1);
      return domains.some((d) => domain === d || domain.endsWith(`.${d}`));
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
