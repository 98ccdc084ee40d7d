/**
 * The sign-up, sign-in and password-reset forms. They only shape the fields (text, bounded lengths): the
 * account service decides what a valid address or password is and says so (AuthError), so the rule lives once.
 */
import * as z from 'zod';
import { parseForm, textField, type FormFields } from './fields.js';

const email = textField(320, 'That email address is too long.').transform((s) => s.trim());
const password = textField(1_000, 'That password is too long (1,000 characters at most).');
const name = textField(200, 'That name is too long (200 characters at most).').transform((s) => s.trim());
// Where to go after signing in; safe-redirect.ts decides whether it is a path of ours.
const next = textField(2_000, 'That link is too long.');
const token = textField(2_000, 'That link is not valid. Please ask for a new one.');

const signUpForm = z.object({ email, password, name });
const signInForm = z.object({ email, password, next });
const resetForm = z.object({ email });
const resetConfirmForm = z.object({ token, password });

export const parseSignUpForm = (f: FormFields) => parseForm(signUpForm, f);
export const parseSignInForm = (f: FormFields) => parseForm(signInForm, f);
export const parseResetForm = (f: FormFields) => parseForm(resetForm, f);
export const parseResetConfirmForm = (f: FormFields) => parseForm(resetConfirmForm, f);

const verifyForm = z.object({ token });

/** Confirming an email address: the token from the link (services/accounts/verification.ts checks it). */
export const parseVerifyForm = (f: FormFields) => parseForm(verifyForm, f);
