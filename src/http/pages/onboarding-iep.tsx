/** The IEP / 504 step: uploading the plan and reviewing the provisions read from it. */
import type { FC } from 'hono/jsx';
import type { provisions } from '../../db/schema.js';
import { Csrf } from './layout.js';
import { type ChildRow, Steps } from './onboarding-steps.js';

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
