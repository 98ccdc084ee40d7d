import type { FC } from 'hono/jsx';
import { diffDays, localDateOf } from '../../core/deadlines/index.js';
import type { ChildDashboard, ChildRow } from '../routes/dashboard-data.js';
import { formatDate, formatInstant } from '../util.js';
import { ProcessClocksSection } from './clocks.js';
import { chaseTitle, DueLine, KIND_LABEL, promiseTitle, STATUS_LABEL, StatusBadge } from './components.js';

const kindLabel = (k: string) => KIND_LABEL[k] ?? k;

/** A draft titled by what it chases (its request or the school's promise), not by the shared subject line. */
export function draftTitleOn(child: ChildRow, d: ChildDashboard, draft: ChildDashboard['drafts'][number]): string {
  const r = d.requests.find((x) => x.row.id === draft.requestId);
  if (r) return chaseTitle(r.kind, localDateOf(r.sentAt.getTime(), child.timezone), r.status === 'overdue' ? r.daysOverdue : 0);
  const c = d.commitments.find((x) => x.id === draft.commitmentId);
  if (c) return promiseTitle(c.dueDate, Math.max(0, diffDays(c.dueDate, d.today)));
  return draft.subject;
}

export const ChildDashboardPage: FC<{ child: ChildRow; d: ChildDashboard; oauth: { gmail: boolean; outlook: boolean }; csrf?: string }> = ({ child, d, oauth, csrf }) => {
  const groups: Array<{ key: 'overdue' | 'awaiting' | 'acknowledged' | 'answered' | 'resolved'; title: string }> = [
    { key: 'overdue', title: 'Overdue' },
    { key: 'awaiting', title: 'Waiting for an answer' },
    { key: 'acknowledged', title: 'Acknowledged, not yet answered' },
    { key: 'answered', title: 'Answered' },
    { key: 'resolved', title: 'Resolved by you' },
  ];
  const upcoming = d.keyDates.filter((k) => k.date);
  return (
    <>
      <h1>{child.name}</h1>
      <p class="muted">
        {[child.school, child.district, child.state].filter(Boolean).join(' · ')} · <a href={`/children/${child.id}/setup/child`}>Edit</a>
      </p>
      <section aria-labelledby="sync">
        <h2 id="sync" class="sr-only">
          Mailbox
        </h2>
        {d.connections.length === 0 ? (
          <p class="notice">
            No mailbox yet. <a href={`/children/${child.id}/setup/mailbox`}>Import or connect your mailbox</a> to find your requests.
          </p>
        ) : (
          <>
            {d.connections
              .filter((c) => c.provider !== 'archive')
              .map((c) =>
                c.status === 'needs_reconnect' ? (
                  <p class="error">
                    <strong>Reconnect needed:</strong> {c.provider === 'gmail' ? 'Gmail' : 'Outlook'} ({c.address}) stopped syncing
                    {c.statusReason ? ` (${c.statusReason})` : ''}. <a href={`/connect/${c.provider}`}>Reconnect</a>
                  </p>
                ) : (
                  <p class="muted">
                    {c.provider === 'gmail' ? 'Gmail' : 'Outlook'} {c.address}: {c.lastSyncAt ? `last synced ${formatInstant(c.lastSyncAt, child.timezone)}` : 'first sync pending'}.
                  </p>
                ),
              )}
            {d.connections.some((c) => c.provider === 'archive') ? (
              <p class="muted">
                Imported mailbox files: {d.connections.filter((c) => c.provider === 'archive').length}, last on{' '}
                {formatInstant(
                  new Date(Math.max(...d.connections.filter((c) => c.provider === 'archive').map((c) => (c.lastSyncAt ?? c.createdAt).getTime()))),
                  child.timezone,
                )}
                .
              </p>
            ) : null}
          </>
        )}
      </section>

      {d.drafts.filter((x) => x.status === 'pending').length ? (
        <div class="notice">
          <strong>{d.drafts.filter((x) => x.status === 'pending').length} follow-up draft(s) waiting for your review.</strong>{' '}
          {d.drafts
            .filter((x) => x.status === 'pending')
            .map((x, i) => (
              <>
                {i ? ', ' : ''}
                <a href={`/drafts/${x.id}`}>{draftTitleOn(child, d, x)}</a>
              </>
            ))}
        </div>
      ) : null}

      {d.requests.length === 0 ? <p>No requests found yet. Requests are the things you asked the school for in writing.</p> : null}
      {groups.map((g) => {
        const list = d.requests.filter((r) => r.status === g.key);
        if (!list.length) return null;
        return (
          <section aria-labelledby={`g-${g.key}`}>
            <h2 id={`g-${g.key}`}>
              {g.title} ({list.length})
            </h2>
            {list.map((r) => (
              <article class={`card${r.status === 'overdue' ? ' overdue' : ''}`} data-request={r.row.id}>
                <p style="margin:0">
                  <StatusBadge status={r.status} /> <strong>{kindLabel(r.kind)}</strong> <span class="muted">· asked {formatDate(localDateOf(r.sentAt.getTime(), child.timezone))}</span>
                </p>
                <blockquote>{r.row.evidence}</blockquote>
                <p style="margin:.25rem 0">
                  <DueLine dueDate={r.dueDate} dueBasis={r.row.dueBasis} rule={r.row.rule} customDue={r.customDue} legalDueDate={r.row.dueDate} />
                </p>
                <p class="muted" style="margin:.25rem 0">
                  {r.status === 'answered' || r.status === 'resolved'
                    ? STATUS_LABEL[r.status]
                    : `Waiting ${r.daysWaiting} day${r.daysWaiting === 1 ? '' : 's'}${r.status === 'overdue' ? `, ${r.daysOverdue} day${r.daysOverdue === 1 ? '' : 's'} past the due date` : ''}.`}
                </p>
                <div class="actions">
                  {r.row.threadId ? (
                    <a href={`/threads/${r.row.threadId}#r-${r.row.id}`}>Open the conversation</a>
                  ) : null}
                  {r.draftId ? (
                    <a class="button" href={`/drafts/${r.draftId}`}>
                      Review the follow-up draft
                    </a>
                  ) : null}
                </div>
              </article>
            ))}
          </section>
        );
      })}

      <ProcessClocksSection childId={child.id} clocks={d.clocks} entries={d.clockEntries} csrf={csrf ?? ''} today={d.today} />

      <h2 id="promises">What the school promised</h2>
      {d.commitments.length ? (
        <ul>
          {d.commitments.map((c) => (
            <li>
              <StatusBadge status={c.status} /> “{c.text}” — by {formatDate(c.dueDate)}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">No dated promises found.</p>
      )}

      <h2 id="key-dates">IEP key dates</h2>
      {upcoming.length ? (
        <ul>
          {upcoming.map((k) => {
            const days = diffDays(d.today, k.date!);
            return (
              <li>
                {k.label}: {formatDate(k.date!)}{' '}
                <span class="muted">{days < 0 ? '(passed)' : days <= 30 ? `(in ${days} days — time to prepare)` : `(in ${days} days)`}</span>
              </li>
            );
          })}
        </ul>
      ) : (
        <p class="muted">
          No key dates yet. <a href={`/children/${child.id}/setup/iep`}>Upload the IEP or 504 plan</a>.
        </p>
      )}

      <h2>Set-up</h2>
      <ul>
        <li>
          <a href={`/children/${child.id}/setup/contacts`}>School contacts and domains</a> ({d.contacts.length})
        </li>
        <li>
          <a href={`/children/${child.id}/setup/calendar`}>School calendar</a> ({child.calendar ? 'set' : 'not set: school-day deadlines are estimated'})
        </li>
        <li>
          <a href={`/children/${child.id}/iep`}>IEP / 504 provisions</a> ({d.docs.length} document{d.docs.length === 1 ? '' : 's'})
        </li>
        <li>
          <a href={`/children/${child.id}/setup/mailbox`}>Mailbox</a>
          {oauth.gmail || oauth.outlook ? ' (import or connect)' : ' (import)'}
        </li>
      </ul>
      <h2>Communication log</h2>
      <p>
        For an IEP meeting, a complaint or your own records: <a href={`/children/${child.id}/log.csv`}>download CSV</a> ·{' '}
        <a href={`/children/${child.id}/log.pdf`}>printable PDF</a>
      </p>
    </>
  );
};
