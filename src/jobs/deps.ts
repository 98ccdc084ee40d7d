import type { Db } from '../db/client.js';
import type { LlmClient } from '../llm/client.js';
import type { Logger } from '../log/logger.js';
import type { Deliverer } from '../services/digest/delivery.js';

/** Syncs one mailbox connection (src/services/sync-mailbox.ts `syncConnection`), returning counts. */
export type SyncConnectionFn = (db: Db, connectionId: string, now: Date) => Promise<Record<string, number> | void>;

/**
 * What every job needs, built once per entry (node.ts at boot, worker.ts per invocation). `clock` is the
 * only source of time for jobs, so tests drive a simulated week with a variable.
 */
export interface JobDeps {
  db: Db;
  clock: () => Date;
  /** Who holds a claim: host:pid on Node, 'worker' on Workers. */
  instance: string;
  log: Logger;
  appUrl: string;
  /** Null when LLM_BASE_URL / LLM_MODEL are not configured; accounts opt in with settings.llmDrafting. */
  llm: LlmClient | null;
  /** Digest and reminder delivery channels, tried in order; none accepting means "kept in the app". */
  deliverers: Deliverer[];
  /** Mailbox sync; unset where the runtime cannot sync (the sync job then records the connections as skipped). */
  syncConnection?: SyncConnectionFn;
  /** Keeps a connection's OAuth grant fresh (Outlook refresh tokens lapse after 90 idle days). Unset: skipped. */
  refreshTokens?: (db: Db, connectionId: string, now: Date) => Promise<boolean>;
  /** Renews Gmail watches and Graph subscriptions near expiry (daily). Unset: polling only. */
  renewPush?: (now: Date) => Promise<number>;
  /** Finishes sends left 'sending' by a crashed instance, checking the Sent folder first (every sync tick). */
  recoverSends?: (now: Date) => Promise<number>;
  /** A connection was just stored: its backfill and push subscription (queued from a Worker request). Unset: skipped. */
  mailboxConnected?: (connectionId: string) => Promise<Record<string, number>>;
}
