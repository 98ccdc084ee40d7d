import { describe, expect, it } from 'vitest';
import { splitNewText } from '../../src/core/new-text.js';
import { runFixtures } from '../tools/newtext-harness.js';

const lines = (...l: string[]): string => l.join('\n');
const newText = (text: string): string => splitNewText(text).newText;

describe('splitNewText: Gmail', () => {
  it('drops the "On … wrote:" history and the closing with the name', () => {
    const text = lines(
      'Hi Ms. Lee,',
      '',
      'Thank you for getting back to me. Could we meet on Tuesday instead? Monday is',
      'a half day and I have to pick Jacob up early.',
      '',
      'Thanks,',
      'Maria',
      '',
      'On Mon, Jan 12, 2026 at 4:03 PM Lee, Mary <mlee@springfield.k12.ca.us> wrote:',
      '',
      '> Dear Ms. Lopez,',
      '>',
      '> We can meet Monday, January 19 at 3:00 in Room 12.',
      '>',
      '> Mary Lee',
      '> Case Manager',
      '',
    );
    const parts = splitNewText(text);
    expect(parts.newText).toBe(
      lines(
        'Hi Ms. Lee,',
        '',
        'Thank you for getting back to me. Could we meet on Tuesday instead? Monday is',
        'a half day and I have to pick Jacob up early.',
      ),
    );
    expect(parts.signature).toBe(lines('Thanks,', 'Maria'));
    expect(parts.quoted.startsWith('On Mon, Jan 12, 2026')).toBe(true);
    expect(parts.quoted).toContain('> We can meet Monday');
  });

  it('handles the "On … wrote:" header wrapped over two lines', () => {
    const text = lines(
      'Yes, please send the assessment plan home with him.',
      '',
      'On Tue, Jan 13, 2026 at 8:15 AM Ortiz, Juan - Lincoln Elementary School <',
      'jortiz@springfield.k12.ca.us> wrote:',
      '',
      '> Would you like a paper copy of the assessment plan?',
    );
    expect(newText(text)).toBe('Yes, please send the assessment plan home with him.');
  });

  it('handles Gmail wrapping "wrote:" onto its own line', () => {
    const text = lines(
      'Got it, thank you.',
      '',
      'On Tue, Jan 13, 2026, 8:15 AM Juan Ortiz <jortiz@springfield.k12.ca.us>',
      'wrote:',
      '',
      'The bus schedule changes next week.',
    );
    expect(newText(text)).toBe('Got it, thank you.');
  });

  it('keeps a forwarded message out of the new text', () => {
    const text = lines(
      'Ms. Lee, I am forwarding the letter from his pediatrician below.',
      '',
      '---------- Forwarded message ---------',
      'From: Dr. Ana Smith <asmith@valleypeds.org>',
      'Date: Mon, Jan 12, 2026 at 9:00 AM',
      'Subject: Jacob Lopez',
      'To: <maria.lopez@gmail.com>',
      '',
      'To whom it may concern,',
      'Jacob was seen in our office on January 9.',
    );
    expect(newText(text)).toBe('Ms. Lee, I am forwarding the letter from his pediatrician below.');
  });

  it('drops a "-- " signature and the history below it', () => {
    const text = lines(
      'Could you tell me who will attend the meeting?',
      '',
      '-- ',
      'Maria Lopez',
      '(555) 201-3344',
      '',
      'On Mon, Jan 12, 2026 at 4:03 PM Mary Lee <mlee@springfield.k12.ca.us> wrote:',
      '> The meeting is confirmed.',
    );
    const parts = splitNewText(text);
    expect(parts.newText).toBe('Could you tell me who will attend the meeting?');
    expect(parts.signature).toBe(lines('--', 'Maria Lopez', '(555) 201-3344'));
    expect(parts.quoted).toBe(
      lines('On Mon, Jan 12, 2026 at 4:03 PM Mary Lee <mlee@springfield.k12.ca.us> wrote:', '> The meeting is confirmed.'),
    );
  });
});

