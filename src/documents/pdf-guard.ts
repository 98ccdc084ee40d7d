/**
 * A PDF's content and object streams are usually Flate-compressed, and a 1 MB file can inflate to gigabytes
 * (a 1.2 MB "stream bomb" took 5 GB and 175 s through the PDF library). Before the library sees the file,
 * every FlateDecode stream is inflated here as a stream and counted, keeping nothing.
 */
import { Unzlib } from 'fflate';

export const PDF_LIMITS = { maxInflatedBytes: 120 << 20, maxStreams: 20_000 };

export class PdfLimitError extends Error {
  override name = 'PdfLimitError';
}

export function checkPdfStreams(bytes: Uint8Array, limits = PDF_LIMITS): { streams: number; inflatedBytes: number } {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  let streams = 0;
  let total = 0;
  const opener = /stream\r?\n/g;
  for (let m = opener.exec(text); m; m = opener.exec(text)) {
    if (text.slice(m.index - 3, m.index) === 'end') continue;
    const dictStart = text.lastIndexOf('<<', m.index);
    const dict = dictStart >= 0 && m.index - dictStart < 4096 ? text.slice(dictStart, m.index) : '';
    const start = m.index + m[0].length;
    const end = text.indexOf('endstream', start);
    if (end < 0) break;
    opener.lastIndex = end + 9;
    if (!/\/FlateDecode|\/Fl\b/.test(dict)) continue;
    if (++streams > limits.maxStreams) throw new PdfLimitError(`more than ${limits.maxStreams} compressed streams`);
    const inflater = new Unzlib((chunk) => {
      total += chunk.length;
      if (total > limits.maxInflatedBytes) throw new PdfLimitError(`compressed streams expand past ${limits.maxInflatedBytes} bytes`);
    });
    try {
      const SLICE = 64 * 1024;
      for (let at = start; at < end; at += SLICE) inflater.push(bytes.subarray(at, Math.min(at + SLICE, end)), at + SLICE >= end);
    } catch (err) {
      if (err instanceof PdfLimitError) throw err;
      // An encrypted or slightly damaged stream is the PDF library's to judge; only size is ours.
    }
  }
  return { streams, inflatedBytes: total };
}
