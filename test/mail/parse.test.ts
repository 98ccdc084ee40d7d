import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isAutomatic } from '../../src/core/automatic.js';
import { formatAtOffset, isoWithOffset } from '../../src/core/dates.js';
import { parseMail, ParseError } from '../../src/mail/parse.js';
import { encodedWord, encodeText, mail } from '../helpers/mail.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/eml/${name}`, import.meta.url));

describe('parseMail: charsets and transfer encodings', () => {
  it('windows-1252 quoted-printable from Outlook: smart quotes, en dash, €, é (fixture, CRLF)', async () => {
    const m = await parseMail(fixture('outlook-windows-1252-qp.eml'));
    expect(m.text).toContain('Thank you for the “progress report” – it’s helpful. The café trip costs €12.\n');
    expect(m.text).not.toContain('\r');
    expect(m.subject).toBe('Speech data – “progress” report');
    expect(m.from).toEqual({ address: 'renee.dupre@outlook.test', name: 'Renée Dupré' });
    expect(m.to).toEqual([{ address: 'mortega@lincoln.k12.test', name: 'Ortega, Maria' }]);
    expect(m.messageId).toBe('<BY5PR01MB1234.namprd01.prod.outlook.test>');
    expect(m.sentAt).toBe('2026-02-03T09:15:00-08:00');
    expect(m.sentAtMs).toBe(Date.UTC(2026, 1, 3, 17, 15, 0));
  });

  it('ISO-8859-1 8bit body and Q-encoded names and subject (fixture, LF)', async () => {
    const m = await parseMail(fixture('latin1-8bit.eml'));
    expect(m.text).toContain("La réunion de l'équipe est jeudi à 15h. Élève: Théo.");
    expect(m.subject).toBe("Réunion d'équipe");
    expect(m.from).toEqual({ address: 'alefevre@ecole.k12.test', name: 'André Lefèvre' });
    expect(m.sentAt).toBe('2026-02-04T08:00:00-05:00');
  });

  it('windows-1252 8bit body: byte 0x80 is €, 0x93/0x94 are curly quotes', async () => {
    const raw = mail({ charset: 'windows-1252', body: 'Fee: €5 for the “field trip”.\n' });
    expect(raw.includes(0x80)).toBe(true);
    const m = await parseMail(raw);
    expect(m.text.trim()).toBe('Fee: €5 for the “field trip”.');
  });

  it('base64 bodies (UTF-8 and ISO-8859-1) decode to the same text', async () => {
    const text = 'Señora García, the IEP meeting is at 3 pm — room 12. Merci, Zoë.\n';
    const utf8 = await parseMail(mail({ transferEncoding: 'base64', body: text }));
    expect(utf8.text).toBe(text);
    const latin = await parseMail(mail({ transferEncoding: 'base64', charset: 'iso-8859-1', body: text.replace('—', '-') }));
    expect(latin.text).toBe(text.replace('—', '-'));
  });

  it('quoted-printable with soft line breaks joins the long line back', async () => {
    const long = `I am requesting a copy of ${'every evaluation report, '.repeat(6)}and the service logs for 2025–26.`;
    const raw = mail({ transferEncoding: 'quoted-printable', body: `${long}\n` });
    expect(raw.toString('latin1')).toMatch(/=\n/); // really soft-wrapped
    const m = await parseMail(raw);
    expect(m.text.trim()).toBe(long);
  });

  it('RFC 2047 subjects and display names: =?UTF-8?B?…?= and =?ISO-8859-1?Q?…?=', async () => {
    const raw = mail({
      subject: `${encodedWord('Réunion IEP — jeudi ', 'UTF-8', 'B')} ${encodedWord('à 15h', 'ISO-8859-1', 'Q')}`,
      from: `${encodedWord('José Núñez', 'UTF-8', 'B')} <jose@family.test>`,
      to: `${encodedWord('Françoise Côté', 'ISO-8859-1', 'Q')} <fcote@school.k12.test>, plain@school.k12.test`,
    });
    expect(raw.toString('latin1')).toContain('=?UTF-8?B?');
    const m = await parseMail(raw);
    // Adjacent encoded words join without the space between them.
    expect(m.subject).toBe('Réunion IEP — jeudi à 15h');
    expect(m.from).toEqual({ address: 'jose@family.test', name: 'José Núñez' });
    expect(m.to).toEqual([{ address: 'fcote@school.k12.test', name: 'Françoise Côté' }, { address: 'plain@school.k12.test' }]);
  });

  it('addresses are lower-cased and groups are flattened', async () => {
    const m = await parseMail(mail({ to: 'IEP Team: A.Teacher@School.K12.test, b@school.k12.test;', cc: 'Case.Manager@School.K12.TEST' }));
    expect(m.to.map((a) => a.address)).toEqual(['a.teacher@school.k12.test', 'b@school.k12.test']);
    expect(m.cc).toEqual([{ address: 'case.manager@school.k12.test' }]);
  });
});

