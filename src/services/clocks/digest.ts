/**
 * The weekly digest's process clocks (spec §5, §7): overdue clocks and running ones due within two weeks,
 * each with the rule it runs under and a link to the child's clock. digest/content.ts reads them and
 * digest/render.ts shows them as one section.
 */
import type { Db } from '../../db/client.js';
import { formatLongDate } from '../../core/drafting.js';
import { clocksNeedingAttention, ruleHref } from './views.js';

export interface DigestClockItem {
  id: string;
  childId: string;
  child: string;
  kind: 'evaluation-completion' | 'iep-after-eligibility';
  status: 'overdue' | 'running';
  startDate: string;
  dueDate: string;
  /** Overdue: days past the due date; running: days left. */
  days: number;
  citation: string | null;
  ruleId: string | null;
}

export const CLOCK_SOON_DAYS = 14;

export async function digestClocks(db: Db, accountId: string, now: Date): Promise<DigestClockItem[]> {
  const views = await clocksNeedingAttention(db, accountId, now, CLOCK_SOON_DAYS);
  return views.map((v) => ({
    id: v.id,
    childId: v.childId,
    child: v.childName,
    kind: v.kind,
    status: v.status === 'overdue' ? 'overdue' : 'running',
    startDate: v.startDate,
    dueDate: v.dueDate,
    days: Math.abs(v.daysLeft),
    citation: v.rule?.citation ?? null,
    ruleId: v.rule?.id ?? null,
  }));
}

const KIND_TEXT = { 'evaluation-completion': 'Evaluation completion', 'iep-after-eligibility': 'IEP meeting after eligibility' } as const;
const START_TEXT = { 'evaluation-completion': 'consent returned', 'iep-after-eligibility': 'eligibility decided' } as const;
const days = (n: number) => `${n} ${n === 1 ? 'day' : 'days'}`;

/** The digest section, in the shape digest/render.ts lays out. */
export function clockDigestSection(items: readonly DigestClockItem[], appUrl: string) {
  const base = appUrl.replace(/\/+$/, '');
  return {
    title: 'Process clocks overdue or due soon',
    empty: 'No process clock is overdue or due in the next two weeks.',
    items: items.map((c) => ({
      headline: `${c.child}: ${KIND_TEXT[c.kind]} ${c.status === 'overdue' ? `${days(c.days)} overdue` : `due ${formatLongDate(c.dueDate)}${c.days === 0 ? ' (today)' : ` (in ${days(c.days)})`}`}`,
      detail: `${START_TEXT[c.kind]} ${formatLongDate(c.startDate)}; due ${formatLongDate(c.dueDate)}${c.citation ? ` under ${c.citation} (${base}${ruleHref(c.ruleId!)})` : ''}.`,
      link: `${base}/children/${c.childId}#clock-${c.id}`,
    })),
  };
}
