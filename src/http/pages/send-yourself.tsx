/**
 * "Send it yourself" on an approved draft: for a parent with no live mailbox (or whose mailbox could not send
 * it). Three ways to get the exact approved text out of their own email app, then "I sent it".
 */
import type { FC } from 'hono/jsx';
import { raw } from 'hono/html';
import type { drafts } from '../../db/schema.js';
import { scriptNonce } from '../security-headers.js';
import { Csrf } from './layout.js';

type DraftRow = typeof drafts.$inferSelect;

// Clipboard copy where the browser allows it; otherwise the text is selected for the parent to copy.
const COPY_SCRIPT = `
(function(){
  document.querySelectorAll('[data-copy]').forEach(function(btn){
    btn.hidden=false;
    btn.addEventListener('click',function(){
      var el=document.getElementById(btn.getAttribute('data-copy')); if(!el) return;
      var done=function(){ var s=document.getElementById('copy-status'); if(s) s.textContent='Copied. Paste it into a new email to the recipients shown.'; };
      el.focus(); el.select();
      if(navigator.clipboard&&navigator.clipboard.writeText){ navigator.clipboard.writeText(el.value).then(done,function(){ document.execCommand('copy'); done(); }); }
      else { document.execCommand('copy'); done(); }
    });
  });
})();`;

export const SendYourself: FC<{ csrf: string; draft: DraftRow; mailto: string | null; connected: boolean }> = ({ csrf, draft: d, mailto, connected }) => (
  <div class="card" id="send-yourself">
    <h2>Approved, not sent yet</h2>
    <p>
      {connected
        ? 'If your mailbox cannot send it, you can send it from your own email app:'
        : 'There is no connected mailbox to send from, so please send it from your own email app. Use any one of these:'}
    </p>
    <dl class="meta">
      <dt>To</dt>
      <dd id="copy-to">{d.toAddresses.join(', ')}</dd>
      {d.ccAddresses.length ? (
        <>
          <dt>Cc</dt>
          <dd id="copy-cc">{d.ccAddresses.join(', ')}</dd>
        </>
      ) : null}
      <dt>Subject</dt>
      <dd id="copy-subject">{d.subject}</dd>
    </dl>
    <h3>1. Copy the text</h3>
    <label for="copy-body">The approved message, exactly as approved</label>
    <textarea id="copy-body" readonly rows={8}>
      {d.body}
    </textarea>
    <p>
      <button type="button" class="secondary" data-copy="copy-body" hidden>
        Copy the text
      </button>{' '}
      <span id="copy-status" role="status" aria-live="polite"></span>
    </p>
    <h3>2. Open in my email app</h3>
    {mailto ? (
      <p>
        <a class="button secondary" id="mailto-link" href={mailto}>
          Open in my email app
        </a>{' '}
        <span class="muted">A new email opens with the recipients, subject and text filled in. If nothing opens, copy the text instead.</span>
      </p>
    ) : (
      <p class="muted" id="mailto-too-long">
        This letter is too long to hand to an email app by a link without cutting it short. Copy the text instead, or download it as a draft.
      </p>
    )}
    <h3>3. Download as an email draft</h3>
    <p>
      <a class="button secondary" id="eml-link" href={`/drafts/${d.id}/eml`}>
        Download as an email draft
      </a>{' '}
      <span class="muted">Outlook, Apple Mail and Thunderbird open it as a draft in reply to the school’s message. Press Send there.</span>
    </p>
    <form method="post" action={`/drafts/${d.id}`}>
      <Csrf token={csrf} />
      <p>Once it has gone out from your email app, tell us, so it is recorded and leaves the “not sent yet” list:</p>
      <button type="submit" name="action" value="sent_by_parent">
        I sent it
      </button>
    </form>
    <script nonce={scriptNonce()}>{raw(COPY_SCRIPT)}</script>
  </div>
);
