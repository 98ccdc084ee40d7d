/**
 * The IMAP/SMTP connect form (routes/connect-imap.tsx) as text: the servers, ports and addresses are checked
 * by the mailbox service (imapCredentialsFromForm), which names what is wrong in the parent's words; here each
 * field is read once, bounded, trimmed, and the two security choices kept to their two values.
 */
import * as z from 'zod';
import { parseForm, textField, type FormFields } from './fields.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TOO_LONG = 'That value is too long. Please check what was typed.';
const line = textField(500, TOO_LONG).transform((s) => s.trim());
const security = textField(20, TOO_LONG).transform((s): 'tls' | 'starttls' => (s === 'starttls' ? 'starttls' : 'tls'));

const connectImapForm = z.object({
  preset: line,
  address: line,
  user: line,
  // Not trimmed: a password is exactly what was typed.
  password: textField(500, TOO_LONG),
  imap_host: line,
  imap_port: line,
  imap_security: security,
  smtp_host: line,
  smtp_port: line,
  smtp_security: security,
  child: line.transform((s) => (UUID.test(s) ? s : '')),
  action: line,
});

export type ConnectImapFields = z.output<typeof connectImapForm>;

export function parseConnectImapForm(fields: FormFields): ConnectImapFields {
  return parseForm(connectImapForm, fields);
}
