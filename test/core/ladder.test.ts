import { describe, expect, it } from 'vitest';
import { checkDraft } from '../../src/core/draft-rules.js';
import type { DraftInput } from '../../src/core/drafting.js';
import { nextLadderAction, waitEnds, type LadderInput, type LadderStepRecord } from '../../src/core/ladder.js';
import { draftLadderStep } from '../../src/core/ladder-wording.js';
import { checkTone } from '../../src/core/tone.js';
import { REQUEST_KINDS, type DeadlineRule } from '../../src/core/types.js';

const step = (n: 1 | 2 | 3, sentOn: string | null, extra: Partial<LadderStepRecord> = {}): LadderStepRecord => ({ step: n, skipped: false, sentOn, dismissed: false, ...extra });
const base = (o: Partial<LadderInput> = {}): LadderInput => ({
  state: 'active',
  requestStatus: 'overdue',
  steps: [],
  schoolWroteSince: false,
  today: '2026-03-12',
  waitDays: 5,
  usState: 'CA',
  ...o,
});

describe('the escalation ladder decides one step at a time', () => {
  it('waits five business days (core calendar: weekends and the state holidays do not count) after a step is sent', () => {
    // Sent Thursday 2026-03-26; Cesar Chavez Day (Tue 2026-03-31) is a CA public holiday.
    expect(waitEnds('2026-03-26', 5, 'CA')).toBe('2026-04-03');
    expect(waitEnds('2026-03-26', 5, 'NY')).toBe('2026-04-02');
    const sent = [step(1, '2026-03-26')];
    expect(nextLadderAction(base({ steps: sent, today: '2026-04-03' }))).toEqual({ action: 'none', reason: 'waiting for a reply to step 1', nextOn: '2026-04-03' });
    expect(nextLadderAction(base({ steps: sent, today: '2026-04-06' }))).toEqual({ action: 'draft', step: 2 });
    expect(nextLadderAction(base({ steps: [...sent, step(2, '2026-04-07')], today: '2026-04-15' }))).toEqual({ action: 'draft', step: 3 });
  });

  it('never writes past step 3, never writes the next step before the previous one is sent', () => {
    expect(nextLadderAction(base({ steps: [step(1, null)], today: '2026-09-01' }))).toMatchObject({ action: 'none', reason: 'step 1 not sent yet' });
    expect(nextLadderAction(base({ steps: [step(1, '2026-01-01'), step(2, '2026-01-12'), step(3, '2026-01-20')], today: '2026-09-01' }))).toMatchObject({ action: 'none', reason: 'all steps taken' });
    expect(nextLadderAction(base({ steps: [step(1, '2026-01-01', { dismissed: true })], today: '2026-09-01' }))).toMatchObject({ action: 'none' });
  });

  it('a school reply of any kind pauses it; an answered or resolved request ends it; stopped and paused stay so', () => {
    expect(nextLadderAction(base({ steps: [step(1, '2026-01-05')], schoolWroteSince: true }))).toEqual({ action: 'pause', reason: 'school replied' });
    for (const s of ['answered', 'resolved', 'not_a_request']) expect(nextLadderAction(base({ requestStatus: s, steps: [step(1, '2026-01-05')] })).action).toBe('done');
    expect(nextLadderAction(base({ state: 'stopped', steps: [step(1, '2026-01-05')] })).action).toBe('none');
    expect(nextLadderAction(base({ state: 'paused', steps: [step(1, '2026-01-05')] })).action).toBe('none');
  });

  it('a skipped step does not wait: the next one is due at once; a restarted round begins at step 1', () => {
    expect(nextLadderAction(base({ steps: [step(1, null, { skipped: true })] }))).toEqual({ action: 'draft', step: 2 });
    expect(nextLadderAction(base({ steps: [step(1, '2026-03-10'), step(2, null, { skipped: true })] }))).toEqual({ action: 'draft', step: 3 });
    expect(nextLadderAction(base({ steps: [] }))).toEqual({ action: 'draft', step: 1 });
    expect(nextLadderAction(base({ steps: [], requestStatus: 'awaiting' })).action).toBe('none');
  });
});

