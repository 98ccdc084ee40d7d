/**
 * One request, as the digest links to it (/requests/<id>): what was asked and when, where it stands, the due
 * date with its basis (the parent's own date beside the legal one), why we think it is a request, its
 * follow-up and its history (and the history of requests joined to it), with the way to the conversation, and
 * "This is the same request as…" with its undo.
 */
import type { FC } from 'hono/jsx';
import type { auditEvents } from '../../db/schema.js';
import type { EffectiveRequest } from '../../services/analysis/overrides.js';
import { formatDate, formatInstant } from '../util.js';
import { describeEvent } from './audit-labels.js';
import { AskedAgain, DueLine, KIND_LABEL, StatusBadge, whyWeThink } from './components.js';
import type { RenewalView } from '../../services/analysis/renewals.js';
import type { SameRequestChoice } from '../../services/analysis/same-request.js';
import { JoinedByYou, SameRequestForm } from './same-request.js';

export const RequestPage: FC<{
  r: EffectiveRequest;
  child: { id: string; name: string } | null;
  askedOn: string;
  daysOverdue: number;
  draft: { id: string; status: string } | null;
  events: Array<typeof auditEvents.$inferSelect>;
  timezone: string;
  /** Later asks that renew this one (the same request; issue 14 #8). */
  renewals?: RenewalView[];
  csrf: string;
  /** The child's other open requests this one can be joined to ("This is the same request as…"). */
  sameAsChoices: SameRequestChoice[];
}> = ({ r, child, askedOn, daysOverdue, draft, events, timezone, renewals, csrf, sameAsChoices }) => (
  <>
    <p>
      <a href={child ? `/children/${child.id}` : '/app'}>← {child ? child.name : 'Home'}</a>
    </p>
    <h1>
      {KIND_LABEL[r.kind] ?? 'Request'} request of {formatDate(askedOn)}
    </h1>
    <article class={`card${r.status === 'overdue' ? ' overdue' : ''}`} data-request={r.row.id}>
      <p style="margin:0">
        <StatusBadge status={r.status} />
        {r.status === 'overdue' ? ` ${daysOverdue} day${daysOverdue === 1 ? '' : 's'} past the due date` : ''}
      </p>
      <blockquote>{r.row.evidence}</blockquote>
      <p>
        <DueLine dueDate={r.dueDate} dueBasis={r.row.dueBasis} rule={r.row.rule} customDue={r.customDue} legalDueDate={r.row.dueDate} />
      </p>
      <div id="asked-again">
        <AskedAgain renewals={renewals ?? []} timezone={timezone} />
        <JoinedByYou csrf={csrf} joined={(renewals ?? []).filter((x) => x.byParent)} timezone={timezone} />
      </div>
      <details>
        <summary>Why we think this is a request</summary>
        <p class="why">{whyWeThink(r.row as typeof r.row & Record<string, unknown>)}</p>
      </details>
      <SameRequestForm csrf={csrf} requestId={r.row.id} choices={sameAsChoices} timezone={timezone} />
      <div class="actions">
        {r.row.threadId ? <a href={`/threads/${r.row.threadId}#r-${r.row.id}`}>Open the conversation (and correct this request)</a> : null}
        {draft ? (
          <a class="button" href={`/drafts/${draft.id}`}>
            {draft.status === 'pending' ? 'Review the follow-up draft' : 'See the follow-up'}
          </a>
        ) : null}
      </div>
    </article>
    <h2>History</h2>
    {events.length ? (
      <ul>
        {events.map((e) => (
          <li>
            {formatInstant(e.at, timezone)}: {describeEvent(e)}
          </li>
        ))}
      </ul>
    ) : (
      <p class="muted">Nothing recorded yet.</p>
    )}
  </>
);
