/**
 * Audit events for the mailbox side (connections, sync, sending). Metadata only: ids, kinds, statuses,
 * counts. Never a message body, a token or an address list beyond what identifies the mailbox.
 */
import { recordAudit } from '../../db/audit.js';
import type { Db } from '../../db/client.js';

export interface MailAuditEvent {
  accountId: string;
  actor?: string;
  action: string;
  subjectType: 'mailbox_connection' | 'draft';
  subjectId: string;
  data?: Record<string, unknown>;
  /** The product's "now" (the demo clock for the demo family); default: the database's now(). */
  at?: Date;
}

export async function recordMailAudit(db: Db, e: MailAuditEvent): Promise<void> {
  await recordAudit(db, {
    accountId: e.accountId,
    actor: e.actor ?? 'system',
    action: e.action,
    subjectType: e.subjectType,
    subjectId: e.subjectId,
    data: e.data ?? {},
    ...(e.at ? { at: e.at } : {}),
  });
}
