import { describe, expect, it } from 'vitest';
import { CLOCK_RULE_KINDS, REQUEST_KINDS } from '../../../src/core/types.js';
import { ruleTable, KNOWN_EXCLUSIONS, allRules, RuleTableError, TRACKED_RULE_KINDS, clockRulesFor, loadRuleTable, rulesFor } from '../../../src/core/deadlines/index.js';
import { computeDue, knownState } from '../../../src/core/deadlines/index.js';

describe('rule table', () => {
  it('is well-formed data', () => {
    const ids = new Set<string>();
    const pairs = new Set<string>();
    for (const r of allRules()) {
      expect(ids.has(r.id), r.id).toBe(false);
      ids.add(r.id);
      const pair = `${r.jurisdiction}/${r.kind}`;
      // One row per (jurisdiction, kind), except where the rule itself gives two limits ("whichever is less").
      if (!['DE/evaluation_completion', 'MA/evaluation_completion', 'MD/evaluation_completion'].includes(pair)) expect(pairs.has(pair), pair).toBe(false);
      pairs.add(pair);
      expect(r.id.startsWith(`${r.jurisdiction.toLowerCase()}-`), r.id).toBe(true);
      expect(knownState(r.jurisdiction), r.id).toBe(true);
      expect([...REQUEST_KINDS, ...CLOCK_RULE_KINDS]).toContain(r.kind);
      expect(Number.isInteger(r.days) && r.days > 0, r.id).toBe(true);
      expect(['calendar_days', 'business_days', 'school_days']).toContain(r.unit);
      expect(['high', 'medium']).toContain(r.confidence); // LOW rows are leads, never rules
      // Request rows were checked against the research on 2026-11-23; the clock rows on 2026-12-02.
      // Request rows added from the rule text on 2026-12-02 carry that date; Arizona's evaluation request (2026-12-03) its own,
      // and so do Massachusetts' clock rows, re-read in 603 CMR 28.05(1) when its end-of-year rule was encoded.
      const checkedOn = ['az-evaluation-request', 'ma-evaluation-completion', 'ma-proposed-iep', 'ms-evaluation-request', 'nh-iep-meeting-request'].includes(r.id)
        ? '2026-12-03'
        : (CLOCK_RULE_KINDS as readonly string[]).includes(r.kind) || ['dc-records-access', 'dc-evaluation-request'].includes(r.id) ? '2026-12-02' : '2026-11-23';
      expect(r.verifiedOn, r.id).toBe(checkedOn);
      for (const x of r.exclusions) expect(KNOWN_EXCLUSIONS).toContain(x);
      expect(r.citation.length, r.id).toBeGreaterThan(5);
      expect(r.clockStart.length, r.id).toBeGreaterThan(10);
      expect(r.summary.length, r.id).toBeGreaterThan(20);
      expect(r.notes ?? '', r.id).toMatch(/Sources? read|Verified 2026-12-02/);
    }
  });

  it('holds exactly the reviewed rows (id, days, unit, confidence)', () => {
    // Written from the research tables, not from the code: a change to the table must be made here too.
    const expected = [
      ['us-records-access', 45, 'calendar_days', 'high'],
      ['ca-records-access', 5, 'business_days', 'high'],
      ['il-records-access', 10, 'business_days', 'high'],
      ['ma-records-access', 10, 'calendar_days', 'medium'],
      ['wa-records-access', 45, 'calendar_days', 'high'],
      ['ct-records-access', 10, 'school_days', 'medium'],
      ['mn-records-access', 10, 'business_days', 'medium'],
      ['ut-records-access', 45, 'calendar_days', 'medium'],
      ['ia-records-access', 45, 'calendar_days', 'high'],
      ['de-records-access', 45, 'calendar_days', 'high'],
      ['la-records-access', 45, 'calendar_days', 'high'],
      ['nm-records-access', 45, 'calendar_days', 'high'],
      ['ca-evaluation-request', 15, 'calendar_days', 'high'],
      ['tx-evaluation-request', 15, 'school_days', 'high'],
      ['mi-evaluation-request', 10, 'school_days', 'high'],
      ['wa-evaluation-request', 25, 'school_days', 'high'],
      ['ma-evaluation-request', 5, 'school_days', 'high'],
      ['il-evaluation-request', 14, 'school_days', 'medium'],
      ['oh-evaluation-request', 30, 'calendar_days', 'medium'],
      ['fl-evaluation-request', 30, 'calendar_days', 'medium'],
      ['nj-evaluation-request', 20, 'calendar_days', 'medium'],
      ['in-evaluation-request', 10, 'school_days', 'high'],
      ['nh-evaluation-request', 15, 'business_days', 'high'],
      ['ri-evaluation-request', 10, 'school_days', 'high'],
      ['ar-evaluation-request', 7, 'calendar_days', 'high'],
      ['ca-iep-meeting-request', 30, 'calendar_days', 'high'],
      ['tx-iep-meeting-request', 5, 'school_days', 'medium'],
      ['tn-iep-meeting-request', 10, 'school_days', 'high'],
      ['az-iep-meeting-request', 45, 'school_days', 'medium'],
      ['az-evaluation-request', 15, 'school_days', 'medium'],
      ['nj-iee-request', 20, 'calendar_days', 'medium'],
      ['dc-records-access', 45, 'calendar_days', 'high'],
      ['dc-evaluation-request', 10, 'business_days', 'high'],
      ['ms-evaluation-request', 20, 'calendar_days', 'high'],
      ['nh-iep-meeting-request', 21, 'calendar_days', 'medium'],
    ];
    const clocks = [
      ['us-evaluation-completion', 60, 'calendar_days', 'high'],
      ['us-iep-after-eligibility', 30, 'calendar_days', 'high'],
      ['az-evaluation-completion', 60, 'calendar_days', 'medium'],
      ['ca-evaluation-completion', 60, 'calendar_days', 'high'],
      ['co-evaluation-completion', 60, 'calendar_days', 'medium'],
      ['de-evaluation-completion-school-days', 45, 'school_days', 'high'],
      ['de-evaluation-completion-calendar-days', 90, 'calendar_days', 'high'],
      ['fl-evaluation-completion', 60, 'calendar_days', 'medium'],
      ['ga-evaluation-completion', 60, 'calendar_days', 'high'],
      ['ia-evaluation-completion', 60, 'calendar_days', 'high'],
      ['il-evaluation-completion', 60, 'school_days', 'medium'],
      ['ky-evaluation-to-iep', 60, 'school_days', 'medium'],
      ['ma-evaluation-completion', 30, 'school_days', 'medium'],
      ['ma-proposed-iep', 45, 'school_days', 'high'],
      ['mi-evaluation-completion', 30, 'school_days', 'high'],
      ['mn-evaluation-completion', 30, 'school_days', 'high'],
      ['mo-evaluation-completion', 60, 'calendar_days', 'medium'],
      ['nc-evaluation-completion', 90, 'calendar_days', 'medium'],
      ['nj-evaluation-completion', 90, 'calendar_days', 'medium'],
      ['nv-evaluation-completion', 45, 'school_days', 'high'],
      ['ny-evaluation-completion', 60, 'calendar_days', 'medium'],
      ['oh-evaluation-completion', 60, 'calendar_days', 'medium'],
      ['pa-evaluation-completion', 60, 'calendar_days', 'high'],
      ['ri-evaluation-completion', 60, 'calendar_days', 'medium'],
      ['in-evaluation-completion', 50, 'school_days', 'medium'],
      ['tn-evaluation-completion', 60, 'calendar_days', 'high'],
      ['tx-evaluation-completion', 45, 'school_days', 'high'],
      ['tx-ard-after-evaluation', 30, 'calendar_days', 'medium'],
      ['va-evaluation-completion', 65, 'business_days', 'medium'],
      ['wa-evaluation-completion', 35, 'school_days', 'high'],
      ['wi-evaluation-completion', 60, 'calendar_days', 'high'],
      // Added 2026-12-02 from the rule text (MD, DC) or agreeing secondary sources (CT).
      ['md-evaluation-completion-consent', 60, 'calendar_days', 'high'],
      ['md-evaluation-completion-referral', 90, 'calendar_days', 'high'],
      ['dc-evaluation-completion', 60, 'calendar_days', 'high'],
      ['ct-evaluation-completion', 45, 'school_days', 'medium'],
      ['md-iep-after-evaluation', 30, 'calendar_days', 'high'],
      ['dc-iep-after-eligibility', 30, 'calendar_days', 'high'],
      ['nh-evaluation-completion', 60, 'calendar_days', 'medium'],
      ['ky-arc-after-eligibility', 30, 'calendar_days', 'medium'],
      ['la-evaluation-completion', 60, 'business_days', 'high'],
      ['la-iep-after-evaluation', 30, 'calendar_days', 'high'],
      ['ok-evaluation-completion', 45, 'school_days', 'medium'],
    ];
    const key = (r: unknown[]) => String(r[0]);
    const byId = (a: unknown[], b: unknown[]) => key(a).localeCompare(key(b));
    expect(allRules().map((r) => [r.id, r.days, r.unit, r.confidence]).sort(byId)).toEqual([...expected, ...clocks].sort(byId));
  });

  it('puts exclusions only where the research found them, and the summer on every school-day request row (34 CFR 300.11(c)(1))', () => {
    const withExclusions = Object.fromEntries(allRules().filter((r) => r.exclusions.length > 0).map((r) => [r.id, r.exclusions]));
    expect(withExclusions).toEqual({
      'ca-evaluation-request': ['ca-breaks-over-5-school-days'],
      'ca-iep-meeting-request': ['ca-breaks-over-5-school-days'],
      'ca-evaluation-completion': ['ca-breaks-over-5-school-days', 'summer'],
      'tx-evaluation-completion': ['summer'],
      'in-evaluation-completion': ['summer'],
      'pa-evaluation-completion': ['summer'],
      'ga-evaluation-completion': ['breaks-of-5-school-days', 'summer'],
      'fl-evaluation-completion': ['school-holidays', 'summer'],
      'ct-evaluation-completion': ['summer'],
      'ok-evaluation-completion': ['summer'],
      'wa-evaluation-completion': ['summer'],
      'mi-evaluation-completion': ['summer'],
      'mn-evaluation-completion': ['summer'],
      'nv-evaluation-completion': ['summer'],
      'il-evaluation-completion': ['summer'],
      'ky-evaluation-to-iep': ['summer'],
      // School-day request rows (2026-12-03): a school day is a day children attend for instruction, so none fall in
      // the summer (each row's notes cite the state's definition or the federal one it uses).
      'tx-evaluation-request': ['summer'],
      'tx-iep-meeting-request': ['summer'],
      'mi-evaluation-request': ['summer'],
      'wa-evaluation-request': ['summer'],
      'ma-evaluation-request': ['summer'],
      'il-evaluation-request': ['summer'],
      'in-evaluation-request': ['summer'],
      'ri-evaluation-request': ['summer'],
      'tn-iep-meeting-request': ['summer'],
      'az-iep-meeting-request': ['summer'],
      'ct-records-access': ['summer'],
      'az-evaluation-request': ['summer'],
      'de-evaluation-completion-school-days': ['summer'],
      // Massachusetts (2026-12-03): with 603 CMR 28.05(1)'s end-of-year rule computed (yearEnd), its school
      // working days skip the summer like the other school-day rows.
      'ma-evaluation-completion': ['summer'],
      'ma-proposed-iep': ['summer'],
    });
  });

  it('lets a state timeframe replace the federal clock, and falls back to it', () => {
    expect(clockRulesFor('WA', 'evaluation_completion').map((r) => r.id)).toEqual(['wa-evaluation-completion']);
    expect(clockRulesFor('OR', 'evaluation_completion').map((r) => r.id)).toEqual(['us-evaluation-completion']);
    expect(clockRulesFor('DE', 'evaluation_completion').map((r) => r.id).sort()).toEqual(['de-evaluation-completion-calendar-days', 'de-evaluation-completion-school-days']);
    expect(clockRulesFor('CA', 'iep_after_eligibility').map((r) => r.id)).toEqual(['us-iep-after-eligibility']);
    expect(clockRulesFor('TX', 'iep_after_eligibility').map((r) => r.startEvent)).toEqual(['evaluation_report']);
  });

  it('accounts for every jurisdiction and tracked rule with one of three coverage states', () => {
    expect(ruleTable().map((j) => j.code).length).toBe(52); // 50 states + DC + federal
    for (const j of ruleTable()) {
      for (const kind of TRACKED_RULE_KINDS) {
        const c = j.coverage[kind];
        expect(['rule', 'federal-default', 'not-found']).toContain(c.status);
        expect(c.status === 'rule', `${j.code}/${kind}`).toBe(c.rules.length > 0);
        if (c.status === 'federal-default') expect(c.note, `${j.code}/${kind}`).toBeTruthy();
      }
    }
    expect(ruleTable().find((j) => j.code === 'NJ')!.coverage.records.status).toBe('federal-default');
    expect(ruleTable().find((j) => j.code === 'KS')!.coverage.evaluation_completion.status).toBe('not-found');
  });

  it('rejects a malformed rule file with a message naming it', () => {
    const good = { jurisdiction: 'ZZ', name: 'Test', rules: [], coverage: {} };
    expect(loadRuleTable([good])[0]!.coverage.records.status).toBe('not-found');
    const row = { id: 'zz-x', kind: 'records', days: 10, unit: 'fortnights', clockStart: 'x'.repeat(12), exclusions: [], citation: 'Code 1', confidence: 'high', verifiedOn: '2026-12-02', summary: 'y'.repeat(25) };
    expect(() => loadRuleTable([{ ...good, rules: [row] }])).toThrow(RuleTableError);
    expect(() => loadRuleTable([{ ...good, rules: [row] }])).toThrow(/ZZ: rules\.0\.unit/);
    expect(() => loadRuleTable([{ ...good, rules: [{ ...row, unit: 'calendar_days', confidence: 'low' }] }])).toThrow(/confidence/);
    expect(() => loadRuleTable([{ ...good, rules: [{ ...row, unit: 'calendar_days', exclusions: ['lunch'] }] }])).toThrow(/unknown exclusion/);
    expect(() => loadRuleTable([{ ...good, rules: [{ ...row, unit: 'calendar_days', kind: 'evaluation_completion' }] }])).toThrow(/startEvent/);
  });

  it('has no federal number for meetings, evaluation responses or IEEs, and nothing for the other kinds', () => {
    for (const kind of ['meeting', 'evaluation', 'iee'] as const) {
      expect(rulesFor('US', kind)).toEqual([]);
    }
    for (const kind of ['progress', 'pwn', 'services', 'accommodations', 'information'] as const) {
      expect(allRules().filter((r) => r.kind === kind)).toEqual([]);
    }
  });

  it('gives a state its own rows plus the federal ones', () => {
    expect(rulesFor('CA', 'records').map((r) => r.id)).toEqual(['us-records-access', 'ca-records-access']);
    expect(rulesFor('tx', 'records').map((r) => r.id)).toEqual(['us-records-access']);
    expect(rulesFor('CA', 'meeting').map((r) => r.id)).toEqual(['ca-iep-meeting-request']);
    expect(rulesFor('NY', 'meeting')).toEqual([]);
  });

  it('matches the analyze contract example row', () => {
    const ca = allRules().find((r) => r.id === 'ca-iep-meeting-request')!;
    expect({ id: ca.id, citation: ca.citation, days: ca.days, unit: ca.unit }).toEqual({
      id: 'ca-iep-meeting-request',
      citation: 'Cal. Educ. Code § 56343.5',
      days: 30,
      unit: 'calendar_days',
    });
  });
});

