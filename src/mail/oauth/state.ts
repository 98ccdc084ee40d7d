/**
 * The OAuth `state` parameter: an HMAC-SHA256-signed, expiring payload binding the callback to the account and
 * provider that started the flow (CSRF protection and "which account is this for" in one value).
 * Format: `<payload b64url>.<signature b64url>`.
 */
import * as z from 'zod';
import { fromBase64Url, toBase64Url, utf8 } from '../../security/base64url.js';

export type OAuthProviderName = 'google' | 'microsoft';

const payloadSchema = z.object({
  nonce: z.string().min(16),
  accountId: z.string().min(1),
  provider: z.enum(['google', 'microsoft']),
  exp: z.number().int(),
});
export type OAuthState = z.infer<typeof payloadSchema>;

export class InvalidStateError extends Error {
  constructor(readonly reason: 'malformed' | 'signature' | 'expired' | 'provider') {
    super(`invalid OAuth state: ${reason}`);
    this.name = 'InvalidStateError';
  }
}

function hmacKey(secret: string | Uint8Array): Promise<CryptoKey> {
  const raw = typeof secret === 'string' ? utf8.encode(secret) : secret;
  if (raw.length < 32) throw new Error('state secret must be at least 32 bytes');
  return crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
}

export async function signState(
  input: { accountId: string; provider: OAuthProviderName; ttlMs?: number; now?: number },
  secret: string | Uint8Array,
): Promise<string> {
  const payload: OAuthState = {
    nonce: toBase64Url(crypto.getRandomValues(new Uint8Array(16))),
    accountId: input.accountId,
    provider: input.provider,
    exp: Math.floor(((input.now ?? Date.now()) + (input.ttlMs ?? 10 * 60_000)) / 1000),
  };
  const body = toBase64Url(utf8.encode(JSON.stringify(payload)));
  const sig = await crypto.subtle.sign('HMAC', await hmacKey(secret), utf8.encode(body));
  return `${body}.${toBase64Url(new Uint8Array(sig))}`;
}

/** Checks the signature (constant time, by WebCrypto), then expiry and provider. Returns the payload. */
export async function verifyState(
  state: string,
  secret: string | Uint8Array,
  expect: { provider: OAuthProviderName; now?: number },
): Promise<OAuthState> {
  const parts = state.split('.');
  if (parts.length !== 2) throw new InvalidStateError('malformed');
  const [body, sigText] = parts as [string, string];
  let sig: Uint8Array;
  try {
    sig = fromBase64Url(sigText);
  } catch {
    throw new InvalidStateError('malformed');
  }
  const ok = await crypto.subtle.verify('HMAC', await hmacKey(secret), sig, utf8.encode(body));
  if (!ok) throw new InvalidStateError('signature');
  let payload: OAuthState;
  try {
    payload = payloadSchema.parse(JSON.parse(utf8.decode(fromBase64Url(body))));
  } catch {
    throw new InvalidStateError('malformed');
  }
  if (payload.exp * 1000 <= (expect.now ?? Date.now())) throw new InvalidStateError('expired');
  if (payload.provider !== expect.provider) throw new InvalidStateError('provider');
  return payload;
}
