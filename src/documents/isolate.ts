/**
 * Runs one CPU- and memory-hungry parse (an uploaded IEP, one mailbox message) in a worker thread with a
 * heap limit and a wall-clock timeout, so that a hostile or broken file costs that worker, never the server.
 * Node only: on Workers the same parse runs in-process behind the size checks (the platform has its own
 * per-request limits).
 */
import { Worker } from 'node:worker_threads';

export interface IsolateLimits {
  /** V8 old-generation heap of the worker, MB. */
  heapMb: number;
  /**
   * Growth of this process's resident memory while the worker runs, MB. The heap limit does not cover
   * ArrayBuffers (a PDF library inflating a stream bomb allocates them outside the heap), so a watchdog
   * samples RSS and stops the worker past this. Defaults to twice the heap.
   */
  rssGrowthMb?: number;
  /** Wall-clock limit, ms. */
  timeoutMs: number;
}

export type IsolateFailure = 'out_of_memory' | 'timeout' | 'crashed';

export class IsolateError extends Error {
  override name = 'IsolateError';
  constructor(readonly reason: IsolateFailure, message: string) {
    super(message);
  }
}

/** The message a task module posts back: its result, or the name and message of the error it threw. */
export type IsolateReply<T> = { ok: true; value: T } | { ok: false; name: string; message: string };

/**
 * `entry` is a module that reads `workerData` and posts one `IsolateReply`. Under tsx (development and tests)
 * the module is TypeScript: the worker registers tsx's loader first, since Node 20 does not hand loader hooks
 * to worker threads.
 */
export function runIsolated<T>(entry: URL, input: unknown, limits: IsolateLimits, transfer: ArrayBuffer[] = []): Promise<IsolateReply<T>> {
  const href = JSON.stringify(entry.href);
  const boot = entry.pathname.endsWith('.ts')
    ? `import('tsx/esm/api').then((m) => { m.register(); return import(${href}); });`
    : `import(${href});`;
  const worker = new Worker(boot, {
    eval: true,
    workerData: input,
    transferList: transfer,
    resourceLimits: { maxOldGenerationSizeMb: limits.heapMb, maxYoungGenerationSizeMb: Math.min(32, Math.max(4, limits.heapMb >> 3)) },
    // The worker's output is not ours to print: a library's console chatter could carry document text.
    stdout: true,
    stderr: true,
  });
  worker.stdout.resume();
  worker.stderr.resume();
  return new Promise<IsolateReply<T>>((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(watchdog);
      void worker.terminate();
      fn();
    };
    const timer = setTimeout(() => finish(() => reject(new IsolateError('timeout', `gave up after ${limits.timeoutMs} ms`))), limits.timeoutMs);
    const startRss = process.memoryUsage.rss();
    const maxGrowth = (limits.rssGrowthMb ?? limits.heapMb * 2) * 1024 * 1024;
    const watchdog = setInterval(() => {
      if (process.memoryUsage.rss() - startRss > maxGrowth)
        finish(() => reject(new IsolateError('out_of_memory', `grew past ${Math.round(maxGrowth / 1048576)} MB outside its heap`)));
    }, 25);
    watchdog.unref();
    worker.once('message', (reply: IsolateReply<T>) => finish(() => resolve(reply)));
    worker.once('error', (err: Error & { code?: string }) =>
      finish(() => reject(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new IsolateError('out_of_memory', `needed more than ${limits.heapMb} MB`) : new IsolateError('crashed', err.message))),
    );
    worker.once('exit', (code) => finish(() => reject(new IsolateError('crashed', `worker exited with code ${code} before answering`))));
  });
}
