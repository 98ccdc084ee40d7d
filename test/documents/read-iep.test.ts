import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IepDocumentError, readIepDocumentSafely } from '../../src/documents/read-iep.js';
import { docxBomb, pdfBomb } from './bombs.js';

const TOO_LARGE = /too large or damaged to read; try exporting the IEP as PDF again/;
const limits = { heapMb: 160, timeoutMs: 10_000 };

describe('readIepDocumentSafely: hostile IEP uploads get a clear message and cost only their worker', () => {
  it('reads a real IEP PDF in the worker, with its pages', async () => {
    const bytes = new Uint8Array(readFileSync(new URL('../fixtures/iep/california-iep.pdf', import.meta.url)));
    const doc = await readIepDocumentSafely(bytes, 'california-iep.pdf', limits);
    expect(doc.paginated).toBe(true);
    expect(doc.pages.length).toBeGreaterThan(1);
    expect(doc.pages.join('\n')).toMatch(/Speech/i);
  });

  it('a .docx whose document.xml inflates to 100 MB is refused (declared sizes)', async () => {
    const bomb = docxBomb(100);
    expect(bomb.length).toBeLessThan(1 << 20);
    await expect(readIepDocumentSafely(bomb, 'iep.docx', limits)).rejects.toThrow(TOO_LARGE);
  }, 30_000);

  it('the same bomb lying about its sizes is refused while it inflates', async () => {
    const err = await readIepDocumentSafely(docxBomb(100, true), 'iep.docx', limits).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IepDocumentError);
    expect((err as Error).message).toMatch(TOO_LARGE);
  }, 30_000);

  it('a PDF with a compressed-stream bomb is stopped by the worker limits, and this process stays small', async () => {
    const bomb = pdfBomb(160);
    expect(bomb.length).toBeLessThan(4 << 20);
    const rss = process.memoryUsage().rss;
    const t = Date.now();
    await expect(readIepDocumentSafely(bomb, 'iep.pdf', limits)).rejects.toThrow(TOO_LARGE);
    expect(Date.now() - t).toBeLessThan(limits.timeoutMs + 5_000);
    expect(process.memoryUsage().rss - rss).toBeLessThan(300 << 20);
  }, 40_000);

  it('the PDF stream check alone: the same bomb is refused before any library reads it, in this process', async () => {
    const { checkPdfStreams } = await import('../../src/documents/pdf-guard.js');
    const bomb = pdfBomb(160);
    expect(() => checkPdfStreams(bomb)).toThrow(/expand past/);
    const real = new Uint8Array(readFileSync(new URL('../fixtures/iep/california-iep.pdf', import.meta.url)));
    expect(checkPdfStreams(real).inflatedBytes).toBeGreaterThan(0);
  }, 30_000);

  it('its own document errors keep their plain message', async () => {
    await expect(readIepDocumentSafely(new TextEncoder().encode('hello'), 'iep.docx', limits)).rejects.toThrow(/is named .docx but is not a Word document/);
  });
});
