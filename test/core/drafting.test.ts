import { describe, expect, it } from 'vitest';
import { checkDraft } from '../../src/core/draft-rules.js';
import {
  KIND_KEYWORDS,
  countWords,
  draftFollowUp,
  excerpt,
  formatLongDate,
  formatWeekdayDate,
  localDate,
  replySubject,
  type DraftInput,
} from '../../src/core/drafting.js';
import { checkTone } from '../../src/core/tone.js';
import { REQUEST_KINDS, type DeadlineRule, type Provision, type RequestKind } from '../../src/core/types.js';

const CA_MEETING: DeadlineRule = {
  id: 'ca-iep-meeting-request',
  jurisdiction: 'CA',
  kind: 'meeting',
  days: 30,
  unit: 'calendar_days',
  clockStart: "receipt of the parent's written request",
  exclusions: ['ca-breaks-over-5-school-days'],
  citation: 'Cal. Educ. Code § 56343.5',
  confidence: 'high',
  verifiedOn: '2026-01-05',
  summary: 'A meeting is to be held within 30 days of a written request.',
};

const SPEECH: Provision = {
  id: 'p3',
  type: 'service',
  text: 'Speech-language therapy, 30 minutes, 2 times weekly, small group',
  section: 'Special Education and Related Services',
  page: 7,
};

const EXTENDED_TIME: Provision = {
  id: 'p5',
  type: 'accommodation',
  text: 'Extended time (1.5x) on tests and quizzes.',
  section: 'Accommodations and Modifications',
  page: 9,
};

const EVIDENCE: Record<RequestKind, string> = {
  meeting: 'I am requesting an IEP meeting to discuss his reading progress.',
  evaluation: 'I am requesting a comprehensive evaluation for special education.',
  iee: 'I disagree with the evaluation and request an IEE at public expense.',
  records: 'Please send me a copy of his complete educational file.',
  progress: 'Could you send the data used to measure progress on his reading goals?',
  pwn: 'Please provide prior written notice explaining the decision.',
  services:
    'His IEP says speech 2x30 min weekly; he has had one session since Jan. 5. When will missed sessions be made up?',
  accommodations:
    'His IEP provides extended time on tests; he did not receive it on Friday. Please confirm it will be provided.',
  information: 'Can you tell me who his case manager is this year?',
};

function input(over: Partial<DraftInput> = {}, kind: RequestKind = 'meeting'): DraftInput {
  return {
    request: {
      id: 'r1',
      kind,
      evidence: EVIDENCE[kind],
      sentAt: '2026-01-12T16:03:00-08:00',
      subject: 'IEP meeting request',
    },
    thread: { lastMessageId: '<b@district.org>', references: ['<a@gmail.com>', '<b@district.org>'] },
    to: ['case.manager@district.org'],
    cc: ['principal@district.org'],
    childName: 'Leo',
    parentName: 'Dana Rivera',
    provision: null,
    rule: null,
    citeLaw: true,
    dueDate: '2026-02-11',
    respondBy: '2026-02-20',
    timezone: 'America/Los_Angeles',
    status: 'overdue',
    ...over,
  };
}

function failures(i: DraftInput) {
  const d = draftFollowUp(i);
  return checkDraft(d, i).filter((r) => !r.ok);
}

