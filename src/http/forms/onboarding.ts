/**
 * The onboarding forms (src/http/pages/onboarding*.tsx, import.tsx): the child, the school contacts, the school
 * calendar typed by hand, an IEP provision, the uploads and the import's confirmation. Each schema turns the
 * browser's fields into what the onboarding service takes, and refuses a field in the parent's words; what a
 * valid school address is stays with the service (normalizeContact), and so does reading a file's bytes.
 */
import * as z from 'zod';
import { CalendarError, defaultTimezone, isValidDate, isValidTimeZone, knownState, parseCalendarJson } from '../../core/deadlines/index.js';
import type { SchoolCalendar } from '../../core/types.js';
import { PROVISION_TYPES, US_STATES, type ChildInput } from '../../services/onboarding/onboarding.js';
import { fileField, optionalFileField, parseForm, textField, textsField, wordListField, type FormFields } from './fields.js';

const UNREADABLE = 'This form could not be read. Please go back and try again.';
const trimmed = (max: number, tooLong: string) => textField(max * 2, tooLong).transform((s) => s.trim()).pipe(z.string().max(max, { error: tooLong }));
const optional = (max: number, tooLong: string) => trimmed(max, tooLong).transform((s) => (s === '' ? null : s));

// ---- the child

const childForm = z
  .object({
    name: trimmed(80, 'That name is longer than we can keep (80 characters).').refine((s) => s !== '', { error: "Please enter your child's first name." }),
    school: optional(120, 'The school’s name is too long (120 characters at most).'),
    district: optional(120, 'The district’s name is too long (120 characters at most).'),
    // No choice is the federal rules ("US").
    state: trimmed(2, 'Please choose a state from the list.')
      .transform((s) => s.toUpperCase() || 'US')
      .refine((s) => s === 'US' || (US_STATES as readonly string[]).includes(s), { error: 'Please choose a state from the list.' }),
    timezone: trimmed(100, 'Please choose a time zone from the list.'),
  })
  // No zone chosen: the state's own (the federal rules: the East coast's).
  .transform((f) => ({ ...f, timezone: f.timezone || (knownState(f.state) ? defaultTimezone(f.state) : 'America/New_York') }))
  .refine((f) => isValidTimeZone(f.timezone), { error: 'Please choose a time zone from the list.' });

export const parseChildForm = (fields: FormFields): ChildInput => parseForm(childForm, fields);

// ---- school contacts

const contactsForm = z.object({
  suggested: textsField(320, 'One of the suggested addresses is too long.'),
  values: wordListField(5_000, 'That list of addresses is too long.'),
  // Which button: on to the calendar, or stay on this page.
  next: textField(20, UNREADABLE).transform((s) => (s === 'calendar' ? 'calendar' : 'stay')),
});

/** The contacts to add (ticked suggestions first, then the typed ones) and where to go next. */
export function parseContactsForm(fields: FormFields): { contacts: string[]; next: 'calendar' | 'stay' } {
  const f = parseForm(contactsForm, fields);
  return { contacts: [...f.suggested, ...f.values], next: f.next };
}

// ---- the school calendar

const DAY_OR_RANGE = /^(\d{4}-\d{2}-\d{2})(?:\s*(?:to|–|-|—|\.\.)\s*(\d{4}-\d{2}-\d{2}))?$/;

/** One closure a line: a date, or a range "2025-12-22 to 2026-01-02" (blank lines skipped). */
const breaksField = textField(20_000, 'The list of breaks is too long.').transform((text, ctx) => {
  const closed: SchoolCalendar['closed'] = [];
  for (const line of text.split(/\r?\n/)) {
    const t = line.trim();
    if (!t) continue;
    const m = DAY_OR_RANGE.exec(t);
    if (!m || !isValidDate(m[1]!) || (m[2] && !isValidDate(m[2]))) {
      ctx.addIssue({ code: 'custom', message: `"${t.slice(0, 60)}" is not a date or a range like 2025-12-22 to 2026-01-02.` });
      return z.NEVER;
    }
    closed.push(m[2] ? { from: m[1]!, to: m[2] } : m[1]!);
  }
  return closed;
});

