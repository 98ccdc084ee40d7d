/**
 * Access for an advocate is an invitation to an address, accepted by the person who proved that address.
 * Nothing about a family reaches an account until then, and the inviting parent is told the same thing
 * whether or not the address has an account (no one can probe who uses Followthrough).
 */
import { and, eq, isNull } from 'drizzle-orm';
import { recordAudit } from '../../db/audit.js';
import type { Db } from '../../db/client.js';
import { accountGrants, accounts } from '../../db/schema.js';
import { AppError } from '../../core/errors.js';
import { isEmailVerified } from './verification.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export async function inviteAdvocate(db: Db, owner: { id: string; email: string }, emailInput: string, now: Date) {
  const email = emailInput.trim().toLowerCase();
  if (!EMAIL.test(email)) throw new AppError('bad_input', 'Please enter a valid email address.');
  if (email === owner.email) throw new AppError('bad_input', 'That is your own address.');
  const [row] = await db.insert(accountGrants).values({ ownerAccountId: owner.id, inviteeEmail: email, status: 'invited', createdAt: now }).onConflictDoNothing().returning({ id: accountGrants.id });
  if (row) await recordAudit(db, { accountId: owner.id, actor: `parent:${owner.id}`, action: 'grant.invited', subjectType: 'account_grant', subjectId: row.id, data: {}, at: now });
  return { created: Boolean(row), email };
}

/** Invitations waiting for this account: only once its address is proven. */
export async function pendingInvitations(db: Db, account: { id: string; email: string; emailVerifiedAt: Date | null }) {
  if (!(await isEmailVerified(db, account))) return [];
  return db
    .select({ id: accountGrants.id, ownerName: accounts.name, ownerEmail: accounts.email, at: accountGrants.createdAt })
    .from(accountGrants)
    .innerJoin(accounts, eq(accounts.id, accountGrants.ownerAccountId))
    .where(and(eq(accountGrants.inviteeEmail, account.email), eq(accountGrants.status, 'invited'), isNull(accountGrants.granteeAccountId)));
}

export async function answerInvitation(db: Db, account: { id: string; email: string; emailVerifiedAt: Date | null }, grantId: string, accept: boolean, now: Date) {
  if (!(await isEmailVerified(db, account))) throw new AppError('not_found', 'Invitation not found.');
  const mine = and(eq(accountGrants.id, grantId), eq(accountGrants.inviteeEmail, account.email), eq(accountGrants.status, 'invited'));
  const [row] = accept
    ? await db.update(accountGrants).set({ status: 'accepted', granteeAccountId: account.id, acceptedAt: now }).where(mine).returning()
    : await db.delete(accountGrants).where(mine).returning();
  if (!row) throw new AppError('not_found', 'Invitation not found.');
  await recordAudit(db, { accountId: row.ownerAccountId, actor: `parent:${account.id}`, action: accept ? 'grant.accepted' : 'grant.declined', subjectType: 'account_grant', subjectId: row.id, data: {}, at: now });
  return row;
}
