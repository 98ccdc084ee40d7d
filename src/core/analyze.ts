import type { MailMessage, Provision, RequestKind, RequestStatus, RuleRef, SchoolCalendar, DueBasis } from './types.js';
import { isSchoolCorrespondence, schoolMatcher } from './school.js';
import { threadMessages, chronological, storedThreads } from './threading.js';
import { splitNewText } from './new-text.js';
import { detectRequests } from './requests/detect.js';
import { replyAboutItem } from './requests/list-replies.js';
import type { RequestReason } from './language/reason.js';
import type { SentenceQuestion, SentenceVerdict } from './language/adjudication.js';
import { indexVerdicts } from './language/uncertain.js';
import { readReply } from './replies.js';
import { findCommitments, keepsCommitment } from './commitments.js';
import { answersByTopicAlone, indexQuotes, inlineAnswer, repliesTo, repliesToThisMessage, squash, type Working } from './reply-matching.js';
import { chooseSentDate } from './sent-date.js';
import { computeDue, localDateOf, type CourtesyWindow } from './deadlines/index.js';
import { requestStatus } from './request-status.js';
import { matchProvisions } from './provisions/match.js';
import { buildDrafts } from './analyze-drafts.js';
import type { DraftInput } from './drafting.js';
import { withParentMarked, type ParentMarked } from './parent-marked.js';
import { analyzeClocks } from './clocks/analyze-clocks.js';
import type { ParentClockEvent, ProcessClock } from './clocks/compute.js';

/**
 * The whole pipeline on parsed messages (spec §2–6), pure: `now` is an argument. The `analyze` command
 * prints its result; the service stores the same result.
 */
export interface AnalyzeInput {
  messages: MailMessage[];
  skipped?: Array<{ file: string; reason: string }>;
  parents: string[];
  school: string[];
  state: string;
  timezone: string;
  now: string;
  calendar?: SchoolCalendar;
  provisions?: Provision[];
  childName?: string | null;
  parentName?: string | null;
  courtesy?: CourtesyWindow;
  citeLaw?: boolean;
  /** Accepted model verdicts on an earlier pass's questions (src/core/language/adjudication.ts); none by default. */
  verdicts?: SentenceVerdict[];
  /** The parent's corrections of stored requests, by Message-ID and detected kind (spec §4). */
  overrides?: Array<{ messageId: string; kind: RequestKind; dueDate?: string; resolved?: boolean; notARequest?: boolean }>;
  /** Process-clock start events the parent entered in the app (spec §5). */
  clockEvents?: ParentClockEvent[];
  /** Sentences the parent marked "this is a request" in their own messages; the analyze command passes none. */
  parentMarked?: ParentMarked[];
  /**
   * What ingest stored for each message, by Message-ID: its thread (threads table) and its new text. The
   * service passes them so threading and new-text extraction are not run again; the analyze command, which
   * has no store, passes none and computes both.
   */
  stored?: ReadonlyMap<string, { thread: string | null; newText: string }>;
}

export interface AnalyzedMessage {
  messageId: string;
  threadId: string;
  from: string | null;
  side: 'parent' | 'school';
  sentAt: string;
  automatic: boolean;
  newText: string;
}

export interface AnalyzedRequest {
  id: string;
  threadId: string;
  messageId: string;
  kind: RequestKind;
  sentAt: string;
  evidence: string;
  status: RequestStatus;
  answeredBy: string | null;
  acknowledgedBy: string | null;
  dueDate: string;
  dueBasis: DueBasis;
  rule: RuleRef | null;
  provisions: string[];
  /**
   * Why the status reads as it does: the school message that decided, the act of its deciding sentence, the
   * rule and the sentence (src/core/language/reply-acts.ts); null when no school reply spoke to the request.
   */
  replyReason?: { messageId: string; act: string; rule: string; sentence: string } | null;
  /** Which signals fired (explainability); not part of the analyze output. */
  signal?: string;
  /** Why we think this is a request: the act, the head of the ask, the deciding rules (an additive output field). */
  reason?: RequestReason;
  declined?: boolean;
  /** The parent resolved it or said it is not a request: it gets no follow-up. */
  closedByParent?: boolean;
}

export interface AnalyzedCommitment {
  messageId: string;
  text: string;
  dueDate: string;
  status: 'kept' | 'pending' | 'missed';
  requestId?: string | null;
}

export interface AnalyzeResult {
  threads: Array<{ id: string; subject: string; messageIds: string[] }>;
  messages: AnalyzedMessage[];
  requests: AnalyzedRequest[];
  commitments: AnalyzedCommitment[];
  provisions: Provision[];
  /** Process clocks (spec §5), chronological by start date. */
  clocks: ProcessClock[];
  /** Request and commitment drafts carry `requestId`; overdue-clock drafts carry `clockId` instead. */
  /** `facts`: what the template drafter was given, stored with the draft so later steps need not rebuild it. */
  drafts: Array<{ requestId?: string | null; clockId?: string; inReplyTo: string; references: string[]; to: string[]; cc: string[]; subject: string; body: string; commitment: AnalyzedCommitment | null; facts?: DraftInput }>;
  skipped: Array<{ file: string; reason: string }>;
  /** Decisions this pass scores as uncertain, for an optional model (adjudication.ts); not part of the analyze output. */
  questions: SentenceQuestion[];
}


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
    const detected = withParentMarked(detectRequests(m.newText, m.subject, { verdicts, questions }), input.parentMarked, m.messageId);
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
        const reading = about !== null ? readReply(about, d.kind, [], { hasAttachments: r.attachments.length > 0 }) : inline ? readReply(inline, d.kind, [], { hasAttachments: r.attachments.length > 0 }) : readReply(r.newText, d.kind, kinds, { hasAttachments: r.attachments.length > 0, requestText: d.evidence, siblings: detected.filter((x) => x !== d).map((x) => ({ kind: x.kind, text: x.evidence })) });
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
    for (const c of findCommitments(m.newText, m.sentAt)) {
      const later = (byThread.get(m.threadId) ?? []).filter((r) => r.side === 'school' && !r.automatic && r.sentAtMs > m.sentAtMs && r.sentAtMs <= nowMs);
      const kept = later.some((r) => keepsCommitment(c.text, { newText: r.newText, attachmentNames: r.attachments.map((a) => a.filename ?? '') }));
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

