/**
 * SMTP delivery (Node only: nodemailer needs sockets, so the Worker never imports this file). Used when
 * SMTP_URL is configured; the mail goes from SMTP_FROM to the parent's own address.
 */
import nodemailer from 'nodemailer';
import type { Deliverer } from './delivery.js';

export function smtpDeliverer(opts: { url: string; from?: string; appUrl: string }): Deliverer & { close(): void } {
  const transport = nodemailer.createTransport(opts.url);
  const from = opts.from ?? `Followthrough <no-reply@${new URL(opts.appUrl).hostname}>`;
  return {
    via: 'smtp',
    async deliver(mail) {
      await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, messageId: mail.messageId });
      return true;
    },
    close: () => transport.close(),
  };
}
