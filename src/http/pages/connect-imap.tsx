/**
 * Connecting any other mailbox by IMAP/SMTP: pick the provider (its servers are filled in and its
 * app-password steps shown), enter the address and an app password, "Test connection" names exactly what
 * failed (server name, secure connection, password, folders, sending), then "Connect".
 */
import type { FC } from 'hono/jsx';
import { raw } from 'hono/html';
import type { ImapPreset } from '../../mail/imap/presets.js';
import type { Diagnosis } from '../../services/mailbox/imap-connection.js';
import { scriptNonce } from '../security-headers.js';
import { Csrf } from './layout.js';

export interface ImapFormValues {
  preset: string;
  address: string;
  user: string;
  imapHost: string;
  imapPort: string;
  imapSecurity: 'tls' | 'starttls';
  smtpHost: string;
  smtpPort: string;
  smtpSecurity: 'tls' | 'starttls';
  child: string;
}

const STEP_NAMES: Record<string, string> = {
  dns: 'Server name',
  connect: 'Reaching the server',
  tls: 'Secure connection',
  login: 'Sign-in',
  folder: 'Folders',
  smtp: 'Sending',
};

export const DiagnosisResult: FC<{ d: Diagnosis | null }> = ({ d }) => (
  <div id="diagnosis" role="status" aria-live="polite">
    {d === null ? null : d.ok ? (
      <p class="ok" data-ok="true">
        <strong>Connection works.</strong> Signed in, {d.folders.count} folders found
        {d.folders.sent ? `, Sent is "${d.folders.sent}"` : ''}; sending works.{' '}
        {d.idle ? 'New mail will show up within a minute.' : 'New mail will be checked every few minutes.'}
      </p>
    ) : (
      <p class="error" data-step={d.step}>
        <strong>{STEP_NAMES[d.step] ?? 'Connection'} failed.</strong> {d.message}
      </p>
    )}
  </div>
);

// Test without leaving the page (the password stays typed in); without JavaScript the form posts and the
// page comes back with the result.
const SCRIPT = `
(function(){
  var form=document.getElementById('imap-form'); if(!form||!window.fetch) return;
  var out=document.getElementById('diagnosis');
  var token=document.querySelector('meta[name=csrf-token]').content;
  form.addEventListener('submit',function(ev){
    var btn=ev.submitter; if(!btn||btn.value!=='test') return;
    ev.preventDefault(); btn.disabled=true; out.innerHTML='<p class="muted">Testing…</p>';
    fetch('/connect/imap/test',{method:'POST',body:new FormData(form),headers:{'x-csrf-token':token},credentials:'same-origin'})
      .then(function(r){return r.text();}).then(function(html){ out.outerHTML=html; out=document.getElementById('diagnosis'); })
      .catch(function(){ out.innerHTML='<p class="error">The test could not be run. Please try again.</p>'; })
      .finally(function(){ btn.disabled=false; });
  });
})();`;

const Security: FC<{ name: string; value: 'tls' | 'starttls' }> = ({ name, value }) => (
  <select name={name}>
    <option value="tls" selected={value === 'tls'}>
      TLS from the start (ports 993 / 465)
    </option>
    <option value="starttls" selected={value === 'starttls'}>
      STARTTLS (ports 143 / 587)
    </option>
  </select>
);

/** One server's host, port and security fields; the form names are `<prefix>_host`, `_port`, `_security`. */
const ServerFields: FC<{ protocol: 'IMAP' | 'SMTP'; label: string; prefix: 'imap' | 'smtp'; host: string; port: string; security: 'tls' | 'starttls' }> = (f) => (
  <>
    <label>
      {f.label}
      <input type="text" name={`${f.prefix}_host`} value={f.host} required />
    </label>
    <label>
      {f.protocol} port
      <input type="number" name={`${f.prefix}_port`} value={f.port} min="1" max="65535" required />
    </label>
    <label>
      {f.protocol} security <Security name={`${f.prefix}_security`} value={f.security} />
    </label>
  </>
);

