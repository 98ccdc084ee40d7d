/**
 * Near-real-time notice of new mail: IMAP IDLE on the inbox where the server supports it, polling otherwise.
 * It only says "something changed"; the caller runs the ordinary sync, which reads from the cursor, so a
 * missed or doubled notice costs nothing. A dropped connection is reopened with backoff, followed by one
 * notice (mail may have arrived while it was down).
 */
import type { ImapCredentials, ImapTransportOptions } from './config.js';
import { imapClient } from './session.js';

export interface MailboxWatch {
  /** 'idle' or 'poll' once connected; null while (re)connecting. */
  mode(): 'idle' | 'poll' | null;
  stop(): Promise<void>;
}

export function watchMailbox(
  creds: ImapCredentials,
  onChange: () => void,
  opts: ImapTransportOptions & { pollMs?: number; forcePoll?: boolean; onError?: (e: unknown) => void } = {},
): MailboxWatch {
  let stopped = false;
  let mode: 'idle' | 'poll' | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let current: ReturnType<typeof imapClient> | null = null;
  let backoff = 1000;

  const schedule = (fn: () => void, ms: number) => {
    timer = setTimeout(fn, ms);
    timer.unref?.();
  };

  async function start(first: boolean): Promise<void> {
    if (stopped) return;
    const client = imapClient(creds, opts);
    current = client;
    // imapflow re-enters IDLE by itself after each command when the server supports it.
    (client as unknown as { disableAutoIdle: boolean }).disableAutoIdle = false;
    try {
      await client.connect();
      await client.mailboxOpen('INBOX', { readOnly: true });
      backoff = 1000;
      const idle = !opts.forcePoll && client.capabilities.has('IDLE');
      mode = idle ? 'idle' : 'poll';
      if (!first) onChange();
      if (idle) {
        client.on('exists', () => onChange());
        void client.idle().catch(() => undefined);
      } else {
        const poll = () => {
          if (stopped || current !== client) return;
          void client
            .status('INBOX', { uidNext: true })
            .then(() => onChange())
            .catch(() => undefined)
            .finally(() => schedule(poll, opts.pollMs ?? 5 * 60_000));
        };
        schedule(poll, opts.pollMs ?? 5 * 60_000);
      }
      client.once('close', () => {
        mode = null;
        if (!stopped && current === client) schedule(() => void start(false), backoff);
      });
    } catch (e) {
      opts.onError?.(e);
      mode = null;
      client.close();
      backoff = Math.min(backoff * 2, 5 * 60_000);
      if (!stopped) schedule(() => void start(false), backoff);
    }
  }

  void start(true);
  return {
    mode: () => mode,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      const c = current;
      current = null;
      if (c?.usable) await c.logout().catch(() => c.close());
      else c?.close();
    },
  };
}
