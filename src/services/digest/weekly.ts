/**
 * The weekly digest (spec §7): built from stored state, stored once per account and ISO week (the digests
 * unique key), then delivered. Split in two steps so a run that dies between them is finished by whoever
 * takes over its claim: a stored, undelivered digest is delivered, never rebuilt or stored twice.
 */
import type { Logger } from '../../log/logger.js';
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { accounts, digests } from '../../db/schema.js';
import { bringUpToDate } from '../analysis/stage.js';
import { digestContent } from './content.js';
import { renderDigest, type RenderedDigest } from './render.js';
import { deliverSelfMail, type Deliverer } from './delivery.js';

export { digestContent } from './content.js';
export { renderDigest, NOT_LEGAL_ADVICE } from './render.js';

export interface DigestDeps {
  db: Db;
  appUrl: string;
  deliverers: readonly Deliverer[];
  log?: Logger;
}

/** The digest as it stands at `now`, not stored: the preview route and the weekly job share it. */
export async function buildDigest(db: Db, accountId: string, now: Date, appUrl: string): Promise<RenderedDigest & { period: string; email: string }> {
  const content = await digestContent(db, accountId, now);
  return { ...renderDigest(content, appUrl), period: content.period, email: content.email };
}

export function digestMessageId(accountId: string, period: string, appUrl: string): string {
  return `<digest.${period}.${accountId}@${new URL(appUrl).hostname}>`;
}

/** Step 1: store this week's digest unless it exists. Returns the row either way. */
export async function storeDigest(deps: DigestDeps, accountId: string, period: string, now: Date) {
  const [existing] = await deps.db.select().from(digests).where(and(eq(digests.accountId, accountId), eq(digests.period, period)));
  if (existing) return { row: existing, created: false };
  // Statuses as of now: mail the analysis has not read is analysed, and the rest ages by its due dates.
  await bringUpToDate(deps.db, accountId, now);
  const built = await buildDigest(deps.db, accountId, now, deps.appUrl);
  const [inserted] = await deps.db
    .insert(digests)
    .values({ accountId, period, html: built.html, text: built.text, createdAt: now })
    .onConflictDoNothing({ target: [digests.accountId, digests.period] })
    .returning();
  if (inserted) return { row: inserted, created: true };
  const [row] = await deps.db.select().from(digests).where(and(eq(digests.accountId, accountId), eq(digests.period, period)));
  return { row: row!, created: false };
}

/** The digests table keeps html and text; the subject is the HTML's <title> (renderDigest sets both). */
function subjectOf(html: string): string {
  const t = /<title>([^<]*)<\/title>/.exec(html)?.[1];
  if (!t) return 'Your weekly school follow-up digest';
  return t.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

/**
 * Step 2: deliver a stored digest that has not been delivered yet, exactly once across crashes and instances.
 * The channel is recorded before its send starts (a compare-and-set, so two runs cannot both start). A run
 * that finds a recorded attempt without an outcome does not send again: it looks in that channel's sent
 * copies, and where the channel cannot be searched (SMTP) the digest is marked `unknown` and stays in the app.
 */
export async function deliverDigest(deps: DigestDeps, row: typeof digests.$inferSelect, to: string, now: Date) {
  if (row.deliveredAt) return { delivered: false, via: row.deliveredVia };
  if (row.deliveryOutcome === 'unknown') return { delivered: false, via: null };
  const mail = { accountId: row.accountId, to, subject: subjectOf(row.html), html: row.html, text: row.text, messageId: digestMessageId(row.accountId, row.period, deps.appUrl) };
  const record = (via: 'mailbox' | 'smtp' | 'app') => deps.db.update(digests).set({ deliveredVia: via, deliveredAt: now }).where(eq(digests.id, row.id));

  let attemptAt = row.deliveryAttemptAt;
  if (row.deliveryAttemptVia && attemptAt) {
    const channel = deps.deliverers.find((d) => d.via === row.deliveryAttemptVia);
    const found = channel?.findDelivered ? await channel.findDelivered(mail, attemptAt) : null;
    if (found === true) {
      await record(row.deliveryAttemptVia);
      return { delivered: false, via: row.deliveryAttemptVia };
    }
    if (found === null) {
      await deps.db.update(digests).set({ deliveryOutcome: 'unknown' }).where(eq(digests.id, row.id));
      deps.log?.warn('digest delivery outcome unknown; not resent', { digestId: row.id, via: row.deliveryAttemptVia });
      return { delivered: false, via: null };
    }
    // Searched, and it never left: delivering now is the first copy.
  }

  const via = await deliverSelfMail(deps.deliverers, mail, deps.log, async (channel) => {
    const claimed = await deps.db
      .update(digests)
      .set({ deliveryAttemptVia: channel, deliveryAttemptAt: now })
      .where(and(eq(digests.id, row.id), isNull(digests.deliveredAt), attemptAt ? eq(digests.deliveryAttemptAt, attemptAt) : isNull(digests.deliveryAttemptAt)))
      .returning({ id: digests.id });
    attemptAt = now;
    return claimed.length === 1;
  });
  if (via === null) return { delivered: false, via: null }; // another run holds it
  await record(via);
  return { delivered: true, via };
}

/** The weekly job for one account and ISO week. Safe to repeat: the second run finds the digest delivered. */
export async function runWeeklyDigest(deps: DigestDeps, accountId: string, period: string, now: Date) {
  const { row, created } = await storeDigest(deps, accountId, period, now);
  const [account] = await deps.db.select({ email: accounts.email }).from(accounts).where(eq(accounts.id, accountId));
  const { delivered, via } = await deliverDigest(deps, row, account!.email, now);
  return { created: created ? 1 : 0, delivered: delivered ? 1 : 0, via };
}
