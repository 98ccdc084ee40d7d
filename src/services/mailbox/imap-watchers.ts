/**
 * Near-real-time IMAP on a runtime that can hold sockets open (Node): one watch per active IMAP connection
 * (mail/imap/watch.ts: IDLE on the inbox where the server offers it, polling otherwise), each notice handed to
 * the coalescing sync trigger, which reads from the stored cursor. A missed or doubled notice therefore costs
 * nothing, and the scheduled sync still runs every 15 minutes behind it. Workers cannot hold a connection
 * between invocations; there the schedule is the poll.
 *
 * `reconcile` is the one way the set of watches changes: it starts a watch for every active IMAP connection,
 * restarts one whose settings were replaced (a reconnect with a new app password), and stops the watches of
 * connections that were disconnected, deleted or marked "reconnect". The composition root runs it at boot,
 * after a mailbox is connected, and on a timer.
 */
import { and, eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { mailboxConnections } from '../../db/schema.js';
import type { ImapTransportOptions } from '../../mail/imap/config.js';
import type { MailboxWatch } from '../../mail/imap/watch.js';
import type { Logger } from '../../log/logger.js';
import type { Keyring } from '../../security/crypto.js';
import { openImapCredentials } from './imap-connection.js';

export interface ImapWatchersDeps {
  db: Db;
  keyring: Keyring | null;
  /** The sync trigger (coalesced per connection). */
  trigger: (connectionId: string) => Promise<void>;
  log: Logger;
  /** A test server's CA and the like (the provider config's `imap.imap`). */
  transport?: ImapTransportOptions;
  /** Polling interval where the server has no IDLE. Default 5 minutes. */
  pollMs?: number;
  /** Tests: poll even where IDLE is offered. */
  forcePoll?: boolean;
}

export interface ImapWatchers {
  reconcile(): Promise<{ started: number; stopped: number; watching: number }>;
  /** connection id → 'idle' | 'poll' | null (reconnecting). */
  modes(): Map<string, 'idle' | 'poll' | null>;
  stop(): Promise<void>;
}

export function createImapWatchers(deps: ImapWatchersDeps): ImapWatchers {
  const watching = new Map<string, { watch: MailboxWatch; sealed: string }>();
  let stopped = false;
  let chain: Promise<unknown> = Promise.resolve();

  const notice = (connectionId: string) => () => {
    void deps.trigger(connectionId).catch((e: unknown) => deps.log.warn('sync after IMAP notice failed', { connectionId, error: (e as Error)?.name }));
  };

  async function reconcileOnce() {
    // Loaded on demand, as the provider is: imapflow needs raw sockets.
    const { watchMailbox } = await import('../../mail/imap/watch.js');
    const rows = await deps.db
      .select({ id: mailboxConnections.id, tokens: mailboxConnections.tokens })
      .from(mailboxConnections)
      .where(and(eq(mailboxConnections.provider, 'imap'), eq(mailboxConnections.status, 'active'), isNotNull(mailboxConnections.tokens)));
    const wanted = new Map(rows.map((r) => [r.id, r]));
    let started = 0;
    let ended = 0;
    for (const [id, w] of watching) {
      const row = wanted.get(id);
      // The sealed settings change (a fresh IV) exactly when they are saved again: a reconnect.
      if (row && row.tokens === w.sealed) continue;
      watching.delete(id);
      await w.watch.stop();
      ended++;
    }
    for (const row of rows) {
      if (stopped || watching.has(row.id)) continue;
      let creds;
      try {
        creds = await openImapCredentials(row.tokens, deps.keyring);
      } catch (e) {
        deps.log.warn('IMAP watch not started: settings unreadable', { connectionId: row.id, error: (e as Error)?.name });
        continue;
      }
      const watch = watchMailbox(creds, notice(row.id), {
        ...deps.transport,
        ...(deps.pollMs ? { pollMs: deps.pollMs } : {}),
        ...(deps.forcePoll ? { forcePoll: true } : {}),
        // Only the kind: a server's words could quote mail. A wrong password is found and reported by the sync.
        onError: (e) => deps.log.debug('IMAP watch connect failed', { connectionId: row.id, error: (e as Error)?.name }),
      });
      watching.set(row.id, { watch, sealed: row.tokens! });
      started++;
    }
    return { started, stopped: ended, watching: watching.size };
  }

  return {
    reconcile() {
      // One at a time: a timer tick and a connect landing together must not start two watches of one mailbox.
      const next = chain.then(reconcileOnce, reconcileOnce);
      chain = next.catch(() => undefined);
      return next;
    },
    modes: () => new Map([...watching].map(([id, w]) => [id, w.watch.mode()])),
    async stop() {
      stopped = true;
      await chain;
      const all = [...watching.values()];
      watching.clear();
      await Promise.all(all.map((w) => w.watch.stop()));
    },
  };
}
