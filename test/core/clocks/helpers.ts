import type { MailMessage } from '../../../src/core/types.js';

export const PARENT = 'maria.ortiz@family.test';
export const TEACHER = 'j.lee@district.k12.test';
export const SCHOOL = ['district.k12.test'];

let n = 0;
/** A parsed message between the parent and the school: the few fields a clock test cares about. */
export function msg(spec: {
  from: 'parent' | 'school';
  sentAt: string;
  text: string;
  subject?: string;
  id?: string;
  inReplyTo?: string;
  attachments?: string[];
}): MailMessage {
  const id = spec.id ?? `<clk${++n}@test>`;
  const parent = { address: PARENT, name: 'Maria Ortiz' };
  const school = { address: TEACHER, name: 'Jamie Lee' };
  return {
    messageId: id,
    inReplyTo: spec.inReplyTo ?? null,
    references: spec.inReplyTo ? [spec.inReplyTo] : [],
    from: spec.from === 'parent' ? parent : school,
    to: [spec.from === 'parent' ? school : parent],
    cc: [],
    replyTo: [],
    sentAt: spec.sentAt,
    sentAtMs: Date.parse(spec.sentAt),
    subject: spec.subject ?? 'Evaluation for Leo',
    text: spec.text,
    fromHtml: false,
    attachments: (spec.attachments ?? []).map((filename) => ({ filename, contentType: 'application/pdf', size: 1000 })),
    automatic: false,
    providerThreadId: null,
    providerId: null,
  };
}
