/**
 * The process-clock forms (src/http/pages/clocks.tsx): a start event entered by hand, and the confirmation of
 * an estimated consent date. The schemas check the kind and that the date is a real day; the clock service
 * checks what needs the child (the date is not after today in the child's zone, the clock is theirs).
 */
import * as z from 'zod';
import { isValidDate } from '../../core/deadlines/index.js';
import { CLOCK_EVENT_TYPES, type ClockEventType } from '../../services/clocks/events.js';
import { parseForm, textField, type FormFields } from './fields.js';

const day = textField(40, 'Enter the date as YYYY-MM-DD.')
  .transform((s) => s.trim())
  .pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Enter the date as YYYY-MM-DD.' }).refine(isValidDate, { error: 'That date does not exist.' }));

const clockEventForm = z.object({
  type: textField(40, 'Choose what happened: consent returned, found eligible, or found not eligible.').pipe(
    z.enum(CLOCK_EVENT_TYPES, { error: 'Choose what happened: consent returned, found eligible, or found not eligible.' }),
  ),
  date: day,
});

export const parseClockEventForm = (fields: FormFields): { type: ClockEventType; date: string } => parseForm(clockEventForm, fields);

const confirmForm = z.object({ date: day });

/** The consent date confirmed (or corrected) for an estimated evaluation clock. */
export const parseClockConfirmForm = (fields: FormFields): { date: string } => parseForm(confirmForm, fields);
