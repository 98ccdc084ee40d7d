/**
 * Worker test under `wrangler dev` with the OAuth variables set: the Worker's web app is built with its
 * configuration (src/compose/workers.ts), so a signed-in parent's GET /connect/gmail redirects to Google's
 * consent page instead of answering provider_not_configured; and a draft the parent approves in the Worker's
 * web app reaches the fake Gmail (GMAIL_API_URL points the Worker's googleapis client at it), exactly once,
 * with the Message-ID fixed at approval; and "Try it with a demo family" builds the demo family in workerd (its
 * sample mail is bundled, not read from disk) and lands on the home page. Run: npx tsx test/worker/connect.ts
 * (needs the local Postgres that wrangler.toml's Hyperdrive binding points at).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { and, eq, gte, like } from 'drizzle-orm';
import { openDb } from '../../src/db/client.js';
import { applyMigrations } from '../../src/db/migrate.js';
import { readMigrations } from '../../src/db/migrations-fs.js';
import { accounts, drafts, mailboxConnections } from '../../src/db/schema.js';
import { parseKeyring } from '../../src/security/crypto.js';
import { createSession } from '../../src/services/accounts/sessions.js';
import { sealTokens } from '../../src/services/mailbox/token-store-db.js';
import { FakeGmailServer } from '../fakes/gmail-server.js';
import { setCookies } from '../http/client.js';

const toml = readFileSync(new URL('../../wrangler.toml', import.meta.url), 'utf8');
const url = /localConnectionString\s*=\s*"([^"]+)"/.exec(toml)?.[1];
if (!url) throw new Error('wrangler.toml has no localConnectionString');
const port = 8990 + Math.floor(Math.random() * 9);

const vars: Record<string, string> = {
  APP_URL: `http://127.0.0.1:${port}`,
  SESSION_SECRET: randomBytes(32).toString('hex'),
  ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
  GOOGLE_CLIENT_ID: 'worker-test-client.apps.googleusercontent.com',
  GOOGLE_CLIENT_SECRET: 'worker-test-secret',
  MICROSOFT_CLIENT_ID: 'worker-test-ms-client',
  MICROSOFT_CLIENT_SECRET: 'worker-test-ms-secret',
};

const PARENT = 'worker.parent@family.test';
// Calm and short: no tone findings, so "approve" sends at once instead of asking "send anyway?".
const BODY = 'Dear Ms. Rivera,\n\nOn March 2, 2026 I asked for a copy of the speech progress notes. Could you send them by March 20, 2026?\n\nThank you,\nWorker Test';

async function main() {
  const gmail = new FakeGmailServer({ email: PARENT });
  await gmail.start();
  vars['GMAIL_API_URL'] = gmail.rootUrl;
  const db = await openDb({ url });
  await applyMigrations(db, await readMigrations());
  const [account] = await db.db.insert(accounts).values({ email: `connect-${randomBytes(4).toString('hex')}@family.test`, name: 'Worker Test', timezone: 'UTC' }).returning();
  const session = await createSession(db.db, account!.id, new Date());
  // A connected Gmail whose access token the fake accepts and which is not near expiry: no refresh is needed.
  const accessToken = `worker-at-${randomBytes(6).toString('hex')}`;
  gmail.validTokens.add(accessToken);
  const tokens = await sealTokens({ accessToken, refreshToken: 'worker-rt', expiresAt: Date.now() + 3_600_000 }, parseKeyring(vars['ENCRYPTION_KEYS']!));
  await db.db.insert(mailboxConnections).values({ accountId: account!.id, provider: 'gmail', address: PARENT, tokens });
  const [draft] = await db.db
    .insert(drafts)
    .values({ accountId: account!.id, stateKey: `worker-test:${randomBytes(4).toString('hex')}`, toAddresses: ['rivera@district.k12.test'], subject: 'Re: Speech progress notes', body: BODY })
    .returning();
  const args = ['wrangler', 'dev', '--port', String(port), '--ip', '127.0.0.1', ...Object.entries(vars).flatMap(([k, v]) => ['--var', `${k}:${v}`])];
  let demoSince: Date | null = null;
  const child = spawn('npx', args, { env: { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_UPDATE_NOTIFIER: '1' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let log = '';
  child.stdout.on('data', (b) => (log += b));
  child.stderr.on('data', (b) => (log += b));
  try {
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 90_000;
    let up = false;
    while (Date.now() < deadline && !up) {
      up = await fetch(`${base}/healthz`).then((r) => r.ok, () => false);
      if (!up) await new Promise((r) => setTimeout(r, 1000));
    }
    if (!up) throw new Error(`wrangler dev did not answer /healthz within 90 s\n${log.slice(-2000)}`);
    const res = await fetch(`${base}/connect/gmail`, { redirect: 'manual', headers: { cookie: `ft_session=${session.token}` } });
    const location = res.headers.get('location') ?? '';
    if (res.status !== 302 || !location.startsWith('https://accounts.google.com/')) throw new Error(`/connect/gmail answered ${res.status} ${location || (await res.text()).slice(0, 300)}`);
    const redirect = new URL(location).searchParams.get('redirect_uri');
    if (redirect !== `${vars['APP_URL']}/connect/gmail/callback`) throw new Error(`unexpected redirect_uri ${redirect}`);
    console.log(`/connect/gmail → 302 ${new URL(location).origin}${new URL(location).pathname} (redirect_uri ${redirect})`);
    const ms = await fetch(`${base}/connect/outlook`, { redirect: 'manual', headers: { cookie: `ft_session=${session.token}` } });
    if (ms.status !== 302 || !(ms.headers.get('location') ?? '').startsWith('https://login.microsoftonline.com/')) throw new Error(`/connect/outlook answered ${ms.status}`);
    console.log('/connect/outlook → 302 login.microsoftonline.com');

    const form = new URLSearchParams({ _csrf: session.csrfToken, action: 'approve', to: draft!.toAddresses.join(', '), cc: '', subject: draft!.subject, body: BODY });
    const approve = () => fetch(`${base}/drafts/${draft!.id}`, { method: 'POST', redirect: 'manual', body: form, headers: { cookie: `ft_session=${session.token}`, 'content-type': 'application/x-www-form-urlencoded', origin: base } });
    const approved = await approve();
    const done = decodeURIComponent(new URL(approved.headers.get('location') ?? '/', base).searchParams.get('done') ?? '');
    if (approved.status !== 303 || !done.startsWith('Approved and sent')) throw new Error(`approve answered ${approved.status} ${done || (await approved.text()).slice(0, 500)}\n${log.slice(-2000)}`);
    const [row] = await db.db.select().from(drafts).where(eq(drafts.id, draft!.id));
    if (row?.status !== 'sent' || !row.outgoingMessageId || !row.sentProviderId) throw new Error(`the draft is ${row?.status} after approving (provider id ${row?.sentProviderId})`);
    const copies = () => gmail.messages.filter((m) => m.messageId === row.outgoingMessageId);
    if (copies().length !== 1 || copies()[0]!.id !== row.sentProviderId || !copies()[0]!.labelIds.includes('SENT')) throw new Error(`fake Gmail holds ${copies().length} copies of ${row.outgoingMessageId}`);
    if (!copies()[0]!.raw.toString('utf8').includes('Could you send them by March 20, 2026?')) throw new Error('the message that reached Gmail is not the approved text');
    console.log(`approved draft → fake Gmail messages.send (${row.outgoingMessageId}, provider id ${row.sentProviderId})`);
    // A second approve (a double click, a retry) sends nothing more.
    const again = await approve();
    if (again.status !== 303 || copies().length !== 1) throw new Error(`a second approve answered ${again.status}; fake Gmail holds ${copies().length} copies`);
    console.log('second approve → 303, still one copy in fake Gmail');

    demoSince = new Date();
    await tryTheDemo(base, log);
    console.log('demo → 303 /app, the home page names both demo children');
    console.log('5 passed, 0 failed');
  } finally {
    await db.db.delete(accounts).where(eq(accounts.id, account!.id)).catch(() => {});
    // The demo family this run created (its address is random; the demo domain and the time single it out).
    if (demoSince) await db.db.delete(accounts).where(and(like(accounts.email, '%@demo.followthrough.invalid'), gte(accounts.createdAt, demoSince))).catch(() => {});
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {}
    await db.close();
    await gmail.stop();
  }
}

/** As a visitor: the first-run page's form, its CSRF token and cookie, then the home page it leads to. */
async function tryTheDemo(base: string, log: string): Promise<void> {
  const cookieOf = (r: Response) => setCookies(r).map((c) => c.split(';')[0]!).join('; ');
  const first = await fetch(`${base}/`);
  const html = await first.text();
  const csrf = /name="csrf-token" content="([^"]*)"/.exec(html)?.[1];
  if (!html.includes('Try it with a demo family') || !csrf) throw new Error(`the first-run page offers no demo\n${html.slice(0, 500)}`);
  const posted = await fetch(`${base}/demo`, {
    method: 'POST',
    redirect: 'manual',
    body: new URLSearchParams({ _csrf: csrf }),
    headers: { cookie: cookieOf(first), 'content-type': 'application/x-www-form-urlencoded', origin: base },
  });
  if (posted.status !== 303 || posted.headers.get('location') !== '/app') throw new Error(`POST /demo answered ${posted.status} ${(await posted.text()).slice(0, 500)}\n${log.slice(-2000)}`);
  const home = await fetch(`${base}/app`, { headers: { cookie: cookieOf(posted) } });
  const page = await home.text();
  if (home.status !== 200 || !page.includes('Ethan') || !page.includes('Adrian')) throw new Error(`the demo home page answered ${home.status}\n${page.slice(0, 500)}`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
