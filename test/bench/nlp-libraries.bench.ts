/**
 * `npx tsx test/bench/nlp-libraries.bench.ts`: wink-nlp (+ wink-eng-lite-web-model) against compromise on the
 * labelled corpus's new texts. Sentence boundaries are scored against the hand-checked boundaries of the
 * corpus (the project's old splitter, which was tuned on it) and a small set of hard boundaries written
 * here; tense against a small labelled list; speed over every sentence of the corpus, warm.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import nlp from 'compromise';
import { readArchiveMessages } from '../../src/services/mailbox/read-archive.js';
import { splitNewText } from '../../src/core/new-text.js';
import { splitSentences as oldSplit } from '../../src/core/requests/sentences.js';

const ROOT = new URL('../fixtures/corpus/', import.meta.url).pathname;
const wink = winkNLP(model);
const its = wink.its;

const paragraphs: string[] = [];
for (const box of readdirSync(ROOT).filter((d) => existsSync(join(ROOT, d, 'case.json')))) {
  const c = JSON.parse(readFileSync(join(ROOT, box, 'case.json'), 'utf8')) as { school: string[] };
  const { messages } = await readArchiveMessages(join(ROOT, box, 'mail'), c.school);
  for (const m of messages) for (const p of splitNewText(m.text).newText.split(/\n\s*\n/)) if (p.trim() && !/^\s*([-*•]|\d+[.)])\s/m.test(p)) paragraphs.push(p.replace(/\s+/g, ' ').trim());
}

const HARD: string[][] = [
  ['Ms. K will pull her 3rd period.', 'Is that ok?'],
  ['We met on Jan. 5 at 3 p.m. with Dr. Lee.', 'Can we meet again?'],
  ['Please send the report by 10/20.', 'Thanks!'],
  ['He gets 30 min. of speech per wk. per his IEP.', 'Is that happening?'],
  ['I asked Mr. B. Smith about it.', 'He said no.'],
  ['Her score was 85.5 on the test.', 'What does that mean?'],
  ['Why?', 'Nobody told us.'],
  ['Per Sec. 300.502 of the regs, I request an IEE.', 'Please respond.'],
  ['The meeting is at 8:30 a.m. on Tues.', 'Does that work?'],
  ['Thank you!!', 'I will see you then.'],
];

const boundarySet = (ss: string[]) => { const set = new Set<number>(); let at = 0; for (const s of ss.slice(0, -1)) { at += s.replace(/\s+/g, '').length; set.add(at); } return set; };
function score(name: string, split: (t: string) => string[]) {
  let agree = 0, tp = 0, fp = 0, fn = 0, hardOk = 0;
  for (const p of paragraphs) {
    const want = boundarySet(oldSplit(p).map((s) => s.text));
    const got = boundarySet(split(p));
    if ([...want].every((b) => got.has(b)) && got.size === want.size) agree++;
    for (const b of got) (want.has(b) ? tp++ : fp++);
    for (const b of want) if (!got.has(b)) fn++;
  }
  for (const h of HARD) { const got = split(h.join(' ')).map((s) => s.trim()); if (got.length === h.length && got.every((g, i) => g === h[i])) hardOk++; }
  const t0 = performance.now();
  for (let r = 0; r < 3; r++) for (const p of paragraphs) split(p);
  const ms = (performance.now() - t0) / 3;
  console.log(`${name}: paragraphs identical ${agree}/${paragraphs.length}; boundaries P=${(tp / (tp + fp)).toFixed(3)} R=${(tp / (tp + fn)).toFixed(3)}; hard ${hardOk}/${HARD.length}; split ${ms.toFixed(0)} ms for ${paragraphs.length} paragraphs`);
}

score('old splitter (reference)', (t) => oldSplit(t).map((s) => s.text));
score('wink-nlp', (t) => wink.readDoc(t).sentences().out());
score('compromise', (t) => nlp(t).sentences().out('array') as string[]);

// Tense and mood of the main verb: what a promise/answer decision needs.
const TENSE: Array<[string, 'future' | 'past' | 'present' | 'conditional']> = [
  ["I'll have the report to you by the 20th.", 'future'], ['We will prepare an assessment plan.', 'future'],
  ['I will check with the team and propose dates.', 'future'], ['The director will follow up with a decision.', 'future'],
  ['Yes, she can retake it in the small group.', 'present'], ['I attached the logs.', 'past'], ['Here is the schedule.', 'present'],
  ['Last year I asked for an evaluation.', 'past'], ['We talked about his services.', 'past'], ['I would like a meeting.', 'conditional'],
  ['We are going to send the consent form.', 'future'], ['She gets speech on Tuesdays.', 'present'], ['He was evaluated in May.', 'past'],
  ['I could send it Friday if that helps.', 'conditional'], ['The team has reviewed your request.', 'past'], ['Ms. K is pulling her 3rd period.', 'present'],
];
function winkTense(s: string) {
  const d = wink.readDoc(s);
  const tags = d.tokens().out(its.pos as never) as unknown as string[];
  const words = (d.tokens().out(its.normal as never) as unknown as string[]);
  const lemma = d.tokens().out(its.lemma as never) as unknown as string[];
  if (words.some((w, i) => (w === 'will' || w === "'ll" || w === 'shall') && tags[i] === 'AUX') || /going to/.test(words.join(' '))) return 'future';
  if (words.some((w, i) => ['would', 'could', 'might', "'d"].includes(w) && tags[i] === 'AUX')) return 'conditional';
  // past: a past-tense verb or auxiliary (have + participle); wink's lemma differs from the form for past forms
  const i = tags.findIndex((t) => t === 'VERB' || t === 'AUX');
  if (words.some((w, j) => ['was', 'were', 'did', 'had', 'has', 'have'].includes(w) && tags[j] === 'AUX')) return 'past';
  if (i >= 0 && /ed$/.test(words[i]!) && lemma[i] !== words[i]) return 'past';
  if (words.some((w, j) => tags[j] === 'VERB' && lemma[j] !== w && !/s$|ing$/.test(w))) return 'past';
  return 'present';
}
function compromiseTense(s: string) {
  const d = nlp(s);
  if (d.has('(will|shall|#Future)') || d.has('going to #Verb')) return 'future';
  if (d.has('(would|could|might)')) return 'conditional';
  if (d.has('#PastTense') || d.has('(has|have) #Verb')) return 'past';
  return 'present';
}
for (const [name, f] of [['wink-nlp', winkTense], ['compromise', compromiseTense]] as const) {
  const ok = TENSE.filter(([s, t]) => f(s) === t).length;
  console.log(`${name}: tense/mood ${ok}/${TENSE.length}; wrong: ${TENSE.filter(([s, t]) => f(s) !== t).map(([s]) => s.slice(0, 30)).join(' | ')}`);
}
// Full annotation speed (tokens + POS + lemmas), what the pipeline will call per sentence.
const sentences = paragraphs.flatMap((p) => oldSplit(p).map((s) => s.text));
let t0 = performance.now();
for (const s of sentences) { const d = wink.readDoc(s); d.tokens().out(its.pos as never); d.tokens().out(its.lemma as never); }
console.log(`wink-nlp: POS+lemma ${sentences.length} sentences in ${(performance.now() - t0).toFixed(0)} ms`);
t0 = performance.now();
for (const s of sentences) { nlp(s).json(); }
console.log(`compromise: tags (json) ${sentences.length} sentences in ${(performance.now() - t0).toFixed(0)} ms`);
