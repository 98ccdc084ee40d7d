/** The shared MailProvider contract, run against the IMAP provider on a real Dovecot and a real SMTP server. */
import { afterAll, beforeAll, describe } from 'vitest';
import { createImapProvider } from '../../src/mail/imap/index.js';
import { DOVECOT_SKIP, startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { startSmtp, type TestSmtp } from '../helpers/smtp-server.js';
import { runMailProviderContract } from './provider.contract.js';

let dovecot: Dovecot;
let smtp: TestSmtp;
let n = 0;

describe.skipIf(DOVECOT_SKIP)(`IMAP provider contract${DOVECOT_SKIP ? ` (skipped: ${DOVECOT_SKIP})` : ''}`, () => {
  beforeAll(async () => {
    [dovecot, smtp] = await Promise.all([startDovecot({ users: Array.from({ length: 16 }, (_, i) => ({ user: `contract${i + 1}@family.test`, password: `app-pw-${i + 1}` })) }), startSmtp()]);
  });
  afterAll(async () => {
    await Promise.all([dovecot?.stop(), smtp?.stop()]);
  });

  runMailProviderContract('imap (Dovecot + smtp-server)', async (mailbox) => {
    // IMAP stores lines ending in CRLF (RFC 3501): a bare LF comes back as CRLF, so the mailbox is given in that form.
    for (const m of mailbox.messages) m.raw = m.raw.replace(/\r?\n/g, '\r\n');
    // One fresh mailbox per test, made at start: Dovecot notices a changed passwd file only by its mtime (1 s).
    const user = dovecot.users[n++]!;
    smtp.user = user.user;
    smtp.password = user.password;
    await dovecot.append(user, 'INBOX', mailbox.messages.filter((m) => m.folder === 'inbox').map((m) => ({ raw: m.raw, date: dateOf(m.raw) })));
    await dovecot.append(user, 'Sent', mailbox.messages.filter((m) => m.folder === 'sent').map((m) => ({ raw: m.raw, date: dateOf(m.raw) })));
    const provider = createImapProvider({
      credentials: {
        kind: 'imap',
        imap: { host: dovecot.host, port: dovecot.port, secure: true },
        smtp: { host: smtp.host, port: smtp.port, secure: false },
        user: user.user,
        password: user.password,
        address: user.user,
      },
      imap: { ca: dovecot.ca, servername: 'localhost' },
      smtp: { ca: smtp.ca, servername: 'localhost' },
    });
    return {
      provider,
      deliver: (raw, folder = 'inbox') => dovecot.append(user, folder === 'sent' ? 'Sent' : 'INBOX', [{ raw, date: new Date() }]),
      close: () => provider.close(),
    };
  });
});

function dateOf(raw: string): Date {
  return new Date(/^Date: (.+)$/m.exec(raw)![1]!.trim());
}
