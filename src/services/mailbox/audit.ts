/**
 * Audit events for the mailbox side (connections, sync, sending). Metadata only: ids, kinds, statuses,
 * counts. Never a message body, a token or an address list beyond what identifies the mailbox.
 */
import type { Db } from '../../db/client.js';
import { auditEvents } from '../../db/schema.js';

export interface MailAuditEvent {
  accountId: string;
  actor?: string;
  action: string;
  subjectType: 'mailbox_connection' | 'draft';
  subjectId: string;
  data?: Record<string, unknown>;
}

export async function recordMailAudit(db: Db, e: MailAuditEvent): Promise<void> {
  await db.insert(auditEvents).values({
    accountId: e.accountId,
    actor: e.actor ?? 'system',
    action: e.action,
    subjectType: e.subjectType,
    subjectId: e.subjectId,
    data: e.data ?? {},
  });
}

/** One structured log line. Callers pass ids, kinds and counts only. */
export function logMail(level: 'info' | 'warn' | 'error', msg: string, fields: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ level, msg, ...fields });
  if (level === 'info') console.log(line);
  else console.error(line);
}
