/**
 * Process clocks (product spec §5): evaluation completion after consent, and the IEP meeting after the
 * eligibility decision. Each starts on an event found in the mail (events.ts) or entered by the parent; day 0
 * is the local date of that message (or the entered date). Status at `now`:
 *   met      — evaluation completion: a school message on or before the due date provides the evaluation
 *              report or states the eligibility decision; IEP after eligibility: a school message schedules the
 *              IEP meeting on a date on or before the due date;
 *   overdue  — the local date of now is after the due date and the clock is not met;
 *   running  — otherwise.
 * The state's timeframe replaces the federal one (clockRulesFor); with several rows the earliest date wins.
 * A "does not qualify" decision ends the evaluation and starts no IEP clock.
 *
 * Pure: `now` is passed in.
 */
import type { ClockRuleKind, DeadlineRule, RuleRef, SchoolCalendar } from '../types.js';
import { clockRulesFor, countRow, isOverdue, localDateOf } from '../deadlines/index.js';
import { detectClockEvents, type ClockEvent, type EventMessage } from './events.js';

export type ClockKind = 'evaluation-completion' | 'iep-after-eligibility';
export type ClockStatus = 'running' | 'met' | 'overdue';

export interface ClockMessage extends EventMessage {
  threadId: string;
  automatic: boolean;
}

/** A start event the parent entered in the app ("I returned consent on…"), audited by the service. */
export interface ParentClockEvent {
  id: string;
  type: 'consent' | 'eligible' | 'not_eligible';
  /** Local date, YYYY-MM-DD. */
  date: string;
}

export interface ClocksInput {
  messages: ClockMessage[];
  state: string;
  timezone: string;
  now: string;
  calendar?: SchoolCalendar;
  /** The parent's written evaluation requests: a rule counted from the referral (NC, VA) starts there. */
  evaluationRequests?: Array<{ messageId: string; threadId: string; sentAt: string }>;
  parentEvents?: ParentClockEvent[];
}

export interface ProcessClock {
  id: string;
  kind: ClockKind;
  threadId: string | null;
  /** Message-ID of the message that started it; null when the parent entered the date. */
  startedBy: string | null;
  startDate: string;
  dueDate: string;
  dueBasis: 'statute';
  rule: RuleRef;
  status: ClockStatus;
  metBy: string | null;
  // ---- not part of the analyze output ----
  ruleRow: DeadlineRule;
  /** The start date is an estimate (consent went back by another channel): the app asks the parent to confirm it. */
  estimatedStart: boolean;
  /** The sentence the clock started on, and what it was. */
  startEvidence: string;
  startEvent: 'consent' | 'referral' | 'eligibility' | 'evaluation_report';
  /** The parent's entry that set the start, if any. */
  parentEventId: string | null;
  /** A completing message that came after the due date (no follow-up asks for what already came). */
  completedLateBy: string | null;
  /** Completed after the due date, by a message or by a decision date the parent entered. */
  completedLate: boolean;
  /** The evaluation ended in a "does not qualify" decision: no IEP clock follows it. */
  endedIneligible: boolean;
}

interface Start {
  event: ProcessClock['startEvent'];
  date: string;
  messageId: string | null;
  threadId: string | null;
  evidence: string;
  estimated: boolean;
  parentEventId: string | null;
}

interface Completion {
  date: string;
  /** null when the parent entered the decision date. */
  messageId: string | null;
  ineligible: boolean;
}

const KIND_OF: Record<ClockKind, ClockRuleKind> = {
  'evaluation-completion': 'evaluation_completion',
  'iep-after-eligibility': 'iep_after_eligibility',
};

