/**
 * What one connection's sync keeps: the account's school contacts (as a provider search where they are plain
 * addresses and domains, and as a local matcher for everything), the child each message belongs to, and the
 * parent's own addresses.
 */
import { eq } from 'drizzle-orm';
import { cleanSchoolContact, schoolMatcher, type SchoolMatcher } from '../../core/school.js';
import type { MailMessage } from '../../core/types.js';
import type { Db } from '../../db/client.js';
import { children, schoolContacts } from '../../db/schema.js';
import { loadParentAddresses } from './parent-addresses.js';
import type { ConnectionRow } from './providers.js';

const SEARCH_TERM = /^[a-z0-9.!#$%&'*+/=?^_`{|}~@-]+$/;

export interface Filter {
  schoolAddresses: string[];
  schoolDomains: string[];
  school: SchoolMatcher;
  /** Per child, for assigning each message to a child. */
  byChild: Array<{ childId: string; school: SchoolMatcher }>;
  onlyChild: string | null;
  parents: Set<string>;
}

export async function loadFilter(db: Db, connection: ConnectionRow): Promise<Filter> {
  const contacts = await db
    .select({ childId: schoolContacts.childId, value: schoolContacts.value })
    .from(schoolContacts)
    .where(eq(schoolContacts.accountId, connection.accountId));
  const kids = await db.select({ id: children.id }).from(children).where(eq(children.accountId, connection.accountId));
  const values = [...new Set(contacts.map((c) => cleanSchoolContact(c.value)).filter(Boolean))];
  const grouped = new Map<string, string[]>();
  for (const c of contacts) grouped.set(c.childId, [...(grouped.get(c.childId) ?? []), c.value]);
  const parents = new Set(await loadParentAddresses(db, connection.accountId));
  // Only plain addresses and domains go into a provider's search query; anything else still filters locally.
  const searchable = values.filter((v) => SEARCH_TERM.test(v));
  return {
    schoolAddresses: searchable.filter((v) => v.includes('@')),
    schoolDomains: searchable.filter((v) => !v.includes('@')),
    school: schoolMatcher(values),
    byChild: [...grouped].map(([childId, list]) => ({ childId, school: schoolMatcher(list) })),
    onlyChild: kids.length === 1 ? kids[0]!.id : null,
    parents,
  };
}

/** The child whose school contacts the message involves; the only child when the account has one. */
export function childFor(m: MailMessage, f: Filter): string | null {
  const people = [m.from?.address, ...m.to.map((a) => a.address), ...m.cc.map((a) => a.address)].filter((a): a is string => Boolean(a));
  const hits = f.byChild.filter((c) => people.some((p) => c.school.isSchool(p)));
  if (hits.length === 1) return hits[0]!.childId;
  return f.onlyChild;
}
