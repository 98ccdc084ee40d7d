/**
 * The one way the product reads an uploaded IEP. On Node the parse runs in a worker thread with a heap limit
 * and a timeout (a 711 KB .docx that inflates to 200 MB, or a PDF with a compressed-stream bomb, used to take
 * the whole server down); on Workers, where there are no worker threads, it runs in-process behind the same
 * size checks and the platform's own per-request limits.
 */
import { IepDocumentError, TOO_LARGE_OR_DAMAGED } from './iep-errors.js';
import type { IepDocument } from './iep-text.js';

export { IepDocumentError } from './iep-errors.js';
export type { IepDocument } from './iep-text.js';

export const IEP_ISOLATE_LIMITS = { heapMb: 256, timeoutMs: 30_000 };

// Cloudflare documents navigator.userAgent as 'Cloudflare-Workers' inside workerd.
const nav = (globalThis as { navigator?: { userAgent?: string } }).navigator;
const onWorkers = nav?.userAgent === 'Cloudflare-Workers';

export async function readIepDocumentSafely(bytes: Uint8Array, filename: string, limits = IEP_ISOLATE_LIMITS): Promise<IepDocument> {
  // The readers (and fflate under their guards) are evaluated on the first upload, not at every Worker start.
  if (onWorkers) return (await import('./iep-text.js')).readIepDocument(bytes, filename);
  const { IsolateError, runIsolated } = await import('./isolate.js');
  const entry = new URL(import.meta.url.endsWith('.ts') ? './iep-task.ts' : './iep-task.js', import.meta.url);
  const copy = new Uint8Array(bytes); // transferred to the worker; the caller keeps its own bytes
  try {
    const reply = await runIsolated<IepDocument>(entry, { bytes: copy, filename }, limits, [copy.buffer]);
    if (reply.ok) return reply.value;
    if (reply.name === 'IepDocumentError') throw new IepDocumentError(reply.message);
    throw new IepDocumentError(TOO_LARGE_OR_DAMAGED(filename));
  } catch (err) {
    if (err instanceof IsolateError) throw new IepDocumentError(TOO_LARGE_OR_DAMAGED(filename));
    throw err;
  }
}
