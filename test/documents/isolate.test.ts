import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { IsolateError, runIsolated } from '../../src/documents/isolate.js';
import { checkZipLimits, ZipLimitError } from '../../src/documents/zip-guard.js';

const task = new URL('./tasks/hungry.ts', import.meta.url);

describe('runIsolated: a parse that runs away costs its worker, not the server', () => {
  it('answers with the task result', async () => {
    await expect(runIsolated<number>(task, { mode: 'ok', n: 21 }, { heapMb: 64, timeoutMs: 10_000 })).resolves.toEqual({ ok: true, value: 42 });
  });

  it('a task past its heap limit fails as out_of_memory and this process lives on', async () => {
    const before = process.memoryUsage().rss;
    const err = await runIsolated(task, { mode: 'memory' }, { heapMb: 48, timeoutMs: 20_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IsolateError);
    expect((err as IsolateError).reason).toBe('out_of_memory');
    // The worker's heap was its own: this process did not grow by anything like it.
    expect(process.memoryUsage().rss - before).toBeLessThan(200 << 20);
  }, 30_000);

  it('a task that never answers is stopped at the timeout', async () => {
    const t = Date.now();
    const err = await runIsolated(task, { mode: 'spin' }, { heapMb: 32, timeoutMs: 1_500 }).catch((e: unknown) => e);
    expect((err as IsolateError).reason).toBe('timeout');
    expect(Date.now() - t).toBeLessThan(8_000);
  }, 15_000);
});

describe('checkZipLimits: entries are counted as they inflate, before any library reads them', () => {
  const docx = (xml: Uint8Array) => zipSync({ '[Content_Types].xml': new TextEncoder().encode('<Types/>'), 'word/document.xml': xml }, { level: 9 });

  it('an ordinary document passes with its real sizes', () => {
    expect(checkZipLimits(docx(new Uint8Array(2 << 20).fill(60)))).toEqual({ entries: 2, totalBytes: (2 << 20) + 8 });
  });

  it('a bomb that declares its size is refused from the directory', () => {
    expect(() => checkZipLimits(docx(new Uint8Array(60 << 20)))).toThrow(/declares 62914560 bytes/);
  });

  it('a bomb that lies about its size is refused while inflating', () => {
    const zip = docx(new Uint8Array(60 << 20));
    // Rewrite the declared uncompressed size (local header offset 22, central directory offset 24) to 1 KB.
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    for (let i = 0; i + 4 <= zip.length; i++) {
      const sig = view.getUint32(i, true);
      if (sig === 0x04034b50) view.setUint32(i + 22, 1024, true);
      if (sig === 0x02014b50) view.setUint32(i + 24, 1024, true);
    }
    expect(() => checkZipLimits(zip)).toThrow(/expands past 41943040 bytes/);
  });

  it('not a zip at all', () => {
    expect(() => checkZipLimits(new TextEncoder().encode('hello, not a zip'))).toThrow(ZipLimitError);
  });
});
