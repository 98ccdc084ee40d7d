import type { Child, FC, PropsWithChildren } from 'hono/jsx';
import { raw } from 'hono/html';
import { scriptNonce } from '../security-headers.js';

/**
 * One press per form, for every page (the only copy: a second document-level listener with its own "already
 * sent" flag would see the first one's flag and cancel every submit on the page — issue 14 defect 4's "Set"
 * that posted nothing was two follow-up plans' copies of such a script). On submit the form's buttons are
 * disabled (after the browser has read the pressed one), the pressed button shows its data-busy text, the
 * form's [data-status] line its text, and a second submit of the same form is ignored. The server still treats
 * repeats as no-ops; a page restored from the back/forward cache gets its buttons back.
 */
const SUBMIT_ONCE = `document.addEventListener('submit',function(e){var f=e.target;if(!(f instanceof HTMLFormElement)||e.defaultPrevented)return;
if(f.dataset.once){e.preventDefault();return;}f.dataset.once='1';var b=e.submitter;
var s=f.querySelector('[data-status]');if(s&&s.dataset.status)s.textContent=s.dataset.status;
setTimeout(function(){f.querySelectorAll('button,input[type=submit]').forEach(function(x){x.disabled=true;x.setAttribute('aria-disabled','true');});if(b&&b.dataset.busy){b.dataset.idle=b.textContent;b.textContent=b.dataset.busy;}},0);});
window.addEventListener('pageshow',function(){document.querySelectorAll('form[data-once]').forEach(function(f){delete f.dataset.once;f.querySelectorAll('button,input[type=submit]').forEach(function(x){x.disabled=false;x.removeAttribute('aria-disabled');if(x.dataset.idle){x.textContent=x.dataset.idle;delete x.dataset.idle;}});});});`;

export const CSS = `
:root{--ink:#1f2933;--muted:#52606d;--line:#d9e2ec;--bg:#fbfaf7;--card:#fff;--accent:#2f5d8a;--accent-ink:#fff;
--amber-bg:#fdf3e1;--amber-ink:#7a4b00;--amber-line:#e9c98f;--green-bg:#e8f4ec;--green-ink:#1e5631;--blue-bg:#e8f0f8;--blue-ink:#234a6d;--grey-bg:#eef1f4}
*{box-sizing:border-box}
body{margin:0;font:17px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
a{color:var(--accent)} a:hover{text-decoration-thickness:2px}
:focus-visible{outline:3px solid #1a73e8;outline-offset:2px;border-radius:4px}
header.top{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;justify-content:space-between;padding:.75rem 1rem;border-bottom:1px solid var(--line);background:var(--card)}
header.top .brand{font-weight:600;color:var(--ink);text-decoration:none}
nav.main{display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:center}
nav.main form{display:inline;margin:0}
main{max-width:46rem;margin:0 auto;padding:1.25rem 1rem 3rem}
h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0 1rem} h2{font-size:1.25rem;margin:2rem 0 .75rem} h3{font-size:1.05rem;margin:1.25rem 0 .5rem}
p{margin:.5rem 0 1rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:1rem 1.1rem;margin:0 0 1rem}
.card.overdue{border-color:var(--amber-line);background:var(--amber-bg)}
.muted,small{color:var(--muted)}
.badge{display:inline-block;font-size:.85rem;font-weight:600;padding:.1rem .55rem;border-radius:999px;background:var(--grey-bg);color:var(--ink)}
.badge.overdue{background:#f6e2bd;color:var(--amber-ink)} .badge.awaiting{background:var(--blue-bg);color:var(--blue-ink)}
.badge.acknowledged{background:var(--grey-bg);color:#3e4c59} .badge.answered,.badge.resolved,.badge.kept,.badge.sent{background:var(--green-bg);color:var(--green-ink)}
.badge.missed{background:#f6e2bd;color:var(--amber-ink)} .badge.pending{background:var(--blue-bg);color:var(--blue-ink)}
ul.todo{padding-left:1.2rem} ul.todo li{margin:.35rem 0}
label{display:block;font-weight:600;margin:.9rem 0 .3rem}
.hint{font-weight:400;color:var(--muted);font-size:.92rem;display:block}
input[type=text],input[type=email],input[type=password],input[type=date],input[type=number],input[type=file],select,textarea{width:100%;font:inherit;padding:.6rem .7rem;border:1px solid #6b7785;border-radius:8px;background:#fff;color:var(--ink);font-weight:400;margin-top:.3rem}
textarea{min-height:16rem;line-height:1.5}
input[type=checkbox],input[type=radio]{width:1.15rem;height:1.15rem;vertical-align:middle;margin-right:.4rem}
label.choice{font-weight:400;overflow-wrap:anywhere;margin:.4rem 0}
fieldset{border:0;padding:0;margin:.5rem 0;min-width:0}
legend{font-weight:600;padding:0}
.check{font-weight:400;display:flex;align-items:center;gap:.2rem;margin:.4rem 0}
button,.button{display:inline-block;font:inherit;font-weight:600;padding:.6rem 1.1rem;border-radius:8px;border:1px solid var(--accent);background:var(--accent);color:var(--accent-ink);cursor:pointer;text-decoration:none;margin:.25rem .5rem .25rem 0;min-height:44px}
button.secondary,.button.secondary{background:#fff;color:var(--accent)}
button[disabled]{opacity:.6;cursor:progress}
button.link{background:none;border:none;color:var(--accent);text-decoration:underline;padding:0;min-height:auto;font-weight:400}
.actions{display:flex;flex-wrap:wrap;gap:.25rem;align-items:center;margin-top:1rem}
.notice{border-left:4px solid var(--accent);background:var(--blue-bg);padding:.75rem 1rem;border-radius:6px;margin:1rem 0}
.error{border-left:4px solid var(--amber-ink);background:var(--amber-bg);padding:.75rem 1rem;border-radius:6px;margin:1rem 0;color:var(--amber-ink)}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:0} dl.meta dt{color:var(--muted)} dl.meta dd{margin:0;overflow-wrap:anywhere}
.addr{overflow-wrap:anywhere}
blockquote{margin:.5rem 0;padding:.5rem .9rem;border-left:3px solid var(--amber-line);background:#fffaf0}
mark.request{background:#fdeec9;color:inherit;padding:0 .1rem;border-radius:3px}
mark.tone{background:none;color:inherit;text-decoration:underline wavy #b7791f;text-decoration-thickness:2px;text-underline-offset:3px}
pre.mail{white-space:pre-wrap;word-break:break-word;font:inherit;margin:.5rem 0}
details{margin:.5rem 0} summary{cursor:pointer;color:var(--muted)}
ol.timeline{list-style:none;padding:0;margin:0} ol.timeline>li{margin:0 0 1rem}
.steps{display:flex;flex-wrap:wrap;gap:.25rem .75rem;padding:0;list-style:none;font-size:.92rem;color:var(--muted)} .steps .current{color:var(--ink);font-weight:600}
table{border-collapse:collapse;width:100%} th,td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
footer.legal{max-width:46rem;margin:0 auto;padding:1rem;color:var(--muted);font-size:.92rem;border-top:1px solid var(--line)}
.tone-findings li{margin:.3rem 0}
.preview{position:relative}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem 1rem;z-index:10} .skip:focus{left:.5rem}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (min-width:48rem){main{padding-top:2rem} h1{font-size:1.9rem}}
`;

