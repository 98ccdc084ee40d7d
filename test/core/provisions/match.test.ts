import { describe, expect, it } from 'vitest';
import { matchProvisions } from '../../../src/core/provisions/match.js';
import type { RequestKind } from '../../../src/core/types.js';
import { CALIFORNIA, PLAN_504, TEXAS } from './expected.js';

const m = (kind: RequestKind, evidence: string, provisions = CALIFORNIA, context?: string): string[] =>
  matchProvisions(context === undefined ? { kind, evidence } : { kind, evidence, context }, provisions);
const idOf = (provisions: typeof CALIFORNIA, start: string): string => provisions.find((p) => p.text.startsWith(start))!.id;

describe('matchProvisions', () => {
  it('a services request about speech matches the speech service line', () => {
    expect(m('services', 'Her IEP says speech 2x30 min weekly; she has had one session since Jan 5. When will missed sessions be made up?')).toEqual([
      idOf(CALIFORNIA, '415 Language and Speech'),
    ]);
    expect(m('services', 'Has Mateo been getting his SLP sessions this grading period?', TEXAS)).toEqual([idOf(TEXAS, 'Speech Therapy')]);
  });

  it('synonyms: OT, counseling/social work, resource room', () => {
    expect(m('services', 'Can you confirm when OT will happen this month?')).toEqual([idOf(CALIFORNIA, '450 Occupational Therapy')]);
    expect(m('services', 'He has not seen the school social worker for his weekly sessions.', TEXAS)).toEqual([idOf(TEXAS, 'Counseling')]);
    expect(m('services', 'She has been pulled from resource room twice this week.')).toEqual([idOf(CALIFORNIA, '330 Specialized Academic Instruction')]);
  });

  it('an accommodations request about extended time matches that accommodation', () => {
    expect(
      m('accommodations', 'His IEP provides extended time on tests; he did not receive it on Friday. Please confirm it will be provided.'),
    ).toEqual([idOf(CALIFORNIA, 'Extended time')]);
    expect(m('accommodations', 'She was not given extra time on the science test.', PLAN_504)).toEqual([idOf(PLAN_504, 'Extended time')]);
    expect(m('accommodations', 'Extra time was not provided on Tuesday’s quiz.', TEXAS)).toEqual([idOf(TEXAS, 'Extra time')]);
  });

  it('other accommodations: seating, text-to-speech on the state test, para support', () => {
    expect(m('accommodations', 'Please make sure she has preferential seating in the new classroom.')).toEqual([idOf(CALIFORNIA, 'Preferential seating')]);
    expect(m('accommodations', 'Text-to-speech was not available for the CAASPP math test.')).toEqual([idOf(CALIFORNIA, 'Text-to-speech for the CAASPP')]);
    expect(m('services', 'The aide has not been in science class for two weeks.', TEXAS)).toEqual([idOf(TEXAS, 'Paraprofessional support')]);
  });

  it('progress requests about reading goals match the reading goals', () => {
    expect(m('progress', 'Could you send the data used to measure progress on her reading goals?')).toEqual([idOf(CALIFORNIA, 'By 10/13/2026, when given an unpracticed')]);
    expect(m('progress', 'Please send the behavior data for his BIP goal.', TEXAS)).toEqual([idOf(TEXAS, 'When frustrated')]);
  });

  it('key dates only for specific meeting/evaluation requests', () => {
    expect(m('evaluation', 'Can the triennial reevaluation be done early, this spring?')).toEqual([
      CALIFORNIA.find((p) => p.details?.['name'] === 'reevaluation')!.id,
    ]);
    expect(m('meeting', 'I am requesting an IEP meeting to discuss his reading progress.')).toEqual([]);
    expect(m('evaluation', 'I am requesting a comprehensive evaluation for special education.')).toEqual([]);
  });

  it('records, PWN and IEE requests quote no provision unless the sentence names one (issue 14 #2)', () => {
    // "speech therapy service logs" asks for logs: the speech service line is not at stake.
    expect(m('records', 'Please send me copies of his speech therapy service logs for this semester.')).toEqual([]);
    expect(m('records', 'I would like the progress reports and the OT session notes from the fall.')).toEqual([]);
    expect(m('pwn', 'Please provide prior written notice of the decision to reduce his speech services.')).toEqual([]);
    expect(m('iee', 'I request an independent speech-language evaluation at public expense.')).toEqual([]);
    // Named: the plan is cited for that service, or its own words are quoted.
    expect(m('records', 'His IEP says speech 2x30 min weekly; please send the service logs that show those sessions.')).toEqual([idOf(CALIFORNIA, '415 Language and Speech')]);
    // The same sentence as a services request still concerns delivering the service.
    expect(m('services', 'He has missed his speech therapy sessions for three weeks; when will they be made up?')).toEqual([idOf(CALIFORNIA, '415 Language and Speech')]);
  });

  it('unrelated requests match nothing', () => {
    expect(m('information', 'Can you tell me who her case manager is this year?')).toEqual([]);
    expect(m('records', 'Please send me a copy of her complete educational file.')).toEqual([]);
    expect(m('services', 'When is the field trip permission slip due?')).toEqual([]);
    expect(m('accommodations', 'Please confirm the bus schedule.', PLAN_504)).toEqual([]);
    expect(m('pwn', 'Please provide prior written notice explaining the decision about speech.')).toEqual([]);
    expect(m('services', 'speech', [])).toEqual([]);
  });

  it('the request kind decides which provisions are eligible', () => {
    // "extended time" in a services request does not pull in an accommodation from the services pool when a service fits better,
    // and a progress request never returns a service line.
    expect(m('progress', 'How is she doing in speech? Please send the SLP data.')).toEqual([
      CALIFORNIA.find((p) => p.details?.['area'] === 'Articulation')!.id,
    ]);
  });
});
