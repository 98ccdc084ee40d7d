import type { FC } from 'hono/jsx';
import { scriptNonce } from '../security-headers.js';
import { raw } from 'hono/html';
import type { auditEvents, drafts } from '../../db/schema.js';
import type { ToneFinding } from '../../core/tone.js';
import { formatInstant } from '../util.js';
import { addDays } from '../../core/calendar/local-time.js';
import { describeEvent } from './audit-labels.js';
import { unconfirmedAdvice, type SendingMailbox } from './send-check.js';

const DRAFT_STATUS: Record<string, string> = {
  pending: 'Waiting for your review',
  approved: 'Approved, not sent yet',
  sending: 'Sending',
  unconfirmed: 'Sent? Please check',
  sent: 'Sent',
  saved: 'Saved to your drafts',
  snoozed: 'Snoozed',
  dismissed: 'Dismissed',
};
import { Csrf } from './layout.js';
import { SendYourself } from './send-yourself.js';

type DraftRow = typeof drafts.$inferSelect;

/** The text with each finding underlined (server-side rendering, also used without JavaScript). */
export const TonePreview: FC<{ text: string; findings: ToneFinding[] }> = ({ text, findings }) => {
  const parts: Array<string | ToneFinding> = [];
  let at = 0;
  for (const f of [...findings].sort((a, b) => a.start - b.start)) {
    if (f.start < at) continue;
    parts.push(text.slice(at, f.start), f);
    at = f.end;
  }
  parts.push(text.slice(at));
  return (
    <pre class="mail" id="tone-preview" aria-live="polite">
      {parts.map((p) => (typeof p === 'string' ? p : <mark class="tone" title={p.message}>{p.match}</mark>))}
    </pre>
  );
};

export const ToneList: FC<{ findings: ToneFinding[]; checked: boolean }> = ({ findings, checked }) => (
  <div id="tone-findings" role="status" aria-live="polite">
    {findings.length ? (
      <>
        <p>
          <strong>Tone check: {findings.length} suggestion{findings.length === 1 ? '' : 's'}</strong>
        </p>
        <ul class="tone-findings">
          {findings.map((f) => (
            <li>
              <mark class="tone">{f.match}</mark> — {f.message}
            </li>
          ))}
        </ul>
      </>
    ) : checked ? (
      <p class="muted">Tone check: calm and factual. Nothing to change.</p>
    ) : null}
  </div>
);

const SCRIPT = `
(function(){
  var body=document.getElementById('body'); if(!body||!window.fetch) return;
  var token=document.querySelector('meta[name=csrf-token]').content;
  var list=document.getElementById('tone-findings'), preview=document.getElementById('tone-preview');
  var timer=null, seq=0;
  function esc(s){return s.replace(/[&<>"]/g,function(c){return {'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c];});}
  function render(text, findings){
    var out='', at=0;
    findings.slice().sort(function(a,b){return a.start-b.start;}).forEach(function(f){
      if(f.start<at) return; out+=esc(text.slice(at,f.start))+'<mark class="tone" title="'+esc(f.message)+'">'+esc(f.match)+'</mark>'; at=f.end;});
    preview.innerHTML=out+esc(text.slice(at));
    var det=preview.closest('details'); if(det&&findings.length) det.open=true;
    if(!findings.length){ list.innerHTML='<p class="muted">Tone check: calm and factual. Nothing to change.</p>'; return; }
    list.innerHTML='<p><strong>Tone check: '+findings.length+' suggestion'+(findings.length===1?'':'s')+'</strong></p><ul class="tone-findings">'+
      findings.map(function(f){return '<li><mark class="tone">'+esc(f.match)+'</mark> — '+esc(f.message)+'</li>';}).join('')+'</ul>';
  }
  function check(){
    var text=body.value, mine=++seq;
    fetch('/api/tone',{method:'POST',headers:{'content-type':'application/json','x-csrf-token':token},body:JSON.stringify({text:text}),credentials:'same-origin'})
      .then(function(r){return r.ok?r.json():null;}).then(function(j){ if(j&&mine===seq) render(text,j.findings); }).catch(function(){});
  }
  body.addEventListener('input',function(){ clearTimeout(timer); timer=setTimeout(check,250); });
})();`;

