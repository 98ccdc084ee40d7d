/**
 * Worked examples for the process-clock rows of the rule table. Each expected date is counted by hand in the
 * comment above it (day 0 = the start date; "(n)" = the nth counted day). The calendar is a 2025–26 year:
 * school Aug 13 → Jun 11; closed Sep 1, Nov 24–28 (five weekdays), Dec 22 → Jan 2 (ten weekdays), Jan 19,
 * Mar 30 → Apr 3 (five weekdays).
 */
import { describe, expect, it } from 'vitest';
import type { SchoolCalendar } from '../../../src/core/types.js';
import { allRules, addCounted, clockRulesFor, ruleById } from '../../../src/core/deadlines/index.js';
import { computeClocks } from '../../../src/core/clocks/index.js';

const CAL: SchoolCalendar = {
  firstDay: '2025-08-13',
  lastDay: '2026-06-11',
  closed: ['2025-09-01', { from: '2025-11-24', to: '2025-11-28' }, { from: '2025-12-22', to: '2026-01-02' }, '2026-01-19', { from: '2026-03-30', to: '2026-04-03' }],
};

/** The due date of rule `id` from `start` in `state`, with the calendar. */
function due(id: string, start: string, state: string, calendar: SchoolCalendar | null = CAL) {
  const r = ruleById(id)!;
  expect(r, id).toBeDefined();
  return addCounted(start, r.days, r.unit, { state, calendar: calendar ?? undefined, exclusions: r.exclusions });
}

