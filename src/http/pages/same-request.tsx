/**
 * "This is the same request as…" (issue 14 #8) on a request's page: the form that joins this request to another
 * open request of the child, and the requests the parent joined to this one, each with its undo.
 */
import type { FC } from 'hono/jsx';
import type { RenewalView } from '../../services/analysis/renewals.js';
import type { SameRequestChoice } from '../../services/analysis/same-request.js';
import { localDateOf } from '../../core/deadlines/calendar.js';
import { formatDate } from '../util.js';
import { KIND_LABEL } from './components.js';
import { Csrf } from './layout.js';

const localDay = (d: Date, timezone: string) => localDateOf(d.getTime(), timezone); // one formatter per zone, not one per date
const short = (s: string) => {
  const words = s.trim().split(/\s+/);
  return words.length > 12 ? `${words.slice(0, 12).join(' ')}…` : words.join(' ');
};

export const SameRequestForm: FC<{ csrf: string; requestId: string; choices: SameRequestChoice[]; timezone: string }> = ({ csrf, requestId, choices, timezone }) =>
  choices.length ? (
    <details class="same-request">
      <summary>This is the same request as…</summary>
      <form method="post" action={`/requests/${requestId}/same-as`}>
        <Csrf token={csrf} />
        <label>
          The same request as
          <span class="hint">
            When we counted one ask twice. The one you asked first is kept, with its due date and follow-up; the other becomes part of its history, and its unsent follow-ups are
            withdrawn. You can undo this.
          </span>
          <select name="other">
            {choices.map((c) => (
              <option value={c.id}>
                {`${KIND_LABEL[c.kind] ?? 'Request'} request of ${formatDate(localDay(c.askedAt, timezone))}: “${short(c.evidence)}”`}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="secondary">
          Join them
        </button>
      </form>
    </details>
  ) : null;

/** The requests the parent joined to this one, oldest first, each with "Undo". */
export const JoinedByYou: FC<{ csrf: string; joined: RenewalView[]; timezone: string }> = ({ csrf, joined, timezone }) =>
  joined.length ? (
    <div class="joined" data-joined={String(joined.length)}>
      <p style="margin:.25rem 0">
        <strong>{joined.length === 1 ? 'You joined another request to this one' : `You joined ${joined.length} other requests to this one`}</strong>{' '}
        <span class="muted">— the same request, so the due date and follow-up stay with this one.</span>
      </p>
      <ul style="margin:.25rem 0">
        {joined.map((x) => (
          <li data-joined-request={x.id}>
            {x.threadId ? <a href={`/threads/${x.threadId}#m-${x.messageId}`}>{formatDate(localDay(x.askedAt, timezone))}</a> : formatDate(localDay(x.askedAt, timezone))}: “{x.evidence}”{' '}
            <form method="post" action={`/requests/${x.id}/split`} style="display:inline">
              <Csrf token={csrf} />
              <button type="submit" class="link">
                Undo: make it its own request again
              </button>
            </form>
          </li>
        ))}
      </ul>
    </div>
  ) : null;