/** The clocks of one child's correspondence, chronological by start date (ids c1, c2…). */
export function computeClocks(input: ClocksInput): ProcessClock[] {
  const nowMs = Date.parse(input.now);
  const dateOf = (iso: string) => localDateOf(iso, input.timezone);
  const events: Array<ClockEvent & { threadId: string; date: string }> = [];
  for (const m of input.messages) {
    if (m.automatic || Date.parse(m.sentAt) > nowMs) continue;
    for (const e of detectClockEvents(m, input.timezone)) events.push({ ...e, threadId: m.threadId, date: dateOf(m.sentAt) });
  }
  const parent = input.parentEvents ?? [];
  const school = events.filter((e) => e.type !== 'consent');
  const clocks: Array<Omit<ProcessClock, 'id'>> = [];

  // Evaluation completion: one clock per consent, absorbing further mentions of it until it is completed.
  const consents: Start[] = [
    ...events.filter((e) => e.type === 'consent').map((e) => ({ event: 'consent' as const, date: e.date, messageId: e.messageId, threadId: e.threadId, evidence: e.evidence, estimated: Boolean(e.estimated), parentEventId: null })),
    ...parent.filter((p) => p.type === 'consent').map((p) => ({ event: 'consent' as const, date: p.date, messageId: null, threadId: null, evidence: 'Entered by the parent', estimated: false, parentEventId: p.id })),
  ].sort((a, b) => a.date.localeCompare(b.date) || Number(a.estimated) - Number(b.estimated));
  // What completes an evaluation: the school's report or decision, or a decision date the parent entered
  // ("the eligibility meeting was on…").
  const completing: Completion[] = [
    ...school.filter((x) => x.type === 'report' || x.type === 'eligible' || x.type === 'not_eligible').map((x) => ({ date: x.date, messageId: x.messageId, ineligible: x.type === 'not_eligible' })),
    ...parent.filter((p) => p.type === 'eligible' || p.type === 'not_eligible').map((p) => ({ date: p.date, messageId: null, ineligible: p.type === 'not_eligible' })),
  ].sort((a, b) => a.date.localeCompare(b.date));
  const completionAfter = (date: string) => completing.find((x) => x.date >= date)?.date ?? null;
  let open: Start | null = null;
  const evaluationStarts: Start[] = [];
  for (const c of consents) {
    const done = open ? completionAfter(open.date) : null;
    if (open && (!done || c.date <= done)) {
      // The same consent mentioned again: a parent's date confirms an estimated start; a same-day mention
      // that is not an estimate (the school confirms receipt) confirms it too.
      if (open.estimated && c.parentEventId) Object.assign(open, { date: c.date, estimated: false, parentEventId: c.parentEventId });
      else if (open.estimated && !c.estimated && c.date === open.date) open.estimated = false;
      continue;
    }
    open = { ...c };
    evaluationStarts.push(open);
  }
  for (const start of evaluationStarts) {
    const referral = input.evaluationRequests?.filter((r) => dateOf(r.sentAt) <= start.date).at(0);
    const completions = completing.filter((x) => x.date >= start.date);
    clocks.push(
      clockFor(input, 'evaluation-completion', start, (row) => (row.startEvent === 'referral' ? (referral ? { date: dateOf(referral.sentAt), estimated: false, event: 'referral' as const } : { date: start.date, estimated: true, event: 'consent' as const }) : null), (due) => {
        const inTime = completions.find((x) => x.date <= due);
        const late = inTime ? undefined : completions[0];
        return { met: Boolean(inTime), metBy: inTime?.messageId ?? null, late: late?.messageId ?? null, completedLate: Boolean(late), ineligible: (inTime ?? late)?.ineligible ?? false };
      }),
    );
  }

  // IEP after eligibility: from each "eligible" decision (or, where the rule counts from the report, the report).
  const decisions: Start[] = [
    ...school.filter((e) => e.type === 'eligible').map((e) => ({ event: 'eligibility' as const, date: e.date, messageId: e.messageId, threadId: e.threadId, evidence: e.evidence, estimated: false, parentEventId: null })),
    ...parent.filter((p) => p.type === 'eligible').map((p) => ({ event: 'eligibility' as const, date: p.date, messageId: null, threadId: null, evidence: 'Entered by the parent', estimated: false, parentEventId: p.id })),
  ].sort((a, b) => a.date.localeCompare(b.date));
  const ineligible = [...school.filter((e) => e.type === 'not_eligible').map((e) => e.date), ...parent.filter((p) => p.type === 'not_eligible').map((p) => p.date)];
  // Texas counts the ARD meeting from the evaluation report rather than from a stated decision.
  const fromReport = clockRulesFor(input.state, 'iep_after_eligibility').some((r) => r.startEvent === 'evaluation_report');
  const report = fromReport ? school.find((e) => e.type === 'report') : undefined;
  const start: Start | null = report
    ? { event: 'evaluation_report', date: report.date, messageId: report.messageId, threadId: report.threadId, evidence: report.evidence, estimated: false, parentEventId: null }
    : decisions[0] ?? null;
  // "Does not qualify" ends the process: no IEP clock unless an eligibility decision came with or after it.
  const endedIneligible = start !== null && ineligible.some((d) => d >= start.date) && !decisions.some((d) => d.date >= start.date);
  if (start && !endedIneligible) {
    const meetings = school.filter((e) => e.type === 'meeting_scheduled' && e.date >= start.date && e.meetingDate! >= start.date);
    clocks.push(
      clockFor(input, 'iep-after-eligibility', start, () => null, (due) => {
        const inTime = meetings.find((x) => x.meetingDate! <= due);
        return { met: Boolean(inTime), metBy: inTime?.messageId ?? null, late: inTime ? null : meetings[0]?.messageId ?? null, completedLate: !inTime && meetings.length > 0, ineligible: false };
      }),
    );
  }

  return clocks
    .sort((a, b) => a.startDate.localeCompare(b.startDate) || a.kind.localeCompare(b.kind))
    .map((c, i) => ({ id: `c${i + 1}`, ...c }));
}

