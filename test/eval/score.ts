/**
 * Scoring of one labelled mailbox set for `npm run eval`: requests matched by message and kind, per-kind
 * precision/recall, confusion of kinds (same message, other kind) and of statuses, overdue precision/recall,
 * due dates, threads, commitments and drafts.
 */
export interface Want { messageId: string; kind: string; status: string; dueDate: string; evidence?: string }
export interface Got {
  id: string; messageId: string; kind: string; status: string; dueDate: string; evidence: string; threadId: string;
  /** The reply sentence that decided the status, shown with a status miss (`--verbose`). */
  replyReason?: { act: string; rule: string; sentence: string } | null;
}

export class SetScore {
  tp = 0; fp = 0; fn = 0; statusOk = 0; dueOk = 0;
  pairTp = 0; pairFp = 0; pairFn = 0;
  drafts = 0; draftsOk = 0;
  cWant = 0; cFound = 0; cExact = 0; cGot = 0;
  boxes = 0;
  readonly perKind = new Map<string, { tp: number; fp: number; fn: number }>();
  /** want kind → got kind ("—" for none), over requests of the same message. */
  readonly kinds = new Map<string, Map<string, number>>();
  /** want status → got status, over matched requests. */
  readonly statuses = new Map<string, Map<string, number>>();
  readonly misses: string[] = [];

  private k(kind: string) {
    let e = this.perKind.get(kind);
    if (!e) this.perKind.set(kind, (e = { tp: 0, fp: 0, fn: 0 }));
    return e;
  }

  requests(box: string, want: Want[], got: Got[]): Got[] {
    const pool = [...got];
    const missed: Want[] = [];
    for (const w of want) {
      const i = pool.findIndex((g) => g.messageId === w.messageId && g.kind === w.kind);
      if (i === -1) { missed.push(w); continue; }
      const g = pool.splice(i, 1)[0]!;
      this.tp++; this.k(w.kind).tp++;
      cell(this.kinds, w.kind, g.kind);
      cell(this.statuses, w.status, g.status);
      if (g.status === w.status) this.statusOk++;
      else this.misses.push(`${box}: STATUS ${w.kind} want ${w.status} got ${g.status}: ${g.evidence}${g.replyReason ? `\n    decided by ${g.replyReason.rule}: ${g.replyReason.sentence}` : ''}`);
      if (g.dueDate === w.dueDate) this.dueOk++;
      else this.misses.push(`${box}: DUE ${w.kind} want ${w.dueDate} got ${g.dueDate}`);
    }
    for (const w of missed) {
      this.fn++; this.k(w.kind).fn++;
      // A request of another kind in the same message is a confusion of kinds, not a miss of the message.
      const j = pool.findIndex((g) => g.messageId === w.messageId && !want.some((x) => x.messageId === g.messageId && x.kind === g.kind));
      cell(this.kinds, w.kind, j >= 0 ? pool[j]!.kind : '—');
      this.misses.push(`${box}: MISSED ${w.kind} in ${w.messageId}: ${w.evidence ?? ''}${j >= 0 ? ` (got ${pool[j]!.kind})` : ''}`);
    }
    for (const g of pool) {
      this.fp++; this.k(g.kind).fp++;
      if (!missed.some((w) => w.messageId === g.messageId)) cell(this.kinds, '—', g.kind);
      this.misses.push(`${box}: EXTRA ${g.kind} in ${g.messageId}: ${g.evidence}`);
    }
    return pool;
  }

  /** Overdue as a detector: of the requests we call overdue, how many are; of the overdue ones, how many we find. */
  overdue(): { precision: number; recall: number; flagged: number; actual: number } {
    let flagged = 0, actual = 0, both = 0;
    for (const [want, row] of this.statuses) for (const [got, n] of row) {
      if (got === 'overdue') flagged += n;
      if (want === 'overdue') actual += n;
      if (want === 'overdue' && got === 'overdue') both += n;
    }
    // Missed overdue requests count against recall; extra "overdue" detections against precision.
    return { precision: both / Math.max(1, flagged + this.extraOverdue), recall: both / Math.max(1, actual + this.missedOverdue), flagged: flagged + this.extraOverdue, actual: actual + this.missedOverdue };
  }
  extraOverdue = 0;
  missedOverdue = 0;

  report(name: string, verbose: boolean): string {
    const out: string[] = [];
    if (verbose) out.push(...this.misses);
    const p = this.tp / Math.max(1, this.tp + this.fp);
    const r = this.tp / Math.max(1, this.tp + this.fn);
    const pairP = this.pairTp / Math.max(1, this.pairTp + this.pairFp);
    const pairR = this.pairTp / Math.max(1, this.pairTp + this.pairFn);
    const od = this.overdue();
    out.push(`== ${name} ==`);
    out.push(`mailboxes=${this.boxes} labelled=${this.tp + this.fn} detected=${this.tp + this.fp}`);
    out.push(`request precision=${p.toFixed(3)} recall=${r.toFixed(3)} (target ≥0.95 / ≥0.90)`);
    out.push(`status accuracy=${(this.statusOk / Math.max(1, this.tp)).toFixed(3)} (target ≥0.90)`);
    out.push(`overdue precision=${od.precision.toFixed(3)} recall=${od.recall.toFixed(3)} (flagged ${od.flagged}, overdue ${od.actual})`);
    out.push(`due dates exact=${(this.dueOk / Math.max(1, this.tp)).toFixed(3)} (target ≥0.95)`);
    out.push(`thread pairwise F1=${((2 * pairP * pairR) / Math.max(1e-9, pairP + pairR)).toFixed(3)}`);
    out.push(`commitments found=${this.cFound}/${this.cWant} (reported ${this.cGot}), due date and status exact=${this.cExact}/${this.cWant}`);
    out.push(`drafts passing every rule=${(this.draftsOk / Math.max(1, this.drafts)).toFixed(3)} (${this.draftsOk}/${this.drafts})`);
    out.push('per kind (precision / recall, labelled):');
    for (const [kind, e] of [...this.perKind].sort()) out.push(`  ${kind.padEnd(15)} ${(e.tp / Math.max(1, e.tp + e.fp)).toFixed(2)} / ${(e.tp / Math.max(1, e.tp + e.fn)).toFixed(2)}  (${e.tp + e.fn})`);
    out.push(...matrix('kinds (rows: labelled, columns: detected; — = none)', this.kinds));
    out.push(...matrix('statuses of matched requests (rows: labelled, columns: detected)', this.statuses));
    return out.join('\n');
  }
}

function cell(m: Map<string, Map<string, number>>, row: string, col: string) {
  let r = m.get(row);
  if (!r) m.set(row, (r = new Map()));
  r.set(col, (r.get(col) ?? 0) + 1);
}

function matrix(title: string, m: Map<string, Map<string, number>>): string[] {
  const rows = [...m.keys()].sort();
  const cols = [...new Set([...m.values()].flatMap((r) => [...r.keys()]))].sort();
  const short = (s: string) => s.slice(0, 6).padStart(6);
  const out = [title + ':', `  ${''.padEnd(15)}${cols.map(short).join(' ')}`];
  for (const row of rows) out.push(`  ${row.padEnd(15)}${cols.map((c) => String(m.get(row)!.get(c) ?? '').padStart(6)).join(' ')}`);
  return out;
}

export function pairs(groups: string[][]): Set<string> {
  const set = new Set<string>();
  for (const g of groups) for (let i = 0; i < g.length; i++) for (let j = i + 1; j < g.length; j++) set.add([g[i], g[j]].sort().join(' ~ '));
  return set;
}
