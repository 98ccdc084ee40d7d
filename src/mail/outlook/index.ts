/** The Outlook (Microsoft Graph) MailProvider. */
import { AccessTokenSource, type TokenRefresher } from '../oauth/access-token.js';
import type { TokenStore } from '../oauth/token-store.js';
import type { MailProvider } from '../provider.js';
import { OutlookClient, type OutlookClientOptions } from './client.js';
import { findOutlookSent, findOutlookSentCopy, saveOutlookDraft, sendOutlook } from './send.js';
import { getOutlookRaw, listOutlookChanges } from './sync.js';

export interface OutlookProviderOptions extends Omit<OutlookClientOptions, 'tokens'> {
  tokenStore: TokenStore;
  /** Refreshes access tokens: createMicrosoftOAuth(...) in production. */
  oauth: TokenRefresher;
  tokenSkewMs?: number;
}

export interface OutlookProvider extends MailProvider {
  readonly kind: 'outlook';
  readonly client: OutlookClient;
}

export function createOutlookProvider(opts: OutlookProviderOptions): OutlookProvider {
  const tokens = new AccessTokenSource(opts.tokenStore, opts.oauth, {
    ...(opts.tokenSkewMs !== undefined ? { skewMs: opts.tokenSkewMs } : {}),
    ...(opts.clock ? { now: () => opts.clock!.now() } : {}),
  });
  const client = new OutlookClient({ ...opts, tokens });
  return {
    kind: 'outlook',
    client,
    listChanges: (input) => listOutlookChanges(client, input),
    getRaw: (id) => getOutlookRaw(client, id),
    send: (message) => sendOutlook(client, message),
    saveDraft: (message) => saveOutlookDraft(client, message),
    findSentCopy: (key) => findOutlookSentCopy(client, key),
    findSent: async (messageId) => {
      const found = await findOutlookSent(client, messageId);
      return found ? { providerId: found.providerId } : null;
    },
  };
}
