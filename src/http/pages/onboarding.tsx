/** The set-up steps of a child: the child, school contacts and calendar (IEP and mailbox steps: onboarding-iep, onboarding-mailbox). */
import type { FC } from 'hono/jsx';
import type { schoolContacts } from '../../db/schema.js';
import type { Suggestion } from '../../services/onboarding/onboarding.js';
import { US_STATES } from '../../services/onboarding/onboarding.js';
import { Csrf, InlineAction } from './layout.js';
import { type ChildRow, Steps } from './onboarding-steps.js';

export { Steps } from './onboarding-steps.js';

const ZONES = ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Phoenix', 'America/Los_Angeles', 'America/Anchorage', 'Pacific/Honolulu'];

export const ChildForm: FC<{ csrf: string; child?: ChildRow | null; action: string }> = ({ csrf, child, action }) => (
  <>
    <Steps childId={child?.id} current="child" />
    <h1>{child ? `About ${child.name}` : 'About your child'}</h1>
    <p class="muted">The state decides which deadlines apply; the time zone decides when a day ends.</p>
    <form method="post" action={action} class="card">
      <Csrf token={csrf} />
      <label>
        First name
        <input type="text" name="name" required value={child?.name ?? ''} autocomplete="off" />
      </label>
      <label>
        School <span class="hint">Optional</span>
        <input type="text" name="school" value={child?.school ?? ''} />
      </label>
      <label>
        District <span class="hint">Optional</span>
        <input type="text" name="district" value={child?.district ?? ''} />
      </label>
      <label>
        State
        <select name="state">
          {US_STATES.map((s) => (
            <option value={s} selected={(child?.state ?? 'CA') === s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label>
        Time zone
        <select name="timezone">
          {ZONES.map((z) => (
            <option value={z} selected={(child?.timezone ?? 'America/Los_Angeles') === z}>
              {z.replace('America/', '').replace('Pacific/', '').replace('_', ' ')}
            </option>
          ))}
        </select>
      </label>
      <div class="actions">
        <button type="submit">{child ? 'Save' : 'Continue'}</button>
      </div>
    </form>
  </>
);

export const ContactsPage: FC<{ csrf: string; child: ChildRow; contacts: Array<typeof schoolContacts.$inferSelect>; suggestions: Suggestion[] }> = (p) => (
  <>
    <Steps childId={p.child.id} current="contacts" />
    <h1>Who is the school?</h1>
    <p>
      Followthrough keeps only mail to or from these addresses and domains; everything else in your mailbox is ignored. A domain
      (like <code>district.k12.ca.us</code>) covers everyone at the school district.
    </p>
    {p.contacts.length ? (
      <ul>
        {p.contacts.map((c) => (
          <li>
            {c.value}{' '}
            <InlineAction action={`/children/${p.child.id}/contacts/${c.id}/delete`} csrf={p.csrf} label={`Remove ${c.value}`} text="Remove" />
          </li>
        ))}
      </ul>
    ) : null}
    <form method="post" action={`/children/${p.child.id}/setup/contacts`} class="card">
      <Csrf token={p.csrf} />
      {p.suggestions.length ? (
        <fieldset style="border:0;padding:0;margin:0">
          <legend>
            <strong>Suggested from your mail</strong>
          </legend>
          {p.suggestions.map((s) => (
            <label class="check">
              <input type="checkbox" name="suggested" value={s.value} checked />
              {s.value} <span class="muted">({s.count} messages)</span>
            </label>
          ))}
        </fieldset>
      ) : null}
      <label>
        Add addresses or domains <span class="hint">One or more, separated by commas or spaces.</span>
        <input type="text" name="values" placeholder="district.k12.ca.us, teacher@school.org" />
      </label>
      <div class="actions">
        <button type="submit" name="next" value="calendar">
          Save and continue
        </button>
        <button type="submit" name="next" value="stay" class="secondary">
          Save
        </button>
      </div>
    </form>
  </>
);

export const CalendarPage: FC<{ csrf: string; child: ChildRow }> = ({ csrf, child }) => {
  const cal = child.calendar as { firstDay?: string; lastDay?: string; closed?: Array<string | { from: string; to: string }> } | null;
  return (
    <>
      <Steps childId={child.id} current="calendar" />
      <h1>School calendar</h1>
      <p>
        Some deadlines count <em>school days</em>. With the district calendar they are exact; without it they are estimated on business
        days and marked “estimated”. You can skip this step.
      </p>
      <form method="post" action={`/children/${child.id}/setup/calendar`} enctype="multipart/form-data" class="card">
        <Csrf token={csrf} />
        <label>
          Upload the district calendar (.ics) <span class="hint">Most districts publish one; up to 5 MB.</span>
          <input type="file" name="ics" accept=".ics,text/calendar" />
        </label>
        <p class="muted">Or enter the dates:</p>
        <label>
          First day of school
          <input type="date" name="firstDay" value={cal?.firstDay ?? ''} />
        </label>
        <label>
          Last day of school
          <input type="date" name="lastDay" value={cal?.lastDay ?? ''} />
        </label>
        <label>
          Holidays and breaks <span class="hint">One per line: a date, or a range like 2025-12-22 to 2026-01-02.</span>
          <textarea name="breaks" style="min-height:8rem">
            {(cal?.closed ?? []).map((c) => (typeof c === 'string' ? c : `${c.from} to ${c.to}`)).join('\n')}
          </textarea>
        </label>
        <div class="actions">
          <button type="submit">Save and continue</button>
          <a href={`/children/${child.id}/setup/iep`}>Skip for now</a>
        </div>
      </form>
    </>
  );
};

export { IepUploadPage, ProvisionReview } from './onboarding-iep.js';
export { ConfirmImportPage } from './onboarding-mailbox.js';
