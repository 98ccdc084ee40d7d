/**
 * The parent's to-dos: what the school asked the parent to do (core/school-asks). Read from the child's school
 * messages after each analysis (refreshSchoolAsks), kept in school_asks with the parent's "done" mark, which a
 * re-read never clears. Listed on the child page; `openSchoolAsks` is what the home page uses.
 */
import { recordAudit } from '../../db/audit.js';
import { and, asc, eq, isNull, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { anyOf, preparedPerDb } from '../../db/prepared.js';
import { messages, schoolAsks } from '../../db/schema.js';
import { findSchoolAsks } from '../../core/school-asks/detect.js';

export type SchoolAskRow = typeof schoolAsks.$inferSelect;

export interface SchoolAskView extends SchoolAskRow {
  threadId: string | null;
  from: string | null;
  sentAt: Date;
}

/** Re-reads the child's school messages; asks no longer found go unless the parent marked them done. */
export async function refreshSchoolAsks(db: Db, accountId: string, childId: string): Promise<number> {
  const rows = await db
    .select({ id: messages.id, newText: messages.newText, sentAtText: messages.sentAtText })
    .from(messages)
    .where(and(eq(messages.accountId, accountId), eq(messages.childId, childId), eq(messages.side, 'school'), eq(messages.automatic, false)));
  const kept: string[] = [];
  for (const m of rows) {
    for (const ask of findSchoolAsks(m.newText, m.sentAtText)) {
      const [row] = await db
        .insert(schoolAsks)
        .values({ accountId, childId, messageId: m.id, ordinal: ask.ordinal, text: ask.text, kind: ask.kind, dueDate: ask.dueDate })
        .onConflictDoUpdate({ target: [schoolAsks.messageId, schoolAsks.ordinal], set: { text: ask.text, kind: ask.kind, dueDate: ask.dueDate, childId } })
        .returning({ id: schoolAsks.id });
      kept.push(row!.id);
    }
  }
  const stale = and(eq(schoolAsks.accountId, accountId), eq(schoolAsks.childId, childId), isNull(schoolAsks.doneAt));
  await db.delete(schoolAsks).where(kept.length ? and(stale, notInArray(schoolAsks.id, kept)) : stale);
  return kept.length;
}

// The pages' reads, each one prepared statement (src/db/prepared.ts) with the message it came from joined in:
// the child page and the home page ask for them on every load.
const askColumns = { ask: schoolAsks, threadId: messages.threadId, fromName: messages.fromName, fromAddress: messages.fromAddress, sentAt: messages.sentAt };
const childAsks = preparedPerDb((db) =>
  db
    .select(askColumns)
    .from(schoolAsks)
    .leftJoin(messages, eq(messages.id, schoolAsks.messageId))
    .where(and(eq(schoolAsks.accountId, sql.placeholder('accountId')), eq(schoolAsks.childId, sql.placeholder('childId'))))
    .orderBy(asc(schoolAsks.createdAt))
    .prepare('school_asks_of_child'),
);
const openAsks = preparedPerDb((db) =>
  db
    .select(askColumns)
    .from(schoolAsks)
    .leftJoin(messages, eq(messages.id, schoolAsks.messageId))
    .where(and(anyOf(schoolAsks.accountId, 'accountIds'), isNull(schoolAsks.doneAt)))
    .prepare('school_asks_open'),
);

type AskRow = { ask: SchoolAskRow; threadId: string | null; fromName: string | null; fromAddress: string | null; sentAt: Date | null };
const view = ({ ask, threadId, fromName, fromAddress, sentAt }: AskRow): SchoolAskView => ({ ...ask, threadId, from: fromName ?? fromAddress ?? null, sentAt: sentAt ?? ask.createdAt });

const byDue = (a: SchoolAskView, b: SchoolAskView) => (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999') || a.sentAt.getTime() - b.sentAt.getTime();

/** One child's to-dos, open ones first (soonest due first), then the done ones. */
export async function childSchoolAsks(db: Db, accountId: string, childId: string): Promise<{ open: SchoolAskView[]; done: SchoolAskView[] }> {
  const views = (await childAsks(db).execute({ accountId, childId })).map(view);
  return { open: views.filter((v) => !v.doneAt).sort(byDue), done: views.filter((v) => v.doneAt).sort(byDue) };
}

/** For the home page: every open to-do of these accounts (the signed-in parent's visible ones), soonest first. */
export async function openSchoolAsks(db: Db, accountIds: string[]): Promise<SchoolAskView[]> {
  if (!accountIds.length) return [];
  return (await openAsks(db).execute({ accountIds })).map(view).sort(byDue);
}

/** The parent marks a to-do done (or not done again). Null when it is not theirs. */
export async function markSchoolAsk(db: Db, input: { accountId: string; id: string; actor: string; done: boolean; now: Date }): Promise<SchoolAskRow | null> {
  const [row] = await db.select().from(schoolAsks).where(and(eq(schoolAsks.id, input.id), eq(schoolAsks.accountId, input.accountId)));
  if (!row) return null;
  if (Boolean(row.doneAt) === input.done) return row; // a repeated click changes nothing
  const [updated] = await db.update(schoolAsks).set({ doneAt: input.done ? input.now : null }).where(eq(schoolAsks.id, row.id)).returning();
  await recordAudit(db, { accountId: input.accountId, actor: input.actor, action: input.done ? 'todo.done' : 'todo.reopened', subjectType: 'school_ask', subjectId: row.id, data: { kind: row.kind } });
  return updated ?? row;
}
