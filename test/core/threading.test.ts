import { describe, expect, it } from 'vitest';
import { hasReplyPrefix, normalizeSubject } from '../../src/core/subject.js';
import { chronological, threadMessages, type ThreadGroup } from '../../src/core/threading.js';
import type { MailMessage } from '../../src/core/types.js';
import { parseMail } from '../../src/mail/parse.js';
import { mail } from '../helpers/mail.js';

const PARENT = 'parent@family.test';
const TEACHER = 'teacher@school.k12.test';
const SPED = 'sped@school.k12.test';
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 12, 16, 0);

function msg(id: string, o: Partial<Omit<MailMessage, 'from' | 'to'>> & { at?: number; from?: string; to?: string[] } = {}): MailMessage {
  const at = o.at ?? T0;
  return {
    messageId: `<${id}@t>`,
    inReplyTo: null,
    references: [],
    replyTo: [],
    sentAt: new Date(at).toISOString().replace('Z', '+00:00').replace('.000', ''),
    sentAtMs: at,
    subject: 'IEP meeting',
    text: '',
    fromHtml: false,
    attachments: [],
    automatic: false,
    providerThreadId: null,
    providerId: null,
    cc: [],
    ...o,
    from: { address: o.from ?? PARENT },
    to: (o.to ?? [TEACHER]).map((address) => ({ address })),
  };
}

const ids = (groups: ThreadGroup[]) => groups.map((g) => g.messageIds.map((m) => m.replace(/^<|@t>$/g, '')));

