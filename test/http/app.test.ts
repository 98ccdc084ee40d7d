import { readFileSync } from 'node:fs';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../helpers/app.js';
import type { OutgoingNotice } from '../../src/http/deps.js';
import * as schema from '../../src/db/schema.js';
import { createDemoFamily } from '../../src/services/onboarding/demo.js';
import { PBKDF2_ITERATIONS, hashPassword, verifyPassword } from '../../src/services/accounts/auth.js';
import { createTestDb, DRIVERS } from '../helpers/db.js';
import { Client, setCookies, signedInClient } from './client.js';

const { accountGrants, accounts, auditEvents, children, drafts, iepDocuments, messages, provisions, requests, sessions } = schema;
const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;

describe('passwords', () => {
  it('hashes with PBKDF2-SHA256, per-user salt, and verifies', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(new RegExp(`^pbkdf2-sha256\\$${PBKDF2_ITERATIONS}\\$[A-Za-z0-9_-]{22}\\$[A-Za-z0-9_-]{43}$`));
    expect(a).not.toBe(b);
    // The most both runtimes accept: workerd refuses PBKDF2 above 100,000 iterations (issue 15, item 9).
    expect(PBKDF2_ITERATIONS).toBe(100_000);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterz', a)).toBe(false);
    expect(await verifyPassword('x', null)).toBe(false);
  });
});