function clockFor(
  input: ClocksInput,
  kind: ClockKind,
  start: Start,
  startFor: (row: DeadlineRule) => { date: string; estimated: boolean; event: ProcessClock['startEvent'] } | null,
  meet: (dueDate: string) => { met: boolean; metBy: string | null; late: string | null; completedLate: boolean; ineligible: boolean },
): Omit<ProcessClock, 'id'> {
  let best: { row: DeadlineRule; due: string; estimated: boolean; startDate: string; startEstimated: boolean; event: ProcessClock['startEvent'] } | null = null;
  for (const row of clockRulesFor(input.state, KIND_OF[kind])) {
    const own = startFor(row);
    const startDate = own?.date ?? start.date;
    const r = countRow(startDate, row, { state: input.state, calendar: input.calendar });
    if (!best || r.date < best.due) best = { row, due: r.date, estimated: r.estimated, startDate, startEstimated: own?.estimated ?? start.estimated, event: own?.event ?? start.event };
  }
  if (!best) throw new Error(`No ${kind} rule for ${input.state}: the federal row is missing from the rule table`);
  const { met, metBy, late, completedLate, ineligible } = meet(best.due);
  const status: ClockStatus = met ? 'met' : isOverdue(best.due, input.now, input.timezone) ? 'overdue' : 'running';
  return {
    kind,
    threadId: start.threadId,
    startedBy: start.messageId,
    startDate: best.startDate,
    dueDate: best.due,
    dueBasis: 'statute',
    rule: { id: best.row.id, citation: best.row.citation, days: best.row.days, unit: best.row.unit, estimated: best.estimated || best.startEstimated },
    status,
    metBy,
    ruleRow: best.row,
    estimatedStart: best.startEstimated,
    startEvidence: start.evidence,
    startEvent: best.event,
    parentEventId: start.parentEventId,
    completedLateBy: met ? null : late,
    completedLate: !met && completedLate,
    endedIneligible: ineligible,
  };
}

/** The analyze contract's fields only. */
export function clockContract(c: ProcessClock) {
  const { ruleRow: _r, estimatedStart: _e, startEvidence: _s, startEvent: _v, parentEventId: _p, completedLateBy: _l, completedLate: _cl, endedIneligible: _i, ...rest } = c;
  return rest;
}
