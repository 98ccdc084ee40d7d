import type { MailMessage } from './types.js';
import { hasReplyPrefix, normalizeSubject } from './subject.js';

export interface ThreadGroup {
  /** Message-IDs, chronological. */
  messageIds: string[];
  subject: string;
}

export interface ThreadingOptions {
  /** A reply matched by subject alone must fall within this window of the thread's last message. */
  subjectWindowDays?: number;
}

/**
 * Groups messages into conversations (spec §2): provider thread ids, then References/In-Reply-To
 * (JWZ-style: a missing parent still links the messages that cite it), then — for replies that carry no
 * usable references — the normalized subject within the same participants and a time window.
 */
export function threadMessages(input: MailMessage[], opts: ThreadingOptions = {}): ThreadGroup[] {
  const windowMs = (opts.subjectWindowDays ?? 60) * 86_400_000;
  const messages = [...input].sort(chronological);
  const uf = new UnionFind();

  const byProviderThread = new Map<string, string>();
  for (const m of messages) {
    uf.add(m.messageId);
    if (!m.providerThreadId) continue;
    const first = byProviderThread.get(m.providerThreadId);
    if (first) uf.union(first, m.messageId);
    else byProviderThread.set(m.providerThreadId, m.messageId);
  }

  for (const m of messages) {
    const chain = [...m.references];
    if (m.inReplyTo && !chain.includes(m.inReplyTo)) chain.push(m.inReplyTo);
    for (const ref of chain) {
      if (ref === m.messageId) continue;
      // Placeholders for absent messages join the messages that cite the same lost parent.
      uf.add(ref);
      uf.union(ref, m.messageId);
    }
  }

  // Subject fallback, in time order, for replies whose references found nothing. References were all
  // resolved above, so the only unions from here on attach a lone message to an existing root.
  const groupState = new Map<string, { participants: Set<string>; lastMs: number }>();
  const rootsBySubject = new Map<string, string[]>();
  for (const m of messages) {
    const norm = normalizeSubject(m.subject);
    // A reply that cites nothing (some clients drop References) may still join by subject.
    const lone = m.providerThreadId === null && m.references.length === 0 && !m.inReplyTo;
    let root = uf.find(m.messageId);
    if (lone && hasReplyPrefix(m.subject) && norm) {
      let best: string | null = null;
      let bestMs = -Infinity;
      for (const listed of rootsBySubject.get(norm) ?? []) {
        const candidate = uf.find(listed);
        if (candidate === root) continue;
        const g = groupState.get(candidate);
        if (!g) continue;
        if (Math.abs(m.sentAtMs - g.lastMs) > windowMs) continue;
        if (overlap(g.participants, participants(m)) < 2) continue;
        if (g.lastMs > bestMs) {
          best = candidate;
          bestMs = g.lastMs;
        }
      }
      if (best) {
        const own = groupState.get(root);
        groupState.delete(root);
        uf.union(best, root); // the union keeps `best` as the root
        root = best;
        if (own) {
          const target = groupState.get(best)!;
          for (const p of own.participants) target.participants.add(p);
          target.lastMs = Math.max(target.lastMs, own.lastMs);
        }
      }
    }
    let state = groupState.get(root);
    if (!state) {
      state = { participants: new Set<string>(), lastMs: m.sentAtMs };
      groupState.set(root, state);
    }
    for (const p of participants(m)) state.participants.add(p);
    state.lastMs = Math.max(state.lastMs, m.sentAtMs);
    if (norm) {
      const roots = rootsBySubject.get(norm) ?? [];
      if (!roots.includes(root)) roots.push(root);
      rootsBySubject.set(norm, roots);
    }
  }

  const groups = new Map<string, MailMessage[]>();
  for (const m of messages) {
    const root = uf.find(m.messageId);
    const list = groups.get(root) ?? [];
    list.push(m);
    groups.set(root, list);
  }
  // Map insertion order follows the chronological loop, so groups come out ordered by their first message.
  return [...groups.values()].map((list) => ({ messageIds: list.map((m) => m.messageId), subject: displaySubject(list) }));
}

/**
 * The threads ingest already computed and stored (`threadOf` gives each message's stored thread), grouped in
 * the same shape and order as `threadMessages`; null when any message has none, so the caller threads afresh.
 */
export function storedThreads(input: MailMessage[], threadOf: (m: MailMessage) => string | null | undefined): ThreadGroup[] | null {
  const groups = new Map<string, MailMessage[]>();
  for (const m of [...input].sort(chronological)) {
    const key = threadOf(m);
    if (!key) return null;
    groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  return [...groups.values()].map((list) => ({ messageIds: list.map((m) => m.messageId), subject: displaySubject(list) }));
}

export function chronological(a: MailMessage, b: MailMessage): number {
  return a.sentAtMs - b.sentAtMs || (a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : 0);
}

function displaySubject(list: MailMessage[]): string {
  const first = list.find((m) => m.subject.trim()) ?? list[0];
  return (first?.subject ?? '').replace(/\s+/g, ' ').trim();
}

function participants(m: MailMessage): Set<string> {
  const set = new Set<string>();
  if (m.from) set.add(m.from.address);
  for (const a of [...m.to, ...m.cc]) set.add(a.address);
  return set;
}

function overlap(a: Set<string>, b: Set<string>): number {
  let n = 0;
  for (const x of b) if (a.has(x)) n++;
  return n;
}

class UnionFind {
  private parent = new Map<string, string>();
  add(x: string): void {
    if (!this.parent.has(x)) this.parent.set(x, x);
  }
  find(x: string): string {
    let root = x;
    while (this.parent.get(root) !== root) root = this.parent.get(root)!;
    let cur = x;
    while (cur !== root) {
      const next = this.parent.get(cur)!;
      this.parent.set(cur, root);
      cur = next;
    }
    return root;
  }
  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(rb, ra);
  }
}
