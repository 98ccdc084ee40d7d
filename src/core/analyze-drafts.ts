/**
 * The follow-up drafts of an analysis (spec §6): one for every overdue request the parent has not closed, and
 * one for every missed commitment, each threaded on the last message of its thread and addressed to the
 * school people on it. Split from analyze.ts, which passes its working set in. The daily drafting
 * (services/drafts/followups.ts) calls `followUpDraft` too, fed from stored rows, so a due date passing with
 * no new mail is drafted without analysing the mailbox again.
 */
import type { Address, Provision, RequestKind, SchoolCalendar, DueBasis } from './types.js';
import type { Working } from './reply-matching.js';
import { addCounted, computeDue, localDateOf, type CourtesyWindow } from './deadlines/index.js';
import { draftFollowUp, type DraftInput } from './drafting.js';
import type { AnalyzedCommitment, AnalyzedRequest, AnalyzeInput, AnalyzeResult } from './analyze-types.js';

/** What a follow-up needs of a message: its place in the thread and its people (no body). */
export interface FollowUpMessage {
  messageId: string;
  subject: string;
  sentAtMs: number;
  side: 'parent' | 'school';
  from: Address | null;
  to: Address[];
  cc: Address[];
}

/** What a follow-up needs of the request it chases. */
export interface FollowUpRequest {
  id: string;
  kind: RequestKind;
  evidence: string;
  sentAt: string;
  dueDate: string;
  dueBasis: DueBasis;
  acknowledged: boolean;
  declined: boolean;
  provisions: string[];
}

/** The family's side of every follow-up: where they live, what the parent chose, their provisions. */
export interface FollowUpContext {
  state: string;
  timezone: string;
  now: string;
  calendar?: SchoolCalendar;
  courtesy?: CourtesyWindow;
  childName?: string | null;
  parentName?: string | null;
  citeLaw?: boolean;
  parents: Set<string>;
  provisions: Provision[];
}

export type FollowUpDraft = AnalyzeResult['drafts'][number];

/**
 * One follow-up: for `request` (overdue), or for `commitment` (missed, with the request it answered if any).
 * `thread` is the origin's thread in time order; messages after `now` are left out.
 */
export function followUpDraft(
  ctx: FollowUpContext,
  request: FollowUpRequest | null,
  origin: FollowUpMessage & { sentAt: string },
  thread: FollowUpMessage[],
  commitment: Pick<AnalyzedCommitment, 'text' | 'dueDate'> | null,
): Omit<FollowUpDraft, 'commitment' | 'facts'> & { facts: DraftInput } {
  const today = localDateOf(ctx.now, ctx.timezone);
  const respondBy = addCounted(today, 5, 'business_days', { state: ctx.state }).date;
  const nowMs = Date.parse(ctx.now);
  const sent = thread.filter((m) => m.sentAtMs <= nowMs);
  const last = sent.at(-1) ?? origin;
  const recipients = recipientsFor(origin, sent, ctx.parents);
  const provision = request ? ctx.provisions.find((p) => request.provisions.includes(p.id)) ?? null : null;
  const due = request?.dueBasis === 'statute' ? computeDue({ kind: request.kind, state: ctx.state, sentAt: request.sentAt, timezone: ctx.timezone, calendar: ctx.calendar, courtesy: ctx.courtesy }) : null;
  const facts: DraftInput = {
    request: {
      id: request?.id ?? '',
      kind: request?.kind ?? 'information',
      evidence: request?.evidence ?? commitment?.text ?? '',
      sentAt: request?.sentAt ?? origin.sentAt,
      subject: sent[0]?.subject ?? origin.subject,
    },
    thread: { lastMessageId: last.messageId, references: sent.map((m) => m.messageId) },
    to: recipients.to,
    cc: recipients.cc,
    childName: ctx.childName ?? null,
    parentName: ctx.parentName ?? null,
    provision,
    rule: due?.ruleRow ?? null,
    citeLaw: ctx.citeLaw ?? true,
    dueDate: request?.dueDate ?? commitment?.dueDate ?? today,
    respondBy,
    timezone: ctx.timezone,
    status: request?.acknowledged ? 'acknowledged' : 'overdue',
    declined: request?.declined ?? false,
    commitment: commitment ? { text: commitment.text, dueDate: commitment.dueDate } : null,
  };
  const draft = draftFollowUp(facts);
  return { requestId: request?.id ?? null, inReplyTo: draft.inReplyTo, references: draft.references, to: draft.to, cc: draft.cc, subject: draft.subject, body: draft.body, facts };
}

export function buildDrafts(
  input: AnalyzeInput,
  working: Working[],
  byThread: Map<string, Working[]>,
  requests: AnalyzedRequest[],
  commitments: AnalyzedCommitment[],
  provisions: Provision[],
  parents: Set<string>,
): AnalyzeResult['drafts'] {
  const ctx: FollowUpContext = {
    state: input.state,
    timezone: input.timezone,
    now: input.now,
    calendar: input.calendar,
    courtesy: input.courtesy,
    childName: input.childName,
    parentName: input.parentName,
    citeLaw: input.citeLaw,
    parents,
    provisions,
  };
  const byId = new Map(working.map((m) => [m.messageId, m]));
  const asRequest = (r: AnalyzedRequest): FollowUpRequest => ({ ...r, acknowledged: r.acknowledgedBy !== null, declined: r.declined ?? false });
  const out: AnalyzeResult['drafts'] = [];
  for (const r of requests) {
    if (r.status !== 'overdue' || r.closedByParent) continue;
    out.push({ ...followUpDraft(ctx, asRequest(r), byId.get(r.messageId)!, byThread.get(r.threadId) ?? [], null), commitment: null });
  }
  for (const c of commitments) {
    if (c.status !== 'missed') continue;
    const origin = byId.get(c.messageId)!;
    const req = requests.find((r) => r.id === c.requestId) ?? null;
    out.push({ ...followUpDraft(ctx, req && asRequest(req), origin, byThread.get(origin.threadId) ?? [], c), commitment: c });
  }
  return out;
}

/** The school people on the request: its school recipients, else whoever answered for the school. */
function recipientsFor(origin: FollowUpMessage, thread: FollowUpMessage[], parents: Set<string>): { to: string[]; cc: string[] } {
  const notParent = (a: { address: string }) => !parents.has(a.address);
  let to = origin.side === 'parent' ? origin.to.filter(notParent).map((a) => a.address) : origin.from ? [origin.from.address] : [];
  if (to.length === 0) to = thread.filter((m) => m.side === 'school' && m.from).map((m) => m.from!.address).slice(-1);
  const cc = origin.cc.filter(notParent).map((a) => a.address).filter((a) => !to.includes(a));
  return { to: [...new Set(to)], cc: [...new Set(cc)] };
}
