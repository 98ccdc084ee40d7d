/**
 * Sessions in Postgres. The cookie holds a random 32-byte token; the table holds only its SHA-256 (so a
 * database leak yields no usable cookie), a per-session CSRF token and an idle expiry that slides forward
 * on use. Expiry is always checked here, on the server, whatever the cookie says.
 */
import { createHash } from 'node:crypto';
import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { preparedPerDb } from '../../db/prepared.js';
import { accountGrants, accounts, sessions } from '../../db/schema.js';
import { toBase64Url } from '../../security/base64url.js';

export const SESSION_IDLE_MS = 14 * 24 * 3_600_000;
/** Renew the expiry at most this often, so a busy page does not write on every request. */
const RENEW_AFTER_MS = 3_600_000;

export function randomToken(bytes = 32): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

// node:crypto (Node, and Workers with nodejs_compat) hashes in place; WebCrypto's digest is a job handed to a
// thread and back, a fortieth of a page's CPU when every request looks its session up.
export async function sha256Hex(text: string): Promise<string> {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export async function createSession(db: Db, accountId: string, now: Date) {
  const token = randomToken();
  const csrfToken = randomToken();
  const expiresAt = new Date(now.getTime() + SESSION_IDLE_MS);
  await db.insert(sessions).values({ id: await sha256Hex(token), accountId, csrfToken, expiresAt });
  return { token, csrfToken, expiresAt };
}

export type AccountRow = typeof accounts.$inferSelect;
export interface LoadedSession {
  id: string;
  csrfToken: string;
  expiresAt: Date;
  /** The idle expiry moved forward on this request: the cookie's Max-Age should follow. */
  renewed: boolean;
  account: AccountRow;
  /** The families who granted this account access (visibleAccountIds' rule), read with the session itself. */
  grantedAccountIds: string[];
}

/**
 * A live session with its account; the accepted grants come in the same statement (every signed-in page needs
 * them to scope its reads). Prepared (src/db/prepared.ts): every signed-in request runs it.
 */
const sessionById = preparedPerDb((db) =>
  db
    .select({
      s: sessions,
      a: accounts,
      granted: sql<string[]>`array(select ${accountGrants.ownerAccountId}::text from ${accountGrants} where ${accountGrants.granteeAccountId} = ${accounts.id} and ${accountGrants.status} = 'accepted')`,
    })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .where(and(eq(sessions.id, sql.placeholder('id')), gt(sessions.expiresAt, sql.placeholder('now'))))
    .prepare('session_by_id'),
);

export async function loadSession(db: Db, token: string | undefined, now: Date): Promise<LoadedSession | null> {
  if (!token || token.length > 200) return null;
  const id = await sha256Hex(token);
  // As drizzle writes a timestamp parameter (a placeholder is not mapped through its column).
  const [row] = await sessionById(db).execute({ id, now: now.toISOString() });
  if (!row) return null;
  let expiresAt = row.s.expiresAt;
  let renewed = false;
  if (expiresAt.getTime() - now.getTime() < SESSION_IDLE_MS - RENEW_AFTER_MS) {
    expiresAt = new Date(now.getTime() + SESSION_IDLE_MS);
    renewed = true;
    await db.update(sessions).set({ expiresAt }).where(eq(sessions.id, id));
  }
  return { id, csrfToken: row.s.csrfToken, expiresAt, renewed, account: row.a, grantedAccountIds: row.granted };
}

export async function destroySession(db: Db, token: string | undefined): Promise<void> {
  if (!token) return;
  await db.delete(sessions).where(eq(sessions.id, await sha256Hex(token)));
}

/** The accounts a signed-in account may see: its own, and for an advocate the families who granted access. */
export async function visibleAccountIds(db: Db, accountId: string): Promise<string[]> {
  // Only invitations this account accepted (after proving its address): never a pending one.
  const grants = await db
    .select({ owner: accountGrants.ownerAccountId })
    .from(accountGrants)
    .where(and(eq(accountGrants.granteeAccountId, accountId), eq(accountGrants.status, 'accepted')));
  return [accountId, ...grants.map((g) => g.owner)];
}

export async function accountsByIds(db: Db, ids: string[]) {
  return ids.length ? db.select().from(accounts).where(inArray(accounts.id, ids)) : [];
}
