import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccessTokenSource } from '../../src/mail/oauth/access-token.js';
import { OAuthTokenError } from '../../src/mail/oauth/client.js';
import { GMAIL_SCOPES, createGoogleOAuth } from '../../src/mail/oauth/google.js';
import { GRAPH_SCOPES, createMicrosoftOAuth } from '../../src/mail/oauth/microsoft.js';
import { createPkce, pkceChallenge } from '../../src/mail/oauth/pkce.js';
import { InvalidStateError, signState, verifyState } from '../../src/mail/oauth/state.js';
import { MemoryTokenStore } from '../../src/mail/oauth/token-store.js';
import { FakeOAuthServer } from '../fakes/oauth-server.js';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';

describe('PKCE', () => {
  it('matches the RFC 7636 appendix B example', async () => {
    expect(await pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });
  it('creates a 43-char verifier and its S256 challenge', async () => {
    const p = await createPkce();
    expect(p.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(p.challenge).toBe(await pkceChallenge(p.verifier));
    expect(p.method).toBe('S256');
    expect((await createPkce()).verifier).not.toBe(p.verifier);
  });
  it('rejects a too-short verifier', async () => {
    await expect(pkceChallenge('short')).rejects.toThrow();
  });
});

describe('signed state', () => {
  const now = Date.UTC(2026, 0, 1);
  it('round-trips', async () => {
    const s = await signState({ accountId: 'acct-1', provider: 'google', now }, SECRET);
    const v = await verifyState(s, SECRET, { provider: 'google', now: now + 1000 });
    expect(v).toMatchObject({ accountId: 'acct-1', provider: 'google' });
    expect(v.nonce.length).toBeGreaterThanOrEqual(16);
  });
  it('rejects a tampered payload, a tampered signature and another secret', async () => {
    const s = await signState({ accountId: 'acct-1', provider: 'google', now }, SECRET);
    const [body, sig] = s.split('.') as [string, string];
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), accountId: 'acct-2' })).toString('base64url');
    await expect(verifyState(`${forged}.${sig}`, SECRET, { provider: 'google', now })).rejects.toMatchObject({ reason: 'signature' });
    const flipped = sig.slice(0, -2) + (sig.endsWith('AA') ? 'BA' : 'AA');
    await expect(verifyState(`${body}.${flipped}`, SECRET, { provider: 'google', now })).rejects.toBeInstanceOf(InvalidStateError);
    await expect(verifyState(s, `${SECRET}-other`, { provider: 'google', now })).rejects.toMatchObject({ reason: 'signature' });
    await expect(verifyState('garbage', SECRET, { provider: 'google', now })).rejects.toMatchObject({ reason: 'malformed' });
  });
  it('rejects an expired state and one minted for the other provider', async () => {
    const s = await signState({ accountId: 'acct-1', provider: 'microsoft', now, ttlMs: 60_000 }, SECRET);
    await expect(verifyState(s, SECRET, { provider: 'microsoft', now: now + 61_000 })).rejects.toMatchObject({ reason: 'expired' });
    await expect(verifyState(s, SECRET, { provider: 'google', now })).rejects.toMatchObject({ reason: 'provider' });
  });
});

