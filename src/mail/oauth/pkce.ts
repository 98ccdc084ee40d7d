/** PKCE (RFC 7636) with the S256 method. */
import { toBase64Url, utf8 } from '../../security/base64url.js';

export interface Pkce {
  verifier: string;
  challenge: string;
  method: 'S256';
}

/** 32 random bytes → a 43-character verifier (the RFC allows 43–128 unreserved characters). */
export async function createPkce(): Promise<Pkce> {
  const verifier = toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
  return { verifier, challenge: await pkceChallenge(verifier), method: 'S256' };
}

export async function pkceChallenge(verifier: string): Promise<string> {
  if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) throw new Error('invalid PKCE code_verifier');
  const digest = await crypto.subtle.digest('SHA-256', utf8.encode(verifier));
  return toBase64Url(new Uint8Array(digest));
}
