/**
 * The settings form: each field to its typed setting, each refusal naming the field in the parent's words.
 * What the settings are and their bounds is services/accounts/settings.ts; this schema reads a browser's
 * fields into them (numbers from text, ticked boxes as "1").
 */
import * as z from 'zod';
import { isValidTimeZone } from '../../core/deadlines/index.js';
import type { AccountSettings } from '../../services/accounts/settings.js';
import { parseForm, textField, type FormFields } from './fields.js';

const text = (max = 300) => textField(max, 'One of the settings is too long.').transform((s) => s.trim());
const whole = (min: number, max: number, message: string, fallback?: number) =>
  text(10)
    .transform((s) => (s === '' && fallback !== undefined ? fallback : Number(s)))
    .pipe(z.number({ error: message }).int({ error: message }).min(min, { error: message }).max(max, { error: message }));
const ticked = text(10).transform((s) => s === '1');
const optional = (max: number) => text(max).transform((s) => (s === '' ? null : s));

const settingsForm = z.object({
  digestDay: whole(0, 6, 'Please choose a day of the week for the weekly summary.'),
  digestHour: whole(0, 23, 'Please choose an hour of the day (0 to 23) for the weekly summary.'),
  courtesyDays: whole(1, 30, 'The courtesy window is 1 to 30 days.'),
  courtesyUnit: text().pipe(z.enum(['business_days', 'calendar_days'], { error: 'Please choose school days or calendar days for the courtesy window.' })),
  citeLaw: ticked,
  llmDrafting: ticked,
  llmSentenceJudge: ticked,
  draftDelivery: text()
    .transform((s) => s || 'send')
    .pipe(z.enum(['send', 'draft'], { error: 'Please choose whether approved follow-ups are sent or saved to your drafts.' })),
  directorEmail: optional(254).pipe(z.email({ error: 'The director’s address must be an email address.' }).toLowerCase().nullable()),
  directorName: optional(120),
  ladderWaitDays: whole(1, 30, 'The follow-up wait is 1 to 30 days.', 5),
  timezone: text(100).refine(isValidTimeZone, { error: 'Please choose a time zone from the list.' }),
});

export function parseSettingsForm(fields: FormFields): AccountSettings & { timezone: string } {
  return parseForm(settingsForm, fields);
}

/** Inviting an advocate: the address only (services/accounts/invitations.ts checks it is one). */
export const parseInviteForm = (fields: FormFields) => parseForm(z.object({ email: text(320) }), fields);

/** Disconnecting a mailbox: keep the stored messages unless the parent chose to delete them. */
export const parseDisconnectForm = (fields: FormFields) => parseForm(z.object({ messages: text(20).transform((v) => (v === 'delete' ? 'delete' : 'keep')) }), fields);

/** Deleting the account: the parent types their own address to confirm (compared lower-cased). */
export const parseAccountDeleteForm = (fields: FormFields) => parseForm(z.object({ confirm: text(320).transform((v) => v.toLowerCase()) }), fields);
