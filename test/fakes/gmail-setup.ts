/** Wires the real Gmail adapter to a fake Gmail and a fake Google token endpoint. */
import { createGmailProvider, type GmailProvider, type GmailProviderOptions } from '../../src/mail/gmail/index.js';
import { createGoogleOAuth } from '../../src/mail/oauth/google.js';
import { MemoryTokenStore, type Tokens } from '../../src/mail/oauth/token-store.js';
import { FakeGmailServer } from './gmail-server.js';
import { FakeOAuthServer } from './oauth-server.js';

export interface GmailRig {
  gmail: FakeGmailServer;
  oauth: FakeOAuthServer;
  store: MemoryTokenStore;
  provider: GmailProvider;
  close(): Promise<void>;
}

export const FAST_RETRY = { maxAttempts: 4, baseDelayMs: 10, maxDelayMs: 40, maxRetryAfterMs: 5_000 };

export async function startGmailRig(
  opts: {
    tokens?: Partial<Tokens>;
    provider?: Partial<Omit<GmailProviderOptions, 'tokenStore' | 'oauth'>>;
    gmail?: ConstructorParameters<typeof FakeGmailServer>[0];
  } = {},
): Promise<GmailRig> {
  const gmail = new FakeGmailServer(opts.gmail);
  const oauth = new FakeOAuthServer('google');
  await gmail.start();
  await oauth.start();
  oauth.onAccessToken = (t) => gmail.validTokens.add(t);
  oauth.addRefreshToken('rt-initial');
  gmail.validTokens.add('at-initial');
  const store = new MemoryTokenStore({ accessToken: 'at-initial', refreshToken: 'rt-initial', expiresAt: Date.now() + 3_600_000, ...opts.tokens });
  const provider = createGmailProvider({
    tokenStore: store,
    oauth: createGoogleOAuth({
      clientId: oauth.clientId,
      clientSecret: oauth.clientSecret,
      redirectUri: 'http://localhost/cb',
      endpoints: { tokenEndpoint: oauth.tokenEndpoint },
    }),
    rootUrl: gmail.rootUrl,
    retry: FAST_RETRY,
    quota: { unitsPerSec: 1_000_000, burst: 100_000 },
    ...opts.provider,
  });
  return {
    gmail,
    oauth,
    store,
    provider,
    async close() {
      await gmail.stop();
      await oauth.stop();
    },
  };
}
