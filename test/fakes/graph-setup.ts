/** Wires the real Outlook adapter (Graph client + our auth middleware) to a fake Graph and a fake v2 token endpoint. */
import { createMicrosoftOAuth } from '../../src/mail/oauth/microsoft.js';
import { MemoryTokenStore, type Tokens } from '../../src/mail/oauth/token-store.js';
import { createOutlookProvider, type OutlookProvider, type OutlookProviderOptions } from '../../src/mail/outlook/index.js';
import { FAST_RETRY } from './gmail-setup.js';
import { FakeGraphServer } from './graph-server.js';
import { FakeOAuthServer } from './oauth-server.js';

export interface GraphRig {
  graph: FakeGraphServer;
  oauth: FakeOAuthServer;
  store: MemoryTokenStore;
  provider: OutlookProvider;
  close(): Promise<void>;
}

export async function startGraphRig(opts: { tokens?: Partial<Tokens>; provider?: Partial<Omit<OutlookProviderOptions, 'tokenStore' | 'oauth'>> } = {}): Promise<GraphRig> {
  const graph = new FakeGraphServer();
  const oauth = new FakeOAuthServer('microsoft');
  await graph.start();
  await oauth.start();
  oauth.onAccessToken = (t) => graph.validTokens.add(t);
  oauth.addRefreshToken('rt-initial');
  graph.validTokens.add('at-initial');
  const store = new MemoryTokenStore({ accessToken: 'at-initial', refreshToken: 'rt-initial', expiresAt: Date.now() + 3_600_000, ...opts.tokens });
  const provider = createOutlookProvider({
    tokenStore: store,
    oauth: createMicrosoftOAuth({ clientId: oauth.clientId, clientSecret: oauth.clientSecret, redirectUri: 'http://localhost/cb', endpoints: { tokenEndpoint: oauth.tokenEndpoint } }),
    baseUrl: graph.baseUrl,
    retry: FAST_RETRY,
    requestsPerSec: 100_000,
    ...opts.provider,
  });
  return {
    graph,
    oauth,
    store,
    provider,
    async close() {
      await graph.stop();
      await oauth.stop();
    },
  };
}
