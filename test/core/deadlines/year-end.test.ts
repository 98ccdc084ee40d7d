/**
 * Worked examples for the end-of-school-year rule (deadlines/year-end.ts), on Massachusetts' rows:
 * 603 CMR 28.05(1) — 45 school working days from consent to the proposed IEP (ma-proposed-iep), 30 to the
 * assessments (ma-evaluation-completion), and "if consent is received within 30 to 45 school working days before
 * the end of the school year", the proposed IEP or notice no later than 14 days after the end of the school year.
 * Each expected date is counted by hand in the comment above it ("(n)" = the nth counted school day).
 *
 * Calendar: the 2025–26 year of clock-rules.test.ts — school Aug 13 → Thu Jun 11; closed Sep 1, Nov 24–28,
 * Dec 22 → Jan 2, Jan 19, Mar 30 → Apr 3. Counting back from Jun 11, 30 school days remain after Apr 30
 * (May 1 (1), May 4–8 (6), 11–15 (11), 18–22 (16), 25–29 (21), Jun 1–5 (26), Jun 8–11 (30)) and 45 after Apr 9
 * (Apr 10 (1), Apr 13–17 (6), 20–24 (11), 27–May 1 (16), then as above to Jun 11 (45)): the window is Apr 9 – Apr 30.
 */
import { describe, expect, it } from 'vitest';
import type { SchoolCalendar } from '../../../src/core/types.js';
import { countRow, loadRuleTable, ruleById } from '../../../src/core/deadlines/index.js';
import { computeClocks } from '../../../src/core/clocks/index.js';

const CAL: SchoolCalendar = {
  firstDay: '2025-08-13',
  lastDay: '2026-06-11',
  closed: ['2025-09-01', { from: '2025-11-24', to: '2025-11-28' }, { from: '2025-12-22', to: '2026-01-02' }, '2026-01-19', { from: '2026-03-30', to: '2026-04-03' }],
};

const proposedIep = (consent: string, calendar: SchoolCalendar | null = CAL) => countRow(consent, ruleById('ma-proposed-iep')!, { state: 'MA', calendar: calendar ?? undefined });
const assessments = (consent: string) => countRow(consent, ruleById('ma-evaluation-completion')!, { state: 'MA', calendar: CAL });