describe('evaluation completion', () => {
  it('federal: 60 calendar days from consent (the analyze contract example)', () => {
    // Feb 3 → Feb 28 (25), Mar 31 (56), Apr 4 (60).
    expect(due('us-evaluation-completion', '2026-02-03', 'OR', null)).toEqual({ date: '2026-04-04', estimated: false });
  });

  it('federal, across the year end: no break is excluded', () => {
    // Dec 15 → Dec 31 (16), Jan 31 (47), Feb 13 (60).
    expect(due('us-evaluation-completion', '2025-12-15', 'OR').date).toBe('2026-02-13');
  });

  it('California, across the year end: the winter break of ten school days does not count', () => {
    // Dec 1 → Dec 19 (18); Dec 20 – Jan 4 removed (break with its weekends); Jan 5 (19), Jan 31 (45), Feb 15 (60).
    expect(due('ca-evaluation-completion', '2025-12-01', 'CA')).toEqual({ date: '2026-02-15', estimated: false });
  });

  it('California counts a five-school-day spring break; Georgia does not (5 or more)', () => {
    // CA: Mar 16 → Mar 31 (15), Apr 30 (45), May 15 (60).
    expect(due('ca-evaluation-completion', '2026-03-16', 'CA').date).toBe('2026-05-15');
    // GA: Mar 17–27 (11); Mar 28 – Apr 5 removed (break and adjoining weekends); Apr 6 (12), Apr 30 (36), May 24 (60).
    expect(due('ga-evaluation-completion', '2026-03-16', 'GA').date).toBe('2026-05-24');
  });

  it('Pennsylvania: the summer does not count', () => {
    // Summer before the year (inside the calendar): Jul 20 → nothing counts until Aug 13 (1); Aug 31 (19), Sep 30 (49), Oct 11 (60).
    expect(due('pa-evaluation-completion', '2025-07-20', 'PA')).toEqual({ date: '2025-10-11', estimated: false });
    // Summer after the year (next calendar unknown): May 2–31 (30), Jun 1–11 (41); Jun 12 – Aug 12 skipped up to the
    // estimated next first day Aug 13 (42); Aug 31 (60) — an estimate.
    expect(due('pa-evaluation-completion', '2026-05-01', 'PA')).toEqual({ date: '2026-08-31', estimated: true });
  });

  it('Texas: 45 school days, the summer is not school days', () => {
    // Apr 21–24 (4), Apr 27–May 1 (9), May 4–8 (14), 11–15 (19), 18–22 (24), 25–29 (29), Jun 1–5 (34), Jun 8–11 (38);
    // summer skipped to the estimated Aug 13 (39), Aug 14 (40), Aug 17–21 (45).
    expect(due('tx-evaluation-completion', '2026-04-20', 'TX')).toEqual({ date: '2026-08-21', estimated: true });
  });

  it('Florida: school holidays and breaks on the calendar do not count; weekends do', () => {
    // Nov 18–23 (6); Nov 24–28 closed; Nov 29–30 (8); Dec 1–21 (29); Dec 22 – Jan 2 closed; Jan 3–18 (45);
    // Jan 19 closed; Jan 20–31 (57); Feb 3 (60).
    expect(due('fl-evaluation-completion', '2025-11-17', 'FL').date).toBe('2026-02-03');
  });

  it('Washington: 35 school days; without a calendar, business days and an estimate', () => {
    // Mar 3–6 (4), 9–13 (9), 16–20 (14), 23–27 (19); spring break; Apr 6–10 (24), 13–17 (29), 20–24 (34), Apr 27 (35).
    expect(due('wa-evaluation-completion', '2026-03-02', 'WA')).toEqual({ date: '2026-04-27', estimated: false });
    // Across the year end the summer has no school days: May 4–29 (20), Jun 1–11 (29); skipped to the estimated
    // Aug 13 (30); Aug 14 (31), Aug 17–20 (35) — an estimate.
    expect(due('wa-evaluation-completion', '2026-05-01', 'WA')).toEqual({ date: '2026-08-20', estimated: true });
    // No calendar: 35 business days, Mar 3 → Apr 20 (7 weeks); no Washington public holiday falls between.
    expect(due('wa-evaluation-completion', '2026-03-02', 'WA', null)).toEqual({ date: '2026-04-20', estimated: true });
  });

  it('Indiana: 50 instructional days; breaks, holidays and the summer do not count', () => {
    // Nov 14 (1); Nov 17–21 (6); Nov 24–28 closed; Dec 1–5 (11), 8–12 (16), 15–19 (21); Dec 22 – Jan 2 closed;
    // Jan 5–9 (26), 12–16 (31); Jan 19 closed; Jan 20–23 (35), 26–30 (40); Feb 2–6 (45), 9–13 (50).
    expect(due('in-evaluation-completion', '2025-11-13', 'IN')).toEqual({ date: '2026-02-13', estimated: false });
    // Summer before the year: nothing counts until Aug 13 (1); Aug 14–15 (3), 18–22 (8), 25–29 (13); Sep 1 closed;
    // Sep 2–5 (17), 8–12 (22), 15–19 (27), 22–26 (32), Sep 29–Oct 3 (37), 6–10 (42), 13–17 (47), Oct 20–22 (50).
    expect(due('in-evaluation-completion', '2025-07-20', 'IN')).toEqual({ date: '2025-10-22', estimated: false });
    // Across the year end: May 4–29 (20), Jun 1–11 (29); summer skipped to the estimated Aug 13 (30); Aug 14 (31),
    // 17–21 (36), 24–28 (41), Aug 31–Sep 4 (46); Labor Day Sep 7 (next year's calendar unknown: business days);
    // Sep 8–11 (50) — an estimate.
    expect(due('in-evaluation-completion', '2026-05-01', 'IN')).toEqual({ date: '2026-09-11', estimated: true });
  });

  it('Virginia: 65 business days from the referral; state holidays do not count', () => {
    // Jan 6–9 (4), 12–16 (9); Jan 19 (Martin Luther King Jr. Day) skipped; Jan 20–23 (13), 26–30 (18); Feb 2–6 (23),
    // 9–13 (28); Feb 16 (Presidents' Day) skipped; Feb 17–20 (32), 23–27 (37); Mar 2–6 (42), 9–13 (47), 16–20 (52),
    // 23–27 (57), Mar 30–Apr 3 (62); Apr 6–8 (65).
    expect(ruleById('va-evaluation-completion')).toMatchObject({ startEvent: 'referral', unit: 'business_days' });
    expect(due('va-evaluation-completion', '2026-01-05', 'VA', null)).toEqual({ date: '2026-04-08', estimated: false });
  });

  it('Delaware: "45 school days or 90 calendar days, whichever is less"', () => {
    const clock = (consent: string) =>
      computeClocks({
        state: 'DE', timezone: 'America/New_York', now: '2026-06-01T12:00:00-04:00', calendar: CAL,
        messages: [], parentEvents: [{ id: 'e1', type: 'consent', date: consent }],
      })[0]!;
    // School year: 45 school days from Sep 2 — Sep 3–5 (3) … Oct 27–31 (43), Nov 3 (44), Nov 4 (45) — beat 90
    // calendar days (Dec 1).
    expect(clock('2025-09-02')).toMatchObject({ dueDate: '2025-11-04', rule: { id: 'de-evaluation-completion-school-days' } });
    // Consent in the summer: school days only start Aug 13, so 45 of them end Oct 15; 90 calendar days from
    // Jun 20 — Jun 30 (10), Jul 31 (41), Aug 31 (72), Sep 18 (90) — are less.
    expect(clock('2025-06-20')).toMatchObject({ dueDate: '2025-09-18', rule: { id: 'de-evaluation-completion-calendar-days', days: 90 } });
    // Consent late in the spring: the summer has no school days (34 CFR 300.11(c)(1)), so 45 school days run
    // May 4–29 (20), Jun 1–11 (29), then from the estimated Aug 13 (30) to Sep 3 (45), an estimate; 90 calendar days
    // — May 31 (30), Jun 30 (60), Jul 30 (90) — are less. (Before the summer exclusion the school-day row counted
    // June and July as business days and won with Jul 6.)
    expect(due('de-evaluation-completion-school-days', '2026-05-01', 'DE')).toEqual({ date: '2026-09-03', estimated: true });
    expect(clock('2026-05-01')).toMatchObject({ dueDate: '2026-07-30', rule: { id: 'de-evaluation-completion-calendar-days' } });
    expect(clockRulesFor('DE', 'evaluation_completion')).toHaveLength(2);
  });

  it('Massachusetts: 30 school working days to the assessments, 45 to the proposed IEP (year end: year-end.test.ts)', () => {
    // Jan 6–9 (4), Jan 12–16 (9), Jan 19 closed, Jan 20–23 (13), Jan 26–30 (18), Feb 2–6 (23), Feb 9–13 (28), Feb 16 (29),
    // Feb 17 (30); then Feb 18–20 (33), Feb 23–27 (38), Mar 2–6 (43), Mar 9 (44), Mar 10 (45).
    expect(due('ma-evaluation-completion', '2026-01-05', 'MA')).toEqual({ date: '2026-02-17', estimated: false });
    expect(due('ma-proposed-iep', '2026-01-05', 'MA')).toEqual({ date: '2026-03-10', estimated: false });
  });
});