export const DraftPage: FC<{
  csrf: string;
  draft: DraftRow;
  from: string;
  fromConnected: boolean;
  delivery: 'send' | 'draft';
  findings: ToneFinding[];
  checked: boolean;
  /** Approve was pressed on a text with tone findings: ask "Send anyway?" before anything is approved. */
  confirmTone: boolean;
  /** The local date of "now" (the demo clock for the demo family): snoozing starts the day after. */
  today: string;
  events: Array<typeof auditEvents.$inferSelect>;
  timezone: string;
  backHref: string;
  /** The mailto: link for "Open in my email app"; null when the letter is too long for one. */
  mailto: string | null;
  /** The kind of mailbox an unconfirmed send went from: what the parent should check depends on it. */
  sendingMailbox: SendingMailbox;
}> = (p) => {
  const d = p.draft;
  const editable = d.status === 'pending' || d.status === 'snoozed' || d.status === 'approved';
  const advice = unconfirmedAdvice(p.sendingMailbox);
  return (
    <>
      <p>
        <a href={p.backHref}>← Back</a>
      </p>
      <h1>Review the follow-up</h1>
      <p>
        Status: <span class={`badge ${d.status}`}>{DRAFT_STATUS[d.status] ?? d.status}</span>
        {d.snoozedUntil && d.status === 'snoozed' ? ` until ${formatInstant(d.snoozedUntil, p.timezone)}` : ''}
        {d.sentAt ? ` · sent ${formatInstant(d.sentAt, p.timezone)}` : ''}
      </p>
      {editable ? (
        <p>
          This is exactly what will be sent{p.delivery === 'draft' ? ' to your mailbox’s Drafts folder' : ''}. Nothing goes to the school until you
          press <strong>{p.delivery === 'draft' ? 'Approve and save to my drafts' : 'Approve and send'}</strong>.
        </p>
      ) : null}
      {d.status === 'unconfirmed' ? (
        <div class="card" id="unconfirmed">
          <p>
            <strong>Did this reach the school?</strong> Sending was interrupted and we could not confirm that it went out. {advice.check} We will not
            send it again unless you ask.
          </p>
          <form method="post" action={`/drafts/${d.id}`}>
            <Csrf token={p.csrf} />
            <button type="submit" name="action" value="confirm_sent">
              {advice.found}
            </button>
            <button type="submit" name="action" value="resend" class="secondary">
              {advice.notFound}
            </button>
          </form>
        </div>
      ) : null}
      <form method="post" action={`/drafts/${d.id}`} class="card">
        <Csrf token={p.csrf} />
        <dl class="meta">
          <dt>From</dt>
          <dd>{p.fromConnected ? p.from : `${p.from} (connect Gmail, Outlook or another mailbox by IMAP to send from the app, or send it yourself)`}</dd>
        </dl>
        <label>
          To
          <input type="text" name="to" value={d.toAddresses.join(', ')} readonly={!editable} />
        </label>
        <label>
          Cc
          <input type="text" name="cc" value={d.ccAddresses.join(', ')} readonly={!editable} />
        </label>
        <label>
          Subject
          <input type="text" name="subject" value={d.subject} readonly={!editable} />
        </label>
        <label for="body">Message</label>
        <textarea id="body" name="body" readonly={!editable} aria-describedby="tone-findings">
          {d.body}
        </textarea>
        <ToneList findings={p.findings} checked={p.checked} />
        {editable && p.confirmTone && p.findings.length ? (
          <div class="error" id="tone-confirm" role="alert">
            <p>
              <strong>Send anyway?</strong> The tone check found {p.findings.length === 1 ? 'something' : `${p.findings.length} things`} that may
              read as less than calm. Your text is saved as you wrote it; nothing was approved or sent.
            </p>
            <ul class="tone-findings">
              {p.findings.map((f) => (
                <li>
                  <mark class="tone">{f.match}</mark> — {f.message}
                </li>
              ))}
            </ul>
            <div class="actions">
              <button type="submit" name="action" value="approve_anyway">
                {p.delivery === 'draft' ? 'Save to my drafts anyway' : 'Send anyway'}
              </button>
              <a href={`/drafts/${d.id}#body`}>Edit the text first</a>
            </div>
          </div>
        ) : null}
        <details open={p.findings.length > 0}>
          <summary>Your letter with tone suggestions underlined</summary>
          <TonePreview text={d.body} findings={p.findings} />
        </details>
        {editable ? (
          <div class="actions">
            <button type="submit" name="action" value="approve">
              {p.delivery === 'draft' ? 'Approve and save to my drafts' : 'Approve and send'}
            </button>
            <button type="submit" name="action" value="save" class="secondary">
              Save changes
            </button>
            <button type="submit" name="action" value="check" class="secondary">
              Check tone
            </button>
            {d.status === 'approved' ? (
              <button type="submit" name="action" value="send" class="secondary">
                Send now
              </button>
            ) : null}
          </div>
        ) : null}
      </form>
      {d.status === 'approved' ? <SendYourself csrf={p.csrf} draft={d} mailto={p.mailto} connected={p.fromConnected} /> : null}
      {d.status === 'pending' || d.status === 'snoozed' ? (
        <div class="card">
          <form method="post" action={`/drafts/${d.id}`}>
            <Csrf token={p.csrf} />
            <input type="hidden" name="action" value="snooze" />
            <label>
              Not now: remind me on
              <input type="date" name="until" min={addDays(p.today, 1)} required />
            </label>
            <button type="submit" class="secondary">
              Snooze
            </button>
          </form>
          <form method="post" action={`/drafts/${d.id}`}>
            <Csrf token={p.csrf} />
            <input type="hidden" name="action" value="dismiss" />
            <button type="submit" class="secondary">
              Dismiss this draft
            </button>
          </form>
        </div>
      ) : null}
      <h2>History of this follow-up</h2>
      {p.events.length ? (
        <ul id="draft-audit">
          {p.events.map((e) => (
            <li>
              {formatInstant(e.at, p.timezone)}: {describeEvent(e)}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">Nothing yet.</p>
      )}
      {editable ? <script nonce={scriptNonce()}>{raw(SCRIPT)}</script> : null}
    </>
  );
};
