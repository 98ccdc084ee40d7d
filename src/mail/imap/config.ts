/**
 * What a parent gives us to reach an IMAP/SMTP mailbox. The password is an app password made for us, never
 * the account password; the whole object is sealed at rest (security/crypto.ts) like OAuth tokens.
 */
import * as z from 'zod';

const host = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9.-]+$/, 'the server name may only hold letters, digits, dots and dashes')
  .min(3);

export const serverSchema = z.object({
  host,
  port: z.coerce.number().int().min(1).max(65535),
  /** true: TLS from the first byte (993 / 465); false: STARTTLS upgrade, which is then required. */
  secure: z.boolean(),
});

export const imapCredentialsSchema = z.object({
  kind: z.literal('imap'),
  imap: serverSchema,
  smtp: serverSchema,
  user: z.string().trim().min(1),
  password: z.string().min(1),
  /** The address mail is sent from (usually the user name). */
  address: z.string().trim().toLowerCase().email(),
});

export type ServerConfig = z.infer<typeof serverSchema>;
export type ImapCredentials = z.infer<typeof imapCredentialsSchema>;

/** Options for tests and deployers that are not part of what a parent enters. */
export interface ImapTransportOptions {
  /** Extra trusted CA (a test server's self-signed certificate). */
  ca?: string;
  /** TLS server name to check when connecting by IP. */
  servername?: string;
  connectionTimeoutMs?: number;
  socketTimeoutMs?: number;
}
