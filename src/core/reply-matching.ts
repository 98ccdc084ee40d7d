import type { MailMessage, RequestKind } from './types.js';
import { chronological } from './threading.js';
import { topicsOf } from './language/kind-words.js';
import { TextMemo } from './text-memo.js';
import { objectWords } from './reply-objects.js';
import { NUDGE } from './requests/nudges.js';

/**
 * Which school messages answer a parent's request (spec §4): later replies in the thread that speak to the
 * message asked in, inline answers under the quoted request, and new school threads that quote the request or
 * say they respond to it. Indexes are built once per analysis, never a scan of every message per request.
 */
export interface Working extends MailMessage {
  threadId: string;
  side: 'parent' | 'school';
  newText: string;
  /** The quoted history, whitespace-squashed and lower-cased, for finding a request quoted elsewhere. */
  quotedSquashed: string;
}

/** Later, non-automatic, non-empty school messages in the thread, plus school messages elsewhere that quote the request. */
export function repliesTo(
  m: Working,
  all: Working[],
  byThread: Map<string, Working[]>,
  parents: Set<string>,
  nowMs: number,
  evidence: string,
  kind: RequestKind,
  quotedIn: Map<string, Working[]>,
): Working[] {
  const isReply = (r: Working) =>
    r.side === 'school' && !r.automatic && r.sentAtMs > m.sentAtMs && r.sentAtMs <= nowMs && r.newText.trim().length > 0 && r.from !== null && !parents.has(r.from.address);
  const inThread = (byThread.get(m.threadId) ?? []).filter(isReply);
  // A new school thread that quotes the request, or that plainly responds to the parent's message and
  // speaks of the same thing, answers it too (spec §4).
  const quoting = (quotedIn.get(squash(evidence)) ?? []).filter((r) => r.threadId !== m.threadId && isReply(r));
  const parentAddress = m.from?.address;
  // The window first: it is the cheap test that rules out most of the parent's mail.
  const soon = (r: Working) => r.sentAtMs - m.sentAtMs < RESPONSE_WINDOW_MS && r.threadId !== m.threadId && isReply(r);
  const responding = (respondingByParent(all).get(parentAddress ?? '') ?? []).filter((r) => soon(r) && sharesTopic(r, kind));
  // Schools often answer in a fresh message rather than a reply ("Camden Boyd - Independent Educational
  // Evaluation": "The district agrees to…"), and a meeting notice is its own thread. A new school thread to the
  // parent that names the request's own topic in its subject is read as a candidate answer; the reply reader
  // still decides whether it grants, provides or schedules anything. Questions (information) have no kind topic
  // to name; a subject naming the ask's own object ("Glucagon procedure") links them, and any other ask too.
  const newThreads = (newSchoolThreadsTo(all, byThread).get(parentAddress ?? '') ?? []).filter((r) => soon(r) && ((kind !== 'information' && subjectNames(r, kind)) || subjectNamesObject(r, evidence)));
  const linked = new Set([...inThread, ...quoting, ...responding]);
  for (const r of newThreads) if (!linked.has(r)) TOPIC_ONLY.add(r);
  return [...new Set([...linked, ...newThreads])].sort(chronological);
}

/** New school threads taken as candidates only because their subject names the topic (see `repliesTo`). */
const TOPIC_ONLY = new WeakSet<Working>();

/**
 * A message linked to the request by its subject alone answers only by doing something about it: granting,
 * refusing, providing, scheduling or reporting it done. Telling about the topic in general ("Families have the
 * right to review their child's records") is not an answer to this parent's ask.
 */
export function answersByTopicAlone(r: Working, act: string | undefined): boolean {
  return !TOPIC_ONLY.has(r) || ['grant', 'refusal', 'provision', 'schedule', 'done', 'arrangement'].includes(act ?? '');
}

/**
 * A school reply speaks to the parent message it answers (In-Reply-To, else the latest parent message before
 * it). When that is a later message of the parent's asking for other things, the reply is about those.
 */
export function repliesToThisMessage(reply: Working, request: Working, kind: RequestKind, byThread: Map<string, Working[]>, kindsByMessage: Map<string, RequestKind[]>): boolean {
  const thread = byThread.get(reply.threadId) ?? [];
  const parentsBefore = thread.filter((x) => x.side === 'parent' && x.sentAtMs < reply.sentAtMs);
  const target = (reply.inReplyTo && parentsBefore.find((x) => x.messageId === reply.inReplyTo)) || parentsBefore.at(-1);
  if (!target || target.messageId === request.messageId || target.sentAtMs < request.sentAtMs) return true;
  const kinds = kindsByMessage.get(target.messageId) ?? [];
  // "Just checking whether you saw my email below": a nudge asks again for what the earlier message asked.
  return kinds.length === 0 || kinds.includes(kind) || NUDGE.test(target.newText);
}


/**
 * The reply's own paragraph(s) right below the quoted block that holds the request sentence, when the school
 * answered "inline below"; null when the reply is not written that way.
 */
export function inlineAnswer(replyText: string, evidence: string): string | null {
  const want = squash(evidence);
  if (want.length < 15) return null;
  const answers = quotedBlocks(replyText).filter((b) => b.quoted.includes(want)).map((b) => b.answer);
  return answers.length ? answers.join('\n\n') : null;
}

/**
 * A reply's quoted blocks (squashed) each with the non-empty answer written right below it; a reply is looked
 * at for every request of its thread, so its blocks are cut once per text (memoized by it).
 */
