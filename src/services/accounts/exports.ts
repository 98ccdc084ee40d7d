/**
 * Exports: everything stored for an account (JSON), and a child's communication log (spec §8) as CSV and as
 * a printable PDF — date, channel, people, summary, request, status.
 */
import { and, asc, eq } from 'drizzle-orm';
import { PDFDocument, StandardFonts, rgb, type PDFFont } from 'pdf-lib';
import type { Db } from '../../db/client.js';
import * as schema from '../../db/schema.js';
import { effectiveRequest } from '../analysis/overrides.js';

const { accounts, accountGrants, auditEvents, children, commitments, digests, drafts, iepDocuments, mailboxConnections, messages, provisions, requests, schoolContacts, skippedMessages, threads } = schema;

/** Every row of the account; secrets (password hash, OAuth tokens, session ids) are left out. */
export async function exportAccount(db: Db, accountId: string) {
  const [account] = await db.select().from(accounts).where(eq(accounts.id, accountId));
  if (!account) return null;
  const { passwordHash: _ph, ...accountOut } = account;
  const by = <T extends { accountId: unknown }>(t: T) => eq(t.accountId as never, accountId);
  const connections = (await db.select().from(mailboxConnections).where(by(mailboxConnections))).map(({ tokens, ...rest }) => ({ ...rest, hasTokens: Boolean(tokens) }));
  return {
    format: 'followthrough-export/1',
    exportedAt: new Date().toISOString(),
    account: accountOut,
    grants: await db.select().from(accountGrants).where(eq(accountGrants.ownerAccountId, accountId)),
    children: await db.select().from(children).where(by(children)),
    schoolContacts: await db.select().from(schoolContacts).where(by(schoolContacts)),
    mailboxConnections: connections,
    threads: await db.select().from(threads).where(by(threads)),
    messages: await db.select().from(messages).where(by(messages)).orderBy(asc(messages.sentAt)),
    skippedMessages: await db.select().from(skippedMessages).where(by(skippedMessages)),
    iepDocuments: await db.select().from(iepDocuments).where(by(iepDocuments)),
    provisions: await db.select().from(provisions).where(by(provisions)),
    requests: await db.select().from(requests).where(by(requests)),
    commitments: await db.select().from(commitments).where(by(commitments)),
    drafts: await db.select().from(drafts).where(by(drafts)),
    digests: await db.select().from(digests).where(by(digests)),
    auditEvents: await db.select().from(auditEvents).where(by(auditEvents)).orderBy(asc(auditEvents.at)),
  };
}

export interface LogEntry {
  date: string;
  channel: string;
  people: string;
  summary: string;
  request: string;
  status: string;
}

export function summaryOf(newText: string, subject: string): string {
  const line =
    newText
      .split(/\r?\n/)
      .map((l) => l.trim())
      .find((l) => l && !/^(hi|hello|dear|good (morning|afternoon|evening))\b.{0,50},$/i.test(l) && !/^(hi|hello)\W*$/i.test(l)) ?? subject;
  return line.length > 140 ? `${line.slice(0, 139)}…` : line;
}

