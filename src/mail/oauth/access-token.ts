/**
 * Hands adapters a valid access token: refreshes 60 s before expiry and after a 401, one refresh at a time
 * however many requests are in flight, and turns a dead grant into `markNeedsReconnect` + an `auth` error.
 */
import { MailProviderError } from '../provider.js';
import { OAuthTokenError } from './client.js';
import type { TokenStore, Tokens } from './token-store.js';

export interface TokenRefresher {
  refresh(refreshToken: string): Promise<Tokens>;
}

export class AccessTokenSource {
  private inflight: Promise<string> | null = null;
  /** The store is read once, then kept in memory: a backfill makes thousands of requests. */
  private cached: Tokens | null = null;
  private readonly skewMs: number;
  private readonly now: () => number;

  constructor(
    private readonly store: TokenStore,
    private readonly refresher: TokenRefresher,
    opts: { skewMs?: number; now?: () => number } = {},
  ) {
    this.skewMs = opts.skewMs ?? 60_000;
    this.now = opts.now ?? Date.now;
  }

  private async current(): Promise<Tokens> {
    this.cached ??= await this.store.get();
    return this.cached;
  }

  async get(): Promise<string> {
    if (this.inflight) return this.inflight;
    const t = await this.current();
    if (t.expiresAt - this.skewMs > this.now()) return t.accessToken;
    return this.refresh(t);
  }

  /** The API refused `rejected`: refresh unless another request already did. */
  async afterUnauthorized(rejected: string): Promise<string> {
    if (this.inflight) return this.inflight;
    // Re-read: another worker may have refreshed (and, on Microsoft, rotated the refresh token) meanwhile.
    const t = (this.cached = await this.store.get());
    if (t.accessToken !== rejected) return t.accessToken;
    return this.refresh(t);
  }

  /** A fresh token was refused too: the grant no longer covers this mailbox. */
  async rejectedAfterRefresh(): Promise<MailProviderError> {
    await this.store.markNeedsReconnect('unauthorized after token refresh');
    return new MailProviderError('auth', 'access token refused after refresh', { retryable: false, status: 401 });
  }

  private refresh(t: Tokens): Promise<string> {
    this.inflight ??= this.doRefresh(t).finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  private async doRefresh(t: Tokens): Promise<string> {
    if (!t.refreshToken) {
      await this.store.markNeedsReconnect('no refresh token');
      throw new MailProviderError('auth', 'access token expired and no refresh token is stored', { retryable: false });
    }
    try {
      const fresh = await this.refresher.refresh(t.refreshToken);
      await this.store.save(fresh);
      this.cached = fresh;
      return fresh.accessToken;
    } catch (e) {
      if (e instanceof OAuthTokenError) {
        if (e.grantRevoked) {
          await this.store.markNeedsReconnect(e.error);
          throw new MailProviderError('auth', 'refresh token rejected (invalid_grant)', { retryable: false, status: e.status, cause: e });
        }
        if (e.transient) throw new MailProviderError('transient', e.message, { status: e.status, cause: e });
        throw new MailProviderError('auth', e.message, { retryable: false, status: e.status, cause: e });
      }
      throw e;
    }
  }
}