describe('evaluation completion: rows added 2026-12-02', () => {
  const mdClock = (consent: string, referral?: string) =>
    computeClocks({
      state: 'MD', timezone: 'America/New_York', now: '2026-06-01T12:00:00-04:00', calendar: CAL,
      messages: [], parentEvents: [{ id: 'e1', type: 'consent', date: consent }],
      evaluationRequests: referral ? [{ messageId: '<r@x>', threadId: 't1', sentAt: `${referral}T10:00:00-04:00` }] : [],
    })[0]!;

  it('Maryland: 60 days from consent or 90 days from the written referral, whichever comes first', () => {
    expect(clockRulesFor('MD', 'evaluation_completion').map((r) => r.startEvent).sort()).toEqual(['consent', 'referral']);
    // Slow consent form: referral Sep 2 → Sep 30 (28), Oct 31 (59), Nov 30 (89), Dec 1 (90); consent Oct 20 →
    // Oct 31 (11), Nov 30 (41), Dec 19 (60). The referral limit comes first.
    expect(mdClock('2025-10-20', '2025-09-02')).toMatchObject({ dueDate: '2025-12-01', rule: { id: 'md-evaluation-completion-referral' } });
    // Prompt consent: Sep 5 → Sep 30 (25), Oct 31 (56), Nov 4 (60), before the referral's Dec 1.
    expect(mdClock('2025-09-05', '2025-09-02')).toMatchObject({ dueDate: '2025-11-04', rule: { id: 'md-evaluation-completion-consent' } });
    // Across the year end, no referral in the mail: Dec 10 → Dec 31 (21), Jan 31 (52), Feb 8 (60); the winter
    // break counts (the referral row, counted from the consent as an estimate, ends 30 days later).
    expect(mdClock('2025-12-10')).toMatchObject({ dueDate: '2026-02-08', rule: { id: 'md-evaluation-completion-consent' } });
  });

  it('New Hampshire: 60 calendar days from consent; the summer counts', () => {
    // May 20 → May 31 (11), Jun 30 (41), Jul 19 (60).
    expect(due('nh-evaluation-completion', '2026-05-20', 'NH')).toEqual({ date: '2026-07-19', estimated: false });
  });

  it('Oklahoma: 45 school days from consent; the spring break does not count', () => {
    // Mar 2 → Mar 3–6 (4), 9–13 (9), 16–20 (14), 23–27 (19); Mar 30 – Apr 3 closed; Apr 6–10 (24), 13–17 (29),
    // 20–24 (34), Apr 27 – May 1 (39), May 4–8 (44), May 11 (45).
    expect(due('ok-evaluation-completion', '2026-03-02', 'OK')).toEqual({ date: '2026-05-11', estimated: false });
  });

  it('Louisiana: 60 business days from consent; Good Friday and Memorial Day are Louisiana holidays', () => {
    // Mar 2 → Mar 3–6 (4), 9–13 (9), 16–20 (14), 23–27 (19), Mar 30 – Apr 2 (23); Apr 3 Good Friday skipped;
    // Apr 6–10 (28), 13–17 (33), 20–24 (38), Apr 27 – May 1 (43), May 4–8 (48), 11–15 (53), 18–22 (58);
    // May 25 Memorial Day skipped; May 26 (59), May 27 (60).
    expect(due('la-evaluation-completion', '2026-03-02', 'LA', null)).toEqual({ date: '2026-05-27', estimated: false });
  });

  it('District of Columbia: 60 calendar days from consent, through the winter break', () => {
    // Nov 20 → Nov 30 (10), Dec 31 (41), Jan 19 (60).
    expect(due('dc-evaluation-completion', '2025-11-20', 'DC')).toEqual({ date: '2026-01-19', estimated: false });
  });

  it('Connecticut: 45 school days from the written referral; breaks and the summer are not school days', () => {
    expect(ruleById('ct-evaluation-completion')).toMatchObject({ startEvent: 'referral', unit: 'school_days' });
    // Nov 17 → Nov 18–21 (4); Nov 24–28 closed; Dec 1–19 (19); Dec 22 – Jan 2 closed; Jan 5–16 (29); Jan 19
    // closed; Jan 20–23 (33), 26–30 (38); Feb 2–6 (43), Feb 9 (44), Feb 10 (45).
    expect(due('ct-evaluation-completion', '2025-11-17', 'CT')).toEqual({ date: '2026-02-10', estimated: false });
    // Across the year end: May 4–29 (20), Jun 1–11 (29); summer skipped to the estimated Aug 13 (30); Aug 14 (31),
    // 17–21 (36), 24–28 (41), Aug 31 – Sep 3 (45) — an estimate.
    expect(due('ct-evaluation-completion', '2026-05-01', 'CT')).toEqual({ date: '2026-09-03', estimated: true });
  });
});

