/**
 * "Test connection": tries each step a connection needs and names the first that failed, in words a parent
 * can act on (the server name, the secure connection, the password, the folders, sending).
 */
import { lookup } from 'node:dns/promises';
import { verifySmtp } from '../smtp/sender.js';
import type { ImapCredentials, ImapTransportOptions } from './config.js';
import { isTlsError } from './errors.js';
import { specialFolder } from './folders.js';
import { imapClient } from './session.js';

export type DiagnosisStep = 'dns' | 'connect' | 'tls' | 'login' | 'folder' | 'smtp';

export type Diagnosis =
  | { ok: true; folders: { sent: string | null; drafts: string | null; count: number }; idle: boolean }
  | { ok: false; step: DiagnosisStep; message: string };

const MESSAGES: Record<DiagnosisStep, (host: string) => string> = {
  dns: (h) => `We could not find a mail server called "${h}". Check the spelling of the server name.`,
  connect: (h) => `"${h}" did not answer on that port. Check the port number, or try again in a few minutes.`,
  tls: (h) => `A secure connection to "${h}" could not be made. Check the port and the "secure connection" choice.`,
  login: () => 'The server did not accept the email address and app password. Make a new app password and paste it again (your normal password will not work).',
  folder: () => 'We signed in, but could not open your Inbox. Check that IMAP access is turned on in your email settings.',
  smtp: (h) => `Reading mail works, but sending through "${h}" did not. Check the outgoing server and port.`,
};

function fail(step: DiagnosisStep, host: string): Diagnosis {
  return { ok: false, step, message: MESSAGES[step](host) };
}

export async function diagnoseConnection(
  creds: ImapCredentials,
  opts: { imap?: ImapTransportOptions; smtp?: { ca?: string; servername?: string }; resolve?: (host: string) => Promise<unknown> } = {},
): Promise<Diagnosis> {
  const resolve = opts.resolve ?? ((h: string) => lookup(h));
  for (const host of [creds.imap.host, creds.smtp.host]) {
    try {
      await resolve(host);
    } catch {
      return fail('dns', host);
    }
  }
  const client = imapClient(creds, { connectionTimeoutMs: 15_000, ...opts.imap });
  try {
    try {
      await client.connect();
    } catch (e) {
      const err = e as Error & { authenticationFailed?: boolean; code?: string };
      if (err.authenticationFailed) return fail('login', creds.imap.host);
      if (isTlsError(err)) return fail('tls', creds.imap.host);
      return fail('connect', creds.imap.host);
    }
    let list;
    try {
      list = await client.list();
      await client.mailboxOpen('INBOX', { readOnly: true });
    } catch {
      return fail('folder', creds.imap.host);
    }
    const idle = client.capabilities.has('IDLE');
    try {
      await verifySmtp({ ...creds.smtp, user: creds.user, password: creds.password, timeoutMs: 15_000, ...opts.smtp });
    } catch (e) {
      const err = e as Error & { code?: string; responseCode?: number };
      if (err.code === 'EAUTH' || err.responseCode === 535) return fail('login', creds.smtp.host);
      if (isTlsError(err)) return fail('tls', creds.smtp.host);
      return fail('smtp', creds.smtp.host);
    }
    return { ok: true, folders: { sent: specialFolder(list, '\\Sent'), drafts: specialFolder(list, '\\Drafts'), count: list.length }, idle };
  } finally {
    if (client.usable) await client.logout().catch(() => client.close());
    else client.close();
  }
}
