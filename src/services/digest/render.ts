/**
 * The weekly digest as mail: plain text and HTML with inline styles (mail clients drop <style> blocks),
 * one column at most 600 px wide so it reads on a phone, every item linking into the app at APP_URL.
 */
import { formatLongDate } from '../../core/drafting.js';
import type { DigestContent, DigestRequestItem } from './content.js';
import { clockDigestSection } from '../clocks/digest.js';

export interface RenderedDigest {
  subject: string;
  html: string;
  text: string;
}

export const NOT_LEGAL_ADVICE = 'Followthrough keeps track of dates and drafts letters; it is not legal advice.';

const KIND_LABELS: Record<string, string> = {
  meeting: 'Meeting request',
  evaluation: 'Evaluation request',
  iee: 'IEE request',
  records: 'Records request',
  progress: 'Progress information request',
  pwn: 'Prior written notice request',
  services: 'Services question',
  accommodations: 'Accommodations question',
  information: 'Question',
};

export function kindLabel(kind: string): string {
  return KIND_LABELS[kind] ?? 'Request';
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function shorten(s: string, words = 24): string {
  const w = s.replace(/\s+/g, ' ').trim().split(' ');
  return w.length <= words ? w.join(' ') : `${w.slice(0, words).join(' ')}…`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function legalText(r: DigestRequestItem): string {
  if (r.basis === 'statute' && r.citation) return `statutory deadline, ${r.citation}${r.estimated ? ' (estimated: no school calendar on file)' : ''}`;
  return 'courtesy window (no statutory deadline applies)';
}

/** Where the date comes from. A date the parent set is shown as theirs; the legal date and its citation stay beside it. */
function ruleText(r: DigestRequestItem): string {
  if (r.parentDueDate) return `the date you set; the ${r.basis === 'statute' ? 'legal' : 'courtesy'} date is ${formatLongDate(r.ruleDueDate)} (${legalText(r)})`;
  return legalText(r);
}

interface Section {
  title: string;
  items: Array<{ headline: string; detail: string; link: string }>;
  empty: string;
}

function sections(c: DigestContent, appUrl: string): Section[] {
  const base = appUrl.replace(/\/+$/, '');
  const who = (child: string | null) => (child ? `${child}: ` : '');
  return [
    {
      title: 'Overdue',
      empty: 'Nothing is overdue.',
      items: c.overdue.map((r) => ({
        headline: `${who(r.child)}${kindLabel(r.kind)}: ${plural(r.days, 'day')} overdue${r.parentDueDate ? ' (by the date you set)' : ''}`,
        detail: `Due ${formatLongDate(r.dueDate)}; ${ruleText(r)}. “${shorten(r.evidence)}”`,
        link: `${base}/requests/${r.id}`,
      })),
    },
    {
      title: 'Awaiting a reply',
      empty: 'No other requests are waiting.',
      items: c.awaiting.map((r) => ({
        headline: `${who(r.child)}${kindLabel(r.kind)}: due ${formatLongDate(r.dueDate)}${r.days === 0 ? ' (today)' : ` (in ${plural(r.days, 'day')})`}`,
        detail: `${ruleText(r)}. “${shorten(r.evidence)}”`,
        link: `${base}/requests/${r.id}`,
      })),
    },
    clockDigestSection(c.clocks ?? [], appUrl),
    {
      title: 'Drafts waiting for your approval',
      empty: 'No drafts are waiting.',
      items: c.drafts.map((d) => ({
        headline: `${who(d.child)}${d.title}`,
        detail: `To ${d.to.join(', ')}: “${d.subject}”`,
        link: `${base}/drafts/${d.id}`,
      })),
    },
    {
      title: 'Approved, not sent yet',
      empty: 'Every follow-up you approved has been sent.',
      items: (c.approvedNotSent ?? []).map((d) => ({
        headline: `${who(d.child)}${d.title}`,
        detail: `You approved it, but no connected mailbox sent it. Send it from your own email app to ${d.to.join(', ')}, then press “I sent it”.`,
        link: `${base}/drafts/${d.id}`,
      })),
    },
    {
      title: 'Missed promises from the school',
      empty: 'No missed promises.',
      items: c.missedCommitments.map((m) => ({
        headline: `${who(m.child)}promised by ${formatLongDate(m.dueDate)} (${plural(m.days, 'day')} ago)`,
        detail: `“${shorten(m.text)}”`,
        link: m.childId ? `${base}/children/${m.childId}#promises` : `${base}/app`,
      })),
    },
    {
      title: 'Upcoming promises from the school',
      empty: 'No promises are coming due.',
      items: c.upcomingCommitments.map((m) => ({
        headline: `${who(m.child)}promised by ${formatLongDate(m.dueDate)}`,
        detail: `“${shorten(m.text)}”`,
        link: m.childId ? `${base}/children/${m.childId}#promises` : `${base}/app`,
      })),
    },
    {
      title: 'IEP key dates in the next 30 days',
      empty: 'No IEP key dates in the next 30 days.',
      items: c.keyDates.map((k) => ({
        headline: `${who(k.child)}${k.name}: ${formatLongDate(k.date)}`,
        detail: k.days === 0 ? 'Today.' : `In ${plural(k.days, 'day')}.`,
        link: k.childId ? `${base}/children/${k.childId}#key-dates` : `${base}/app`,
      })),
    },
  ];
}

export function digestSubject(c: DigestContent): string {
  const parts = [c.overdue.length ? `${c.overdue.length} overdue` : null, c.drafts.length ? plural(c.drafts.length, 'draft') + ' to review' : null, c.approvedNotSent?.length ? `${c.approvedNotSent.length} approved, not sent` : null].filter(Boolean);
  return `Your weekly school follow-up digest, ${formatLongDate(c.today)}${parts.length ? `: ${parts.join(', ')}` : ''}`;
}

export function renderDigest(c: DigestContent, appUrl: string): RenderedDigest {
  const list = sections(c, appUrl);
  const subject = digestSubject(c);
  const greeting = c.parentName ? `Hello ${c.parentName},` : 'Hello,';
  const intro = `Here is where your requests to the school stand as of ${formatLongDate(c.today)}.`;

  const text = [
    greeting,
    '',
    intro,
    '',
    ...list.flatMap((s) => [
      `${s.title.toUpperCase()} (${s.items.length})`,
      ...(s.items.length ? s.items.flatMap((i) => [`- ${i.headline}`, `  ${i.detail}`, `  ${i.link}`]) : [`  ${s.empty}`]),
      '',
    ]),
    `Open Followthrough: ${appUrl.replace(/\/+$/, '')}/app`,
    '',
    NOT_LEGAL_ADVICE,
  ].join('\n');

  const font = "font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
  const sectionHtml = list
    .map(
      (s) => `
<tr><td style="padding:16px 20px 4px 20px;${font}">
  <h2 style="margin:0 0 8px 0;font-size:17px;line-height:1.3;color:#1f2937">${escapeHtml(s.title)} <span style="color:#6b7280;font-weight:normal">(${s.items.length})</span></h2>
  ${
    s.items.length
      ? s.items
          .map(
            (i) => `<div style="margin:0 0 12px 0;padding:10px 12px;border-left:3px solid ${s.title === 'Overdue' ? '#b45309' : '#2563eb'};background:#f9fafb">
    <a href="${escapeHtml(i.link)}" style="color:#1d4ed8;font-size:15px;line-height:1.4;text-decoration:none;font-weight:600">${escapeHtml(i.headline)}</a>
    <div style="color:#374151;font-size:14px;line-height:1.5;margin-top:4px">${escapeHtml(i.detail)}</div>
  </div>`,
          )
          .join('\n  ')
      : `<p style="margin:0 0 12px 0;color:#6b7280;font-size:14px">${escapeHtml(s.empty)}</p>`
  }
</td></tr>`,
    )
    .join('');

  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:0;background:#f3f4f6">
<div role="main" aria-label="Weekly follow-up digest">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f4f6"><tr><td align="center" style="padding:12px 8px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-radius:6px">
<tr><td style="padding:20px 20px 0 20px;${font}">
  <h1 style="margin:0 0 8px 0;font-size:20px;line-height:1.3;color:#111827">Weekly follow-up digest</h1>
  <p style="margin:0;color:#374151;font-size:15px;line-height:1.5">${escapeHtml(greeting)} ${escapeHtml(intro)}</p>
</td></tr>${sectionHtml}
<tr><td style="padding:8px 20px 20px 20px;${font}">
  <a href="${escapeHtml(appUrl.replace(/\/+$/, ''))}/app" style="display:inline-block;padding:10px 16px;background:#1d4ed8;color:#ffffff;border-radius:4px;text-decoration:none;font-size:15px">Open Followthrough</a>
  <p style="margin:16px 0 0 0;color:#6b7280;font-size:12px;line-height:1.5">${escapeHtml(NOT_LEGAL_ADVICE)}</p>
</td></tr>
</table></td></tr></table>
</div>
</body></html>`;
  return { subject, html, text };
}
