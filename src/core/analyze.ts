import type { MailMessage, RequestKind, RequestStatus } from './types.js';
import { isSchoolCorrespondence, schoolMatcher } from './school.js';
import { threadMessages, chronological, storedThreads } from './threading.js';
import { splitNewText } from './new-text.js';
import { detectRequests, type DetectedRequest } from './requests/detect.js';
import { replyAboutItem } from './requests/list-replies.js';
import { renewedByNudge } from './requests/nudges.js';
import type { SentenceQuestion } from './language/adjudication.js';
import { indexVerdicts } from './language/uncertain.js';
import { readReply } from './replies.js';
import { findCommitments, keepsCommitment } from './commitments.js';
import { answersByTopicAlone, indexQuotes, inlineAnswer, newSchoolThreadsTo, repliesTo, repliesToThisMessage, RESPONSE_WINDOW_MS, squash, type Working } from './reply-matching.js';
import { chooseSentDate } from './sent-date.js';
import { computeDue, localDateOf } from './deadlines/index.js';
import { requestStatus } from './request-status.js';
import { matchProvisions } from './provisions/match.js';
import { buildDrafts } from './analyze-drafts.js';
import { withParentMarked } from './parent-marked.js';
import { analyzeClocks } from './clocks/analyze-clocks.js';
import type { AnalyzeInput, AnalyzeResult, AnalyzedCommitment, AnalyzedRequest } from './analyze-types.js';

export type { AnalyzeInput, AnalyzedCommitment, AnalyzedMessage, AnalyzedRequest, AnalyzeResult } from './analyze-types.js';

/**
 * The whole pipeline on parsed messages (spec §2–6), pure: `now` is an argument. The `analyze` command
 * prints its result; the service stores the same result.
 */
