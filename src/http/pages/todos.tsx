/** The parent's to-dos on the child page: what the school asked the parent to do, each with a "done" mark. */
import type { FC } from 'hono/jsx';
import { formatLongDate } from '../../core/drafting.js';
import type { SchoolAskView } from '../../services/todos/school-asks.js';
import { Csrf } from './layout.js';

const KIND_TEXT: Record<string, string> = { sign: 'To sign', return: 'To return', complete: 'To fill in', send: 'To send', reply: 'To answer', attend: 'To attend' };

const Item: FC<{ csrf: string; a: SchoolAskView; back: string; child?: string }> = ({ csrf, a, back, child }) => (
  <li class="card" id={`todo-${a.id}`}>
    <p style="margin:0">
      {child ? <span class="muted">{child} · </span> : null}
      <span class="badge">{KIND_TEXT[a.kind] ?? 'To do'}</span> {a.dueDate ? <strong>{`Due ${formatLongDate(a.dueDate)}`}</strong> : <span class="muted">No date given</span>}
    </p>
    <blockquote>{a.text}</blockquote>
    <p class="muted" style="margin:.25rem 0">
      {a.from ? `Asked by ${a.from}` : 'Asked by the school'}
      {a.threadId ? (
        <>
          {' · '}
          <a href={`/threads/${a.threadId}#m-${a.messageId}`}>Open the message</a>
        </>
      ) : null}
    </p>
    <form method="post" action={`/todos/${a.id}`} style="margin:0">
      <Csrf token={csrf} />
      <input type="hidden" name="back" value={back} />
      <input type="hidden" name="done" value={a.doneAt ? '0' : '1'} />
      <button type="submit" class="secondary">
        {a.doneAt ? 'Not done yet' : 'Mark done'}
      </button>
    </form>
  </li>
);

export const SchoolAsksSection: FC<{ csrf: string; open: SchoolAskView[]; done: SchoolAskView[]; back: string }> = ({ csrf, open, done, back }) => (
  <section aria-labelledby="todos">
    <h2 id="todos">Your to-dos from the school</h2>
    <p class="hint">Things the school asked you to do, found in their messages. These are separate from your requests to the school.</p>
    {open.length ? (
      <ul style="list-style:none;padding:0">
        {open.map((a) => (
          <Item csrf={csrf} a={a} back={back} />
        ))}
      </ul>
    ) : (
      <p class="muted">Nothing the school asked of you is waiting.</p>
    )}
    {done.length ? (
      <details>
        <summary>Done ({done.length})</summary>
        <ul style="list-style:none;padding:0">
          {done.map((a) => (
            <Item csrf={csrf} a={a} back={back} />
          ))}
        </ul>
      </details>
    ) : null}
  </section>
);

/** The home page's share: every open to-do of the parent's children, soonest due first (done ones stay on the child page). */
export const HomeSchoolAsks: FC<{ csrf: string; open: SchoolAskView[]; kids: Array<{ id: string; name: string }> }> = ({ csrf, open, kids }) => (
  <section id="todos" aria-labelledby="h-todos">
    <h2 id="h-todos">The school asked you ({open.length})</h2>
    <p class="hint">Things the school asked you to do, found in their messages: separate from your requests to the school.</p>
    <ul style="list-style:none;padding:0">
      {open.map((a) => (
        <Item csrf={csrf} a={a} back="/app" child={kids.length > 1 ? kids.find((k) => k.id === a.childId)?.name : undefined} />
      ))}
    </ul>
  </section>
);
