import type { FC } from 'hono/jsx';
import type { auditEvents, drafts, messages, threads } from '../../db/schema.js';
import { REQUEST_KINDS } from '../../core/types.js';
import type { EffectiveRequest } from '../../services/analysis/overrides.js';
import { formatInstant } from '../util.js';
import { DueLine, KIND_LABEL, StatusBadge } from './components.js';
import { Csrf } from './layout.js';
import { LadderPanel } from './ladder.js';
import type { LadderView } from '../../services/drafts/ladder-controls.js';
import { describeEvent } from './audit-labels.js';
import { MarkRequestForm, type MarkView } from './mark-request.js';

type Msg = typeof messages.$inferSelect;
type Audit = typeof auditEvents.$inferSelect;

/** The new text with each request's evidence marked, matching across line breaks. */
export function highlight(text: string, evidences: Array<{ id: string; evidence: string }>) {
  type Span = { start: number; end: number; id: string };
  const spans: Span[] = [];
  for (const e of evidences) {
    const words = e.evidence.trim().split(/\s+/).slice(0, 200).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    if (!words.length) continue;
    const m = new RegExp(words.join('[\\s>]+')).exec(text);
    if (m && !spans.some((s) => m.index < s.end && s.start < m.index + m[0].length)) spans.push({ start: m.index, end: m.index + m[0].length, id: e.id });
  }
  spans.sort((a, b) => a.start - b.start);
  const out: Array<string | { mark: string; id: string }> = [];
  let at = 0;
  for (const s of spans) {
    out.push(text.slice(at, s.start), { mark: text.slice(s.start, s.end), id: s.id });
    at = s.end;
  }
  out.push(text.slice(at));
  return out.map((p) => (typeof p === 'string' ? p : <mark class="request" id={`ev-${p.id}`}>{p.mark}</mark>));
}

const who = (m: Msg) => (m.fromName ? `${m.fromName} <${m.fromAddress}>` : (m.fromAddress ?? 'unknown sender'));