const CA_RECORDS: DeadlineRule = {
  id: 'ca-records',
  jurisdiction: 'CA',
  kind: 'records',
  days: 5,
  unit: 'business_days',
  clockStart: "the parent's request",
  exclusions: [],
  citation: 'Cal. Educ. Code § 56504',
  confidence: 'high',
  verifiedOn: '2026-01-05',
  summary: 'Copies of records within 5 business days of the request.',
};

function facts(kind: (typeof REQUEST_KINDS)[number], o: Partial<DraftInput> = {}): DraftInput {
  return {
    request: { id: 'r1', kind, evidence: 'Please send me a copy of his complete educational file.', sentAt: '2026-02-02T09:00:00-08:00', subject: 'Records for Ethan' },
    thread: { lastMessageId: '<last@school.test>', references: ['<first@family.test>', '<last@school.test>'] },
    to: ['mortega@lincoln.k12.test'],
    cc: ['principal@lincoln.k12.test'],
    childName: 'Ethan',
    parentName: 'Dana Morales',
    provision: null,
    rule: kind === 'records' ? CA_RECORDS : null,
    citeLaw: true,
    dueDate: '2026-02-09',
    respondBy: '2026-03-19',
    timezone: 'America/Los_Angeles',
    status: 'overdue',
    ...o,
  };
}

describe('the words of each step', () => {
  const director = { address: 'sped.director@district.k12.test', name: 'Dr. Lee' };

  it.each(REQUEST_KINDS)('every step of a %s request passes every draft rule (calm, one ask with its date, in writing, under 180 words)', (kind) => {
    for (const n of [1, 2, 3] as const) {
      const { draft, facts: f } = draftLadderStep({ ...facts(kind), step: n, earlier: n === 1 ? [] : n === 2 ? ['2026-02-17'] : ['2026-02-17', '2026-02-26'], director });
      const failed = checkDraft(draft, f).filter((r) => !r.ok);
      expect(failed, `step ${n}:\n${draft.body}`).toEqual([]);
      expect(checkTone(draft.body)).toEqual([]);
    }
  });

  it('step 2 names the timeline and its rule and the earlier follow-up; step 3 copies the director and asks for prior written notice', () => {
    const two = draftLadderStep({ ...facts('records'), step: 2, earlier: ['2026-02-17'], director }).draft;
    expect(two.body).toContain('Under Cal. Educ. Code § 56504, the timeline for this is 5 business days, so the answer was due on February 9, 2026.');
    expect(two.body).toContain('I followed up on February 17, 2026');
    expect(two.cc).toEqual(['principal@lincoln.k12.test']);
    expect(two.subject).toBe('Re: Records for Ethan');
    const three = draftLadderStep({ ...facts('records'), step: 3, earlier: ['2026-02-17', '2026-02-26'], director }).draft;
    expect(three.cc).toEqual(['principal@lincoln.k12.test', 'sped.director@district.k12.test']);
    expect(three.body).toContain("Dr. Lee, the district's special-education director");
    expect(three.body).toContain('prior written notice of that decision');
    expect(three.body).toContain('February 17, 2026 and February 26, 2026');
    // Without a director set, nobody new is copied and the letter does not claim otherwise.
    const alone = draftLadderStep({ ...facts('records'), step: 3, earlier: ['2026-02-17', '2026-02-26'], director: null }).draft;
    expect(alone.cc).toEqual(['principal@lincoln.k12.test']);
    expect(alone.body).not.toContain('copying');
  });

  it('the parent who turned citing the law off gets no citation at any step', () => {
    for (const n of [2, 3] as const) {
      const { draft, facts: f } = draftLadderStep({ ...facts('records', { citeLaw: false }), step: n, earlier: ['2026-02-17', '2026-02-26'].slice(0, n - 1), director });
      expect(draft.body).not.toContain('56504');
      expect(checkDraft(draft, f).filter((r) => !r.ok)).toEqual([]);
    }
  });
});
