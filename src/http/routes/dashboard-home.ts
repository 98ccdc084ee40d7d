/**
 * What the home page (/app) needs: across the children the signed-in parent may see, what needs them today —
 * drafts to review, approved drafts not sent yet, overdue requests by days overdue, promises the school
 * missed, IEP key dates within 30 days — and a badge per child. Each child's numbers come from the same
 * childDashboards the child's page uses, so the two never disagree.
 */
import type { Db } from '../../db/client.js';
import { diffDays, localDateOf } from '../../core/deadlines/index.js';
import { childDashboards, type ChildRow, type RequestView } from './dashboard-data.js';

export const KEY_DATE_DAYS = 30;

export interface HomeDraft {
  id: string;
  child: ChildRow;
  /** What it chases: a request (kind, asked on, days past due) or a school's promise. */
  chases: { type: 'request'; kind: string; askedOn: string; daysOverdue: number } | { type: 'promise'; dueOn: string; daysOverdue: number } | null;
  subject: string;
}

export interface HomeData {
  kids: Array<ChildRow & { overdue: number; open: number; drafts: number; missed: number }>;
  toReview: HomeDraft[];
  approvedNotSent: HomeDraft[];
  overdue: Array<RequestView & { child: ChildRow; askedOn: string }>;
  missedPromises: Array<{ id: string; child: ChildRow; text: string; dueDate: string; daysOverdue: number }>;
  keyDates: Array<{ child: ChildRow; label: string; date: string; days: number }>;
}

export async function homeData(db: Db, kids: ChildRow[], now: Date): Promise<HomeData> {
  const out: HomeData = { kids: [], toReview: [], approvedNotSent: [], overdue: [], missedPromises: [], keyDates: [] };
  const dashboards = await childDashboards(db, kids, now);
  for (const child of kids) {
    const d = dashboards.get(child.id)!;
    const askedOn = (r: RequestView) => localDateOf(r.sentAt.getTime(), child.timezone);
    const overdue = d.requests.filter((r) => r.status === 'overdue');
    const missed = d.commitments
      .filter((c) => c.status === 'missed' || (c.status === 'pending' && c.dueDate < d.today))
      .map((c) => ({ id: c.id, child, text: c.text, dueDate: c.dueDate, daysOverdue: Math.max(0, diffDays(c.dueDate, d.today)) }));
    const chases = (draft: (typeof d.drafts)[number]): HomeDraft['chases'] => {
      const r = d.requests.find((x) => x.row.id === draft.requestId);
      if (r) return { type: 'request', kind: r.kind, askedOn: askedOn(r), daysOverdue: r.status === 'overdue' ? r.daysOverdue : 0 };
      const c = d.commitments.find((x) => x.id === draft.commitmentId);
      if (c) return { type: 'promise', dueOn: c.dueDate, daysOverdue: Math.max(0, diffDays(c.dueDate, d.today)) };
      return null;
    };
    const pending = d.drafts.filter((x) => x.status === 'pending');
    out.toReview.push(...pending.map((x) => ({ id: x.id, child, chases: chases(x), subject: x.subject })));
    // Approved and not sent yet (listApprovedNotSent's rule): the child's live drafts already hold them.
    out.approvedNotSent.push(...d.drafts.filter((x) => x.status === 'approved').map((x) => ({ id: x.id, child, chases: chases(x), subject: x.subject })));
    out.overdue.push(...overdue.map((r) => ({ ...r, child, askedOn: askedOn(r) })));
    out.missedPromises.push(...missed);
    for (const k of d.keyDates) {
      if (!k.date) continue;
      const days = diffDays(d.today, k.date);
      if (days >= 0 && days <= KEY_DATE_DAYS) out.keyDates.push({ child, label: k.label, date: k.date, days });
    }
    out.kids.push({
      ...child,
      overdue: overdue.length,
      open: d.requests.filter((r) => r.status === 'awaiting' || r.status === 'acknowledged').length,
      drafts: pending.length,
      missed: missed.length,
    });
  }
  const daysOf = (x: HomeDraft) => x.chases?.daysOverdue ?? 0;
  out.toReview.sort((a, b) => daysOf(b) - daysOf(a));
  out.overdue.sort((a, b) => b.daysOverdue - a.daysOverdue);
  out.missedPromises.sort((a, b) => b.daysOverdue - a.daysOverdue);
  out.keyDates.sort((a, b) => a.date.localeCompare(b.date));
  return out;
}
