import { describe, expect, it } from 'vitest';
import { refused } from './refused.js';
import { parseClockConfirmForm, parseClockEventForm } from '../../../src/http/forms/clocks.js';

describe('process-clock forms', () => {
  it('a start event entered by hand becomes a typed entry', () => {
    expect(parseClockEventForm({ type: 'eligible', date: ' 2026-02-18 ' })).toEqual({ type: 'eligible', date: '2026-02-18' });
    expect(parseClockConfirmForm({ date: '2026-02-05' })).toEqual({ date: '2026-02-05' });
  });

  it('refuses a malformed or impossible date and an unknown kind in words', () => {
    expect(refused(() => parseClockEventForm({ type: 'consent', date: '04/01/2026' }))).toMatch(/YYYY-MM-DD/);
    expect(refused(() => parseClockEventForm({ type: 'consent', date: '2026-02-30' }))).toMatch(/does not exist/);
    expect(refused(() => parseClockEventForm({ type: 'meeting', date: '2026-04-01' }))).toMatch(/Choose what happened/);
    expect(refused(() => parseClockEventForm({ date: '2026-04-01' }))).toMatch(/Choose what happened/);
    expect(refused(() => parseClockConfirmForm({}))).toMatch(/YYYY-MM-DD/);
  });
});
