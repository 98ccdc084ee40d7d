/** The mailbox step: connecting a mailbox or uploading an archive, and confirming what the import will use. */
import type { FC } from 'hono/jsx';
import type { Suggestion } from '../../services/onboarding/onboarding.js';
import { Csrf } from './layout.js';
import { type ChildRow, Steps } from './onboarding-steps.js';

export const MailboxPage: FC<{ csrf: string; child: ChildRow; oauth: { gmail: boolean; outlook: boolean }; available: boolean }> = ({ csrf, child, oauth, available }) => (
  <>
    <Steps childId={child.id} current="mailbox" />
    <h1>Your mailbox</h1>
    <p>We keep only the messages to or from the school. You review everything before anything is sent.</p>
    {oauth.gmail || oauth.outlook ? (
      <div class="card">
        <h2 style="margin-top:0">Connect</h2>
        <p>New mail is picked up automatically, and approved follow-ups are sent from your own address.</p>
        {oauth.gmail ? (
          <a class="button" href="/connect/gmail">
            Connect Gmail
          </a>
        ) : null}
        {oauth.outlook ? (
          <a class="button" href="/connect/outlook">
            Connect Outlook
          </a>
        ) : null}
      </div>
    ) : null}
    {available ? (
      <form method="post" action={`/children/${child.id}/setup/mailbox`} enctype="multipart/form-data" class="card">
        <Csrf token={csrf} />
        <h2 style="margin-top:0">Import a file</h2>
        <label>
          Mailbox file <span class="hint">An .mbox file (Google Takeout → Mail) or a single .eml message, up to 200 MB.</span>
          <input type="file" name="file" accept=".mbox,.eml" required />
        </label>
        <div class="actions">
          <button type="submit">Upload</button>
        </div>
      </form>
    ) : (
      <p class="muted">Importing a file needs the Node server; on this deployment, connect Gmail or Outlook instead.</p>
    )}
  </>
);

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
        <button type="submit">Import and analyze</button>
      </div>
    </form>
  </>
);
