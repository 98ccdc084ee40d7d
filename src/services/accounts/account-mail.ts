/** Account mail (password reset): SMTP through nodemailer when SMTP_URL is set; in development the link is logged. */
import type { Env } from '../../config/env.js';
import type { Logger } from '../../log/logger.js';

export interface OutgoingNotice {
  to: string;
  subject: string;
  text: string;
}

/** Sends a notice about the account; `devLink` is what a developer without SMTP needs from it (logged, never in production). */
export type AccountMailer = (notice: OutgoingNotice, devLink: string) => Promise<void>;

export function accountMailer(env: Pick<Env, 'SMTP_URL' | 'SMTP_FROM' | 'NODE_ENV'>, log: Logger): AccountMailer {
  return async (notice, devLink) => {
    if (env.SMTP_URL) {
      const { createTransport } = await import('nodemailer');
      const transport = createTransport(env.SMTP_URL);
      await transport.sendMail({ from: env.SMTP_FROM ?? 'Followthrough <no-reply@localhost>', to: notice.to, subject: notice.subject, text: notice.text });
      log.info('account mail sent', { subject: notice.subject });
      return;
    }
    if (env.NODE_ENV !== 'production') {
      // Development without SMTP: the link goes to the server log (never the password).
      log.info('password reset link (SMTP_URL not set; development only)', { link: devLink });
    } else {
      log.warn('password reset requested but SMTP_URL is not configured; no mail sent');
    }
  };
}
