/**
 * Passwords, sign-up / sign-in, password reset and login rate limiting. WebCrypto only (crypto.subtle), so
 * the same code runs on Node and on Workers. Never logs or stores a password; the hash format is
 * `pbkdf2$<iterations>$<salt b64url>$<hash b64url>` (PBKDF2-SHA256, per-user 16-byte salt, 32-byte hash).
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { accounts, auditEvents, sessions } from '../../db/schema.js';
import { fromBase64Url, toBase64Url, utf8 } from '../../security/base64url.js';

export const PBKDF2_ITERATIONS = 210_000;
const enc = new TextEncoder();

async function pbkdf2(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', enc.encode(password), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations }, key, 256);
  return new Uint8Array(bits);
}

export async function hashPassword(password: string, iterations = PBKDF2_ITERATIONS): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hash = await pbkdf2(password, salt, iterations);
  return `pbkdf2$${iterations}$${toBase64Url(salt)}$${toBase64Url(hash)}`;
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
  if (parts.length !== 4 || parts[0] !== 'pbkdf2') {
    // Same work for an unknown account or a password-less one, so timing does not reveal which.
    await pbkdf2(password, new Uint8Array(16), PBKDF2_ITERATIONS);
    return false;
  }
  const iterations = Number(parts[1]);
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > 10_000_000) return false;
  const expected = fromBase64Url(parts[3]!);
  const actual = await pbkdf2(password, fromBase64Url(parts[2]!), iterations);
  return timingSafeEqual(actual, expected);
}

export class AuthError extends Error {
  constructor(
    readonly code: 'email_taken' | 'invalid' | 'weak_password' | 'bad_credentials' | 'rate_limited' | 'bad_token',
    message: string,
  ) {
    super(message);
    this.name = 'AuthError';
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
  await db.insert(auditEvents).values({ accountId: row.id, actor: `parent:${row.id}`, action: 'account.created', subjectType: 'account', subjectId: row.id, data: {} });
  return row;
}

/** Checks the password; the caller applies the rate limit around it. */
export async function checkCredentials(db: Db, emailInput: string, password: string) {
  const [row] = await db.select().from(accounts).where(eq(accounts.email, normalizeEmail(emailInput)));
  const ok = await verifyPassword(password, row?.passwordHash);
  return ok && row ? row : null;
}

/**
 * Login rate limiting: 5 failures per (email, IP) in 15 minutes → blocked until the window passes.
 * In memory, per process (per isolate on Workers): enough against password guessing on one instance; several
 * Node instances each keep their own count, which multiplies the allowance by the number of instances.
 */
export class LoginRateLimiter {
  private failures = new Map<string, number[]>();
  constructor(
    readonly max = 5,
    readonly windowMs = 15 * 60_000,
  ) {}
  private recent(key: string, now: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }
  blocked(key: string, now = Date.now()): boolean {
    return this.recent(key, now).length >= this.max;
  }
  fail(key: string, now = Date.now()): void {
    const list = this.recent(key, now);
    list.push(now);
    this.failures.set(key, list);
    if (this.failures.size > 50_000) this.failures.delete(this.failures.keys().next().value!);
  }
  reset(key: string): void {
    this.failures.delete(key);
  }
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
  await db.insert(auditEvents).values({ accountId: row.id, actor: `parent:${row.id}`, action: 'account.password_reset', subjectType: 'account', subjectId: row.id, data: {} });
  return row;
}