describe('IEP after eligibility', () => {
  it('federal: 30 calendar days from the eligibility decision, with no exclusion', () => {
    // Apr 20 → Apr 30 (10), May 20 (30).
    expect(due('us-iep-after-eligibility', '2026-04-20', 'CA').date).toBe('2026-05-20');
    // Dec 10 → Dec 31 (21), Jan 9 (30): the winter break counts.
    expect(due('us-iep-after-eligibility', '2025-12-10', 'CA').date).toBe('2026-01-09');
  });

  it('Louisiana: 30 calendar days from the evaluation report, like Texas', () => {
    expect(clockRulesFor('LA', 'iep_after_eligibility').map((r) => r.startEvent)).toEqual(['evaluation_report']);
    // May 1 → May 31 (30): the end of the school year does not stop it.
    expect(due('la-iep-after-evaluation', '2026-05-01', 'LA').date).toBe('2026-05-31');
  });

  it('Texas: 30 calendar days from the evaluation report', () => {
    expect(ruleById('tx-ard-after-evaluation')).toMatchObject({ startEvent: 'evaluation_report', days: 30, unit: 'calendar_days' });
    expect(due('tx-ard-after-evaluation', '2026-02-27', 'TX').date).toBe('2026-03-29');
  });
});

describe('IEP after eligibility: rows added 2026-12-02', () => {
  it('Maryland, DC and Kentucky: their own 30-day rules replace the federal row, counted in calendar days', () => {
    expect(clockRulesFor('MD', 'iep_after_eligibility').map((r) => r.id)).toEqual(['md-iep-after-evaluation']);
    expect(clockRulesFor('DC', 'iep_after_eligibility').map((r) => r.id)).toEqual(['dc-iep-after-eligibility']);
    // Over the winter break and the year end: Dec 12 → Dec 31 (19), Jan 11 (30).
    expect(due('md-iep-after-evaluation', '2025-12-12', 'MD')).toEqual({ date: '2026-01-11', estimated: false });
    // Kentucky (medium): Nov 20 → Nov 30 (10), Dec 20 (30); the Thanksgiving week counts.
    expect(clockRulesFor('KY', 'iep_after_eligibility').map((r) => r.id)).toEqual(['ky-arc-after-eligibility']);
    expect(due('ky-arc-after-eligibility', '2025-11-20', 'KY')).toEqual({ date: '2025-12-20', estimated: false });
    // Into the summer: Jun 1 → Jun 30 (29), Jul 1 (30); the summer counts.
    expect(due('dc-iep-after-eligibility', '2026-06-01', 'DC')).toEqual({ date: '2026-07-01', estimated: false });
  });
});

