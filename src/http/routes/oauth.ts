/**
 * Connecting a mailbox: GET /connect/:provider sends the parent to Google / Microsoft with PKCE and a signed
 * state; GET /connect/:provider/callback checks both, exchanges the code, reads the mailbox address and stores
 * the connection with its tokens encrypted. Mount at the root: `app.route('/', oauthRoutes(deps))`, behind the
 * session middleware that sets `accountId`.
 */
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import type { Db } from '../../db/client.js';
import { mailboxConnections } from '../../db/schema.js';
import { OAuthTokenError, type OAuthClient } from '../../mail/oauth/client.js';
import { createPkce } from '../../mail/oauth/pkce.js';
import { InvalidStateError, signState, verifyState, type OAuthProviderName } from '../../mail/oauth/state.js';
import type { Tokens } from '../../mail/oauth/token-store.js';
import type { Keyring } from '../../security/crypto.js';
import { defaultLogger, type Logger } from '../../log/logger.js';
import { recordMailAudit } from '../../services/mailbox/audit.js';
import type { OAuthMailProvider } from '../../services/mailbox/providers.js';
import { MissingEncryptionKeyError, openTokens, sealTokens } from '../../services/mailbox/token-store-db.js';

/** What the upstream session middleware puts on the context. */
export type Variables = { accountId: string };
export type AppEnv = { Variables: Variables };

export interface OAuthRouteDeps {
  db: Db;
  keyring: Keyring | null;
  /** SESSION_SECRET: signs the state and the PKCE cookie. */
  sessionSecret: string | undefined;
  appUrl: string;
  clients: Partial<Record<OAuthMailProvider, OAuthClient>>;
  /** Default https://gmail.googleapis.com/ ; tests: the fake. */
  gmailRootUrl?: string;
  /** Default https://graph.microsoft.com/ ; tests: the fake. */
  graphBaseUrl?: string;
  fetch?: typeof fetch;
  now?: () => number;
  /** Called after a connection is stored (start the first sync, subscribe to push). Not awaited by the response. */
  onConnected?: (connectionId: string) => void | Promise<void>;
  log?: Logger;
}

const PROVIDERS: Record<OAuthMailProvider, OAuthProviderName> = { gmail: 'google', outlook: 'microsoft' };
const COOKIE_TTL_S = 600;

function cookieName(provider: OAuthMailProvider): string {
  return `ft_oauth_${provider}`;
}

function stateHash(state: string): string {
  return createHash('sha256').update(state).digest('base64url').slice(0, 22);
}

function isProvider(p: string): p is OAuthMailProvider {
  return p === 'gmail' || p === 'outlook';
}

