/**
 * Archive import against a bare mailparser parse of the same mbox.
 *
 *   npx tsx test/bench/import.bench.ts                       # 10,000 messages, PGlite in memory
 *   npx tsx test/bench/import.bench.ts --messages 2000        # smaller
 *   npx tsx test/bench/import.bench.ts --postgres postgres://postgres@127.0.0.1:5432/test
 *                                                            # also import into a real Postgres (a fresh
 *                                                            # database is created and dropped)
 *   npx tsx test/bench/import.bench.ts --profile             # also write .cpuprofile files and print the
 *                                                            # top self-time functions of each import phase
 *   --seed N   PRNG seed (default 1)      --keep   keep the temp dir (mbox, profiles)
 *   --page-size N   importArchive's page size (default: the product's, 250)
 *   npx tsx test/bench/import.bench.ts --phase generate --file X.mbox [--messages N --seed N]
 *                                                            # only write the mbox (analyze-ab.bench.ts uses it)
 *
 * The parent generates a deterministic mbox (mboxrd: "From " envelope lines, ">From " escaping) into a temp
 * dir, then runs every phase in its own child process (this file again, with --phase) so each phase's peak
 * RSS is its own: "bare" streams the mbox with a line splitter and `simpleParser`s each message, the way a
 * naive importer would; "import" runs the product's importArchive into a fresh PGlite; "import-pg" the same
 * into Postgres. Seconds cover the parse / import only (not process start, DB open or migrations); peak RSS
 * is sampled every 50 ms over the whole phase, and the kernel's maxRSS is shown beside it (it also catches
 * spikes shorter than a sample, or while the event loop is blocked).
 */
import { spawn } from 'node:child_process';
import { closeSync, createReadStream, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const SELF = fileURLToPath(import.meta.url);
const PARENT_ADDRESS = 'dana.rivera@gmail.com';
const RESULT_TAG = 'BENCH_RESULT ';

const { values: args } = parseArgs({
  options: {
    messages: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '1' },
    phase: { type: 'string' },
    file: { type: 'string' },
    postgres: { type: 'string' },
    profile: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    'page-size': { type: 'string' },
    datadir: { type: 'string' },
  },
  strict: true,
});

// ─── deterministic generator ─────────────────────────────────────────────────────────────────────────────

/** mulberry32: small, fast, seedable. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!,
    chance: (p: number) => next() < p,
    /** Log-uniform: attachment sizes are skewed towards the small end, as in real mail. */
    logUniform: (lo: number, hi: number) => Math.round(Math.exp(Math.log(lo) + next() * (Math.log(hi) - Math.log(lo)))),
  };
}
type Rng = ReturnType<typeof prng>;

const SCHOOL_PEOPLE = [
  ['Maria Garcia', 'mgarcia@lincoln.sfusd.k12.ca.us'],
  ['Tom Nguyen', 'tnguyen@lincoln.sfusd.k12.ca.us'],
  ['Special Education Office', 'speced@sfusd.k12.ca.us'],
  ['Dr. Amy Chen', 'achen@sfusd.k12.ca.us'],
  ['Lincoln Elementary', 'office@lincoln.sfusd.k12.ca.us'],
  ['Janet Okafor', 'jokafor@pausd.k12.ca.us'],
  ['Robert Hill', 'rhill@ousd.k12.ca.us'],
  ['SELPA Coordinator', 'selpa@scoe.k12.ca.us'],
] as const;
const BULK_SENDERS = [
  ['Amazon.com', 'auto-confirm@amazon.com', 'receipt'],
  ['Target', 'orders@target.com', 'receipt'],
  ['PG&E', 'noreply@pge.com', 'receipt'],
  ['Venmo', 'venmo@venmo.com', 'receipt'],
  ['Uber Receipts', 'noreply@uber.com', 'receipt'],
  ['The New York Times', 'nytdirect@nytimes.com', 'newsletter'],
  ['Patagonia', 'news@email.patagonia.com', 'newsletter'],
  ['Nextdoor', 'no-reply@rs.email.nextdoor.com', 'newsletter'],
  ['REI Co-op', 'rei@e.rei.com', 'newsletter'],
  ['Soccer League', 'info@ayso-region49.org', 'newsletter'],
  ['Grandma', 'ruth.rivera@yahoo.com', 'personal'],
  ['Alex Park', 'alex.park@outlook.com', 'personal'],
] as const;
const SCHOOL_SUBJECTS = [
  'IEP meeting scheduling',
  'Request for evaluation',
  'Progress report - Q2',
  'Speech therapy minutes',
  'Prior written notice',
  'Accommodations in math class',
  'Records request',
  'Field trip permission slip',
  'Assessment plan for signature',
  'Follow-up from our call',
] as const;
const WORDS = (
  'the of and to in is for that on with as it be at by this we have from or an are will your our school ' +
  'student meeting service minutes week please thank you team plan goal progress reading math support ' +
  'schedule review assessment teacher classroom parent report date time next would like could let know ' +
  'attached update regarding following district office provide need questions discuss Tuesday Thursday ' +
  'café naïve résumé — “quoted” ½'
).split(' ');

