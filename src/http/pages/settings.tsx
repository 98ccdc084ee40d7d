import type { FC } from 'hono/jsx';
import type { AccountSettings } from '../../services/accounts/settings.js';
import { Csrf, InlineAction } from './layout.js';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
import { timezoneName } from '../util.js';

/** "Pacific time (Los Angeles)": the zone by name, with its city for the zones that share a name. */
const zoneLabel = (z: string) => `${timezoneName(z)} (${(z.split('/').pop() ?? z).replace(/_/g, ' ')})`;
const ZONES = ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Phoenix', 'America/Los_Angeles', 'America/Anchorage', 'Pacific/Honolulu'];

/** The deployment's model, when LLM_BASE_URL and LLM_MODEL are set: where sentences would go. */
export interface ModelNotice {
  host: string;
  model: string;
  dailyCalls: number;
}

type Mailbox = { id: string; provider: string; address: string; status: string };

export const SettingsPage: FC<{
  csrf: string;
  s: AccountSettings;
  timezone: string;
  email: string;
  llmAvailable: boolean;
  model?: ModelNotice | null;
  grants?: Array<{ id: string; email: string }>;
  mailboxes?: Mailbox[];
}> = ({ csrf, s, timezone, email, llmAvailable, model = null, grants = [], mailboxes = [] }) => (
  <>
    <h1>Settings</h1>
    <form method="post" action="/settings" class="card">
      <Csrf token={csrf} />
      <h2 style="margin-top:0">Weekly digest</h2>
      <label>
        Day
        <select name="digestDay">
          {DAYS.map((d, i) => (
            <option value={String(i)} selected={s.digestDay === i}>
              {d}
            </option>
          ))}
        </select>
      </label>
      <label>
        Hour
        <select name="digestHour">
          {Array.from({ length: 24 }, (_, h) => (
            <option value={String(h)} selected={s.digestHour === h}>
              {`${String(h).padStart(2, '0')}:00`}
            </option>
          ))}
        </select>
      </label>
      <label>
        Your time zone
        <select name="timezone">
          {ZONES.map((z) => (
            <option value={z} selected={timezone === z}>
              {zoneLabel(z)}
            </option>
          ))}
        </select>
      </label>
      <h2>Deadlines and letters</h2>
      <label>
        Courtesy window <span class="hint">When no law sets a deadline, we wait this long before suggesting a follow-up. It is not a legal deadline.</span>
        <input type="number" name="courtesyDays" min={1} max={30} value={String(s.courtesyDays)} />
      </label>
      <label>
        Counted in
        <select name="courtesyUnit">
          <option value="business_days" selected={s.courtesyUnit === 'business_days'}>
            business days
          </option>
          <option value="calendar_days" selected={s.courtesyUnit === 'calendar_days'}>
            calendar days
          </option>
        </select>
      </label>
      <label class="check">
        <input type="checkbox" name="citeLaw" value="1" checked={s.citeLaw} /> Mention the legal timeline in follow-ups when a rule applies
      </label>
      <h3>When a follow-up goes unanswered</h3>
      <p class="hint">
        An overdue request gets up to three follow-ups, each one a draft you approve: a polite reminder, then one that names
        the timeline, then a letter copied to the district’s special-education director that asks for prior written notice.
      </p>
      <label>
        Wait before the next follow-up <span class="hint">Business days after you send one, before the next is drafted.</span>
        <input type="number" name="ladderWaitDays" min={1} max={30} value={String(s.ladderWaitDays)} />
      </label>
      <label>
        Special-education director’s email <span class="hint">Optional. Copied on the third follow-up only.</span>
        <input type="email" name="directorEmail" value={s.directorEmail ?? ''} autocomplete="off" />
      </label>
      <label>
        Director’s name <span class="hint">Optional, as you would write it in a letter, e.g. Dr. Lee.</span>
        <input type="text" name="directorName" value={s.directorName ?? ''} autocomplete="off" />
      </label>
      <label class="check">
        <input type="checkbox" name="llmDrafting" value="1" checked={s.llmDrafting} disabled={!llmAvailable} /> Let an AI model smooth the wording
        (facts are kept verbatim){llmAvailable ? '' : ' — not configured on this server'}
      </label>
      <h2>AI model</h2>
      <ModelSection s={s} model={model} />
      <fieldset style="border:0;padding:0;margin:1rem 0 0">
        <legend>
          <strong>When I approve a follow-up</strong>
        </legend>
        <label class="check">
          <input type="radio" name="draftDelivery" value="send" checked={s.draftDelivery === 'send'} /> send it from my mailbox
        </label>
        <label class="check">
          <input type="radio" name="draftDelivery" value="draft" checked={s.draftDelivery === 'draft'} /> save it to my mailbox’s Drafts folder; I send it myself
        </label>
      </fieldset>
      <div class="actions">
        <button type="submit">Save settings</button>
      </div>
    </form>
    <h2>Your advocate</h2>
    <p>An advocate you invite can see your children, requests and drafts. Only you can approve, change or send anything.</p>
    {grants.length ? (
      <ul>
        {grants.map((g) => (
          <li>
            {g.email}{' '}
            <InlineAction action={`/settings/grants/${g.id}/delete`} csrf={csrf} label={`Remove access for ${g.email}`} text="Remove access" />
          </li>
        ))}
      </ul>
    ) : null}
    <form method="post" action="/settings/grants" class="card">
      <Csrf token={csrf} />
      <label>
        Advocate's email <span class="hint">They need a Followthrough account with this email.</span>
        <input type="email" name="email" required />
      </label>
      <button type="submit" class="secondary">
        Give access
      </button>
    </form>
    {mailboxes.length ? <h2>Connected mailboxes</h2> : null}
    {mailboxes.map((m) => (
      <form method="post" action={`/settings/mailboxes/${m.id}/disconnect`} class="card">
        <Csrf token={csrf} />
        <h3 style="margin-top:0">
          {m.provider === 'gmail' ? 'Gmail' : m.provider === 'outlook' ? 'Outlook' : 'Archive'}: {m.address.replace(/^archive:.*[\\/]/, '')}
        </h3>
        <p>Disconnecting stops reading and sending from this mailbox. Nothing in your mailbox itself is changed.</p>
        <label>
          <input type="radio" name="messages" value="keep" checked /> keep the messages already imported (they stay in your record)
        </label>
        <label>
          <input type="radio" name="messages" value="delete" /> delete the messages imported from this mailbox
        </label>
        <button type="submit" class="secondary">
          Disconnect this mailbox
        </button>
      </form>
    ))}
    <h2>Your data</h2>
    <p>
      <a class="button secondary" href="/export.json">
        Download all my data (JSON)
      </a>
    </p>
    <form method="post" action="/account/delete" class="card">
      <Csrf token={csrf} />
      <h3 style="margin-top:0">Delete my account</h3>
      <p>
        This removes everything: children, messages, requests, drafts and the record. Connected mailboxes are disconnected. It cannot be undone.
      </p>
      <label>
        Type your email ({email}) to confirm
        <input type="email" name="confirm" autocomplete="off" required />
      </label>
      <button type="submit" class="secondary">
        Delete my account
      </button>
    </form>
  </>
);