describe('parseMail: structure', () => {
  it('HTML-only mail: text derived from the HTML, fromHtml true, no markup left', async () => {
    const html = '<html><head><style>p{color:red}</style></head><body><p>Dear parent,</p><p>Please send the <b>signed consent</b> form.</p><ul><li>Speech &amp; OT</li></ul></body></html>';
    const m = await parseMail(mail({ contentType: 'text/html; charset=utf-8', body: html }));
    expect(m.fromHtml).toBe(true);
    expect(m.text).toContain('Dear parent,');
    expect(m.text).toContain('Please send the signed consent form.');
    expect(m.text).toContain('Speech & OT');
    expect(m.text).not.toMatch(/<[a-z/]/i);
    expect(m.text).not.toContain('color:red');
  });

  it('HTML-only body beside an attachment in multipart/mixed: text derived from the HTML too', async () => {
    // mailparser converts HTML only at the root or beside a text part; a district system's reply with its PDF is neither.
    const rawBody = [
      '--mix',
      'Content-Type: text/html; charset=utf-8',
      '',
      "<div>I'm the 504 coordinator at Severn Hills.</div><div>The concern form is attached.</div>",
      '--mix',
      'Content-Type: application/pdf; name=form.pdf',
      'Content-Disposition: attachment; filename=form.pdf',
      'Content-Transfer-Encoding: base64',
      '',
      'JVBERi0xLjQK',
      '--mix--',
      '',
    ].join('\n');
    const m = await parseMail(mail({ contentType: 'multipart/mixed; boundary="mix"', rawBody }));
    expect(m.fromHtml).toBe(true);
    expect(m.text).toContain("I'm the 504 coordinator at Severn Hills.");
    expect(m.text).toContain('The concern form is attached.');
    expect(m.text).not.toMatch(/<[a-z/]/i);
    expect(m.attachments).toEqual([expect.objectContaining({ filename: 'form.pdf', contentType: 'application/pdf' })]);
  });

  it('multipart/alternative prefers the text part (fromHtml false)', async () => {
    const rawBody = [
      '--alt',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Plain version.',
      '--alt',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>HTML version.</p>',
      '--alt--',
      '',
    ].join('\n');
    const m = await parseMail(mail({ contentType: 'multipart/alternative; boundary="alt"', rawBody }));
    expect(m.text.trim()).toBe('Plain version.');
    expect(m.fromHtml).toBe(false);
  });

  it('a 50 MB attachment is counted, not buffered: size and filename right, RSS grows far less than 100 MB', async () => {
    const size = 50 * 1024 * 1024;
    const payload = Buffer.alloc(size, 'IEP-attachment-bytes;');
    const b64 = payload.toString('base64').replace(/.{76}/g, '$&\r\n');
    const head = mail({
      crlf: true,
      contentType: 'multipart/mixed; boundary="mix"',
      rawBody: '',
      subject: 'Scanned evaluation',
    }).toString('latin1');
    const raw = Buffer.from(
      `${head}--mix\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe scan is attached.\r\n--mix\r\nContent-Type: application/pdf; name="evaluation scan.pdf"\r\nContent-Disposition: attachment; filename="evaluation scan.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64}\r\n--mix--\r\n`,
      'latin1',
    );
    const before = process.memoryUsage();
    let peak = before.rss;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    const m = await parseMail(raw);
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    expect(m.attachments).toEqual([{ filename: 'evaluation scan.pdf', contentType: 'application/pdf', size }]);
    expect(m.text.trim()).toBe('The scan is attached.');
    // Buffering the attachment twice would cost 100 MB (a single 68 MB write used to peak near 190 MB);
    // counting it costs a few chunks.
    expect(peak - before.rss).toBeLessThan(1.5 * size);
    // Nothing of the body is kept: the parsed message holds metadata only. (Resident memory right after the
    // parse includes garbage not yet collected, so it is not a measure of what was kept.)
    expect(Object.keys(m.attachments[0]!).sort()).toEqual(['contentType', 'filename', 'size']);
    expect(JSON.stringify(m).length).toBeLessThan(10_000);
  });

  it('missing closing boundary: the parts that arrived are kept', async () => {
    const rawBody = ['--b1', 'Content-Type: text/plain; charset=utf-8', '', 'Body before the cut.', '--b1', 'Content-Type: text/plain; name=notes.txt', 'Content-Disposition: attachment; filename=notes.txt', '', 'attached notes', ''].join('\n');
    const m = await parseMail(mail({ contentType: 'multipart/mixed; boundary="b1"', rawBody }));
    expect(m.text).toContain('Body before the cut.');
    expect(m.attachments).toHaveLength(1);
    expect(m.attachments[0]).toMatchObject({ filename: 'notes.txt' });
  });

  it('bad base64 in the body does not throw: valid characters decode, junk is dropped', async () => {
    const good = Buffer.from('Please confirm the meeting.').toString('base64');
    const raw = mail({ rawBody: `${good}\n!!!@@@ not base64 ###\n`, contentType: 'text/plain; charset=utf-8', headers: { 'Content-Transfer-Encoding': 'base64' } });
    const m = await parseMail(raw);
    expect(m.text).toContain('Please confirm the meeting.');
  });

  it('header-less garbage is a ParseError "no headers"', async () => {
    for (const junk of ['', 'just some text\nwith lines\n', '%PDF-1.7\n%âãÏÓ\n1 0 obj', '\u0000\u0001\u0002binary']) {
      const err = await parseMail(Buffer.from(junk, 'latin1')).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ParseError);
      expect((err as Error).message).toBe('no headers');
    }
  });

  it('no Date header is a ParseError; an unreadable one too, unless the mbox envelope date rescues it', async () => {
    await expect(parseMail(mail({ date: null }))).rejects.toThrow(new ParseError('no Date header'));
    await expect(parseMail(mail({ date: 'sometime last week' }))).rejects.toThrow(/unreadable Date header/);
    const rescued = await parseMail(mail({ date: null }), { fallbackDate: 'Mon Jan 12 16:03:00 +0000 2026' });
    expect(rescued.sentAt).toBe('2026-01-12T16:03:00+00:00');
    // "no usable Date header": an unreadable one falls back to the envelope date as well.
    const unreadable = await parseMail(mail({ date: 'sometime last week' }), { fallbackDate: 'Mon Jan 12 16:03:00 2026' });
    expect(unreadable.sentAtMs).toBe(Date.UTC(2026, 0, 12, 16, 3));
  });

  it('missing Message-ID: a synthesized id, the same for the same bytes and different for different ones', async () => {
    const raw = mail({ messageId: null, subject: 'No id' });
    const a = await parseMail(raw);
    const b = await parseMail(Buffer.from(raw));
    const c = await parseMail(mail({ messageId: null, subject: 'No id either' }));
    expect(a.messageId).toMatch(/^<[0-9a-f]{40}@followthrough\.invalid>$/);
    expect(b.messageId).toBe(a.messageId);
    expect(c.messageId).not.toBe(a.messageId);
  });

  it('Message-ID, In-Reply-To and References are normalized to <id> form', async () => {
    const m = await parseMail(
      mail({ messageId: ' <self@x.test> ', inReplyTo: '<parent@x.test> (sent by Outlook)', references: ['<root@x.test>', '<parent@x.test>'] }),
    );
    expect(m.messageId).toBe('<self@x.test>');
    expect(m.inReplyTo).toBe('<parent@x.test>');
    expect(m.references).toEqual(['<root@x.test>', '<parent@x.test>']);
    const folded = await parseMail(mail({ headers: { References: '<a@x.test>\n <b@x.test>\n\t<c@x.test>' } }));
    expect(folded.references).toEqual(['<a@x.test>', '<b@x.test>', '<c@x.test>']);
    const none = await parseMail(mail());
    expect(none.references).toEqual([]);
    expect(none.inReplyTo).toBeNull();
  });

  it('provider ids: opts win, else Gmail X-GM-THRID from the headers', async () => {
    const gm = await parseMail(mail({ headers: { 'X-GM-THRID': '1789012345678901234' } }));
    expect(gm.providerThreadId).toBe('1789012345678901234');
    const given = await parseMail(mail({ headers: { 'X-GM-THRID': '1' } }), { providerThreadId: 'conv-9', providerId: 'AAMk' });
    expect(given.providerThreadId).toBe('conv-9');
    expect(given.providerId).toBe('AAMk');
    const plain = await parseMail(mail());
    expect(plain.providerThreadId).toBeNull();
    expect(plain.providerId).toBeNull();
  });
});