const calendarForm = z
  .object({
    ics: optionalFileField(),
    firstDay: trimmed(20, 'Please give the first and the last day of school as dates.'),
    lastDay: trimmed(20, 'Please give the first and the last day of school as dates.'),
    breaks: breaksField,
  })
  .transform((f, ctx): { ics: File | null; calendar: SchoolCalendar | null } => {
    // A calendar file wins over typed dates; neither is skipping the step.
    if (f.ics || (f.firstDay === '' && f.lastDay === '')) return { ics: f.ics, calendar: null };
    const problem = (message: string) => {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    };
    if (!isValidDate(f.firstDay) || !isValidDate(f.lastDay)) return problem('Please give the first and the last day of school as dates.');
    if (f.lastDay <= f.firstDay) return problem('The last day of school must come after the first day.');
    try {
      return { ics: null, calendar: parseCalendarJson({ firstDay: f.firstDay, lastDay: f.lastDay, closed: f.breaks }) };
    } catch (e) {
      return problem(e instanceof CalendarError ? e.message : 'That calendar could not be read.');
    }
  });

/** The calendar step: an .ics file to read, or the dates typed in, or neither (the step skipped). */
export const parseCalendarForm = (fields: FormFields) => parseForm(calendarForm, fields);

// ---- the IEP / 504 and its provisions

const iepUploadForm = z.object({
  file: fileField('Please choose the IEP or 504 plan file.'),
  kind: textField(10, UNREADABLE).transform((s): 'iep' | '504' => (s === '504' ? '504' : 'iep')),
});

export const parseIepUploadForm = (fields: FormFields) => parseForm(iepUploadForm, fields);

const provisionForm = z.object({
  text: trimmed(4_000, 'That provision is too long (4,000 characters at most).').refine((s) => s !== '', { error: 'Please enter the provision as it is written in the IEP.' }),
  type: trimmed(40, 'Please choose a type.').pipe(z.enum(PROVISION_TYPES, { error: 'Please choose a type.' })),
  section: trimmed(200, 'The section name is too long (200 characters at most).'),
  page: trimmed(10, 'The page must be a number.')
    .transform((s) => (s === '' ? null : Number(s)))
    .pipe(z.number({ error: 'The page must be a number.' }).int({ error: 'The page must be a number.' }).min(1, { error: 'The page must be a number.' }).max(2000, { error: 'The page must be a number.' }).nullable()),
  date: trimmed(20, 'The date must be a date.')
    .refine((s) => s === '' || isValidDate(s), { error: 'The date must be a date.' })
    .transform((s) => s || null),
});

export const parseProvisionForm = (fields: FormFields) => parseForm(provisionForm, fields);

// ---- the mailbox file and the import's confirmation

const mailboxUploadForm = z.object({
  file: fileField('Please choose a mailbox file.', {
    empty: (name) => `The file ${name} is empty (0 bytes). Please check the export finished, then choose the .mbox or .eml file again.`,
  }),
});

export const parseMailboxUploadForm = (fields: FormFields) => parseForm(mailboxUploadForm, fields);

const importConfirmForm = z.object({
  // The school domains the parent kept ticked, and any typed in.
  school: textsField(320, 'One of the school addresses is too long.'),
  extra: wordListField(5_000, 'That list of addresses is too long.'),
  // The parent's own addresses among the archive's senders.
  mine: textsField(320, 'One of your addresses is too long.'),
});

export function parseImportConfirmForm(fields: FormFields): { school: string[]; mine: string[] } {
  const f = parseForm(importConfirmForm, fields);
  return { school: [...f.school, ...f.extra], mine: f.mine };
}