function localStamp(d: Date, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

export async function communicationLog(db: Db, accountId: string, childId: string, now: Date) {
  const [child] = await db.select().from(children).where(and(eq(children.id, childId), eq(children.accountId, accountId)));
  if (!child) return null;
  const rows = await db.select().from(messages).where(and(eq(messages.accountId, accountId), eq(messages.childId, childId))).orderBy(asc(messages.sentAt));
  const reqs = (await db.select().from(requests).where(and(eq(requests.accountId, accountId), eq(requests.childId, childId)))).map((r) => effectiveRequest(r, now, child.timezone));
  const entries: LogEntry[] = rows.map((m) => {
    const mine = reqs.filter((r) => r.row.messageId === m.id && r.status !== 'not_a_request');
    const answering = reqs.filter((r) => r.row.answeredBy === m.id || r.row.acknowledgedBy === m.id);
    const people = [
      `From: ${m.fromName ? `${m.fromName} <${m.fromAddress}>` : (m.fromAddress ?? 'unknown')}`,
      `To: ${m.to.map((a) => a.address).join(', ')}`,
      ...(m.cc.length ? [`Cc: ${m.cc.map((a) => a.address).join(', ')}`] : []),
    ].join('; ');
    return {
      date: localStamp(m.sentAt, child.timezone),
      channel: m.automatic ? 'email (automatic reply)' : 'email',
      people,
      summary: summaryOf(m.newText, m.subject),
      request: mine.length
        ? mine.map((r) => `${r.kind}: ${r.row.evidence.length > 160 ? `${r.row.evidence.slice(0, 159)}…` : r.row.evidence}`).join(' | ')
        : answering.length
          ? `reply to ${answering.map((r) => r.kind).join(', ')} request`
          : '',
      status: mine.length ? mine.map((r) => `${r.status.replace('_', ' ')} (due ${r.dueDate})`).join(' | ') : '',
    };
  });
  return { child, entries };
}

function csvCell(v: string): string {
  // Formula injection: a cell starting with = + - @ is opened as text by spreadsheets.
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function logCsv(entries: LogEntry[]): string {
  const header = ['date', 'channel', 'people', 'summary', 'request', 'status'];
  const lines = [header.join(','), ...entries.map((e) => [e.date, e.channel, e.people, e.summary, e.request, e.status].map(csvCell).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

/** WinAnsi (the standard fonts' encoding) cannot show every character: fold the common ones, drop the rest. */
function winAnsi(s: string): string {
  return s
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201C\u201D]/g, '"')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\u2026/g, '...')
    .replace(/\u00A0/g, ' ')
    .normalize('NFC')
    .replace(/[^\x20-\x7E\u00A1-\u00FF]/g, '?');
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const out: string[] = [];
  for (const para of winAnsi(text).split(/\n/)) {
    let line = '';
    for (const word of para.split(/\s+/)) {
      const tryLine = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(tryLine, size) <= width) line = tryLine;
      else {
        if (line) out.push(line);
        let w = word;
        while (font.widthOfTextAtSize(w, size) > width && w.length > 1) {
          let cut = w.length - 1;
          while (cut > 1 && font.widthOfTextAtSize(w.slice(0, cut), size) > width) cut--;
          out.push(w.slice(0, cut));
          w = w.slice(cut);
        }
        line = w;
      }
    }
    out.push(line);
  }
  return out;
}

export async function logPdf(childName: string, entries: LogEntry[], generatedAt: Date): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Communication log: ${winAnsi(childName)}`);
  pdf.setProducer('Followthrough');
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const W = 612;
  const H = 792;
  const M = 50;
  const width = W - 2 * M;
  let page = pdf.addPage([W, H]);
  let y = H - M;
  const newPage = () => {
    page = pdf.addPage([W, H]);
    y = H - M;
  };
  const text = (s: string, f: PDFFont, size: number, color = rgb(0.12, 0.16, 0.2), indent = 0) => {
    for (const line of wrap(s, f, size, width - indent)) {
      if (y < M + size) newPage();
      page.drawText(line, { x: M + indent, y, size, font: f, color });
      y -= size * 1.35;
    }
  };
  text(`Communication log: ${childName}`, bold, 16);
  text(`Generated ${generatedAt.toISOString().slice(0, 10)} by Followthrough. ${entries.length} entries, oldest first. This is not legal advice.`, font, 9, rgb(0.32, 0.38, 0.43));
  y -= 8;
  for (const e of entries) {
    if (y < M + 60) newPage();
    page.drawLine({ start: { x: M, y: y + 4 }, end: { x: W - M, y: y + 4 }, thickness: 0.5, color: rgb(0.85, 0.88, 0.92) });
    y -= 8;
    text(`${e.date}  ·  ${e.channel}`.replace('·', '-'), bold, 10);
    text(e.people, font, 9, rgb(0.32, 0.38, 0.43));
    text(`Summary: ${e.summary}`, font, 10);
    if (e.request) text(`Request: ${e.request}`, font, 10);
    if (e.status) text(`Status: ${e.status}`, bold, 10);
    y -= 6;
  }
  const pages = pdf.getPages();
  pages.forEach((p, i) => p.drawText(`Page ${i + 1} of ${pages.length}`, { x: W - M - 70, y: 25, size: 8, font, color: rgb(0.4, 0.45, 0.5) }));
  return pdf.save();
}
