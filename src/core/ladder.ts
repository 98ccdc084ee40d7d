/**
 * The escalation ladder of an overdue request (issue 14): a follow-up plan of up to three steps, as parent
 * advocates describe it — a polite reminder, then a reminder that names the timeline and its rule, then a
 * letter copied to the district's special-education director that asks for prior written notice. Each step
 * is a separate draft, written only when the previous one was sent and has gone unanswered for its waiting
 * time (business days, the core calendar). Nothing is sent automatically: every step waits for the parent.
 *
 * Pure: the service passes in what it read (the ladder, its steps, whether the school wrote since) and
 * today's local date, and carries out the decision.
 */
import { addCounted } from './deadlines/index.js';

export const LADDER_STEPS = 3;
/** Default waiting time after a step is sent before the next one is written. */
export const DEFAULT_LADDER_WAIT_DAYS = 5;

export type LadderState = 'active' | 'paused' | 'stopped' | 'done';
export type LadderStepNumber = 1 | 2 | 3;

export interface LadderStepRecord {
  step: LadderStepNumber;
  /** The parent skipped it: the next step does not wait for it. */
  skipped: boolean;
  /** Local date (YYYY-MM-DD) the step's draft was sent (by us or by the parent), null while not sent. */
  sentOn: string | null;
  /** The step's draft was dismissed by the parent (or removed): the ladder waits for the parent. */
  dismissed: boolean;
}

export interface LadderInput {
  state: LadderState;
  /** The request's effective status. */
  requestStatus: string;
  /** Steps of the current round, in order. */
  steps: LadderStepRecord[];
  /** A school message (any kind but automatic) arrived in the thread after the latest sent step. */
  schoolWroteSince: boolean;
  /** Local date of now. */
  today: string;
  waitDays: number;
  /** For business days: the public holidays of the child's US state. */
  usState: string;
}

export type LadderDecision =
  | { action: 'none'; reason: string; nextOn?: string }
  | { action: 'pause'; reason: string }
  | { action: 'done'; reason: string }
  | { action: 'draft'; step: LadderStepNumber };

const CLOSED = new Set(['answered', 'resolved', 'not_a_request']);
const OPEN_PAST_DUE = new Set(['overdue', 'acknowledged']);

/** The day a sent step's waiting time ends: `waitDays` business days after it was sent. */
export function waitEnds(sentOn: string, waitDays: number, usState: string): string {
  return addCounted(sentOn, waitDays, 'business_days', { state: usState }).date;
}

export function nextLadderAction(input: LadderInput): LadderDecision {
  if (input.state === 'stopped') return { action: 'none', reason: 'stopped' };
  if (input.state === 'done') return { action: 'none', reason: 'done' };
  if (CLOSED.has(input.requestStatus)) return { action: 'done', reason: `request ${input.requestStatus}` };
  if (input.state === 'paused') return { action: 'none', reason: 'paused' };
  // A reply of any kind (an acknowledgement, a question, an answer) puts the ladder on hold for the parent.
  if (input.schoolWroteSince) return { action: 'pause', reason: 'school replied' };
  const last = input.steps[input.steps.length - 1];
  // A new round (a restart) begins with a reminder while the request is still unmet.
  if (!last) return OPEN_PAST_DUE.has(input.requestStatus) ? { action: 'draft', step: 1 } : { action: 'none', reason: 'not overdue' };
  if (last.skipped) return last.step < LADDER_STEPS ? { action: 'draft', step: (last.step + 1) as LadderStepNumber } : { action: 'none', reason: 'all steps taken' };
  if (last.step >= LADDER_STEPS) return { action: 'none', reason: 'all steps taken' };
  if (last.dismissed) return { action: 'none', reason: `step ${last.step} dismissed` };
  if (!last.sentOn) return { action: 'none', reason: `step ${last.step} not sent yet` };
  const ends = waitEnds(last.sentOn, input.waitDays, input.usState);
  if (input.today <= ends) return { action: 'none', reason: `waiting for a reply to step ${last.step}`, nextOn: ends };
  return { action: 'draft', step: (last.step + 1) as LadderStepNumber };
}

/** What each step is, for the page that shows the plan. */
export const LADDER_STEP_TITLES: Record<LadderStepNumber, string> = {
  1: 'A polite reminder',
  2: 'A reminder that names the timeline',
  3: 'A letter copied to the special-education director, asking for prior written notice',
};
