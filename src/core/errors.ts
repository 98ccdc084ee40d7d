/**
 * The one error model. Services raise an AppError with a code; the HTTP layer (src/http/errors.ts) maps the
 * code to a status and a page. The message is written for the person who caused it (a parent, a deployer)
 * and never holds message bodies or secrets.
 */
export type ErrorCode =
  | 'bad_request'
  | 'bad_input'
  | 'unsupported_media'
  | 'too_large'
  | 'unauthenticated'
  | 'not_found'
  | 'conflict'
  /** An action the record's current state does not allow (e.g. approving a dismissed draft). */
  | 'invalid_transition'
  | 'rate_limited'
  | 'not_configured'
  | 'unavailable'
  | 'internal';

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
