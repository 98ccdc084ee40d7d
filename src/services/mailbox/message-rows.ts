import type { MailMessage } from '../../core/types.js';
import type { messages } from '../../db/schema.js';

type Row = typeof messages.$inferSelect;

/** A stored message as the core sees it; a row read without its body (threading reads headers only) gets ''. */
export function rowToMailMessage(r: Pick<Row, 'messageId' | 'inReplyTo' | 'references' | 'fromAddress' | 'to' | 'cc' | 'sentAt' | 'sentAtText' | 'subject' | 'providerThreadId'> & Partial<Row>): MailMessage {
  return {
    messageId: r.messageId,
    inReplyTo: r.inReplyTo,
    references: r.references,
    from: r.fromAddress ? { address: r.fromAddress, ...(r.fromName ? { name: r.fromName } : {}) } : null,
    to: r.to,
    cc: r.cc,
    replyTo: [],
    sentAt: r.sentAtText,
    sentAtMs: r.sentAt.getTime(),
    subject: r.subject,
    text: r.bodyText ?? '',
    fromHtml: false,
    attachments: r.attachments ?? [],
    automatic: r.automatic ?? false,
    providerThreadId: r.providerThreadId,
    providerId: r.providerId ?? null,
  };
}
