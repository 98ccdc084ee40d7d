/** Account mail (password reset, address confirmation, invitations): SMTP through nodemailer when SMTP_URL is set, else none. */
import type { Env } from '../../config/env.js';
import type { Logger } from '../../log/logger.js';

export interface OutgoingNotice {
  to: string;
  subject: string;
  text: string;
}

/** Sends a notice about the account (reset link, address confirmation, invitation) to its address. */
export type AccountMailer = ((notice: OutgoingNotice) => Promise<void>) & {
  /** False when no mail can leave (no SMTP_URL): pages must not claim a link was sent. */
  configured?: boolean;
};

export function accountMailer(env: Pick<Env, 'SMTP_URL' | 'SMTP_FROM' | 'NODE_ENV'>, log: Logger): AccountMailer {
  const mailer: AccountMailer = async (notice) => {
    if (env.SMTP_URL) {
      const { createTransport } = await import('nodemailer');
      const transport = createTransport(env.SMTP_URL);
      await transport.sendMail({ from: env.SMTP_FROM ?? 'Followthrough <no-reply@localhost>', to: notice.to, subject: notice.subject, text: notice.text });
      log.info('account mail sent', { subject: notice.subject });
      return;
    }
    // No SMTP: nothing is sent, and the link is never logged (a log is not a mailbox: whoever reads the
    // server's logs could take over the account). The pages say plainly that mail is not configured.
    log.warn('account mail not sent: SMTP_URL is not configured', { subject: notice.subject });
  };
  mailer.configured = Boolean(env.SMTP_URL);
  return mailer;
}
