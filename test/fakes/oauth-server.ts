/**
 * A fake OAuth 2 token endpoint (`POST /token`) in Google's or Microsoft's v2 dialect: authorization-code
 * exchange with PKCE S256 checking, refresh (Microsoft rotates the refresh token), `invalid_grant` for
 * revoked or unknown grants. Issued access tokens are handed to `onAccessToken` so a fake API accepts them.
 */
import { createHash, randomBytes } from 'node:crypto';
import { FakeHttpServer, type FakeReply, type RecordedRequest } from './http-util.js';

export type OAuthFlavor = 'google' | 'microsoft';

interface PendingCode {
  challenge: string;
  redirectUri: string;
  clientId: string;
  scope: string;
}

export class FakeOAuthServer extends FakeHttpServer {
  private codes = new Map<string, PendingCode>();
  private refreshTokens = new Map<string, { clientId: string; scope: string }>();
  expiresInSec = 3599;
  /** Every access token issued, oldest first. */
  readonly issued: string[] = [];
  onAccessToken: (token: string) => void = () => {};

  constructor(readonly flavor: OAuthFlavor, readonly clientId = 'client-123', readonly clientSecret = 'secret-456') {
    super((req) => this.route(req));
  }

  get tokenEndpoint(): string {
    return `${this.url}/token`;
  }

  /** What the authorization endpoint would have done after the user consented. */
  issueCode(input: { challenge: string; redirectUri: string; scope?: string }): string {
    const code = `code-${randomBytes(8).toString('hex')}`;
    this.codes.set(code, { challenge: input.challenge, redirectUri: input.redirectUri, clientId: this.clientId, scope: input.scope ?? '' });
    return code;
  }

  addRefreshToken(token: string, scope = ''): void {
    this.refreshTokens.set(token, { clientId: this.clientId, scope });
  }

  revoke(refreshToken?: string): void {
    if (refreshToken) this.refreshTokens.delete(refreshToken);
    else this.refreshTokens.clear();
  }

  private invalidGrant(description: string): FakeReply {
    if (this.flavor === 'google') return { status: 400, body: { error: 'invalid_grant', error_description: description } };
    const now = new Date().toISOString().replace('T', ' ').slice(0, 19) + 'Z';
    const trace = crypto.randomUUID();
    const correlation = crypto.randomUUID();
    return {
      status: 400,
      body: {
        error: 'invalid_grant',
        error_description: `AADSTS70000: ${description}\r\nTrace ID: ${trace}\r\nCorrelation ID: ${correlation}\r\nTimestamp: ${now}`,
        error_codes: [70000],
        timestamp: now,
        trace_id: trace,
        correlation_id: correlation,
        error_uri: 'https://login.microsoftonline.com/error?code=70000',
      },
    };
  }

  private issue(scope: string, refresh: string | null): FakeReply {
    const access = `at-${randomBytes(12).toString('hex')}`;
    this.issued.push(access);
    this.onAccessToken(access);
    const body: Record<string, unknown> = { access_token: access, token_type: 'Bearer', expires_in: this.expiresInSec, scope };
    if (this.flavor === 'microsoft') body.ext_expires_in = this.expiresInSec;
    if (refresh) body.refresh_token = refresh;
    return { status: 200, body };
  }

  private route(req: RecordedRequest): FakeReply {
    if (req.method !== 'POST' || req.path !== '/token') return { status: 404, body: { error: 'not_found' } };
    const form = new URLSearchParams(req.body.toString());
    if (form.get('client_id') !== this.clientId || (form.has('client_secret') && form.get('client_secret') !== this.clientSecret))
      return { status: 401, body: { error: 'invalid_client', error_description: 'The OAuth client was not found.' } };
    const grant = form.get('grant_type');
    if (grant === 'authorization_code') {
      const code = form.get('code') ?? '';
      const pending = this.codes.get(code);
      this.codes.delete(code);
      if (!pending) return this.invalidGrant('Malformed auth code.');
      if (form.get('redirect_uri') !== pending.redirectUri) return { status: 400, body: { error: 'redirect_uri_mismatch', error_description: 'Bad Request' } };
      const verifier = form.get('code_verifier') ?? '';
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      if (challenge !== pending.challenge) return this.invalidGrant('Invalid code verifier.');
      const refresh = `rt-${randomBytes(12).toString('hex')}`;
      this.addRefreshToken(refresh, pending.scope);
      return this.issue(pending.scope, refresh);
    }
    if (grant === 'refresh_token') {
      const rt = form.get('refresh_token') ?? '';
      const known = this.refreshTokens.get(rt);
      if (!known) return this.invalidGrant('Token has been expired or revoked.');
      if (this.flavor === 'microsoft') {
        // Microsoft rotates: the new refresh token replaces the old one.
        this.refreshTokens.delete(rt);
        const next = `rt-${randomBytes(12).toString('hex')}`;
        this.refreshTokens.set(next, known);
        return this.issue(known.scope, next);
      }
      return this.issue(known.scope, null);
    }
    return { status: 400, body: { error: 'unsupported_grant_type', error_description: `Invalid grant_type: ${grant}` } };
  }
}
