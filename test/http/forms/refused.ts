/** The parent-facing message a form schema refuses `parse` with (an AppError bad_input), failing the test when it accepts. */
import { expect } from 'vitest';
import { AppError } from '../../../src/core/errors.js';

export function refused(parse: () => unknown): string {
  try {
    parse();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('bad_input');
    return (e as AppError).message;
  }
  return expect.unreachable('the form was accepted');
}
