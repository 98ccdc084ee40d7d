/**
 * The vocabulary shared by the whole product. Pure data: no I/O, no provider fields beyond opaque ids.
 */

export interface Address {
  address: string; // lower-cased
  name?: string;
}

export interface AttachmentMeta {
  filename: string | null;
  contentType: string;
  size: number;
}

/** One message as every provider delivers it after parsing (spec §2). */
export interface MailMessage {
  /** RFC 5322 Message-ID with angle brackets; synthesized from a content hash when missing. */
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  from: Address | null;
  to: Address[];
  cc: Address[];
  replyTo: Address[];
  /** ISO-8601 with the sender's own offset, e.g. 2026-01-12T16:03:00-08:00. */
  sentAt: string;
  /** Epoch milliseconds of sentAt, for sorting. */
  sentAtMs: number;
  /** Set when the Date header was missing or implausible and other evidence gave the sent time. */
  dateWarning?: string;
  subject: string;
  /** Plain text body (text part, or the HTML part rendered to text). */
  text: string;
  /** True when the message had no text part and `text` came from HTML. */
  fromHtml: boolean;
  attachments: AttachmentMeta[];
  /** Auto-Submitted / X-Autoreply / Precedence / subject markers (spec §4). */
  automatic: boolean;
  /** Gmail threadId or Graph conversationId, when the provider has one. */
  providerThreadId: string | null;
  /** Provider's own message id (Gmail id, Graph id) or the archive file/offset. */
  providerId: string | null;
}

export const REQUEST_KINDS = [
  'meeting',
  'evaluation',
  'iee',
  'records',
  'progress',
  'pwn',
  'services',
  'accommodations',
  'information',
] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

export const REQUEST_STATUSES = ['answered', 'acknowledged', 'awaiting', 'overdue'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export type DayUnit = 'calendar_days' | 'business_days' | 'school_days';

/** Process clocks (spec §5): they start on an event, not on a parent's request. */
export const CLOCK_RULE_KINDS = ['evaluation_completion', 'iep_after_eligibility'] as const;
export type ClockRuleKind = (typeof CLOCK_RULE_KINDS)[number];
/** What a rule row times: a request kind, or a process clock. */
export type RuleKind = RequestKind | ClockRuleKind;
/** The event a process-clock rule counts from (a request rule always counts from the parent's message). */
export type ClockStartEvent = 'consent' | 'referral' | 'eligibility' | 'evaluation_report';

/** A row of the rule table (data, see src/core/deadlines/rules/*.json). */
export interface DeadlineRule {
  id: string;
  /** Two-letter state code, or 'US' for federal. */
  jurisdiction: string;
  kind: RuleKind;
  /** Process clocks only: the event day 0 is counted from. */
  startEvent?: ClockStartEvent;
  days: number;
  unit: DayUnit;
  /** What starts the clock, in words (shown in the UI). */
  clockStart: string;
  /** Exclusion ids understood by the engine, e.g. 'ca-breaks-over-5-school-days'. */
  exclusions: string[];
  citation: string;
  confidence: 'high' | 'medium';
  verifiedOn: string; // YYYY-MM-DD
  /** Plain-language summary of the duty, for drafts and the UI. */
  summary: string;
  /** Free-text caveats (e.g. "written request required"). */
  notes?: string;
  /** A start close to the end of the school year gets a fixed date after it instead (see deadlines/year-end.ts). */
  yearEnd?: YearEndRule;
}

/** "If the clock starts within[0] to within[1] counted days before the last day of school, due daysAfterLastDay days after it." */
export interface YearEndRule {
  within: [number, number];
  daysAfterLastDay: number;
}

export interface RuleRef {
  id: string;
  citation: string;
  days: number;
  unit: DayUnit;
  estimated: boolean;
}

export type DueBasis = 'statute' | 'courtesy';

export interface DueDate {
  dueDate: string; // YYYY-MM-DD, local, inclusive last day
  dueBasis: DueBasis;
  rule: RuleRef | null;
  /** The full rule row when statutory, for UI and drafting. */
  ruleRow?: DeadlineRule;
}

/** District calendar: days in session are firstDay..lastDay minus weekends and `closed`. */
export interface SchoolCalendar {
  firstDay: string;
  lastDay: string;
  closed: Array<string | { from: string; to: string }>;
}

export type ProvisionType = 'service' | 'accommodation' | 'goal' | 'key_date' | 'other';

export interface Provision {
  id: string; // p1, p2… in document order
  type: ProvisionType;
  /** Verbatim text as it appears in the document (whitespace normalised). */
  text: string;
  section: string;
  page: number | null;
  /** Structured fields for services (minutes, frequency…) and key dates. */
  details?: Record<string, string | number | null>;
}
