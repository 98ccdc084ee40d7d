/**
 * The home page: what needs the parent today, most pressing first, then their children with a badge each.
 * Every item links to where it is acted on. `todos` is the place for the school's requests to the parent
 * (the to-do list), shown when that list is passed in.
 */
import type { Child, FC } from 'hono/jsx';
import type { HomeData, HomeDraft } from '../routes/dashboard-home.js';
import { formatDate, formatInstant } from '../util.js';
import { AskedAgain, chaseTitle, DueLine, promiseTitle, whyWeThink } from './components.js';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function draftTitle(d: HomeDraft): string {
  if (d.chases?.type === 'request') return chaseTitle(d.chases.kind, d.chases.askedOn, d.chases.daysOverdue);
  if (d.chases?.type === 'promise') return promiseTitle(d.chases.dueOn, d.chases.daysOverdue);
  return d.subject;
}

const ChildTag: FC<{ name: string; many: boolean }> = ({ name, many }) => (many ? <span class="muted">{name} · </span> : null);

/** Drafts as a to-do list, each titled by what it chases and linked to its page. */
const DraftList: FC<{ drafts: HomeDraft[]; many: boolean }> = ({ drafts, many }) => (
  <ul class="todo">
    {drafts.map((d) => (
      <li>
        <ChildTag name={d.child.name} many={many} />
        <a href={`/drafts/${d.id}`}>{draftTitle(d)}</a>
      </li>
    ))}
  </ul>
);

export const HomePage: FC<{ data: HomeData; demo: boolean; demoNow: string | null; timezone: string; todos?: Child }> = ({ data, demo, demoNow, timezone, todos }) => {
  const many = data.kids.length > 1;
  const nothing = !todos && !data.toReview.length && !data.approvedNotSent.length && !data.overdue.length && !data.missedPromises.length && !data.keyDates.length;
  return (
    <>
      <h1>What needs you today</h1>
      {demo && demoNow ? (
        <p class="notice">
          This is the demo family. Its clock is fixed at {formatInstant(new Date(demoNow), timezone)}, so the sample email from early 2026 shows what is
          overdue.
        </p>
      ) : null}
      {nothing ? <p class="card">Nothing needs you today. We will tell you when a request goes past its due date.</p> : null}

      {data.toReview.length ? (
        <section aria-labelledby="h-review">
          <h2 id="h-review">Follow-ups to review ({data.toReview.length})</h2>
          <DraftList drafts={data.toReview} many={many} />
        </section>
      ) : null}

      {data.approvedNotSent.length ? (
        <section aria-labelledby="h-approved">
          <h2 id="h-approved">Approved, not sent yet ({data.approvedNotSent.length})</h2>
          <p class="muted">You approved these, but no connected mailbox has sent them. Send them yourself, then mark them sent.</p>
          <DraftList drafts={data.approvedNotSent} many={many} />
        </section>
      ) : null}

      {todos ?? null}

      {data.overdue.length ? (
        <section aria-labelledby="h-overdue">
          <h2 id="h-overdue">Overdue ({data.overdue.length})</h2>
          {data.overdue.map((r) => (
            <article class="card overdue" data-request={r.row.id}>
              <h3 style="margin:0">
                <ChildTag name={r.child.name} many={many} />
                <a href={`/requests/${r.row.id}`}>{chaseTitle(r.kind, r.askedOn, r.daysOverdue)}</a>
              </h3>
              <blockquote>{r.row.evidence}</blockquote>
              <p style="margin:.25rem 0">
                <DueLine dueDate={r.dueDate} dueBasis={r.row.dueBasis} rule={r.row.rule} customDue={r.customDue} legalDueDate={r.row.dueDate} />
              </p>
              <AskedAgain renewals={r.renewals} timezone={r.child.timezone} />
              <details>
                <summary>Why we think this</summary>
                <p class="why">{whyWeThink(r.row as typeof r.row & Record<string, unknown>)}</p>
              </details>
              <div class="actions">
                {r.draftId ? (
                  <a class="button" href={`/drafts/${r.draftId}`}>
                    Review the follow-up
                  </a>
                ) : null}
                {r.row.threadId ? <a href={`/threads/${r.row.threadId}#r-${r.row.id}`}>Open the conversation</a> : null}
              </div>
            </article>
          ))}
        </section>
      ) : null}

      {data.missedPromises.length ? (
        <section aria-labelledby="h-missed">
          <h2 id="h-missed">Promises the school missed ({data.missedPromises.length})</h2>
          <ul class="todo">
            {data.missedPromises.map((m) => (
              <li>
                <ChildTag name={m.child.name} many={many} />
                <a href={`/children/${m.child.id}#promises`}>{promiseTitle(m.dueDate, m.daysOverdue)}</a>: “{m.text}”
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {data.keyDates.length ? (
        <section aria-labelledby="h-dates">
          <h2 id="h-dates">IEP dates in the next 30 days ({data.keyDates.length})</h2>
          <ul class="todo">
            {data.keyDates.map((k) => (
              <li>
                <ChildTag name={k.child.name} many={many} />
                {k.label}: {formatDate(k.date)} <span class="muted">({k.days === 0 ? 'today' : `in ${plural(k.days, 'day')}`} — time to prepare)</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="h-children">
        <h2 id="h-children">Your children</h2>
        {data.kids.map((k) => (
          <div class={`card${k.overdue ? ' overdue' : ''}`} data-child={k.id}>
            <h3 style="margin:0 0 .25rem">
              <a href={`/children/${k.id}`}>{k.name}</a>
            </h3>
            <p class="muted" style="margin:0">
              {[k.school, k.state].filter(Boolean).join(' · ')}
            </p>
            <p style="margin:.5rem 0 0" class="badges">
              {k.overdue ? <span class="badge overdue">{`${k.overdue} overdue`}</span> : null} {k.drafts ? <span class="badge pending">{`${plural(k.drafts, 'draft')} to review`}</span> : null}{' '}
              {k.missed ? <span class="badge missed">{`${plural(k.missed, 'missed promise')}`}</span> : null} {k.open ? <span class="badge awaiting">{`${k.open} waiting`}</span> : null}
              {!k.overdue && !k.open && !k.drafts && !k.missed ? <span class="muted">Nothing waiting.</span> : null}
            </p>
          </div>
        ))}
        <p>
          <a class="button secondary" href="/onboarding/child">
            Add a child
          </a>{' '}
          <a href="/digest/preview">See this week’s digest</a>
        </p>
      </section>
    </>
  );
};
