import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginThrottle } from '../../src/services/accounts/login-throttle.js';
import { testApp } from '../helpers/app.js';
import { createTestDb, DRIVERS } from '../helpers/db.js';
import { Client } from '../http/client.js';

describe.each(DRIVERS)('sign-in limits on $driver', ({ driver, skip }) => {
  if (skip) {
    it.skip(`skipped: ${skip}`, () => {});
    return;
  }
  let handle: Awaited<ReturnType<typeof createTestDb>>;
  beforeAll(async () => (handle = await createTestDb(driver)));
  afterAll(async () => handle?.close());

  const signUpAndSignOut = async (app: ReturnType<typeof testApp>, email: string) => {
    const c = new Client(app);
    await c.page('/signup');
    expect((await c.post('/signup', { email, password: 'the right password 1', name: 'Pat' })).status).toBe(303);
  };

  it('on Node with no trusted proxy, a forged CF-Connecting-IP per attempt does not reset the count', async () => {
    const app = testApp({ db: handle.db });
    await signUpAndSignOut(app, 'forger@example.com');
    for (let i = 0; i < 5; i++) {
      const c = new Client(app, 'http://localhost', `198.51.100.${i}`);
      await c.page('/signin');
      expect((await c.post('/signin', { email: 'forger@example.com', password: `wrong ${i}` })).status).toBe(422);
    }
    const c = new Client(app, 'http://localhost', '198.51.100.99');
    await c.page('/signin');
    expect((await c.post('/signin', { email: 'forger@example.com', password: 'the right password 1' })).status).toBe(429);
  });

  it('per account: 20 failures from rotating real addresses block the account everywhere', async () => {
    const app = testApp({ db: handle.db, env: { TRUSTED_PROXY: 'cloudflare' } });
    await signUpAndSignOut(app, 'target@example.com');
    for (let i = 0; i < 20; i++) {
      const c = new Client(app, 'http://localhost', `203.0.113.${i}`);
      await c.page('/signin');
      expect((await c.post('/signin', { email: 'target@example.com', password: `guess ${i}` })).status).toBe(422);
    }
    const fresh = new Client(app, 'http://localhost', '192.0.2.200');
    await fresh.page('/signin');
    expect((await fresh.post('/signin', { email: 'target@example.com', password: 'the right password 1' })).status).toBe(429);
  });

  it('the count is shared by two instances over one database, and the window passes', async () => {
    const a = new LoginThrottle(handle.db);
    const b = new LoginThrottle(handle.db);
    const attempt = { email: 'shared@example.com', address: '192.0.2.1' };
    const t0 = new Date('2026-03-01T10:00:00Z');
    for (let i = 0; i < 3; i++) await a.fail(attempt, t0);
    for (let i = 0; i < 2; i++) await b.fail(attempt, t0);
    expect(await a.blocked(attempt, t0)).toBe(true);
    expect(await b.blocked(attempt, t0)).toBe(true);
    expect(await b.blocked(attempt, new Date(t0.getTime() + 15 * 60_000 + 1))).toBe(false);
  });
});
