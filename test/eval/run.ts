/**
 * `npm run eval`: runs `analyze` (the command's own code, src/cli/analyze-command.ts) on every mailbox of the labelled
 * corpus in test/fixtures/corpus/ and prints request precision and recall (matched by message and kind),
 * status accuracy, due-date exact-match rate, thread pairwise F1 and the share of drafts passing every
 * draft rule. `--verbose` lists every miss.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkDraft } from '../../src/core/draft-rules.js';
import { runAnalyze } from '../../src/cli/analyze-command.js';
import { addCounted, defaultTimezone, localDateOf, ruleById } from '../../src/core/deadlines/index.js';

const ROOT = new URL('../fixtures/corpus/', import.meta.url).pathname;
const verbose = process.argv.includes('--verbose');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);

interface Case { parent: string[]; school: string[]; state: string; now: string; timezone?: string; calendar?: string; iep?: string; child?: string; parentName?: string }
interface Expected {
  requests: Array<{ messageId: string; kind: string; status: string; dueDate: string; evidence?: string }>;
  threads: string[][];
  commitments?: Array<{ messageId: string; dueDate: string; status: string }>;
}

let tp = 0, fp = 0, fn = 0, statusOk = 0, dueOk = 0, matched = 0;
let pairTp = 0, pairFp = 0, pairFn = 0;
let drafts = 0, draftsOk = 0;
let cWant = 0, cFound = 0, cExact = 0, cGot = 0;
const misses: string[] = [];

const boxes = readdirSync(ROOT).filter((d) => existsSync(join(ROOT, d, 'case.json')) && (!only || d.startsWith(only))).sort();
for (const box of boxes) {
  const dir = join(ROOT, box);
  const c = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as Case;
  const want = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected;
  const args = ['--mail', join(dir, 'mail'), '--parent', c.parent.join(','), '--school', c.school.join(','), '--state', c.state, '--now', c.now];
  if (c.timezone) args.push('--timezone', c.timezone);
  if (c.calendar) args.push('--calendar', join(dir, c.calendar));
  if (c.iep) args.push('--iep', join(dir, c.iep));
  if (c.child) args.push('--child', c.child);
  if (c.parentName) args.push('--parent-name', c.parentName);
  // The analyze command's own code, in-process (the command is `runAnalyze` plus printing).
  const out = JSON.parse(await runAnalyze(args));

  const got = [...out.requests] as Array<{ id: string; messageId: string; kind: string; status: string; dueDate: string; evidence: string; threadId: string }>;
  const pool = [...got];
  for (const w of want.requests) {
    const i = pool.findIndex((g) => g.messageId === w.messageId && g.kind === w.kind);
    if (i === -1) {
      fn++;
      misses.push(`${box}: MISSED ${w.kind} in ${w.messageId}: ${w.evidence ?? ''}`);
      continue;
    }
    const g = pool.splice(i, 1)[0]!;
    tp++;
    matched++;
    if (g.status === w.status) statusOk++;
    else misses.push(`${box}: STATUS ${w.kind} want ${w.status} got ${g.status}: ${g.evidence}`);
    if (g.dueDate === w.dueDate) dueOk++;
    else misses.push(`${box}: DUE ${w.kind} want ${w.dueDate} got ${g.dueDate}`);
  }
  for (const g of pool) {
    fp++;
    misses.push(`${box}: EXTRA ${g.kind} in ${g.messageId}: ${g.evidence}`);
  }

  const gotC = [...(out.commitments as Array<{ messageId: string; dueDate: string; status: string; text: string }>)];
  cGot += gotC.length;
  for (const w of want.commitments ?? []) {
    cWant++;
    const i = gotC.findIndex((g) => g.messageId === w.messageId);
    if (i === -1) {
      misses.push(`${box}: COMMITMENT missed in ${w.messageId}`);
      continue;
    }
    const g = gotC.splice(i, 1)[0]!;
    cFound++;
    if (g.dueDate === w.dueDate && g.status === w.status) cExact++;
    else misses.push(`${box}: COMMITMENT want ${w.dueDate}/${w.status} got ${g.dueDate}/${g.status}: ${g.text}`);
  }
  for (const g of gotC) misses.push(`${box}: COMMITMENT extra: ${g.text}`);

  const gotPairs = pairs((out.threads as Array<{ messageIds: string[] }>).map((t) => t.messageIds));
  const wantPairs = pairs(want.threads);
  for (const p of gotPairs) (wantPairs.has(p) ? pairTp++ : pairFp++);
  for (const p of wantPairs) if (!gotPairs.has(p)) pairFn++;
  if (gotPairs.size !== 0 || wantPairs.size !== 0) {
    for (const p of gotPairs) if (!wantPairs.has(p)) misses.push(`${box}: THREAD extra pair ${p}`);
    for (const p of wantPairs) if (!gotPairs.has(p)) misses.push(`${box}: THREAD missing pair ${p}`);
  }

  for (const d of out.drafts as Array<{ requestId: string | null; to: string[]; cc: string[]; subject: string; body: string; inReplyTo: string }>) {
    drafts++;
    const req = got.find((r) => r.id === d.requestId) as (typeof got)[number] & { sentAt: string; provisions: string[]; rule: { id: string } | null; acknowledgedBy: string | null } | undefined;
    const tz = c.timezone ?? defaultTimezone(c.state);
    const commitment = (out.commitments as Array<{ messageId: string; text: string; dueDate: string; status: string }>).find((x) => x.status === 'missed' && d.body.includes(x.text.slice(0, 30)));
    // References are not part of the analyze output: they are the thread up to the message replied to.
    const threadIds = (out.threads as Array<{ messageIds: string[] }>).find((t) => t.messageIds.includes(d.inReplyTo))?.messageIds ?? [];
    const references = threadIds.slice(0, threadIds.indexOf(d.inReplyTo) + 1);
    const results = checkDraft(
      { requestId: d.requestId ?? '', inReplyTo: d.inReplyTo, references, to: d.to, cc: d.cc, subject: d.subject, body: d.body },
      {
        request: { id: d.requestId ?? '', kind: (req?.kind ?? 'information') as never, evidence: req?.evidence ?? commitment?.text ?? '', sentAt: req?.sentAt ?? (out.messages as Array<{ messageId: string; sentAt: string }>).find((m) => m.messageId === commitment?.messageId)?.sentAt ?? c.now, subject: d.subject.replace(/^Re:\s*/i, '') },
        thread: { lastMessageId: d.inReplyTo, references },
        to: d.to, cc: d.cc, childName: c.child ?? null, parentName: c.parentName ?? null,
        provision: (out.provisions as Array<{ id: string }>).find((p) => req?.provisions.includes(p.id)) as never ?? null,
        rule: req?.rule ? ruleById(req.rule.id) ?? null : null, citeLaw: true,
        dueDate: req?.dueDate ?? commitment?.dueDate ?? '', respondBy: addCounted(localDateOf(c.now, tz), 5, 'business_days', { state: c.state }).date,
        timezone: tz, status: req?.acknowledgedBy ? 'acknowledged' : 'overdue',
        commitment: commitment ? { text: commitment.text, dueDate: commitment.dueDate } : null,
      },
    );
    if (results.every((r) => r.ok)) draftsOk++;
    else misses.push(`${box}: DRAFT ${d.requestId} fails ${results.filter((r) => !r.ok).map((r) => r.rule).join(', ')}`);
  }
}

