/** The approved draft as the RFC 822 bytes that go out: exactly the approved text, our Message-ID, the thread headers. */
import type { drafts } from '../../db/schema.js';

type DraftRow = typeof drafts.$inferSelect;

export async function composeDraft(draft: DraftRow, from: { address: string; name?: string | null }, now: Date): Promise<Uint8Array> {
  if (!draft.outgoingMessageId) throw new Error('draft has no Message-ID: approve it first');
  const { default: MailComposer } = await import('nodemailer/lib/mail-composer'); // evaluated on first use, not at every Worker start
  const buf = await new MailComposer({
    from: from.name ? { name: from.name, address: from.address } : from.address,
    to: draft.toAddresses,
    ...(draft.ccAddresses.length ? { cc: draft.ccAddresses } : {}),
    subject: draft.subject,
    text: draft.body,
    messageId: draft.outgoingMessageId,
    date: now,
    ...(draft.inReplyTo ? { inReplyTo: draft.inReplyTo } : {}),
    ...(draft.references.length || draft.inReplyTo
      ? { references: draft.references.length ? draft.references : [draft.inReplyTo!] }
      : {}),
  })
    .compile()
    .build();
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

