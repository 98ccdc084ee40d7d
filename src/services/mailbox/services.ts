/**
 * Everything the mailbox side offers the web app and the jobs, built once by the composition root
 * (src/compose/create-deps.ts): the provider config and keyring, the OAuth clients, and the two background
 * actions, "sync this connection" and "a connection was just stored". Where they run is the runtime's choice:
 * in this process, coalesced per connection (Node), or as Queue messages a consumer runs on its own database
 * handle (Workers), so nothing outlives the request that started it.
 */
import type { Env } from '../../config/env.js';
import type { Db } from '../../db/client.js';
import type { OAuthClient } from '../../mail/oauth/client.js';
import type { Logger } from '../../log/logger.js';
import { mailDepsFromEnv, oauthClientsFromEnv, type MailDeps, type OAuthMailProvider } from './providers.js';
import { ensurePushSubscription, type PushDeps } from './push-subscriptions.js';
import { reanalyzeChildren } from '../analysis/stage.js';
import { sentenceJudgeFromEnv } from '../../llm/sentence-judge.js';
import { createSyncTrigger, syncConnection, type SyncDeps } from './sync.js';

/** Background mailbox work handed to another unit of work (a Queue message on Workers). */
export interface MailboxWork {
  job: 'sync-connection' | 'mailbox-connected';
  connectionId: string;
}

export interface MailServices {
  sync: SyncDeps;
  push: PushDeps;
  oauthClients: Partial<Record<OAuthMailProvider, OAuthClient>>;
  /** Starts a sync of a connection: coalesced per connection in this process, or enqueued. */
  trigger: (connectionId: string) => Promise<void>;
  /** After a connection is stored: its first sync (the backfill) and its push subscription; both safe to repeat. */
  onConnected: (connectionId: string) => Promise<void>;
}

export interface MailServicesInput {
  db: Db;
  env: Env;
  log: Logger;
  /** Replaces the providers, keyring or factory built from env (tests point them at the fakes). */
  mail?: Partial<Omit<MailDeps, 'db'>>;
  /** Set on runtimes where work must not outlive the request (Workers): the work is enqueued instead. */
  enqueue?: (work: MailboxWork) => Promise<void>;
  /** Told once a connection's first sync has run in this process (Node starts its IMAP watch). */
  afterConnected?: (connectionId: string) => void;
}

export function mailServices(input: MailServicesInput): MailServices {
  const { env, log } = input;
  // The analysis stage after a sync asks the configured model (if any) about the sentences it is unsure of.
  const judgeWiring = { judge: sentenceJudgeFromEnv(env, { log }), dailyCalls: env.LLM_JUDGE_DAILY_CALLS, log };
  const sync: SyncDeps = {
    ...mailDepsFromEnv(input.db, env),
    log,
    onIngested: (db, accountId, childIds, now) => reanalyzeChildren(db, accountId, childIds, now, log, judgeWiring),
    ...input.mail,
    db: input.db,
  };
  const push: PushDeps = { ...sync, appUrl: env.APP_URL, gmailTopic: env.GMAIL_PUBSUB_TOPIC };
  const oauthClients = oauthClientsFromEnv(env);
  const enqueue = input.enqueue;
  if (enqueue) {
    return {
      sync,
      push,
      oauthClients,
      trigger: (connectionId) => enqueue({ job: 'sync-connection', connectionId }),
      onConnected: (connectionId) => enqueue({ job: 'mailbox-connected', connectionId }),
    };
  }
  const trigger = createSyncTrigger((id) => syncConnection(sync, id));
  return {
    sync,
    push,
    oauthClients,
    trigger,
    onConnected: async (connectionId) => {
      await trigger(connectionId);
      input.afterConnected?.(connectionId);
      await ensurePushSubscription(push, connectionId).catch((e: unknown) =>
        log.warn('push subscription after connect failed', { connectionId, error: (e as Error)?.name }),
      );
    },
  };
}