describe('threadMessages', () => {
  it('subject fallback: a "Re:" reply without References joins the thread of the same participants', () => {
    const groups = threadMessages([
      msg('ask', { subject: 'Speech sessions' }),
      msg('answer', { subject: 'RE: Speech sessions', from: TEACHER, to: [PARENT], at: T0 + 2 * DAY }),
    ]);
    expect(ids(groups)).toEqual([['ask', 'answer']]);
    expect(groups[0]!.subject).toBe('Speech sessions');
  });

  it('subject fallback needs two shared participants: one shared address is not enough', () => {
    const groups = threadMessages([
      msg('ask', { subject: 'Speech sessions' }),
      // The teacher answers someone else's mail with the same subject.
      msg('other', { subject: 'Re: Speech sessions', from: TEACHER, to: ['other.parent@family2.test'], at: T0 + DAY }),
    ]);
    expect(ids(groups)).toEqual([['ask'], ['other']]);
  });

  it('broken chain: a missing middle message still links its descendants through the placeholder', () => {
    // a ← (b missing) ← c, d; c and d cite only b.
    const groups = threadMessages([
      msg('a', { subject: 'Records request' }),
      msg('c', { subject: 'Re: Records request', from: TEACHER, to: [PARENT], inReplyTo: '<b@t>', references: ['<b@t>'], at: T0 + 3 * DAY }),
      msg('d', { subject: 'Re: Records request', inReplyTo: '<c@t>', references: ['<b@t>', '<c@t>'], at: T0 + 4 * DAY }),
      msg('e', { subject: 'A different matter', to: ['nurse@school.k12.test'], inReplyTo: '<b@t>', at: T0 + 5 * DAY }),
    ]);
    // c, d and e all cite the lost b and stay together; a had no link to b and c is not a lone reply.
    expect(ids(groups)).toEqual([['a'], ['c', 'd', 'e']]);
  });

  it('a broken chain whose references still name the root joins the root across the gap', () => {
    const groups = threadMessages([
      msg('root', { subject: 'Evaluation' }),
      msg('late', { subject: 'Re: Re: Evaluation', from: SPED, to: [PARENT], references: ['<root@t>', '<lost1@t>', '<lost2@t>'], inReplyTo: '<lost2@t>', at: T0 + 9 * DAY }),
      msg('later', { subject: 'Re: Evaluation', inReplyTo: '<lost1@t>', at: T0 + 10 * DAY }),
    ]);
    expect(ids(groups)).toEqual([['root', 'late', 'later']]);
  });

  it('a subject change inside a thread with References stays in the thread', () => {
    const groups = threadMessages([
      msg('one', { subject: 'IEP meeting' }),
      msg('two', { subject: 'Re: IEP meeting - new date?', from: TEACHER, to: [PARENT], inReplyTo: '<one@t>', references: ['<one@t>'], at: T0 + DAY }),
      msg('three', { subject: 'Also: bus schedule', inReplyTo: '<two@t>', references: ['<one@t>', '<two@t>'], at: T0 + 2 * DAY }),
    ]);
    expect(ids(groups)).toEqual([['one', 'two', 'three']]);
    expect(groups[0]!.subject).toBe('IEP meeting');
  });

  it('the same subject in unrelated threads stays apart: other participants, or months later', () => {
    const list = [
      msg('fall', { subject: 'IEP meeting', at: T0 }),
      msg('fall-reply', { subject: 'Re: IEP meeting', from: TEACHER, to: [PARENT], at: T0 + DAY }),
      // Another family's teacher and another parent: no shared participants.
      msg('elsewhere', { subject: 'Re: IEP meeting', from: 'x@other.k12.test', to: ['y@family3.test'], at: T0 + 2 * DAY }),
      // Same people, 90 days after the thread's last message: beyond the 60-day window.
      msg('spring', { subject: 'Re: IEP meeting', from: TEACHER, to: [PARENT], at: T0 + 91 * DAY }),
    ];
    expect(ids(threadMessages(list))).toEqual([['fall', 'fall-reply'], ['elsewhere'], ['spring']]);
    // A wider window joins the spring reply; the strangers stay apart.
    expect(ids(threadMessages(list, { subjectWindowDays: 120 }))).toEqual([['fall', 'fall-reply', 'spring'], ['elsewhere']]);
  });

  it('the window is configurable and measured from the thread\'s last message', () => {
    const list = [
      msg('start', { subject: 'Bus', at: T0 }),
      msg('r1', { subject: 'Re: Bus', from: TEACHER, to: [PARENT], at: T0 + 50 * DAY }),
      msg('r2', { subject: 'Re: Bus', at: T0 + 100 * DAY }), // 50 days after r1, 100 after start
    ];
    expect(ids(threadMessages(list))).toEqual([['start', 'r1', 'r2']]);
    expect(ids(threadMessages(list, { subjectWindowDays: 30 }))).toEqual([['start'], ['r1'], ['r2']]);
  });

  it('a message without a reply prefix and without references starts a new thread even with the same subject', () => {
    const groups = threadMessages([
      msg('first', { subject: 'Progress report' }),
      msg('second', { subject: 'Progress report', at: T0 + 7 * DAY }),
      msg('reply', { subject: 'Re: Progress report', from: TEACHER, to: [PARENT], at: T0 + 8 * DAY }),
    ]);
    // The reply joins the most recent thread with that subject.
    expect(ids(groups)).toEqual([['first'], ['second', 'reply']]);
  });

  it('provider thread ids group messages whatever their headers say', () => {
    const groups = threadMessages([
      msg('g1', { subject: 'Bus', providerThreadId: 'T1' }),
      msg('g2', { subject: 'Completely different', from: 'someone@else.test', to: ['x@y.test'], providerThreadId: 'T1', at: T0 + 200 * DAY }),
      msg('g3', { subject: 'Bus', providerThreadId: 'T2', at: T0 + DAY }),
      // A provider-threaded reply is not re-grouped by subject.
      msg('g4', { subject: 'Re: Bus', providerThreadId: 'T3', at: T0 + 2 * DAY }),
    ]);
    expect(ids(groups)).toEqual([['g1', 'g2'], ['g3'], ['g4']]);
  });

  it('Gmail X-GM-THRID read by parseMail threads an archive like Gmail does', async () => {
    const raws = [
      mail({ messageId: '<x1@t>', subject: 'Speech', headers: { 'X-GM-THRID': '1789000000000000001' } }),
      mail({ messageId: '<x2@t>', subject: 'Renamed by the school', from: TEACHER, to: PARENT, date: 'Tue, 13 Jan 2026 09:00:00 -0800', headers: { 'X-GM-THRID': '1789000000000000001' } }),
      mail({ messageId: '<x3@t>', subject: 'Speech', date: 'Wed, 14 Jan 2026 09:00:00 -0800', headers: { 'X-GM-THRID': '1789000000000000002' } }),
    ];
    const parsed = await Promise.all(raws.map((r) => parseMail(r)));
    expect(parsed.map((p) => p.providerThreadId)).toEqual(['1789000000000000001', '1789000000000000001', '1789000000000000002']);
    expect(ids(threadMessages(parsed))).toEqual([['x1', 'x2'], ['x3']]);
  });

  it('output is chronological and the same for any input order', () => {
    const list = [
      msg('b1', { subject: 'Bus', at: T0 + 1 * DAY }),
      msg('a1', { subject: 'Aide', at: T0 }),
      msg('a2', { subject: 'Re: Aide', from: TEACHER, to: [PARENT], inReplyTo: '<a1@t>', at: T0 + 3 * DAY }),
      msg('b2', { subject: 'Re: Bus', from: TEACHER, to: [PARENT], inReplyTo: '<b1@t>', at: T0 + 2 * DAY }),
      msg('tie-b', { subject: 'Tie', at: T0 + 5 * DAY }),
      msg('tie-a', { subject: 'Tie', at: T0 + 5 * DAY }),
    ];
    const expected = [['a1', 'a2'], ['b1', 'b2'], ['tie-a'], ['tie-b']];
    expect(ids(threadMessages(list))).toEqual(expected);
    let seed = 7;
    for (let i = 0; i < 20; i++) {
      const shuffled = [...list].sort(() => ((seed = (seed * 16807) % 2147483647) % 3) - 1);
      expect(ids(threadMessages(shuffled))).toEqual(expected);
    }
    expect([...list].sort(chronological).map((m) => m.messageId)).toEqual(['<a1@t>', '<b1@t>', '<b2@t>', '<a2@t>', '<tie-a@t>', '<tie-b@t>']);
  });

  it('a reply that arrives before its parent (clock skew) still joins it', () => {
    const groups = threadMessages([
      msg('parent', { subject: 'Aide', at: T0 + 10 * 60_000 }),
      msg('child', { subject: 'Re: Aide', from: TEACHER, to: [PARENT], inReplyTo: '<parent@t>', at: T0 }),
    ]);
    expect(ids(groups)).toEqual([['child', 'parent']]);
  });
});

describe('subjects', () => {
  it('normalizeSubject strips reply/forward prefixes and gateway tags, in any mix and case', () => {
    expect(normalizeSubject('RE: [EXTERNAL] Fwd: IEP  meeting')).toBe('iep meeting');
    expect(normalizeSubject('AW: WG: Förderplan')).toBe('förderplan');
    expect(normalizeSubject('Re[2]: Re: records')).toBe('records');
    expect(normalizeSubject('*** EXTERNAL *** RV: Evaluación')).toBe('evaluación');
    expect(normalizeSubject('Réponse: IEP')).toBe('réponse: iep');
    expect(normalizeSubject('Regarding: speech')).toBe('regarding: speech');
    expect(normalizeSubject('')).toBe('');
  });

  it('hasReplyPrefix', () => {
    expect(hasReplyPrefix('Re: x')).toBe(true);
    expect(hasReplyPrefix('FW: x')).toBe(true);
    expect(hasReplyPrefix('Regarding x')).toBe(false);
    expect(hasReplyPrefix('Records request')).toBe(false);
  });
});
