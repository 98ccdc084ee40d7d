/**
 * The follow-up plan of a request (its escalation ladder): the three steps, which are written, sent, skipped
 * or still to come, when the next one will be drafted, and the parent's controls. Nothing here sends: every
 * step is a draft the parent reviews.
 */
import type { FC } from 'hono/jsx';
import { formatLongDate } from '../../core/drafting.js';
import type { LadderView } from '../../services/drafts/ladder-controls.js';
import { Csrf } from './layout.js';

const STATE_TEXT: Record<LadderView['state'], string> = {
  active: 'Active',
  paused: 'Paused: the school wrote back. Read their reply; restart the plan if it did not answer you.',
  stopped: 'Stopped by you. No further follow-ups will be drafted.',
  done: 'Finished: the request was answered or closed.',
  none: 'Not started: it starts when the request is overdue and its first follow-up is drafted.',
};

const DRAFT_TEXT: Record<string, string> = {
  pending: 'draft ready for you to review',
  snoozed: 'draft snoozed',
  approved: 'approved, not sent yet',
  sending: 'sending',
  unconfirmed: 'sending (checking your Sent folder)',
  saved: 'saved to your Drafts folder',
  sent: 'sent',
  dismissed: 'set aside',
};

function stepStatus(s: LadderView['steps'][number]): string {
  if (s.skipped) return 'skipped';
  if (s.sentOn) return `sent on ${formatLongDate(s.sentOn)}`;
  if (s.draftStatus) return DRAFT_TEXT[s.draftStatus] ?? s.draftStatus;
  return 'not written yet';
}

export const LadderPanel: FC<{ csrf: string; requestId: string; v: LadderView; back: string }> = ({ csrf, requestId, v, back }) => {
  const action = `/requests/${requestId}/ladder`;
  const canSkip = v.state === 'active' && v.steps.some((s) => s.draftId || s.skipped) && !v.steps[2]!.draftId && !v.steps[2]!.skipped;
  return (
    // A group, not a landmark: a thread shows one plan per request, and landmarks must be unique (axe landmark-unique).
    <div class="card" role="group" aria-labelledby={`ladder-${requestId}`}>
      <h2 id={`ladder-${requestId}`} style="margin-top:0;font-size:1.05rem">
        Follow-up plan
      </h2>
      <p class="muted" style="margin-top:0">
        {STATE_TEXT[v.state]}
        {v.round > 1 ? ` (round ${v.round})` : ''}
      </p>
      <ol>
        {v.steps.map((s) => (
          <li>
            <strong>{s.title}</strong> — {stepStatus(s)}
            {s.draftId && s.draftStatus !== 'dismissed' ? (
              <>
                {' '}
                <a href={`/drafts/${s.draftId}`}>{s.draftStatus === 'pending' ? `Review step ${s.step}` : `Open step ${s.step}`}</a>
              </>
            ) : null}
          </li>
        ))}
      </ol>
      {v.nextOn ? <p>If the school has not replied, the next step will be drafted for your review on {formatLongDate(v.nextOn)}.</p> : null}
      <p class="hint">
        Each step waits {v.waitDays} business days after you send the one before. {v.director ? `Step 3 copies ${v.director}.` : 'Step 3 copies the district’s special-education director once you add one in Settings.'}{' '}
        Nothing is sent without your approval.
      </p>
      <form method="post" action={action} class="actions">
        <Csrf token={csrf} />
        <input type="hidden" name="back" value={back} />
        {v.state === 'active' ? (
          <>
            {canSkip ? (
              <button type="submit" name="control" value="skip" class="secondary" data-busy="Writing the next step…">
                Skip to the next step
              </button>
            ) : null}
            <button type="submit" name="control" value="stop" class="secondary" data-busy="Stopping…">
              Stop the plan
            </button>
          </>
        ) : (
          <button type="submit" name="control" value="restart" class="secondary" data-busy="Restarting…">
            {v.state === 'none' ? 'Start the plan' : 'Restart from step 1'}
          </button>
        )}
      </form>
    </div>
  );
};
