/**
 * Builds JobDeps from configuration, shared by both entries. Runtime-only channels (SMTP on Node) are added
 * by the entry itself so their modules stay out of the Worker bundle.
 */
import type { Env } from '../config/env.js';
import type { Db } from '../db/client.js';
import { createLlmClient } from '../llm/client.js';
import { mailboxDeliverer } from '../services/digest/mailbox-delivery.js';
import type { Deliverer } from '../services/digest/delivery.js';
import { mailDepsFromEnv, oauthClientsFromEnv, type MailDeps } from '../services/mailbox/providers.js';
import { refreshConnectionTokens } from '../services/mailbox/token-refresh.js';
import { syncConnection } from '../services/mailbox/sync.js';
import { renewPushSubscriptions } from '../services/mailbox/push-subscriptions.js';
import { recoverStuckSends } from '../services/drafts/send-draft.js';
import type { JobDeps } from './deps.js';

export function createJobDeps(input: {
  env: Env;
  db: Db;
  instance: string;
  log: JobDeps['log'];
  clock?: () => Date;
  extraDeliverers?: Deliverer[];
}): JobDeps {
  const mail: MailDeps = mailDepsFromEnv(input.db, input.env);
  return {
    db: input.db,
    clock: input.clock ?? (() => new Date()),
    instance: input.instance,
    log: input.log,
    appUrl: input.env.APP_URL,
    llm: createLlmClient(input.env),
    deliverers: [mailboxDeliverer(mail), ...(input.extraDeliverers ?? [])],
    refreshTokens: (db, connectionId, now) => refreshConnectionTokens({ keyring: mail.keyring, oauth: oauthClientsFromEnv(input.env) }, db, connectionId, now),
    renewPush: async (now) =>
      (await renewPushSubscriptions({ ...mail, appUrl: input.env.APP_URL, gmailTopic: input.env.GMAIL_PUBSUB_TOPIC }, { now })).length,
    recoverSends: async (now) => (await recoverStuckSends(mail, { now })).length,
    syncConnection: async (db, connectionId, now) => {
      const r = await syncConnection({ ...mail, db }, connectionId, { now, actor: 'job:sync' });
      if (r.status === 'failed') throw new Error(`sync failed: ${r.reason ?? r.error?.message ?? 'unknown'}`);
      return { pages: r.pages, seen: r.seen, stored: r.stored, ignored: r.ignored, skipped: r.skipped, [`status_${r.status}`]: 1 };
    },
  };
}
