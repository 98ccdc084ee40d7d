/**
 * Passwords, sign-up / sign-in, password reset and login rate limiting. WebCrypto only (crypto.subtle), so
 * the same code runs on Node and on Workers. Never logs or stores a password. Each hash names its algorithm
 * and cost, `pbkdf2-sha256$<iterations>$<salt b64url>$<hash b64url>` (per-user 16-byte salt, 32-byte hash),
 * so the cost can change and older hashes are upgraded at the next successful sign-in. The legacy form
 * `pbkdf2$…` (same algorithm) is still read.
 */
import { recordAudit } from '../../db/audit.js';
import { AppError, type ErrorCode } from '../../core/errors.js';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { accounts, sessions } from '../../db/schema.js';
import { fromBase64Url, toBase64Url, utf8 } from '../../security/base64url.js';

/**
 * workerd refuses PBKDF2 above 100,000 iterations (Cloudflare's Web Crypto notes), so that is the cost both
 * runtimes accept. The earlier 210,000 only verifies on Node; such hashes are rewritten at 100,000 on the
 * next sign-in there, and on Workers their owners are asked to reset their password.
 */
export const PBKDF2_ITERATIONS = 100_000;
const HASH_ALGORITHM = 'pbkdf2-sha256';
const KNOWN_ALGORITHMS = new Set(['pbkdf2', HASH_ALGORITHM]);
const enc = new TextEncoder();

async function pbkdf2(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', enc.encode(password), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations }, key, 256);
  return new Uint8Array(bits);
}

export async function hashPassword(password: string, iterations = PBKDF2_ITERATIONS): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hash = await pbkdf2(password, salt, iterations);
  return `${HASH_ALGORITHM}$${iterations}$${toBase64Url(salt)}$${toBase64Url(hash)}`;
}

/** Whether a stored hash should be rewritten with the current algorithm and cost (after it verified). */
export function passwordNeedsRehash(stored: string | null | undefined): boolean {
  const [algorithm, iterations] = (stored ?? '').split('$');
  return algorithm !== HASH_ALGORITHM || Number(iterations) !== PBKDF2_ITERATIONS;
}

/** Constant time over the hash bytes (the lengths are fixed by the format). */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  const parts = (stored ?? '').split('$');
  if (parts.length !== 4 || !KNOWN_ALGORITHMS.has(parts[0]!)) {
    // Same work for an unknown account or a password-less one, so timing does not reveal which.
    await pbkdf2(password, new Uint8Array(16), PBKDF2_ITERATIONS);
    return false;
  }
  const iterations = Number(parts[1]);
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > 10_000_000) return false;
  const expected = fromBase64Url(parts[3]!);
  let actual: Uint8Array;
  try {
    actual = await pbkdf2(password, fromBase64Url(parts[2]!), iterations);
  } catch {
    // A cost this runtime refuses (a legacy 210,000 hash on Workers): cannot be checked here.
    return false;
  }
  return timingSafeEqual(actual, expected);
}

export type AuthReason = 'email_taken' | 'invalid' | 'weak_password' | 'bad_credentials' | 'rate_limited' | 'bad_token';

const AUTH_CODE: Record<AuthReason, ErrorCode> = {
  email_taken: 'conflict',
  invalid: 'bad_input',
  weak_password: 'bad_input',
  bad_credentials: 'bad_input',
  rate_limited: 'bad_input',
  bad_token: 'bad_input',
};

export class AuthError extends AppError {
  override name = 'AuthError';
  constructor(
    readonly reason: AuthReason,
    message: string,
  ) {
    super(AUTH_CODE[reason], message);
  }
}

export const MIN_PASSWORD = 10;
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function checkNewPassword(password: string): void {
  if (password.length < MIN_PASSWORD) throw new AuthError('weak_password', `Please choose a password of at least ${MIN_PASSWORD} characters.`);
  if (password.length > 1024) throw new AuthError('weak_password', 'That password is too long.');
}

export async function signUp(db: Db, input: { email: string; password: string; name?: string | null; timezone?: string }) {
  const email = normalizeEmail(input.email);
  if (!EMAIL_RE.test(email)) throw new AuthError('invalid', 'Please enter a valid email address.');
  checkNewPassword(input.password);
  const passwordHash = await hashPassword(input.password);
  const [row] = await db
    .insert(accounts)
    .values({ email, name: input.name?.trim() || null, passwordHash, ...(input.timezone ? { timezone: input.timezone } : {}) })
    .onConflictDoNothing({ target: accounts.email })
    .returning();
  if (!row) throw new AuthError('email_taken', 'An account with this email already exists. Sign in, or reset your password.');
  await recordAudit(db, { accountId: row.id, actor: `parent:${row.id}`, action: 'account.created', subjectType: 'account', subjectId: row.id, data: {} });
  return row;
}

/** Checks the password; the caller applies the rate limit around it. */
export async function checkCredentials(db: Db, emailInput: string, password: string) {
  const [row] = await db.select().from(accounts).where(eq(accounts.email, normalizeEmail(emailInput)));
  const ok = await verifyPassword(password, row?.passwordHash);
  if (!ok || !row) return null;
  if (passwordNeedsRehash(row.passwordHash)) {
    const passwordHash = await hashPassword(password);
    await db.update(accounts).set({ passwordHash }).where(eq(accounts.id, row.id));
    return { ...row, passwordHash };
  }
  return row;
}

// ---- password reset: a signed, expiring token bound to the current password hash (so it works once).

async function hmac(secret: string, data: string): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', utf8.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, utf8.encode(data)));
}

export async function createResetToken(secret: string, account: { id: string; passwordHash: string | null }, now: number, ttlMs = 60 * 60_000) {
  const exp = now + ttlMs;
  const sig = await hmac(secret, `${account.id}|${exp}|${account.passwordHash ?? ''}`);
  return `${account.id}.${exp}.${toBase64Url(sig)}`;
}

export async function resetPassword(db: Db, secret: string, token: string, newPassword: string, now: number) {
  const [id, expText, sigText] = token.split('.');
  const exp = Number(expText);
  if (!id || !sigText || !Number.isFinite(exp) || exp < now || !/^[0-9a-f-]{36}$/i.test(id))
    throw new AuthError('bad_token', 'This reset link has expired or was already used. Please ask for a new one.');
  const [row] = await db.select().from(accounts).where(eq(accounts.id, id));
  if (!row) throw new AuthError('bad_token', 'This reset link has expired or was already used. Please ask for a new one.');
  const expected = await hmac(secret, `${row.id}|${exp}|${row.passwordHash ?? ''}`);
  let given: Uint8Array;
  try {
    given = fromBase64Url(sigText);
  } catch {
    given = new Uint8Array();
  }
  if (!timingSafeEqual(expected, given)) throw new AuthError('bad_token', 'This reset link has expired or was already used. Please ask for a new one.');
  checkNewPassword(newPassword);
  const passwordHash = await hashPassword(newPassword);
  await db.update(accounts).set({ passwordHash, updatedAt: new Date(now) }).where(eq(accounts.id, row.id));
  // Every session of the account ends with a password change.
  await db.delete(sessions).where(eq(sessions.accountId, row.id));
  await recordAudit(db, { accountId: row.id, actor: `parent:${row.id}`, action: 'account.password_reset', subjectType: 'account', subjectId: row.id, data: {} });
  return row;
}
