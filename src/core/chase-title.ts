/**
 * What a follow-up chases, as its title (issue 14 #9): "Records request of Oct 5 — 37 days past due", not the
 * subject line every follow-up of a conversation shares. Pure: the pages, the digest and the record use it.
 */
const MONTH_DAY_FORMAT = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', month: 'short', day: 'numeric' }); // made once: building one per call is the cost
const MONTH_DAY = (ymd: string) => {
  const [y, m, d] = ymd.split('-').map(Number);
  return MONTH_DAY_FORMAT.format(new Date(Date.UTC(y!, m! - 1, d!)));
};

const TITLE_KIND: Record<string, string> = {
  meeting: 'Meeting request',
  evaluation: 'Evaluation request',
  iee: 'IEE request',
  records: 'Records request',
  progress: 'Progress data request',
  pwn: 'Prior written notice request',
  services: 'Services request',
  accommodations: 'Accommodations request',
  information: 'Question',
};

/** "Records request", "Question": the kind as the first words of a title. */
export function titleKind(kind: string): string {
  return TITLE_KIND[kind] ?? 'Request';
}

const pastDue = (days: number) => (days > 0 ? ` — ${days} day${days === 1 ? '' : 's'} past due` : '');

/** "Records request of Oct 5 — 37 days past due" (no tail when it is not past due). */
export function chaseTitle(kind: string, askedOn: string, daysOverdue: number): string {
  return `${titleKind(kind)} of ${MONTH_DAY(askedOn)}${pastDue(daysOverdue)}`;
}

/** The same for a school's promise: "School’s promise for Feb 3 — 5 days past due". */
export function promiseTitle(dueOn: string, daysOverdue: number): string {
  return `School’s promise for ${MONTH_DAY(dueOn)}${pastDue(daysOverdue)}`;
}
