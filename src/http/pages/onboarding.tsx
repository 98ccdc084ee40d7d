import type { FC } from 'hono/jsx';
import type { children, provisions, schoolContacts } from '../../db/schema.js';
import type { Suggestion } from '../../services/onboarding/onboarding.js';
import { US_STATES } from '../../services/onboarding/onboarding.js';
import { Csrf } from './layout.js';
import { BusyScript } from './import.js';

type ChildRow = typeof children.$inferSelect;
const ZONES = ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Phoenix', 'America/Los_Angeles', 'America/Anchorage', 'Pacific/Honolulu'];

export const Steps: FC<{ childId?: string; current: string }> = ({ childId, current }) => {
  const steps = [
    ['child', 'Child'],
    ['contacts', 'School contacts'],
    ['calendar', 'Calendar'],
    ['iep', 'IEP / 504'],
    ['mailbox', 'Mailbox'],
  ] as const;
  return (
    <ol class="steps" aria-label="Set-up steps">
      {steps.map(([k, label], i) => (
        <li class={k === current ? 'current' : ''} aria-current={k === current ? 'step' : undefined}>
          {childId && k !== current ? <a href={`/children/${childId}/setup/${k}`}>{`${i + 1}. ${label}`}</a> : `${i + 1}. ${label}`}
        </li>
      ))}
    </ol>
  );
};

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
            <form method="post" action={`/children/${p.child.id}/contacts/${c.id}/delete`} style="display:inline">
              <Csrf token={p.csrf} />
              <button class="link" type="submit" aria-label={`Remove ${c.value}`}>
                Remove
              </button>
            </form>
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

export const IepUploadPage: FC<{ csrf: string; child: ChildRow }> = ({ csrf, child }) => (
  <>
    <Steps childId={child.id} current="iep" />
    <h1>The IEP or 504 plan</h1>
    <p>
      We read the services, accommodations, goals and key dates, so follow-ups can quote the exact line. You will review what we found.
      The document stays in your account.
    </p>
    <form method="post" action={`/children/${child.id}/setup/iep`} enctype="multipart/form-data" class="card">
      <Csrf token={csrf} />
      <label>
        Document <span class="hint">PDF, Word (.docx) or text, up to 25 MB.</span>
        <input type="file" name="file" accept=".pdf,.docx,.txt" required />
      </label>
      <label>
        It is
        <select name="kind">
          <option value="iep">an IEP</option>
          <option value="504">a Section 504 plan</option>
        </select>
      </label>
      <div class="actions">
        <button type="submit">Upload and read</button>
        <a href={`/children/${child.id}/setup/mailbox`}>Skip for now</a>
      </div>
    </form>
  </>
);

type ProvisionRow = typeof provisions.$inferSelect;
const TYPES = [
  ['service', 'Service'],
  ['accommodation', 'Accommodation'],
  ['goal', 'Goal'],
  ['key_date', 'Key date'],
  ['other', 'Other'],
] as const;

const ProvisionFields: FC<{ p?: ProvisionRow }> = ({ p }) => (
  <>
    <label>
      Text, as written in the IEP
      <textarea name="text" style="min-height:5rem" required>
        {p?.text ?? ''}
      </textarea>
    </label>
    <label>
      Type
      <select name="type">
        {TYPES.map(([v, l]) => (
          <option value={v} selected={(p?.type ?? 'service') === v}>
            {l}
          </option>
        ))}
      </select>
    </label>
    <label>
      Section <span class="hint">Optional</span>
      <input type="text" name="section" value={p?.section ?? ''} />
    </label>
    <label>
      Page <span class="hint">Optional</span>
      <input type="number" name="page" min={1} value={p?.page ?? ''} />
    </label>
    <label>
      Date <span class="hint">For key dates (annual review, reevaluation…)</span>
      <input type="date" name="date" value={typeof p?.details?.['date'] === 'string' ? (p.details['date'] as string) : ''} />
    </label>
  </>
);

export const ProvisionReview: FC<{ csrf: string; child: ChildRow; list: ProvisionRow[] }> = ({ csrf, child, list }) => (
  <>
    <Steps childId={child.id} current="iep" />
    <h1>What the IEP says</h1>
    <p>
      Please check this list: fix anything we read wrong, delete what does not belong and add what we missed. Follow-ups quote these words.
    </p>
    <p>
      <a class="button" href={`/children/${child.id}/setup/mailbox`}>
        Looks right: continue
      </a>
    </p>
    {list.length === 0 ? <p class="muted">No provisions yet.</p> : null}
    {list.map((p) => (
      <details class="card">
        <summary>
          <strong>{TYPES.find(([v]) => v === p.type)?.[1]}</strong>: {p.text.length > 110 ? `${p.text.slice(0, 110)}…` : p.text}{' '}
          <span class="muted">{[p.section, p.page ? `page ${p.page}` : ''].filter(Boolean).join(', ')}</span>
        </summary>
        <form method="post" action={`/provisions/${p.id}`}>
          <Csrf token={csrf} />
          <ProvisionFields p={p} />
          <div class="actions">
            <button type="submit">Save</button>
          </div>
        </form>
        <form method="post" action={`/provisions/${p.id}/delete`}>
          <Csrf token={csrf} />
          <button type="submit" class="secondary">
            Delete
          </button>
        </form>
      </details>
    ))}
    <h2>Add a provision</h2>
    <form method="post" action={`/children/${child.id}/provisions`} class="card">
      <Csrf token={csrf} />
      <ProvisionFields />
      <div class="actions">
        <button type="submit">Add</button>
      </div>
    </form>
    <p>
      <a href={`/children/${child.id}/setup/iep`}>Upload another document</a>
    </p>
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
        <button type="submit" data-busy="Starting the import…">
          Import and analyze
        </button>
      </div>
    </form>
    <BusyScript />
  </>
);