function sentence(r: Rng): string {
  const n = r.int(6, 18);
  const w: string[] = [];
  for (let i = 0; i < n; i++) w.push(r.pick(WORDS));
  const s = w.join(' ');
  return s[0]!.toUpperCase() + s.slice(1) + r.pick(['.', '.', '.', '?', '!']);
}

/** Paragraphs of about `bytes` bytes, wrapped at ~72 columns; now and then a line that starts with "From ". */
function prose(r: Rng, bytes: number): string[] {
  const lines: string[] = [];
  let size = 0;
  let line = '';
  while (size < bytes) {
    if (r.chance(0.003)) {
      if (line) lines.push(line), (size += line.length + 1), (line = '');
      // Lines an mbox writer must escape.
      lines.push(r.pick(['From the desk of the principal:', 'From what I understand, the team agreed.', '>From the previous note:']));
      size += 40;
      continue;
    }
    const s = sentence(r);
    if (line.length + s.length + 1 > 72) {
      lines.push(line);
      size += line.length + 1;
      line = s;
      if (r.chance(0.25)) lines.push(''), (size += 1);
    } else line = line ? `${line} ${s}` : s;
  }
  if (line) lines.push(line);
  return lines;
}

interface Person {
  name: string;
  address: string;
}

function dayName(d: Date) {
  return ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()]!;
}
function monName(d: Date) {
  return ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()]!;
}
const p2 = (n: number) => String(n).padStart(2, '0');

/** RFC 5322 date in Pacific time (fixed -0800 offset is enough for a benchmark). */
function rfcDate(ms: number): string {
  const d = new Date(ms - 8 * 3600_000);
  return `${dayName(d)}, ${d.getUTCDate()} ${monName(d)} ${d.getUTCFullYear()} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} -0800`;
}
/** asctime, as in mbox envelope lines: "Mon Jan  5 15:04:05 2026". */
function asctime(ms: number): string {
  const d = new Date(ms);
  return `${dayName(d)} ${monName(d)} ${String(d.getUTCDate()).padStart(2, ' ')} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

function gmailQuote(r: Rng, who: Person, ms: number, depth: number): string[] {
  const d = new Date(ms - 8 * 3600_000);
  const hdr = `On ${dayName(d)}, ${monName(d)} ${d.getUTCDate()}, ${d.getUTCFullYear()} at ${((d.getUTCHours() + 11) % 12) + 1}:${p2(d.getUTCMinutes())} ${d.getUTCHours() < 12 ? 'AM' : 'PM'} ${who.name} <${who.address}> wrote:`;
  const body = prose(r, r.int(300, 1500));
  const prefix = '>'.repeat(depth) + ' ';
  return ['', hdr, ...body.map((l) => (l ? prefix + l : '>'.repeat(depth)))];
}

function outlookQuote(r: Rng, who: Person, to: Person, subject: string, ms: number): string[] {
  const d = new Date(ms - 8 * 3600_000);
  return [
    '',
    '________________________________',
    `From: ${who.name} <${who.address}>`,
    `Sent: ${['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][d.getUTCDay()]}, ${monName(d)} ${d.getUTCDate()}, ${d.getUTCFullYear()} ${((d.getUTCHours() + 11) % 12) + 1}:${p2(d.getUTCMinutes())} ${d.getUTCHours() < 12 ? 'AM' : 'PM'}`,
    `To: ${to.name} <${to.address}>`,
    `Subject: ${subject}`,
    '',
    ...prose(r, r.int(300, 1500)),
  ];
}

/** Quoted-printable for a UTF-8 text (soft line breaks at 76). */
function qp(text: string): string {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const bytes = Buffer.from(line, 'utf8');
    let cur = '';
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      const last = i === bytes.length - 1;
      let tok: string;
      if ((b === 0x20 || b === 0x09) && last) tok = b === 0x20 ? '=20' : '=09';
      else if ((b >= 33 && b <= 126 && b !== 61) || b === 0x20 || b === 0x09) tok = String.fromCharCode(b);
      else tok = '=' + b.toString(16).toUpperCase().padStart(2, '0');
      if (cur.length + tok.length > 75) out.push(cur + '='), (cur = '');
      cur += tok;
    }
    out.push(cur);
  }
  return out.join('\n');
}

