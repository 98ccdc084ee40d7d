/** The Gmail MailProvider. */
import { AccessTokenSource, type TokenRefresher } from '../oauth/access-token.js';
import type { TokenStore } from '../oauth/token-store.js';
import type { MailProvider } from '../provider.js';
import { GmailClient, type GmailClientOptions } from './client.js';
import { findGmailSent, findGmailSentCopy, saveGmailDraft, sendGmail } from './send.js';
import { getGmailRaw, listGmailChanges } from './sync.js';

export interface GmailProviderOptions extends Omit<GmailClientOptions, 'tokens'> {
  tokenStore: TokenStore;
  /** Refreshes access tokens: createGoogleOAuth(...) in production. */
  oauth: TokenRefresher;
  /** Refresh this long before expiry. Default 60 s. */
  tokenSkewMs?: number;
}

export interface GmailProvider extends MailProvider {
  readonly kind: 'gmail';
  /** The underlying client (quota bucket, stats): for wiring and tests, not for product code. */
  readonly client: GmailClient;
}

export function createGmailProvider(opts: GmailProviderOptions): GmailProvider {
  const tokens = new AccessTokenSource(opts.tokenStore, opts.oauth, {
    ...(opts.tokenSkewMs !== undefined ? { skewMs: opts.tokenSkewMs } : {}),
    ...(opts.clock ? { now: () => opts.clock!.now() } : {}),
  });
  const client = new GmailClient({ ...opts, tokens });
  return {
    kind: 'gmail',
    client,
    listChanges: (input) => listGmailChanges(client, input),
    getRaw: (id) => getGmailRaw(client, id),
    send: (message) => sendGmail(client, message),
    saveDraft: (message) => saveGmailDraft(client, message),
    findSent: (messageId) => findGmailSent(client, messageId),
    findSentCopy: (key) => findGmailSentCopy(client, key),
  };
}
