/**
 * Read an IEP / 504 plan document (.txt, .pdf, .docx) into pages of plain text for extractProvisions.
 * In-process and bounded by size checks; `read-iep.ts` runs it inside a memory- and time-limited worker on
 * Node. The PDF and Word libraries are loaded only when such a file arrives (they are most of the bundle).
 */
import { IepDocumentError, TOO_LARGE_OR_DAMAGED } from './iep-errors.js';
import { checkPdfStreams, PdfLimitError } from './pdf-guard.js';
import { checkZipLimits, ZipLimitError } from './zip-guard.js';

export { IepDocumentError, TOO_LARGE_OR_DAMAGED } from './iep-errors.js';

/** No real IEP comes near these; a file past them is damaged or hostile. */
export const IEP_LIMITS = { maxPdfPages: 200, maxTextChars: 2_000_000 };

export interface IepDocument {
  pages: string[];
  /** False when the document's page breaks are unknown (DOCX without visible breaks, plain text without markers). */
  paginated: boolean;
}

const PAGE_MARKER = /^[ \t]*(?:-\s*)?page\s+(\d+)\s+of\s+\d+(?:\s*-)?[ \t]*$/gim;

/**
 * Split plain text into pages: on form feeds, else on "Page N of M" lines (kept with their page), else one page.
 */
export function splitTextPages(text: string): { pages: string[]; paginated: boolean } {
  const t = text.replace(/\r\n?/g, '\n');
  if (t.includes('\f')) {
    const pages = t.split('\f');
    while (pages.length > 1 && pages[pages.length - 1]!.trim() === '') pages.pop();
    return { pages, paginated: true };
  }
  const marks = [...t.matchAll(PAGE_MARKER)];
  if (marks.length >= 2) {
    const first = marks[0]!;
    const before = t.slice(0, first.index).trim();
    // Footers: content precedes "Page 1 of M". Headers: the marker opens each page.
    const footers = before.length > 0;
    const cuts = marks.map((m) => (footers ? m.index + m[0].length : m.index));
    const pages: string[] = [];
    let from = 0;
    for (const c of cuts) {
      if (c > from || !footers) {
        const chunk = t.slice(from, c);
        if (footers || chunk.trim()) pages.push(chunk.replace(/^\n/, ''));
      }
      from = c;
    }
    const tail = t.slice(from);
    if (tail.trim()) pages.push(tail.replace(/^\n/, ''));
    return { pages, paginated: true };
  }
  return { pages: [t], paginated: false };
}

const startsWith = (bytes: Uint8Array, sig: number[]): boolean => sig.every((b, i) => bytes[i] === b);

function looksLikeText(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 4096);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return false;
  return true;
}

export async function readIepDocument(bytes: Uint8Array, filename: string): Promise<IepDocument> {
  const ext = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase() ?? '';
  if (bytes.length === 0) throw new IepDocumentError(`The file ${filename} is empty.`);
  const isPdf = startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d]); // %PDF-
  const isZip = startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]); // PK\3\4

  if (ext === 'pdf') {
    if (!isPdf) {
      throw new IepDocumentError(
        `The file ${filename} is named .pdf but is not a PDF. Please upload the IEP as the PDF the school sent, or as a Word or text file.`,
      );
    }
    let text: string[];
    try {
      checkPdfStreams(bytes);
      const { extractText, getDocumentProxy } = await import('unpdf');
      const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
      if (pdf.numPages > IEP_LIMITS.maxPdfPages) throw new IepDocumentError(TOO_LARGE_OR_DAMAGED(filename));
      ({ text } = await extractText(pdf, { mergePages: false }));
    } catch (e) {
      if (e instanceof IepDocumentError) throw e;
      if (e instanceof PdfLimitError) throw new IepDocumentError(TOO_LARGE_OR_DAMAGED(filename));
      throw new IepDocumentError(
        `The PDF ${filename} could not be read; it may be damaged or incomplete. Please download it again from the school's email and retry.`,
      );
    }
    if (text.every((p) => p.trim() === '')) {
      throw new IepDocumentError(
        `The PDF ${filename} has no readable text; it is probably a scan. Please ask the school for a digital copy of the IEP.`,
      );
    }
    if (text.reduce((n, p) => n + p.length, 0) > IEP_LIMITS.maxTextChars) throw new IepDocumentError(TOO_LARGE_OR_DAMAGED(filename));
    return { pages: text, paginated: true };
  }

  if (ext === 'docx') {
    if (!isZip) {
      throw new IepDocumentError(
        `The file ${filename} is named .docx but is not a Word document. Please upload the IEP as a PDF, Word (.docx) or text file.`,
      );
    }
    let value: string;
    try {
      // Every entry's real inflated size is checked before mammoth inflates the archive into memory.
      checkZipLimits(bytes);
      const { default: mammoth } = await import('mammoth');
      ({ value } = await mammoth.extractRawText({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) }));
    } catch (e) {
      if (e instanceof ZipLimitError) throw new IepDocumentError(TOO_LARGE_OR_DAMAGED(filename));
      throw new IepDocumentError(
        `The Word document ${filename} could not be read; it may be damaged. Please save it again from Word and retry.`,
      );
    }
    if (value.length > IEP_LIMITS.maxTextChars) throw new IepDocumentError(TOO_LARGE_OR_DAMAGED(filename));
    // Word's page breaks are not in the raw text; form feeds or typed "Page N of M" lines are used when present.
    return splitTextPages(value);
  }

  if (ext === 'txt' || ext === 'text' || ext === '') {
    if (isPdf || isZip || !looksLikeText(bytes)) {
      throw new IepDocumentError(`The file ${filename} is not a plain text file. Please upload the IEP as a PDF, Word (.docx) or text file.`);
    }
    const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
    return splitTextPages(text);
  }

  throw new IepDocumentError(
    `The file ${filename} is not a supported IEP format. Please upload the IEP as a PDF, Word (.docx) or text file.`,
  );
}
