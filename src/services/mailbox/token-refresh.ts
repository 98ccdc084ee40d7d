/**
 * The daily token refresh: every live OAuth mailbox gets a fresh access token once a day, even when nothing
 * synced. That keeps Microsoft's sliding refresh-token lifetime (90 idle days) from lapsing and finds a revoked
 * grant the same day (AccessTokenSource marks the connection needs_reconnect), not on the next send. Sync
 * refreshes on its own 60 s before expiry, so this is a keep-alive, not the main path.
 */
import type { Db } from '../../db/client.js';
import { AccessTokenSource, type TokenRefresher } from '../../mail/oauth/access-token.js';
import type { Keyring } from '../../security/crypto.js';
import { loadConnection } from './providers.js';
import { DbTokenStore } from './token-store-db.js';

export interface TokenRefreshDeps {
  keyring: Keyring | null;
  oauth: Partial<Record<'gmail' | 'outlook', TokenRefresher>>;
}

/** Refresh when the access token expires within this window: with hour-long tokens, always once a day. */
const WITHIN_MS = 24 * 3_600_000;

/** True when the connection's tokens were refreshed; false when it is not an OAuth mailbox we can refresh. Throws on a failed refresh. */
export async function refreshConnectionTokens(deps: TokenRefreshDeps, db: Db, connectionId: string, now: Date): Promise<boolean> {
  const connection = await loadConnection(db, connectionId);
  if (!connection || connection.status !== 'active' || !connection.tokens || !deps.keyring) return false;
  if (connection.provider !== 'gmail' && connection.provider !== 'outlook') return false;
  const client = deps.oauth[connection.provider];
  if (!client) return false;
  const store = new DbTokenStore(db, connection.id, deps.keyring);
  const before = (await store.get()).accessToken;
  const source = new AccessTokenSource(store, client, { skewMs: WITHIN_MS, now: () => now.getTime() });
  return (await source.get()) !== before;
}