describe('splitNewText: Outlook', () => {
  const staffSignature = [
    'Thank you,',
    '',
    'Mary Lee, M.Ed.',
    'Case Manager, Special Education',
    'Lincoln Elementary School | Springfield Unified School District',
    '(555) 555-0123 | mlee@springfield.k12.ca.us',
    '1234 Main Street, Springfield, CA 95000',
    '',
    'CONFIDENTIALITY NOTICE: This email and any attachments are for the sole use of the intended recipient(s) and',
    'may contain confidential and privileged information. Any unauthorized review, use, disclosure or distribution',
    'is prohibited. If you are not the intended recipient, please contact the sender by reply email and destroy',
    'all copies of the original message.',
  ];

  it('desktop: drops the From:/Sent:/To:/Subject: block and a long staff signature with a notice', () => {
    const text = lines(
      'Good afternoon Ms. Lopez,',
      '',
      'I have scheduled the IEP meeting for February 3 at 3:30 pm in Room 12. Please let me know if that works for you.',
      '',
      ...staffSignature,
      '',
      'From: Maria Lopez <maria.lopez@gmail.com>',
      'Sent: Monday, January 12, 2026 4:03 PM',
      'To: Lee, Mary <mlee@springfield.k12.ca.us>',
      'Subject: IEP meeting request',
      '',
      'Hi Ms. Lee,',
      '',
      'I am requesting an IEP meeting to discuss his reading progress.',
    );
    const parts = splitNewText(text);
    expect(parts.newText).toBe(
      lines(
        'Good afternoon Ms. Lopez,',
        '',
        'I have scheduled the IEP meeting for February 3 at 3:30 pm in Room 12. Please let me know if that works for you.',
      ),
    );
    expect(parts.signature.startsWith('Thank you,')).toBe(true);
    expect(parts.signature).toContain('CONFIDENTIALITY NOTICE');
    expect(parts.quoted.startsWith('From: Maria Lopez')).toBe(true);
  });

  it('web: underscore separator and bold-less header block', () => {
    const text = lines(
      'Hello,',
      '',
      'The speech evaluation will be completed by January 30.',
      '',
      'Juan Ortiz',
      'Speech-Language Pathologist',
      '',
      '________________________________',
      'From: Maria Lopez <maria.lopez@gmail.com>',
      'Sent: Monday, January 12, 2026 4:03 PM',
      'To: Ortiz, Juan <jortiz@springfield.k12.ca.us>',
      'Subject: Speech evaluation',
      '',
      'When will the speech evaluation be done?',
    );
    expect(newText(text)).toBe(lines('Hello,', '', 'The speech evaluation will be completed by January 30.'));
  });

  it('Google-Apps style bold header block (*From:*) after a rule', () => {
    const text = lines(
      'Received, thank you.',
      '',
      ' ------------------------------',
      '',
      '*From:* Maria Lopez [mailto:maria.lopez@gmail.com]',
      '*Sent:* Monday, January 12, 2026 4:03 PM',
      '*To:* Lee, Mary',
      '*Subject:* Records request',
      '',
      'Please send me a copy of his cumulative file.',
    );
    expect(newText(text)).toBe('Received, thank you.');
  });

  it('-----Original Message----- separator', () => {
    const text = lines(
      'Ms. Lopez,',
      '',
      'Your records request was received on January 12 and will be ready within five business days.',
      '',
      'Regards,',
      'Records Office',
      '',
      '-----Original Message-----',
      'From: Maria Lopez <maria.lopez@gmail.com>',
      'Sent: Monday, January 12, 2026 4:03 PM',
      'To: records@springfield.k12.ca.us',
      'Subject: Records request',
      '',
      'Please send me a copy of his cumulative file.',
    );
    expect(newText(text)).toBe(
      lines('Ms. Lopez,', '', 'Your records request was received on January 12 and will be ready within five business days.'),
    );
  });

  it('mobile: "Get Outlook for iOS" ends the new text', () => {
    const text = lines(
      'Yes, 3:30 works for me.',
      '',
      'Get Outlook for iOS<https://aka.ms/o0ukef>',
      '________________________________',
      'From: Mary Lee <mlee@springfield.k12.ca.us>',
      'Sent: Tuesday, January 13, 2026 9:12:44 AM',
      'To: Maria Lopez <maria.lopez@gmail.com>',
      'Subject: RE: IEP meeting request',
      '',
      'Does 3:30 on February 3 work?',
    );
    const parts = splitNewText(text);
    expect(parts.newText).toBe('Yes, 3:30 works for me.');
    expect(parts.signature).toBe('Get Outlook for iOS<https://aka.ms/o0ukef>');
  });

  it('Outlook for Mac: From:/Date:/To:/Subject: block', () => {
    const text = lines(
      'We will add it to the agenda.',
      '',
      'From: Maria Lopez <maria.lopez@gmail.com>',
      'Date: Monday, January 12, 2026 at 4:03 PM',
      'To: Mary Lee <mlee@springfield.k12.ca.us>',
      'Subject: Agenda',
      '',
      'Can we talk about the bus?',
    );
    expect(newText(text)).toBe('We will add it to the agenda.');
  });
});

