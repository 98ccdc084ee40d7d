/**
 * Start events the parent enters by hand (spec §5): "I returned consent on…", "the eligibility meeting was
 * on…", "the team found my child not eligible on…", and the confirmation of an estimated consent date. Each
 * is stored in clock_events (read by every analysis, so it survives re-analysis) and audited; the child's
 * clocks are recomputed at once.
 */
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { recordAudit } from '../../db/audit.js';
import { children, clockEvents, clocks } from '../../db/schema.js';
import { AppError } from '../../core/errors.js';
import { localDateOf } from '../../core/deadlines/index.js';
import { analyzeChild } from '../analysis/analyze-account.js';

export const CLOCK_EVENT_TYPES = ['consent', 'eligible', 'not_eligible'] as const;
export type ClockEventType = (typeof CLOCK_EVENT_TYPES)[number];

const EntrySchema = z.object({
  type: z.enum(CLOCK_EVENT_TYPES, { message: 'Choose what happened: consent returned, found eligible, or found not eligible.' }),
  date: z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter the date as YYYY-MM-DD.')
    .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'That date does not exist.'),
});

/** Stores one entry (validated; a future date is refused), audits it, and recomputes the child's clocks. */
export async function addClockEvent(db: Db, accountId: string, childId: string, input: { type: unknown; date: unknown }, now: Date, actor = `parent:${accountId}`): Promise<{ id: string }> {
  const parsed = EntrySchema.safeParse(input);
  if (!parsed.success) throw new AppError('bad_input', parsed.error.issues[0]!.message);
  const [child] = await db.select().from(children).where(and(eq(children.id, childId), eq(children.accountId, accountId)));
  if (!child) throw new AppError('not_found', 'No such child.');
  const today = localDateOf(now.getTime(), child.timezone);
  if (parsed.data.date > today) throw new AppError('bad_input', `The date ${parsed.data.date} is after today (${today}); enter the day it happened.`);
  const id = await db.transaction(async (tx) => {
    const [row] = await tx.insert(clockEvents).values({ accountId, childId, type: parsed.data.type, date: parsed.data.date }).returning({ id: clockEvents.id });
    await recordAudit(tx, { accountId, actor, action: 'clock.event_entered', subjectType: 'clock_event', subjectId: row!.id, data: { childId, type: parsed.data.type, date: parsed.data.date } });
    return row!.id;
  });
  await analyzeChild(db, accountId, childId, now);
  return { id };
}

/**
 * Confirms (or corrects) the start date of an estimated evaluation clock: a consent entry on that date, which
 * the clock takes in place of its estimate.
 */
export async function confirmClockStart(db: Db, accountId: string, clockId: string, date: unknown, now: Date, actor = `parent:${accountId}`): Promise<{ childId: string }> {
  const [clock] = await db.select().from(clocks).where(and(eq(clocks.id, clockId), eq(clocks.accountId, accountId)));
  if (!clock) throw new AppError('not_found', 'No such clock.');
  if (clock.kind !== 'evaluation-completion') throw new AppError('bad_input', 'Only the consent date of an evaluation clock is confirmed here.');
  await addClockEvent(db, accountId, clock.childId, { type: 'consent', date: date ?? clock.startDate }, now, actor);
  return { childId: clock.childId };
}

/** Removes an entry the parent made by mistake (audited); the clocks are recomputed. */
export async function removeClockEvent(db: Db, accountId: string, eventId: string, now: Date, actor = `parent:${accountId}`): Promise<{ childId: string }> {
  const [row] = await db.select().from(clockEvents).where(and(eq(clockEvents.id, eventId), eq(clockEvents.accountId, accountId)));
  if (!row) throw new AppError('not_found', 'No such entry.');
  await db.transaction(async (tx) => {
    await tx.delete(clockEvents).where(eq(clockEvents.id, row.id));
    await recordAudit(tx, { accountId, actor, action: 'clock.event_removed', subjectType: 'clock_event', subjectId: row.id, data: { childId: row.childId, type: row.type, date: row.date } });
  });
  await analyzeChild(db, accountId, row.childId, now);
  return { childId: row.childId };
}
