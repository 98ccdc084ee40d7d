/**
 * The seam between the product and a mailbox. Gmail, Outlook and an imported archive all implement it;
 * everything provider-specific stops behind it. Messages cross it as raw RFC 822 bytes so one parser
 * (mail/parse.ts) sees the real headers from every provider.
 */
import type { SentCopyKey } from '../core/sent-copy.js';

export interface ChangeRef {
  /** Provider's id for the message (Gmail id, Graph id, archive offset/file). */
  id: string;
  /** Gmail threadId / Graph conversationId where the provider has one. */
  threadId?: string | null;
  /** The raw message, when the listing already read it (an archive, IMAP): no getRaw call follows. */
  raw?: Uint8Array;
  /** The envelope's date, for a message whose Date header is missing or absurd. */
  envelopeDate?: string | null;
}

export interface ChangePage {
  /** Messages added or changed since the cursor. */
  upserted: ChangeRef[];
  /** Messages removed since the cursor (provider ids). */
  deleted: string[];
  /** Cursor to store once this page has been persisted. Opaque to callers. */
  nextCursor: string;
  /** More pages follow immediately. */
  hasMore: boolean;
  /** The stored cursor was no longer valid; this page starts a bounded full resync. */
  reset: boolean;
  /**
   * Messages the provider read for this page, including those its own filter passed over (an archive reads
   * every header); unset when it filtered on the server and `upserted` is all it saw.
   */
  scanned?: number;
}

export interface ListChangesInput {
  /** null: initial backfill. */
  cursor: string | null;
  /** Backfill window start. */
  since: Date;
  /** Restrict the backfill to these addresses and domains (server-side where the provider can). */
  schoolAddresses: string[];
  schoolDomains: string[];
  limit: number;
}

export interface OutgoingMessage {
  /** The full RFC 822 message as built by nodemailer's composer. */
  raw: Uint8Array;
  messageId: string;
  /** Provider thread to reply in (Gmail threadId / Graph message id of the message replied to). */
  threadId?: string | null;
  replyToProviderId?: string | null;
}

export interface MailProvider {
  readonly kind: 'gmail' | 'outlook' | 'archive' | 'imap';
  listChanges(input: ListChangesInput): Promise<ChangePage>;
  getRaw(id: string): Promise<Uint8Array>;
  send(message: OutgoingMessage): Promise<{ providerId: string; threadId?: string | null }>;
  saveDraft(message: OutgoingMessage): Promise<{ draftId: string }>;
  /** Whether a message with this Message-ID is already in the Sent folder (exactly-once sending). */
  findSent(messageId: string): Promise<{ providerId: string } | null>;
  /**
   * Our sent copy after an unknown send outcome, found without trusting the Message-ID to survive (Gmail and
   * Exchange may replace it): by Message-ID first, then thread + recipients + time window + body fingerprint
   * (core/sent-copy.ts). null: no such copy in Sent.
   */
  findSentCopy(key: SentCopyKey): Promise<{ providerId: string; threadId?: string | null } | null>;
}

export type MailProviderErrorKind =
  | 'auth' // token expired and refresh failed, or grant revoked: needs reconnect
  | 'scope' // a permission the app needs was not granted (insufficientPermissions): reconnect and grant it
  | 'policy' // the mailbox's administrator does not allow the app (domainPolicy): only the admin can fix it
  | 'rate_limit' // 429 / userRateLimitExceeded / dailyLimitExceeded; retryAfterMs set when known
  | 'cursor_expired' // historyId too old / syncStateNotFound / 410
  | 'not_found'
  | 'transient' // 5xx, connection reset
  | 'unsupported'
  | 'invalid';

export class MailProviderError extends Error {
  constructor(
    readonly kind: MailProviderErrorKind,
    message: string,
    readonly options: { retryable?: boolean; retryAfterMs?: number; status?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'MailProviderError';
  }
  get retryable(): boolean {
    return this.options.retryable ?? (this.kind === 'rate_limit' || this.kind === 'transient');
  }
}