describe('splitNewText: Apple Mail / iPhone', () => {
  it('"Sent from my iPhone" and a quoted Apple Mail header', () => {
    const text = lines(
      'Sounds good, see you then.',
      '',
      'Sent from my iPhone',
      '',
      '> On Jan 12, 2026, at 4:03 PM, Mary Lee <mlee@springfield.k12.ca.us> wrote:',
      '>',
      '> Hi Ms. Lopez, we are confirmed for Tuesday at 3:30.',
    );
    const parts = splitNewText(text);
    expect(parts.newText).toBe('Sounds good, see you then.');
    expect(parts.signature).toBe('Sent from my iPhone');
  });

  it('unquoted Apple Mail "On <date>, at <time>, X wrote:" header', () => {
    const text = lines(
      'Thank you for the update.',
      '',
      'On Jan 12, 2026, at 4:03 PM, Mary Lee wrote:',
      '',
      '> The evaluation is complete.',
    );
    expect(newText(text)).toBe('Thank you for the update.');
  });

  it('"Begin forwarded message:"', () => {
    const text = lines(
      'See below - this is the third time I have asked for his progress reports.',
      '',
      'Begin forwarded message:',
      '',
      'From: Maria Lopez <maria.lopez@gmail.com>',
      'Subject: Progress reports',
      'Date: January 5, 2026 at 10:02:11 AM PST',
      'To: Mary Lee <mlee@springfield.k12.ca.us>',
      '',
      'Could you send me his progress reports?',
    );
    expect(newText(text)).toBe('See below - this is the third time I have asked for his progress reports.');
  });
});

describe('splitNewText: > quoting with inline answers', () => {
  it('keeps the answers between quoted blocks and drops the sign-off', () => {
    const text = lines(
      'Hi Ms. Lopez,',
      '',
      'Please see my answers inline below.',
      '',
      'On Mon, Jan 12, 2026 at 4:03 PM Maria Lopez <maria.lopez@gmail.com> wrote:',
      '',
      '> 1. When will the speech evaluation be completed?',
      '',
      'It will be completed by January 30.',
      '',
      '> 2. Can I get a copy of his progress reports?',
      '',
      'Yes, I will send them home in his folder on Friday.',
      '',
      '> Thank you,',
      '> Maria',
      '',
      'Best,',
      'Mary Lee',
      'Case Manager',
    );
    const parts = splitNewText(text);
    expect(parts.newText).toBe(
      lines(
        'Hi Ms. Lopez,',
        '',
        'Please see my answers inline below.',
        '',
        'It will be completed by January 30.',
        '',
        'Yes, I will send them home in his folder on Friday.',
      ),
    );
    expect(parts.signature).toBe(lines('Best,', 'Mary Lee', 'Case Manager'));
  });

  it('treats an unquoted line glued to a long quoted line as a broken wrap', () => {
    const text = lines(
      'I can do Thursday.',
      '',
      '> Could you please send me the speech therapy progress report before our meeting',
      'next week? I would also like the data sheets.',
      '>',
      '> Thanks, Maria',
    );
    const parts = splitNewText(text);
    expect(parts.newText).toBe('I can do Thursday.');
    expect(parts.quoted).toContain('next week? I would also like the data sheets.');
  });

  it('a bottom-posted reply below the quote is new text', () => {
    const text = lines('On 01/12/2026 04:03 PM, Mary Lee wrote:', '> Does Tuesday work?', 'Yes');
    expect(newText(text)).toBe('Yes');
  });

  it('quoted lines without a header', () => {
    const text = lines(
      '> Can you bring his medication form?',
      '',
      'Yes, I will bring it Monday morning.',
      '',
      '> And the permission slip?',
      '',
      'That too.',
    );
    expect(newText(text)).toBe(lines('Yes, I will bring it Monday morning.', '', 'That too.'));
  });
});

