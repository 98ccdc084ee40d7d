/** Account mail (password reset): SMTP through nodemailer when SMTP_URL is set; in development the link is logged. */
import type { AppDeps, OutgoingNotice } from './deps.js';

export async function sendAccountMail(deps: AppDeps, notice: OutgoingNotice, devLink: string): Promise<void> {
  const log = deps.log ?? ((e: Record<string, unknown>) => console.log(JSON.stringify(e)));
  if (deps.mailer) return deps.mailer(notice);
  if (deps.env?.SMTP_URL) {
    const { createTransport } = await import('nodemailer');
    const transport = createTransport(deps.env.SMTP_URL);
    await transport.sendMail({ from: deps.env.SMTP_FROM ?? 'Followthrough <no-reply@localhost>', to: notice.to, subject: notice.subject, text: notice.text });
    log({ level: 'info', msg: 'account mail sent', subject: notice.subject });
    return;
  }
  if ((deps.env?.NODE_ENV ?? 'development') !== 'production') {
    // Development without SMTP: the link goes to the server log (never the password).
    log({ level: 'info', msg: 'password reset link (SMTP_URL not set; development only)', link: devLink });
  } else {
    log({ level: 'warn', msg: 'password reset requested but SMTP_URL is not configured; no mail sent' });
  }
}
