/**
 * Push notifications so new mail syncs within seconds; polling stays the fallback (a missed or expired
 * subscription only makes sync slower, never loses mail: the cursor decides what is new).
 *
 * - Gmail: users.watch on the Cloud Pub/Sub topic GMAIL_PUBSUB_TOPIC. A watch lasts 7 days; renewed when
 *   within 24 h of its expiration. The topic's push subscription posts to /push/gmail (see gmailPushEndpoint).
 * - Outlook: a Graph subscription on `me/messages` (created) posting to APP_URL/push/graph, which Graph only
 *   accepts over https. Each subscription has its own random clientState; only its SHA-256 is stored.
 *   Renewed (PATCH expirationDateTime) when within 24 h of expiry; recreated when Graph no longer knows it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { mailboxConnections } from '../../db/schema.js';
import type { GmailProvider } from '../../mail/gmail/index.js';
import type { OutlookProvider } from '../../mail/outlook/index.js';
import { MailProviderError } from '../../mail/provider.js';
import { loadConnection, providerForConnection, type ConnectionRow, type MailDeps } from './providers.js';
import { defaultLogger } from '../../log/logger.js';
import { recordMailAudit } from './audit.js';
import { markConnectionNeedsReconnect } from './token-store-db.js';

export interface PushDeps extends MailDeps {
  appUrl: string;
  /** GMAIL_PUBSUB_TOPIC. */
  gmailTopic?: string | undefined;
  /** How long a Graph subscription is asked for. Default 3 days (Graph allows up to 10,080 minutes for mail). */
  graphLifetimeMs?: number;
}

export interface GmailPushState {
  topic: string;
  historyId: string | null;
  /** Epoch ms. */
  expiration: number;
  watchedAt: string;
}

export interface GraphPushState {
  subscriptionId: string;
  resource: string;
  /** ISO 8601. */
  expiresAt: string;
  clientStateHash: string;
}

export interface PushOutcome {
  connectionId: string;
  provider: ConnectionRow['provider'];
  action: 'created' | 'renewed' | 'unchanged' | 'skipped' | 'failed';
  reason?: string;
  expiresAt?: string;
}

const RENEW_WITHIN_MS = 24 * 3600_000;
export const GRAPH_RESOURCE = 'me/messages';

export function hashClientState(clientState: string): string {
  return createHash('sha256').update(clientState).digest('base64url');
}

export function gmailPushState(connection: Pick<ConnectionRow, 'push'>): GmailPushState | null {
  const g = (connection.push ?? {})['gmail'] as GmailPushState | undefined;
  return g && typeof g.expiration === 'number' ? g : null;
}

export function graphPushState(connection: Pick<ConnectionRow, 'push'>): GraphPushState | null {
  const g = (connection.push ?? {})['graph'] as GraphPushState | undefined;
  return g && typeof g.subscriptionId === 'string' ? g : null;
}

async function storePush(deps: MailDeps, connection: ConnectionRow, key: 'gmail' | 'graph', value: GmailPushState | GraphPushState | null): Promise<void> {
  const [fresh] = await deps.db.select({ push: mailboxConnections.push }).from(mailboxConnections).where(eq(mailboxConnections.id, connection.id));
  const next: Record<string, unknown> = { ...(fresh?.push ?? {}) };
  if (value) next[key] = value;
  else delete next[key];
  await deps.db.update(mailboxConnections).set({ push: next, updatedAt: new Date() }).where(eq(mailboxConnections.id, connection.id));
}

/** Creates or renews the push subscription of one connection as needed. Never throws a provider error. */
export async function ensurePushSubscription(deps: PushDeps, connectionId: string, opts: { now?: Date } = {}): Promise<PushOutcome> {
  const now = opts.now ?? new Date();
  const connection = await loadConnection(deps.db, connectionId);
  const log = deps.log ?? defaultLogger;
  if (!connection) return { connectionId, provider: 'archive', action: 'skipped', reason: 'no such connection' };
  const base = { connectionId, provider: connection.provider };
  if (connection.status !== 'active') return { ...base, action: 'skipped', reason: `connection is ${connection.status}` };
  try {
    if (connection.provider === 'gmail') return await ensureGmailWatch(deps, connection, now);
    if (connection.provider === 'outlook') return await ensureGraphSubscription(deps, connection, now);
    return { ...base, action: 'skipped', reason: 'an imported archive has no push' };
  } catch (e) {
    if (!(e instanceof MailProviderError)) throw e;
    if (e.kind === 'auth') await markConnectionNeedsReconnect(deps.db, connection.id, e.message);
    log.warn('push subscription failed; polling continues', { connectionId, provider: connection.provider, errorKind: e.kind });
    return { ...base, action: 'failed', reason: e.kind };
  }
}