describe('splitNewText: localized headers', () => {
  it.each([
    ['French Gmail', ['Le lun. 12 janv. 2026 à 16:03, Mary Lee <mlee@springfield.k12.ca.us> a', 'écrit :']],
    ['German Gmail', ['Am Mo., 12. Jan. 2026 um 16:03 Uhr schrieb Mary Lee <', 'mlee@springfield.k12.ca.us>:']],
    ['Spanish Gmail', ['El lun, 12 ene 2026 a las 16:03, Mary Lee (<mlee@springfield.k12.ca.us>)', 'escribió:']],
    ['Portuguese Gmail', ['Em seg., 12 de jan. de 2026 às 16:03, Mary Lee <mlee@springfield.k12.ca.us> escreveu:']],
    ['Chinese Gmail', ['Mary Lee <mlee@springfield.k12.ca.us> 于2026年1月12日周一 16:03写道：']],
  ])('%s', (_label, header) => {
    const text = lines('Gracias, lo reviso esta noche.', '', ...header, '', '> Here is the schedule.');
    expect(newText(text)).toBe('Gracias, lo reviso esta noche.');
  });

  it('Spanish Outlook header block (De:/Enviado:/Para:/Asunto:)', () => {
    const text = lines(
      'Buenos días, ¿podemos reunirnos el martes?',
      '',
      'De: Mary Lee <mlee@springfield.k12.ca.us>',
      'Enviado: lunes, 12 de enero de 2026 16:03',
      'Para: Maria Lopez <maria.lopez@gmail.com>',
      'Asunto: Reunión IEP',
      '',
      'Hola Sra. Lopez,',
    );
    expect(newText(text)).toBe('Buenos días, ¿podemos reunirnos el martes?');
  });

  it('French Outlook header block (De :/Envoyé :/À :/Objet :)', () => {
    const text = lines(
      'Merci beaucoup.',
      '',
      'De : Mary Lee <mlee@springfield.k12.ca.us>',
      'Envoyé : lundi 12 janvier 2026 16:03',
      'À : Maria Lopez <maria.lopez@gmail.com>',
      'Objet : Réunion',
    );
    expect(newText(text)).toBe('Merci beaucoup.');
  });
});

