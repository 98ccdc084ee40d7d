/**
 * The kind of an ask from its head: the object phrase's first noun group that names a kind decides; a
 * document noun ("copies of…", "the evaluation report") makes it records unless the document is itself a
 * progress document or a notice; a process noun ("what paperwork…") makes it information.
 */
import type { RequestKind } from '../types.js';
import type { Term } from './nlp.js';
import type { AskHead } from './head.js';
import { CHILD_NOUNS, DOCUMENT_HEADS, KIND_NOUNS, PROCESS_NOUNS, SERVICE_ROLES, WHEN_NOUNS, type Topic } from './lexicon/kinds.js';
import { VERB_KINDS, SENDING_VERBS, PLAN_NOUNS, IMPLEMENTING_VERBS, MEETING_SETUP_VERBS } from './lexicon/verbs.js';
import { is, phraseAt } from './terms.js';

export interface KindFromHead {
  kind: RequestKind;
  /** Which word decided: "object:copies", "role:interventionist", "verb:schedule". */
  because: string;
}

const ALL_KIND_ENTRIES = Object.entries(KIND_NOUNS) as Array<[Topic, string[]]>;
// Words the lexicon knows as nouns stay in their noun group even when the tagger reads them as verbs ("504 plan", "prior written notice").
const LEXICON_WORDS = new Set([...Object.values(KIND_NOUNS).flat(), ...DOCUMENT_HEADS, ...PLAN_NOUNS, ...PROCESS_NOUNS, ...WHEN_NOUNS, ...SERVICE_ROLES].filter((e) => !e.includes(' to ')).flatMap((e) => e.split(' ')));

function kindAt(terms: Term[], i: number): { kind: Topic; entry: string } | null {
  let best: { kind: Topic; entry: string } | null = null;
  for (const [kind, list] of ALL_KIND_ENTRIES) {
    const e = phraseAt(terms, i, list);
    if (e && (!best || e.split(' ').length > best.entry.split(' ').length)) best = { kind, entry: e };
  }
  return best;
}

/** Noun groups of a phrase: runs of non-preposition, non-verb terms. */
function groups(terms: Term[]): Term[][] {
  const out: Term[][] = [];
  let cur: Term[] = [];
  for (const t of terms) {
    if (is(t, 'Preposition') || (is(t, 'Verb') && !is(t, 'Gerund') && !is(t, 'Noun') && !(LEXICON_WORDS.has(t.normal) && cur.length > 0)) || ['and', 'or', 'to'].includes(t.normal)) {
      if (cur.length) out.push(cur);
      cur = [];
      continue;
    }
    cur.push(t);
    if (/[,;:]/.test(t.post)) { out.push(cur); cur = []; }
  }
  if (cur.length) out.push(cur);
  return out;
}

