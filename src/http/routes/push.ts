/**
 * Push endpoints. Both answer 2xx at once and sync in the background: a push only says "something changed",
 * the sync cursor decides what. Mount at the root, outside the session middleware:
 * `app.route('/', pushRoutes(deps))`.
 *
 * - POST /push/gmail?token=…: a Cloud Pub/Sub push ({ message: { data: base64 JSON { emailAddress, historyId } } }).
 *   Google's OIDC token cannot be checked offline, so the push URL carries a token: HMAC-SHA256 of SESSION_SECRET
 *   over the subject. A Pub/Sub subscription has one push URL for every mailbox on the topic, so the usual token
 *   is the shared one (subject "gmail", see gmailPushEndpoint); a per-connection token (subject: the connection
 *   id) is accepted too, for a deployment with one subscription per mailbox.
 * - POST /push/graph: the validation handshake (?validationToken= → echoed as text/plain) and change
 *   notifications, answered 202 at once and then each checked against the subscription's own clientState
 *   (stored as a SHA-256). POST /push/graph/lifecycle: lifecycle notifications, the same way.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { Hono } from 'hono';
import type { Db } from '../../db/client.js';
import { mailboxConnections } from '../../db/schema.js';
import { defaultLogger, type Logger } from '../../log/logger.js';
import { waitUntil, type AppEnv } from './oauth.js';

export interface PushRouteDeps {
  db: Db;
  sessionSecret: string | undefined;
  /** Starts (or coalesces) a sync of the connection: e.g. createSyncTrigger((id) => syncConnection(deps, id)). */
  trigger: (connectionId: string) => unknown;
  /** Renews (or recreates) the connection's push subscription: ensurePushSubscription in production. */
  renew?: (connectionId: string) => Promise<unknown>;
  log?: Logger;
}

export function pushToken(secret: string, subject: string): string {
  return createHmac('sha256', secret).update(`push:gmail:${subject}`).digest('base64url');
}

/** The push endpoint to configure on the Pub/Sub subscription of GMAIL_PUBSUB_TOPIC. */
export function gmailPushEndpoint(appUrl: string, secret: string): string {
  return `${appUrl.replace(/\/+$/, '')}/push/gmail?token=${pushToken(secret, 'gmail')}`;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('base64url');
}

