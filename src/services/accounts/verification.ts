/**
 * Proving an address before it can receive a family's data. A signed, expiring link is mailed to the
 * address; opening it (and pressing the button, so a mail scanner's prefetch verifies nothing) marks the
 * account verified. A connected Gmail or Outlook mailbox of the same address proves it too: the provider
 * has already checked that the parent can sign in to it.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { recordAudit } from '../../db/audit.js';
import type { Db } from '../../db/client.js';
import { accounts, mailboxConnections } from '../../db/schema.js';
import { fromBase64Url, toBase64Url, utf8 } from '../../security/base64url.js';
import { timingSafeEqual } from './auth.js';
import { AppError } from '../../core/errors.js';

const TTL_MS = 3 * 24 * 3600_000;

async function sign(secret: string, data: string): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', utf8.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, utf8.encode(`verify-email|${data}`)));
}

/**
 * Bound to the address, not to an account: the same link goes into an invitation before the invitee has an
 * account. Whoever opens it signed in as that address has shown they read its mail.
 */
export async function createVerifyToken(secret: string, email: string, now: number): Promise<string> {
  const exp = now + TTL_MS;
  const who = toBase64Url(utf8.encode(email));
  return `${who}.${exp}.${toBase64Url(await sign(secret, `${email}|${exp}`))}`;
}

/** The address a valid, unexpired token proves, else AppError bad_input (the page says so and what to do). */
export async function readVerifyToken(secret: string, token: string, now: Date): Promise<string> {
  const [who, expText, sigText] = token.split('.');
  const exp = Number(expText);
  const invalid = new AppError('bad_input', 'This confirmation link has expired or is not valid. Sign in and ask for a new one.');
  if (!who || !sigText || !Number.isFinite(exp) || exp < now.getTime()) throw invalid;
  let email: string;
  let given: Uint8Array;
  try {
    email = new TextDecoder().decode(fromBase64Url(who));
    given = fromBase64Url(sigText);
  } catch {
    throw invalid;
  }
  if (!timingSafeEqual(await sign(secret, `${email}|${exp}`), given)) throw invalid;
  return email;
}

/** Marks the signed-in account verified when the token proves its own address. */
export async function confirmVerifyToken(db: Db, secret: string, token: string, account: { id: string; email: string; emailVerifiedAt: Date | null }, now: Date) {
  const email = await readVerifyToken(secret, token, now);
  if (email !== account.email) throw new AppError('bad_input', `This link confirms ${email}, but you are signed in as ${account.email}. Sign in with ${email} and open the link again.`);
  if (!account.emailVerifiedAt) {
    await db.update(accounts).set({ emailVerifiedAt: now }).where(eq(accounts.id, account.id));
    await recordAudit(db, { accountId: account.id, actor: `parent:${account.id}`, action: 'account.email_verified', subjectType: 'account', subjectId: account.id, data: { by: 'link' }, at: now });
  }
}

/** Verified by link, or by a connected Gmail/Outlook mailbox of the same address (recorded on first sight). */
export async function isEmailVerified(db: Db, account: { id: string; email: string; emailVerifiedAt: Date | null }, now = new Date()): Promise<boolean> {
  if (account.emailVerifiedAt) return true;
  const [mailbox] = await db
    .select({ id: mailboxConnections.id })
    .from(mailboxConnections)
    .where(and(eq(mailboxConnections.accountId, account.id), eq(mailboxConnections.address, account.email), inArray(mailboxConnections.provider, ['gmail', 'outlook']), eq(mailboxConnections.status, 'active')))
    .limit(1);
  if (!mailbox) return false;
  await db.update(accounts).set({ emailVerifiedAt: now }).where(eq(accounts.id, account.id));
  await recordAudit(db, { accountId: account.id, actor: 'system', action: 'account.email_verified', subjectType: 'account', subjectId: account.id, data: { by: 'mailbox' }, at: now });
  return true;
}