export interface LayoutProps {
  title: string;
  csrf?: string;
  signedIn?: { name: string | null; email: string } | null;
  flash?: string | null;
  error?: string | null;
}

export const Layout: FC<PropsWithChildren<LayoutProps>> = (props) => (
  <>
    {raw('<!doctype html>')}
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="csrf-token" content={props.csrf ?? ''} />
        <title>{`${props.title} · Followthrough`}</title>
        <style>{raw(CSS)}</style>
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="top">
          <a class="brand" href={props.signedIn ? '/app' : '/'}>
            Followthrough
          </a>
          {props.signedIn ? (
            <nav class="main" aria-label="Main">
              <a href="/app">Children</a>
              <a href="/audit">Record</a>
              <a href="/settings">Settings</a>
              <form method="post" action="/signout">
                <input type="hidden" name="_csrf" value={props.csrf} />
                <button class="link" type="submit">
                  Sign out
                </button>
              </form>
            </nav>
          ) : (
            <nav class="main" aria-label="Main">
              <a href="/signin">Sign in</a>
              <a href="/signup">Create an account</a>
            </nav>
          )}
        </header>
        <main id="main">
          {props.flash ? (
            <div class="notice" role="status">
              {props.flash}
            </div>
          ) : null}
          {props.error ? (
            <div class="error" role="alert">
              {props.error}
            </div>
          ) : null}
          {props.children}
        </main>
        <footer class="legal">
          <p>
            <strong>This is not legal advice.</strong> Followthrough tracks your written requests and suggests calm
            follow-ups; deadlines come from a rule table with citations and may not fit your situation. Nothing is sent
            to the school unless you approve it.
          </p>
        </footer>
        <script nonce={scriptNonce()}>{raw(SUBMIT_ONCE)}</script>
      </body>
    </html>
  </>
);

export const Csrf: FC<{ token: string }> = ({ token }) => <input type="hidden" name="_csrf" value={token} />;

/** A one-button form inside a line of a list ("Remove"): posts to `action` with the CSRF token; `label` names what it removes. */
export const InlineAction: FC<{ action: string; csrf: string; label: string; text: string }> = (p) => (
  <form method="post" action={p.action} style="display:inline">
    <Csrf token={p.csrf} />
    <button class="link" type="submit" aria-label={p.label}>
      {p.text}
    </button>
  </form>
);

export const Field: FC<{ label: string; hint?: string; children?: Child }> = ({ label, hint, children }) => (
  <label>
    {label}
    {hint ? <span class="hint">{hint}</span> : null}
    {children}
  </label>
);