export function pushRoutes(deps: PushRouteDeps) {
  const app = new Hono<AppEnv>();
  const log = deps.log ?? defaultLogger;

  const fire = (c: Parameters<typeof waitUntil>[0], connectionId: string) => {
    const p = Promise.resolve()
      .then(() => deps.trigger(connectionId))
      .catch((e: unknown) => log.error('push-triggered sync failed', { connectionId, error: (e as Error)?.name }));
    waitUntil(c, p);
  };

  app.post('/push/gmail', async (c) => {
    const secret = deps.sessionSecret;
    if (!secret) return c.json({ error: 'not_configured' }, 503);
    const token = c.req.query('token') ?? '';
    type Note = { emailAddress?: unknown; historyId?: unknown };
    let note: Note | null = null;
    try {
      const body = (await c.req.json()) as { message?: { data?: string } };
      note = JSON.parse(Buffer.from(body.message?.data ?? '', 'base64').toString('utf8')) as Note;
    } catch {
      note = null;
    }
    const shared = same(token, pushToken(secret, 'gmail'));
    const address = typeof note?.emailAddress === 'string' ? note.emailAddress.trim().toLowerCase() : null;
    const rows = address
      ? await deps.db
          .select({ id: mailboxConnections.id, status: mailboxConnections.status })
          .from(mailboxConnections)
          .where(and(eq(mailboxConnections.provider, 'gmail'), eq(mailboxConnections.address, address)))
      : [];
    const allowed = shared ? rows : rows.filter((r) => same(token, pushToken(secret, r.id)));
    if (!shared && allowed.length === 0) {
      log.warn('gmail push refused: bad token', {});
      return c.json({ error: 'forbidden' }, 403);
    }
    // Unknown mailbox or malformed message: acknowledge, or Pub/Sub redelivers it for days.
    for (const r of allowed) if (r.status === 'active') fire(c, r.id);
    return c.body(null, 204);
  });

  app.post('/push/graph', async (c) => {
    const validationToken = c.req.query('validationToken');
    if (validationToken !== undefined) {
      // Graph's handshake when a subscription is created: echo the token, decoded, as plain text within 10 s.
      return c.text(validationToken, 200, { 'content-type': 'text/plain; charset=utf-8' });
    }
    const notes = await graphNotes(c.req);
    // Answer first, then look the notifications up: Graph expects a 2xx within 3 seconds and otherwise retries,
    // then drops the subscription's notifications (concepts/change-notifications-delivery-webhooks.md).
    waitUntil(c, handleGraphNotes(notes.slice(0, 1000)).catch((e: unknown) => log.error('graph notifications failed', { error: (e as Error)?.name })));
    return c.body(null, 202);
  });

  /** The connection a notification's subscription belongs to, if its clientState checks out. */
  async function verified(n: { subscriptionId?: unknown; clientState?: unknown }): Promise<{ id: string; status: string } | null> {
    if (typeof n.subscriptionId !== 'string' || typeof n.clientState !== 'string') return null;
    const [row] = await deps.db
      .select({ id: mailboxConnections.id, status: mailboxConnections.status, hash: sql<string | null>`${mailboxConnections.push}->'graph'->>'clientStateHash'` })
      .from(mailboxConnections)
      .where(and(eq(mailboxConnections.provider, 'outlook'), sql`${mailboxConnections.push}->'graph'->>'subscriptionId' = ${n.subscriptionId}`));
    if (!row?.hash || !same(sha256(n.clientState), row.hash)) {
      log.warn('graph notification ignored: unknown subscription or clientState mismatch', {});
      return null;
    }
    return row;
  }

  async function handleGraphNotes(notes: Array<{ subscriptionId?: unknown; clientState?: unknown }>): Promise<void> {
    const triggered = new Set<string>();
    for (const n of notes) {
      const row = await verified(n);
      if (row && row.status === 'active' && !triggered.has(row.id)) {
        triggered.add(row.id);
        await deps.trigger(row.id);
      }
    }
  }

  /**
   * Lifecycle notifications (concepts/change-notifications-lifecycle-events.md): `missed` → sync now (the
   * cursor catches up); `reauthorizationRequired` → renew the subscription, and sync; `subscriptionRemoved` →
   * forget it so the renewal job creates a new one, and sync. Same validation handshake and clientState check.
   */
  app.post('/push/graph/lifecycle', async (c) => {
    const validationToken = c.req.query('validationToken');
    if (validationToken !== undefined) return c.text(validationToken, 200, { 'content-type': 'text/plain; charset=utf-8' });
    const notes = await graphNotes(c.req);
    const work = async () => {
      for (const n of notes.slice(0, 1000)) {
        const row = await verified(n);
        if (!row) continue;
        const event = String(n.lifecycleEvent ?? '');
        log.info('graph lifecycle event', { connectionId: row.id, event });
        if (event === 'subscriptionRemoved')
          await deps.db.update(mailboxConnections).set({ push: sql`${mailboxConnections.push} - 'graph'`, updatedAt: new Date() }).where(eq(mailboxConnections.id, row.id));
        if (event === 'reauthorizationRequired' || event === 'subscriptionRemoved') await deps.renew?.(row.id);
        if (row.status === 'active') await deps.trigger(row.id);
      }
    };
    waitUntil(c, work().catch((e: unknown) => log.error('graph lifecycle handling failed', { error: (e as Error)?.name })));
    return c.body(null, 202);
  });

  return app;
}

type GraphNote = { subscriptionId?: unknown; clientState?: unknown; lifecycleEvent?: unknown };

/** The `value` array of a Graph notification body; a body that is not such JSON carries no notifications. */
async function graphNotes(req: { json(): Promise<unknown> }): Promise<GraphNote[]> {
  try {
    const body = (await req.json()) as { value?: unknown };
    return Array.isArray(body.value) ? (body.value as GraphNote[]) : [];
  } catch {
    return [];
  }
}
