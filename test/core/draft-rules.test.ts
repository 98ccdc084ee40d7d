import { describe, expect, it } from 'vitest';
import { DRAFT_RULE_IDS, checkDraft, draftPasses, type DraftRuleId } from '../../src/core/draft-rules.js';
import { draftFollowUp, type Draft, type DraftInput } from '../../src/core/drafting.js';
import type { DeadlineRule, Provision } from '../../src/core/types.js';

const CA_MEETING: DeadlineRule = {
  id: 'ca-iep-meeting-request',
  jurisdiction: 'CA',
  kind: 'meeting',
  days: 30,
  unit: 'calendar_days',
  clockStart: "receipt of the parent's written request",
  exclusions: [],
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

const MEETING: DraftInput = {
  request: {
    id: 'r1',
    kind: 'meeting',
    evidence: 'I am requesting an IEP meeting to discuss his reading progress.',
    sentAt: '2026-01-12T16:03:00-08:00',
    subject: 'IEP meeting request',
  },
  thread: { lastMessageId: '<b@district.org>', references: ['<a@gmail.com>', '<b@district.org>'] },
  to: ['case.manager@district.org'],
  cc: ['principal@district.org'],
  childName: 'Leo',
  parentName: 'Dana Rivera',
  provision: null,
  rule: CA_MEETING,
  citeLaw: true,
  dueDate: '2026-02-11',
  respondBy: '2026-02-20',
  timezone: 'America/Los_Angeles',
  status: 'overdue',
};

const SERVICES: DraftInput = {
  ...MEETING,
  request: {
    ...MEETING.request,
    id: 'r2',
    kind: 'services',
    evidence: 'When will the missed speech sessions be made up?',
    subject: 'Speech sessions',
  },
  provision: SPEECH,
  rule: null,
};

const RECORDS_PROMISED: DraftInput = {
  ...MEETING,
  request: { ...MEETING.request, id: 'r3', kind: 'records', evidence: 'Please send me a copy of his complete educational file.', subject: 'Records' },
  rule: null,
  status: 'acknowledged',
  commitment: { text: 'I will send the records by Friday.', dueDate: '2026-01-16' },
};

const DECLINED: DraftInput = { ...MEETING, declined: true, status: 'acknowledged' };

const failed = (d: Draft, f: DraftInput) => checkDraft(d, f).filter((r) => !r.ok).map((r) => r.rule);

function edit(facts: DraftInput, change: (d: Draft) => Partial<Draft>): Draft {
  const d = draftFollowUp(facts);
  return { ...d, ...change(d) };
}

function replaceIn(facts: DraftInput, from: string | RegExp, to: string): Draft {
  return edit(facts, (d) => {
    const body = typeof from === 'string' ? d.body.replaceAll(from, to) : d.body.replace(from, to);
    if (body === d.body) throw new Error(`the draft does not contain ${String(from)}:\n${d.body}`);
    return { body };
  });
}

/** Each case breaks one rule by hand, on a draft that passes every rule; [label, rule broken, draft, facts]. */
const broken: Array<[string, DraftRuleId, () => { draft: Draft; facts: DraftInput }]> = [
  ['In-Reply-To of another message', 'thread', () => ({ draft: edit(MEETING, () => ({ inReplyTo: '<a@gmail.com>' })), facts: MEETING })],
  ['References missing the thread', 'thread', () => ({ draft: edit(MEETING, () => ({ references: ['<b@district.org>'] })), facts: MEETING })],
  ['another request id', 'thread', () => ({ draft: edit(MEETING, () => ({ requestId: 'r9' })), facts: MEETING })],
  ['sent to the wrong person', 'recipients', () => ({ draft: edit(MEETING, () => ({ to: ['someone@else.org'] })), facts: MEETING })],
  ['cc dropped', 'recipients', () => ({ draft: edit(MEETING, () => ({ cc: [] })), facts: MEETING })],
  ['subject with a doubled Re:', 'subject', () => ({ draft: edit(MEETING, (d) => ({ subject: `Re: ${d.subject}` })), facts: MEETING })],
  ['child not named', 'names_child', () => ({ draft: replaceIn(MEETING, 'for Leo', 'for my son'), facts: MEETING })],
  ['request date missing', 'request_date', () => ({ draft: replaceIn(MEETING, 'On January 12, 2026, I', 'Recently I'), facts: MEETING })],
  ['request date wrong', 'request_date', () => ({ draft: replaceIn(MEETING, 'January 12, 2026', 'January 13, 2026'), facts: MEETING })],
  [
    'what was asked left out',
    'restates_ask',
    () => ({
      draft: replaceIn(
        MEETING,
        'I wrote to ask for a team meeting for Leo: "I am requesting an IEP meeting to discuss his reading progress."',
        'I wrote to you about Leo.',
      ),
      facts: MEETING,
    }),
  ],
  ['the parent misquoted', 'restates_ask', () => ({ draft: replaceIn(MEETING, 'his reading progress."', 'his math progress."'), facts: MEETING })],
  ['provision misquoted', 'quotes_provision', () => ({ draft: replaceIn(SERVICES, '2 times weekly', '3 times weekly'), facts: SERVICES })],
  ['provision page missing', 'quotes_provision', () => ({ draft: replaceIn(SERVICES, ', page 7)', ')'), facts: SERVICES })],
  ['provision section missing', 'quotes_provision', () => ({ draft: replaceIn(SERVICES, '(Special Education and Related Services, page 7)', '(page 7)'), facts: SERVICES })],
  [
    'provision invented',
    'quotes_provision',
    () => ({ draft: replaceIn(MEETING, 'I have not yet received a reply.', 'His IEP says he gets reading support. I have not yet received a reply.'), facts: MEETING }),
  ],
  ['promise misquoted', 'quotes_commitment', () => ({ draft: replaceIn(RECORDS_PROMISED, 'the records by Friday."', 'the records by Monday."'), facts: RECORDS_PROMISED })],
  ['promise date missing', 'quotes_commitment', () => ({ draft: replaceIn(RECORDS_PROMISED, 'The expected date was January 16, 2026, and I', 'I'), facts: RECORDS_PROMISED })],
  ['citation when the parent turned it off', 'cites_law', () => ({ draft: draftFollowUp(MEETING), facts: { ...MEETING, citeLaw: false } })],
  ['citation without a statutory rule', 'cites_law', () => ({ draft: draftFollowUp(MEETING), facts: { ...MEETING, rule: null } })],
  ['other law cited when not allowed', 'cites_law', () => ({ draft: replaceIn(SERVICES, 'I have not yet received a reply.', 'I have not yet received a reply under IDEA.'), facts: SERVICES })],
  ['citation dropped when allowed', 'cites_law', () => ({ draft: replaceIn(MEETING, /Under Cal\. Educ\. Code [^\n]+\n\n/, ''), facts: MEETING })],
  ['two asks', 'one_ask_with_date', () => ({ draft: replaceIn(MEETING, 'I have not yet received a reply.', 'I have not yet received a reply. Please also send his attendance log.'), facts: MEETING })],
  ['no respond-by date', 'one_ask_with_date', () => ({ draft: replaceIn(MEETING, ' by Friday, February 20, 2026?', ' soon?'), facts: MEETING })],
  ['wrong respond-by date', 'one_ask_with_date', () => ({ draft: replaceIn(MEETING, 'February 20, 2026', 'February 27, 2026'), facts: MEETING })],
  ['no written reply asked', 'written_reply', () => ({ draft: replaceIn(MEETING, 'dates in writing by', 'dates by'), facts: MEETING })],
  [
    'declined without prior written notice',
    'written_reply',
    () => ({ draft: replaceIn(DECLINED, 'prior written notice of this decision, including the reasons for it,', 'an explanation in writing'), facts: DECLINED }),
  ],
  ['an exclamation mark', 'tone', () => ({ draft: replaceIn(MEETING, 'received a reply.', 'received a reply!'), facts: MEETING })],
  ['an emotional sentence', 'tone', () => ({ draft: replaceIn(MEETING, 'received a reply.', 'received a reply. This delay is unacceptable.'), facts: MEETING })],
  ['a threat', 'tone', () => ({ draft: replaceIn(SERVICES, 'received a reply.', 'received a reply. My lawyer has a copy.'), facts: SERVICES })],
  [
    'too long',
    'length',
    () => ({
      draft: replaceIn(MEETING, 'I have not yet received a reply.', `I have not yet received a reply.${' I kept a copy of that email and of the school calendar.'.repeat(12)}`),
      facts: MEETING,
    }),
  ],
  [
    'not in the first person',
    'first_person',
    () => ({
      draft: edit(MEETING, (d) => ({
        body: d.body
          .replace('I wrote', 'the parent wrote')
          .replace('I have not yet received', 'no one has yet received')
          .replace('send me', 'send the family'),
      })),
      facts: MEETING,
    }),
  ],
  ['signed with another name', 'signature', () => ({ draft: replaceIn(MEETING, /Dana Rivera$/, 'Leo'), facts: MEETING })],
  ['not signed', 'signature', () => ({ draft: replaceIn(MEETING, /Thank you,\nDana Rivera$/, 'Thank you.'), facts: MEETING })],
];

describe('checkDraft', () => {
  it('reports every rule, in order, and passes the template drafts', () => {
    for (const facts of [MEETING, SERVICES, RECORDS_PROMISED, DECLINED]) {
      const results = checkDraft(draftFollowUp(facts), facts);
      expect(results.map((r) => r.rule)).toEqual([...DRAFT_RULE_IDS]);
      expect(results.filter((r) => !r.ok)).toEqual([]);
      expect(draftPasses(draftFollowUp(facts), facts)).toBe(true);
    }
  });

  it.each(broken)('%s fails exactly %s', (_label, rule, make) => {
    const { draft, facts } = make();
    expect(failed(draft, facts)).toEqual([rule]);
    const result = checkDraft(draft, facts).find((r) => r.rule === rule)!;
    expect(result.detail).toBeTruthy();
  });

  it('has a breaking case for every rule (each check can fail)', () => {
    expect(new Set(broken.map(([, rule]) => rule))).toEqual(new Set(DRAFT_RULE_IDS));
  });

  it('exempts the verbatim IEP text, the school\'s words and the citation from the tone check, not the draft\'s own', () => {
    const loud: DraftInput = {
      ...SERVICES,
      provision: { ...SPEECH, text: 'SPEECH THERAPY: 30 minutes, 2 times weekly!', section: 'SERVICES' },
      commitment: { text: 'I will fix the schedule ASAP, promise!', dueDate: '2026-01-16' },
    };
    const d = draftFollowUp(loud);
    expect(d.body).toContain('"SPEECH THERAPY: 30 minutes, 2 times weekly!"');
    expect(d.body).toContain('"I will fix the schedule ASAP, promise!"');
    expect(failed(d, loud)).toEqual([]);
    const shouting = { ...d, body: d.body.replace('I have not yet received an update.', 'I have NOT yet received an update.') };
    expect(failed(shouting, loud)).toEqual(['tone']);
  });

  it('accepts an LLM rewrite that keeps the facts, with curly quotes', () => {
    const facts = SERVICES;
    const d = draftFollowUp(facts);
    const rewrite: Draft = {
      ...d,
      body: [
        'Hello,',
        '',
        'I am following up on my January 12, 2026 email about Leo’s speech services, where I asked: “When will the missed speech sessions be made up?” I have not heard back yet.',
        '',
        'Leo’s IEP (Special Education and Related Services, page 7) states: “Speech-language therapy, 30 minutes, 2 times weekly, small group.”',
        '',
        'Could you please let me know in writing by Friday, February 20, 2026 how these sessions will be scheduled?',
        '',
        'Thank you,',
        'Dana Rivera',
      ].join('\n'),
    };
    expect(failed(rewrite, facts)).toEqual([]);
  });

  it('says why a rule is not applicable', () => {
    const results = checkDraft(draftFollowUp({ ...MEETING, childName: null, parentName: null }), { ...MEETING, childName: null, parentName: null });
    expect(results.find((r) => r.rule === 'names_child')).toEqual({ rule: 'names_child', ok: true, detail: 'no child name on file' });
    expect(results.find((r) => r.rule === 'signature')).toEqual({ rule: 'signature', ok: true, detail: 'no parent name on file' });
    expect(results.find((r) => r.rule === 'quotes_commitment')).toEqual({ rule: 'quotes_commitment', ok: true, detail: 'no commitment' });
  });
});

describe('checkDraft on a missed promise with no request of the parent behind it', () => {
  const PROMISE_ONLY: DraftInput = {
    ...MEETING,
    request: {
      id: '',
      kind: 'information',
      evidence: 'I will send the updated service minutes by Friday.',
      sentAt: '2026-03-05T10:00:00-08:00',
      subject: 'Tyler minutes',
    },
    rule: null,
    commitment: { text: 'I will send the updated service minutes by Friday.', dueDate: '2026-03-13' },
  };

  it('passes every rule', () => {
    expect(failed(draftFollowUp(PROMISE_ONLY), PROMISE_ONLY)).toEqual([]);
  });

  it('fails only quotes_commitment when the promise is misquoted', () => {
    const d = replaceIn(PROMISE_ONLY, 'by Friday."', 'by Monday."');
    expect(failed(d, PROMISE_ONLY)).toEqual(['quotes_commitment']);
  });
});