function escapeHtml(s: string) {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function toHtml(lines: string[]): string {
  const out = ['<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body><div dir="ltr">'];
  let inQuote = false;
  for (const l of lines) {
    const q = l.startsWith('>');
    if (q && !inQuote) out.push('<blockquote class="gmail_quote" style="margin:0 0 0 .8ex;border-left:1px #ccc solid;padding-left:1ex">'), (inQuote = true);
    if (!q && inQuote) out.push('</blockquote>'), (inQuote = false);
    const t = q ? l.replace(/^>+ ?/, '') : l;
    out.push(t ? `<div>${escapeHtml(t)}</div>` : '<div><br></div>');
  }
  if (inQuote) out.push('</blockquote>');
  out.push('</div></body></html>');
  return out.join('\n');
}

/** Encoded-word subject now and then, as real clients send for non-ASCII. */
function subjectHeader(r: Rng, subject: string): string {
  if (!/[^\x00-\x7f]/.test(subject) && !r.chance(0.05)) return subject;
  return `=?UTF-8?B?${Buffer.from(subject, 'utf8').toString('base64')}?=`;
}

function base64Lines(buf: Buffer): string {
  const b64 = buf.toString('base64');
  const parts: string[] = [];
  for (let i = 0; i < b64.length; i += 76) parts.push(b64.slice(i, i + 76));
  return parts.join('\n');
}

const POOL_SIZE = 4 << 20;
function randomPool(r: Rng): Buffer {
  const buf = Buffer.allocUnsafe(POOL_SIZE);
  for (let i = 0; i < POOL_SIZE; i += 4) buf.writeUInt32LE(Math.floor(r.next() * 4294967296), i);
  return buf;
}

interface Manifest {
  messages: number;
  school: number;
  attachments: number;
  bigAttachments: number;
  escapedLines: number;
  bytes: number;
}

/** Writes the mbox; returns what it holds, so the import's counts can be checked. */
function generateMbox(path: string, total: number, seed: number): Manifest {
  const r = prng(seed);
  const pool = randomPool(prng(seed ^ 0x5eed));
  const fd = openSync(path, 'w');
  const m: Manifest = { messages: total, school: 0, attachments: 0, bigAttachments: 0, escapedLines: 0, bytes: 0 };
  const parent: Person = { name: 'Dana Rivera', address: PARENT_ADDRESS };
  const start = Date.UTC(2024, 7, 15);
  const step = (540 * 86_400_000) / total; // 18 months
  const schoolThreads: Array<{ subject: string; ids: string[]; school: Person; lastMs: number }> = [];
  let buffered: string[] = [];
  let bufferedLen = 0;
  const flush = () => {
    const s = buffered.join('');
    const b = Buffer.from(s, 'utf8');
    writeSync(fd, b);
    m.bytes += b.length;
    buffered = [];
    bufferedLen = 0;
  };

  for (let i = 0; i < total; i++) {
    const ms = Math.round(start + i * step + r.next() * step * 0.5);
    const isSchool = r.chance(0.3);
    const id = `<CA+${(seed * 1_000_003 + i).toString(36)}.${i}@mail.gmail.com>`;
    let from: Person;
    let to: Person[];
    let cc: Person[] = [];
    let subject: string;
    let inReplyTo: string | null = null;
    let references: string[] = [];
    let bodyLines: string[];
    const extraHeaders: string[] = [];
    if (isSchool) {
      m.school++;
      const reply = schoolThreads.length > 0 && r.chance(0.55);
      const thread = reply ? r.pick(schoolThreads.slice(-20)) : null;
      const schoolPerson: Person = thread?.school ?? (([name, address]) => ({ name, address }))(r.pick(SCHOOL_PEOPLE));
      const fromParent = r.chance(0.4);
      from = fromParent ? parent : schoolPerson;
      to = [fromParent ? schoolPerson : parent];
      if (r.chance(0.3)) cc = [(([name, address]) => ({ name, address }))(r.pick(SCHOOL_PEOPLE))];
      subject = thread ? `Re: ${thread.subject}` : r.pick(SCHOOL_SUBJECTS) + (r.chance(0.1) ? ' – Café Lincoln' : '');
      if (thread) {
        inReplyTo = thread.ids.at(-1)!;
        references = thread.ids.slice(-10);
        thread.ids.push(id);
        thread.lastMs = ms;
      } else schoolThreads.push({ subject, ids: [id], school: schoolPerson, lastMs: ms });
      const target = r.int(1024, 8192);
      bodyLines = [r.pick(['Hi Dana,', 'Dear Ms. Rivera,', `Hello ${schoolPerson.name.split(' ')[0]},`, 'Good morning,']), ''];
      const quoteStyle = thread ? r.pick(['gmail', 'gmail', 'outlook'] as const) : null;
      const quoteBytes = quoteStyle ? Math.floor(target * 0.5) : 0;
      bodyLines.push(...prose(r, target - quoteBytes - 200));
      bodyLines.push('', r.pick(['Thank you,', 'Best,', 'Sincerely,', 'Thanks!']), from.name);
      if (from !== parent) bodyLines.push(r.pick(['Education Specialist', 'Lincoln Elementary School', 'Special Education Department']), '(415) 555-0100');
      else if (r.chance(0.3)) bodyLines.push('', 'Sent from my iPhone');
      if (quoteStyle === 'gmail') {
        const prevFrom = from === parent ? schoolPerson : parent;
        bodyLines.push(...gmailQuote(r, prevFrom, ms - 86_400_000, 1));
        if (r.chance(0.4)) bodyLines.push('>', ...gmailQuote(r, from, ms - 2 * 86_400_000, 2).map((l) => (l.startsWith('>') ? l : l ? `> ${l}` : '>')));
      } else if (quoteStyle === 'outlook') {
        const prevFrom = from === parent ? schoolPerson : parent;
        bodyLines.push(...outlookQuote(r, prevFrom, from, thread!.subject, ms - 86_400_000));
        if (r.chance(0.4)) bodyLines.push(...outlookQuote(r, from, prevFrom, thread!.subject, ms - 2 * 86_400_000));
      }
    } else {
      const [name, address, kind] = r.pick(BULK_SENDERS);
      from = { name, address };
      to = [parent];
      subject =
        kind === 'receipt'
          ? `Your ${name} order #${r.int(100, 999)}-${r.int(1000000, 9999999)}`
          : kind === 'newsletter'
            ? `${name}: ${sentence(r).slice(0, 50)}`
            : `Re: ${r.pick(['dinner sunday', 'photos', 'carpool', 'weekend plans'])}`;
      if (kind !== 'personal') {
        extraHeaders.push(`List-Unsubscribe: <mailto:unsub-${i}@${address.split('@')[1]}>, <https://${address.split('@')[1]}/unsub?u=${i}>`);
        if (kind === 'newsletter') extraHeaders.push('Precedence: bulk');
      }
      bodyLines = prose(r, r.int(1024, 8192));
      if (kind === 'personal' && r.chance(0.5)) bodyLines.push(...gmailQuote(r, parent, ms - 3600_000, 1));
      if (kind !== 'personal') bodyLines.push('', '--', `You are receiving this email because you signed up at ${address.split('@')[1]}.`, 'Unsubscribe | Privacy Policy');
    }

    const text = bodyLines.join('\n');
    const multipartAlt = r.chance(0.6);
    const withAttachment = r.chance(1 / 3);
    const big = withAttachment && r.chance(0.005);
    const qpText = r.chance(0.5);
    const hdr: string[] = [
      `X-GM-THRID: ${1_700_000_000_000_000_000n + BigInt(i)}`,
      `X-Gmail-Labels: ${isSchool ? 'Inbox,Important,School' : 'Inbox,Category Promotions'}`,
      'MIME-Version: 1.0',
      `Date: ${rfcDate(ms)}`,
      `Message-ID: ${id}`,
      ...(inReplyTo ? [`In-Reply-To: ${inReplyTo}`, `References: ${references.join('\n ')}`] : []),
      `Subject: ${subjectHeader(r, subject)}`,
      `From: "${from.name}" <${from.address}>`,
      `To: ${to.map((p) => `"${p.name}" <${p.address}>`).join(', ')}`,
      ...(cc.length ? [`Cc: ${cc.map((p) => `"${p.name}" <${p.address}>`).join(', ')}`] : []),
      ...extraHeaders,
    ];
    const textPart = (ct: string) =>
      qpText
        ? [`Content-Type: ${ct}; charset="UTF-8"`, 'Content-Transfer-Encoding: quoted-printable', '', qp(text)]
        : [`Content-Type: ${ct}; charset="UTF-8"`, 'Content-Transfer-Encoding: 8bit', '', text];
    const altBoundary = `000000000000${(i * 7919).toString(16).padStart(8, '0')}alt`;
    const altParts = () => [
      `Content-Type: multipart/alternative; boundary="${altBoundary}"`,
      '',
      `--${altBoundary}`,
      ...textPart('text/plain'),
      `--${altBoundary}`,
      'Content-Type: text/html; charset="UTF-8"',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      qp(toHtml(bodyLines)),
      `--${altBoundary}--`,
    ];
    let body: string[];
    if (withAttachment) {
      m.attachments++;
      if (big) m.bigAttachments++;
      const size = big ? 2 * 1024 * 1024 : r.logUniform(20 * 1024, 300 * 1024);
      const offset = r.int(0, POOL_SIZE - size);
      const [fname, ctype] = r.pick([
        ['IEP_draft.pdf', 'application/pdf'],
        ['progress-report.pdf', 'application/pdf'],
        ['IMG_4821.jpg', 'image/jpeg'],
        ['invoice.pdf', 'application/pdf'],
        ['assessment-plan.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ] as const);
      const mixed = `000000000000${(i * 104729).toString(16).padStart(8, '0')}mix`;
      body = [
        `Content-Type: multipart/mixed; boundary="${mixed}"`,
        '',
        `--${mixed}`,
        ...(multipartAlt ? altParts() : textPart('text/plain')),
        `--${mixed}`,
        `Content-Type: ${ctype}; name="${fname}"`,
        `Content-Disposition: attachment; filename="${fname}"`,
        'Content-Transfer-Encoding: base64',
        `X-Attachment-Id: f_${i.toString(36)}`,
        '',
        base64Lines(pool.subarray(offset, offset + size)),
        `--${mixed}--`,
      ];
    } else body = multipartAlt ? altParts() : textPart('text/plain');

    // mboxrd: envelope line, then every line matching /^>*From / gets one more ">".
    const message = [...hdr, ...body].join('\n');
    const escaped = message.replace(/^(>*From )/gm, (s) => (m.escapedLines++, `>${s}`));
    const envelope = `From ${from.address} ${asctime(ms)}\n`;
    buffered.push(envelope, escaped, '\n\n');
    bufferedLen += escaped.length + envelope.length + 2;
    if (bufferedLen > 8 << 20) flush();
  }
  flush();
  closeSync(fd);
  return m;
}

// ─── measuring ───────────────────────────────────────────────────────────────────────────────────────────

interface PhaseResult {
  phase: string;
  messages: number;
  seconds: number;
  setupSeconds: number;
  /** RSS when the timed part starts (runtime, modules, and for PGlite the database itself). */
  startRssMb: number;
  peakRssMb: number;
  maxRssMb: number;
  detail: Record<string, unknown>;
}

function rssSampler() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    const rss = process.memoryUsage().rss;
    if (rss > peak) peak = rss;
  }, 50);
  return {
    stop() {
      clearInterval(timer);
      const rss = process.memoryUsage().rss;
      if (rss > peak) peak = rss;
      return peak / 1024 / 1024;
    },
  };
}

function report(r: PhaseResult) {
  process.stdout.write(`${RESULT_TAG}${JSON.stringify(r)}\n`);
}

/** A naive importer: a line splitter over the file, mboxrd unescaping, simpleParser per message, one at a time. */
async function phaseBare(file: string) {
  const sampler = rssSampler();
  const { simpleParser } = await import('mailparser');
  const startRssMb = process.memoryUsage().rss / 1048576;
  const t0 = performance.now();
  let count = 0;
  let attachments = 0;
  let attachmentBytes = 0;
  let textBytes = 0;
  let lines: string[] = [];
  const parse = async () => {
    if (lines.length === 0) return;
    const raw = Buffer.from(lines.join('\n'), 'utf8');
    lines = [];
    const mail = await simpleParser(raw);
    count++;
    attachments += mail.attachments.length;
    for (const a of mail.attachments) attachmentBytes += a.size;
    textBytes += mail.text?.length ?? 0;
  };
  const rl = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let prevBlank = true;
  for await (const line of rl) {
    if (prevBlank && line.startsWith('From ')) {
      await parse();
      prevBlank = false;
      continue;
    }
    lines.push(/^>+From /.test(line) ? line.slice(1) : line);
    prevBlank = line === '';
  }
  await parse();
  const seconds = (performance.now() - t0) / 1000;
  const peak = sampler.stop();
  report({
    phase: 'bare',
    messages: count,
    seconds,
    setupSeconds: 0,
    startRssMb,
    peakRssMb: peak,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    detail: { attachments, attachmentMb: +(attachmentBytes / 1048576).toFixed(1), textMb: +(textBytes / 1048576).toFixed(1) },
  });
}

async function phaseImport(file: string, url: string | undefined) {
  const sampler = rssSampler();
  const s0 = performance.now();
  const { openDb } = await import('../../src/db/client.js');
  const { applyMigrations } = await import('../../src/db/migrate.js');
  const { readMigrations } = await import('../../src/db/migrations-fs.js');
  const { ensureAccount, ensureChild } = await import('../../src/services/accounts/accounts.js');
  const { schoolMatcher } = await import('../../src/core/school.js');
  const { importArchive } = await import('../../src/services/mailbox/import-archive.js');
  const { countMessages } = await import('../../src/services/mailbox/store-messages.js');
  const handle = url ? await openDb({ url }) : await openDb({ dataDir: args.datadir ?? 'memory://' });
  try {
    await applyMigrations(handle, await readMigrations());
    const account = await ensureAccount(handle.db, PARENT_ADDRESS, 'Dana Rivera');
    const child = await ensureChild(handle.db, account.id, { name: 'Sam', state: 'CA', timezone: 'America/Los_Angeles' });
    const setupSeconds = (performance.now() - s0) / 1000;
    const startRssMb = process.memoryUsage().rss / 1048576;
    const t0 = performance.now();
    const result = await importArchive(
      handle.db,
      { accountId: account.id, childId: child.id, parentAddresses: new Set([account.email]), school: schoolMatcher(['k12.ca.us']) },
      file,
      args['page-size'] ? { pageSize: Number(args['page-size']) } : {},
    );
    const seconds = (performance.now() - t0) / 1000;
    const peak = sampler.stop();
    const rows = await countMessages(handle.db, account.id);
    report({
      phase: url ? 'import-pg' : args.datadir ? 'import-warm' : 'import',
      messages: result.seen,
      seconds,
      setupSeconds,
      startRssMb,
      peakRssMb: peak,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      detail: { ...result, rows },
    });
  } finally {
    await handle.close();
  }
}

/** `analyze` on the same archive: the pipeline the accuracy is measured through, parse to drafts. */
async function phaseAnalyze(file: string) {
  const sampler = rssSampler();
  const { readArchiveMessages } = await import('../../src/services/mailbox/read-archive.js');
  const { analyze } = await import('../../src/core/analyze.js');
  const startRssMb = process.memoryUsage().rss / 1048576;
  const t0 = performance.now();
  const { messages, skipped, seen } = await readArchiveMessages(file, ['k12.ca.us']);
  const out = analyze({ messages, skipped, parents: [PARENT_ADDRESS], school: ['k12.ca.us'], state: 'CA', timezone: 'America/Los_Angeles', now: '2026-06-01T12:00:00-07:00' });
  const json = JSON.stringify(out);
  const seconds = (performance.now() - t0) / 1000;
  const peak = sampler.stop();
  report({
    phase: 'analyze',
    messages: seen,
    seconds,
    setupSeconds: 0,
    startRssMb,
    peakRssMb: peak,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    detail: { school: messages.length, threads: out.threads.length, requests: out.requests.length, drafts: out.drafts.length, jsonMb: +(json.length / 1048576).toFixed(1) },
  });
}

/** Creates and migrates a PGlite data folder, so the next phase measures an import into an existing database. */
async function phasePrepare(dataDir: string) {
  const { openDb } = await import('../../src/db/client.js');
  const { applyMigrations } = await import('../../src/db/migrate.js');
  const { readMigrations } = await import('../../src/db/migrations-fs.js');
  const handle = await openDb({ dataDir });
  await applyMigrations(handle, await readMigrations());
  await handle.close();
  report({ phase: 'prepare', messages: 0, seconds: 0, setupSeconds: 0, startRssMb: 0, peakRssMb: 0, maxRssMb: 0, detail: {} });
}

// ─── parent ──────────────────────────────────────────────────────────────────────────────────────────────

function runPhase(phase: string, file: string, extra: string[], profileDir: string | null): Promise<PhaseResult> {
  // `--import tsx` is what the tsx CLI does, minus its wrapper process: the child's RSS is the phase's own,
  // and node flags such as --cpu-prof apply to the process that does the work.
  const tsxLoader = import.meta.resolve('tsx');
  const nodeArgs = ['--import', tsxLoader];
  if (profileDir && phase !== 'bare') nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${phase}.cpuprofile`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, SELF, '--phase', phase, '--file', file, ...(args['page-size'] ? ['--page-size', args['page-size']] : []), ...extra], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith(RESULT_TAG));
      if (code !== 0 || !line) {
        process.stdout.write(out);
        reject(new Error(`phase ${phase} exited with ${code}`));
      } else resolve(JSON.parse(line.slice(RESULT_TAG.length)) as PhaseResult);
    });
  });
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

/** Top self-time functions, and self time summed per package / source file. */
function summarizeProfile(path: string, top = 20) {
  const prof = JSON.parse(readFileSync(path, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const selfMs = new Map<number, number>();
  for (let i = 0; i < prof.samples.length; i++) selfMs.set(prof.samples[i]!, (selfMs.get(prof.samples[i]!) ?? 0) + (prof.timeDeltas[i] ?? 0) / 1000);
  const total = [...selfMs.values()].reduce((a, b) => a + b, 0);
  const byFn = new Map<string, number>();
  const byArea = new Map<string, number>();
  for (const n of prof.nodes) {
    const ms = selfMs.get(n.id) ?? 0;
    if (!ms) continue;
    const url = n.callFrame.url.replace(/^file:\/\//, '').replace(/\?.*$/, '');
    const short = url.includes('node_modules/') ? url.slice(url.lastIndexOf('node_modules/') + 13) : url.replace(/^.*\/work\/main\//, '');
    const fn = `${n.callFrame.functionName || '(anonymous)'} ${short ? `${short}:${n.callFrame.lineNumber + 1}` : ''}`.trim();
    byFn.set(fn, (byFn.get(fn) ?? 0) + ms);
    const area = !url
      ? n.callFrame.functionName.startsWith('(') ? n.callFrame.functionName : '(native)'
      : url.includes('node_modules/')
        ? url.slice(url.lastIndexOf('node_modules/') + 13).split('/').slice(0, url.includes('node_modules/@') ? 2 : 1).join('/')
        : url.startsWith('node:')
          ? url
          : short;
    byArea.set(area, (byArea.get(area) ?? 0) + ms);
  }
  const fmt = (m: Map<string, number>, n: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `  ${(v / 1000).toFixed(2).padStart(7)} s ${((v / total) * 100).toFixed(1).padStart(5)}%  ${k}`)
      .join('\n');
  return `  total sampled: ${(total / 1000).toFixed(2)} s\n  by package / file:\n${fmt(byArea, 12)}\n  top functions (self time):\n${fmt(byFn, top)}`;
}

async function parentMain() {
  const total = Number(args.messages);
  if (!Number.isInteger(total) || total <= 0) throw new Error('--messages must be a positive integer');
  const seed = Number(args.seed);
  const dir = mkdtempSync(join(tmpdir(), 'ft-import-bench-'));
  const file = join(dir, 'bench.mbox');
  const profileDir = args.profile ? join(dir, 'profiles') : null;
  let pgAdmin: import('postgres').Sql | null = null;
  let pgDb: string | null = null;
  try {
    const g0 = performance.now();
    const manifest = generateMbox(file, total, seed);
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
    const size = statSync(file).size;
    console.log(
      `mbox: ${file}\n  ${total.toLocaleString('en-US')} messages, ${(size / 1048576).toFixed(1)} MB (${size.toLocaleString('en-US')} bytes), ` +
        `${manifest.school} school, ${manifest.attachments} with an attachment (${manifest.bigAttachments} of 2 MB), ` +
        `${manifest.escapedLines} ">From" escapes; generated in ${((performance.now() - g0) / 1000).toFixed(1)} s (seed ${seed})`,
    );

    const results: PhaseResult[] = [];
    const bare = await runPhase('bare', file, [], profileDir);
    results.push(bare);
    results.push(await runPhase('import', file, [], profileDir));
    // The import command run against an existing PGlite folder (./data after the first start).
    const dataDir = join(dir, 'pglite');
    await runPhase('prepare', file, ['--datadir', dataDir], null);
    results.push(await runPhase('import-warm', file, ['--datadir', dataDir], profileDir));
    results.push(await runPhase('analyze', file, [], profileDir));
    if (args.postgres) {
      const { default: postgres } = await import('postgres');
      pgAdmin = postgres(args.postgres, { max: 1, onnotice: () => {} });
      pgDb = `ft_import_bench_${process.pid}_${Date.now()}`;
      await pgAdmin.unsafe(`CREATE DATABASE ${pgDb}`);
      const u = new URL(args.postgres);
      u.pathname = `/${pgDb}`;
      results.push(await runPhase('import-pg', file, ['--postgres', u.toString()], profileDir));
    }

    const header = ['phase', 'messages', 'seconds', 'msgs/s', 'RSS at start MB', 'peak RSS MB', 'peak − start MB', 'maxRSS MB', 'import/bare (time)'];
    const rows = results.map((r) => [
      r.phase,
      String(r.messages),
      r.seconds.toFixed(2),
      (r.messages / r.seconds).toFixed(0),
      r.startRssMb.toFixed(0),
      r.peakRssMb.toFixed(0),
      (r.peakRssMb - r.startRssMb).toFixed(0),
      r.maxRssMb.toFixed(0),
      r === bare ? '1.00×' : `${(r.seconds / bare.seconds).toFixed(2)}×`,
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
    const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
    console.log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(line).join('\n')}`);
    console.log(`\nmbox size: ${(size / 1048576).toFixed(1)} MB`);
    for (const r of results) {
      console.log(`${r.phase}: ${JSON.stringify(r.detail)}${r.setupSeconds ? ` (DB open + migrations + account: ${r.setupSeconds.toFixed(2)} s, not timed)` : ''}`);
      if (r.phase.startsWith('import')) {
        const d = r.detail as { seen?: number; stored?: number; rows?: number };
        const ok = d.seen === manifest.messages && d.stored === manifest.school && d.rows === manifest.school;
        console.log(`  check: ${ok ? 'ok' : 'MISMATCH'} (expected ${manifest.messages} seen, ${manifest.school} stored)`);
        if (!ok) process.exitCode = 1;
      }
      if (r.phase === 'bare' && r.messages !== manifest.messages) {
        console.log(`  check: MISMATCH (bare parsed ${r.messages}, expected ${manifest.messages})`);
        process.exitCode = 1;
      }
    }
    for (const imp of results.filter((r) => r !== bare)) {
      const slow = imp.seconds > 1.5 * bare.seconds;
      const heavy = imp.peakRssMb > 300;
      console.log(
        `budget ${imp.phase} (≤ 1.5× bare time, ≤ 300 MB peak RSS): time ${(imp.seconds / bare.seconds).toFixed(2)}× ${slow ? 'OVER' : 'ok'}, ` +
          `peak ${imp.peakRssMb.toFixed(0)} MB ${heavy ? 'OVER' : 'ok'} (of which ${imp.startRssMb.toFixed(0)} MB before the first message)`,
      );
    }
    if (profileDir) {
      for (const name of readdirSync(profileDir).filter((n) => n.endsWith('.cpuprofile'))) {
        console.log(`\nCPU profile ${join(profileDir, name)}\n${summarizeProfile(join(profileDir, name))}`);
      }
    }
  } finally {
    if (pgAdmin && pgDb) {
      await pgAdmin.unsafe(`DROP DATABASE IF EXISTS ${pgDb} WITH (FORCE)`).catch((e: unknown) => console.error(`could not drop ${pgDb}: ${String(e)}`));
      await pgAdmin.end({ timeout: 5 });
    }
    if (args.keep || args.profile) console.log(`\nkept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  if (!args.phase) return parentMain();
  if (!args.file) throw new Error('--phase needs --file');
  if (args.phase === 'bare') return phaseBare(args.file);
  if (args.phase === 'import') return phaseImport(args.file, undefined);
  if (args.phase === 'import-pg') return phaseImport(args.file, args.postgres);
  if (args.phase === 'import-warm') return phaseImport(args.file, undefined);
  if (args.phase === 'analyze') return phaseAnalyze(args.file);
  if (args.phase === 'generate') return void generateMbox(args.file, Number(args.messages), Number(args.seed));
  if (args.phase === 'prepare') return phasePrepare(args.datadir!);
  throw new Error(`unknown phase ${args.phase}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
