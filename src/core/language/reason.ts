/**
 * Why the analysis thinks a sentence is a request ("Why we think this"): the speech act it read, the head of
 * the ask (its verb and object phrase, as the parent wrote them) and the rules that decided the act and the
 * kind. Shown to the parent under the request and stored with it; never contains more than the parent's own
 * sentence.
 */

/** The speech acts the analysis tells apart (issue 10). Requests are asks and questions; the rest are not. */
export type SpeechAct = 'ask' | 'question' | 'statement' | 'promise' | 'grant' | 'refusal' | 'provision' | 'notice' | 'rhetorical';

export interface RequestReason {
  act: SpeechAct;
  /** The ask's head: its verb and object phrase, or a list item's noun phrase. */
  head: string;
  /** The deciding rules: the act's cue, then the kind's ("request-verb / meeting-verb"). */
  rule: string;
}

// What opens an ask without being its content: politeness, modal frames, the request verbs themselves.
const ASK_FRAME = /^((and|also|so|but|then|now|again|kindly|finally|lastly|additionally|in addition|one more (quick )?question)[,:]?\s+)*(please\s+|pls\s+|kindly\s+)*((can|could|would|will) (you|u|someone|somebody|the school|the team|we)( please| also| kindly)*\s+|(((my|our|his|her) [\w-]+|[a-z]+) and )?(i|we)( am| are|'m|'re)? (formally |hereby |also |again |respectfully |now |still )*(requesting|request|asking( for| that)?|ask( for| that)?|writing to (formally )?(request|ask( for)?))( that)?\s+|(i|we)( would|'d) (also |really |still )?appreciate (it )?if (you|someone|the school|the team) (could|would|can|will)( please| also| kindly)*\s+|(i|we)( would|'d) (also |really |still )?(like|love|want|appreciate)( to)?\s+|(i|we) (also |really |still )?(want|need)( to)?\s+)?/i;
// Where the object phrase ends and its justification or condition begins.
const HEAD_END = /(,\s*(so|because|since|as|which|and i|but|please|thanks?)\b|\s(so that|because|since|in order to|as soon as possible|if you)\b|[;:?!]|(?<!\b(mr|mrs|ms|dr|st|mt))\.\s|\.$)/i;

/** The head of an ask sentence (or clause): its verb and object phrase, at most 120 characters. */
export function headOfAsk(clause: string): string {
  const rest = clause.replace(/\s+/g, ' ').trim().replace(ASK_FRAME, '');
  const end = HEAD_END.exec(rest);
  const head = (end ? rest.slice(0, end.index) : rest).trim();
  return head.length > 120 ? `${head.slice(0, 117).replace(/\s+\S*$/, '')}…` : head || clause.trim().slice(0, 120);
}

/** The reason of a detection from its ask cue, the clause that carries the ask and the kind's rule. */
export function reasonOf(cue: string, clause: string, kindRule: string, sentence = clause): RequestReason {
  let head = headOfAsk(clause);
  // "…, please and thank you": a clause with no content of its own leaves the head to the whole sentence.
  if (clause !== sentence && head.split(/\s+/).length < 4) head = headOfAsk(sentence);
  return { act: cue.startsWith('question') ? 'question' : 'ask', head, rule: `${cue} / ${kindRule}` };
}
