/**
 * The shapes of `analyze`'s input and result (core/analyze.ts), in a file of their own so the stages that
 * build parts of the result (analyze-drafts.ts) name them without importing the pipeline that calls them.
 */
import type { MailMessage, Provision, RequestKind, RequestStatus, RuleRef, SchoolCalendar, DueBasis } from './types.js';
import type { RequestReason } from './language/reason.js';
import type { SentenceQuestion, SentenceVerdict } from './language/adjudication.js';
import type { CourtesyWindow } from './deadlines/index.js';
import type { DraftInput } from './drafting.js';
import type { ParentMarked } from './parent-marked.js';
import type { ParentClockEvent, ProcessClock } from './clocks/compute.js';

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
  /**
   * Request and commitment drafts carry `requestId`; overdue-clock drafts carry `clockId` instead. `facts`:
   * what the template drafter was given, stored with the draft so later steps need not rebuild it.
   */
  drafts: Array<{ requestId?: string | null; clockId?: string; inReplyTo: string; references: string[]; to: string[]; cc: string[]; subject: string; body: string; commitment: AnalyzedCommitment | null; facts?: DraftInput }>;
  skipped: Array<{ file: string; reason: string }>;
  /** Decisions this pass scores as uncertain, for an optional model (adjudication.ts); not part of the analyze output. */
  questions: SentenceQuestion[];
}
