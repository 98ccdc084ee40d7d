/**
 * Which IEP provisions a parent's request concerns (pure). Precision over recall: [] rather than a guess.
 */
import type { Provision, ProvisionType, RequestKind } from '../types.js';

/** Concepts and the phrases that name them (lower-case; matched on word boundaries). */
const CONCEPTS: Record<string, string[]> = {
  speech: ['speech', 'language', 'slp', 'speech-language', 'articulation', 'pragmatic', 'pragmatics', 'stuttering', 'fluency of speech'],
  ot: ['ot', 'occupational', 'handwriting', 'fine motor', 'sensory'],
  pt: ['pt', 'physical therapy', 'physical therapist', 'gross motor'],
  counseling: ['counseling', 'counselling', 'counselor', 'counsellor', 'social work', 'social worker', 'mental health', 'psychological services'],
  extended_time: ['extended time', 'extra time', 'additional time', 'more time', 'time and one-half', 'time and a half', 'additional day', 'extra day', '50% additional'],
  reading: ['reading', 'read', 'literacy', 'fluency', 'decoding', 'comprehension', 'phonics', 'dyslexia'],
  writing: ['writing', 'written', 'write', 'spelling'],
  math: ['math', 'maths', 'mathematics', 'arithmetic', 'calculation', 'word problem', 'word problems'],
  behavior: ['behavior', 'behaviour', 'behavioral', 'behavioural', 'bip', 'fba', 'break card', 'behavior intervention plan'],
  para: ['para', 'paraprofessional', 'paraeducator', 'aide', 'one-on-one', '1:1'],
  seating: ['seating', 'seat', 'preferential'],
  read_aloud: ['read aloud', 'read-aloud', 'oral administration', 'text-to-speech', 'tts', 'audiobook', 'audiobooks'],
  breaks: ['break', 'breaks', 'movement break', 'movement breaks'],
  notes: ['notes', 'guided notes', 'class notes'],
  graphic_organizer: ['graphic organizer', 'graphic organizers'],
  small_group_testing: ['separate setting', 'small-group setting', 'small group setting', 'small-group administration', 'small group testing'],
  planner: ['planner', 'agenda'],
  assignments: ['reduced assignments', 'shortened assignments', 'fewer problems'],
  calculator: ['calculator'],
  sai: ['specialized academic instruction', 'resource room', 'resource specialist', 'specially designed instruction', 'sai'],
  annual_review: ['annual review', 'annual iep', 'annual ard'],
  reevaluation: ['triennial', 'reevaluation', 're-evaluation', 'three-year'],
};
/** Concepts too general to justify a match alone. */
const WEAK = new Set(['breaks', 'notes', 'reading', 'writing']);

const compiled = Object.entries(CONCEPTS).map(([id, phrases]) => ({
  id,
  re: new RegExp(`(?<![a-z0-9])(?:${phrases.map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})(?![a-z0-9])`, 'i'),
}));

function conceptsOf(text: string): Set<string> {
  const out = new Set<string>();
  for (const c of compiled) if (c.re.test(text)) out.add(c.id);
  return out;
}

const STOP = new Set(
  ('about above after again against also been before being below between both could does doing during each from further have having here ' +
    'into itself just more most other over same should some such than that their them then there these they this those through under until very ' +
    'what when where which while will with would your yours please thank thanks hello dear since week weeks weekly daily monthly minutes minute ' +
    'session sessions service services iep plan provide provided provides receive received receiving school student class classes child ' +
    'confirm know said says told also still like need needs asked asking request requesting make made time times days today tomorrow friday ' +
    'monday tuesday wednesday thursday saturday sunday january february march april june july august september october november december ' +
    'teacher teachers given').split(/\s+/),
);

function contentWords(text: string): Set<string> {
  const out = new Set<string>();
  for (const w of text.toLowerCase().split(/[^a-z0-9-]+/)) {
    const t = w.replace(/^-+|-+$/g, '');
    if (t.length < 5 || STOP.has(t) || /^\d/.test(t)) continue;
    out.add(t.replace(/(?:ies|es|s)$/, ''));
  }
  return out;
}

const TYPES_FOR: Record<RequestKind, ProvisionType[]> = {
  services: ['service', 'accommodation'],
  accommodations: ['accommodation'],
  progress: ['goal'],
  records: ['service', 'accommodation', 'goal'],
  information: ['service', 'accommodation', 'goal'],
  meeting: ['key_date'],
  evaluation: ['key_date'],
  iee: [],
  pwn: [],
};

function provisionText(p: Provision): string {
  const d = p.details ?? {};
  return [p.text, d['service'], d['area'], d['label']].filter((x) => typeof x === 'string').join(' ');
}

/**
 * Kinds whose requests are about something other than delivering a provision (copies of records, a meeting,
 * notice, an evaluation at public expense): a provision is theirs only when the parent's sentence names it
 * ("his IEP says speech 2x30 weekly…" or its own words quoted), never because a word of it appears
 * ("…his speech therapy service logs" asks for logs, not for speech).
 */
