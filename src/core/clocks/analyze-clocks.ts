/**
 * The analysis' process-clock step (spec §5): clocks from the kept correspondence, and a follow-up draft for each
 * overdue one (spec analyze.md: drafts with `clockId` in place of `requestId`). Called by core/analyze.ts.
 */
import type { MailMessage, SchoolCalendar } from '../types.js';
import { addCounted, localDateOf } from '../deadlines/index.js';
import { computeClocks, type ParentClockEvent, type ProcessClock } from './compute.js';
import type { DraftInput } from '../drafting.js';
import { clockDraftFacts, draftClockFollowUp, type ClockDraft, type ClockDraftInput } from './draft.js';

export interface ClockWorking extends MailMessage {
  threadId: string;
  side: 'parent' | 'school';
  newText: string;
  sentAtMs: number;
}

export interface AnalyzeClocksInput {
  working: ClockWorking[];
  threads: Array<{ id: string; subject: string }>;
  parents: Set<string>;
  state: string;
  timezone: string;
  now: string;
  calendar?: SchoolCalendar;
  evaluationRequests: Array<{ messageId: string; threadId: string; sentAt: string }>;
  parentEvents?: ParentClockEvent[];
  childName?: string | null;
  parentName?: string | null;
  citeLaw?: boolean;
}

export interface ClockDraftOut extends ClockDraft {
  commitment: null;
  /** What the letter was written from, stored with it like a request draft's: the LLM rewrite is checked against it. */
  facts: DraftInput;
}

export function analyzeClocks(input: AnalyzeClocksInput): { clocks: ProcessClock[]; drafts: ClockDraftOut[] } {
  const clocks = computeClocks({
    messages: input.working,
    state: input.state,
    timezone: input.timezone,
    now: input.now,
    calendar: input.calendar,
    evaluationRequests: input.evaluationRequests,
    parentEvents: input.parentEvents,
  });
  const nowMs = Date.parse(input.now);
  const today = localDateOf(input.now, input.timezone);
  const respondBy = addCounted(today, 5, 'business_days', { state: input.state }).date;
  const drafts: ClockDraftOut[] = [];
  for (const clock of clocks) {
    if (clock.status !== 'overdue' || clock.completedLate) continue;
    const visible = input.working.filter((m) => m.sentAtMs <= nowMs);
    // A parent-entered start has no message: reply in the latest thread the school wrote in.
    const threadId = clock.threadId ?? visible.filter((m) => m.side === 'school').at(-1)?.threadId;
    const thread = visible.filter((m) => m.threadId === threadId);
    const last = thread.at(-1);
    if (!threadId || !last) continue;
    const { to, cc } = schoolPeople(thread, input.parents);
    if (to.length === 0) continue;
    const subject = input.threads.find((t) => t.id === threadId)?.subject ?? last.subject;
    const letter: ClockDraftInput = {
      clock,
      thread: { subject, lastMessageId: last.messageId, references: thread.map((m) => m.messageId) },
      to,
      cc,
      childName: input.childName ?? null,
      parentName: input.parentName ?? null,
      citeLaw: input.citeLaw ?? true,
      respondBy,
      timezone: input.timezone,
    };
    const draft = draftClockFollowUp(letter);
    // The facts name the recipients as the letter has them (the drafter drops repeats).
    drafts.push({ ...draft, commitment: null, facts: clockDraftFacts({ ...letter, to: draft.to, cc: draft.cc }) });
  }
  return { clocks, drafts };
}

/** The school people of a thread: the last school sender, and the school addresses the parent wrote to. */
function schoolPeople(thread: ClockWorking[], parents: Set<string>): { to: string[]; cc: string[] } {
  const notParent = (a: { address: string }) => !parents.has(a.address);
  const fromSchool = thread.filter((m) => m.side === 'school' && m.from).map((m) => m.from!.address);
  const parentMsgs = thread.filter((m) => m.side === 'parent');
  const lastParent = parentMsgs.at(-1);
  const to = lastParent ? lastParent.to.filter(notParent).map((a) => a.address) : [];
  if (to.length === 0 && fromSchool.length) to.push(fromSchool.at(-1)!);
  const cc = (lastParent?.cc ?? []).filter(notParent).map((a) => a.address).filter((a) => !to.includes(a));
  return { to: [...new Set(to)], cc: [...new Set(cc)] };
}
