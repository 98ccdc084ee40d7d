/** A family with real correspondence (the ca-records-renewed corpus case) for the job tests. */
import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { schoolMatcher } from '../../src/core/school.js';
import type { Db } from '../../src/db/client.js';
import { accounts, mailboxConnections } from '../../src/db/schema.js';
import { addSchoolContacts, ensureAccount, ensureChild } from '../../src/services/accounts/accounts.js';
import { importArchive } from '../../src/services/mailbox/import-archive.js';

export const BOX = new URL('../fixtures/corpus/ca-records-renewed/', import.meta.url).pathname;
export const CASE = JSON.parse(readFileSync(`${BOX}case.json`, 'utf8')) as { parent: string[]; school: string[]; state: string; now: string; child: string; parentName: string };

export async function seedFamily(db: Db, opts: { email: string; timezone: string; settings?: Record<string, unknown> }) {
  const account = await ensureAccount(db, opts.email, CASE.parentName);
  await db.update(accounts).set({ timezone: opts.timezone, settings: opts.settings ?? {} }).where(eq(accounts.id, account.id));
  const child = await ensureChild(db, account.id, { name: CASE.child, state: CASE.state, timezone: 'America/Los_Angeles' });
  await addSchoolContacts(db, account.id, child.id, CASE.school);
  // The corpus was written from the father's address: an (archive) connection makes it the parent's own.
  await db.insert(mailboxConnections).values({ accountId: account.id, provider: 'archive', address: CASE.parent[0]! });
  await importArchive(db, { accountId: account.id, childId: child.id, parentAddresses: new Set([...CASE.parent, opts.email]), school: schoolMatcher(CASE.school) }, `${BOX}mail`);
  return { account, child };
}
