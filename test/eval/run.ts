/**
 * `npm run eval`: runs `analyze` (the command's own code, src/cli/analyze-command.ts) on every mailbox of each
 * labelled set and prints, per set, request precision and recall (matched by message and kind), per-kind
 * precision/recall, confusion matrices of kinds and of statuses, overdue precision/recall, status accuracy,
 * due-date exact-match rate, thread pairwise F1 and the share of drafts passing every draft rule.
 *
 * Sets: the project's corpus (test/fixtures/corpus/), then the real-world development set
 * (test/fixtures/real-world/dev/, materialised by its builder). `--holdout` scores the held-out set instead of
 * the development set (the lead runs it once, at the end). `--verbose` lists every miss; `--only=PREFIX`
 * limits the mailboxes; `--set=corpus|dev` runs one set.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkDraft } from '../../src/core/draft-rules.js';
import { runAnalyze } from '../../src/cli/analyze-command.js';
import { addCounted, defaultTimezone, localDateOf, ruleById } from '../../src/core/deadlines/index.js';
import { materialize } from '../fixtures/real-world/build.js';
import { pairs, SetScore, type Got } from './score.js';

const CORPUS = new URL('../fixtures/corpus/', import.meta.url).pathname;
const verbose = process.argv.includes('--verbose');
const holdout = process.argv.includes('--holdout');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
const onlySet = process.argv.find((a) => a.startsWith('--set='))?.slice(6);

interface Case { parent: string[]; school: string[]; state: string; now: string; timezone?: string; calendar?: string; iep?: string; child?: string; parentName?: string }
interface Expected {
  requests: Array<{ messageId: string; kind: string; status: string; dueDate: string; evidence?: string }>;
  threads: string[][];
  commitments?: Array<{ messageId: string; dueDate: string; status: string }>;
}

async function scoreSet(root: string): Promise<SetScore> {
  const score = new SetScore();
  const misses = score.misses;
const boxes = readdirSync(root).filter((d) => existsSync(join(root, d, 'case.json')) && (!only || d.startsWith(only))).sort();
score.boxes = boxes.length;
for (const box of boxes) {
  const dir = join(root, box);
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

  const got = [...out.requests] as Got[];
  score.requests(box, want.requests, got);
  for (const g of got) if (g.status === 'overdue' && !want.requests.some((w) => w.messageId === g.messageId && w.kind === g.kind)) score.extraOverdue++;
  for (const w of want.requests) if (w.status === 'overdue' && !got.some((g) => g.messageId === w.messageId && g.kind === w.kind)) score.missedOverdue++;
  const gotC = [...(out.commitments as Array<{ messageId: string; dueDate: string; status: string; text: string }>)];
  score.cGot += gotC.length;
  for (const w of want.commitments ?? []) {
    score.cWant++;
    const i = gotC.findIndex((g) => g.messageId === w.messageId);
    if (i === -1) {
      misses.push(`${box}: COMMITMENT missed in ${w.messageId}`);
      continue;
    }
    const g = gotC.splice(i, 1)[0]!;
    score.cFound++;
    if (g.dueDate === w.dueDate && g.status === w.status) score.cExact++;
    else misses.push(`${box}: COMMITMENT want ${w.dueDate}/${w.status} got ${g.dueDate}/${g.status}: ${g.text}`);
  }
  for (const g of gotC) misses.push(`${box}: COMMITMENT extra: ${g.text}`);

  const gotPairs = pairs((out.threads as Array<{ messageIds: string[] }>).map((t) => t.messageIds));
  const wantPairs = pairs(want.threads);
  for (const p of gotPairs) (wantPairs.has(p) ? score.pairTp++ : score.pairFp++);
  for (const p of wantPairs) if (!gotPairs.has(p)) score.pairFn++;
  if (gotPairs.size !== 0 || wantPairs.size !== 0) {
    for (const p of gotPairs) if (!wantPairs.has(p)) misses.push(`${box}: THREAD extra pair ${p}`);
    for (const p of wantPairs) if (!gotPairs.has(p)) misses.push(`${box}: THREAD missing pair ${p}`);
  }

  for (const d of out.drafts as Array<{ requestId: string | null; to: string[]; cc: string[]; subject: string; body: string; inReplyTo: string }>) {
    score.drafts++;
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
    if (results.every((r) => r.ok)) score.draftsOk++;
    else misses.push(`${box}: DRAFT ${d.requestId} fails ${results.filter((r) => !r.ok).map((r) => r.rule).join(', ')}`);
  }
}
  return score;
}

const sets: Array<[string, () => Promise<string>]> = [['corpus (test/fixtures/corpus)', async () => CORPUS]];
const scratch = mkdtempSync(join(tmpdir(), 'ft-eval-'));
const split = holdout ? 'holdout' : 'dev';
sets.push([`real-world ${split} (test/fixtures/real-world/${split})`, async () => { await materialize(split, join(scratch, split)); return join(scratch, split); }]);
try {
  for (const [name, root] of sets) {
    if (onlySet && !name.startsWith(onlySet === 'dev' || onlySet === 'holdout' ? 'real-world' : onlySet)) continue;
    const score = await scoreSet(await root());
    console.log(score.report(name, verbose));
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
