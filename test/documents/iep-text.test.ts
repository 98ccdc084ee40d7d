import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractProvisions } from '../../src/core/provisions/extract.js';
import { IepDocumentError, readIepDocument, splitTextPages } from '../../src/documents/iep-text.js';
import { CALIFORNIA, TEXAS } from '../core/provisions/expected.js';

const bytesOf = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../fixtures/iep/${name}`, import.meta.url)));

async function provisionsOf(name: string) {
  const doc = await readIepDocument(bytesOf(name), name);
  return { doc, provisions: extractProvisions(doc.pages, { paginated: doc.paginated }) };
}

describe('readIepDocument', () => {
  it('.txt with form feeds: one page per form feed', async () => {
    const { doc, provisions } = await provisionsOf('california-iep.txt');
    expect(doc.pages).toHaveLength(4);
    expect(doc.paginated).toBe(true);
    expect(provisions).toEqual(CALIFORNIA);
  });

  it('.txt with "Page N of M" footers: pages split after each footer', async () => {
    const { doc, provisions } = await provisionsOf('texas-ard-iep.txt');
    expect(doc.pages).toHaveLength(4);
    expect(doc.pages[1]).toMatch(/^ANNUAL GOALS AND OBJECTIVES/);
    expect(provisions).toEqual(TEXAS);
  });

  it('.pdf (4 pages, table cells drawn separately) gives the same provisions as the text version', async () => {
    const { doc, provisions } = await provisionsOf('california-iep.pdf');
    expect(doc.pages).toHaveLength(4);
    expect(provisions).toEqual(CALIFORNIA);
  });

  it('.docx gives the same provisions as the text version; its page numbers are unknown', async () => {
    const { doc, provisions } = await provisionsOf('california-iep.docx');
    expect(doc.paginated).toBe(false);
    expect(provisions).toEqual(CALIFORNIA.map((p) => ({ ...p, page: null })));
  });

  it('a text file named .pdf is refused with a clear message', async () => {
    const err = await readIepDocument(bytesOf('not-really-a.pdf'), 'not-really-a.pdf').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IepDocumentError);
    expect((err as Error).message).toBe(
      'The file not-really-a.pdf is named .pdf but is not a PDF. Please upload the IEP as the PDF the school sent, or as a Word or text file.',
    );
  });

  it('a truncated PDF gives a clear error, not a crash', async () => {
    const err = await readIepDocument(bytesOf('broken-truncated.pdf'), 'IEP 2025.pdf').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IepDocumentError);
    expect((err as Error).message).toMatch(/^The PDF IEP 2025\.pdf could not be read; it may be damaged or incomplete\./);
  });

  it('a .docx that is not a zip, and a zip that is not a Word document', async () => {
    await expect(readIepDocument(new TextEncoder().encode('hello'), 'iep.docx')).rejects.toThrow(
      'The file iep.docx is named .docx but is not a Word document.',
    );
    const notWord = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 0, 0]);
    await expect(readIepDocument(notWord, 'iep.docx')).rejects.toBeInstanceOf(IepDocumentError);
  });

  it('a PDF named .txt, an empty file, an unknown extension', async () => {
    await expect(readIepDocument(bytesOf('california-iep.pdf'), 'iep.txt')).rejects.toBeInstanceOf(IepDocumentError);
    await expect(readIepDocument(new Uint8Array(), 'iep.pdf')).rejects.toThrow('The file iep.pdf is empty.');
    await expect(readIepDocument(new TextEncoder().encode('x'), 'iep.rtf')).rejects.toThrow(/not a supported IEP format/);
  });
});

describe('splitTextPages', () => {
  it('headers: "Page N of M" opening each page', () => {
    expect(splitTextPages('Page 1 of 2\nA\nPage 2 of 2\nB\n')).toEqual({ pages: ['Page 1 of 2\nA\n', 'Page 2 of 2\nB\n'], paginated: true });
  });
  it('no markers: one page, pagination unknown', () => {
    expect(splitTextPages('just text\n')).toEqual({ pages: ['just text\n'], paginated: false });
  });
});
