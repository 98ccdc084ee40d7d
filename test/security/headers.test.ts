import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../helpers/app.js';
import { createTestDb } from '../helpers/db.js';
import { Client, setCookies } from '../http/client.js';

describe('response headers and cookies', () => {
  let handle: Awaited<ReturnType<typeof createTestDb>>;
  beforeAll(async () => (handle = await createTestDb('pglite')));
  afterAll(async () => handle?.close());

  it('pages carry a nonce CSP and no-store; the draft script carries the same nonce', async () => {
    const app = testApp({ db: handle.db });
    const res = await app.request('/signin');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    // Two requests, two nonces.
    const again = await app.request('/signin');
    expect(again.headers.get('content-security-policy')).not.toBe(csp);
  });

  it('Secure follows APP_URL, whatever Host the client sends', async () => {
    const local = testApp({ db: handle.db, env: { APP_URL: 'http://localhost:8787' } });
    const spoofed = new Client(local, 'https://attacker.example');
    await spoofed.page('/signup');
    const r1 = await spoofed.post('/signup', { email: 'local@example.com', password: 'a long enough password' });
    expect(setCookies(r1).find((s) => s.startsWith('ft_session='))).not.toMatch(/Secure/);
    const prod = testApp({ db: handle.db, env: { APP_URL: 'https://app.example' } });
    const viaLocalhost = new Client(prod, 'http://localhost');
    await viaLocalhost.page('/signup');
    const r2 = await viaLocalhost.post('/signup', { email: 'prod@example.com', password: 'a long enough password' });
    expect(setCookies(r2).find((s) => s.startsWith('ft_session='))).toMatch(/Secure/);
  });

  it('a crafted ?done= link shows nothing; our own redirect shows its notice once', async () => {
    const app = testApp({ db: handle.db });
    const phish = await (await app.request('/signin?done=Your%20account%20is%20locked.%20Call%20555-0100')).text();
    expect(phish).not.toContain('Call 555-0100');
    const c = new Client(app);
    await c.page('/signup');
    await c.post('/signup', { email: 'flash@example.com', password: 'a long enough password' });
    await c.page('/app'); // the signed-in CSRF token
    const out = await c.post('/signout', {});
    expect(out.headers.get('location')).toContain('done=');
    const shown = await (await c.req(out.headers.get('location')!)).text();
    expect(shown).toContain('You are signed out.');
    expect(await (await c.req(out.headers.get('location')!)).text()).not.toContain('You are signed out.');
  });
});
