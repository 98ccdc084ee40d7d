import { describe, expect, it } from 'vitest';
import { refused } from './refused.js';
import { parseDraftForm } from '../../../src/http/forms/draft.js';

const letter = { to: 'Sped@District.k12.test; case.manager@othermail.test', cc: '', subject: 'Re: Speech\r\nsessions ', body: 'Dear Ms. Sped,\r\nThank you.' };
const problem = (fields: Record<string, string | string[]>) => refused(() => parseDraftForm(fields));

describe('the draft form', () => {
  it('turns the pressed button and the letter into one typed command', () => {
    expect(parseDraftForm({ action: 'approve', ...letter })).toEqual({
      command: {
        action: 'approve',
        toneConfirmed: false,
        fields: { to: ['sped@district.k12.test', 'case.manager@othermail.test'], cc: [], subject: 'Re: Speech sessions', body: 'Dear Ms. Sped,\nThank you.' },
      },
      showToneFindings: false,
    });
    expect(parseDraftForm({ action: 'approve_anyway', ...letter }).command).toMatchObject({ action: 'approve', toneConfirmed: true });
    expect(parseDraftForm({ action: 'check', ...letter })).toMatchObject({ command: { action: 'edit' }, showToneFindings: true });
    expect(parseDraftForm({ action: 'snooze', until: '2026-04-01' }).command).toEqual({ action: 'snooze', until: '2026-04-01' });
    expect(parseDraftForm({ action: ['dismiss', 'send'] }).command).toEqual({ action: 'dismiss' });
  });

  it('a form without a button only saves', () => {
    expect(parseDraftForm({ ...letter }).command.action).toBe('edit');
  });

  it('says what is wrong, in words a parent can act on', () => {
    expect(problem({ action: 'approve', ...letter, to: '' })).toBe('Please give at least one recipient.');
    expect(problem({ action: 'save', ...letter, cc: 'not-an-address' })).toBe('"not-an-address" is not an email address.');
    expect(problem({ action: 'approve', ...letter, body: '  \n ' })).toBe('The subject and the message cannot be empty.');
    expect(problem({ action: 'approve', ...letter, body: 'x'.repeat(20_001) })).toMatch(/too long/);
    expect(problem({ action: 'snooze', until: '2026-02-30' })).toBe('Please choose a date after today to be reminded on.');
    expect(problem({ action: 'delete_everything' })).toMatch(/could not be read/);
  });
});
