import { describe, expect, it } from 'vitest';
import { parseMail } from '../../src/mail/parse.js';

// A 25 MB attachment once moved an import's RSS from 531 to 950 MB, although attachment bodies are never
// needed. The parser streams them past and only counts them: one message's parse grows memory by a small
// fraction of the attachment.
describe('a message with a 25 MB attachment', () => {
  it('is parsed with the attachment counted, not held', async () => {
    const att = Buffer.alloc(25 << 20, 7).toString('base64').replace(/.{76}/g, '$&\r\n');
    const raw = Buffer.from(
      `From: a@b.test\r\nTo: c@lincoln.k12.test\r\nSubject: big\r\nDate: Mon, 12 Jan 2026 08:00:00 -0800\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=zz\r\n\r\n--zz\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n--zz\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=scan.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n${att}\r\n--zz--\r\n`,
    );
    const before = process.memoryUsage.rss();
    let peak = before;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 5);
    const m = await parseMail(raw);
    clearInterval(timer);
    expect(m.attachments).toEqual([{ filename: 'scan.pdf', contentType: 'application/pdf', size: 25 << 20 }]);
    expect(m.text.trim()).toBe('See attached.');
    expect(peak - before).toBeLessThan(80 << 20);
  });
});
