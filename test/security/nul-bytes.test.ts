import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { children, drafts, provisions, requests } from '../../src/db/schema.js';
import { createSession } from '../../src/services/accounts/sessions.js';
import { createDemoFamily } from '../../src/services/onboarding/demo.js';
import { testApp } from '../helpers/app.js';
import { createTestDb } from '../helpers/db.js';
import { Client } from '../http/client.js';

// A NUL byte in any text field gave a 500 (Postgres refuses it in text). Every form now answers 4xx with a
// message, and nothing is stored.
describe('hostile characters in every form field', () => {
  let handle: Awaited<ReturnType<typeof createTestDb>>;
  let app: ReturnType<typeof testApp>;
  let c: Client;
  let ids: { child: string; request: string; draft: string; provision: string };
  beforeAll(async () => {
    handle = await createTestDb('pglite');
    app = testApp({ db: handle.db });
    const account = await createDemoFamily(handle.db);
    const [child] = await handle.db.select().from(children).where(eq(children.accountId, account.id));
    const [req] = await handle.db.select().from(requests).where(eq(requests.accountId, account.id));
    const [draft] = await handle.db.select().from(drafts).where(eq(drafts.accountId, account.id));
    const [prov] = await handle.db.select().from(provisions).where(eq(provisions.accountId, account.id));
    ids = { child: child!.id, request: req!.id, draft: draft!.id, provision: prov!.id };
    c = new Client(app);
    const s = await createSession(handle.db, account.id, new Date());
    c.cookies.set('ft_session', s.token);
    await c.page('/app');
  });
  afterAll(async () => handle?.close());

  const nul = 'before\u0000after';
  const routes = () => [
    ['/children', { name: nul, state: 'CA' }],
    [`/children/${ids.child}/setup/child`, { name: nul, school: nul, district: nul, state: 'CA' }],
    [`/children/${ids.child}/setup/contacts`, { contacts: nul }],
    [`/children/${ids.child}/setup/calendar`, { firstDay: nul, lastDay: nul, breaks: nul }],
    [`/children/${ids.child}/provisions`, { text: nul, section: nul, type: 'service' }],
    [`/provisions/${ids.provision}`, { text: nul, section: nul }],
    [`/requests/${ids.request}/override`, { action: 'kind', kind: nul, dueDate: nul }],
    [`/drafts/${ids.draft}`, { action: 'save', body: nul, subject: nul }],
    ['/settings', { name: nul, timezone: nul }],
    ['/settings/grants', { email: nul }],
  ] as const;

  it('answers 4xx, never 5xx, on every form route', async () => {
    for (const [path, fields] of routes()) {
      const res = await c.post(path, fields as Record<string, string>);
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
      expect(await res.text(), path).toMatch(/cannot be saved|check what you|could not be read|please/i);
    }
    const anon = new Client(app);
    await anon.page('/signup');
    for (const [path, fields] of [['/signup', { email: nul, password: nul }], ['/signin', { email: nul, password: nul }], ['/reset', { email: nul }]] as const) {
      const res = await anon.post(path, fields);
      expect(res.status, path).toBeLessThan(500);
      expect(res.status, path).toBeGreaterThanOrEqual(400);
    }
  });
});
