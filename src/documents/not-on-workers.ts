/**
 * Stands in for `unpdf` and `mammoth` in the Worker bundle only (wrangler.toml [alias]): the PDF and Word
 * extractors are 2.5 MB of the 3 MB Workers limit, and the Worker takes no uploads. The Node entry reads IEP
 * documents with the real libraries, in an isolated thread. Never imported by code; the alias replaces them.
 */
import { IepDocumentError } from './iep-errors.js';

const refuse = async (): Promise<never> => {
  throw new IepDocumentError('PDF and Word IEPs are read by the Node service; on this deployment, paste the text of the IEP instead.');
};

// unpdf's names
export const extractText = refuse;
export const getDocumentProxy = refuse;
// mammoth's default export
export default { extractRawText: refuse };