describe.each(DRIVERS)('web app on $driver', ({ driver, skip }) => {
  if (skip) {
    it.skip(`skipped: ${skip}`, () => {});
    return;
  }
  let handle: Awaited<ReturnType<typeof createTestDb>>;
  let app: ReturnType<typeof testApp>;
  let uploadDir: string;
  const mail: OutgoingNotice[] = [];
  const logs: Array<Record<string, unknown>> = [];
  let demo: { id: string; childId: string; threadId: string; requestId: string; draftId: string };

  const signedInAs = (accountId: string) => signedInClient(app, handle.db, accountId);
  const signUp = async (email: string, password = 'a long enough password') => {
    const c = new Client(app);
    await c.page('/signup');
    const res = await c.post('/signup', { email, password, name: 'Pat' });
    expect(res.status).toBe(303);
    await c.page('/app');
    return c;
  };

  beforeAll(async () => {
    handle = await createTestDb(driver);
    uploadDir = mkdtempSync(join(tmpdir(), 'ft-uploads-'));
    // The client stands in for Cloudflare's edge (its addresses arrive as CF-Connecting-IP).
    app = testApp({ db: handle.db, env: { TRUSTED_PROXY: 'cloudflare' }, uploadDir, mailer: async (m) => void mail.push(m), log: (e) => void logs.push(e) });
    const account = await createDemoFamily(handle.db);
    const [child] = await handle.db.select().from(children).where(eq(children.accountId, account.id));
    const [req] = await handle.db.select().from(requests).where(and(eq(requests.accountId, account.id), eq(requests.status, 'overdue')));
    const [draft] = await handle.db.select().from(drafts).where(eq(drafts.requestId, req!.id));
    demo = { id: account.id, childId: child!.id, threadId: req!.threadId!, requestId: req!.id, draftId: draft!.id };
  });
  afterAll(async () => {
    await handle?.close();
    rmSync(uploadDir, { recursive: true, force: true });
  });

  it('signs up with a safe session cookie and sends a new account to onboarding', async () => {
    const c = new Client(app);
    await c.page('/signup');
    const res = await c.post('/signup', { email: 'New.Parent@Example.com', password: 'a long enough password', name: 'Pat' });
    expect(res.status).toBe(303);
    const cookie = setCookies(res).find((s) => s.startsWith('ft_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/); // localhost
    const token = c.cookies.get('ft_session')!;
    const rows = await handle.db.select().from(sessions);
    expect(rows.some((r) => r.id === token)).toBe(false); // the table keeps only the hash
    const home = await c.req('/app');
    expect(home.status).toBe(303);
    expect(home.headers.get('location')).toBe('/onboarding/child');
    const [acct] = await handle.db.select().from(accounts).where(eq(accounts.email, 'new.parent@example.com'));
    expect(acct!.passwordHash).toMatch(/^pbkdf2-sha256\$100000\$/);

    // Secure follows the configured public URL (issue 15), not the Host header a client sends.
    const remoteApp = testApp({ db: handle.db, env: { APP_URL: 'https://followthrough.example' } });
    const remote = new Client(remoteApp, 'https://followthrough.example');
    await remote.page('/signup');
    const r2 = await remote.post('/signup', { email: 'remote@example.com', password: 'a long enough password' });
    expect(setCookies(r2).find((s) => s.startsWith('ft_session='))).toMatch(/Secure/);
  });

  it('rejects a state-changing request without the CSRF token (403) and changes nothing', async () => {
    const c = await signUp('csrf@example.com');
    const before = await handle.db.select().from(children);
    expect((await c.post('/children', { name: 'Sam', state: 'CA' }, { csrf: null })).status).toBe(403);
    expect((await c.post('/children', { name: 'Sam', state: 'CA' }, { csrf: 'not-the-token' })).status).toBe(403);
    const json = await c.req('/api/tone', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'hi!' }) });
    expect(json.status).toBe(403);
    expect(await handle.db.select().from(children)).toHaveLength(before.length);
    // With the token it works.
    expect((await c.post('/children', { name: 'Sam', state: 'CA', timezone: 'America/Los_Angeles' })).status).toBe(303);
    const ok = await c.req('/api/tone', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': c.csrf }, body: JSON.stringify({ text: 'this is illegal!' }) });
    const body = (await ok.json()) as { findings: Array<{ rule: string; start: number; end: number }> };
    expect(body.findings.map((f) => f.rule).sort()).toEqual(['exclamation', 'threat']);
    // Anonymous forms are protected too (double-submit token).
    const anon = new Client(app);
    expect((await anon.post('/signin', { email: 'x@example.com', password: 'whatever' })).status).toBe(403);
  });

  it('rejects an expired session on the server, whatever the cookie says', async () => {
    const c = await signUp('expiry@example.com');
    expect((await c.req('/settings')).status).toBe(200);
    const [acct] = await handle.db.select().from(accounts).where(eq(accounts.email, 'expiry@example.com'));
    await handle.db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sessions.accountId, acct!.id));
    const res = await c.req('/settings');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/signin/);
    const staleToken = c.csrf;
    expect([401, 403]).toContain((await c.req('/api/tone', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': staleToken }, body: '{"text":"a"}' })).status);
  });

  it('limits sign-in attempts: 5 failures per email and IP in 15 minutes, then 429', async () => {
    await signUp('limited@example.com', 'the right password 1');
    const c = new Client(app, 'http://localhost', '203.0.113.9');
    await c.page('/signin');
    for (let i = 0; i < 5; i++) expect((await c.post('/signin', { email: 'limited@example.com', password: `wrong ${i}` })).status).toBe(422);
    const blocked = await c.post('/signin', { email: 'limited@example.com', password: 'the right password 1' });
    expect(blocked.status).toBe(429);
    expect(await blocked.text()).toMatch(/wait 15 minutes/);
    // Another address is not affected.
    const other = new Client(app, 'http://localhost', '203.0.113.10');
    await other.page('/signin');
    expect((await other.post('/signin', { email: 'limited@example.com', password: 'the right password 1' })).status).toBe(303);
  });

  it('resets a password by emailed link, once, and ends the old sessions', async () => {
    const old = await signUp('reset@example.com', 'first password 123');
    const c = new Client(app);
    await c.page('/reset');
    await c.post('/reset', { email: 'reset@example.com' });
    const sent = mail.find((m) => m.to === 'reset@example.com')!;
    expect(sent.text).not.toMatch(/first password/);
    const link = /http:\/\/localhost\S*\/reset\/(\S+)/.exec(sent.text)![1]!;
    await c.page(`/reset/${link}`);
    expect((await c.post('/reset/confirm', { token: decodeURIComponent(link), password: 'second password 456' })).status).toBe(303);
    expect((await old.req('/settings')).status).toBe(303); // the old session is gone
    const again = new Client(app);
    await again.page(`/reset/${link}`);
    expect((await again.post('/reset/confirm', { token: decodeURIComponent(link), password: 'third password 789' })).status).toBe(422);
    const s = new Client(app);
    await s.page('/signin');
    expect((await s.post('/signin', { email: 'reset@example.com', password: 'second password 456' })).status).toBe(303);
    expect(JSON.stringify(logs)).not.toMatch(/second password|first password/);
  });

  it("answers 404 for every id of another account, including exports, and changes nothing", async () => {
    const owner = await signedInAs(demo.id);
    for (const path of [`/children/${demo.childId}`, `/threads/${demo.threadId}`, `/drafts/${demo.draftId}`, `/children/${demo.childId}/log.csv`, `/children/${demo.childId}/log.pdf`, `/children/${demo.childId}/iep`])
      expect((await owner.req(path)).status, path).toBe(200);

    const other = await signUp('stranger@example.com');
    for (const path of [
      `/children/${demo.childId}`,
      `/threads/${demo.threadId}`,
      `/drafts/${demo.draftId}`,
      `/children/${demo.childId}/log.csv`,
      `/children/${demo.childId}/log.pdf`,
      `/children/${demo.childId}/iep`,
      `/children/${demo.childId}/setup/contacts`,
      `/children/not-a-uuid`,
    ])
      expect((await other.req(path)).status, path).toBe(404);
    const draftBefore = (await handle.db.select().from(drafts).where(eq(drafts.id, demo.draftId)))[0]!;
    const reqBefore = (await handle.db.select().from(requests).where(eq(requests.id, demo.requestId)))[0]!;
    expect((await other.post(`/drafts/${demo.draftId}`, { action: 'approve', to: 'x@example.com', subject: 's', body: 'b' })).status).toBe(404);
    expect((await other.post(`/drafts/${demo.draftId}`, { action: 'dismiss' })).status).toBe(404);
    expect((await other.post(`/requests/${demo.requestId}/override`, { action: 'resolve' })).status).toBe(404);
    expect((await other.post(`/children/${demo.childId}/setup/contacts`, { values: 'evil.example' })).status).toBe(404);
    expect((await handle.db.select().from(drafts).where(eq(drafts.id, demo.draftId)))[0]).toEqual(draftBefore);
    expect((await handle.db.select().from(requests).where(eq(requests.id, demo.requestId)))[0]).toEqual(reqBefore);
    const exported = JSON.stringify(await (await other.req('/export.json')).json());
    expect(exported).not.toContain(demo.childId);
    expect(exported).not.toContain(demo.draftId);

    // An advocate the family invited sees the family.
    const advocate = await signUp('advocate@example.com');
    const [adv] = await handle.db.select().from(accounts).where(eq(accounts.email, 'advocate@example.com'));
    // (An accepted invitation: the invitation flow itself is tested in test/security/invitations.test.ts.)
    await handle.db.insert(accountGrants).values({ ownerAccountId: demo.id, inviteeEmail: 'advocate@example.com', granteeAccountId: adv!.id, status: 'accepted' });
    expect((await advocate.req(`/children/${demo.childId}`)).status).toBe(200);
    expect((await advocate.req(`/drafts/${demo.draftId}`)).status).toBe(200);
    // …but only the parent can change or send anything.
    await advocate.page(`/drafts/${demo.draftId}`);
    expect((await advocate.post(`/drafts/${demo.draftId}`, { action: 'approve', to: 'x@example.com', subject: 's', body: 'b' })).status).toBe(404);
    expect((await advocate.post(`/requests/${demo.requestId}/override`, { action: 'resolve' })).status).toBe(404);
    expect((await handle.db.select().from(drafts).where(eq(drafts.id, demo.draftId)))[0]).toEqual(draftBefore);
  });

  it('the onboarding forms refuse a bad field on the page itself, in words, and store nothing', async () => {
    const c = await signUp('onboarding-forms@example.com');
    const noName = await c.post('/children', { name: '  ', state: 'CA' });
    expect(noName.status).toBe(422);
    expect(await noName.text()).toContain('Please enter your child&#39;s first name.');
    const [acct] = await handle.db.select().from(accounts).where(eq(accounts.email, 'onboarding-forms@example.com'));
    expect(await handle.db.select().from(children).where(eq(children.accountId, acct!.id))).toHaveLength(0);
    expect((await c.post('/children', { name: 'Robin', state: 'CA' })).status).toBe(303);
    const [child] = await handle.db.select().from(children).where(eq(children.accountId, acct!.id));
    // No zone chosen: the state's own.
    expect(child!.timezone).toBe('America/Los_Angeles');
    const badBreak = await c.post(`/children/${child!.id}/setup/calendar`, { firstDay: '2025-08-13', lastDay: '2026-06-05', breaks: '2025-12-22 to\nsometime in spring' });
    expect(badBreak.status).toBe(422);
    expect(await badBreak.text()).toContain('is not a date or a range like 2025-12-22 to 2026-01-02.');
    const badPage = await c.post(`/children/${child!.id}/provisions`, { text: 'Extended time on tests', type: 'accommodation', page: 'seven' });
    expect(badPage.status).toBe(422);
    expect(await badPage.text()).toContain('The page must be a number.');
    const [stored] = await handle.db.select().from(children).where(eq(children.id, child!.id));
    expect(stored!.calendar).toBeNull();
    expect(await handle.db.select().from(provisions).where(eq(provisions.childId, child!.id))).toHaveLength(0);
  });

  it('rejects uploads that lie about their type, with a clear message, and changes nothing', async () => {
    const c = await signUp('uploads@example.com');
    await c.post('/children', { name: 'Robin', state: 'CA', timezone: 'America/Los_Angeles' });
    const [acct] = await handle.db.select().from(accounts).where(eq(accounts.email, 'uploads@example.com'));
    const [child] = await handle.db.select().from(children).where(eq(children.accountId, acct!.id));
    const before = await handle.db.execute(sql`select (select count(*) from iep_documents)::int as d, (select count(*) from provisions)::int as p, (select count(*) from messages)::int as m, (select count(*) from mailbox_connections)::int as c`);

    const fakePdf = await c.upload(`/children/${child!.id}/setup/iep`, { kind: 'iep' }, { field: 'file', name: 'iep.pdf', bytes: readFileSync(`${FIXTURES}iep/not-really-a.pdf`) });
    expect(fakePdf.status).toBe(415);
    expect(await fakePdf.text()).toMatch(/named \.pdf but is not a PDF/);

    const notMail = await c.upload(`/children/${child!.id}/setup/mailbox`, {}, { field: 'file', name: 'mail.mbox', bytes: new TextEncoder().encode('Dear diary,\nthis is not a mailbox at all.\n') });
    expect(notMail.status).toBe(415);
    expect(await notMail.text()).toMatch(/not an \.mbox mailbox/);
    const notEml = await c.upload(`/children/${child!.id}/setup/mailbox`, {}, { field: 'file', name: 'x.eml', bytes: new TextEncoder().encode('%PDF-1.4 binary') });
    expect(notEml.status).toBe(415);

    const after = await handle.db.execute(sql`select (select count(*) from iep_documents)::int as d, (select count(*) from provisions)::int as p, (select count(*) from messages)::int as m, (select count(*) from mailbox_connections)::int as c`);
    expect(JSON.stringify(after)).toBe(JSON.stringify(before));
    expect(readdirSync(uploadDir).filter((d) => d === acct!.id)).toHaveLength(0);

    // A real IEP is read into provisions.
    const good = await c.upload(`/children/${child!.id}/setup/iep`, { kind: 'iep' }, { field: 'file', name: 'iep.txt', bytes: readFileSync(`${FIXTURES}iep/california-iep.txt`) });
    expect(good.status).toBe(303);
    expect((await handle.db.select().from(provisions).where(eq(provisions.childId, child!.id))).length).toBeGreaterThan(10);
  });

  it('rejects a too-large upload with 413 before reading the whole body', async () => {
    const c = await signUp('big@example.com');
    await c.post('/children', { name: 'Lee', state: 'TX', timezone: 'America/Chicago' });
    const [acct] = await handle.db.select().from(accounts).where(eq(accounts.email, 'big@example.com'));
    const [child] = await handle.db.select().from(children).where(eq(children.accountId, acct!.id));
    // Declared too large: refused from the header.
    const declared = await c.req(`/children/${child!.id}/setup/iep`, { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(30 * 1024 * 1024) }, body: 'x' });
    expect(declared.status).toBe(413);
    expect(await declared.text()).toMatch(/larger than 25 MB/);
    // Streamed without a length: reading stops soon after the limit.
    const chunk = new Uint8Array(1024 * 1024).fill(65);
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(ctrl) {
        if (pulled >= 60) return ctrl.close();
        pulled++;
        ctrl.enqueue(chunk);
      },
    });
    const streamed = await c.req(`/children/${child!.id}/setup/iep`, { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: stream, duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(pulled).toBeLessThan(30);
    expect(await handle.db.select().from(iepDocuments).where(eq(iepDocuments.accountId, acct!.id))).toHaveLength(0);
  });

  it('keeps parent overrides, each an audit event, and dismisses the draft of a resolved request', async () => {
    const owner = await signedInAs(demo.id);
    const [other] = await handle.db.select().from(requests).where(and(eq(requests.accountId, demo.id), eq(requests.status, 'overdue')));
    const target = other!.id === demo.requestId ? (await handle.db.select().from(requests).where(and(eq(requests.accountId, demo.id), eq(requests.status, 'overdue'))))[1]! : other!;
    await owner.page(`/threads/${target.threadId}`);
    expect((await owner.post(`/requests/${target.id}/override`, { action: 'due', value: '2026-04-30' })).status).toBe(303);
    expect((await owner.post(`/requests/${target.id}/override`, { action: 'kind', value: 'records' })).status).toBe(303);
    expect((await owner.post(`/requests/${target.id}/override`, { action: 'resolve' })).status).toBe(303);
    const [row] = await handle.db.select().from(requests).where(eq(requests.id, target.id));
    expect(row!.overrides).toEqual({ dueDate: '2026-04-30', kind: 'records', resolved: true });
    // Ordered by time: a SELECT without ORDER BY has no order on PostgreSQL.
    const events = await handle.db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, target.id), eq(auditEvents.action, 'request.override'))).orderBy(asc(auditEvents.at));
    // The account's clock is fixed in this test (audit times come from it since issue 14), so the three events
    // share one instant and their order is not defined: each override is one event, none missing or doubled.
    expect(events.map((e) => String(e.data['field'])).sort()).toEqual(['dueDate', 'kind', 'resolved']);
    const live = await handle.db.select().from(drafts).where(and(eq(drafts.requestId, target.id), eq(drafts.status, 'pending')));
    expect(live).toHaveLength(0);
    const page = await owner.page(`/children/${target.childId}`);
    expect(page.html).toContain('Resolved by you');
  });

  it('shows a draft exactly as it will be sent, checks tone without JavaScript, and approves only with the parent', async () => {
    const owner = await signedInAs(demo.id);
    const { html } = await owner.page(`/drafts/${demo.draftId}`);
    const [d] = await handle.db.select().from(drafts).where(eq(drafts.id, demo.draftId));
    expect(html).toContain(d!.subject.replace(/&/g, '&amp;'));
    expect(html).toContain('This is not legal advice');
    const body = `${d!.body}\nThis is illegal!`;
    const checked = await owner.submit(`/drafts/${demo.draftId}`, { action: 'check', to: d!.toAddresses.join(', '), cc: d!.ccAddresses.join(', '), subject: d!.subject, body });
    expect(checked.posted).toBe(303);
    const checkedHtml = checked.html;
    expect(checkedHtml).toMatch(/Tone check: 2 suggestions/);
    expect(checkedHtml).toMatch(/<mark class="tone"[^>]*>illegal<\/mark>/);
    expect((await handle.db.select().from(drafts).where(eq(drafts.id, demo.draftId)))[0]!.status).toBe('pending');
    const approved = await owner.submit(`/drafts/${demo.draftId}`, { action: 'approve', to: d!.toAddresses.join(', '), cc: d!.ccAddresses.join(', '), subject: d!.subject, body: d!.body });
    expect(approved.posted).toBe(200);
    expect(approved.html).toMatch(/no connected Gmail or Outlook mailbox/);
    const [after] = await handle.db.select().from(drafts).where(eq(drafts.id, demo.draftId));
    expect(after!.status).toBe('approved');
    expect(after!.approvedAt).not.toBeNull();
    const trail = await handle.db.select().from(auditEvents).where(eq(auditEvents.subjectId, demo.draftId));
    expect(trail.map((e) => e.action)).toEqual(expect.arrayContaining(['draft.created', 'draft.edited', 'draft.approved']));
  });

  it('snoozes and dismisses drafts, each an audit event, and refuses to change them afterwards', async () => {
    const owner = await signedInAs(demo.id);
    const pending = (await handle.db.select().from(drafts).where(and(eq(drafts.accountId, demo.id), eq(drafts.status, 'pending')))).filter((d) => d.id !== demo.draftId);
    expect(pending.length).toBeGreaterThanOrEqual(2);
    const [a, b] = pending;
    expect((await owner.post(`/drafts/${a!.id}`, { action: 'snooze', until: '2020-01-01' })).status).toBe(422);
    // The demo clock says 2026-03-12: the day itself is refused, the next day is the first allowed.
    expect((await owner.post(`/drafts/${a!.id}`, { action: 'snooze', until: '2026-03-12' })).status).toBe(422);
    const snoozed = await owner.submit(`/drafts/${a!.id}`, { action: 'snooze', until: '2099-01-01' });
    expect(snoozed.posted).toBe(303);
    expect(snoozed.html).toContain('Snoozed until');
    expect((await owner.submit(`/drafts/${b!.id}`, { action: 'dismiss' })).html).toContain('Dismissed. Nothing was sent.');
    const [sa] = await handle.db.select().from(drafts).where(eq(drafts.id, a!.id));
    const [sb] = await handle.db.select().from(drafts).where(eq(drafts.id, b!.id));
    expect(sa!.status).toBe('snoozed');
    expect(sa!.snoozedUntil?.toISOString().slice(0, 10)).toBe('2099-01-01');
    expect(sb!.status).toBe('dismissed');
    const refused = await owner.post(`/drafts/${b!.id}`, { action: 'approve', to: sb!.toAddresses.join(','), subject: sb!.subject, body: sb!.body });
    expect(refused.status).toBe(422);
    expect((await handle.db.select().from(drafts).where(eq(drafts.id, b!.id)))[0]!.status).toBe('dismissed');
    const actions = (await handle.db.select().from(auditEvents).where(eq(auditEvents.accountId, demo.id))).map((e) => `${e.subjectId}:${e.action}`);
    expect(actions).toContain(`${a!.id}:draft.snoozed`);
    expect(actions).toContain(`${b!.id}:draft.dismissed`);
  });

  it('an unconfirmed send asks the parent; "it is in my Sent folder" records it as sent without sending', async () => {
    const owner = await signedInAs(demo.id);
    // A draft of its own (the tests before this one act on the demo's drafts), as an interrupted send leaves it.
    const [template] = await handle.db.select().from(drafts).where(eq(drafts.id, demo.draftId));
    const { id: _id, createdAt: _created, updatedAt: _updated, ...copy } = template!;
    const [inserted] = await handle.db.insert(drafts).values({ ...copy, stateKey: `${copy.stateKey}:interrupted-send`, status: 'unconfirmed', outgoingMessageId: '<ft.x@family.test>' }).returning();
    const d = inserted!;
    const page = await (await owner.req(`/drafts/${d.id}`)).text();
    expect(page).toContain('Did this reach the school?');
    expect(page).toContain('value="confirm_sent"');
    expect((await owner.submit(`/drafts/${d.id}`, { action: 'confirm_sent' })).html).toContain('Recorded as sent. Nothing else was sent.');
    const [row] = await handle.db.select().from(drafts).where(eq(drafts.id, d.id));
    expect(row!.status).toBe('sent');
    const trail = await handle.db.select().from(auditEvents).where(eq(auditEvents.subjectId, d.id));
    expect(trail.map((e) => e.action)).toContain('draft.sent_confirmed_by_parent');
    // A second answer finds nothing waiting.
    expect((await owner.post(`/drafts/${d.id}`, { action: 'resend' })).status).toBe(422);
  });

  it('exports the communication log as CSV and PDF', async () => {
    const owner = await signedInAs(demo.id);
    const csv = await (await owner.req(`/children/${demo.childId}/log.csv`)).text();
    const lines = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('date,channel,people,summary,request,status');
    expect(lines.length).toBeGreaterThan(3);
    const msgs = await handle.db.select().from(messages).where(eq(messages.childId, demo.childId));
    expect(lines.length - 1).toBe(msgs.length);
    const pdf = new Uint8Array(await (await owner.req(`/children/${demo.childId}/log.pdf`)).arrayBuffer());
    expect(new TextDecoder().decode(pdf.slice(0, 5))).toBe('%PDF-');
  });

  it('keeps the demo clock when settings change, and deletes an account with all its rows', async () => {
    const demo2 = await createDemoFamily(handle.db);
    const c = await signedInAs(demo2.id);
    await c.page('/settings');
    expect((await c.post('/settings', { digestDay: '1', digestHour: '7', courtesyDays: '7', courtesyUnit: 'calendar_days', draftDelivery: 'draft', citeLaw: '1', timezone: 'America/Los_Angeles' })).status).toBe(303);
    const [acct] = await handle.db.select().from(accounts).where(eq(accounts.id, demo2.id));
    expect(acct!.settings).toMatchObject({ demoNow: '2026-03-12T17:00:00.000Z', courtesyDays: 7, draftDelivery: 'draft', digestDay: 1 });
    // The same answer whether or not the address has an account (issue 15: no account enumeration).
    expect((await c.post('/settings/grants', { email: 'nobody-here@example.com' })).status).toBe(303);
    expect((await c.post('/settings/grants', { email: 'advocate@example.com' })).status).toBe(303);
    expect(await handle.db.select().from(accountGrants).where(eq(accountGrants.ownerAccountId, demo2.id))).toHaveLength(2);
    expect((await c.post('/account/delete', { confirm: 'wrong@example.com' })).status).toBe(422);
    expect((await c.post('/account/delete', { confirm: acct!.email })).status).toBe(303);
    const left = await handle.db.execute(
      sql`select (select count(*) from messages where account_id = ${demo2.id})::int + (select count(*) from requests where account_id = ${demo2.id})::int + (select count(*) from drafts where account_id = ${demo2.id})::int + (select count(*) from audit_events where account_id = ${demo2.id})::int + (select count(*) from children where account_id = ${demo2.id})::int + (select count(*) from sessions where account_id = ${demo2.id})::int + (select count(*) from account_grants where owner_account_id = ${demo2.id})::int as n`,
    );
    expect(JSON.stringify(left)).toContain('"n":0');
  });
});
