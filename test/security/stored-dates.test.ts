import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/core/analyze.js';
import type { MailMessage } from '../../src/core/types.js';

const msg = (id: string, sentAt: string, text: string): MailMessage => ({
  messageId: id, inReplyTo: null, references: [], from: { address: 'parent@family.test' },
  to: [{ address: 'teacher@school.k12.test' }], cc: [], replyTo: [], sentAt, sentAtMs: Date.parse(sentAt),
  subject: `Request ${id}`, text, fromHtml: false, attachments: [], automatic: false, providerThreadId: null, providerId: null,
});

// Stored before the parser refused such dates: one absurd row used to make every analysis of the account throw.
describe('analysis never throws on a stored message with an absurd date', () => {
  it.each([
    ['an impossible offset', '2026-01-12T16:03:00+99:99'],
    ['year 12026', '+012026-01-12T16:03:00+00:00'],
    ['not a date at all', 'garbage'],
  ])('%s: the message is reported in skipped and the rest is analysed', (_label, bad) => {
    const result = analyze({
      messages: [
        msg('<good@family.test>', '2026-01-12T09:00:00-08:00', 'Hi,\n\nPlease send me a copy of his current IEP.\n\nThanks,\nPat'),
        msg('<bad@family.test>', bad, 'Hi,\n\nI am requesting an IEP meeting to discuss his reading.\n\nThanks,\nPat'),
      ],
      parents: ['parent@family.test'], school: ['school.k12.test'], state: 'CA', timezone: 'America/Los_Angeles', now: '2026-02-20T12:00:00-08:00',
    });
    expect(result.requests.map((r) => r.messageId)).toEqual(['<good@family.test>']);
    expect(result.skipped).toEqual([expect.objectContaining({ file: '<bad@family.test>' })]);
  });
});
