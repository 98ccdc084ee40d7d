/**
 * How mail to the parent themselves leaves (the digest, key-date reminders): from their own connected
 * mailbox, else by SMTP when configured, else it stays in the app. Each channel is a `Deliverer` the entry
 * wires in; a deliverer answers false when it does not apply to the account (no mailbox connected, say).
 */
import type { Logger } from '../../log/logger.js';

export interface SelfMail {
  accountId: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Fixed per (account, period), so a mailbox that can look up sent mail can refuse a duplicate. */
  messageId: string;
}

export interface Deliverer {
  via: 'mailbox' | 'smtp';
  deliver(mail: SelfMail): Promise<boolean>;
  /**
   * After a send whose outcome is unknown: whether this mail is in the channel's sent copies (true/false),
   * or null when the channel cannot be searched (SMTP has no Sent folder to look in).
   */
  findDelivered?(mail: SelfMail, attemptedAt: Date): Promise<boolean | null>;
}

export type DeliveredVia = 'mailbox' | 'smtp' | 'app';

/**
 * Tries each deliverer in order; the first that accepts the mail wins. A deliverer that throws is logged and
 * the next one is tried, so a broken SMTP server does not lose the digest: it stays readable in the app.
 */
export async function deliverSelfMail(
  deliverers: readonly Deliverer[],
  mail: SelfMail,
  log?: Logger,
  /** Called before each channel is tried; false means another run holds the delivery: stop. */
  beforeAttempt?: (via: Deliverer['via']) => Promise<boolean>,
): Promise<DeliveredVia | null> {
  for (const d of deliverers) {
    if (beforeAttempt && !(await beforeAttempt(d.via))) return null;
    try {
      if (await d.deliver(mail)) return d.via;
    } catch (err) {
      log?.warn('self-mail delivery failed; trying the next channel', { via: d.via, error: err instanceof Error ? err.name : 'error' });
    }
  }
  return 'app';
}