/** Says plainly whether any of the parent's mail leaves this server, to which host, and which part of it. */
const ModelSection: FC<{ s: AccountSettings; model: ModelNotice | null }> = ({ s, model }) =>
  model && model.dailyCalls <= 0 ? (
    <p id="model-notice">
      This server uses an AI model ({model.model}) at <strong>{model.host}</strong> only to smooth the wording of follow-ups you choose to have rewritten. It
      does not send it sentences from your mail.
    </p>
  ) : model ? (
    <>
      <p id="model-notice">
        This server is set up to use an AI model ({model.model}) at <strong>{model.host}</strong>. Most of the time our own rules read your mail and nothing
        is sent. When they are unsure about one sentence — whether you asked the school for something, or whether a school reply answered you — only that
        sentence and the paragraph around it are sent to {model.host}, at most {String(model.dailyCalls)} a day. The answer is used only if it quotes your
        message exactly.{s.llmSentenceJudge ? '' : ' You have turned this off: nothing is sent.'}
      </p>
      <label class="check">
        <input type="checkbox" name="llmSentenceJudge" value="1" checked={s.llmSentenceJudge} /> Let the AI model check the sentences our rules are unsure about
      </label>
    </>
  ) : (
    <p id="model-notice">No AI model is set up on this server: your mail is read by our own rules only and nothing from it is sent anywhere else.</p>
  );
