import { describe, expect, it } from 'vitest';
import { mergeRenewals, normalizeSubject, renewalIndex, type RenewalCandidate } from '../../src/core/renewals.js';

const DAY = 86_400_000;
const req = (o: Partial<RenewalCandidate> & { id: string }): RenewalCandidate => ({
  kind: 'records',
  threadId: 't1',
  subject: 'records for adrian',
  refersTo: [],
  messageId: `<${o.id}@family.test>`,
  sentAtMs: 0,
  status: 'overdue',
  ...o,
});

describe('a repeated ask is the same request', () => {
  it('a later records ask in the same conversation renews the open one; the first keeps the follow-up', () => {
    const groups = mergeRenewals([req({ id: 'a', sentAtMs: 0 }), req({ id: 'b', sentAtMs: 13 * DAY, status: 'awaiting' })]);
    expect(groups).toEqual([{ primaryId: 'a', renewalIds: ['b'] }]);
    expect(renewalIndex(groups)).toEqual(new Map([['b', 'a']]));
  });

  it('a related conversation counts: the same subject, or a message that refers back to the first', () => {
    expect(mergeRenewals([req({ id: 'a' }), req({ id: 'b', threadId: 't2', sentAtMs: DAY })])).toEqual([{ primaryId: 'a', renewalIds: ['b'] }]);
    expect(mergeRenewals([req({ id: 'a' }), req({ id: 'b', threadId: 't2', subject: 'following up', refersTo: ['<a@family.test>'], sentAtMs: DAY })])).toEqual([{ primaryId: 'a', renewalIds: ['b'] }]);
    expect(mergeRenewals([req({ id: 'a' }), req({ id: 'b', threadId: 't2', subject: 'bus schedule', sentAtMs: DAY })])).toEqual([]);
  });

  it('chains: a third ask renews the first too; other kinds, questions, and answered requests start anew', () => {
    expect(mergeRenewals([req({ id: 'a' }), req({ id: 'b', sentAtMs: DAY }), req({ id: 'c', sentAtMs: 2 * DAY })])).toEqual([{ primaryId: 'a', renewalIds: ['b', 'c'] }]);
    expect(mergeRenewals([req({ id: 'a' }), req({ id: 'b', kind: 'meeting', sentAtMs: DAY })])).toEqual([]);
    expect(mergeRenewals([req({ id: 'a', kind: 'information' }), req({ id: 'b', kind: 'information', sentAtMs: DAY })])).toEqual([]);
    expect(mergeRenewals([req({ id: 'a', status: 'answered' }), req({ id: 'b', sentAtMs: DAY })])).toEqual([]);
    // Two asks in one message are two entries of that message, not a renewal.
    expect(mergeRenewals([req({ id: 'a', messageId: '<m@x>' }), req({ id: 'b', messageId: '<m@x>' })])).toEqual([]);
  });

  it('subjects are compared without reply prefixes', () => {
    expect(normalizeSubject('RE: Fwd: Records for Adrian')).toBe('records for adrian');
  });
});
