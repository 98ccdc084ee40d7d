/**
 * The draft page's one form (src/http/pages/draft.tsx): which button was pressed, and the letter's fields when
 * the button saves or approves them. The result is the command the draft service carries out.
 */
import * as z from 'zod';
import type { DraftCommand } from '../../services/drafts/actions.js';
import { addressListField, dateField, lineField, parseForm, textField, type FormFields } from './fields.js';

const letter = {
  to: addressListField({ required: true }),
  cc: addressListField({ required: false }),
  subject: lineField(300, 'The subject is too long (300 characters at most).'),
  body: textField(20_000, 'The message is too long (20,000 characters at most).').transform((s) => s.replace(/\r\n?/g, '\n')),
};

const withLetter = <A extends string>(action: A) =>
  z
    .object({ action: z.literal(action), ...letter })
    .refine((f) => f.subject !== '' && f.body.trim() !== '', { error: 'The subject and the message cannot be empty.' });

const bare = <A extends string>(action: A) => z.object({ action: z.literal(action) });

export const draftForm = z.discriminatedUnion(
  'action',
  [
    // The default: a form sent without a button (Enter in a field of an old browser) only saves.
    withLetter('save'),
    withLetter('check'),
    withLetter('approve'),
    withLetter('approve_anyway'),
    z.object({ action: z.literal('snooze'), until: dateField('Please choose a date after today to be reminded on.') }),
    bare('dismiss'),
    bare('send'),
    bare('confirm_sent'),
    bare('resend'),
    bare('sent_by_parent'),
  ],
  { error: 'This form could not be read. Please reload the page and try again.' },
);

export interface ParsedDraftForm {
  command: DraftCommand;
  /** "Check tone" saves like "Save", then shows the findings. */
  showToneFindings: boolean;
}

export function parseDraftForm(fields: FormFields): ParsedDraftForm {
  const pressed = [fields['action']].flat()[0];
  const action = typeof pressed === 'string' && pressed !== '' ? pressed : 'save';
  const f = parseForm(draftForm, { ...fields, action });
  switch (f.action) {
    case 'save':
    case 'check':
      return { command: { action: 'edit', fields: { to: f.to, cc: f.cc, subject: f.subject, body: f.body } }, showToneFindings: f.action === 'check' };
    case 'approve':
    case 'approve_anyway':
      return { command: { action: 'approve', fields: { to: f.to, cc: f.cc, subject: f.subject, body: f.body }, toneConfirmed: f.action === 'approve_anyway' }, showToneFindings: false };
    case 'snooze':
      return { command: { action: 'snooze', until: f.until }, showToneFindings: false };
    default:
      return { command: { action: f.action }, showToneFindings: false };
  }
}
