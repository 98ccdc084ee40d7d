/** "Test connection" names the step that failed: DNS, TLS, login, sending; and passes on a good setup. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnoseConnection } from '../../src/mail/imap/diagnose.js';
import type { ImapCredentials } from '../../src/mail/imap/config.js';
import { DOVECOT_SKIP, startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { startSmtp, type TestSmtp } from '../helpers/smtp-server.js';

let dovecot: Dovecot;
let smtp: TestSmtp;
const creds = (over: Partial<ImapCredentials> = {}): ImapCredentials => ({
  kind: 'imap',
  imap: { host: '127.0.0.1', port: dovecot.port, secure: true },
  smtp: { host: '127.0.0.1', port: smtp.port, secure: false },
  user: dovecot.users[0]!.user,
  password: dovecot.users[0]!.password,
  address: dovecot.users[0]!.user,
  ...over,
});
const trusted = () => ({ imap: { ca: dovecot.ca, servername: 'localhost' }, smtp: { ca: smtp.ca, servername: 'localhost' }, resolve: async () => undefined });

describe.skipIf(DOVECOT_SKIP)(`test connection${DOVECOT_SKIP ? ` (skipped: ${DOVECOT_SKIP})` : ''}`, () => {
  beforeAll(async () => {
    [dovecot, smtp] = await Promise.all([startDovecot(), startSmtp()]);
    smtp.user = dovecot.users[0]!.user;
    smtp.password = dovecot.users[0]!.password;
  });
  afterAll(async () => {
    await Promise.all([dovecot?.stop(), smtp?.stop()]);
  });

  it('passes and finds Sent and Drafts on a good setup', async () => {
    expect(await diagnoseConnection(creds(), trusted())).toMatchObject({ ok: true, folders: { sent: 'Sent', drafts: 'Drafts' }, idle: true });
  });
  it('a server name that does not resolve is a DNS failure', async () => {
    const r = await diagnoseConnection(creds({ imap: { host: 'no-such-host.invalid', port: 993, secure: true } }), { ...trusted(), resolve: undefined });
    expect(r).toMatchObject({ ok: false, step: 'dns' });
  });
  it('an untrusted certificate is a TLS failure', async () => {
    expect(await diagnoseConnection(creds(), { resolve: async () => undefined })).toMatchObject({ ok: false, step: 'tls' });
  });
  it('a wrong app password is a login failure', async () => {
    expect(await diagnoseConnection(creds({ password: 'wrong' }), trusted())).toMatchObject({ ok: false, step: 'login' });
  });
  it('a dead outgoing server is a sending failure', async () => {
    expect(await diagnoseConnection(creds({ smtp: { host: '127.0.0.1', port: 1, secure: false } }), trusted())).toMatchObject({ ok: false, step: 'smtp' });
  });
});