export const ImapConnectPage: FC<{ csrf: string; presets: readonly ImapPreset[]; preset: ImapPreset | null; values: ImapFormValues; diagnosis: Diagnosis | null; oauth: { gmail: boolean; outlook: boolean } }> = (p) => {
  const v = p.values;
  const q = (id: string) => `/connect/imap?preset=${id}${v.child ? `&child=${encodeURIComponent(v.child)}` : ''}`;
  return (
    <>
      <h1>Connect another mailbox</h1>
      <p>
        Yahoo, iCloud, AOL, Comcast, Fastmail, Zoho, or mail from your school or employer: we read it over IMAP and send your approved follow-ups
        over SMTP, from your own address. We keep only the messages to or from the school.
      </p>
      <nav class="card" aria-label="Your email provider">
        <p>
          <strong>Who provides your email?</strong>
        </p>
        <ul class="presets">
          {p.presets.map((x) => (
            <li>
              <a href={q(x.id)} aria-current={p.preset?.id === x.id ? 'true' : undefined}>
                {x.name}
              </a>
            </li>
          ))}
          <li>
            <a href={q('other')} aria-current={!p.preset ? 'true' : undefined}>
              Another provider
            </a>
          </li>
        </ul>
      </nav>
      {p.preset ? (
        <div class="card" id="preset-steps">
          <h2 style="margin-top:0">{p.preset.name}: making an app password</h2>
          <p class="muted">
            An app password is a separate password for one app. It is not your normal password, and you can remove it at your provider any time, which
            disconnects us.
          </p>
          <ol>
            {p.preset.steps.map((s) => (
              <li>{s}</li>
            ))}
          </ol>
          {p.preset.appPasswordUrl ? (
            <p>
              <a href={p.preset.appPasswordUrl} target="_blank" rel="noopener noreferrer">
                Open {p.preset.name.replace(/ \(.*\)$/, '')}’s app-password page
              </a>
            </p>
          ) : null}
          {p.preset.useInstead === 'outlook' && p.oauth.outlook ? (
            <p>
              <a class="button" href="/connect/outlook">
                Connect Outlook
              </a>
            </p>
          ) : null}
          <p class="hint">
            Server settings as published by the provider: <a href={p.preset.source}>{p.preset.source}</a>
          </p>
        </div>
      ) : (
        <p class="muted">Your provider’s help pages list its IMAP and SMTP servers; search for “IMAP settings” and your provider’s name.</p>
      )}
      <form method="post" action="/connect/imap" class="card" id="imap-form">
        <Csrf token={p.csrf} />
        <input type="hidden" name="preset" value={v.preset} />
        <input type="hidden" name="child" value={v.child} />
        <label>
          Email address
          <input type="email" name="address" value={v.address} autocomplete="email" required />
        </label>
        <label>
          App password <span class="hint">Made at your provider for Followthrough. Not your normal password.</span>
          <input type="password" name="password" autocomplete="off" required />
        </label>
        <details open={!p.preset}>
          <summary>Server settings{p.preset ? ` (filled in for ${p.preset.name})` : ''}</summary>
          <label>
            User name <span class="hint">Usually your email address; leave empty to use it.</span>
            <input type="text" name="user" value={v.user} autocomplete="username" />
          </label>
          <ServerFields protocol="IMAP" label="Incoming (IMAP) server" prefix="imap" host={v.imapHost} port={v.imapPort} security={v.imapSecurity} />
          <ServerFields protocol="SMTP" label="Outgoing (SMTP) server" prefix="smtp" host={v.smtpHost} port={v.smtpPort} security={v.smtpSecurity} />
        </details>
        <DiagnosisResult d={p.diagnosis} />
        <div class="actions">
          <button type="submit" name="action" value="test" class="secondary">
            Test connection
          </button>
          <button type="submit" name="action" value="connect">
            Connect
          </button>
        </div>
        <p class="hint">The password is stored encrypted and used only to reach this mailbox. Connecting tests it first.</p>
      </form>
      <script nonce={scriptNonce()}>{raw(SCRIPT)}</script>
    </>
  );
};
