import { describe, expect, it } from 'vitest';
import { analyze, type AnalyzeInput } from '../../../src/core/analyze.js';
import { checkDraft } from '../../../src/core/draft-rules.js';
import { clockDraftFacts, clockContract, draftClockFollowUp } from '../../../src/core/clocks/index.js';
import { PARENT, SCHOOL, TEACHER, msg } from './helpers.js';

const base = (messages: AnalyzeInput['messages'], now: string, extra: Partial<AnalyzeInput> = {}): AnalyzeInput => ({
  messages, parents: [PARENT], school: SCHOOL, state: 'OR', timezone: 'America/Los_Angeles', now,
  childName: 'Leo', parentName: 'Maria Ortiz', ...extra,
});

const consent = msg({ from: 'parent', id: '<consent@family>', sentAt: '2026-02-03T08:15:00-08:00', text: "Hi Ms. Lee,\n\nI've signed the consent for Leo's evaluation and attached it.\n\nMaria", attachments: ['scan.pdf'] });
const thanks = msg({ from: 'school', id: '<thanks@school>', inReplyTo: '<consent@family>', sentAt: '2026-02-04T10:00:00-08:00', text: 'Thank you, we will begin testing next week.' });

describe('analyze: process clocks', () => {
  it('consent returned: the evaluation clock is running', () => {
    const r = analyze(base([consent, thanks], '2026-03-01T12:00:00-08:00'));
    expect(r.clocks.map(clockContract)).toEqual([
      {
        id: 'c1', kind: 'evaluation-completion', threadId: 't1', startedBy: '<consent@family>',
        startDate: '2026-02-03', dueDate: '2026-04-04', dueBasis: 'statute',
        rule: { id: 'us-evaluation-completion', citation: '34 CFR § 300.301(c)(1)', days: 60, unit: 'calendar_days', estimated: false },
        status: 'running', metBy: null,
      },
    ]);
    expect(r.drafts.filter((d) => d.clockId)).toEqual([]);
  });

  it('the report sent in time: met', () => {
    const report = msg({ from: 'school', id: '<report@school>', inReplyTo: '<thanks@school>', sentAt: '2026-03-20T14:00:00-07:00', text: "Hello,\n\nPlease find Leo's evaluation report attached. We will meet to review it.", attachments: ['Leo evaluation report.pdf'] });
    const r = analyze(base([consent, thanks, report], '2026-05-01T12:00:00-07:00'));
    expect(r.clocks.map((c) => [c.kind, c.status, c.metBy])).toEqual([['evaluation-completion', 'met', '<report@school>']]);
    expect(r.drafts.filter((d) => d.clockId)).toEqual([]);
  });

  it('past due: overdue, with a follow-up draft carrying clockId that passes the draft rules', () => {
    const r = analyze(base([consent, thanks], '2026-04-06T09:00:00-07:00'));
    expect(r.clocks.map((c) => [c.id, c.status, c.dueDate])).toEqual([['c1', 'overdue', '2026-04-04']]);
    const drafts = r.drafts.filter((d) => d.clockId);
    expect(drafts).toHaveLength(1);
    const d = drafts[0]!;
    expect(d).toMatchObject({ clockId: 'c1', inReplyTo: '<thanks@school>', to: [TEACHER], subject: 'Re: Evaluation for Leo' });
    expect('requestId' in d).toBe(false);
    expect(d.body).toContain('February 3, 2026');
    expect(d.body).toContain('34 CFR § 300.301(c)(1)');
    expect(d.body).toMatch(/evaluation report/);
    // The same checks the request drafts pass.
    const facts = clockDraftFacts({
      clock: r.clocks[0]!, thread: { subject: 'Evaluation for Leo', lastMessageId: '<thanks@school>', references: ['<consent@family>', '<thanks@school>'] },
      to: [TEACHER], cc: [], childName: 'Leo', parentName: 'Maria Ortiz', citeLaw: true, respondBy: '2026-04-13', timezone: 'America/Los_Angeles',
    });
    const failed = checkDraft({ ...d, requestId: 'c1', references: d.references }, facts).filter((x) => !x.ok);
    expect(failed).toEqual([]);
    // Analysing again gives the same draft (deterministic).
    expect(analyze(base([consent, thanks], '2026-04-06T09:00:00-07:00')).drafts).toEqual(r.drafts);
  });

  it('a report that came after the due date leaves the clock overdue but asks for nothing', () => {
    const late = msg({ from: 'school', id: '<late@school>', inReplyTo: '<thanks@school>', sentAt: '2026-04-10T14:00:00-07:00', text: 'Attached is the evaluation report for Leo.', attachments: ['report.pdf'] });
    const r = analyze(base([consent, thanks, late], '2026-04-20T09:00:00-07:00'));
    expect(r.clocks.map((c) => [c.status, c.metBy, c.completedLateBy])).toEqual([['overdue', null, '<late@school>']]);
    expect(r.drafts.filter((d) => d.clockId)).toEqual([]);
  });

  it('"does not qualify" meets the evaluation clock and starts no IEP clock', () => {
    const no = msg({ from: 'school', id: '<no@school>', inReplyTo: '<thanks@school>', sentAt: '2026-03-25T15:00:00-07:00', text: 'The team met today and found that Leo does not qualify for special education at this time. We recommend a 504 plan.' });
    const r = analyze(base([consent, thanks, no], '2026-06-01T09:00:00-07:00'));
    expect(r.clocks.map((c) => [c.kind, c.status, c.metBy])).toEqual([['evaluation-completion', 'met', '<no@school>']]);
  });

  it('eligibility, then the IEP meeting scheduled in time: both met', () => {
    const yes = msg({ from: 'school', id: '<yes@school>', inReplyTo: '<thanks@school>', sentAt: '2026-03-25T15:00:00-07:00', text: 'The team determined that Leo is eligible under specific learning disability.' });
    const meet = msg({ from: 'school', id: '<meet@school>', inReplyTo: '<yes@school>', sentAt: '2026-04-01T09:00:00-07:00', text: 'The IEP meeting is scheduled for Thursday, April 16 at 3:30 pm.' });
    const r = analyze(base([consent, thanks, yes, meet], '2026-06-01T09:00:00-07:00'));
    expect(r.clocks.map((c) => [c.id, c.kind, c.startDate, c.dueDate, c.status, c.metBy])).toEqual([
      ['c1', 'evaluation-completion', '2026-02-03', '2026-04-04', 'met', '<yes@school>'],
      ['c2', 'iep-after-eligibility', '2026-03-25', '2026-04-24', 'met', '<meet@school>'],
    ]);
  });

  it('eligibility with no meeting scheduled by the due date: the IEP clock is overdue and drafted', () => {
    const yes = msg({ from: 'school', id: '<yes@school>', inReplyTo: '<thanks@school>', sentAt: '2026-03-25T15:00:00-07:00', text: 'The team determined that Leo is eligible under specific learning disability.' });
    const meet = msg({ from: 'school', id: '<meet@school>', inReplyTo: '<yes@school>', sentAt: '2026-04-01T09:00:00-07:00', text: 'The IEP meeting is scheduled for Monday, May 11 at 3:30 pm.' });
    const r = analyze(base([consent, thanks, yes, meet], '2026-04-27T09:00:00-07:00'));
    expect(r.clocks.map((c) => [c.kind, c.status])).toEqual([['evaluation-completion', 'met'], ['iep-after-eligibility', 'overdue']]);
    // The meeting was set, only too late: nothing to ask for again.
    expect(r.drafts.filter((d) => d.clockId)).toEqual([]);
  });

  it('consent sent back in the backpack: estimated until the parent confirms the date', () => {
    const backpack = msg({ from: 'parent', id: '<bp@family>', sentAt: '2026-02-03T07:30:00-08:00', text: "Good morning, the signed permission to evaluate is in Leo's backpack." });
    const r = analyze(base([backpack], '2026-02-10T12:00:00-08:00'));
    expect(r.clocks.map((c) => [c.startDate, c.rule.estimated, c.estimatedStart])).toEqual([['2026-02-03', true, true]]);
    const confirmed = analyze(base([backpack], '2026-02-10T12:00:00-08:00', { clockEvents: [{ id: 'ev1', type: 'consent', date: '2026-02-04' }] }));
    expect(confirmed.clocks.map((c) => [c.startDate, c.dueDate, c.rule.estimated, c.parentEventId, c.startedBy])).toEqual([['2026-02-04', '2026-04-05', false, 'ev1', '<bp@family>']]);
  });

  it('a state timeframe replaces the federal one (Washington: 35 school days, estimated without a calendar)', () => {
    const r = analyze(base([consent, thanks], '2026-03-01T12:00:00-08:00', { state: 'WA' }));
    expect(r.clocks[0]!.rule).toEqual({ id: 'wa-evaluation-completion', citation: 'WAC 392-172A-03005(3)', days: 35, unit: 'school_days', estimated: true });
  });

  it('a rule counted from the referral (Virginia) starts at the parent\'s written evaluation request', () => {
    const ask = msg({ from: 'parent', id: '<ask@family>', sentAt: '2026-01-12T16:03:00-05:00', text: 'Hi Ms. Lee,\n\nI am writing to request a full evaluation for special education for Leo.\n\nMaria' });
    const r = analyze(base([ask, consent, thanks], '2026-03-01T12:00:00-05:00', { state: 'VA', timezone: 'America/New_York' }));
    expect(r.requests.map((q) => q.kind)).toContain('evaluation');
    expect(r.clocks.map((c) => [c.startDate, c.rule.id, c.rule.estimated])).toEqual([['2026-01-12', 'va-evaluation-completion', false]]);
  });

  it('the draft cites no law when the parent turned that off', () => {
    const r = analyze(base([consent, thanks], '2026-04-06T09:00:00-07:00', { citeLaw: false }));
    const d = draftClockFollowUp({ clock: r.clocks[0]!, thread: { subject: 'Evaluation for Leo', lastMessageId: '<thanks@school>', references: [] }, to: [TEACHER], cc: [], childName: 'Leo', parentName: 'Maria Ortiz', citeLaw: false, respondBy: '2026-04-13', timezone: 'America/Los_Angeles' });
    expect(d.body).not.toMatch(/CFR|§/);
    expect(r.drafts.find((x) => x.clockId)!.body).not.toMatch(/CFR|§/);
  });

  it('Texas counts the ARD meeting from the report; with only a stated decision it starts there and says so', () => {
    const report = msg({ from: 'school', id: '<rep@school>', inReplyTo: '<thanks@school>', sentAt: '2026-02-27T14:00:00-06:00', text: 'Attached is the full individual evaluation report for Leo.', attachments: ['FIE.pdf'] });
    const tx = { state: 'TX', timezone: 'America/Chicago' };
    const fromReport = analyze(base([consent, thanks, report], '2026-04-06T09:00:00-05:00', tx));
    expect(fromReport.clocks.map((c) => [c.kind, c.startDate, c.dueDate, c.rule.id, c.status])).toEqual([
      ['evaluation-completion', '2026-02-03', expect.any(String), 'tx-evaluation-completion', 'met'],
      ['iep-after-eligibility', '2026-02-27', '2026-03-29', 'tx-ard-after-evaluation', 'overdue'],
    ]);
    expect(fromReport.drafts.find((d) => d.clockId === 'c2')!.body).toContain('I received the evaluation report for Leo on February 27, 2026.');
    const yes = msg({ from: 'school', id: '<yes@school>', inReplyTo: '<thanks@school>', sentAt: '2026-03-25T15:00:00-05:00', text: 'The team determined that Leo is eligible under specific learning disability.' });
    const fromDecision = analyze(base([consent, thanks, yes], '2026-05-06T09:00:00-05:00', tx));
    const body = fromDecision.drafts.find((d) => d.clockId === 'c2')!.body;
    expect(body).toContain('I received the eligibility decision for Leo on March 25, 2026.');
    expect(body).toContain('Under 19 TAC § 89.1011, the meeting to develop the IEP is due within 30 calendar days of the evaluation report.');
  });
});
