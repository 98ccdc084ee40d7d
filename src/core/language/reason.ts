/** Why a request was detected or a reply read as it was: stored with the request and shown as "Why we think this". */
export interface RequestReason {
  /** The sentence's speech act ("ask", "question"…). */
  act: string;
  /** The ask's verb and object phrase ("send copies of his file"), when found. */
  head: string | null;
  /** The rules that decided, e.g. "act-asking-verb/head:document:copies". */
  rule: string;
  /** How the school's reply was read, once there is one ("promise: future-actor"). */
  reply?: string;
}