describe('splitNewText: signatures', () => {
  it('a formal letter\'s delivery line ("SENT VIA EMAIL AND US MAIL") is not a phone signature: the letter goes on', () => {
    const text = ['Ms. Ana Ortiz', 'Director of Special Education', '', 'SENT VIA EMAIL AND CERTIFIED MAIL', '', 'Dear Ms. Ortiz,', '', 'I am requesting an IEP meeting to review her speech services.', '', 'Sincerely,', 'Rosa Diaz'].join('\n');
    expect(splitNewText(text).newText).toContain('I am requesting an IEP meeting');
    expect(splitNewText('Thanks, see you then.\n\nSent via Superhuman').newText).toBe('Thanks, see you then.');
  });
  it('a "Thanks," in the middle followed by more paragraphs is content', () => {
    const text = lines(
      'Hi Ms. Lee,',
      '',
      'Thanks,',
      'I got the packet you sent home. I have two questions about it:',
      '',
      '1. When is the meeting?',
      '2. Who will attend?',
      '',
      'Maria',
    );
    expect(newText(text)).toBe(
      lines(
        'Hi Ms. Lee,',
        '',
        'Thanks,',
        'I got the packet you sent home. I have two questions about it:',
        '',
        '1. When is the meeting?',
        '2. Who will attend?',
      ),
    );
  });

  it('"Thank you for your help with this." as the last paragraph is content; the name below is not', () => {
    const text = lines(
      'Dear Ms. Lee,',
      '',
      'I am writing to request a copy of all of Jacob\'s educational records, including his most recent',
      'assessments and any behavior reports from this year.',
      '',
      'Thank you for your help with this.',
      '',
      'Maria Lopez',
    );
    expect(newText(text)).toBe(
      lines(
        'Dear Ms. Lee,',
        '',
        'I am writing to request a copy of all of Jacob\'s educational records, including his most recent',
        'assessments and any behavior reports from this year.',
        '',
        'Thank you for your help with this.',
      ),
    );
  });

  it('a staff signature without a closing: name, title, school, phone, notice', () => {
    const text = lines(
      'The meeting is confirmed for February 3 at 3:30 pm.',
      '',
      'Mary Lee',
      'Case Manager, Special Education',
      'Lincoln Elementary School',
      'Phone: (555) 555-0123',
      '',
      'This message may contain confidential information protected by FERPA. If you are not the intended',
      'recipient, please notify the sender and delete it.',
    );
    expect(newText(text)).toBe('The meeting is confirmed for February 3 at 3:30 pm.');
  });

  it('keeps a paragraph that merely mentions confidentiality', () => {
    const text = lines(
      'Hello,',
      '',
      'Please note that the attached report from his therapist is confidential and I would like it kept in his file.',
    );
    expect(newText(text)).toBe(text);
  });

  it('does not strip the last item of a list of names', () => {
    const text = lines('These people will attend with me:', 'Ana Lopez', 'David Lopez');
    expect(newText(text)).toBe(text);
  });

  it('closing with the name on the same line', () => {
    expect(newText(lines('Can you call me after 5?', '', 'Thanks, Maria'))).toBe('Can you call me after 5?');
  });

  it('a mailing-list footer belongs to the signature', () => {
    const text = lines(
      'Reminder: the PTA meeting is Thursday at 6 pm in the library.',
      '',
      '_______________________________________________',
      'Lincoln-PTA mailing list',
      'Lincoln-PTA@lists.springfield.org',
      'https://lists.springfield.org/mailman/listinfo/lincoln-pta',
    );
    expect(newText(text)).toBe('Reminder: the PTA meeting is Thursday at 6 pm in the library.');
  });

  it('a staff signature with a tagline sentence after the title lines', () => {
    const text = lines(
      'Hi Maria,',
      '',
      'Attached is the draft IEP for your review before Thursday\'s meeting.',
      '',
      'Best regards,',
      '',
      'Dr. Juan Ortiz, Ed.D.',
      'School Psychologist',
      'Pronouns: he/him',
      'Lincoln Elementary School - Home of the Tigers!',
      'Tel: (555) 555-0199 | Fax: (555) 555-0198',
      'Please excuse any typos.',
    );
    expect(newText(text)).toBe(lines('Hi Maria,', '', 'Attached is the draft IEP for your review before Thursday\'s meeting.'));
  });

  it('a closing without punctuation glued under the last line', () => {
    expect(newText(lines('let me know if you need anything else', 'Thanks', 'Mary'))).toBe(
      'let me know if you need anything else',
    );
  });

  it('a postscript after the sign-off keeps the sign-off (content follows it)', () => {
    const text = lines('Please call me.', '', 'Thanks,', 'Maria', '', 'P.S. His inhaler is in his backpack.');
    expect(newText(text)).toBe(text);
  });

  it('"Jacob\'s mom" and a Spanish mobile signature', () => {
    const text = lines('Jacob will be absent tomorrow.', '', 'Jacob\'s mom', '', 'Enviado desde mi iPhone');
    expect(newText(text)).toBe('Jacob will be absent tomorrow.');
  });

  it('"Sent from the district office" in a sentence is not a mobile signature', () => {
    const text = lines('Sent from the district office on Monday', 'the forms never reached me.');
    expect(newText(text)).toBe(text);
  });

  it('only a closing: it stays, the name below it goes', () => {
    expect(newText(lines('Thank you!', '', 'Mary Lee', 'Case Manager'))).toBe('Thank you!');
  });

  it('a name with credentials, a one-line pipe signature, and a public-records notice', () => {
    const a = lines(
      'Attached are her current 504 plan and the i-Ready reports.',
      '',
      'Rachel Imai, Ed.S., NCSP',
      'School Psychologist | Madrona Heights Elementary',
      '(425) 555-0190',
      '',
      'Public records notice: correspondence with the district may be subject to disclosure under the Public Records Act.',
    );
    expect(newText(a)).toBe('Attached are her current 504 plan and the i-Ready reports.');
    const b = lines('Let me confirm with the counselor.', '', 'Owen Marsh | Resource Room Teacher | Birchwood Middle School');
    expect(newText(b)).toBe('Let me confirm with the counselor.');
  });

  it('a district newsletter footer', () => {
    const text = lines(
      'Reminder: there is no school on Monday, February 16.',
      '',
      'You are receiving this message because you are a parent or guardian of a student',
      'in Lone Star Valley ISD.',
    );
    expect(newText(text)).toBe('Reminder: there is no school on Monday, February 16.');
  });

  it('CRLF line endings and no history at all', () => {
    expect(newText('Hi,\r\n\r\nIs there school on Monday?\r\n\r\nBest,\r\nMaria\r\n')).toBe('Hi,\n\nIs there school on Monday?');
  });

  it('a body line starting with "On" is not a quote header', () => {
    const text = lines('On Monday he came home upset about recess.', 'Can we talk about it this week?');
    expect(newText(text)).toBe(text);
  });

  it('empty input', () => {
    expect(splitNewText('')).toEqual({ newText: '', quoted: '', signature: '' });
  });
});

describe('conformance fixtures', () => {
  it('matches at least 95% of ../shared/external/newtext exactly', async () => {
    const results = await runFixtures();
    expect(results.length).toBeGreaterThan(0);
    const exact = results.filter((r) => r.exact).length / results.length;
    const failed = results.filter((r) => !r.exact).map((r) => r.name);
    expect(exact, `failed: ${failed.join(', ')}`).toBeGreaterThanOrEqual(0.95);
  });
});
