import { describe, expect, it } from 'vitest';
import { REQUEST_KINDS } from '../../../src/core/types.js';
import { KNOWN_EXCLUSIONS, RULES, rulesFor } from '../../../src/core/deadlines/rules.js';
import { knownState } from '../../../src/core/deadlines/engine.js';

describe('rule table', () => {
  it('is well-formed data', () => {
    const ids = new Set<string>();
    const pairs = new Set<string>();
    for (const r of RULES) {
      expect(ids.has(r.id), r.id).toBe(false);
      ids.add(r.id);
      const pair = `${r.jurisdiction}/${r.kind}`;
      expect(pairs.has(pair), pair).toBe(false); // one row per (jurisdiction, kind)
      pairs.add(pair);
      expect(r.id.startsWith(`${r.jurisdiction.toLowerCase()}-`), r.id).toBe(true);
      expect(knownState(r.jurisdiction), r.id).toBe(true);
      expect(REQUEST_KINDS).toContain(r.kind);
      expect(Number.isInteger(r.days) && r.days > 0, r.id).toBe(true);
      expect(['calendar_days', 'business_days', 'school_days']).toContain(r.unit);
      expect(['high', 'medium']).toContain(r.confidence); // LOW rows are leads, never rules
      expect(r.verifiedOn).toBe('2026-11-23');
      for (const x of r.exclusions) expect(KNOWN_EXCLUSIONS).toContain(x);
      expect(r.citation.length, r.id).toBeGreaterThan(5);
      expect(r.clockStart.length, r.id).toBeGreaterThan(10);
      expect(r.summary.length, r.id).toBeGreaterThan(20);
      expect(r.notes ?? '', r.id).toMatch(/Sources? read/);
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
      ['nj-iee-request', 20, 'calendar_days', 'medium'],
    ];
    expect(RULES.map((r) => [r.id, r.days, r.unit, r.confidence])).toEqual(expected);
  });

  it('puts the California break exclusion on the California day-count rules only', () => {
    const withBreaks = RULES.filter((r) => r.exclusions.length > 0).map((r) => r.id);
    expect(withBreaks).toEqual(['ca-evaluation-request', 'ca-iep-meeting-request']);
  });

  it('has no federal number for meetings, evaluation responses or IEEs, and nothing for the other kinds', () => {
    for (const kind of ['meeting', 'evaluation', 'iee'] as const) {
      expect(rulesFor('US', kind)).toEqual([]);
    }
    for (const kind of ['progress', 'pwn', 'services', 'accommodations', 'information'] as const) {
      expect(RULES.filter((r) => r.kind === kind)).toEqual([]);
    }
  });

  it('gives a state its own rows plus the federal ones', () => {
    expect(rulesFor('CA', 'records').map((r) => r.id)).toEqual(['us-records-access', 'ca-records-access']);
    expect(rulesFor('tx', 'records').map((r) => r.id)).toEqual(['us-records-access']);
    expect(rulesFor('CA', 'meeting').map((r) => r.id)).toEqual(['ca-iep-meeting-request']);
    expect(rulesFor('NY', 'meeting')).toEqual([]);
  });

  it('matches the analyze contract example row', () => {
    const ca = RULES.find((r) => r.id === 'ca-iep-meeting-request')!;
    expect({ id: ca.id, citation: ca.citation, days: ca.days, unit: ca.unit }).toEqual({
      id: 'ca-iep-meeting-request',
      citation: 'Cal. Educ. Code § 56343.5',
      days: 30,
      unit: 'calendar_days',
    });
  });
});