export function kindOfHead(head: AskHead): KindFromHead | null {
  const verb = head.verb ?? '';
  const sending = SENDING_VERBS.some((v) => verb.startsWith(v));
  let when: string | null = null;
  // "Tell me whether the school received his records": asking whether something happened is information;
  // otherwise what the complement names decides ("whether his resource room schedule starts Monday" → services).
  if (head.whether) {
    if (head.complementPast) return { kind: 'information', because: 'asks-whether-past' };
    const inner = groups(head.object).flatMap((g) => g.map((_, i) => kindAt(g, i)).filter(Boolean)) as Array<{ kind: Topic; entry: string }>;
    return inner[0] ? { kind: inner[0].kind, because: `asks-whether:${inner[0].entry}` } : { kind: 'information', because: 'asks-whether' };
  }
  if (head.wh === 'who' || head.wh === 'whom' || head.wh === 'whose') return { kind: 'information', because: 'asks-who' };
  const all = groups(head.object);
  const named = all.flatMap((g) => g.map((_, i) => kindAt(g, i)).filter(Boolean)) as Array<{ kind: Topic; entry: string }>;
  // A question about a thing that already exists ("Is her IEP meeting still on the 19th?", "What time does the meeting start?").
  // An embedded question ("I need to know when the IEP meeting is") asks about the thing as much as a direct one.
  const embeddedWh = ['when', 'where', 'what', 'which', 'how'].includes(head.object[0]?.normal ?? '') ? head.object[0]!.normal : null;
  if ((head.aboutSubject || head.wh || embeddedWh || head.subjectKind === 'meeting') && (named[0]?.kind === 'meeting' || head.subjectKind === 'meeting')) return { kind: 'information', because: 'about-existing-meeting' };
  // "When…", "What time…", "Which day…": asks when something named happens. The thing's head noun decides
  // ("the speech sessions" → services); an event with no kind ("the ESY information night") → information; a pronoun ("that") → context.
  const whenAsked = head.wh === 'when' || (head.wh && WHEN_NOUNS.includes(head.object[1]?.normal ?? ''));
  if (whenAsked) {
    const subject = all.find((g, i) => i > 0 || !g.some((t) => is(t, 'QuestionWord')));
    if (!subject || subject.every((t) => is(t, 'Pronoun') || is(t, 'Determiner'))) return null;
    if (subject.some((_, i) => phraseAt(subject, i, SERVICE_ROLES))) return { kind: 'services', because: 'asks-when-role' };
    const headNoun = [...subject].reverse().find((t) => is(t, 'Noun') || LEXICON_WORDS.has(t.normal));
    const k = headNoun ? kindAt([headNoun], 0) : null;
    if (k && k.kind !== 'meeting') return { kind: k.kind, because: `asks-when:${k.entry}` };
    return { kind: 'information', because: 'asks-when' };
  }
  // Given to the child ("make sure she gets the notes", "give him a copy of the notes"): a support, not records.
  const toChild = ['he', 'she', 'him', 'her', 'they', 'them'].includes(head.object[0]?.normal ?? '') && !is(head.object[0], 'Possessive');
  for (const group of all) {
    const normals = group.map((t) => t.normal);
    // The head noun of a group is its last noun ("the evaluation report" → report).
    const found: Array<{ kind: Topic; entry: string; at: number }> = [];
    for (let i = 0; i < group.length; i++) {
      const k = kindAt(group, i);
      if (k) { found.push({ ...k, at: i }); i += k.entry.split(' ').length - 1; }
    }
    // A person ("my son", "Jaylen", "him") names no kind: the complement after it does ("refers my son for an FBA").
    if (!found.length && normals.every((n, i) => CHILD_NOUNS.includes(n) || is(group[i], 'Possessive') || is(group[i], 'Determiner') || is(group[i], 'ProperNoun'))) continue;
    const role = group.map((_, i) => phraseAt(group, i, SERVICE_ROLES)).find(Boolean);
    const process = found.length ? null : group.map((_, i) => phraseAt(group, i, PROCESS_NOUNS)).find(Boolean);
    const last = found.at(-1);
    if (last && DOCUMENT_HEADS.includes(last.entry)) {
      if (toChild) return { kind: 'accommodations', because: `to-child:${last.entry}` };
      const within = named.find((f) => f.kind === 'progress' || f.kind === 'pwn');
      if (within) return { kind: within.kind, because: `document:${within.entry}` };
      return { kind: 'records', because: `document:${last.entry}` };
    }
    if (process) return { kind: 'information', because: `process:${process}` };
    if (role) return { kind: 'services', because: `role:${role}` };
    const planAt = group.findIndex((_, i) => phraseAt(group, i, PLAN_NOUNS));
    if (planAt >= 0 && !found.some((f) => f.at > planAt)) {
      const plan = phraseAt(group, planAt, PLAN_NOUNS)!;
      if (sending) return { kind: 'records', because: `send-plan:${plan}` };
      if (IMPLEMENTING_VERBS.some((v) => verb.startsWith(v))) return { kind: 'accommodations', because: `implement-plan:${plan}` };
      if (!found.length) continue;
    }
    // The head of a noun group is its last kind noun ("a counseling evaluation" → evaluation); "independent" makes an evaluation an IEE.
    if (found.length) {
      const headNoun = found.at(-1)!;
      if (headNoun.kind === 'evaluation' && group.slice(0, headNoun.at).some((t) => t.normal === 'independent')) return { kind: 'iee', because: `object:independent ${headNoun.entry}` };
      return { kind: headNoun.kind, because: `object:${headNoun.entry}` };
    }
    const whenHere = group.map((_, i) => phraseAt(group, i, WHEN_NOUNS)).find(Boolean);
    if (whenHere && MEETING_SETUP_VERBS.some((v) => verb === v)) return { kind: 'meeting', because: `setup:${verb} ${whenHere}` };
    if (!when) when = group.map((_, i) => phraseAt(group, i, WHEN_NOUNS)).find(Boolean) ?? null;
  }
  // "What time…", "which days…" with nothing else named: a logistic question.
  if (when && head.wh) return { kind: 'information', because: `when:${when}` };
  const byVerb = VERB_KINDS.find(([v]) => verb.startsWith(v));
  if (byVerb) return { kind: byVerb[1], because: `verb:${byVerb[0]}` };
  return null;
}
