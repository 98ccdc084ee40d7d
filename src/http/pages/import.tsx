/**
 * Importing a mailbox file: where to get one (numbered steps for Google Takeout and Outlook), the upload
 * form, and the progress of the import, which runs in the background. Every page works without
 * JavaScript (the progress page has a reload link); with it, buttons are disabled once pressed and the
 * progress updates itself.
 */
import type { FC } from 'hono/jsx';
import { raw } from 'hono/html';
import type { children, importJobs } from '../../db/schema.js';
import { scriptNonce } from '../security-headers.js';
import { Csrf } from './layout.js';
import { Steps } from './onboarding-steps.js';

type ChildRow = typeof children.$inferSelect;
type ImportJob = typeof importJobs.$inferSelect;

export const ExportGuides: FC = () => (
  <section aria-labelledby="guides">
    <h2 id="guides">Getting your mail as a file</h2>
    <details>
      <summary>Gmail: export with Google Takeout</summary>
      <ol>
        <li>
          On a computer, open <strong>takeout.google.com</strong> and sign in with the account you write to the school from.
        </li>
        <li>
          Press <strong>Deselect all</strong>, then tick <strong>Mail</strong> only.
        </li>
        <li>
          Optional: press <strong>All Mail data included</strong> and choose only the labels with school mail, for a smaller file.
        </li>
        <li>
          Press <strong>Next step</strong>. Keep <strong>Send download link via email</strong>, <strong>Export once</strong> and
          file type <strong>.zip</strong>, then press <strong>Create export</strong>.
        </li>
        <li>Google emails you when the export is ready (minutes to hours). Download it from the link in that email.</li>
        <li>
          Open the .zip. The mailbox is in <strong>Takeout › Mail</strong>, a file ending in <strong>.mbox</strong> (for example
          “All mail Including Spam and Trash.mbox”). Upload that file below.
        </li>
      </ol>
      <p class="hint">
        Source: Google Account Help, “How to download your Google data” (support.google.com/accounts/answer/3024190).
      </p>
    </details>
    <details>
      <summary>Outlook: save messages as .eml</summary>
      <p>Outlook cannot export a whole mailbox as .mbox. If Outlook can be connected above, that is the easier way.</p>
      <ol>
        <li>In Outlook on the web (outlook.com or Microsoft 365), open a message to or from the school.</li>
        <li>
          Press <strong>⋯</strong> (More actions), then <strong>Save as</strong>. The message is saved as a file ending in
          <strong>.eml</strong>.
        </li>
        <li>Upload that .eml file below. Repeat for each message of the conversation you want tracked.</li>
      </ol>
      <p class="hint">
        In classic Outlook for Windows, “Save As” makes an .msg file, which cannot be read here; use Outlook on the web.
        Source: Microsoft Support, “Save a message as a file” in Outlook (support.microsoft.com).
      </p>
    </details>
  </section>
);

export const MailboxPage: FC<{ csrf: string; child: ChildRow; oauth: { gmail: boolean; outlook: boolean }; available: boolean; imap?: boolean }> = ({ csrf, child, oauth, available, imap }) => (
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
    {imap ? (
      <div class="card" id="connect-imap">
        <h2 style="margin-top:0">Another mailbox</h2>
        <p>Yahoo, iCloud, AOL, Comcast, Fastmail, Zoho, or school or work mail: connect it with an app password. We show you how.</p>
        <a class="button" href={`/connect/imap?child=${child.id}`}>
          Connect by IMAP
        </a>
      </div>
    ) : null}
    {available ? (
      <>
        <form method="post" action={`/children/${child.id}/setup/mailbox`} enctype="multipart/form-data" class="card">
          <Csrf token={csrf} />
          <h2 style="margin-top:0">Import a file</h2>
          <label>
            Mailbox file <span class="hint">An .mbox file (Google Takeout → Mail) or a single .eml message, up to 200 MB.</span>
            <input type="file" name="file" accept=".mbox,.eml" required />
          </label>
          <p class="muted" role="status" data-status="Uploading… a large file can take a minute. Please keep this page open until the next page appears."></p>
          <div class="actions">
            <button type="submit" data-busy="Uploading…">
              Upload
            </button>
          </div>
        </form>
        <ExportGuides />
      </>
    ) : (
      // On Workers there is no disk to keep an upload on while it is read in the background: say so plainly.
      <div class="card" id="import-unavailable">
        <h2 style="margin-top:0">Import a file</h2>
        <p>
          Importing a mailbox file (.mbox or .eml) is not available on this version of Followthrough: it cannot keep an uploaded file while it
          is read. Nothing you upload would be lost, because nothing can be uploaded here.
        </p>
        <p>
          {oauth.gmail || oauth.outlook
            ? 'Connect your mailbox above instead: your school mail is read from it directly, and new mail follows automatically.'
            : 'Connecting Gmail or Outlook is not set up here either. Please ask whoever runs this service to turn one of them on.'}
        </p>
      </div>
    )}
  </>
);

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