describe('authorization code flow against fake token endpoints', () => {
  let google: FakeOAuthServer;
  let microsoft: FakeOAuthServer;
  beforeEach(async () => {
    google = new FakeOAuthServer('google');
    microsoft = new FakeOAuthServer('microsoft');
    await google.start();
    await microsoft.start();
  });
  afterEach(async () => {
    await google.stop();
    await microsoft.stop();
  });

  it('google: authorization URL has the least scopes, offline access, PKCE S256 and the state', async () => {
    const oauth = createGoogleOAuth({ clientId: 'cid', redirectUri: 'https://app.test/oauth/google' });
    const url = new URL(oauth.authorizationUrl({ state: 'st', codeChallenge: 'ch' }));
    expect(url.origin + url.pathname).toBe('https://accounts.google.com/o/oauth2/v2/auth');
    expect(url.searchParams.get('scope')!.split(' ')).toEqual([...GMAIL_SCOPES]);
    expect(url.searchParams.get('access_type')).toBe('offline');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toBe('ch');
    expect(url.searchParams.get('state')).toBe('st');
    expect(url.searchParams.get('response_type')).toBe('code');
  });

  it('microsoft: v2 authorize URL with Mail.ReadWrite Mail.Send offline_access User.Read', () => {
    const oauth = createMicrosoftOAuth({ clientId: 'cid', redirectUri: 'https://app.test/oauth/ms' });
    const url = new URL(oauth.authorizationUrl({ state: 'st', codeChallenge: 'ch' }));
    expect(url.origin + url.pathname).toBe('https://login.microsoftonline.com/common/oauth2/v2.0/authorize');
    expect(new Set(url.searchParams.get('scope')!.split(' '))).toEqual(new Set(GRAPH_SCOPES));
    expect(new Set(GRAPH_SCOPES)).toEqual(new Set(['Mail.ReadWrite', 'Mail.Send', 'offline_access', 'User.Read']));
  });

  it('exchanges a code with the verifier; a wrong verifier is invalid_grant', async () => {
    const oauth = createGoogleOAuth({ clientId: google.clientId, clientSecret: google.clientSecret, redirectUri: 'https://app.test/cb', endpoints: { tokenEndpoint: google.tokenEndpoint } });
    const pkce = await createPkce();
    const code = google.issueCode({ challenge: pkce.challenge, redirectUri: 'https://app.test/cb' });
    const t = await oauth.exchangeCode({ code, codeVerifier: pkce.verifier });
    expect(t.accessToken).toBe(google.issued[0]);
    expect(t.refreshToken).toMatch(/^rt-/);
    expect(t.expiresAt).toBeGreaterThan(Date.now() + 3_500_000);
    const form = new URLSearchParams(google.requests[0]!.body.toString());
    expect(form.get('grant_type')).toBe('authorization_code');
    expect(form.get('code_verifier')).toBe(pkce.verifier);
    const other = await createPkce();
    const code2 = google.issueCode({ challenge: pkce.challenge, redirectUri: 'https://app.test/cb' });
    const err = await oauth.exchangeCode({ code: code2, codeVerifier: other.verifier }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OAuthTokenError);
    expect((err as OAuthTokenError).grantRevoked).toBe(true);
  });

  it('microsoft refresh rotates the refresh token; a revoked one is invalid_grant with AADSTS details', async () => {
    const oauth = createMicrosoftOAuth({ clientId: microsoft.clientId, clientSecret: microsoft.clientSecret, redirectUri: 'https://app.test/cb', endpoints: { tokenEndpoint: microsoft.tokenEndpoint } });
    microsoft.addRefreshToken('rt-1');
    const t = await oauth.refresh('rt-1');
    expect(t.refreshToken).not.toBe('rt-1');
    const err = (await oauth.refresh('rt-1').catch((e: unknown) => e)) as OAuthTokenError;
    expect(err.error).toBe('invalid_grant');
    expect(err.description).toMatch(/^AADSTS70000/);
  });

  it('AccessTokenSource refreshes 60 s before expiry, once for concurrent callers, and keeps Google’s refresh token', async () => {
    const oauth = createGoogleOAuth({ clientId: google.clientId, clientSecret: google.clientSecret, redirectUri: 'https://app.test/cb', endpoints: { tokenEndpoint: google.tokenEndpoint } });
    google.addRefreshToken('rt-1');
    let now = 1_000_000;
    const store = new MemoryTokenStore({ accessToken: 'old', refreshToken: 'rt-1', expiresAt: now + 120_000 });
    const source = new AccessTokenSource(store, oauth, { now: () => now });
    expect(await source.get()).toBe('old');
    now += 61_000; // 59 s left: inside the skew
    const tokens = await Promise.all([source.get(), source.get(), source.get()]);
    expect(new Set(tokens)).toEqual(new Set([google.issued[0]]));
    expect(google.requests.length).toBe(1);
    expect((await store.get()).refreshToken).toBe('rt-1');
  });

  it('AccessTokenSource: invalid_grant marks the account for reconnection; a 5xx is transient and does not', async () => {
    const oauth = createGoogleOAuth({ clientId: google.clientId, redirectUri: 'https://app.test/cb', endpoints: { tokenEndpoint: google.tokenEndpoint } });
    const store = new MemoryTokenStore({ accessToken: 'old', refreshToken: 'rt-gone', expiresAt: 0 });
    const source = new AccessTokenSource(store, oauth);
    google.inject({ action: { status: 503, body: { error: 'temporarily_unavailable' } } });
    await expect(source.get()).rejects.toMatchObject({ kind: 'transient' });
    expect(store.reconnectReasons).toEqual([]);
    await expect(source.get()).rejects.toMatchObject({ kind: 'auth', retryable: false });
    expect(store.reconnectReasons).toEqual(['invalid_grant']);
  });
});