describe('Massachusetts end-of-year rule (603 CMR 28.05(1))', () => {
  it('is data on the proposed-IEP row, and the rule table checks it', () => {
    expect(ruleById('ma-proposed-iep')).toMatchObject({ days: 45, unit: 'school_days', exclusions: ['summer'], yearEnd: { within: [30, 45], daysAfterLastDay: 14 } });
    const row = { id: 'xx-a', kind: 'evaluation_completion', startEvent: 'consent', days: 45, unit: 'school_days', clockStart: 'Written consent received.', exclusions: [], citation: 'Test 1', confidence: 'high', verifiedOn: '2026-12-03', summary: 'A test row for the year-end check.' };
    expect(() => loadRuleTable([{ jurisdiction: 'XX', name: 'Test state', rules: [{ ...row, yearEnd: { within: [45, 30], daysAfterLastDay: 14 } }], coverage: {} }])).toThrow(/smaller count to the larger/);
    expect(() => loadRuleTable([{ jurisdiction: 'XX', name: 'Test state', rules: [{ ...row, yearEnd: { within: [30, 45] } }], coverage: {} }])).toThrow(/daysAfterLastDay/);
  });

  it('year end: consent 30 to 45 school days before the last day gives the last day + 14 calendar days', () => {
    // Both ends of the window: Jun 11 + 14 = Jun 25, not an estimate.
    expect(proposedIep('2026-04-09')).toEqual({ date: '2026-06-25', estimated: false, yearEnd: true });
    expect(proposedIep('2026-04-30')).toEqual({ date: '2026-06-25', estimated: false, yearEnd: true });
    // Apr 9 is inside although the count alone would end on the last day (Apr 10 (1) … Jun 11 (45)): the rule says
    // "within 30 to 45", both included, and the later date is the school's right under it.
  });

  it('before the window the count stands; the spring break does not count', () => {
    // Apr 8 (46 remain): Apr 9–10 (2), Apr 13–17 (7) … Jun 8–10 (45) → Jun 10.
    expect(proposedIep('2026-04-08')).toEqual({ date: '2026-06-10', estimated: false, yearEnd: false });
    // Mar 20 (Fri): Mar 23–27 (5); Mar 30 – Apr 3 closed; Apr 6–10 (10), 13–17 (15), 20–24 (20), 27–May 1 (25),
    // May 4–8 (30), 11–15 (35), 18–22 (40), 25–29 (45) → May 29.
    expect(proposedIep('2026-03-20')).toEqual({ date: '2026-05-29', estimated: false, yearEnd: false });
  });

  it('summer: consent fewer than 30 school days before the last day runs on from the next first day', () => {
    // May 1 (29 remain): May 4–8 (5), 11–15 (10), 18–22 (15), 25–29 (20), Jun 1–5 (25), Jun 8–11 (29); summer
    // skipped to the estimated next first day Thu Aug 13 (30), Aug 14 (31), Aug 17–21 (36), 24–28 (41), Aug 31 – Sep 3 (45).
    expect(proposedIep('2026-05-01')).toEqual({ date: '2026-09-03', estimated: true, yearEnd: false });
    // Consent in the summer after the last day: the end of that school year is not known, so the count starts at the
    // estimated next first day, and past the calendar the days are business days (Labor Day Sep 7 and Columbus Day
    // Oct 12 are Massachusetts holidays): Aug 13–14 (2), Aug 17–21 (7), 24–28 (12), Aug 31 – Sep 4 (17), Sep 8–11 (21),
    // 14–18 (26), 21–25 (31), Sep 28 – Oct 2 (36), Oct 5–9 (41), Oct 13–16 (45).
    expect(proposedIep('2026-06-20')).toEqual({ date: '2026-10-16', estimated: true, yearEnd: false });
    // Consent in the summer before the year (inside the calendar): Wed Aug 13 – Fri 15 (3), Aug 18–22 (8), 25–29 (13),
    // Sep 1 closed, Sep 2–5 (17), 8–12 (22), 15–19 (27), 22–26 (32), Sep 29 – Oct 3 (37), Oct 6–10 (42), Oct 13–15 (45).
    expect(proposedIep('2025-07-20')).toEqual({ date: '2025-10-15', estimated: false, yearEnd: false });
  });

  it('without a calendar the year end is unknown: the count, an estimate', () => {
    expect(proposedIep('2026-04-30', null)).toMatchObject({ yearEnd: false, estimated: true });
  });

  it('the assessments row has no year-end rule: inside the window its 30 days end within the year', () => {
    // Apr 30 (30 remain): May 1 (1) … Jun 11 (30).
    expect(assessments('2026-04-30')).toEqual({ date: '2026-06-11', estimated: false, yearEnd: false });
  });

  it('the clock takes the earlier row; DST: day 0 is the local date of the consent message', () => {
    const clock = (sentAt: string) =>
      computeClocks({
        state: 'MA', timezone: 'America/New_York', now: '2026-07-01T12:00:00-04:00', calendar: CAL,
        messages: [{ messageId: '<c@x>', threadId: 't1', side: 'parent', automatic: false, sentAt, newText: "I've signed the consent and attached it.", attachments: [{ filename: 'consent.pdf', contentType: 'application/pdf', size: 1 }] }],
      })[0]!;
    // Sent Thu Apr 30, 21:30 EDT (already May 1 in UTC): day 0 is Apr 30, so 30 school days remain; the assessment
    // row (Jun 11) is earlier than the year-end date (Jun 25) and is the clock's due date.
    expect(clock('2026-05-01T01:30:00Z')).toMatchObject({ startDate: '2026-04-30', dueDate: '2026-06-11', rule: { id: 'ma-evaluation-completion' } });
    // Sent Sun Mar 8 at 23:30 EDT, the day clocks sprang forward (EDT since 02:00): day 0 Mar 8. Mar 9–13 (5),
    // 16–20 (10), 23–27 (15); Mar 30 – Apr 3 closed; Apr 6–10 (20), 13–17 (25), 20–24 (30) → Apr 24.
    expect(clock('2026-03-08T23:30:00-04:00')).toMatchObject({ startDate: '2026-03-08', dueDate: '2026-04-24', rule: { id: 'ma-evaluation-completion' } });
  });
});
