/**
 * Sending from the parent's own email app, for a parent with no live mailbox (an uploaded archive only), or
 * who prefers it: the approved text to copy, a `mailto:` link, or an `.eml` marked `X-Unsent: 1` (Outlook,
 * Apple Mail and Thunderbird open it as a draft to send) with In-Reply-To/References, so the school's thread
 * continues. Then "I sent it" records the draft as sent by the parent. Until then the draft is "Approved, not
 * sent yet" (listApprovedNotSent), on the home page and in the digest, never quietly dropped.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { drafts } from '../../db/schema.js';
import { recordMailAudit } from '../mailbox/audit.js';
import { composeDraft } from './compose.js';

type DraftRow = typeof drafts.$inferSelect;

export interface ApprovedNotSent {
  id: string;
  requestId: string | null;
  subject: string;
  to: string[];
  cc: string[];
  approvedAt: Date | null;
}

/**
 * Approved drafts no mailbox has sent and the parent has not marked as sent, oldest approval first. `approved`
 * is the only such state: `sending` is in flight and `unconfirmed` waits for the parent's answer elsewhere.
 */
export async function listApprovedNotSent(db: Db, accountIds: string | string[]): Promise<ApprovedNotSent[]> {
  const ids = Array.isArray(accountIds) ? accountIds : [accountIds];
  if (!ids.length) return [];
  const rows = await db
    .select({ id: drafts.id, requestId: drafts.requestId, subject: drafts.subject, to: drafts.toAddresses, cc: drafts.ccAddresses, approvedAt: drafts.approvedAt })
    .from(drafts)
    .where(and(inArray(drafts.accountId, ids), eq(drafts.status, 'approved')))
    .orderBy(asc(drafts.approvedAt), asc(drafts.id));
  return rows;
}

/**
 * "I sent it": approved → sent, by the parent, audited once. Repeating it (a double click, a reload) changes
 * nothing and records nothing more. Null when the draft is not approved (or not this account's).
 */
export async function markSentByParent(
  db: Db,
  input: { draftId: string; accountId: string; actor: string; now: Date },
): Promise<{ draft: DraftRow; already: boolean } | null> {
  return db.transaction(async (tx) => {
    const [moved] = await tx
      .update(drafts)
      .set({ status: 'sent', sentBy: 'parent', sentAt: input.now, updatedAt: input.now })
      .where(and(eq(drafts.id, input.draftId), eq(drafts.accountId, input.accountId), eq(drafts.status, 'approved')))
      .returning();
    if (moved) {
      await recordMailAudit(tx as unknown as Db, {
        accountId: input.accountId,
        actor: input.actor,
        action: 'draft.sent_by_parent',
        subjectType: 'draft',
        subjectId: moved.id,
        data: { from: 'approved', to: 'sent', sentBy: 'parent' },
      });
      return { draft: moved, already: false };
    }
    const [current] = await tx.select().from(drafts).where(and(eq(drafts.id, input.draftId), eq(drafts.accountId, input.accountId)));
    return current && current.status === 'sent' && current.sentBy === 'parent' ? { draft: current, already: true } : null;
  });
}

/**
 * The approved draft as an unsent message file: the same bytes the app would send (composeDraft: the approved
 * text, our Message-ID, In-Reply-To/References), with `X-Unsent: 1` before the first header.
 */
export async function unsentEml(draft: DraftRow, from: { address: string; name?: string | null }, now: Date): Promise<Uint8Array> {
  const message = await composeDraft(draft, from, now);
  const head = new TextEncoder().encode('X-Unsent: 1\r\n');
  const out = new Uint8Array(head.length + message.length);
  out.set(head, 0);
  out.set(message, head.length);
  return out;
}

/**
 * Browsers and mail apps cut `mailto:` links beyond about 2,000 characters (Internet Explorer and Outlook's
 * handler: 2,083), silently dropping the end of the letter. Past this the link is not offered: the parent
 * copies the text instead, so what reaches the school is the whole approved text.
 */
export const MAILTO_MAX = 2_000;

/** RFC 6068 mailto: with to, cc, subject and body (line breaks as %0D%0A); null when it would be too long. */
export function mailtoFor(draft: Pick<DraftRow, 'toAddresses' | 'ccAddresses' | 'subject' | 'body'>): string | null {
  const enc = (s: string) => encodeURIComponent(s);
  const addr = (a: string) => enc(a).replace(/%40/g, '@');
  const params = [
    ...(draft.ccAddresses.length ? [`cc=${draft.ccAddresses.map(addr).join(',')}`] : []),
    `subject=${enc(draft.subject)}`,
    `body=${enc(draft.body.replace(/\r?\n/g, '\r\n'))}`,
  ];
  const url = `mailto:${draft.toAddresses.map(addr).join(',')}?${params.join('&')}`;
  return url.length <= MAILTO_MAX ? url : null;
}

/** A file name for the .eml: the subject's letters and digits, never a path. */
export function emlFileName(subject: string): string {
  const base = subject.replace(/[^a-z0-9]+/gi, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'follow-up';
  return `${base}.eml`;
}
