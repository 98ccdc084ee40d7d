import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountGrants, children } from '../../src/db/schema.js';
import type { OutgoingNotice } from '../../src/services/accounts/account-mail.js';
import { createSession } from '../../src/services/accounts/sessions.js';
import { createDemoFamily } from '../../src/services/onboarding/demo.js';
import { testApp } from '../helpers/app.js';
import { createTestDb, DRIVERS } from '../helpers/db.js';
import { Client } from '../http/client.js';

// Access grants went to unverified addresses: an attacker who registered an advocate's address first received
// the child's data once the parent granted access. Now access is an invitation, accepted only by an account
// that proved the address; and the grant form answers the same for every address.
describe.each(DRIVERS)('advocate access by verified invitation, on $driver', ({ driver, skip }) => {
  if (skip) {
    it.skip(`skipped: ${skip}`, () => {});
    return;
  }
  let handle: Awaited<ReturnType<typeof createTestDb>>;
  const mail: OutgoingNotice[] = [];
  let app: ReturnType<typeof testApp>;
  beforeAll(async () => {
    handle = await createTestDb(driver);
    app = testApp({ db: handle.db, mailer: async (m) => void mail.push(m), env: { SESSION_SECRET: 'x'.repeat(40) } });
  });
  afterAll(async () => handle?.close());

  const signUp = async (email: string) => {
    const c = new Client(app);
    await c.page('/signup');
    expect((await c.post('/signup', { email, password: 'a long enough password', name: 'Sam' })).status).toBe(303);
    await c.page('/app');
    return c;
  };
  const linkIn = (to: string, path: string) => {
    const m = [...mail].reverse().find((n) => n.to === to && n.text.includes(path));
    return m ? new URL(/https?:\/\/\S+/.exec(m.text.slice(m.text.indexOf(path) - 40))![0]).pathname : null;
  };

  it('an attacker who signed up first with the advocate address sees nothing; the real owner, once verified, accepts', async () => {
    const family = await createDemoFamily(handle.db);
    const [child] = await handle.db.select().from(children).where(eq(children.accountId, family.id));
    const parent = new Client(app);
    parent.cookies.set('ft_session', (await createSession(handle.db, family.id, new Date())).token);
    await parent.page('/settings');

    // The attacker registers the advocate's address, but cannot read its mail, so never verifies it.
    const attacker = await signUp('advocate@lawoffice.example');
    expect((await parent.post('/settings/grants', { email: 'advocate@lawoffice.example' })).status).toBe(303);
    // The invitation mail carries the confirmation link, to the address only.
    expect(linkIn('advocate@lawoffice.example', '/verify/')).not.toBeNull();
    expect((await attacker.req(`/children/${child!.id}`)).status).toBe(404);
    expect(await (await attacker.req('/invitations')).text()).toMatch(/once your email address .* is confirmed/);
    expect((await attacker.page('/app')).html).not.toContain(child!.name);
    const [invite] = await handle.db.select().from(accountGrants).where(eq(accountGrants.ownerAccountId, family.id));
    expect((await attacker.post(`/invitations/${invite!.id}/accept`)).status).toBe(404);
    expect((await attacker.req(`/children/${child!.id}`)).status).toBe(404);

    // Whoever reads that mailbox opens the link while signed in as the address (here the same account stands
    // for the address's real owner, who would have signed up or reset the password through that mailbox).
    const verifyPath = linkIn('advocate@lawoffice.example', '/verify/')!;
    const form = await (await attacker.req(verifyPath)).text();
    expect(form).toContain('Confirm my email address');
    // Opening the link alone (a mail scanner's prefetch) verified nothing.
    expect(await (await attacker.req('/invitations')).text()).toMatch(/is confirmed/);
    await attacker.page(verifyPath);
    expect((await attacker.post('/verify', { token: decodeURIComponent(verifyPath.split('/').pop()!) })).status).toBe(303);
    expect(await (await attacker.req('/invitations')).text()).toContain('invited you');
    expect((await attacker.post(`/invitations/${invite!.id}/accept`)).status).toBe(303);
    expect((await attacker.req(`/children/${child!.id}`)).status).toBe(200);
  });

  it("a confirmation link for another address verifies nothing for the account that opens it", async () => {
    const family = await createDemoFamily(handle.db);
    const parent = new Client(app);
    parent.cookies.set('ft_session', (await createSession(handle.db, family.id, new Date())).token);
    await parent.page('/settings');
    await parent.post('/settings/grants', { email: 'real-advocate@example.com' });
    const path = linkIn('real-advocate@example.com', '/verify/')!;
    const intruder = await signUp('intruder@example.com');
    await intruder.page(path);
    const res = await intruder.post('/verify', { token: decodeURIComponent(path.split('/').pop()!) });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('but you are signed in as intruder@example.com');
    expect(await (await intruder.req('/invitations')).text()).toMatch(/once your email address/);
  });

  it('the grant form answers the same for an address with and without an account', async () => {
    const family = await createDemoFamily(handle.db);
    const parent = new Client(app);
    parent.cookies.set('ft_session', (await createSession(handle.db, family.id, new Date())).token);
    await parent.page('/settings');
    await signUp('exists@example.com');
    const a = await parent.post('/settings/grants', { email: 'exists@example.com' });
    const b = await parent.post('/settings/grants', { email: 'nobody@example.com' });
    expect([a.status, a.headers.get('location')]).toEqual([b.status, b.headers.get('location')]);
  });

  it('sign-up with a taken address does not say so: the owner is mailed instead', async () => {
    await signUp('taken@example.com');
    const c = new Client(app);
    await c.page('/signup');
    const res = await c.post('/signup', { email: 'taken@example.com', password: 'another long password' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/signup/check-email');
    expect(await (await c.req('/signup/check-email')).text()).not.toMatch(/already exists/);
    expect(mail.some((m) => m.to === 'taken@example.com' && /tried to create/.test(m.subject))).toBe(true);
  });
});