async function mailboxAddress(deps: OAuthRouteDeps, provider: OAuthMailProvider, accessToken: string): Promise<string> {
  const doFetch = deps.fetch ?? fetch;
  const url =
    provider === 'gmail'
      ? `${(deps.gmailRootUrl ?? 'https://gmail.googleapis.com/').replace(/\/?$/, '/')}gmail/v1/users/me/profile`
      : `${(deps.graphBaseUrl ?? 'https://graph.microsoft.com/').replace(/\/?$/, '/')}v1.0/me?$select=mail,userPrincipalName`;
  const res = await doFetch(url, { headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' } });
  if (!res.ok) throw new Error(`profile request failed with HTTP ${res.status}`);
  const body = (await res.json()) as { emailAddress?: string; mail?: string | null; userPrincipalName?: string };
  const address = provider === 'gmail' ? body.emailAddress : body.mail || body.userPrincipalName;
  if (!address || !address.includes('@')) throw new Error('profile has no mailbox address');
  return address.trim().toLowerCase();
}

export function oauthRoutes(deps: OAuthRouteDeps) {
  const app = new Hono<AppEnv>();
  const secure = /^https:/i.test(deps.appUrl);

  function precheck(c: Context<AppEnv>, provider: string): Response | { provider: OAuthMailProvider; client: OAuthClient; secret: string; accountId: string } {
    if (!isProvider(provider)) return c.json({ error: 'unknown_provider' }, 404);
    const client = deps.clients[provider];
    if (!client) return c.json({ error: 'provider_not_configured', message: `${provider} is not configured on this server` }, 404);
    const accountId = c.get('accountId');
    if (!accountId) return c.json({ error: 'unauthorized' }, 401);
    if (!deps.sessionSecret || deps.sessionSecret.length < 32)
      return c.json({ error: 'not_configured', message: 'Set SESSION_SECRET (32+ characters) to connect a mailbox.' }, 503);
    if (!deps.keyring) return c.json({ error: 'not_configured', message: new MissingEncryptionKeyError().message }, 503);
    return { provider, client, secret: deps.sessionSecret, accountId };
  }

  app.get('/connect/:provider', async (c) => {
    const pre = precheck(c, c.req.param('provider'));
    if (pre instanceof Response) return pre;
    const pkce = await createPkce();
    const state = await signState({ accountId: pre.accountId, provider: PROVIDERS[pre.provider], now: deps.now?.() ?? Date.now() }, pre.secret);
    await setSignedCookie(c, cookieName(pre.provider), `${pkce.verifier}.${stateHash(state)}`, pre.secret, {
      httpOnly: true,
      secure,
      sameSite: 'Lax', // sent on the top-level redirect back from the provider
      path: '/',
      maxAge: COOKIE_TTL_S,
    });
    return c.redirect(pre.client.authorizationUrl({ state, codeChallenge: pkce.challenge }), 302);
  });

  app.get('/connect/:provider/callback', async (c) => {
    const pre = precheck(c, c.req.param('provider'));
    if (pre instanceof Response) return pre;
    const { provider, client, secret, accountId } = pre;
    const state = c.req.query('state') ?? '';
    const code = c.req.query('code');
    const cookie = await getSignedCookie(c, secret, cookieName(provider));
    deleteCookie(c, cookieName(provider), { path: '/', secure });
    let payload;
    try {
      payload = await verifyState(state, secret, { provider: PROVIDERS[provider], now: deps.now?.() ?? Date.now() });
    } catch (e) {
      if (e instanceof InvalidStateError) return c.json({ error: 'invalid_state', reason: e.reason }, 400);
      throw e;
    }
    if (payload.accountId !== accountId) return c.json({ error: 'invalid_state', reason: 'account' }, 400);
    const [verifier, boundTo] = typeof cookie === 'string' ? cookie.split('.') : [];
    if (!verifier || boundTo !== stateHash(state)) return c.json({ error: 'invalid_state', reason: 'pkce' }, 400);
    const denied = c.req.query('error');
    if (denied) return c.redirect(`/?connect=${encodeURIComponent(provider)}&error=${encodeURIComponent(denied.slice(0, 64))}`, 302);
    if (!code) return c.json({ error: 'missing_code' }, 400);

    let tokens: Tokens;
    let address: string;
    try {
      tokens = await client.exchangeCode({ code, codeVerifier: verifier });
      address = await mailboxAddress(deps, provider, tokens.accessToken);
    } catch (e) {
      (deps.log ?? defaultLogger).warn('mailbox connect failed', { provider, accountId, error: e instanceof OAuthTokenError ? e.error : (e as Error).name });
      return c.json({ error: 'connect_failed', message: 'The mailbox could not be connected. Please try again.' }, e instanceof OAuthTokenError && !e.transient ? 400 : 502);
    }

    const [existing] = await deps.db
      .select({ id: mailboxConnections.id, tokens: mailboxConnections.tokens })
      .from(mailboxConnections)
      .where(and(eq(mailboxConnections.accountId, accountId), eq(mailboxConnections.provider, provider), eq(mailboxConnections.address, address)));
    // Google sends a refresh token only with consent; keep the one we had rather than lose offline access.
    if (!tokens.refreshToken && existing?.tokens) {
      const previous = await openTokens(existing.tokens, deps.keyring).catch(() => null);
      if (previous?.refreshToken) tokens = { ...tokens, refreshToken: previous.refreshToken };
    }
    const blob = await sealTokens(tokens, deps.keyring);
    const [row] = await deps.db
      .insert(mailboxConnections)
      .values({ accountId, provider, address, tokens: blob, status: 'active' })
      .onConflictDoUpdate({
        target: [mailboxConnections.accountId, mailboxConnections.provider, mailboxConnections.address],
        set: { tokens: blob, status: 'active', statusReason: null, updatedAt: new Date() },
      })
      .returning({ id: mailboxConnections.id });
    await recordMailAudit(deps.db, {
      accountId,
      actor: `parent:${accountId}`,
      action: existing ? 'mailbox.reconnected' : 'mailbox.connected',
      subjectType: 'mailbox_connection',
      subjectId: row!.id,
      data: { provider },
    });
    if (deps.onConnected) {
      const p = Promise.resolve()
        .then(() => deps.onConnected!(row!.id))
        .catch((e: unknown) => (deps.log ?? defaultLogger).error('after-connect hook failed', { connectionId: row!.id, error: (e as Error)?.name }));
      waitUntil(c, p);
    }
    return c.redirect('/', 302);
  });

  return app;
}

/** Keeps background work alive on Workers; on Node the promise simply runs. */
export function waitUntil(c: Context, p: Promise<unknown>): void {
  try {
    c.executionCtx.waitUntil(p);
  } catch {
    // No execution context (Node): nothing to extend.
  }
}
