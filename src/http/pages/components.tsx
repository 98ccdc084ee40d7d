import type { FC } from 'hono/jsx';
import type { EffectiveStatus } from '../../services/analysis/overrides.js';
import { formatDate } from '../util.js';
import { ruleHref } from '../../services/clocks/views.js';

export const STATUS_LABEL: Record<EffectiveStatus | 'kept' | 'pending' | 'missed', string> = {
  overdue: 'Overdue',
  awaiting: 'Awaiting reply',
  acknowledged: 'Acknowledged',
  answered: 'Answered',
  resolved: 'Resolved',
  not_a_request: 'Not a request',
  kept: 'Kept',
  pending: 'Pending',
  missed: 'Missed',
};

export const KIND_LABEL: Record<string, string> = {
  meeting: 'Meeting',
  evaluation: 'Evaluation',
  iee: 'Independent evaluation (IEE)',
  records: 'Records',
  progress: 'Progress data',
  pwn: 'Prior written notice',
  services: 'Services',
  accommodations: 'Accommodations',
  information: 'Question',
};

export const StatusBadge: FC<{ status: keyof typeof STATUS_LABEL }> = ({ status }) => <span class={`badge ${status}`}>{STATUS_LABEL[status]}</span>;

interface RuleJson {
  id?: string;
  citation?: string;
  days?: number;
  unit?: string;
  estimated?: boolean;
}

/** The due date with where it comes from: the rule's citation, "estimated", or the courtesy window. */
export const DueLine: FC<{ dueDate: string; dueBasis: string; rule: unknown; customDue?: boolean }> = (p) => {
  const rule = (p.rule ?? null) as RuleJson | null;
  return (
    <span>
      Due {formatDate(p.dueDate)}
      {p.customDue ? (
        <span class="muted"> — the date you set</span>
      ) : p.dueBasis === 'statute' && rule ? (
        <span class="muted">
          {' '}
          — {rule.days} {String(rule.unit ?? '').replace('_', ' ')} under {rule.id ? <a href={ruleHref(rule.id)}>{rule.citation}</a> : rule.citation}
          {rule.estimated ? ' (estimated: no school calendar, counted on business days)' : ''}
        </span>
      ) : (
        <span class="muted"> — courtesy window, not a legal deadline</span>
      )}
    </span>
  );
};
