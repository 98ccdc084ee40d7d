import { eq } from 'drizzle-orm';
import { parentAddressList } from '../../core/school.js';
import type { Db } from '../../db/client.js';
import { accounts, mailboxConnections } from '../../db/schema.js';

/** The parent's own addresses (core/school.ts parentAddressList): the account's email and every connected mailbox. */
export async function loadParentAddresses(db: Db, accountId: string): Promise<string[]> {
  const [account] = await db.select({ email: accounts.email }).from(accounts).where(eq(accounts.id, accountId));
  const connections = await db.select({ address: mailboxConnections.address }).from(mailboxConnections).where(eq(mailboxConnections.accountId, accountId));
  return parentAddressList(account?.email, connections.map((c) => c.address));
}