const OverrideForms: FC<{ csrf: string; r: EffectiveRequest }> = ({ csrf, r }) => {
  const action = `/requests/${r.row.id}/override`;
  return (
    <details>
      <summary>Correct this</summary>
      <div class="actions">
        <form method="post" action={action}>
          <Csrf token={csrf} />
          {r.overrides.resolved ? (
            <button type="submit" name="action" value="reopen" class="secondary">
              Reopen
            </button>
          ) : (
            <button type="submit" name="action" value="resolve" class="secondary">
              Mark resolved
            </button>
          )}
          {r.overrides.notARequest ? (
            <button type="submit" name="action" value="is_a_request" class="secondary">
              This is a request
            </button>
          ) : (
            <button type="submit" name="action" value="not_a_request" class="secondary">
              Not a request
            </button>
          )}
        </form>
      </div>
      <form method="post" action={action}>
        <Csrf token={csrf} />
        <input type="hidden" name="action" value="kind" />
        <label>
          What I asked for
          <select name="value">
            {REQUEST_KINDS.map((k) => (
              <option value={k} selected={r.kind === k}>
                {KIND_LABEL[k]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="secondary">
          Change
        </button>
      </form>
      <form method="post" action={action}>
        <Csrf token={csrf} />
        <input type="hidden" name="action" value="due" />
        <label>
          My own due date <span class="hint">Leave empty to use the computed one.</span>
          <input type="date" name="value" value={r.overrides.dueDate ?? ''} />
        </label>
        <button type="submit" class="secondary">
          Set
        </button>
      </form>
    </details>
  );
};

export const ThreadPage: FC<{
  csrf: string;
  thread: typeof threads.$inferSelect;
  msgs: Msg[];
  reqs: EffectiveRequest[];
  events: Audit[];
  drafts: Array<typeof drafts.$inferSelect>;
  timezone: string;
  /** Follow-up plans by request id (pages/ladder.tsx). */
  ladders?: Map<string, LadderView>;
  /** A repeated ask → the request it renews (issue 14 #8): shown as part of that request, not as a second one. */
  renews?: Map<string, string>;
  /** Requests the parent joined to another ("This is the same request as…"), among `renews`. */
  joinedByParent?: Set<string>;
  /** The sentences the parent marked "this is a request", by message id. */
  marks?: Map<string, MarkView[]>;
}> = (p) => (
  <>
    <p>
      <a href={p.thread.childId ? `/children/${p.thread.childId}` : '/app'}>← Back</a>
    </p>
    <h1>{p.thread.subject || '(no subject)'}</h1>
    <ol class="timeline">
      {p.msgs.map((m) => {
        const mine = p.reqs.filter((r) => r.row.messageId === m.id);
        const answers = p.reqs.filter((r) => r.row.answeredBy === m.id || r.row.acknowledgedBy === m.id);
        const quoted = m.bodyText.trim() !== m.newText.trim();
        return (
          <li id={`m-${m.id}`}>
            <article class="card">
              <p style="margin:0">
                <strong class="addr">{m.side === 'parent' ? 'You' : who(m)}</strong> <span class="muted">· {formatInstant(m.sentAt, p.timezone)}</span>
                {m.automatic ? <span class="badge">automatic reply</span> : null}
              </p>
              <p class="muted" style="margin:0;font-size:.92rem">
                To {m.to.map((a) => a.address).join(', ')}
                {m.cc.length ? ` · Cc ${m.cc.map((a) => a.address).join(', ')}` : ''}
              </p>
              {answers.length ? (
                <p style="margin:.5rem 0 0">
                  {answers.map((r) => (
                    <span class="badge answered">{`${r.row.answeredBy === m.id ? 'Answers' : 'Acknowledges'} your ${KIND_LABEL[r.kind] ?? r.kind} request`}</span>
                  ))}
                </p>
              ) : null}
              <pre class="mail">{highlight(m.newText || '(no new text)', mine.map((r) => ({ id: r.row.id, evidence: r.row.evidence })))}</pre>
              {quoted ? (
                <details>
                  <summary>Show quoted history and signature</summary>
                  <pre class="mail muted">{m.bodyText}</pre>
                </details>
              ) : null}
              {m.side === 'parent' ? <MarkRequestForm csrf={p.csrf} messageId={m.id} newText={m.newText} marks={p.marks?.get(m.id) ?? []} /> : null}
              {mine.map((r) => {
                const renewed = p.renews?.get(r.row.id);
                if (renewed && p.joinedByParent?.has(r.row.id))
                  return (
                    <p class="asked-again" id={`r-${r.row.id}`} data-joined-to={renewed}>
                      <span class="badge">Joined by you</span> You said “{r.row.evidence}” is the same request as an earlier one, so it has one due date and one follow-up.{' '}
                      <a href={`/requests/${renewed}#asked-again`}>See the request (and undo)</a>
                    </p>
                  );
                if (renewed)
                  return (
                    <p class="asked-again" id={`r-${r.row.id}`} data-renews={renewed}>
                      <span class="badge">Asked again</span> “{r.row.evidence}” repeats an earlier request, so it is the same request, with one due date and one follow-up.{' '}
                      <a href={`/requests/${renewed}#asked-again`}>See the request and its history</a>
                    </p>
                  );
                const ev = p.events.filter((e) => e.subjectId === r.row.id);
                const draft = p.drafts.find((d) => d.requestId === r.row.id);
                return (
                  <section class={`card${r.status === 'overdue' ? ' overdue' : ''}`} id={`r-${r.row.id}`} aria-label={`Request: ${KIND_LABEL[r.kind] ?? r.kind}, “${r.row.evidence.split(/\s+/).slice(0, 8).join(' ')}…”`}>
                    <p style="margin:0">
                      <StatusBadge status={r.status} /> <strong>{KIND_LABEL[r.kind] ?? r.kind}</strong>
                    </p>
                    <blockquote>{r.row.evidence}</blockquote>
                    <p style="margin:.25rem 0">
                      <DueLine dueDate={r.dueDate} dueBasis={r.row.dueBasis} rule={r.row.rule} customDue={r.customDue} legalDueDate={r.row.dueDate} />
                    </p>
                    {r.row.answeredBy ? (
                      <p style="margin:.25rem 0">
                        <a href={`#m-${r.row.answeredBy}`}>See the answer</a>
                      </p>
                    ) : null}
                    {draft ? (
                      <p>
                        <a class="button" href={`/drafts/${draft.id}`}>
                          {draft.status === 'pending' ? 'Review the follow-up draft' : `Follow-up: ${draft.status}`}
                        </a>
                      </p>
                    ) : null}
                    {ev.length ? (
                      <details>
                        <summary>History ({ev.length})</summary>
                        <ul>
                          {ev.map((e) => (
                            <li>
                              {formatInstant(e.at, p.timezone)}: {describeEvent(e)}
                            </li>
                          ))}
                        </ul>
                      </details>
                    ) : null}
                    {p.ladders?.get(r.row.id) ? <LadderPanel csrf={p.csrf} requestId={r.row.id} v={p.ladders.get(r.row.id)!} back={`/threads/${p.thread.id}`} /> : null}
                    <OverrideForms csrf={p.csrf} r={r} />
                  </section>
                );
              })}
            </article>
          </li>
        );
      })}
    </ol>
  </>
);
