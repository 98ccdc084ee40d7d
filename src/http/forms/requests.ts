/**
 * The small forms beside a request: the parent's correction of a request (thread and request pages), the
 * follow-up plan's controls, and ticking off one of the school's asks.
 */
import * as z from 'zod';
import { REQUEST_KINDS } from '../../core/types.js';
import type { LadderControl } from '../../services/drafts/ladder-controls.js';
import type { OverrideChange } from '../../services/analysis/overrides.js';
import { isValidDate } from '../../core/deadlines/index.js';
import { parseForm, textField, type FormFields } from './fields.js';

const UNREADABLE = 'That change could not be read. Please go back and try again.';
const back = textField(2_000, UNREADABLE);
const trimmed = textField(200, UNREADABLE).transform((s) => s.trim());

const overrideForm = z.discriminatedUnion(
  'action',
  [
    z.object({ action: z.literal('resolve') }),
    z.object({ action: z.literal('reopen') }),
    z.object({ action: z.literal('not_a_request') }),
    z.object({ action: z.literal('is_a_request') }),
    // Empty: back to the kind the analysis found.
    z.object({ action: z.literal('kind'), value: trimmed.pipe(z.union([z.literal(''), z.enum(REQUEST_KINDS)], { error: 'Please choose one of the kinds in the list.' })) }),
    // Empty: back to the computed due date.
    z.object({ action: z.literal('due'), value: trimmed.refine((v) => v === '' || isValidDate(v), { error: 'Please give the due date as a calendar date.' }) }),
  ],
  { error: UNREADABLE },
);

export function parseOverrideForm(fields: FormFields): OverrideChange {
  const f = parseForm(overrideForm, { ...fields, action: [fields['action']].flat()[0] ?? '' });
  switch (f.action) {
    case 'resolve':
    case 'reopen':
      return { type: 'resolved', value: f.action === 'resolve' };
    case 'not_a_request':
    case 'is_a_request':
      return { type: 'notARequest', value: f.action === 'not_a_request' };
    case 'kind':
      return { type: 'kind', value: f.value === '' ? null : f.value };
    case 'due':
      return { type: 'dueDate', value: f.value === '' ? null : f.value };
  }
}

const ladderForm = z.object({ control: z.preprocess((v) => [v].flat()[0], z.enum(['stop', 'skip', 'restart'], { error: UNREADABLE })), back });

export function parseLadderForm(fields: FormFields): { control: LadderControl; back: string } {
  return parseForm(ladderForm, fields);
}

// A checkbox: "1" when ticked, absent (empty) when not.
const todoForm = z.object({ done: textField(10, UNREADABLE).transform((v) => v === '1'), back });

export function parseTodoForm(fields: FormFields): { done: boolean; back: string } {
  return parseForm(todoForm, fields);
}

// "This is a request": one sentence of the parent's own message (the service checks it is in the message), and its kind.
const markForm = z.object({
  sentence: textField(2_000, 'Please choose the sentence that is a request.').transform((s) => s.trim()),
  kind: trimmed.pipe(z.enum(REQUEST_KINDS, { error: 'Please choose what kind of request it is.' })),
});

export function parseMarkForm(fields: FormFields): { sentence: string; kind: (typeof REQUEST_KINDS)[number] } {
  return parseForm(markForm, fields);
}

// "This is the same request as…": the other request, by id (the service checks it is the parent's own, of the same child).
const sameRequestForm = z.object({ other: textField(100, 'Please choose the request it is the same as.').pipe(z.uuid({ error: 'Please choose the request it is the same as.' })) });

export function parseSameRequestForm(fields: FormFields): { other: string } {
  return parseForm(sameRequestForm, fields);
}
