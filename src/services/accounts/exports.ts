/**
 * Exports: everything stored for an account (JSON), and a child's communication log (spec §8) as CSV and as
 * a printable PDF — date, channel, people, summary, request, status.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import * as schema from '../../db/schema.js';
import { effectiveRequest, type EffectiveRequest } from '../analysis/overrides.js';

const { accounts, accountGrants, auditEvents, children, commitments, digests, drafts, iepDocuments, mailboxConnections, messages, provisions, requests, schoolContacts, skippedMessages, threads } = schema;

/** Every row of the account; secrets (password hash, OAuth tokens, session ids) are left out. */
export async function exportAccount(db: Db, accountId: string, now: Date) {
  const [account] = await db.select().from(accounts).where(eq(accounts.id, accountId));
  if (!account) return null;
  const { passwordHash: _ph, ...accountOut } = account;
  const by = <T extends { accountId: unknown }>(t: T) => eq(t.accountId as never, accountId);
  const connections = (await db.select().from(mailboxConnections).where(by(mailboxConnections))).map(({ tokens, ...rest }) => ({ ...rest, hasTokens: Boolean(tokens) }));
  return {
    format: 'followthrough-export/1',
    exportedAt: now.toISOString(),
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

const GREETING = /^(?:(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|greetings)\b.{0,80}[,:!\u2014-]|(?:hi|hello|hey)\W*)$/i;

/**
 * What a message says, for the log: its first sentences after the greeting (never the greeting alone),
 * cut at a word boundary.
 */
export function summaryOf(newText: string, subject: string, max = 220): string {
  const lines = newText.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  while (lines.length && GREETING.test(lines[0]!)) lines.shift();
  const text = lines.join(' ').replace(/\s+/g, ' ').trim();
  if (!text) return subject;
  if (text.length <= max) return text;
  const sentences = text.match(/[^.!?]+[.!?]+(?=\s|$)/g) ?? [];
  let out = '';
  for (const s of sentences) {
    if ((out + s).length > max) break;
    out += s;
  }
  if (out.trim()) return out.trim();
  const cut = text.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 1)).replace(/[,;:]$/, '')}…`;
}

function localStamp(d: Date, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/**
 * The due date for the log: the parent's own date shown as theirs, the legal (or courtesy) date and the
 * statute's citation beside it, never replaced by it.
 */
function dueText(r: EffectiveRequest): string {
  const citation = r.row.dueBasis === 'statute' ? ((r.row.rule as { citation?: string } | null)?.citation ?? null) : null;
  const basis = `${r.row.dueBasis === 'statute' ? 'legal' : 'courtesy'} date ${r.row.dueDate}${citation ? `, ${citation}` : ''}`;
  return r.customDue ? `your date ${r.dueDate}; ${basis}` : `due ${r.row.dueDate}${citation ? `, ${citation}` : ''}`;
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
        ? mine.map((r) => `${r.kind}: ${r.row.evidence}`).join(' | ')
        : answering.length
          ? `reply to ${answering.map((r) => r.kind).join(', ')} request`
          : '',
      status: mine.length ? mine.map((r) => (r.overrides.sameAs ? 'part of an earlier request (joined by the parent)' : `${r.status.replace('_', ' ')} (${dueText(r)})`)).join(' | ') : '',
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