describe('sent time keeps the Date header offset', () => {
  const cases: Array<[string, string]> = [
    ['Mon, 12 Jan 2026 16:03:00 -0800', '2026-01-12T16:03:00-08:00'],
    ['Mon, 12 Jan 2026 16:03:00 EST', '2026-01-12T16:03:00-05:00'],
    ['Mon, 13 Jul 2026 09:30:00 PDT', '2026-07-13T09:30:00-07:00'],
    ['12 Jan 2026 16:03 +0530 (IST)', '2026-01-12T16:03:00+05:30'],
    ['Mon, 12 Jan 2026 23:59:59 GMT', '2026-01-12T23:59:59+00:00'],
    ['Tue, 3 Feb 2026 09:15:00 -0000', '2026-02-03T09:15:00+00:00'],
  ];
  for (const [header, iso] of cases) {
    it(`${header} → ${iso}`, async () => {
      const m = await parseMail(mail({ date: header }));
      expect(m.sentAt).toBe(iso);
      expect(m.sentAtMs).toBe(Date.parse(iso));
    });
  }

  it('a date without a zone, and an mbox asctime date, read as UTC whatever the host zone', () => {
    const saved = process.env.TZ;
    try {
      for (const tz of ['America/Los_Angeles', 'Asia/Kolkata', 'UTC']) {
        process.env.TZ = tz;
        expect(isoWithOffset('Mon Jan 12 16:03:00 2026')).toEqual({ iso: '2026-01-12T16:03:00+00:00', ms: Date.UTC(2026, 0, 12, 16, 3) });
        expect(isoWithOffset('Mon, 12 Jan 2026 16:03:00')?.ms).toBe(Date.UTC(2026, 0, 12, 16, 3));
        expect(isoWithOffset('Mon Jan 12 16:03:00 -0800 2026')?.iso).toBe('2026-01-12T16:03:00-08:00');
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('unreadable dates give null; formatAtOffset crosses midnight at the offset', () => {
    expect(isoWithOffset('not a date')).toBeNull();
    expect(isoWithOffset('')).toBeNull();
    expect(formatAtOffset(Date.UTC(2026, 0, 13, 3, 0), -480)).toBe('2026-01-12T19:00:00-08:00');
    expect(formatAtOffset(Date.UTC(2026, 0, 12, 20, 0), 330)).toBe('2026-01-13T01:30:00+05:30');
  });
});

describe('automatic messages', () => {
  const auto = async (spec: Parameters<typeof mail>[0]) => (await parseMail(mail(spec))).automatic;

  it('Auto-Submitted other than "no", X-Autoreply, X-Autorespond, Precedence bulk/junk/auto_reply are automatic', async () => {
    expect(await auto({ headers: { 'Auto-Submitted': 'auto-replied' } })).toBe(true);
    expect(await auto({ headers: { 'Auto-Submitted': 'auto-generated' } })).toBe(true);
    expect(await auto({ headers: { 'X-Autoreply': 'yes' } })).toBe(true);
    expect(await auto({ headers: { 'X-Autorespond': 'Vacation' } })).toBe(true);
    expect(await auto({ headers: { Precedence: 'bulk' } })).toBe(true);
    expect(await auto({ headers: { Precedence: 'junk' } })).toBe(true);
    expect(await auto({ headers: { Precedence: 'auto_reply' } })).toBe(true);
  });

  it('"Automatic reply:", "Out of Office", "Auto:" subjects are automatic', async () => {
    expect(await auto({ subject: 'Automatic reply: IEP meeting request' })).toBe(true);
    expect(await auto({ subject: 'Out of Office: Re: speech sessions' })).toBe(true);
    expect(await auto({ subject: 'Auto: records request' })).toBe(true);
    expect(await auto({ subject: `${encodedWord('Respuesta automática: reunión', 'UTF-8', 'B')}` })).toBe(true);
  });

  it('Auto-Submitted: no, Precedence: list and ordinary subjects are not automatic', async () => {
    expect(await auto({ headers: { 'Auto-Submitted': 'no' } })).toBe(false);
    expect(await auto({ headers: { 'Auto-Submitted': ' No ' } })).toBe(false);
    expect(await auto({ headers: { Precedence: 'list' } })).toBe(false);
    expect(await auto({ subject: 'Re: Automatic door at the entrance' })).toBe(false);
    expect(await auto({ subject: 'Autism evaluation request' })).toBe(false);
    expect(await auto({})).toBe(false);
  });

  it('isAutomatic reads headers through the accessor it is given', () => {
    const headers: Record<string, string> = { precedence: 'BULK' };
    expect(isAutomatic({ subject: 'Weekly newsletter', header: (n) => headers[n] ?? null })).toBe(true);
    expect(isAutomatic({ subject: 'Weekly newsletter', header: () => null })).toBe(false);
  });
});

describe('helpers', () => {
  it('encodeText writes windows-1252 bytes', () => {
    expect([...encodeText('€“”’', 'windows-1252')]).toEqual([0x80, 0x93, 0x94, 0x92]);
  });
});