const NAMED_ONLY = new Set<RequestKind>(['records', 'meeting', 'pwn', 'iee']);

/** The sentence points at the plan's own text: "IEP says/states/provides/lists…", "according to his IEP", "as written in the 504 plan". */
const NAMES_THE_PLAN =
  /\b(?:IEP|504(?: plan)?|plan)\b[^.?!\n]{0,60}?\b(?:says|states|provides|lists|requires|calls for|specifies|includes)\b|\b(?:according to|as (?:written|stated|listed) in|under)\s+(?:his|her|their|the)\s+(?:IEP|504 plan)\b/i;

function quotesWords(evidence: string, provision: string, run = 6): boolean {
  const words = (s: string) => s.toLowerCase().split(/[^a-z0-9%]+/).filter(Boolean);
  const ev = ` ${words(evidence).join(' ')} `;
  const pw = words(provision);
  for (let i = 0; i + run <= pw.length; i++) if (ev.includes(` ${pw.slice(i, i + run).join(' ')} `)) return true;
  return false;
}

export function matchProvisions(
  request: { kind: RequestKind; evidence: string; context?: string },
  provisions: Provision[],
): string[] {
  const types = TYPES_FOR[request.kind];
  // No provision of a type this kind can concern: nothing to match (the concepts of the sentence and of its
  // whole message, read below, cost more than the rest, once per request of a mailbox with no IEP entered).
  if (!provisions.some((p) => types.includes(p.type))) return [];
  if (NAMED_ONLY.has(request.kind) && request.kind !== 'meeting' /* meetings: the key-date rule below names it */) {
    // Only a provision the sentence names: the plan's own wording quoted, or the plan cited and the provision matched on the sentence alone.
    const quoted = provisions.filter((p) => types.includes(p.type) && quotesWords(request.evidence, p.text)).map((p) => p.id);
    if (quoted.length) return quoted.slice(0, 1);
    if (!NAMES_THE_PLAN.test(request.evidence)) return [];
    return matchProvisions({ kind: 'services', evidence: request.evidence }, provisions.filter((p) => types.includes(p.type))).slice(0, 1);
  }
  const reqText = request.evidence;
  const reqConcepts = conceptsOf(reqText);
  // Context (e.g. the rest of the message or the subject) may only add specific concepts, never weak ones.
  if (request.context) for (const c of conceptsOf(request.context)) if (!WEAK.has(c)) reqConcepts.add(c);
  const reqWords = contentWords(`${reqText} ${request.context ?? ''}`);
  if (reqConcepts.size === 0 && reqWords.size === 0) return [];

  const scored: Array<{ id: string; score: number; strong: boolean; type: ProvisionType }> = [];
  for (const p of provisions) {
    if (!types.includes(p.type)) continue;
    if (p.type === 'key_date') {
      const name = p.details?.['name'];
      const ok =
        (request.kind === 'meeting' && name === 'annual_review' && reqConcepts.has('annual_review')) ||
        (request.kind === 'evaluation' && name === 'reevaluation' && reqConcepts.has('reevaluation'));
      if (ok) scored.push({ id: p.id, score: 10, strong: true, type: p.type });
      continue;
    }
    const text = provisionText(p);
    const pc = conceptsOf(text);
    // Speech-language wording in a reading goal ("read aloud") must not make it a speech match, and the
    // section heading tells testing from classroom accommodations.
    const shared = [...reqConcepts].filter((c) => pc.has(c));
    const strongShared = shared.filter((c) => !WEAK.has(c));
    const pw = contentWords(text);
    const words = [...reqWords].filter((w) => pw.has(w)).length;
    const testingBonus = /\b(?:test|tests|testing|assessment|assessments|staar|caaspp|exam)\b/i.test(reqText) && /testing|assessment/i.test(p.section) ? 0.5 : 0;
    const score = strongShared.length * 3 + (shared.length - strongShared.length) * 2 + words * 0.5 + testingBonus;
    scored.push({ id: p.id, score, strong: strongShared.length > 0 || shared.length >= 2 || (shared.length >= 1 && words >= 1) || words >= 3, type: p.type });
  }
  const candidates = scored.filter((s) => s.strong && s.score >= 2);
  if (candidates.length === 0) return [];
  // Services requests prefer the services section over supplementary aids.
  let pool = candidates;
  if (request.kind === 'services' && candidates.some((c) => c.type === 'service')) pool = candidates.filter((c) => c.type === 'service');
  const top = Math.max(...pool.map((c) => c.score));
  const best = pool.filter((c) => c.score === top);
  // Records/information requests: only a single, clear match.
  if ((request.kind === 'records' || request.kind === 'information') && best.length !== 1) return [];
  // More than three equally good matches is a guess.
  if (best.length > 3) return [];
  const order = new Map(provisions.map((p, i) => [p.id, i]));
  return best.map((b) => b.id).sort((a, b) => order.get(a)! - order.get(b)!);
}
