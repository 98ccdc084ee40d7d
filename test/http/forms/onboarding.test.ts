import { describe, expect, it } from 'vitest';
import { refused } from './refused.js';
import {
  parseCalendarForm,
  parseChildForm,
  parseContactsForm,
  parseIepUploadForm,
  parseImportConfirmForm,
  parseMailboxUploadForm,
  parseProvisionForm,
} from '../../../src/http/forms/onboarding.js';

const file = (name: string, text: string) => new File([text], name);

describe('onboarding forms', () => {
  it('the child: trimmed fields, the state upper-cased, the zone defaulting to the state’s', () => {
    expect(parseChildForm({ name: ' Robin ', school: ' Lincoln ', district: '', state: 'ca', timezone: '' })).toEqual({
      name: 'Robin',
      school: 'Lincoln',
      district: null,
      state: 'CA',
      timezone: 'America/Los_Angeles',
    });
    expect(parseChildForm({ name: 'Sam' })).toMatchObject({ state: 'US', timezone: 'America/New_York' });
  });

  it('the child: a missing name, an unknown state or zone, an overlong name are refused in words', () => {
    expect(refused(() => parseChildForm({ name: ' ', state: 'CA' }))).toBe("Please enter your child's first name.");
    expect(refused(() => parseChildForm({ name: 'Sam', state: 'ZZ' }))).toBe('Please choose a state from the list.');
    expect(refused(() => parseChildForm({ name: 'Sam', state: 'CA', timezone: 'Mars/Olympus' }))).toBe('Please choose a time zone from the list.');
    expect(refused(() => parseChildForm({ name: 'x'.repeat(81) }))).toMatch(/80 characters/);
  });

  it('contacts: ticked suggestions, then the typed list split on commas, semicolons and spaces', () => {
    expect(parseContactsForm({ suggested: ['district.k12.test', 'lincoln.k12.test'], values: 'a@x.org; b.org,  c.org', next: 'calendar' })).toEqual({
      contacts: ['district.k12.test', 'lincoln.k12.test', 'a@x.org', 'b.org', 'c.org'],
      next: 'calendar',
    });
    expect(parseContactsForm({})).toEqual({ contacts: [], next: 'stay' });
  });

  it('the calendar: typed dates with breaks, an .ics file, or nothing (the step skipped)', () => {
    const typed = parseCalendarForm({ firstDay: '2025-08-13', lastDay: '2026-06-05', breaks: '2025-11-27\n\n2025-12-22 to 2026-01-02\n' });
    expect(typed.ics).toBeNull();
    expect(typed.calendar).toMatchObject({ firstDay: '2025-08-13', lastDay: '2026-06-05', closed: ['2025-11-27', { from: '2025-12-22', to: '2026-01-02' }] });
    const ics = file('district.ics', 'BEGIN:VCALENDAR');
    expect(parseCalendarForm({ ics, firstDay: '2025-08-13' })).toEqual({ ics, calendar: null });
    expect(parseCalendarForm({})).toEqual({ ics: null, calendar: null });
  });

  it('the calendar: impossible days, days in the wrong order and a bad break line are refused in words', () => {
    expect(refused(() => parseCalendarForm({ firstDay: '2025-08-13', lastDay: '2026-02-30' }))).toBe('Please give the first and the last day of school as dates.');
    expect(refused(() => parseCalendarForm({ firstDay: '2026-06-05', lastDay: '2025-08-13' }))).toBe('The last day of school must come after the first day.');
    expect(refused(() => parseCalendarForm({ firstDay: '2025-08-13', lastDay: '2026-06-05', breaks: 'spring break' }))).toBe('"spring break" is not a date or a range like 2025-12-22 to 2026-01-02.');
  });

  it('a provision: typed, with an optional page and date', () => {
    expect(parseProvisionForm({ text: ' Extended time ', type: 'accommodation', section: 'Accommodations', page: '7', date: '' })).toEqual({
      text: 'Extended time',
      type: 'accommodation',
      section: 'Accommodations',
      page: 7,
      date: null,
    });
    expect(refused(() => parseProvisionForm({ text: '', type: 'service' }))).toBe('Please enter the provision as it is written in the IEP.');
    expect(refused(() => parseProvisionForm({ text: 'x', type: 'wish' }))).toBe('Please choose a type.');
    expect(refused(() => parseProvisionForm({ text: 'x', type: 'goal', page: '0' }))).toBe('The page must be a number.');
    expect(refused(() => parseProvisionForm({ text: 'x', type: 'goal', date: '2026-13-01' }))).toBe('The date must be a date.');
  });

  it('uploads: the file is required, an empty one is named', () => {
    const iep = file('iep.pdf', '%PDF-1.4');
    expect(parseIepUploadForm({ file: iep, kind: '504' })).toEqual({ file: iep, kind: '504' });
    expect(parseIepUploadForm({ file: iep })).toMatchObject({ kind: 'iep' });
    expect(refused(() => parseIepUploadForm({ kind: 'iep' }))).toBe('Please choose the IEP or 504 plan file.');
    expect(refused(() => parseIepUploadForm({ file: file('', '') }))).toBe('Please choose the IEP or 504 plan file.');
    expect(refused(() => parseMailboxUploadForm({ file: file('takeout.mbox', '') }))).toMatch(/^The file takeout\.mbox is empty \(0 bytes\)/);
    expect(refused(() => parseMailboxUploadForm({}))).toBe('Please choose a mailbox file.');
  });

  it('the import’s confirmation: the school addresses kept and typed, the parent’s own', () => {
    expect(parseImportConfirmForm({ school: ['district.k12.test'], extra: 'lincoln.k12.test, x@y.org', mine: 'pat@family.test' })).toEqual({
      school: ['district.k12.test', 'lincoln.k12.test', 'x@y.org'],
      mine: ['pat@family.test'],
    });
  });
});
