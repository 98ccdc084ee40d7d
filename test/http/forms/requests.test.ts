import { describe, expect, it } from 'vitest';
import { refused } from './refused.js';
import { parseLadderForm, parseOverrideForm, parseTodoForm } from '../../../src/http/forms/requests.js';

describe('request forms', () => {
  it('a correction of a request becomes one typed change', () => {
    expect(parseOverrideForm({ action: 'resolve' })).toEqual({ type: 'resolved', value: true });
    expect(parseOverrideForm({ action: 'is_a_request' })).toEqual({ type: 'notARequest', value: false });
    expect(parseOverrideForm({ action: 'kind', value: ' records ' })).toEqual({ type: 'kind', value: 'records' });
    expect(parseOverrideForm({ action: 'kind', value: '' })).toEqual({ type: 'kind', value: null });
    expect(parseOverrideForm({ action: 'due', value: '2026-04-30' })).toEqual({ type: 'dueDate', value: '2026-04-30' });
    expect(parseOverrideForm({ action: 'due' })).toEqual({ type: 'dueDate', value: null });
  });

  it('refuses an unknown kind, an impossible date and an unknown action in words', () => {
    expect(refused(() => parseOverrideForm({ action: 'kind', value: 'lunch' }))).toMatch(/kinds in the list/);
    expect(refused(() => parseOverrideForm({ action: 'due', value: '2026-02-30' }))).toMatch(/calendar date/);
    expect(refused(() => parseOverrideForm({}))).toMatch(/could not be read/);
  });

  it('ladder controls and to-do ticks', () => {
    expect(parseLadderForm({ control: 'skip', back: '/threads/x' })).toEqual({ control: 'skip', back: '/threads/x' });
    expect(refused(() => parseLadderForm({ control: 'explode' }))).toMatch(/could not be read/);
    expect(parseTodoForm({ done: '1', back: '/app' })).toEqual({ done: true, back: '/app' });
    expect(parseTodoForm({})).toEqual({ done: false, back: '' });
  });
});

describe('account forms', async () => {
  const { parseSignInForm, parseSignUpForm, parseResetConfirmForm } = await import('../../../src/http/forms/auth.js');
  it('shape the fields and leave passwords exactly as typed', () => {
    expect(parseSignUpForm({ email: ' pat@family.test ', password: ' secret words ', name: ' Pat ' })).toEqual({ email: 'pat@family.test', password: ' secret words ', name: 'Pat' });
    expect(parseSignInForm({ email: 'pat@family.test', password: ['first', 'second'] })).toEqual({ email: 'pat@family.test', password: 'first', next: '' });
    expect(refused(() => parseResetConfirmForm({ token: 't', password: 'x'.repeat(1_001) }))).toMatch(/too long/);
  });
});

describe('settings form', async () => {
  const { parseSettingsForm } = await import('../../../src/http/forms/settings.js');
  const FORM = { digestDay: '1', digestHour: '7', courtesyDays: '7', courtesyUnit: 'calendar_days', draftDelivery: 'draft', citeLaw: '1', timezone: 'America/Los_Angeles' };
  it('reads numbers, ticked boxes and empty optional fields', () => {
    expect(parseSettingsForm(FORM)).toEqual({
      digestDay: 1, digestHour: 7, courtesyDays: 7, courtesyUnit: 'calendar_days', citeLaw: true, llmDrafting: false, llmSentenceJudge: false,
      draftDelivery: 'draft', directorEmail: null, directorName: null, ladderWaitDays: 5, timezone: 'America/Los_Angeles',
    });
    expect(parseSettingsForm({ ...FORM, directorEmail: ' Director@District.K12.test ' }).directorEmail).toBe('director@district.k12.test');
  });
  it('names the field that is wrong', () => {
    expect(refused(() => parseSettingsForm({ ...FORM, courtesyDays: '31' }))).toBe('The courtesy window is 1 to 30 days.');
    expect(refused(() => parseSettingsForm({ ...FORM, ladderWaitDays: 'soon' }))).toBe('The follow-up wait is 1 to 30 days.');
    expect(refused(() => parseSettingsForm({ ...FORM, directorEmail: 'the director' }))).toMatch(/email address/);
    expect(refused(() => parseSettingsForm({ ...FORM, timezone: 'Mars/Olympus' }))).toMatch(/time zone/);
  });
});