export interface ImportProgressView {
  status: ImportJob['status'];
  bytesRead: number;
  bytesTotal: number;
  messagesSeen: number;
  schoolKept: number;
  percent: number | null;
  notice: string | null;
  error: string | null;
}

export function progressView(job: ImportJob, notice: string | null): ImportProgressView {
  const percent = job.status === 'done' ? 100 : job.bytesTotal > 0 ? Math.min(99, Math.floor((job.bytesRead / job.bytesTotal) * 100)) : null;
  return { status: job.status, bytesRead: job.bytesRead, bytesTotal: job.bytesTotal, messagesSeen: job.messagesSeen, schoolKept: job.schoolKept, percent, notice, error: job.error };
}

const PROGRESS_SCRIPT = `
(function(){
  var box=document.getElementById('import-progress'); if(!box||!window.fetch) return;
  var url=box.dataset.poll, done=false;
  function set(id,v){var e=document.getElementById(id); if(e) e.textContent=v;}
  function mb(n){return (n/1048576).toFixed(1)+' MB';}
  function tick(){
    fetch(url,{credentials:'same-origin',headers:{accept:'application/json'}}).then(function(r){return r.ok?r.json():null;}).then(function(j){
      if(!j) return;
      var bar=document.getElementById('import-bar');
      if(j.percent!==null){ bar.value=j.percent; bar.textContent=j.percent+'%'; } 
      set('import-bytes', j.bytesTotal? mb(j.bytesRead)+' of '+mb(j.bytesTotal) : mb(j.bytesRead));
      set('import-seen', String(j.messagesSeen)); set('import-kept', String(j.schoolKept));
      if(j.status==='done'||j.status==='failed'){ done=true; location.reload(); }
    }).catch(function(){}).then(function(){ if(!done) setTimeout(tick,1500); });
  }
  setTimeout(tick,1500);
})();`;

export const ImportProgressPage: FC<{ child: ChildRow; jobId: string; v: ImportProgressView }> = ({ child, jobId, v }) => {
  const running = v.status === 'queued' || v.status === 'running';
  const here = `/children/${child.id}/imports/${jobId}`;
  return (
    <>
      <Steps childId={child.id} current="mailbox" />
      <h1>{running ? 'Importing your mailbox' : v.status === 'done' ? 'Import finished' : 'The import stopped'}</h1>
      {v.status === 'done' && v.notice ? (
        <div class="notice" role="status">
          <p style="margin:0">{v.notice}</p>
        </div>
      ) : null}
      {v.status === 'failed' ? (
        <div class="error" role="alert">
          {v.error ?? 'The import stopped.'}
        </div>
      ) : null}
      <div class="card" id="import-progress" data-poll={`${here}/progress`}>
        <label for="import-bar">Progress</label>
        {v.percent === null ? <progress id="import-bar" aria-label="Import progress" /> : <progress id="import-bar" max={100} value={v.percent}>{`${v.percent}%`}</progress>}
        <dl class="meta" aria-live="polite" style="margin-top:.75rem">
          <dt>Read</dt>
          <dd id="import-bytes">{v.bytesTotal ? `${mb(v.bytesRead)} of ${mb(v.bytesTotal)}` : mb(v.bytesRead)}</dd>
          <dt>Messages found</dt>
          <dd id="import-seen">{v.messagesSeen}</dd>
          <dt>School messages kept</dt>
          <dd id="import-kept">{v.schoolKept}</dd>
        </dl>
      </div>
      {running ? (
        <>
          <p>
            <strong>You can leave this page.</strong> The import goes on without it; come back to this child’s page later, or
            reload this page to see how far it has got.
          </p>
          <p class="actions">
            <a class="button secondary" href={here}>
              Reload progress
            </a>
            <a href={`/children/${child.id}`}>Go to {child.name}’s page</a>
          </p>
          <script nonce={scriptNonce()}>{raw(PROGRESS_SCRIPT)}</script>
        </>
      ) : (
        <p class="actions">
          <a class="button" href={`/children/${child.id}`}>
            {v.status === 'done' ? `See ${child.name}’s requests` : `Back to ${child.name}’s page`}
          </a>
          {v.status === 'failed' ? <a href={`/children/${child.id}/setup/mailbox`}>Upload a file again</a> : null}
        </p>
      )}
    </>
  );
};
