/**
 * The one writer of audit events: who did what to which record, when. Metadata only (ids, kinds, statuses,
 * counts), never a message body, a token or a password. Runs on the caller's handle or transaction, so an
 * event commits with the change it records.
 */
import type { Db } from './client.js';
import { auditEvents } from './schema.js';

export type AuditEvent = typeof auditEvents.$inferInsert;

export async function recordAudit(db: Pick<Db, 'insert'>, events: AuditEvent | AuditEvent[]): Promise<void> {
  const rows = Array.isArray(events) ? events : [events];
  if (rows.length === 0) return;
  await db.insert(auditEvents).values(rows);
}
