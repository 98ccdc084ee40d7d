import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMail, ParseError } from '../../src/mail/parse.js';
import { localDateOf } from '../../src/core/deadlines/index.js';
import { mail } from '../helpers/mail.js';

// Random header values in every date field (Date, Received, the mbox envelope and the provider's internal
// date): the parser either returns a message whose sent time is plausible and usable by the deadline engine,
// or throws its own ParseError. Nothing else gets past it.
const now = new Date('2026-03-01T12:00:00Z');
const dateLike = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.date({ min: new Date(-8.64e15 + 1), max: new Date(8.64e15 - 1), noInvalidDate: true }).map((d) => d.toUTCString()),
  fc.tuple(fc.integer({ min: -99999, max: 99999 }), fc.integer({ min: -9999, max: 9999 })).map(([y, off]) => `Mon, 12 Jan ${y} 16:03:00 ${off < 0 ? '-' : '+'}${String(Math.abs(off)).padStart(4, '0')}`),
  fc.constantFrom('', 'Mon, 31 Feb 2026 25:61:61 +0000', 'Tue, 1 Jan 12026 00:00:00 +0000', '+9999', 'NaN', '0'),
);

describe('property: no date field can break the parser or the deadline engine', () => {
  it('random Date, Received, envelope and internal dates', async () => {
    await fc.assert(
      fc.asyncProperty(fc.option(dateLike, { nil: null }), fc.array(dateLike, { maxLength: 3 }), fc.option(dateLike, { nil: null }), fc.option(fc.oneof(fc.double(), fc.integer()), { nil: null }),
        async (date, received, envelope, internal) => {
          const oneLine = (s: string) => s.replace(/[\r\n]/g, ' ');
          // Header names are case-insensitive: differently cased keys give several Received lines.
          const names = ['Received', 'RECEIVED', 'received'];
          const headers = Object.fromEntries(received.map((r, i) => [names[i]!, `from a by b; ${oneLine(r)}`]));
          const raw = mail({ date: date === null ? null : oneLine(date), headers });
          let m;
          try {
            m = await parseMail(raw, { fallbackDate: envelope, internalDate: Number.isFinite(internal) ? internal : null, now });
          } catch (err) {
            expect(err).toBeInstanceOf(ParseError);
            return;
          }
          expect(m.sentAtMs).toBeGreaterThanOrEqual(Date.UTC(1990, 0, 1));
          expect(m.sentAtMs).toBeLessThanOrEqual(now.getTime() + 366 * 24 * 3600_000);
          expect(m.sentAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-](0\d|1[0-4]):[0-5]\d$/);
          expect(() => localDateOf(m.sentAt, 'America/Los_Angeles')).not.toThrow();
        }),
      { numRuns: 400 },
    );
  }, 60_000);
});
