import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { parseMail } from '../../src/mail/parse.js';

// A 25 MB attachment once moved an import's RSS from 531 to 950 MB, although attachment bodies are never
// needed. The parser streams them past and only counts them.
//
// What JavaScript holds (heap plus array buffers) is measured, not RSS alone: RSS also counts memory already freed
// but not yet returned, and how much of that there is depends on when the collector ran, which on a loaded 2-core
// machine varies (86 MB of RSS growth was seen once in CI for a parse whose JavaScript peak was under 40 MB). Fed in
// one write, the same message peaks at about 110 MB held and 170 MB of RSS growth, so both bounds still tell the two
// apart.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;
const held = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

describe('a message with a 25 MB attachment', () => {
  it('is parsed with the attachment counted, not held', async () => {
    const att = Buffer.alloc(25 << 20, 7).toString('base64').replace(/.{76}/g, '$&\r\n');
    const raw = Buffer.from(
      `From: a@b.test\r\nTo: c@lincoln.k12.test\r\nSubject: big\r\nDate: Mon, 12 Jan 2026 08:00:00 -0800\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=zz\r\n\r\n--zz\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n--zz\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=scan.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n${att}\r\n--zz--\r\n`,
    );
    collect();
    const heldBefore = held();
    const rssBefore = process.memoryUsage.rss();
    let heldPeak = heldBefore;
    let rssPeak = rssBefore;
    const timer = setInterval(() => {
      heldPeak = Math.max(heldPeak, held());
      rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
    }, 5);
    const m = await parseMail(raw);
    clearInterval(timer);
    expect(m.attachments).toEqual([{ filename: 'scan.pdf', contentType: 'application/pdf', size: 25 << 20 }]);
    expect(m.text.trim()).toBe('See attached.');
    expect(heldPeak - heldBefore).toBeLessThan(64 << 20);
    expect(rssPeak - rssBefore).toBeLessThan(128 << 20);
    // Nothing of the attachment outlives the parse: the result holds its size only.
    collect();
    expect(held() - heldBefore).toBeLessThan(4 << 20);
  });
});
