/**
 * Builds the MailProvider of a stored mailbox connection: Gmail and Outlook through their factories with a
 * DbTokenStore (encrypted tokens), an imported archive through createArchiveProvider. The OAuth clients and
 * API base URLs come from configuration (tests point them at the local fakes).
 */
import { eq } from 'drizzle-orm';
import type { Env } from '../../config/env.js';
import type { Db } from '../../db/client.js';
import { mailboxConnections } from '../../db/schema.js';
import { createGmailProvider, type GmailProviderOptions } from '../../mail/gmail/index.js';
import { createGoogleOAuth } from '../../mail/oauth/google.js';
import { createMicrosoftOAuth } from '../../mail/oauth/microsoft.js';
import type { OAuthClient } from '../../mail/oauth/client.js';
import { createOutlookProvider, type OutlookProviderOptions } from '../../mail/outlook/index.js';
import { MailProviderError, type MailProvider } from '../../mail/provider.js';
import type { Logger } from '../../log/logger.js';
import type { Keyring } from '../../security/crypto.js';
import { DbTokenStore, keyringFromEnv } from './token-store-db.js';

export type ConnectionRow = typeof mailboxConnections.$inferSelect;
export type OAuthMailProvider = 'gmail' | 'outlook';

export interface ProviderConfig {
  gmail?: Omit<GmailProviderOptions, 'tokenStore'>;
  outlook?: Omit<OutlookProviderOptions, 'tokenStore'>;
}

export interface MailDeps {
  db: Db;
  /** null when ENCRYPTION_KEYS is not set: OAuth mailboxes then cannot be used. */
  keyring: Keyring | null;
  providers: ProviderConfig;
  /** Replaces the default factory (tests wrap the real provider this way). */
  providerFactory?: (connection: ConnectionRow, deps: MailDeps) => Promise<MailProvider>;
  /** Structured log sink (ids, kinds, counts only). Default: JSON lines on the console. */
  log?: Logger;
}

/** The redirect URI registered with Google / Microsoft for a provider. */
export function oauthRedirectUri(appUrl: string, provider: OAuthMailProvider): string {
  return `${appUrl.replace(/\/+$/, '')}/connect/${provider}/callback`;
}

/** The OAuth clients configured in the environment (none when the client id is unset). */
export function oauthClientsFromEnv(env: Env): Partial<Record<OAuthMailProvider, OAuthClient>> {
  const out: Partial<Record<OAuthMailProvider, OAuthClient>> = {};
  if (env.GOOGLE_CLIENT_ID)
    out.gmail = createGoogleOAuth({
      clientId: env.GOOGLE_CLIENT_ID,
      ...(env.GOOGLE_CLIENT_SECRET ? { clientSecret: env.GOOGLE_CLIENT_SECRET } : {}),
      redirectUri: oauthRedirectUri(env.APP_URL, 'gmail'),
    });
  if (env.MICROSOFT_CLIENT_ID)
    out.outlook = createMicrosoftOAuth({
      clientId: env.MICROSOFT_CLIENT_ID,
      ...(env.MICROSOFT_CLIENT_SECRET ? { clientSecret: env.MICROSOFT_CLIENT_SECRET } : {}),
      redirectUri: oauthRedirectUri(env.APP_URL, 'outlook'),
      tenant: env.MICROSOFT_TENANT,
    });
  return out;
}

/** The mail dependencies every entry builds from configuration: the one place that reads them. */
export function mailDepsFromEnv(db: Db, env: Env): MailDeps {
  return { db, keyring: keyringFromEnv(env), providers: providerConfigFromEnv(env) };
}

export function providerConfigFromEnv(env: Env): ProviderConfig {
  const clients = oauthClientsFromEnv(env);
  return {
    ...(clients.gmail ? { gmail: { oauth: clients.gmail, ...(env.GMAIL_API_URL ? { rootUrl: env.GMAIL_API_URL } : {}) } } : {}),
    ...(clients.outlook ? { outlook: { oauth: clients.outlook, ...(env.GRAPH_API_URL ? { baseUrl: env.GRAPH_API_URL } : {}) } } : {}),
  };
}

export async function loadConnection(db: Db, connectionId: string): Promise<ConnectionRow | null> {
  const [row] = await db.select().from(mailboxConnections).where(eq(mailboxConnections.id, connectionId));
  return row ?? null;
}

export async function providerForConnection(deps: MailDeps, connection: ConnectionRow): Promise<MailProvider> {
  if (deps.providerFactory) return deps.providerFactory(connection, deps);
  return defaultProvider(deps, connection);
}

export async function defaultProvider(deps: MailDeps, connection: ConnectionRow): Promise<MailProvider> {
  switch (connection.provider) {
    case 'archive': {
      // Loaded on demand: it reads the file system, which only the Node entry has.
      const { createArchiveProvider } = await import('../../mail/archive/archive-provider.js');
      return createArchiveProvider(connection.address.replace(/^archive:/, ''));
    }
    case 'gmail': {
      if (!deps.providers.gmail) throw new MailProviderError('unsupported', 'Gmail is not configured (GOOGLE_CLIENT_ID)', { retryable: false });
      return createGmailProvider({ ...deps.providers.gmail, tokenStore: new DbTokenStore(deps.db, connection.id, deps.keyring) });
    }
    case 'outlook': {
      if (!deps.providers.outlook) throw new MailProviderError('unsupported', 'Outlook is not configured (MICROSOFT_CLIENT_ID)', { retryable: false });
      return createOutlookProvider({ ...deps.providers.outlook, tokenStore: new DbTokenStore(deps.db, connection.id, deps.keyring) });
    }
  }
}