function quotedBlocks(replyText: string): ReadonlyArray<{ quoted: string; answer: string }> {
  const hit = BLOCKS.get(replyText);
  if (hit) return hit;
  const blocks: Array<{ quoted: string; answer: string }> = [];
  if (/^\s*>/m.test(replyText)) {
    let quoted: string[] = [];
    let answer: string[] = [];
    const close = () => {
      if (quoted.length && answer.join(' ').trim()) blocks.push({ quoted: squash(quoted.join('\n')), answer: answer.join('\n').trim() });
    };
    for (const line of replyText.split('\n')) {
      if (/^\s*>/.test(line)) {
        if (answer.length) {
          close();
          quoted = [];
          answer = [];
        }
        quoted.push(line);
      } else if (quoted.length) {
        answer.push(line);
      }
    }
    close();
  }
  return BLOCKS.set(replyText, blocks);
}

const BLOCKS = new TextMemo<ReadonlyArray<{ quoted: string; answer: string }>>(5_000);

const RESPONDS = /\b(per your request|(in receipt of|received|have received) your (request|letter|correspondence|email|e-mail)|your (request|letter|correspondence) dated|as you requested|as requested|in response to your|responding to your|regarding your (email|request|message|letter|note|question)|following up on your|you asked (about|for|whether|if)|your (recent )?(email|request|message|letter|note) (about|regarding|asking|requesting)|shared your (email|message|letter|concerns?)|forwarded (me )?your (email|message|letter))\b/i;

const TOPICS = new WeakMap<Working, Set<string>>();
function sharesTopic(m: Working, kind: RequestKind): boolean {
  if (kind === 'information') return true;
  let topics = TOPICS.get(m);
  if (!topics) TOPICS.set(m, (topics = topicsOf(m.newText)));
  return topics.has(kind);
}

/** How long after a request a school message in another thread may still be its answer. */
export const RESPONSE_WINDOW_MS = 45 * 86_400_000;

const SUBJECT_TOPICS = new WeakMap<Working, Set<string>>();
function subjectNames(m: Working, kind: RequestKind): boolean {
  let topics = SUBJECT_TOPICS.get(m);
  if (!topics) SUBJECT_TOPICS.set(m, (topics = topicsOf(m.subject ?? '')));
  return topics.has(kind);
}

// The subject's words are compared lower-cased: a subject is written in title case, and its capitalised words are
// not names.
function subjectNamesObject(m: Working, evidence: string): boolean {
  const words = objectWords((m.subject ?? '').toLowerCase());
  if (words.size === 0) return false;
  const asked = objectWords(evidence.toLowerCase());
  const shared = [...words].filter((w) => asked.has(w)).length;
  return shared >= 2 && shared * 2 >= words.size;
}

/** School messages that open a thread of their own, by the parent addresses they went to. */
const NEW_THREADS = new WeakMap<Working[], Map<string, Working[]>>();
export function newSchoolThreadsTo(all: Working[], byThread: Map<string, Working[]>): Map<string, Working[]> {
  let index = NEW_THREADS.get(all);
  if (index) return index;
  index = new Map();
  for (const r of all) {
    if (r.side !== 'school' || r.automatic || byThread.get(r.threadId)?.[0] !== r) continue;
    for (const a of r.to) index.set(a.address, [...(index.get(a.address) ?? []), r]);
  }
  NEW_THREADS.set(all, index);
  return index;
}

/** School messages that say they respond to the parent ("per your request…"), by the parent address they went to. */
const RESPONDING = new WeakMap<Working[], Map<string, Working[]>>();
function respondingByParent(all: Working[]): Map<string, Working[]> {
  let index = RESPONDING.get(all);
  if (index) return index;
  index = new Map();
  for (const r of all) {
    if (r.side !== 'school' || r.automatic || !RESPONDS.test(r.newText)) continue;
    for (const a of [...r.to, ...r.cc]) index.set(a.address, [...(index.get(a.address) ?? []), r]);
  }
  RESPONDING.set(all, index);
  return index;
}

/**
 * Which school messages quote each request sentence: one pass over the quoted text of every school message,
 * looking up the opening words of each sentence, then an exact check — not a search of every message per request.
 */
export function indexQuotes(all: Working[], evidence: string[]): Map<string, Working[]> {
  const KEY_WORDS = 6;
  const wanted = new Map<string, string[]>();
  for (const e of evidence) {
    const q = squash(e);
    if (q.length < 25) continue;
    const key = q.split(' ').slice(0, KEY_WORDS).join(' ');
    wanted.set(key, [...(wanted.get(key) ?? []), q]);
  }
  const out = new Map<string, Working[]>();
  if (wanted.size === 0) return out;
  // A key is built only where a wanted key's first word stands: joining six words at every word of every quote
  // was most of this pass.
  const firstWords = new Set([...wanted.keys()].map((k) => k.slice(0, k.indexOf(' ') >>> 0)));
  for (const m of all) {
    if (m.side !== 'school' || !m.quotedSquashed) continue;
    const text = m.quotedSquashed;
    const words = text.split(' ');
    const starts: number[] = [];
    for (let i = 0, at = 0; i < words.length; at += words[i]!.length + 1, i++) starts.push(at);
    const seen = new Set<string>();
    for (let i = 0; i + KEY_WORDS <= words.length; i++) {
      if (!firstWords.has(words[i]!)) continue;
      const endAt = i + KEY_WORDS < words.length ? starts[i + KEY_WORDS]! - 1 : text.length;
      const key = text.slice(starts[i]!, endAt);
      const quotes = wanted.get(key);
      if (!quotes) continue;
      for (const q of quotes) {
        if (seen.has(q) || !m.quotedSquashed.includes(q)) continue;
        seen.add(q);
        out.set(q, [...(out.get(q) ?? []), m]);
      }
    }
  }
  return out;
}

export function squash(s: string): string {
  return s.replace(/^[ \t]*>+/gm, ' ').replace(/\s+/g, ' ').trim().toLowerCase();
}

