/**
 * The child page's "Process clocks" section (spec §5): each clock's start event with its date and evidence,
 * its due date, the rule behind it (linked to /rules/:state), its status, the confirm control for an
 * estimated consent date, and the form to enter a start date by hand.
 */
import type { FC } from 'hono/jsx';
import type { ClockView } from '../../services/clocks/views.js';
import { Csrf, InlineAction } from './layout.js';
import { formatDate } from '../util.js';

const KIND_TEXT = { 'evaluation-completion': 'Evaluation completion', 'iep-after-eligibility': 'IEP meeting after eligibility' } as const;
const STATUS_TEXT = { running: 'Running', met: 'Met', overdue: 'Overdue', ended: 'Ended' } as const;
const BADGE = { running: 'awaiting', met: 'answered', overdue: 'overdue', ended: 'acknowledged' } as const;
const START_TEXT = {
  consent: 'Signed consent returned',
  referral: 'Evaluation requested in writing',
  eligibility: 'Eligibility decision',
  evaluation_report: 'Evaluation report received',
} as const;
const UNIT_TEXT: Record<string, string> = { calendar_days: 'calendar days', business_days: 'business days', school_days: 'school days' };

export interface ClockEntryView {
  id: string;
  type: 'consent' | 'eligible' | 'not_eligible';
  date: string;
}
const ENTRY_TEXT = { consent: 'I returned the signed consent on', eligible: 'The team found my child eligible on', not_eligible: 'The team found my child not eligible on' } as const;

/** The rule behind a statutory date, linked to its entry on the rules page. */
export const RuleLink: FC<{ href: string | null; citation: string }> = ({ href, citation }) => (href ? <a href={href}>{citation}</a> : <span>{citation}</span>);

const ClockCard: FC<{ c: ClockView; csrf: string; today: string }> = ({ c, csrf, today }) => (
  <li class={`card${c.status === 'overdue' ? ' overdue' : ''}`} id={`clock-${c.id}`}>
    <span class={`badge ${BADGE[c.status]}`}>{STATUS_TEXT[c.status]}</span> <strong>{KIND_TEXT[c.kind]}</strong>
    <dl class="meta">
      <dt>Started</dt>
      <dd>
        {START_TEXT[c.startEvent]}, {formatDate(c.startDate)}
        {c.estimated ? <span class="muted"> (estimated: the form went back outside email)</span> : null}
      </dd>
      <dt>Evidence</dt>
      <dd>
        {c.threadId ? <a href={`/threads/${c.threadId}`}>“{c.evidence}”</a> : c.enteredByParent ? 'The date you entered' : `“${c.evidence}”`}
      </dd>
      <dt>Due</dt>
      <dd>
        {formatDate(c.dueDate)}
        {c.dueEstimated ? <span class="muted"> (estimated: the school calendar is not known that far)</span> : null}
        {c.status === 'running' ? <span class="muted"> · {c.daysLeft} days left</span> : null}
      </dd>
      <dt>Rule</dt>
      <dd>
        {c.rule ? (
          <>
            {c.rule.days} {UNIT_TEXT[c.rule.unit]} under <RuleLink href={c.ruleHref} citation={c.rule.citation} />
            <span class="muted">
              {' '}
              · confidence {c.rule.confidence} · verified {formatDate(c.rule.verifiedOn)}
            </span>
          </>
        ) : (
          'The rule is no longer in the table'
        )}
      </dd>
    </dl>
    {c.status === 'ended' ? <p class="muted">The process ended: the team found the child not eligible, so no IEP clock starts.</p> : null}
    {c.needsConfirmation ? (
      <form method="post" action={`/clocks/${c.id}/confirm`}>
        <Csrf token={csrf} />
        <label for={`confirm-${c.id}`}>
          When did the school receive the signed consent?
          <span class="hint">The mail only shows it went back another way, so this date is our estimate. Confirm it or correct it.</span>
        </label>
        <input type="date" id={`confirm-${c.id}`} name="date" value={c.startDate} max={today} required />
        <button type="submit">Confirm this date</button>
      </form>
    ) : null}
    {c.draftId ? (
      <p>
        <a href={`/drafts/${c.draftId}`}>Review the follow-up</a>
      </p>
    ) : null}
  </li>
);

export const ProcessClocksSection: FC<{ childId: string; clocks: ClockView[]; entries: ClockEntryView[]; csrf: string; today: string }> = (p) => (
  <section id="clocks" aria-labelledby="clocks-h">
    <h2 id="clocks-h">Process clocks</h2>
    <p class="muted">
      The evaluation must be done within a set time of the school receiving your consent, and the IEP meeting held within a
      set time of the eligibility decision. Not legal advice: <a href="/rules">see the rules behind each date</a>.
    </p>
    {p.clocks.length ? (
      <ul style="list-style:none;padding:0">
        {p.clocks.map((c) => (
          <ClockCard c={c} csrf={p.csrf} today={p.today} />
        ))}
      </ul>
    ) : (
      <p>No clock has started: we have not seen a returned consent or an eligibility decision in the mail.</p>
    )}
    <details>
      <summary>Enter a date yourself</summary>
      <form method="post" action={`/children/${p.childId}/clock-events`}>
        <Csrf token={p.csrf} />
        <label for="clock-event-type">What happened</label>
        <select id="clock-event-type" name="type" required>
          <option value="consent">I returned the signed consent</option>
          <option value="eligible">The eligibility meeting found my child eligible</option>
          <option value="not_eligible">The eligibility meeting found my child not eligible</option>
        </select>
        <label for="clock-event-date">On</label>
        <input type="date" id="clock-event-date" name="date" max={p.today} required />
        <button type="submit">Save the date</button>
      </form>
      {p.entries.length ? (
        <ul>
          {p.entries.map((e) => (
            <li>
              {ENTRY_TEXT[e.type]} {formatDate(e.date)}{' '}
              <InlineAction action={`/clock-events/${e.id}/delete`} csrf={p.csrf} label={`Remove: ${ENTRY_TEXT[e.type]} ${formatDate(e.date)}`} text="Remove" />
            </li>
          ))}
        </ul>
      ) : null}
    </details>
  </section>
);