describe('request rows added 2026-12-02: worked examples', () => {
  const NYC = 'America/New_York';
  it('DC evaluation request: 10 business days; the federal holiday does not count', () => {
    // Mon Feb 9 → Feb 10–13 (4); Feb 16 Presidents' Day skipped; Feb 17–20 (8), Feb 23 (9), Feb 24 (10).
    const due = computeDue({ kind: 'evaluation', state: 'DC', sentAt: '2026-02-09T10:00:00-05:00', timezone: NYC });
    expect(due).toMatchObject({ dueDate: '2026-02-24', rule: { id: 'dc-evaluation-request' } });
  });

  it('DC records: 45 calendar days through the summer, the same limit as the federal rule (the state row is reported)', () => {
    // Jun 1 → Jun 30 (29), Jul 16 (45).
    const due = computeDue({ kind: 'records', state: 'DC', sentAt: '2026-06-01T10:00:00-04:00', timezone: NYC });
    expect(due).toMatchObject({ dueDate: '2026-07-16', rule: { id: 'dc-records-access' } });
  });
});

describe('request rows added 2026-12-03: worked examples', () => {
  it('Mississippi evaluation request: day one is the request day; MET by day 14, written notice 7 days later', () => {
    // Request Fri Dec 18, 21:30 CST (already Dec 19 in UTC): day one Dec 18, day 14 Dec 31 (13 days after); notice
    // within 7 calendar days of that meeting: Jan 7 — across the year end and the winter break, which still count.
    const due = computeDue({ kind: 'evaluation', state: 'MS', sentAt: '2026-12-19T03:30:00Z', timezone: 'America/Chicago' });
    expect(due).toMatchObject({ dueDate: '2027-01-07', dueBasis: 'statute', rule: { id: 'ms-evaluation-request', days: 20, unit: 'calendar_days' } });
  });

  it('New Hampshire IEP meeting request: 21 calendar days, through the summer, on the autumn DST day', () => {
    // Written request Sun Nov 1, 23:30 EST (DST ended at 02:00; already Nov 2 in UTC): day 0 Nov 1 → Nov 22 (21).
    expect(computeDue({ kind: 'meeting', state: 'NH', sentAt: '2026-11-02T04:30:00Z', timezone: 'America/New_York' })).toMatchObject({ dueDate: '2026-11-22', rule: { id: 'nh-iep-meeting-request' } });
    // Request on the last school day, Jun 12: the summer counts — Jun 30 (18), Jul 3 (21).
    expect(computeDue({ kind: 'meeting', state: 'NH', sentAt: '2026-06-12T10:00:00-04:00', timezone: 'America/New_York' })).toMatchObject({ dueDate: '2026-07-03', rule: { id: 'nh-iep-meeting-request' } });
  });
});
