import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/core/errors.js';
import { parseLadderForm, parseOverrideForm, parseTodoForm } from '../../../src/http/forms/requests.js';

const refused = (parse: () => unknown): string => {
  try {
    parse();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('bad_input');
    return (e as AppError).message;
  }
  return expect.unreachable('the form was accepted');
};

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