describe('draftFollowUp', () => {
  it('writes the meeting follow-up with the statutory timeline (exact text)', () => {
    const i = input({ rule: CA_MEETING });
    const d = draftFollowUp(i);
    expect(d).toEqual({
      requestId: 'r1',
      inReplyTo: '<b@district.org>',
      references: ['<a@gmail.com>', '<b@district.org>'],
      to: ['case.manager@district.org'],
      cc: ['principal@district.org'],
      subject: 'Re: IEP meeting request',
      body: [
        'Hello,',
        '',
        'On January 12, 2026, I wrote to ask for a team meeting for Leo: "I am requesting an IEP meeting to discuss his reading progress." I have not yet received a reply.',
        '',
        'Under Cal. Educ. Code § 56343.5, a meeting is to be held within 30 days of a written request.',
        '',
        'Could you please send me some proposed meeting dates in writing by Friday, February 20, 2026?',
        '',
        'Thank you,',
        'Dana Rivera',
      ].join('\n'),
    });
    expect(failures(i)).toEqual([]);
  });

  it('writes the services follow-up quoting the IEP provision (exact text)', () => {
    const i = input({ provision: SPEECH, request: { ...input().request, kind: 'services', evidence: EVIDENCE.services, subject: 'Speech sessions' } });
    const d = draftFollowUp(i);
    expect(d.subject).toBe('Re: Speech sessions');
    expect(d.body).toBe(
      [
        'Hello,',
        '',
        'On January 12, 2026, I wrote to ask about the services in Leo\'s IEP: "When will missed sessions be made up?" I have not yet received a reply.',
        '',
        'Leo\'s IEP (Special Education and Related Services, page 7) states: "Speech-language therapy, 30 minutes, 2 times weekly, small group".',
        '',
        'Could you please let me know in writing, by Friday, February 20, 2026, when and how these services will be provided?',
        '',
        'Thank you,',
        'Dana Rivera',
      ].join('\n'),
    );
    expect(failures(i)).toEqual([]);
  });

  it('writes the missed-commitment follow-up quoting the school (exact text)', () => {
    const i = input({
      status: 'acknowledged',
      request: { ...input().request, kind: 'records', evidence: EVIDENCE.records, subject: 'Records request' },
      commitment: { text: 'I will send the records by Friday.', dueDate: '2026-01-16' },
    });
    const d = draftFollowUp(i);
    expect(d.body).toBe(
      [
        'Hello,',
        '',
        'On January 12, 2026, I wrote to ask for Leo\'s education records: "Please send me a copy of his complete educational file." A later reply said: "I will send the records by Friday." The expected date was January 16, 2026, and I have not yet received an update.',
        '',
        'Could you please send me the records I asked for, or let me know in writing when they will be available, by Friday, February 20, 2026?',
        '',
        'Thank you,',
        'Dana Rivera',
      ].join('\n'),
    );
    expect(failures(i)).toEqual([]);
  });

  it('starts from the promise when no request of the parent is behind it (exact text)', () => {
    const promise = 'I will send the updated service minutes by Friday.';
    const i = input({
      request: { id: '', kind: 'information', evidence: promise, sentAt: '2026-03-05T10:00:00-08:00', subject: 'Minutes' },
      commitment: { text: promise, dueDate: '2026-03-13' },
      respondBy: '2026-03-27',
    });
    const d = draftFollowUp(i);
    expect(d.body).toBe(
      [
        'Hello,',
        '',
        'On March 5, 2026, I received this message about Leo: "I will send the updated service minutes by Friday." The expected date was March 13, 2026, and I have not yet received an update.',
        '',
        'Could you please let me know in writing, by Friday, March 27, 2026, when this will be done?',
        '',
        'Thank you,',
        'Dana Rivera',
      ].join('\n'),
    );
    expect(failures(i)).toEqual([]);
  });

  describe.each(REQUEST_KINDS)('kind %s', (kind) => {
    const provision = kind === 'services' ? SPEECH : kind === 'accommodations' ? EXTENDED_TIME : null;
    const variants: Array<[string, Partial<DraftInput>]> = [
      ['overdue', { provision }],
      ['acknowledged, with a rule', { provision, status: 'acknowledged', rule: { ...CA_MEETING, kind, summary: '' } }],
      ['declined', { provision, declined: true }],
      ['no names on file', { provision, childName: null, parentName: null }],
    ];
    it.each(variants)('%s: passes every rule and its own words are tone-clean', (_label, over) => {
      const i = input(over, kind);
      const d = draftFollowUp(i);
      expect(checkDraft(d, i).filter((r) => !r.ok)).toEqual([]);
      // The template's own words never trip the tone checker (the provision is quoted verbatim and exempt).
      const own = i.provision ? d.body.replace(i.provision.text, '') : d.body;
      expect(checkTone(own)).toEqual([]);
      expect(countWords(d.body)).toBeLessThan(180);
    });
  });

  it('is deterministic', () => {
    const i = input({ provision: SPEECH, rule: CA_MEETING });
    expect(draftFollowUp(i)).toEqual(draftFollowUp(structuredClone(i)));
  });

  it('names the request date in the district timezone', () => {
    expect(localDate('2026-01-13T06:30:00Z', 'America/Los_Angeles')).toBe('2026-01-12');
    const d = draftFollowUp(input({ request: { ...input().request, sentAt: '2026-01-13T06:30:00Z' } }));
    expect(d.body).toContain('On January 12, 2026, I wrote');
    expect(formatLongDate('2026-03-01')).toBe('March 1, 2026');
    expect(formatWeekdayDate('2026-02-20')).toBe('Friday, February 20, 2026');
  });

  it('does not double "Re:"', () => {
    expect(replySubject('IEP meeting request')).toBe('Re: IEP meeting request');
    expect(replySubject('RE: IEP meeting request')).toBe('Re: IEP meeting request');
    expect(replySubject('Re: Re:  IEP meeting request ')).toBe('Re: IEP meeting request');
    expect(draftFollowUp(input({ request: { ...input().request, subject: 're: Records' } })).subject).toBe('Re: Records');
  });

  it('replies to the last message of the thread, keeping the people', () => {
    const d = draftFollowUp(
      input({
        thread: { lastMessageId: '<c@x>', references: ['<a@x>', '<c@x>', '<b@x>'] },
        to: ['case.manager@district.org', 'Case.Manager@district.org'],
        cc: ['principal@district.org', 'case.manager@district.org'],
      }),
    );
    expect(d.inReplyTo).toBe('<c@x>');
    expect(d.references).toEqual(['<a@x>', '<b@x>', '<c@x>']);
    expect(d.to).toEqual(['case.manager@district.org']);
    expect(d.cc).toEqual(['principal@district.org']);
  });

  it('cites the law only when a rule applies and the parent allows it', () => {
    expect(draftFollowUp(input({ rule: CA_MEETING })).body).toContain('Cal. Educ. Code § 56343.5');
    const off = draftFollowUp(input({ rule: CA_MEETING, citeLaw: false })).body;
    expect(off).not.toContain('§');
    expect(off).not.toContain('56343.5');
    expect(off).not.toContain('Under ');
    const courtesy = draftFollowUp(input({ rule: null, citeLaw: true })).body;
    expect(courtesy).not.toContain('§');
    expect(failures(input({ rule: CA_MEETING, citeLaw: false }))).toEqual([]);
  });

  it('falls back to a generic timeline sentence when the rule summary does not suit a letter', () => {
    const rule: DeadlineRule = {
      ...CA_MEETING,
      summary: 'District must convene the IEP team; failure is grounds for a state complaint.',
    };
    const i = input({ rule });
    const d = draftFollowUp(i);
    expect(d.body).toContain(
      "Under Cal. Educ. Code § 56343.5, the timeline for this is 30 calendar days from receipt of the parent's written request.",
    );
    expect(d.body).not.toMatch(/complaint/);
    expect(failures(i)).toEqual([]);
  });

  it('asks for prior written notice when the school declined', () => {
    const i = input({ declined: true, status: 'acknowledged', rule: CA_MEETING });
    const d = draftFollowUp(i);
    expect(d.body).toContain('I understand from your reply that this request was declined.');
    expect(d.body).toContain(
      'Could you please send me prior written notice of this decision, including the reasons for it, by Friday, February 20, 2026?',
    );
    expect(d.body).not.toContain('proposed meeting dates');
    expect(failures(i)).toEqual([]);
  });

  it('thanks the school for an acknowledgement that was not followed by an answer', () => {
    const d = draftFollowUp(input({ status: 'acknowledged' }));
    expect(d.body).toContain('Thank you for your acknowledgment. I have not yet received an answer.');
    expect(d.body).not.toContain('I have not yet received a reply.');
  });

  it('does not quote an angry sentence of the parent; it restates the request in calm words', () => {
    const i = input({
      request: {
        ...input().request,
        evidence: 'This is RIDICULOUS! I am requesting an IEP meeting immediately or I will call my lawyer.',
      },
    });
    const d = draftFollowUp(i);
    expect(d.body).toContain('On January 12, 2026, I wrote to ask for a team meeting for Leo. I have not yet received a reply.');
    expect(d.body).not.toMatch(/lawyer|RIDICULOUS|!/);
    expect(failures(i)).toEqual([]);
  });

  it('quotes the clean sentence of a mixed evidence and drops the greeting and quote markers', () => {
    const i = input({
      request: {
        ...input().request,
        evidence: '> Hi Ms. Lee,\n> I am so frustrated. I am requesting an IEP meeting to discuss\n> his "reading" progress.',
      },
    });
    const d = draftFollowUp(i);
    expect(d.body).toContain(`for Leo: "I am requesting an IEP meeting to discuss his 'reading' progress."`);
    expect(failures(i)).toEqual([]);
  });

  it('quotes the whole evidence when the asking sentence leans on the one before it', () => {
    const i = input({ provision: EXTENDED_TIME }, 'accommodations');
    const d = draftFollowUp(i);
    expect(d.body).toContain(`"${EVIDENCE.accommodations}"`);
    expect(d.body).toContain('Leo\'s IEP (Accommodations and Modifications, page 9) states: "Extended time (1.5x) on tests and quizzes."');
  });

  it('keeps under 180 words with a long evidence and provision: the restatement is shortened, the provision kept whole', () => {
    const evidence =
      'I am writing again because over the last several weeks I have noticed that the speech sessions listed in his plan ' +
      'do not seem to be happening as often as they should, and I would like to know when the missed speech sessions will be ' +
      'made up and who will provide them, since his teacher mentioned that the speech therapist has been covering another ' +
      'school on Tuesdays and Thursdays this semester and I am not sure whether that is still the case now.';
    const provision: Provision = {
      ...SPEECH,
      text:
        'Speech-language therapy, 30 minutes, 2 times weekly, small group, provided by a licensed speech-language pathologist ' +
        'in the speech room, focusing on articulation of /r/ and /s/ blends, expressive vocabulary, and sentence formulation. ' +
        'Services begin on the date of this IEP and continue through the annual review, with progress reported each grading period ' +
        'alongside the general education report card.',
    };
    const i = input({ provision, rule: { ...CA_MEETING, kind: 'services', citation: 'Cal. Educ. Code § 56043', summary: '' } }, 'services');
    i.request.evidence = evidence;
    const d = draftFollowUp(i);
    expect(countWords(d.body)).toBeLessThan(180);
    expect(d.body).toContain(`"${provision.text}"`);
    expect(d.body).toMatch(/I wrote to ask about the services in Leo's IEP: "I am writing again because [^"]+…"/);
    expect(failures(i)).toEqual([]);
  });

  it('shortens a long sentence of the parent around what it asks for', () => {
    const sentence =
      'I am writing again because over the last several weeks I have noticed that his reading has not improved at all, ' +
      'and I am requesting a full psychoeducational evaluation, including cognitive, academic and speech-language testing.';
    expect(excerpt(sentence, 12, KIND_KEYWORDS.evaluation)).toBe(
      '…I am requesting a full psychoeducational evaluation, including cognitive, academic and speech-language…',
    );
    expect(excerpt(sentence, 40, KIND_KEYWORDS.evaluation)).toBe(sentence);
    expect(excerpt('Please send me the assessment plan and the consent form for the evaluation today.', 6, KIND_KEYWORDS.evaluation)).toBe(
      'Please send me the assessment plan…',
    );
  });

  it('quotes only the first sentence of a provision too long to quote whole', () => {
    const sentences = [
      'Speech-language therapy, 30 minutes, 2 times weekly, small group, provided by a licensed speech-language pathologist.',
      ...Array.from(
        { length: 12 },
        (_, n) =>
          `Goal area ${n + 1} is addressed through structured practice, modelling, and generalisation activities in the classroom with the teacher's support.`,
      ),
    ];
    const provision: Provision = { ...SPEECH, text: sentences.join(' ') };
    const i = input({ provision }, 'services');
    const d = draftFollowUp(i);
    expect(countWords(provision.text)).toBeGreaterThan(180);
    expect(countWords(d.body)).toBeLessThan(180);
    expect(d.body).toContain(`states: "${sentences[0]}"`);
    expect(d.body).not.toContain('Goal area');
    expect(failures(i)).toEqual([]);
  });

  it('quotes the opening words of a provision whose first sentence alone is too long', () => {
    const text = Array.from({ length: 200 }, (_, n) => `item${n}`).join(', ');
    const provision: Provision = { ...SPEECH, text };
    const i = input({ provision }, 'services');
    const d = draftFollowUp(i);
    expect(countWords(d.body)).toBeLessThan(180);
    expect(d.body).toMatch(/states: "item0, item1, item2, [^"]*…"/);
    expect(failures(i)).toEqual([]);
  });

  it('writes "my child" and closes without a name when none is on file', () => {
    const d = draftFollowUp(input({ childName: null, parentName: null, provision: SPEECH }, 'services'));
    expect(d.body).toContain("I wrote to ask about the services in my child's IEP");
    expect(d.body).toContain("My child's IEP (Special Education and Related Services, page 7) states:");
    expect(d.body.endsWith('Thank you.')).toBe(true);
  });

  it('names an IEP section printed in capitals in title case', () => {
    const d = draftFollowUp(
      input({ provision: { ...SPEECH, section: 'SPECIAL EDUCATION AND RELATED SERVICES / ESY', page: null } }, 'services'),
    );
    expect(d.body).toContain("Leo's IEP (Special Education and Related Services / ESY) states:");
  });
});