async function ensureGmailWatch(deps: PushDeps, connection: ConnectionRow, now: Date): Promise<PushOutcome> {
  const base = { connectionId: connection.id, provider: connection.provider };
  if (!deps.gmailTopic) {
    (deps.log ?? defaultLogger).info('gmail push skipped: GMAIL_PUBSUB_TOPIC is not set; polling only', { connectionId: connection.id });
    return { ...base, action: 'skipped', reason: 'GMAIL_PUBSUB_TOPIC is not set' };
  }
  const current = gmailPushState(connection);
  if (current && current.topic === deps.gmailTopic && current.expiration - now.getTime() > RENEW_WITHIN_MS)
    return { ...base, action: 'unchanged', expiresAt: new Date(current.expiration).toISOString() };
  const provider = (await providerForConnection(deps, connection)) as GmailProvider;
  if (provider.kind !== 'gmail' || !provider.client) throw new MailProviderError('unsupported', 'not a Gmail provider', { retryable: false });
  const topic = deps.gmailTopic;
  // No label filter: the parent's own sent mail matters as much as the inbox.
  const res = await provider.client.call('watch', (api, o) => api.users.watch({ userId: 'me', requestBody: { topicName: topic } }, o));
  const expiration = Number(res.expiration);
  if (!Number.isFinite(expiration)) throw new MailProviderError('invalid', 'gmail watch returned no expiration', { retryable: false });
  const state: GmailPushState = { topic, historyId: res.historyId ?? null, expiration, watchedAt: now.toISOString() };
  await storePush(deps, connection, 'gmail', state);
  const action = current ? 'renewed' : 'created';
  await recordMailAudit(deps.db, {
    accountId: connection.accountId,
    action: `mailbox.push_${action}`,
    subjectType: 'mailbox_connection',
    subjectId: connection.id,
    data: { provider: 'gmail', expiresAt: new Date(expiration).toISOString() },
  });
  return { ...base, action, expiresAt: new Date(expiration).toISOString() };
}

interface GraphSubscription {
  id?: string;
  expirationDateTime?: string;
}

async function ensureGraphSubscription(deps: PushDeps, connection: ConnectionRow, now: Date): Promise<PushOutcome> {
  const base = { connectionId: connection.id, provider: connection.provider };
  if (!/^https:\/\//i.test(deps.appUrl)) {
    (deps.log ?? defaultLogger).info('graph push skipped: APP_URL is not https (Graph only notifies https endpoints); polling only', { connectionId: connection.id });
    return { ...base, action: 'skipped', reason: 'APP_URL must be https for Graph notifications' };
  }
  const current = graphPushState(connection);
  if (current && Date.parse(current.expiresAt) - now.getTime() > RENEW_WITHIN_MS) return { ...base, action: 'unchanged', expiresAt: current.expiresAt };
  const provider = (await providerForConnection(deps, connection)) as OutlookProvider;
  if (provider.kind !== 'outlook' || !provider.client) throw new MailProviderError('unsupported', 'not an Outlook provider', { retryable: false });
  const expirationDateTime = new Date(now.getTime() + (deps.graphLifetimeMs ?? 3 * 24 * 3600_000)).toISOString();

  if (current) {
    try {
      const renewed = (await provider.client.call('renew subscription', (g) =>
        g.api(`/subscriptions/${encodeURIComponent(current.subscriptionId)}`).patch({ expirationDateTime }),
      )) as GraphSubscription;
      const expiresAt = renewed?.expirationDateTime ?? expirationDateTime;
      await storePush(deps, connection, 'graph', { ...current, expiresAt });
      await recordMailAudit(deps.db, {
        accountId: connection.accountId,
        action: 'mailbox.push_renewed',
        subjectType: 'mailbox_connection',
        subjectId: connection.id,
        data: { provider: 'outlook', subscriptionId: current.subscriptionId, expiresAt },
      });
      return { ...base, action: 'renewed', expiresAt };
    } catch (e) {
      // Expired or removed on Graph's side: create a new one below.
      if (!(e instanceof MailProviderError && e.kind === 'not_found')) throw e;
    }
  }

  const clientState = randomBytes(32).toString('base64url');
  const created = (await provider.client.call(
    'create subscription',
    (g) =>
      g.api('/subscriptions').post({
        changeType: 'created',
        notificationUrl: `${deps.appUrl.replace(/\/+$/, '')}/push/graph`,
        resource: GRAPH_RESOURCE,
        expirationDateTime,
        clientState,
        latestSupportedTlsVersion: 'v1_2',
      }),
    { idempotent: false },
  )) as GraphSubscription;
  if (!created?.id) throw new MailProviderError('invalid', 'graph returned no subscription id', { retryable: false });
  const state: GraphPushState = {
    subscriptionId: created.id,
    resource: GRAPH_RESOURCE,
    expiresAt: created.expirationDateTime ?? expirationDateTime,
    clientStateHash: hashClientState(clientState),
  };
  await storePush(deps, connection, 'graph', state);
  await recordMailAudit(deps.db, {
    accountId: connection.accountId,
    action: 'mailbox.push_created',
    subjectType: 'mailbox_connection',
    subjectId: connection.id,
    data: { provider: 'outlook', subscriptionId: created.id, expiresAt: state.expiresAt },
  });
  return { ...base, action: 'created', expiresAt: state.expiresAt };
}

/** For a scheduled job: every active Gmail/Outlook connection, one at a time. */
export async function renewPushSubscriptions(deps: PushDeps, opts: { now?: Date } = {}): Promise<PushOutcome[]> {
  const rows = await deps.db
    .select({ id: mailboxConnections.id })
    .from(mailboxConnections)
    .where(and(eq(mailboxConnections.status, 'active'), inArray(mailboxConnections.provider, ['gmail', 'outlook'])));
  const out: PushOutcome[] = [];
  for (const r of rows) out.push(await ensurePushSubscription(deps, r.id, opts));
  return out;
}