function pairs(groups: string[][]): Set<string> {
  const set = new Set<string>();
  for (const g of groups) for (let i = 0; i < g.length; i++) for (let j = i + 1; j < g.length; j++) set.add([g[i], g[j]].sort().join(' ~ '));
  return set;
}

const precision = tp / Math.max(1, tp + fp);
const recall = tp / Math.max(1, tp + fn);
const pairP = pairTp / Math.max(1, pairTp + pairFp);
const pairR = pairTp / Math.max(1, pairTp + pairFn);
if (verbose) for (const m of misses) console.log(m);
console.log(`mailboxes=${boxes.length} labelled=${tp + fn} detected=${tp + fp}`);
console.log(`request precision=${precision.toFixed(3)} recall=${recall.toFixed(3)} (target ≥0.95 / ≥0.90)`);
console.log(`status accuracy=${(statusOk / Math.max(1, matched)).toFixed(3)} (target ≥0.90)`);
console.log(`due dates exact=${(dueOk / Math.max(1, matched)).toFixed(3)} (target ≥0.95)`);
console.log(`thread pairwise F1=${((2 * pairP * pairR) / Math.max(1e-9, pairP + pairR)).toFixed(3)}`);
console.log(`commitments found=${cFound}/${cWant} (reported ${cGot}), due date and status exact=${cExact}/${cWant}`);
console.log(`drafts passing every rule=${(draftsOk / Math.max(1, drafts)).toFixed(3)} (${draftsOk}/${drafts})`);
