/**
 * "This is a request" on the parent's own message (issue 14 #8): the app missed a request, so the parent picks
 * the sentence and its kind. Radio buttons, not a select: a whole sentence stays readable on a phone.
 */
import type { FC } from 'hono/jsx';
import { REQUEST_KINDS } from '../../core/types.js';
import { splitSentences } from '../../core/language/sentences.js';
import { KIND_LABEL } from './components.js';
import { Csrf } from './layout.js';

export interface MarkView {
  sentence: string;
  kind: string;
}

/** At most this many sentences offered: a long letter's later sentences are rarely the missed ask. */
const MAX_CHOICES = 40;

export const MarkRequestForm: FC<{ csrf: string; messageId: string; newText: string; marks: MarkView[] }> = ({ csrf, messageId, newText, marks }) => {
  const sentences = [...new Set(splitSentences(newText).map((s) => s.text.replace(/\s+/g, ' ').trim()))].filter((s) => s.length >= 3).slice(0, MAX_CHOICES);
  if (!sentences.length && !marks.length) return null;
  return (
    <div class="mark-request">
      {marks.length ? (
        <ul class="marks">
          {marks.map((m) => (
            <li>
              You marked “{m.sentence}” as a request ({KIND_LABEL[m.kind] ?? m.kind}).
            </li>
          ))}
        </ul>
      ) : null}
      {sentences.length ? (
        <details>
          <summary>Did we miss a request in this message?</summary>
          <form method="post" action={`/messages/${messageId}/mark`}>
            <Csrf token={csrf} />
            <fieldset>
              <legend>Which sentence is the request?</legend>
              {sentences.map((s, i) => (
                <label class="choice">
                  <input type="radio" name="sentence" value={s} required checked={i === 0 && sentences.length === 1} /> {s}
                </label>
              ))}
            </fieldset>
            <label>
              What I asked for
              <select name="kind" required>
                <option value="">Choose…</option>
                {REQUEST_KINDS.map((k) => (
                  <option value={k}>{KIND_LABEL[k] ?? k}</option>
                ))}
              </select>
            </label>
            <button type="submit" class="secondary">
              This is a request
            </button>
          </form>
        </details>
      ) : null}
    </div>
  );
};
