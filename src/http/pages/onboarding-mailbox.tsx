/** The mailbox step's confirmation: what the import of an uploaded archive will use (the upload page is in import.tsx). */
import type { FC } from 'hono/jsx';
import type { Suggestion } from '../../services/onboarding/onboarding.js';
import { Csrf } from './layout.js';
import { type ChildRow, Steps } from './onboarding-steps.js';

export const ConfirmImportPage: FC<{ csrf: string; child: ChildRow; uploadId: string; messages: number; domains: Suggestion[]; senders: Suggestion[]; contacts: string[]; email: string }> = (p) => (
  <>
    <Steps childId={p.child.id} current="mailbox" />
    <h1>Before we import</h1>
    <p>We read {p.messages} messages. Please confirm who the school is and which address is yours.</p>
    <form method="post" action={`/children/${p.child.id}/setup/mailbox/${p.uploadId}/import`} class="card">
      <Csrf token={p.csrf} />
      <fieldset style="border:0;padding:0;margin:0">
        <legend>
          <strong>The school</strong>
        </legend>
        {p.contacts.map((v) => (
          <label class="check">
            <input type="checkbox" checked disabled /> {v} <span class="muted">(already added)</span>
          </label>
        ))}
        {p.domains
          .filter((d) => !p.contacts.includes(d.value))
          .map((d) => (
            <label class="check">
              <input type="checkbox" name="school" value={d.value} checked /> {d.value} <span class="muted">({d.count} messages)</span>
            </label>
          ))}
        <label>
          Other school addresses or domains <span class="hint">Optional, separated by commas.</span>
          <input type="text" name="extra" />
        </label>
      </fieldset>
      <fieldset style="border:0;padding:0;margin:1rem 0 0">
        <legend>
          <strong>Your address(es)</strong> <span class="hint">The ones you write to the school from.</span>
        </legend>
        <label class="check">
          <input type="checkbox" checked disabled /> {p.email} <span class="muted">(your sign-in email)</span>
        </label>
        {p.senders
          .filter((s) => s.value !== p.email)
          .map((s, i) => (
            <label class="check">
              <input type="checkbox" name="mine" value={s.value} checked={i === 0} /> {s.value} <span class="muted">({s.count} messages)</span>
            </label>
          ))}
      </fieldset>
      <div class="actions">
        <button type="submit" data-busy="Starting the import…">
          Import and analyze
        </button>
      </div>
    </form>
  </>
);
