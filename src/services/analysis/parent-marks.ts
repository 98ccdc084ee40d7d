/**
 * The parent marks a sentence of their own message "this is a request" (the app missed it), with its kind.
 * Kept in parent_marked_requests, audited, and passed to every analysis (core analyze `parentMarked`), so the
 * request is tracked like a detected one — due date, replies, status, follow-up — and survives re-analysis.
 */
import { recordAudit } from '../../db/audit.js';
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { messages, parentMarkedRequests } from '../../db/schema.js';
import type { ParentMarked } from '../../core/parent-marked.js';
import { REQUEST_KINDS, type RequestKind } from '../../core/types.js';
import { AppError } from '../../core/errors.js';

const squash = (t: string) => t.replace(/\s+/g, ' ').trim();

export class MarkError extends AppError {
  override readonly name = 'MarkError';
  constructor(message: string) {
    super('bad_input', message);
  }
}

/** The marks of a child's messages, as the core takes them (by Message-ID). */
export async function parentMarksFor(db: Db, accountId: string, childId: string): Promise<ParentMarked[]> {
  const rows = await db
    .select({ messageId: messages.messageId, sentence: parentMarkedRequests.sentence, kind: parentMarkedRequests.kind })
    .from(parentMarkedRequests)
    .innerJoin(messages, eq(messages.id, parentMarkedRequests.messageId))
    .where(and(eq(parentMarkedRequests.accountId, accountId), eq(messages.childId, childId)));
  return rows.filter((r) => (REQUEST_KINDS as readonly string[]).includes(r.kind)).map((r) => ({ ...r, kind: r.kind as RequestKind }));
}

/** The marks on these messages (for the thread page). */
export async function marksOnMessages(db: Db, accountId: string, messageIds: string[]) {
  if (!messageIds.length) return [];
  return db.select().from(parentMarkedRequests).where(and(eq(parentMarkedRequests.accountId, accountId), inArray(parentMarkedRequests.messageId, messageIds)));
}

/**
 * Records the mark (the same sentence marked again changes its kind), after checking the sentence is the
 * parent's own words in that message. The caller re-runs the child's analysis.
 */
export async function markAsRequest(db: Db, input: { accountId: string; messageId: string; sentence: string; kind: string; actor: string }) {
  if (!(REQUEST_KINDS as readonly string[]).includes(input.kind)) throw new MarkError('Please choose what kind of request it is.');
  const sentence = squash(input.sentence);
  if (sentence.length < 3) throw new MarkError('Please choose the sentence that is a request.');
  const [msg] = await db.select().from(messages).where(and(eq(messages.id, input.messageId), eq(messages.accountId, input.accountId)));
  if (!msg) return null;
  if (msg.side !== 'parent') throw new MarkError('Only a sentence of your own message can be marked as your request.');
  if (!squash(msg.newText).includes(sentence)) throw new MarkError('That sentence is not in the message any more. Please choose one of its sentences.');
  const [row] = await db
    .insert(parentMarkedRequests)
    .values({ accountId: input.accountId, messageId: msg.id, sentence, kind: input.kind })
    .onConflictDoUpdate({ target: [parentMarkedRequests.messageId, parentMarkedRequests.sentence], set: { kind: input.kind } })
    .returning();
  await recordAudit(db, { accountId: input.accountId, actor: input.actor, action: 'request.marked', subjectType: 'message', subjectId: msg.id, data: { kind: input.kind, markId: row!.id } });
  return { mark: row!, message: msg };
}