describe('day 0 is the local date of the start message', () => {
  const start = (sentAt: string, timezone: string) =>
    computeClocks({
      state: 'OR', timezone, now: '2027-03-01T12:00:00Z',
      messages: [{ messageId: '<c@x>', threadId: 't1', side: 'parent', automatic: false, sentAt, newText: "I've signed the consent and attached it.", attachments: [{ filename: 'consent.pdf', contentType: 'application/pdf', size: 1 }] }],
    })[0]!;

  it('after the autumn DST change (already Nov 2 in UTC, still Nov 1 in Oregon)', () => {
    // Nov 1 → Nov 30 (29), Dec 31 (60).
    expect(start('2026-11-01T23:30:00-08:00', 'America/Los_Angeles')).toMatchObject({ startDate: '2026-11-01', dueDate: '2026-12-31' });
  });

  it('on the spring DST change day', () => {
    // Mar 8 (PDT since 02:00) → Mar 31 (23), Apr 30 (53), May 7 (60).
    expect(start('2026-03-08T23:30:00-07:00', 'America/Los_Angeles')).toMatchObject({ startDate: '2026-03-08', dueDate: '2026-05-07' });
    // The same instant, for a district on Eastern time, is already Mar 9.
    expect(start('2026-03-08T23:30:00-07:00', 'America/New_York')).toMatchObject({ startDate: '2026-03-09', dueDate: '2026-05-08' });
  });
});

describe('every encoded clock rule family has a worked example above', () => {
  // The family of a row is how it counts: its unit and its exclusions. Each family names the row its example uses.
  const EXAMPLES: Record<string, string> = {
    'calendar_days|': 'us-evaluation-completion',
    'calendar_days|ca-breaks-over-5-school-days,summer': 'ca-evaluation-completion',
    'business_days|': 'va-evaluation-completion',
    'calendar_days|breaks-of-5-school-days,summer': 'ga-evaluation-completion',
    'calendar_days|summer': 'pa-evaluation-completion',
    'calendar_days|school-holidays,summer': 'fl-evaluation-completion',
    'school_days|summer': 'tx-evaluation-completion',
  };
  const family = (r: { unit: string; exclusions: string[] }) => `${r.unit}|${[...r.exclusions].sort().join(',')}`;

  it('each (unit, exclusions) of an evaluation-completion or IEP-after-eligibility row is one of the families worked above', () => {
    const rows = allRules().filter((r) => r.kind === 'evaluation_completion' || r.kind === 'iep_after_eligibility');
    expect(rows.length).toBeGreaterThan(25);
    const missing = rows.filter((r) => !(family(r) in EXAMPLES)).map((r) => `${r.id}: ${family(r)}`);
    expect(missing).toEqual([]);
    // And each named example row exists with that family.
    for (const [fam, id] of Object.entries(EXAMPLES)) expect(family(ruleById(id)!), id).toBe(fam);
  });
});
