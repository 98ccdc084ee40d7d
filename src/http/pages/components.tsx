import type { FC } from 'hono/jsx';
import type { EffectiveStatus } from '../../services/analysis/overrides.js';
import { formatDate } from '../util.js';
import { ruleHref } from '../../services/clocks/views.js';
import { titleKind } from '../../core/chase-title.js';
import { localDateOf } from '../../core/deadlines/calendar.js';

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

export { KIND_LABEL } from '../../core/kind-labels.js';

export const StatusBadge: FC<{ status: keyof typeof STATUS_LABEL }> = ({ status }) => <span class={`badge ${status}`}>{STATUS_LABEL[status]}</span>;

interface RuleJson {
  id?: string;
  citation?: string;
  days?: number;
  unit?: string;
  estimated?: boolean;
}

/** Where a date comes from: the rule (its citation linked to the rule's page), or the courtesy window. */
const Basis: FC<{ dueBasis: string; rule: RuleJson | null }> = ({ dueBasis, rule }) =>
  dueBasis === 'statute' && rule ? (
    <>
      {rule.days} {String(rule.unit ?? '').replace('_', ' ')} under {rule.id ? <a href={ruleHref(rule.id)}>{rule.citation}</a> : rule.citation}
      {rule.estimated ? ' (estimated: no school calendar, counted on business days)' : ''}
    </>
  ) : (
    <>courtesy window, not a legal deadline</>
  );

/**
 * The due date with where it comes from: the rule's citation, "estimated", or the courtesy window. A date the
 * parent set is shown as theirs, with the legal (or courtesy) date and its basis kept beside it.
 */
export const DueLine: FC<{ dueDate: string; dueBasis: string; rule: unknown; customDue?: boolean; legalDueDate?: string }> = (p) => {
  const rule = (p.rule ?? null) as RuleJson | null;
  if (p.customDue)
    return (
      <span class="due">
        Your date: {formatDate(p.dueDate)}
        {p.legalDueDate ? (
          <span class="muted">
            {' '}
            — {p.dueBasis === 'statute' ? 'the legal due date' : 'the courtesy date'} stays {formatDate(p.legalDueDate)} (<Basis dueBasis={p.dueBasis} rule={rule} />)
          </span>
        ) : null}
      </span>
    );
  return (
    <span class="due">
      Due {formatDate(p.dueDate)}
      <span class="muted">
        {' '}
        — <Basis dueBasis={p.dueBasis} rule={rule} />
      </span>
    </span>
  );
};

export { chaseTitle, promiseTitle } from '../../core/chase-title.js';

const SIGNAL_WORDS: Array<[RegExp, string]> = [
  [/^compound/, 'it is one of several asks in the same sentence'],
  [/list/, 'it is an item of a list under your ask'],
  [/^unmet/, 'you wrote that something the IEP provides did not happen'],
  [/question/, 'it is a direct question to the school'],
];

/**
 * "Why we think this": the detection's own reason when the pipeline stored one (requests.reason), else what the
 * stored signal says, in words. Never the raw code.
 */
export function whyWeThink(row: { kind: string; signal: string | null } & Record<string, unknown>): string {
  const reason = row['reason'];
  const kind = row.kind === 'information' ? 'a question' : `a ${titleKind(row.kind).toLowerCase()}`;
  const extra = SIGNAL_WORDS.find(([re]) => re.test(row.signal ?? ''))?.[1];
  // The stored reason (core/language/reason.ts): the act read and the head of the ask, in the parent's words.
  if (reason && typeof reason === 'object' && typeof (reason as { head?: unknown }).head === 'string') {
    const { act, head } = reason as { act: string; head: string };
    const read = act === 'question' ? 'a question you put to the school' : 'something you asked the school to do';
    return `We read this as ${read}: “${head.trim()}”. What it asks about makes it ${kind}${extra ? `; ${extra}` : ''}.`;
  }
  return `You wrote this to the school, it asks them to act or answer, and it reads as ${kind}${extra ? `; ${extra}` : ''}.`;
}

/**
 * A repeated ask shown inside the request it renews (issue 14 #8): "You asked again on Mar 2: …", each linking
 * to its message. The first ask keeps its due date, status and follow-up; there is no second follow-up.
 */
/** The repeated asks of a request (the parent's own joins are listed apart, with their undo: same-request.tsx). */
export const AskedAgain: FC<{ renewals: Array<{ id: string; evidence: string; messageId: string; threadId: string | null; askedAt: Date; byParent?: boolean }>; timezone: string }> = (p) => {
  const renewals = p.renewals.filter((x) => !x.byParent);
  const { timezone } = p;
  return renewals.length ? (
    <div class="asked-again" data-renewals={String(renewals.length)}>
      <p style="margin:.25rem 0">
        <strong>{`You asked again ${renewals.length === 1 ? 'once' : `${renewals.length} times`}`}</strong>{' '}
        <span class="muted">— the same request, so the due date and follow-up stay with your first ask.</span>
      </p>
      <ul style="margin:.25rem 0">
        {renewals.map((x) => (
          <li>
            {x.threadId ? <a href={`/threads/${x.threadId}#m-${x.messageId}`}>{formatDate(localDay(x.askedAt, timezone))}</a> : formatDate(localDay(x.askedAt, timezone))}: “{x.evidence}”
          </li>
        ))}
      </ul>
    </div>
  ) : null;
};

// The zone's formatter is built once (localDateOf keeps one per zone); toLocaleDateString built one per date and
// was the largest single cost of the dashboard's render.
const localDay = (d: Date, timezone: string) => localDateOf(d.getTime(), timezone);
