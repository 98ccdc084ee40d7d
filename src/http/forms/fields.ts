/**
 * Building blocks of the form schemas: a browser form arrives as fields of text (util.ts `form`, which already
 * refused control characters and oversized fields), and each route's schema turns them into the typed values a
 * service takes. A field given twice counts once (its first value); a missing one is empty text.
 */
import * as z from 'zod';
import { AppError } from '../../core/errors.js';
import { isValidDate } from '../../core/deadlines/index.js';

export type FormFields = Record<string, string | File | (string | File)[]>;

const firstText = (v: unknown): unknown => {
  const one = Array.isArray(v) ? v[0] : v;
  return typeof one === 'string' ? one : '';
};

/** A text field (empty when absent), at most `max` characters. */
export const textField = (max: number, tooLong: string) => z.preprocess(firstText, z.string().max(max, { error: tooLong }));

/** One line of text: line breaks become spaces, surrounding space trimmed. */
export const lineField = (max: number, tooLong: string) => textField(max * 2, tooLong).transform((s) => s.replace(/[\r\n]+/g, ' ').trim()).pipe(z.string().max(max, { error: tooLong }));

/** Every text value of a field given several times (a group of checkboxes of one name), in order. */
export const textsField = (max: number, tooLong: string) =>
  z.preprocess((v) => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x) => typeof x === 'string'), z.array(z.string().max(max, { error: tooLong })));

/** Addresses or domains typed into one box, separated by commas, semicolons or spaces (each checked later by its service). */
export const wordListField = (max: number, tooLong: string) =>
  textField(max, tooLong).transform((text) =>
    text
      .split(/[\s,;]+/)
      .map((s) => s.trim())
      .filter(Boolean),
  );

/**
 * A file input: the chosen file, or null when none was chosen. A file of no bytes is no file, unless `empty`
 * words a refusal for it (the browser sent a name: the parent did choose something).
 */
export const optionalFileField = (opts: { empty?: (name: string) => string } = {}) =>
  z.unknown().optional().transform((v, ctx): File | null => {
    const one = Array.isArray(v) ? v[0] : v;
    if (!(one instanceof File)) return null;
    if (one.size > 0) return one;
    if (one.name && opts.empty) ctx.addIssue({ code: 'custom', message: opts.empty(one.name) });
    return null;
  });

/** A file input that must be filled: `missing` is the refusal when it is not. */
export const fileField = (missing: string, opts: { empty?: (name: string) => string } = {}) =>
  optionalFileField(opts).transform((file, ctx): File => {
    if (file) return file;
    ctx.addIssue({ code: 'custom', message: missing });
    return z.NEVER;
  });

/** A calendar date as the date input sends it (YYYY-MM-DD), a real day of the calendar. */
export const dateField = (message: string) => z.preprocess(firstText, z.string().refine(isValidDate, { error: message }));

const ADDRESS = /^[^\s@<>,;]+@[^\s@<>,;]+\.[a-z]{2,63}$/i;

/** Email addresses separated by commas, semicolons or spaces, lower-cased; each one checked. */
export const addressListField = (opts: { required: boolean }) =>
  z.preprocess(
    firstText,
    z.string().transform((text, ctx) => {
      const list = text
        .split(/[,;\s]+/)
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean);
      if (opts.required && !list.length) ctx.addIssue({ code: 'custom', message: 'Please give at least one recipient.' });
      for (const a of list) if (!ADDRESS.test(a)) ctx.addIssue({ code: 'custom', message: `"${a.slice(0, 80)}" is not an email address.` });
      return list;
    }),
  );

/** The form's values by `schema`, or AppError `bad_input` with the first problem in the parent's words. */
export function parseForm<S extends z.ZodType>(schema: S, fields: FormFields): z.output<S> {
  const parsed = schema.safeParse(fields);
  if (parsed.success) return parsed.data;
  throw new AppError('bad_input', parsed.error.issues[0]?.message ?? 'Please check what you entered.');
}