export function analyze(input: AnalyzeInput): AnalyzeResult {
  const parents = new Set(input.parents.map((p) => p.toLowerCase()));
  const school = schoolMatcher(input.school);
  const nowMs = Date.parse(input.now);
  const provisions = input.provisions ?? [];

  const seen = new Set<string>();
  const skipped = [...(input.skipped ?? [])];
  const kept = repairStoredDates(input.messages, new Date(nowMs), skipped)
    .filter((m) => isSchoolCorrespondence(m, school))
    .filter((m) => (seen.has(m.messageId) ? false : (seen.add(m.messageId), true)))
    .sort(chronological);

  // A message stored before rethreading ran (or whose thread went) has none: then the child is threaded afresh.
  const groups = (input.stored && storedThreads(kept, (m) => input.stored!.get(m.messageId)?.thread)) || threadMessages(kept);
  const threadOf = new Map<string, string>();
  const threads = groups.map((g, i) => {
    const id = `t${i + 1}`;
    for (const mid of g.messageIds) threadOf.set(mid, id);
    return { id, subject: g.subject, messageIds: g.messageIds };
  });

  const working: Working[] = kept.map((m) => {
    const base = { ...m, threadId: threadOf.get(m.messageId)!, side: m.from && parents.has(m.from.address) ? ('parent' as const) : ('school' as const) };
    const storedText = input.stored?.get(m.messageId)?.newText;
    // new_text is stored with every message; an empty one beside a non-empty body is split again (a row
    // written before the extraction filled it, or one that really is all quote: splitting gives '' again).
    if (storedText !== undefined && (storedText !== '' || m.text.trim() === '')) {
      // The quoted part is read only for school replies when a request's words are looked for in them.
      let quoted: string | undefined;
      return Object.defineProperty({ ...base, newText: storedText } as Working, 'quotedSquashed', {
        get: () => (quoted ??= squash(splitNewText(m.text).quoted)),
        enumerable: true,
      });
    }
    const parts = splitNewText(m.text);
    return { ...base, newText: parts.newText, quotedSquashed: squash(parts.quoted) };
  });
  const byThread = new Map<string, Working[]>();
  for (const m of working) byThread.set(m.threadId, [...(byThread.get(m.threadId) ?? []), m]);

  const requests: AnalyzedRequest[] = [];
  const detectedByMessage = new Map<string, ReturnType<typeof detectRequests>>();
  const kindsByMessage = new Map<string, RequestKind[]>();
  const verdicts = indexVerdicts(input.verdicts);
  const questions: SentenceQuestion[] = [];
  for (const m of working) {
    if (m.side !== 'parent' || m.automatic) continue;
    const detected = withParentMarked(detectRequests(m.newText, m.subject, { verdicts, questions }), input.parentMarked, m.messageId).map((d) => renewedByNudge(d, () => earlierAsks(m, byThread, detectedByMessage)));
    detectedByMessage.set(m.messageId, detected);
    kindsByMessage.set(m.messageId, detected.map((d) => d.kind));
  }
  const quotedIn = indexQuotes(working, [...detectedByMessage.values()].flat().map((d) => d.evidence));
  for (const m of working) {
    if (m.side !== 'parent' || m.automatic || m.sentAtMs > nowMs) continue;
    if (![...m.to, ...m.cc].some((a) => !parents.has(a.address))) continue;
    const detected = detectedByMessage.get(m.messageId) ?? [];
    const kinds = detected.map((d) => d.kind);
    for (const d of detected) {
      const due = computeDue({ kind: d.kind, state: input.state, sentAt: m.sentAt, timezone: input.timezone, calendar: input.calendar, courtesy: input.courtesy });
      const replies = repliesTo(m, working, byThread, parents, nowMs, d.evidence, d.kind, quotedIn);
      let answeredBy: string | null = null;
      let acknowledgedBy: string | null = null;
      let declined = false;
      let replyReason: AnalyzedRequest['replyReason'] = null;
      const siblings = d.listItem ? detected.filter((x) => x.listItem && x.kind === d.kind).map((x) => x.evidence) : [];
      for (const r of replies) {
        if (!repliesToThisMessage(r, m, d.kind, byThread, kindsByMessage)) continue;
        // An inline answer (the school's paragraph right under the quoted request) speaks to this request alone.
        const inline = inlineAnswer(r.text, d.evidence);
        // An item of a list of same-kind asks is answered by what the reply says about that item.
        const about = siblings.length > 1 ? replyAboutItem(inline ?? r.newText, d.evidence, siblings) : null;
        if (siblings.length > 1 && about === null) continue;
        const reading = about !== null ? readReply(about, d.kind, [], { hasAttachments: r.attachments.length > 0 }) : inline ? readReply(inline, d.kind, [], { hasAttachments: r.attachments.length > 0 }) : readReply(r.newText, d.kind, kinds, { hasAttachments: r.attachments.length > 0, requestText: d.evidence, requestAct: d.reason?.act === 'question' ? 'question' : 'ask', siblings: detected.filter((x) => x !== d).map((x) => ({ kind: x.kind, text: x.evidence })) });
        if (reading.act === 'none' || !answersByTopicAlone(r, reading.reason?.act)) continue;
        if (reading.act === 'acknowledged') {
          if (!acknowledgedBy && reading.reason) replyReason = { messageId: r.messageId, ...reading.reason };
          acknowledgedBy ??= r.messageId;
          continue;
        }
        answeredBy = r.messageId;
        if (reading.reason) replyReason = { messageId: r.messageId, ...reading.reason };
        declined = reading.act === 'declined';
        break;
      }
      const override = input.overrides?.find((o) => o.messageId === m.messageId && o.kind === d.kind);
      // A due date the parent set decides lateness; the computed one is still reported with its rule.
      const effectiveDue = override?.dueDate ?? due.dueDate;
      const status: RequestStatus = requestStatus({ answered: answeredBy !== null, acknowledged: acknowledgedBy !== null, dueDate: effectiveDue, now: input.now, timezone: input.timezone });
      requests.push({
        id: `r${requests.length + 1}`,
        threadId: m.threadId,
        messageId: m.messageId,
        kind: d.kind,
        sentAt: m.sentAt,
        evidence: d.evidence,
        status,
        answeredBy,
        acknowledgedBy: answeredBy ? null : acknowledgedBy,
        dueDate: due.dueDate,
        dueBasis: due.dueBasis,
        rule: due.rule,
        replyReason,
        provisions: matchProvisions({ kind: d.kind, evidence: d.evidence, context: `${m.subject}\n${m.newText}` }, provisions),
        signal: d.signal,
        reason: d.reason,
        declined,
        closedByParent: Boolean(override?.resolved || override?.notARequest),
      });
    }
  }

  const commitments = findAllCommitments(working, byThread, requests, input.now, input.timezone, nowMs);
  const drafts = buildDrafts(input, working, byThread, requests, commitments, provisions, parents);
  const clockStep = analyzeClocks({
    working, threads, parents, state: input.state, timezone: input.timezone, now: input.now, calendar: input.calendar,
    evaluationRequests: requests.filter((r) => r.kind === 'evaluation'), parentEvents: input.clockEvents,
    childName: input.childName, parentName: input.parentName, citeLaw: input.citeLaw,
  });
  drafts.push(...clockStep.drafts);

  return {
    threads,
    messages: working.map((m) => ({
      messageId: m.messageId,
      threadId: m.threadId,
      from: m.from?.address ?? null,
      side: m.side,
      sentAt: m.sentAt,
      automatic: m.automatic,
      newText: m.newText,
    })),
    requests,
    commitments,
    clocks: clockStep.clocks,
    provisions,
    drafts,
    skipped,
    questions,
  };
}

