/**
 * The authorization-code flow with PKCE, shared by Google and Microsoft: the authorization URL, the code
 * exchange and the refresh, against configurable endpoints (tests point them at a local fake). Uses `fetch`
 * only, so it runs on Workers too.
 */
import * as z from 'zod';
import type { Tokens } from './token-store.js';

export interface OAuthEndpoints {
  authorizationEndpoint: string;
  tokenEndpoint: string;
}

export interface OAuthClientConfig {
  clientId: string;
  clientSecret?: string;
  redirectUri: string;
  endpoints?: Partial<OAuthEndpoints>;
  fetch?: typeof fetch;
  now?: () => number;
}

export interface OAuthClient {
  authorizationUrl(input: { state: string; codeChallenge: string; loginHint?: string }): string;
  exchangeCode(input: { code: string; codeVerifier: string }): Promise<Tokens>;
  refresh(refreshToken: string): Promise<Tokens>;
}

/** An error answer from a token endpoint (RFC 6749 §5.2), or a transport failure (status 0). */
export class OAuthTokenError extends Error {
  constructor(
    readonly error: string,
    readonly status: number,
    readonly description?: string,
    options?: { cause?: unknown },
  ) {
    super(`token endpoint: ${error}${description ? ` (${description.split(/\r?\n/)[0]})` : ''}`, options);
    this.name = 'OAuthTokenError';
  }
  /** The grant itself is dead: only the parent can fix it by connecting again. */
  get grantRevoked(): boolean {
    return this.error === 'invalid_grant';
  }
  get transient(): boolean {
    return this.status === 0 || this.status >= 500 || this.error === 'temporarily_unavailable';
  }
}

const tokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string(),
  expires_in: z.coerce.number().positive(),
  refresh_token: z.string().optional(),
  scope: z.string().optional(),
});
const errorResponse = z.object({ error: z.string(), error_description: z.string().optional() });

export interface ProviderProfile {
  defaultEndpoints: OAuthEndpoints;
  scopes: readonly string[];
  /** Provider-specific authorization parameters (offline access, consent prompt…). */
  extraAuthParams: Record<string, string>;
}

export function createOAuthClient(profile: ProviderProfile, config: OAuthClientConfig): OAuthClient {
  const endpoints = { ...profile.defaultEndpoints, ...config.endpoints };
  const doFetch = config.fetch ?? fetch;
  const now = config.now ?? Date.now;

  async function post(form: Record<string, string>, previousRefresh: string | null): Promise<Tokens> {
    const body = new URLSearchParams({ client_id: config.clientId, ...form });
    if (config.clientSecret) body.set('client_secret', config.clientSecret);
    let res: Response;
    let text: string;
    try {
      res = await doFetch(endpoints.tokenEndpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: body.toString(),
      });
      text = await res.text();
    } catch (cause) {
      throw new OAuthTokenError('network_error', 0, undefined, { cause });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new OAuthTokenError('invalid_response', res.status);
    }
    if (!res.ok) {
      const err = errorResponse.safeParse(json);
      throw new OAuthTokenError(err.success ? err.data.error : 'http_error', res.status, err.success ? err.data.error_description : undefined);
    }
    const ok = tokenResponse.safeParse(json);
    if (!ok.success) throw new OAuthTokenError('invalid_response', res.status);
    return {
      accessToken: ok.data.access_token,
      refreshToken: ok.data.refresh_token ?? previousRefresh,
      expiresAt: now() + ok.data.expires_in * 1000,
      ...(ok.data.scope ? { scope: ok.data.scope } : {}),
    };
  }

  return {
    authorizationUrl({ state, codeChallenge, loginHint }) {
      const url = new URL(endpoints.authorizationEndpoint);
      const params: Record<string, string> = {
        client_id: config.clientId,
        redirect_uri: config.redirectUri,
        response_type: 'code',
        scope: profile.scopes.join(' '),
        state,
        code_challenge: codeChallenge,
        code_challenge_method: 'S256',
        ...profile.extraAuthParams,
        ...(loginHint ? { login_hint: loginHint } : {}),
      };
      for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
      return url.toString();
    },
    exchangeCode({ code, codeVerifier }) {
      return post(
        { grant_type: 'authorization_code', code, code_verifier: codeVerifier, redirect_uri: config.redirectUri },
        null,
      );
    },
    refresh(refreshToken) {
      return post({ grant_type: 'refresh_token', refresh_token: refreshToken }, refreshToken);
    },
  };
}
