/**
 * A repeated ask is the same request (issue 14 #8): the stored requests of a child grouped by core/renewals, so
 * the pages, the digest and the drafting show a renewal ("Please send his records this week") as part of the
 * first request's history, never as a second request with a second follow-up. The stored rows are unchanged
 * (analyze keeps reporting each ask as written); this is the view over them.
 */
import type { Db } from '../../db/client.js';
import { anyOf, preparedPerDb } from '../../db/prepared.js';
import { messages, requests, threads } from '../../db/schema.js';
import { mergeRenewals, normalizeSubject, type RenewalCandidate } from '../../core/renewals.js';
import { effectiveRequest } from './overrides.js';
import { readOverrides } from './request-overrides.js';

type RequestRow = typeof requests.$inferSelect;

export interface RenewalView {
  id: string;
  evidence: string;
  messageId: string;
  threadId: string | null;
  askedAt: Date;
  /** The parent joined it ("This is the same request as…"), rather than it being a repeated ask. */
  byParent?: boolean;
}

export interface Renewals {
  /** renewal request id → the first ask's id. */
  primaryOf: Map<string, string>;
  /** the first ask's id → the asks that renewed it, oldest first. */
  renewalsOf: Map<string, RenewalView[]>;
}

export const NO_RENEWALS: Renewals = { primaryOf: new Map(), renewalsOf: new Map() };

/**
 * Groups these requests (any children: only asks of the same child are ever grouped) as of `now`, each
 * request's status read as the pages read it (the parent's overrides applied). The parent's own joins
 * (same-request.ts, overrides.sameAs) come first and are never undone by the automatic grouping: a joined
 * request is hidden even when the request it joined is not among `rows`.
 */
// Prepared (src/db/prepared.ts): every dashboard page runs them.
const messagesByIds = preparedPerDb((db) =>
  db
    .select({ id: messages.id, messageId: messages.messageId, inReplyTo: messages.inReplyTo, references: messages.references, sentAt: messages.sentAt, subject: messages.subject, threadId: messages.threadId })
    .from(messages)
    .where(anyOf(messages.id, 'ids'))
    .prepare('renewal_messages'),
);
const subjectsByIds = preparedPerDb((db) => db.select({ id: threads.id, subject: threads.subject }).from(threads).where(anyOf(threads.id, 'ids')).prepare('renewal_subjects'));

/** The parent's joins among these requests: request id → the request it is the same as. */
function parentJoins(rows: Iterable<RequestRow>): Map<string, string> {
  const sameAs = new Map<string, string>();
  for (const r of rows) {
    const to = readOverrides(r.overrides).sameAs;
    if (to && to !== r.id) sameAs.set(r.id, to);
  }
  return sameAs;
}

export async function renewalsAmong(db: Db, rows: RequestRow[], now: Date, zoneOf: (childId: string | null) => string): Promise<Renewals> {
  if (rows.length < 2 && !parentJoins(rows).size) return NO_RENEWALS;
  const msgs = await messagesByIds(db).execute({ ids: [...new Set(rows.map((r) => r.messageId))] });
  const threadIds = [...new Set(rows.flatMap((r) => (r.threadId ? [r.threadId] : [])))];
  const subjects = threadIds.length ? await subjectsByIds(db).execute({ ids: threadIds }) : [];
  const sources = rows.map((row) => ({
    row,
    message: msgs.find((x) => x.id === row.messageId) ?? null,
    threadSubject: subjects.find((t) => t.id === row.threadId)?.subject ?? null,
  }));
  return renewalsFrom(sources, now, zoneOf);
}

/** What grouping reads of each request's message; a caller that joined it already passes it to renewalsFrom. */
export interface RenewalMessage {
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  sentAt: Date;
  subject: string;
}

/**
 * renewalsAmong over requests whose message (null when it is gone) and thread subject the caller already read:
 * the dashboard joins them into its one requests query instead of two more round trips. No queries.
 */
export function renewalsFrom(
  sources: ReadonlyArray<{ row: RequestRow; message: RenewalMessage | null; threadSubject: string | null }>,
  now: Date,
  zoneOf: (childId: string | null) => string,
): Renewals {
  const sameAs = parentJoins(sources.map((x) => x.row));
  if (sources.length < 2 && !sameAs.size) return NO_RENEWALS;
  const byChild = new Map<string, RenewalCandidate[]>();
  const views = new Map<string, RenewalView>();
  for (const { row: r, message: m, threadSubject } of sources) {
    if (!m) continue;
    const e = effectiveRequest(r, now, zoneOf(r.childId));
    const subject = threadSubject ?? m.subject;
    const candidate: RenewalCandidate = {
      id: r.id,
      kind: e.kind,
      threadId: r.threadId,
      subject: normalizeSubject(subject),
      refersTo: [...(m.inReplyTo ? [m.inReplyTo] : []), ...m.references],
      messageId: m.messageId,
      sentAtMs: m.sentAt.getTime(),
      status: e.status,
    };
    views.set(r.id, { id: r.id, evidence: r.evidence, messageId: r.messageId, threadId: r.threadId, askedAt: m.sentAt, ...(sameAs.has(r.id) ? { byParent: true } : {}) });
    if (sameAs.has(r.id)) continue; // the parent's join, not a candidate for the automatic grouping
    const key = r.childId ?? '';
    byChild.set(key, [...(byChild.get(key) ?? []), candidate]);
  }
  const out: Renewals = { primaryOf: new Map(), renewalsOf: new Map() };
  for (const list of byChild.values()) {
    for (const g of mergeRenewals(list)) {
      out.renewalsOf.set(g.primaryId, g.renewalIds.map((id) => views.get(id)!));
      for (const id of g.renewalIds) out.primaryOf.set(id, g.primaryId);
    }
  }
  // The parent's joins, followed to the request kept at the end of the chain (a join of a join).
  const rootOf = (id: string) => {
    let at = id;
    for (let hops = 0; sameAs.has(at) && hops < 20; hops++) at = sameAs.get(at)!;
    return out.primaryOf.get(at) ?? at;
  };
  for (const id of sameAs.keys()) {
    const root = rootOf(id);
    out.primaryOf.set(id, root);
    const view = views.get(id);
    if (view) out.renewalsOf.set(root, [...(out.renewalsOf.get(root) ?? []), view].sort((a, b) => a.askedAt.getTime() - b.askedAt.getTime()));
  }
  return out;
}
