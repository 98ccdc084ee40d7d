/**
 * The follow-up drafts of an analysis (spec §6): one for every overdue request the parent has not closed, and
 * one for every missed commitment, each threaded on the last message of its thread and addressed to the
 * school people on it. Split from analyze.ts, which passes its working set in.
 */
import type { Provision } from './types.js';
import type { Working } from './reply-matching.js';
import { addCounted, computeDue, localDateOf } from './deadlines/index.js';
import { draftFollowUp, type DraftInput } from './drafting.js';
import type { AnalyzedCommitment, AnalyzedRequest, AnalyzeInput, AnalyzeResult } from './analyze.js';

export function buildDrafts(
  input: AnalyzeInput,
  working: Working[],
  byThread: Map<string, Working[]>,
  requests: AnalyzedRequest[],
  commitments: AnalyzedCommitment[],
  provisions: Provision[],
  parents: Set<string>,
): AnalyzeResult['drafts'] {
  const byId = new Map(working.map((m) => [m.messageId, m]));
  const today = localDateOf(input.now, input.timezone);
  const respondBy = addCounted(today, 5, 'business_days', { state: input.state }).date;
  const nowMs = Date.parse(input.now);
  const draftFor = (req: AnalyzedRequest | null, threadId: string, origin: Working, commitment: AnalyzedCommitment | null) => {
    const thread = (byThread.get(threadId) ?? []).filter((m) => m.sentAtMs <= nowMs);
    const last = thread.at(-1) ?? origin;
    const recipients = recipientsFor(origin, thread, parents);
    const provision = req ? provisions.find((p) => req.provisions.includes(p.id)) ?? null : null;
    const due = req?.dueBasis === 'statute' ? computeDue({ kind: req.kind, state: input.state, sentAt: req.sentAt, timezone: input.timezone, calendar: input.calendar, courtesy: input.courtesy }) : null;
    const facts: DraftInput = {
      request: {
        id: req?.id ?? '',
        kind: req?.kind ?? 'information',
        evidence: req?.evidence ?? commitment?.text ?? '',
        sentAt: req?.sentAt ?? origin.sentAt,
        subject: thread[0]?.subject ?? origin.subject,
      },
      thread: { lastMessageId: last.messageId, references: thread.map((m) => m.messageId) },
      to: recipients.to,
      cc: recipients.cc,
      childName: input.childName ?? null,
      parentName: input.parentName ?? null,
      provision,
      rule: due?.ruleRow ?? null,
      citeLaw: input.citeLaw ?? true,
      dueDate: req?.dueDate ?? commitment?.dueDate ?? today,
      respondBy,
      timezone: input.timezone,
      status: req?.acknowledgedBy ? 'acknowledged' : 'overdue',
      declined: req?.declined ?? false,
      commitment: commitment ? { text: commitment.text, dueDate: commitment.dueDate } : null,
    };
    const draft = draftFollowUp(facts);
    return { requestId: req?.id ?? null, inReplyTo: draft.inReplyTo, references: draft.references, to: draft.to, cc: draft.cc, subject: draft.subject, body: draft.body, commitment, facts };
  };
  const out: AnalyzeResult['drafts'] = [];
  for (const r of requests) if (r.status === 'overdue' && !r.closedByParent) out.push(draftFor(r, r.threadId, byId.get(r.messageId)!, null));
  for (const c of commitments) {
    if (c.status !== 'missed') continue;
    const origin = byId.get(c.messageId)!;
    const req = requests.find((r) => r.id === c.requestId) ?? null;
    out.push(draftFor(req, origin.threadId, origin, c));
  }
  return out;
}

/** The school people on the request: its school recipients, else whoever answered for the school. */
function recipientsFor(origin: Working, thread: Working[], parents: Set<string>): { to: string[]; cc: string[] } {
  const notParent = (a: { address: string }) => !parents.has(a.address);
  let to = origin.side === 'parent' ? origin.to.filter(notParent).map((a) => a.address) : origin.from ? [origin.from.address] : [];
  if (to.length === 0) to = thread.filter((m) => m.side === 'school' && m.from).map((m) => m.from!.address).slice(-1);
  const cc = origin.cc.filter(notParent).map((a) => a.address).filter((a) => !to.includes(a));
  return { to: [...new Set(to)], cc: [...new Set(cc)] };
}

