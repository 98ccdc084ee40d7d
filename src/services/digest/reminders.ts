/**
 * IEP key-date reminders (spec §5: remind the parent 30 days ahead). One reminder per account and key date,
 * naming every key date that falls on it; the job claim keys it (job 'reminder', period = the date), and an
 * audit event records it so a taken-over run does not send it again.
 */
import { recordAudit } from '../../db/audit.js';
import type { Logger } from '../../log/logger.js';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { accounts, auditEvents, children } from '../../db/schema.js';
import { formatLongDate } from '../../core/drafting.js';
import { daysBetween, localTime } from '../../core/calendar/local-time.js';
import { listKeyDates } from './content.js';
import { NOT_LEGAL_ADVICE } from './render.js';
import { deliverSelfMail, type Deliverer } from './delivery.js';

export interface ReminderDeps {
  db: Db;
  appUrl: string;
  deliverers: readonly Deliverer[];
  log?: Logger;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export async function sendKeyDateReminder(deps: ReminderDeps, accountId: string, date: string, now: Date): Promise<{ sent: number; via?: string }> {
  const done = await deps.db
    .select({ id: auditEvents.id })
    .from(auditEvents)
    .where(and(eq(auditEvents.accountId, accountId), eq(auditEvents.action, 'reminder.key_date'), eq(auditEvents.subjectId, date)));
  if (done.length) return { sent: 0 };
  const [account] = await deps.db.select().from(accounts).where(eq(accounts.id, accountId));
  if (!account) return { sent: 0 };
  const kids = await deps.db.select({ id: children.id, name: children.name }).from(children).where(eq(children.accountId, accountId));
  const onDate = (await listKeyDates(deps.db, [accountId])).filter((k) => k.date === date);
  if (onDate.length === 0) return { sent: 0 };
  const today = localTime(now, account.timezone).date;
  const days = daysBetween(today, date);
  const items = onDate.map((k) => `${kids.find((c) => c.id === k.childId)?.name ?? 'Your child'}: ${k.name}`);
  const when = `${formatLongDate(date)} (${days === 0 ? 'today' : `in ${days} day${days === 1 ? '' : 's'}`})`;
  const subject = `IEP key date coming up: ${formatLongDate(date)}`;
  const link = `${deps.appUrl.replace(/\/+$/, '')}/`;
  const text = [
    account.name ? `Hello ${account.name},` : 'Hello,',
    '',
    `An IEP key date is coming up on ${when}:`,
    ...items.map((i) => `- ${i}`),
    '',
    'It can help to ask the school now for a meeting date and any reports you want to read beforehand.',
    `Open Followthrough: ${link}`,
    '',
    NOT_LEGAL_ADVICE,
  ].join('\n');
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:16px;background:#f3f4f6;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif">
<div style="max-width:600px;margin:0 auto;background:#fff;padding:20px;border-radius:6px;color:#1f2937;font-size:15px;line-height:1.5">
<p style="margin:0 0 8px 0">An IEP key date is coming up on <strong>${escapeHtml(when)}</strong>:</p>
<ul style="margin:0 0 12px 20px;padding:0">${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>
<p style="margin:0 0 12px 0">It can help to ask the school now for a meeting date and any reports you want to read beforehand.</p>
<a href="${escapeHtml(link)}" style="color:#1d4ed8">Open Followthrough</a>
<p style="margin:16px 0 0 0;color:#6b7280;font-size:12px">${escapeHtml(NOT_LEGAL_ADVICE)}</p>
</div></body></html>`;
  const via = await deliverSelfMail(
    deps.deliverers,
    { accountId, to: account.email, subject, html, text, messageId: `<reminder.${date}.${accountId}@${new URL(deps.appUrl).hostname}>` },
    deps.log,
  ) ?? 'app';
  await recordAudit(deps.db, {
    accountId,
    actor: 'job:reminder',
    action: 'reminder.key_date',
    subjectType: 'key_date',
    subjectId: date,
    data: { count: onDate.length, via },
    at: now,
  });
  return { sent: 1, via };
}
