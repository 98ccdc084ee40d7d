import { describe, expect, it } from 'vitest';
import { renewedByNudge } from '../../../src/core/requests/nudges.js';
import type { DetectedRequest } from '../../../src/core/requests/detected.js';

const ask = (kind: DetectedRequest['kind'], evidence: string): DetectedRequest => ({ kind, evidence, signal: 'test', sentence: 0, reason: { act: 'ask', head: evidence, rule: 'test' } });

describe('a nudge renews the request it points back to (guide A3)', () => {
  const asked = [ask('accommodations', 'Can he sit near the front again?'), ask('records', 'Please send me his 504 plan.')];
  it('takes the kind of the earlier request its words name', () => {
    expect(renewedByNudge(ask('information', 'Just checking whether you saw my email below about his 504 plan copy.'), () => asked).kind).toBe('records');
  });
  it('takes the first earlier request when it names none', () => {
    const renewed = renewedByNudge(ask('information', 'just checking whether you saw my email about the seat.'), () => asked);
    expect(renewed.kind).toBe('accommodations');
    expect(renewed.reason.rule).toContain('renews the earlier accommodations request');
  });
  it('leaves a sentence that is no nudge, or has nothing earlier to renew, as detected', () => {
    expect(renewedByNudge(ask('information', 'Who is his case manager this year?'), () => asked).kind).toBe('information');
    expect(renewedByNudge(ask('information', 'Just checking whether you saw my email below.'), () => []).kind).toBe('information');
  });
  it('keeps a kind of its own that the earlier message did not ask for', () => {
    expect(renewedByNudge(ask('meeting', 'Following up on my email below: can we meet this week?'), () => asked).kind).toBe('meeting');
  });
});
