/**
 * A .docx is a zip. Word's own files expand a few times; a hostile one ("zip bomb") expands 300× or more and
 * took the whole server down through mammoth/JSZip, which inflate every entry into memory at once. Before any
 * library reads the archive, each entry is inflated here as a stream and counted, without keeping the bytes:
 * the declared sizes in the directory are checked first, and the real ones too, since a bomb can lie about them.
 */
import { Unzip, UnzipInflate, UnzipPassThrough } from 'fflate';

export interface ZipLimits {
  /** Largest uncompressed size of one entry. */
  maxEntryBytes: number;
  /** Largest uncompressed size of all entries together. */
  maxTotalBytes: number;
  maxEntries: number;
}

/** Generous for any real IEP: Word's document.xml for a 40-page plan is a few MB. */
export const DOCX_LIMITS: ZipLimits = { maxEntryBytes: 40 << 20, maxTotalBytes: 80 << 20, maxEntries: 2_000 };

export class ZipLimitError extends Error {
  override name = 'ZipLimitError';
}

export function checkZipLimits(bytes: Uint8Array, limits: ZipLimits = DOCX_LIMITS): { entries: number; totalBytes: number } {
  let entries = 0;
  let total = 0;
  const unzip = new Unzip((file) => {
    if (++entries > limits.maxEntries) throw new ZipLimitError(`more than ${limits.maxEntries} entries`);
    if ((file.originalSize ?? 0) > limits.maxEntryBytes) throw new ZipLimitError(`entry ${file.name} declares ${file.originalSize} bytes`);
    let size = 0;
    file.ondata = (err, chunk) => {
      if (err) throw new ZipLimitError(`entry ${file.name} is damaged: ${err.message}`);
      size += chunk.length;
      total += chunk.length;
      if (size > limits.maxEntryBytes) throw new ZipLimitError(`entry ${file.name} expands past ${limits.maxEntryBytes} bytes`);
      if (total > limits.maxTotalBytes) throw new ZipLimitError(`the archive expands past ${limits.maxTotalBytes} bytes`);
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  unzip.register(UnzipPassThrough);
  // Fed in slices so that inflation happens (and is counted) a little at a time.
  const SLICE = 64 * 1024;
  for (let at = 0; at < bytes.length; at += SLICE) unzip.push(bytes.subarray(at, Math.min(at + SLICE, bytes.length)), at + SLICE >= bytes.length);
  if (entries === 0) throw new ZipLimitError('no entries');
  return { entries, totalBytes: total };
}
