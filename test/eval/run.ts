/**
 * `npm run eval`: runs `analyze` (the command's own code, src/cli/analyze-command.ts) on every mailbox of a
 * labelled set and prints request precision and recall (matched by message and kind), per-kind
 * precision/recall, confusion matrices of kinds and of statuses, overdue precision/recall, status accuracy,
 * due-date exact-match rate, thread pairwise F1, commitments and the share of drafts passing every draft rule.
 *
 * `--set=corpus` (the default) scores the project's corpus (test/fixtures/corpus/); `--set=dev` the real-world
 * development half (test/fixtures/real-world/dev/, materialised by its builder into a temporary folder);
 * `--set=holdout` the held-out half (the lead runs it once, at the end; nobody tunes on it).
 * `--verbose` lists every miss; `--only=PREFIX[,PREFIX…]` limits the mailboxes to names starting with any of
 * the prefixes (a batch of sources scored alone).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkDraft } from '../../src/core/draft-rules.js';
import { runAnalyze } from '../../src/cli/analyze-command.js';
import { addCounted, defaultTimezone, localDateOf, ruleById } from '../../src/core/deadlines/index.js';
import { materialize } from '../fixtures/real-world/build.js';
import { parseOnly, selected } from './only.js';
import { pairs, SetScore, type Got } from './score.js';

const CORPUS = new URL('../fixtures/corpus/', import.meta.url).pathname;
const verbose = process.argv.includes('--verbose');
const only = parseOnly(process.argv.find((a) => a.startsWith('--only='))?.slice(7));
const set = process.argv.find((a) => a.startsWith('--set='))?.slice(6) ?? 'corpus';
if (!['corpus', 'dev', 'holdout'].includes(set)) throw new Error(`--set must be corpus, dev or holdout (got ${set})`);

interface Case { parent: string[]; school: string[]; state: string; now: string; timezone?: string; calendar?: string; iep?: string; child?: string; parentName?: string }
interface Expected {
  requests: Array<{ messageId: string; kind: string; status: string; dueDate: string; evidence?: string }>;
  threads: string[][];
  commitments?: Array<{ messageId: string; dueDate: string; status: string }>;
}
interface Commitment { messageId: string; dueDate: string; status: string; text: string }
interface Draft { requestId: string | null; to: string[]; cc: string[]; subject: string; body: string; inReplyTo: string }
type FullRequest = Got & { sentAt: string; provisions: string[]; rule: { id: string } | null; acknowledgedBy: string | null };

async function scoreSet(root: string): Promise<SetScore> {
  const score = new SetScore();
  const boxes = readdirSync(root).filter((d) => existsSync(join(root, d, 'case.json')) && selected(d, only)).sort();
  score.boxes = boxes.length;
  for (const box of boxes) await scoreBox(score, box, join(root, box));
  return score;
}

async function scoreBox(score: SetScore, box: string, dir: string): Promise<void> {
  const misses = score.misses;
  const c = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as Case;
  const want = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected;
  const args = ['--mail', join(dir, 'mail'), '--parent', c.parent.join(','), '--school', c.school.join(','), '--state', c.state, '--now', c.now];
  if (c.timezone) args.push('--timezone', c.timezone);
  if (c.calendar) args.push('--calendar', join(dir, c.calendar));
  if (c.iep) args.push('--iep', join(dir, c.iep));
  if (c.child) args.push('--child', c.child);
  if (c.parentName) args.push('--parent-name', c.parentName);
  // The analyze command's own code, in-process (the command is `runAnalyze` plus printing).
  const out = JSON.parse(await runAnalyze(args, { explain: verbose }));

  const got = [...out.requests] as FullRequest[];
  score.requests(box, want.requests, got);
  for (const g of got) if (g.status === 'overdue' && !want.requests.some((w) => w.messageId === g.messageId && w.kind === g.kind)) score.extraOverdue++;
  for (const w of want.requests) if (w.status === 'overdue' && !got.some((g) => g.messageId === w.messageId && g.kind === w.kind)) score.missedOverdue++;

  const gotC = [...(out.commitments as Commitment[])];
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
  for (const p of gotPairs) if (!wantPairs.has(p)) misses.push(`${box}: THREAD extra pair ${p}`);
  for (const p of wantPairs) if (!gotPairs.has(p)) misses.push(`${box}: THREAD missing pair ${p}`);

  for (const d of out.drafts as Draft[]) {
    score.drafts++;
    const req = got.find((r) => r.id === d.requestId);
    const tz = c.timezone ?? defaultTimezone(c.state);
    const commitment = (out.commitments as Commitment[]).find((x) => x.status === 'missed' && d.body.includes(x.text.slice(0, 30)));
    // References are not part of the analyze output: they are the thread up to the message replied to.
    const threadIds = (out.threads as Array<{ messageIds: string[] }>).find((t) => t.messageIds.includes(d.inReplyTo))?.messageIds ?? [];
    const references = threadIds.slice(0, threadIds.indexOf(d.inReplyTo) + 1);
    const sentAt = req?.sentAt ?? (out.messages as Array<{ messageId: string; sentAt: string }>).find((m) => m.messageId === commitment?.messageId)?.sentAt ?? c.now;
    const results = checkDraft(
      { requestId: d.requestId ?? '', inReplyTo: d.inReplyTo, references, to: d.to, cc: d.cc, subject: d.subject, body: d.body },
      {
        request: { id: d.requestId ?? '', kind: (req?.kind ?? 'information') as never, evidence: req?.evidence ?? commitment?.text ?? '', sentAt, subject: d.subject.replace(/^Re:\s*/i, '') },
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

if (set === 'corpus') {
  console.log((await scoreSet(CORPUS)).report('corpus (test/fixtures/corpus)', verbose));
} else {
  const scratch = mkdtempSync(join(tmpdir(), 'ft-eval-'));
  try {
    await materialize(set as 'dev' | 'holdout', scratch);
    console.log((await scoreSet(scratch)).report(`real-world ${set} (test/fixtures/real-world/${set})`, verbose));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
