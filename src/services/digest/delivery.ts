/**
 * How mail to the parent themselves leaves (the digest, key-date reminders): from their own connected
 * mailbox, else by SMTP when configured, else it stays in the app. Each channel is a `Deliverer` the entry
 * wires in; a deliverer answers false when it does not apply to the account (no mailbox connected, say).
 */
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
}

export type DeliveredVia = 'mailbox' | 'smtp' | 'app';

/**
 * Tries each deliverer in order; the first that accepts the mail wins. A deliverer that throws is logged and
 * the next one is tried, so a broken SMTP server does not lose the digest: it stays readable in the app.
 */
export async function deliverSelfMail(deliverers: readonly Deliverer[], mail: SelfMail, log?: (line: string) => void): Promise<DeliveredVia> {
  for (const d of deliverers) {
    try {
      if (await d.deliver(mail)) return d.via;
    } catch (err) {
      log?.(`delivery via ${d.via} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return 'app';
}
