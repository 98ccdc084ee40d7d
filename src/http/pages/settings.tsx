import type { FC } from 'hono/jsx';
import type { AccountSettings } from '../../services/accounts/settings.js';
import { Csrf } from './layout.js';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const ZONES = ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Phoenix', 'America/Los_Angeles', 'America/Anchorage', 'Pacific/Honolulu'];

export const SettingsPage: FC<{ csrf: string; s: AccountSettings; timezone: string; email: string; llmAvailable: boolean; grants?: Array<{ id: string; email: string }> }> = ({ csrf, s, timezone, email, llmAvailable, grants = [] }) => (
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
              {z}
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
      <label class="check">
        <input type="checkbox" name="llmDrafting" value="1" checked={s.llmDrafting} disabled={!llmAvailable} /> Let an AI model smooth the wording
        (facts are kept verbatim){llmAvailable ? '' : ' — not configured on this server'}
      </label>
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
            <form method="post" action={`/settings/grants/${g.id}/delete`} style="display:inline">
              <Csrf token={csrf} />
              <button class="link" type="submit" aria-label={`Remove access for ${g.email}`}>
                Remove access
              </button>
            </form>
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
