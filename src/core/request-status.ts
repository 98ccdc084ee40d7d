/**
 * A request's status (spec §4), the one rule the analysis stores and every page shows: answered beats
 * everything; otherwise a due date passed (in the family's zone) makes it overdue, even when the school only
 * acknowledged it; else acknowledged or awaiting. The parent's own closure ("resolved", "not a request") is
 * shown over that, while the detected status stays stored underneath so re-analysis never fights the parent.
 */
import { isOverdue } from './deadlines/index.js';
import type { RequestStatus } from './types.js';

export type EffectiveStatus = RequestStatus | 'resolved' | 'not_a_request';

export interface StatusFacts {
  answered: boolean;
  acknowledged: boolean;
  /** The due date that decides lateness: the parent's, when they set one, else the computed one. */
  dueDate: string;
  /** ISO instant. */
  now: string;
  timezone: string;
}

export interface ParentClosure {
  resolved?: boolean;
  notARequest?: boolean;
}

export function requestStatus(facts: StatusFacts): RequestStatus;
export function requestStatus(facts: StatusFacts & ParentClosure): EffectiveStatus;
export function requestStatus(facts: StatusFacts & ParentClosure): EffectiveStatus {
  if (facts.notARequest) return 'not_a_request';
  if (facts.resolved) return 'resolved';
  if (facts.answered) return 'answered';
  if (isOverdue(facts.dueDate, facts.now, facts.timezone)) return 'overdue';
  return facts.acknowledged ? 'acknowledged' : 'awaiting';
}
