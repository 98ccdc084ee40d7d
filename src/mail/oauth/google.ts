/** Google OAuth 2 for Gmail. */
import { createOAuthClient, type OAuthClient, type OAuthClientConfig } from './client.js';

/**
 * Read to sync, compose to save drafts, send to send. (`gmail.compose` already permits sending; `gmail.send`
 * is listed so the consent screen names sending explicitly and so a later move to send-only keeps working.)
 */
export const GMAIL_SCOPES = [
  'https://www.googleapis.com/auth/gmail.readonly',
  'https://www.googleapis.com/auth/gmail.send',
  'https://www.googleapis.com/auth/gmail.compose',
] as const;

export function createGoogleOAuth(config: OAuthClientConfig): OAuthClient {
  return createOAuthClient(
    {
      defaultEndpoints: {
        authorizationEndpoint: 'https://accounts.google.com/o/oauth2/v2/auth',
        tokenEndpoint: 'https://oauth2.googleapis.com/token',
      },
      scopes: GMAIL_SCOPES,
      // offline + consent: Google returns a refresh token only when the user is shown the consent screen.
      extraAuthParams: { access_type: 'offline', prompt: 'consent', include_granted_scopes: 'true' },
    },
    config,
  );
}
