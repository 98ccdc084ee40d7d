/** Microsoft identity platform (v2 endpoints) for Graph mail. */
import { createOAuthClient, type OAuthClient, type OAuthClientConfig } from './client.js';

export const GRAPH_SCOPES = ['offline_access', 'User.Read', 'Mail.ReadWrite', 'Mail.Send'] as const;

export function createMicrosoftOAuth(config: OAuthClientConfig & { tenant?: string }): OAuthClient {
  const tenant = config.tenant ?? 'common';
  return createOAuthClient(
    {
      defaultEndpoints: {
        authorizationEndpoint: `https://login.microsoftonline.com/${tenant}/oauth2/v2.0/authorize`,
        tokenEndpoint: `https://login.microsoftonline.com/${tenant}/oauth2/v2.0/token`,
      },
      scopes: GRAPH_SCOPES,
      extraAuthParams: { response_mode: 'query' },
    },
    config,
  );
}
