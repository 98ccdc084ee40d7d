/**
 * A follow-up sent from Outlook lands in the school's conversation in the parent's own mailbox, while its
 * body and every composed header go out exactly as approved, under both Message-ID behaviours; a retry after
 * an unknown outcome still finds the one copy.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { conversationGuid, replyThreadIndex, threadTopic, withThreadHeaders } from '../../src/mail/outlook/thread-index.js';
import { startGraphRig, type GraphRig } from '../fakes/graph-setup.js';
import { PARENT } from '../fakes/mail-fixtures.js';
import { mailText } from '../helpers/mail.js';
import { composeReply } from './provider.contract.js';

const TEXT = 'Dear Ms. Sped,\n\nI am following up on my request of January 21 for the speech sessions.\n\nThank you,\nPat';

function split(raw: Uint8Array | Buffer): { headers: string[]; body: Buffer } {
  const buf = Buffer.from(raw);
  const end = buf.indexOf('\r\n\r\n');
  return { headers: buf.subarray(0, end).toString('latin1').split(/\r\n(?![ \t])/), body: buf.subarray(end) };
}

describe('thread index arithmetic ([MS-OXOMSG] 2.2.1.3)', () => {
  it('a reply keeps the parent’s 22-byte header block and GUID and adds one 5-byte child block', () => {
    const parent = Buffer.concat([Buffer.from([0x01, 0xdc, 0x5e, 0x12, 0x34, 0x56]), Buffer.alloc(16, 0xab)]).toString('base64');
    const child = replyThreadIndex(parent, new Date('2026-12-02T12:00:00Z'), 0x3c)!;
    const bytes = Buffer.from(child, 'base64');
    expect(bytes.length).toBe(27);
    expect(bytes.subarray(0, 22).toString('base64')).toBe(parent);
    expect(conversationGuid(child)).toBe('ab'.repeat(16));
    expect(bytes[26]! & 0x0f).toBe(1); // first response level
    const grandchild = Buffer.from(replyThreadIndex(child, new Date('2026-12-03T12:00:00Z'), 0x3c)!, 'base64');
    expect(grandchild.length).toBe(32);
    expect(grandchild[31]! & 0x0f).toBe(2);
    expect(replyThreadIndex('bm90IGFuIGluZGV4', new Date(), 0)).toBeNull();
  });
  it('Thread-Topic drops reply prefixes; headers are added without touching the body', async () => {
    expect(threadTopic('RE: Fwd: Re: Speech sessions')).toBe('Speech sessions');
    const raw = await composeReply({ to: 'sped@district.k12.test', messageId: '<t@x.test>', inReplyTo: '<p@d.test>', text: TEXT });
    const out = withThreadHeaders(raw, 'AQIDBA==', 'Speech');
    expect(split(out).body.equals(split(raw).body)).toBe(true);
    expect(split(out).headers).toEqual([...split(raw).headers, 'Thread-Topic: Speech', 'Thread-Index: AQIDBA==']);
  });
});

describe.each(['keep', 'replace'] as const)('Outlook threading of a sent follow-up (Message-ID %s)', (policy) => {
  let rig: GraphRig;
  afterEach(async () => rig?.close());

  async function setup() {
    rig = await startGraphRig();
    rig.graph.messageIdPolicy = policy;
    const school = rig.graph.addMessage(
      mailText({ from: 'Ms. Sped <sped@district.k12.test>', to: [PARENT], subject: 'Speech sessions', body: 'We will get back to you.', date: new Date(Date.now() - 86_400_000), messageId: '<school-1@district.k12.test>' }),
      'inbox',
    );
    const raw = await composeReply({ to: 'sped@district.k12.test', messageId: `<follow-${policy}@family.test>`, inReplyTo: '<school-1@district.k12.test>', text: TEXT });
    return { school, raw };
  }

  it('goes into the school message’s conversation, body and composed headers byte for byte as approved', async () => {
    const { school, raw } = await setup();
    const sent = await rig.provider.send({ raw, messageId: `<follow-${policy}@family.test>`, threadId: school.id, replyToProviderId: school.id });
    const copy = [...rig.graph.mailbox.messages.values()].find((m) => m.folder === 'sentitems')!;
    expect(copy.conversationId).toBe(school.conversationId);
    expect(sent).toEqual({ providerId: copy.id, threadId: school.conversationId });
    // What reached the school: the approved body, and every header as composed (Message-ID aside where Exchange replaces it).
    const out = split(rig.graph.delivered[0]!);
    const composed = split(raw);
    expect(out.body.equals(composed.body)).toBe(true);
    const expected = composed.headers.filter((h) => policy === 'keep' || !/^message-id:/i.test(h));
    expect(out.headers.filter((h) => !/^thread-(index|topic):/i.test(h) && (policy === 'keep' || !/^message-id:/i.test(h)))).toEqual(expected);
    expect(out.headers).toContain('Thread-Topic: Subject 2');
    expect(out.headers.some((h) => h.startsWith('Thread-Index: '))).toBe(true);
    expect(rig.graph.delivered).toHaveLength(1);
  });

  it('without the conversation index (as a bare MIME send) the fake files it apart: what the index fixes', async () => {
    const { school, raw } = await setup();
    await rig.provider.send({ raw, messageId: `<follow-${policy}@family.test>` });
    const copy = [...rig.graph.mailbox.messages.values()].find((m) => m.folder === 'sentitems')!;
    expect(copy.conversationId).not.toBe(school.conversationId);
  });

  it('saved to Drafts, it is in the conversation too', async () => {
    const { school, raw } = await setup();
    const { draftId } = await rig.provider.saveDraft({ raw, messageId: `<follow-${policy}@family.test>`, replyToProviderId: school.id });
    expect(rig.graph.mailbox.messages.get(draftId)!.conversationId).toBe(school.conversationId);
  });

  it('a replied-to message that is gone: sent anyway, as plain MIME, once', async () => {
    const { school, raw } = await setup();
    rig.graph.mailbox.deleteMessage(school.id);
    await rig.provider.send({ raw, messageId: `<follow-${policy}@family.test>`, replyToProviderId: school.id });
    expect(rig.graph.delivered).toHaveLength(1);
    expect(split(rig.graph.delivered[0]!).body.equals(split(raw).body)).toBe(true);
  });
});