/** What a later school message shows, for deciding whether it keeps a promise. */
const handOver = (r: Working) => ({ newText: r.newText, subject: r.subject, attachmentNames: r.attachments.map((a) => a.filename ?? ''), ...(r.from?.name ? { fromName: r.from.name } : {}) });

function findAllCommitments(
  working: Working[],
  byThread: Map<string, Working[]>,
  requests: AnalyzedRequest[],
  now: string,
  timezone: string,
  nowMs: number,
): AnalyzedCommitment[] {
  const out: AnalyzedCommitment[] = [];
  const today = localDateOf(now, timezone);
  for (const m of working) {
    if (m.side !== 'school' || m.automatic || m.sentAtMs > nowMs) continue;
    const found = findCommitments(m.newText, m.sentAt);
    if (found.length === 0) continue;
    const later = (byThread.get(m.threadId) ?? []).filter((r) => r.side === 'school' && !r.automatic && r.sentAtMs > m.sentAtMs && r.sentAtMs <= nowMs);
    // Schools often send what they promised in a fresh message ("Glucagon procedure", the PDF attached): the new
    // school threads to the same family within the window a reply is looked for in.
    const fresh = [...new Set(m.to.flatMap((a) => newSchoolThreadsTo(working, byThread).get(a.address) ?? []))].filter(
      (r) => r.threadId !== m.threadId && r.sentAtMs > m.sentAtMs && r.sentAtMs <= nowMs && r.sentAtMs - m.sentAtMs < RESPONSE_WINDOW_MS,
    );
    for (const c of found) {
      const kept = later.some((r) => keepsCommitment(c.text, handOver(r))) || fresh.some((r) => keepsCommitment(c.text, handOver(r), { mustName: true }));
      const request = [...requests].reverse().find((r) => r.threadId === m.threadId && Date.parse(r.sentAt) < m.sentAtMs);
      out.push({
        messageId: m.messageId,
        text: c.text,
        dueDate: c.dueDate,
        status: kept ? 'kept' : today > c.dueDate ? 'missed' : 'pending',
        requestId: request?.id ?? null,
      });
    }
  }
  return out;
}

/**
 * Stored messages come from every version of the parser: one dated +9999 or year 12026 used to make every
 * later analysis of the account throw. Stored data no longer holds the headers to date it better, so such a
 * message is left out of the analysis and reported in `skipped`; the rest of the mailbox is analysed.
 */
function repairStoredDates(messages: MailMessage[], now: Date, skipped: Array<{ file: string; reason: string }>): MailMessage[] {
  const out: MailMessage[] = [];
  for (const m of messages) {
    const check = (() => {
      try {
        return chooseSentDate({ dateHeader: m.sentAt, received: [], internal: [], now });
      } catch {
        return null;
      }
    })();
    if (check && !check.warning && Number.isFinite(m.sentAtMs)) {
      out.push(m);
      continue;
    }
    skipped.push({ file: m.messageId, reason: check ? `stored date ${m.sentAt.slice(0, 40)} is not plausible; left out of the analysis` : 'stored message has no usable date' });
  }
  return out;
}

/** The requests of the parent's message a nudge points back to: the one it replies to, else the thread's latest with any. */
function earlierAsks(m: Working, byThread: Map<string, Working[]>, detectedByMessage: Map<string, DetectedRequest[]>): DetectedRequest[] {
  const replied = m.inReplyTo ? detectedByMessage.get(m.inReplyTo) : undefined;
  if (replied?.length) return replied;
  const before = (byThread.get(m.threadId) ?? []).filter((x) => x.side === 'parent' && x.sentAtMs < m.sentAtMs);
  for (const x of before.reverse()) {
    const asks = detectedByMessage.get(x.messageId);
    if (asks?.length) return asks;
  }
  return [];
}
