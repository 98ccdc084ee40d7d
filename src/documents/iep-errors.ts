/**
 * What reading an IEP document can fail with, apart from the readers (iep-text.ts and its PDF and ZIP guards),
 * so the pages and the Worker's stand-ins can name the error without loading them.
 */
import { AppError } from '../core/errors.js';

/** A document that cannot be read; the message is meant for the parent. */
export class IepDocumentError extends AppError {
  override readonly name = 'IepDocumentError';
  constructor(message: string) {
    super('unsupported_media', message);
  }
}

export const TOO_LARGE_OR_DAMAGED = (filename: string) =>
  `The file ${filename} is too large or damaged to read; try exporting the IEP as PDF again.`;
