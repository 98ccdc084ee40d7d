/**
 * Connecting an IMAP mailbox in a real browser (Debian Chromium through playwright-core) against the real
 * Node server, a real Dovecot (IMAP, TLS) and a real smtp-server (STARTTLS, auth): the provider's guidance,
 * "Test connection" naming the failed step without losing what was typed, then "Connect", which stores the
 * settings sealed and reads the school mail.
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../src/db/client.js';
import { mailboxConnections, messages } from '../../src/db/schema.js';
import { addSchoolContacts, ensureAccount, ensureChild } from '../../src/services/accounts/accounts.js';
import { createSession } from '../../src/services/accounts/sessions.js';
import { openImapCredentials } from '../../src/services/mailbox/imap-connection.js';
import { mailText } from '../helpers/mail.js';
import { testApp } from '../helpers/app.js';
import { hasChromium, launchChromium } from '../helpers/browser.js';
import { createTestDb } from '../helpers/db.js';
import { DOVECOT_SKIP, startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { TEST_KEYRING } from '../helpers/mail-rig.js';
import { startSmtp, type TestSmtp } from '../helpers/smtp-server.js';

const SKIP = !hasChromium ? 'no /usr/bin/chromium' : DOVECOT_SKIP;

describe.skipIf(SKIP)(`connecting an IMAP mailbox in a browser${SKIP ? ` (skipped: ${SKIP})` : ''}`, () => {
  let dovecot: Dovecot;
  let smtp: TestSmtp;
  let handle: DbHandle;
  let server: ServerType;
  let base: string;
  let browser: Browser;
  let accountId: string;
  let childId: string;
  let cookie: string;

  beforeAll(async () => {
    [dovecot, smtp, handle] = await Promise.all([startDovecot({ users: [{ user: 'pat@family.test', password: 'app-pass-1234' }] }), startSmtp(), createTestDb()]);
    const u = dovecot.users[0]!;
    smtp.user = u.user;
    smtp.password = u.password;
    const date = new Date();
    await dovecot.append(u, 'INBOX', [
      { raw: mailText({ from: 'Ms. Sped <sped@district.k12.test>', to: [u.user], subject: 'IEP meeting', body: 'Can you meet on Tuesday?', date, messageId: '<iep-meeting@district.k12.test>' }), date },
      { raw: mailText({ from: 'Shop <news@shop.test>', to: [u.user], subject: 'Sale', body: 'Everything 20% off.', date, messageId: '<sale@shop.test>' }), date },
    ]);
    const app = testApp({
      db: handle.db,
      runtime: 'node',
      mail: { keyring: TEST_KEYRING, providers: { imap: { imap: { ca: dovecot.ca, servername: 'localhost' }, smtp: { ca: smtp.ca, servername: 'localhost' } } } },
    });
    await new Promise<void>((resolve) => {
      server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const account = await ensureAccount(handle.db, u.user, 'Pat Parent');
    accountId = account.id;
    const child = await ensureChild(handle.db, account.id, { name: 'Sam', state: 'CA' });
    childId = child.id;
    await addSchoolContacts(handle.db, account.id, child.id, ['district.k12.test']);
    cookie = (await createSession(handle.db, account.id, new Date())).token;
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
    await Promise.all([dovecot?.stop(), smtp?.stop(), handle?.close()]);
  });

  async function page() {
    const context = await browser.newContext();
    await context.addCookies([{ name: 'ft_session', value: cookie, url: base }]);
    return context.newPage();
  }

  it('the mailbox step offers IMAP; a provider’s page fills its servers and shows its app-password steps', async () => {
    const p = await page();
    await p.goto(`${base}/children/${childId}/setup/mailbox`);
    await p.click('#connect-imap a');
    expect(new URL(p.url()).pathname).toBe('/connect/imap');
    await p.click('text=iCloud Mail');
    await expect.poll(() => p.inputValue('input[name=imap_host]')).toBe('imap.mail.me.com');
    expect(await p.inputValue('input[name=smtp_port]')).toBe('587');
    expect(await p.inputValue('select[name=smtp_security]')).toBe('starttls');
    expect(await p.textContent('#preset-steps')).toContain('App-Specific Passwords');
    expect(await p.getAttribute('#preset-steps a[href^="https://support.apple.com"]', 'href')).toBe('https://support.apple.com/en-us/102525');
    await p.click('text=Outlook.com / Hotmail');
    expect(await p.textContent('#preset-steps')).toContain('Connect Outlook');
    await p.context().close();
  });

  it('test connection names the failed step and keeps what was typed; Connect stores it sealed and reads the school mail', async () => {
    const u = dovecot.users[0]!;
    const p = await page();
    await p.goto(`${base}/connect/imap?preset=other&child=${childId}`);
    expect(await p.inputValue('input[name=address]')).toBe(u.user);
    await p.fill('input[name=password]', 'not-the-app-password');
    await p.fill('input[name=imap_host]', '127.0.0.1');
    await p.fill('input[name=imap_port]', String(dovecot.port));
    await p.selectOption('select[name=imap_security]', 'tls');
    await p.fill('input[name=smtp_host]', '127.0.0.1');
    await p.fill('input[name=smtp_port]', String(smtp.port));
    await p.selectOption('select[name=smtp_security]', 'starttls');

    await p.click('button[value=test]');
    await p.waitForSelector('#diagnosis [data-step=login]', { timeout: 20_000 });
    expect(await p.textContent('#diagnosis')).toContain('app password');
    // The page did not reload: the password is still typed in.
    expect(await p.inputValue('input[name=password]')).toBe('not-the-app-password');

    // A wrong port for TLS: the connection step is named.
    await p.fill('input[name=imap_port]', String(smtp.port));
    await p.click('button[value=test]');
    await p.waitForSelector('#diagnosis [data-step=tls], #diagnosis [data-step=connect]', { timeout: 30_000 });
    await p.fill('input[name=imap_port]', String(dovecot.port));

    await p.fill('input[name=password]', u.password);
    await p.click('button[value=test]');
    await p.waitForSelector('#diagnosis [data-ok=true]', { timeout: 20_000 });
    expect(await p.textContent('#diagnosis')).toContain('Sent is "Sent"');

    await Promise.all([p.waitForURL(new RegExp(`/children/${childId}`)), p.click('button[value=connect]')]);
    expect(await p.textContent('body')).toContain(`Connected ${u.user}`);
    const [row] = await handle.db.select().from(mailboxConnections).where(eq(mailboxConnections.accountId, accountId));
    expect(row).toMatchObject({ provider: 'imap', address: u.user, status: 'active' });
    // Sealed at rest: the password is not in the stored blob, and the blob opens to the settings entered.
    expect(row!.tokens).not.toContain(u.password);
    expect(await openImapCredentials(row!.tokens, TEST_KEYRING)).toMatchObject({ password: u.password, imap: { host: '127.0.0.1', port: dovecot.port, secure: true }, smtp: { port: smtp.port, secure: false } });
    await expect
      .poll(async () => (await handle.db.select({ id: messages.messageId }).from(messages).where(eq(messages.connectionId, row!.id))).map((m) => m.id), { timeout: 20_000 })
      .toEqual(['<iep-meeting@district.k12.test>']);
    await p.context().close();
  }, 120_000);
});
