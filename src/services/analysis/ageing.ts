/**
 * Time alone (issue 11): a due date passing with no new mail changes a status, and nothing else the analysis
 * knows. So statuses age in one set-based UPDATE per table from the stored due dates and replies, instead of
 * analysing every mailbox again: requests not answered take the status their due date (the parent's, when
 * set) gives them (overdue once it passed), pending commitments past theirs become missed, running process clocks past theirs
 * become overdue. "Past" is the child's local date (core calendar), the same test the analysis applies
 * (core/request-status.ts), so an analysis run at the same instant stores the same statuses. Each request
 * that ages is an audit event, as it is when the analysis changes it; clocks are audited as persistClocks does.
 */
import { eq, sql, type SQL } from 'drizzle-orm';
import { recordAudit, type AuditEvent } from '../../db/audit.js';
import type { Db } from '../../db/client.js';
import { children } from '../../db/schema.js';
import { localDateOf } from '../../core/deadlines/index.js';

export interface AgedCounts {
  requests: number;
  commitments: number;
  clocks: number;
}

/** `accountId`: one account (its drafting run); without it, every account at once (the hourly tick). */
export async function ageByDueDate(db: Db, now: Date, scope: { accountId?: string } = {}): Promise<AgedCounts> {
  const zones = await db
    .selectDistinct({ zone: children.timezone })
    .from(children)
    .where(scope.accountId ? eq(children.accountId, scope.accountId) : undefined);
  if (zones.length === 0) return { requests: 0, commitments: 0, clocks: 0 };
  // Each zone's local date at `now`, computed once here (not by the database's own zone data).
  const today = sql.join(
    zones.map((z) => sql`(${z.zone}::text, ${localDateOf(now.toISOString(), z.zone)}::text)`),
    sql`, `,
  );
  const inScope = (alias: SQL) => (scope.accountId ? sql`and ${alias}.account_id = ${scope.accountId}` : sql``);

  // The request rule of core/request-status.ts on the stored replies and due dates, for every request not
  // answered: overdue past the due date, else acknowledged or awaiting. Usually this moves requests into
  // overdue; it moves one back when the parent set a later due date of their own.
  const aged = await rawRows<{ id: string; account_id: string; kind: string; before: string; after: string; due: string }>(
    db,
    sql`with today(zone, day) as (values ${today}),
      due as (
        select r.id, r.status as before,
               case when r.overrides->>'dueDate' ~ '^\\d{4}-\\d{2}-\\d{2}$' then r.overrides->>'dueDate' else r.due_date::text end as due,
               t.day, r.acknowledged_by is not null as acknowledged
          from requests r join children c on c.id = r.child_id join today t on t.zone = c.timezone
         where r.status in ('awaiting', 'acknowledged', 'overdue') ${inScope(sql`r`)}
      ),
      next as (
        select id, before, due, case when due < day then 'overdue' when acknowledged then 'acknowledged' else 'awaiting' end as after from due
      )
      update requests r set status = next.after, updated_at = now()
        from next
       where r.id = next.id and next.after <> next.before
      returning r.id, r.account_id, r.kind, next.before, next.after, next.due`,
  );
  const missed = await rawRows<{ id: string }>(
    db,
    sql`with today(zone, day) as (values ${today})
      update commitments m set status = 'missed'
        from children c, today t
       where c.id = m.child_id and t.zone = c.timezone and m.status = 'pending' and m.due_date::text < t.day ${inScope(sql`m`)}
      returning m.id`,
  );
  const overdueClocks = await rawRows<{ id: string; account_id: string; kind: string; start_date: string; due_date: string; rule_id: string | null }>(
    db,
    sql`with today(zone, day) as (values ${today})
      update clocks k set status = 'overdue', updated_at = now()
        from children c, today t
       where c.id = k.child_id and t.zone = c.timezone and k.status = 'running' and k.due_date::text < t.day ${inScope(sql`k`)}
      returning k.id, k.account_id, k.kind, k.start_date::text, k.due_date::text, k.rule->>'id' as rule_id`,
  );

  const events: AuditEvent[] = [
    ...aged.map((r) => ({
      accountId: r.account_id,
      actor: 'system',
      action: 'request.status_changed',
      subjectType: 'request',
      subjectId: r.id,
      data: { kind: r.kind, from: r.before, to: r.after, dueDate: r.due, by: 'ageing' },
      at: now,
    })),
    ...overdueClocks.map((k) => ({
      accountId: k.account_id,
      actor: 'system',
      action: 'clock.changed',
      subjectType: 'clock',
      subjectId: k.id,
      data: { kind: k.kind, from: 'running', to: 'overdue', startDate: k.start_date, dueDate: k.due_date, ruleId: k.rule_id, by: 'ageing' },
      at: now,
    })),
  ];
  await recordAudit(db, events);
  return { requests: aged.length, commitments: missed.length, clocks: overdueClocks.length };
}

/** Rows of a raw statement, the same on postgres.js (an array) and PGlite ({ rows }). */
export async function rawRows<T>(db: Db, query: SQL): Promise<T[]> {
  const out = (await db.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(out) ? out : out.rows;
}
