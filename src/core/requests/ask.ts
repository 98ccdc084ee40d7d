/**
 * Is a sentence of the parent's an ask the school is expected to act on or answer? Returns the signal
 * that fired (for explanations) or null. Order matters: exclusions are checked before asks.
 */

// Pleasantries and offers that look like asks but expect nothing ("let me know if you need anything").
const NOT_ASKS: Array<[string, RegExp]> = [
  ['offer', /\b(let me know|tell me|reach out|contact me|call me|email me|text me)\b[^.?!]{0,40}\b(if|should) (you|there|anyone|the team)\b[^.?!]{0,40}\b(need|have|questions?|concerns?|anything|want|would like|require)/i],
  ['offer', /\bif (you|the team|anyone) (need|have|want|would like|require)s?\b.{0,80}\b(let me know|please|feel free|contact|call|email|reach)/i],
  ['offer', /\b(feel free|don'?t hesitate|do not hesitate)\b/i],
  ['offer', /\b(is there )?anything (else )?(you|the team|the school) (need|needs|want|would like) (from|of) (me|us)\b|\bdo you need anything (else )?(from|of) (me|us)\b/i],
  ['offer', /\b(anything (else )?(i|we) can do|how (i|we) can help|happy to (help|provide|send|share|meet|answer))\b/i],
  ['offer', /\b(let me know|tell me) (if|whether) (you|there'?s?|that|this) (have|has|need|is|are|works?) (any|anything|more|other|further|questions?|concerns?)\b/i],
  ['pleasantry', /^(thank you|thanks|many thanks|i appreciate|we appreciate|have a (great|good|nice)|hope (you|all|your)|i hope (you|this finds|all)|looking forward|i look forward|best wishes|take care|enjoy)\b(?![^.?!]*\b(if you could|could you|can you|please send|please provide)\b)/i],
  ['pleasantry', /\blook(ing)? forward to (hearing|your (reply|response)|speaking|talking|working|seeing|meeting you)\b/i],
  ['apology', /\b(please )?(bear with me|excuse (my|the|this) (long|lengthy|late|delayed|rambling)|forgive (me|my|the))\b/i],
  ['attachment', /^please (see|find|note|be advised|be aware|know|understand|excuse|disregard|ignore|forgive|pardon)\b/i],
  ['attachment', /\b(attached|enclosed) (is|are|please find|you will find)\b/i],
  // A past request described, not made: "I wrote on February 3 to request an evaluation".
  ['past-request', /^(as )?(i|we) (wrote|emailed|e-mailed|called|sent|spoke|asked|requested|submitted|made|left)\b[^.?!]{0,80}\b(on|in|last|back|weeks?|months?|days?|ago|earlier|before|previously|already)\b(?![^.?!]*\b(please|again|still|can you|could you)\b)/i],
  ['not-knowing', /^(i|we) (do not|don't|dont) (even )?know (who|where|what|how)\b[^?]*[.!]?$/i],
  ['opinion', /^(please )?let me know (what you think|your thoughts)[.!]?$/i],
  ['keep-posted', /^(please )?(keep me (posted|updated|informed|in the loop)|stay in touch)\b[^?]*[.!]?$/i],
  // "I want you to know how grateful we are": a statement addressed to the reader, not an ask.
  ['statement', /\b(i|we)( want| would like|'d like| need) (you|the team|everyone|all of you) to (know|understand|be aware|hear|see how)\b/i],
  // "Her math goal is the main thing we need to talk about": "need to" inside a relative clause describes.
  ['statement', /\b(the|what) (main |only |first |biggest |one )?(thing|things|issue|issues|one|reason|topic)s? (that )?(i|we) (really )?(need|want|would like|'d like) to\b/i],
  // "I would prefer to resolve this with the team": the writer's own preference about how to proceed.
  ['statement', /\b(i|we)( would|'d) (much )?(prefer|rather) (to )?(resolve|work (this|things|it) out|handle|keep|avoid|settle)\b/i],
  // "If I misunderstood anything, please let me know": an invitation to correct, expecting nothing.
  ['offer', /^if (i|we) (have )?(misunderstood|missed|got|left out|forgot|mis-?stated)\b[^?]*\b(let me know|tell me|correct me)\b/i],
  // "Please accept this letter as formal notice that…": a notice announces; it asks for nothing.
  ['notice', /\b(accept|consider|treat) this (letter|email|e-mail|message|note)? ?(as|to be) (my |our |a |the )?(formal |written |official |parent )*(notice|notification|concern letter|letter of concern|input|statement|record)\b/i],
  // "If the report can't be ready by then, please let me know": news asked for only if something goes wrong.
  // "If none of those dates work, please contact me by April 30": the same, when the offer made does not suit.
  ['contingent', /^if (none|neither) of (these|those|them|the [\w-]+( [\w-]+)?)\b[^,]{0,60},\s*(please )?(let (me|us) know|call me|email me|contact me|get in touch)\b/i],
  ['contingent', /^if (the|this|that|it|they|you|he|she|his|her|any|these|those)\b[^,]{0,80}\b(can'?t|cannot|won'?t|will not|isn'?t|aren'?t|not|unable|doesn'?t|don'?t)\b[^,]{0,60},\s*(please )?((i|we)( would|'d) appreciate (it )?if you (would|could) )?(let (me|us) know|tell (me|us)|call me|email me|contact me|clarify|correct)\b(?! (what|which|when|who|whether|the|why|how))/i],
  ['absence', /\b(excuse|excused) (him|her|them|my (son|daughter|child))? ?(from|for) (school|class|the day)|\bwill be (absent|out|late)\b/i],
];

const ATTACHED_ASK = /^(please (see|find) )?(attached|enclosed|here) (is|are|you will find|please find)? ?(my|our|a|the) (signed |formal |written )?(letter|request|form|referral)s? (requesting|asking (for|that)|to request|that requests|which requests|for)\b/i;

// Rhetorical questions: complaints shaped as questions, not asks for an answer.
const RHETORICAL = [
  /\bhow (is|was|can|could) (this|that|it) (be )?(acceptable|ok|okay|fair|right|legal|possible|allowed|happening)\b/i,
  /\bhow many (more )?times (do|must|will|should|have) (i|we)\b/i,
  /\b(what|how) (am|are|is|was|were) (i|we|he|she|they|you|anyone|anybody|my (son|daughter|child|kid)|[A-Z]\w+) supposed to\b/i,
  /\b(isn'?t|is not|wasn'?t|was not|weren'?t|were not|doesn'?t|does not|aren'?t|are not|shouldn'?t) (that|this|it|there|the iep|he|she|the school) .{0,60}\b(supposed|the point|what|required|deserve|entitled|obvious)\b/i,
  /\bwhy (is|does|do|did|must|should|would) (it|this|everything|every(thing|one)|nobody|no one)\b.{0,40}\b(so|always|never|take so|have to)\b/i,
  /\bwhat (kind|sort) of\b/i,
  /\bwho (would|could) (ever )?(think|believe|accept)\b/i,
  /\b(does|do) (anyone|anybody|no one|nobody) (care|read|listen)\b/i,
  /\bam i (the only|wrong|crazy|asking too much)\b/i,
  /\bis (that|this) too much to ask\b/i,
  /\bhow (hard|difficult) (is|was|would|can) it\b/i,
  // "When was anyone going to tell us?": a past intention never carried out is a reproach.
  /\bwhen (was|were) (anyone|anybody|someone|somebody|you|they|the school|the team) (going|planning) to\b/i,
  /\bwhen did (\S+ ){1,4}become\b/i,
  // "How many mornings is he supposed to miss before someone does something?": a count as a reproach.
  /\bhow (many|much) (more )?\w+ (is|are|do|does|must|will|should|has|have|did)\b.{0,60}\bbefore (someone|anyone|somebody|anybody|the school|you|they|something)\b/i,
  // "Who knew fractions could cause so many tears?": surprise, not a question about a person.
  /^((and|but|honestly|seriously|wow|well),?\s+)?who (knew|would have (thought|guessed|known))\b/i,
  /\byour own (child|children|kids?|son|daughter)\b/i,
  // "Isn't six weeks a lot??", "wasn't that too late?": a negated question states an opinion and asks for agreement.
  /(^|[,;]\s*|\b(but|and|so)\s+)(isn'?t|aren'?t|wasn'?t|is not|are not|was not) (that|this|it|(?:[\w.'-]+ ){1,3}?[\w.'-]+) (a lot|a long time|too (much|long|many|late|little|few|early)|enough|ridiculous|crazy|unfair|excessive|absurd)\b/i,
  // "How does a kid who can't read the board not qualify?": a question about any child, or why something does not
  // happen that plainly should, is a protest.
  /\bhow (does|do|did|can|could|would|is|are) (a|any|one|such a) (kid|child|student|boy|girl|person|parent|family)\b/i,
  /\bhow (does|do|did|can|could|is|are|was) [^?]{1,80}\bnot (qualify|count|get|need|have|deserve|see|notice|know|care|matter)\b/i,
  /\bwhy (am i|do i have to|should i have to|is it (always|up to) me)\b/i,
  // "Who am I even supposed to ask?", "why does he even have a plan?": "even" in a question marks exasperation.
  /\b(who|what|why|how|where|when) (am|are|is|was|do|does|did|should|would|can|could|will) (i|we|he|she|they|you|anyone|anybody|it|this|that|[A-Z]\w+)( \w+)? even\b/i,
];

const DIRECT: Array<[string, RegExp]> = [
  ['request-verb', /\b(i am|i'm|we are|we're|and i are|i|we)( (formally|hereby|now|also|again|respectfully|officially|kindly|therefore|thus|specifically|still|once again|urgently))* (requesting|request|re-?requesting|asking for|asking that|asking you|asking the (school|district|team)|ask for|ask that|ask you to|ask the (school|district|team))\b/i],
  // "I'd like an independent OT evaluation", "we would like to meet": wanting a thing or an act is an ask,
  // except the verbs of saying that only introduce a statement ("I'd like to thank you", "to share").
  ['request-verb', /\b(i|we)( would|'d) (also |really |still |now )?(like|love|want|prefer|appreciate) (a|an|the|some|any|all|copies|copy|his|her|their|my|our|more|written|(?!(?:this|its|us|thanks|regards|things|always|sometimes|perhaps|was|is|has|does)\b)[a-z]{3,}s(?= (of|on|about|for|from|showing|that)\b)|to (?!(thank|say|share|let you know|mention|add|point out|introduce|remind|acknowledge|express|apologi[sz]e|update you|inform you|tell you|give you|offer|note|make (sure you|clear)|begin by|start by|follow up|be (better |more |fully )?(prepared|ready|honest|clear|sure|upfront)|(prepare|practice with|work with|help|remind|warn|tell|talk to|compare) (him|her|them|my|our|[A-Z]\w+))\b)\w+)\b/i],
  // "I would like information about…", "I'd like prior written notice…": wanting a thing named without an article.
  ['request-verb', /\b(i|we)( would|'d) (also |really |still |now )?(like|want|appreciate|need) (information|clarification|confirmation|details|guidance|feedback|assistance|help|answers|documentation|prior written notice|written (notice|confirmation|explanation|answers?|documentation)|permission|access|data|progress (data|reports?)|copies|records|notice|an explanation|an answer|a response|a reply)\b/i],
  ['request-verb', /\b(i|we)\b[^.?!]{0,80}\b(and|to|hereby|therefore) (formally |respectfully |also )?(request|ask for|ask that)\b/i],
  ['request-verb', /\b(i|we)( would|'d) (really |also |still )?(like|want|prefer) (him|her|them|\w+) (to be|to have|to get|to receive|to start|tested|evaluated|assessed)\b/i],
  // "I would like occupational therapy added", "we'd like the goals reviewed first": wanting a thing done to
  // something, its object followed by the participle of what is to be done.
  ['request-verb', /\b(i|we)( would|'d) (also |really |still )?(like|want|prefer) (?!to\b|you\b|it\b)([\w'-]+ ){1,4}?(added|included|changed|moved|removed|reviewed|considered|updated|tested|evaluated|assessed|scheduled|placed|given|provided|discussed|revised|corrected|amended|fixed|replaced|returned|reinstated|restored|increased|reduced|extended|documented|recorded|noted|translated|excused|exempted)\b/i],
  ['request-verb', /\b(the family|the parents?|my client|his (mother|father|mom|dad|parents)|her (mother|father|mom|dad|parents)|the student'?s? (mother|father|parents?))( also)? (asks?|requests?|is requesting|are requesting|would like|wants?)\b/i],
  ['request-verb', /\b(and|also|hereby|therefore) (formally |respectfully )?(requests?|asks? for|asks? that)\b/i],
  ['request-verb', /\b(i|we)( want| would like| need|'d like) (the )?(school|district|team|you|someone|somebody|staff|teachers?) to\b/i],
  ['request-verb', /\b(this|my) (email|e-mail|letter|message|note) is (a|my) (formal |written |official )?request\b/i],
  // "I am making a referral for an assessment", "we are submitting a formal request".
  ['request-verb', /\b(i am|i'm|we are|we're|i|we) (hereby |now |formally )?(making|submitting|filing|make|submit) (a|an|this|my|our) (formal |written |official )?(referral|request)\b/i],
  // An advocate writing for the parent: "She also requests that the reports be translated".
  ['request-verb', /^(she|he|they) (also |further |additionally )?(requests?|asks? (for|that))\b/i],
  ['request-verb', /\b(please )?(consider|accept|treat) this (email|e-mail|letter|message|note)?\s*(as )?(my|a|our) (formal |written |official )?(request|written request|consent)\b/i],
  ['request-verb', /\b(i am|i'm|we are|we're) writing (to|because) (request|ask|formally request|follow up on my request|find out|see if|check)\b/i],
  ['request-verb', /\b(i|we) (really |still |also )?(need|require|must have) (a|an|the|his|her|their|my|our|copies|copy|some|more|written|to (know|see|get|have|receive|understand|hear|find out|review))\b/i],
  ['request-verb', /\b(i|we) (really |also |still |urgently )?need to (schedule|set up|arrange|meet|have a meeting|talk|discuss|know|see|get|receive)\b/i],
  // "My child, Declan, 3rd grade, needs a school evaluation": a letter that states the child's need of an evaluation
  // to the school asks for it (a one-line referral). Only an evaluation: "she needs help with reading" tells.
  ['need-statement', /^(my (child|son|daughter|grandson|granddaughter|foster (son|daughter|child)|student)|he|she|(?!(?:Her|His|Their|The|This|That|If|When|Our|Your)\b)[A-Z][a-z]+)\b(?:[^.?!;]|\b(?:Mrs|Mr|Ms|Dr)\.){0,120}?\b(needs|requires) (a|an|to be) ([\w-]+ ){0,4}?(evaluation|evaluated|assessment|assessed|testing|tested|re-?evaluation|re-?evaluated)\b/],
  // "This letter refers my son for an FBA", "I am referring her for an evaluation".
  ['request-verb', /\b(this (letter|email|e-mail|message) (formally |hereby )?refers|(i am|i'm|we are|we're|i|we) (formally |hereby |now )?(referring|refer)) (my|our|him|her|\w+ for)\b/i],
  // "Just checking whether you saw my email" asks for an answer.
  // Not "he's been doing great checking on his own": the writer checks, at the start or after "just", "I'm".
  ['request-verb', /(^|\b(just|i am|i'm|we are|we're|i was|i wanted to|writing to)\s+)(checking|writing to check|writing to ask) (in )?(whether|if|on(?! (his|her|their|my|its) own\b)|to see (if|whether))\b/i],
  // "I'm following up on my email below about the evaluation": a nudge asks again (guide A3).
  ['nudge', /\b(just |i am |i'm |we are |we're |i wanted to |i want to |writing to )(following|follow) up on (my|our) (earlier |previous |last |original |first )?(e-?mail|message|letter|request|note)\b/i],
  ['unmet', /\b(i|we) (still )?(have not|haven'?t|never|did not|didn'?t) (yet )?(received|gotten|got|seen|heard back)\b|\b(am|are|'m|'re) still waiting\b|\bstill (no|have no|haven'?t) (word|response|reply|answer|update)\b/i],
  ['request-verb', /\b(i|we) (want|would want) (to know|to see|to meet|a copy|copies|an? (meeting|evaluation|answer|explanation|update))\b/i],
  // "and I want the decision in writing", "I want all of his records": a plain want of a thing named is an ask
  // ("I want the team to know…", "I want you to understand…" only tell; "I want his OT there" says who should come).
  ['request-verb', /\b(i|we) (also |really |still |just )?want (a|an|the|his|her|their|my|our|some|all|copies|written)\b(?![^.?!]{0,40}\bto (know|understand|realize|be aware|hear|see how|remember)\b)(?![^.?!]{0,30}\b(there|here|present)\b)/i],
  ['request-verb', /\bi( am|'m) (still )?(hoping|wondering|asking|curious|trying to (find out|understand|figure out))\b/i],
  ['request-verb', /\bi was (wondering|hoping|curious)\b/i],
  ['request-verb', /\b(it would be (helpful|great|wonderful|appreciated)|i('d| would) (really |greatly |truly )?appreciate|we('d| would) appreciate)\b.{0,80}\b(if you could|if i could|if we could|if someone could|receiving|getting|a copy|copies|an? (update|answer|response|explanation|meeting|list|call|time)|the (data|records?|reports?|logs?|schedule|notes|plan|dates?|information)|knowing|hearing (back )?(about|when|whether|if))/i],
  // "I'd love it if someone could call me", "we would like it if she could sit near the board".
  ['request-verb', /\b(i|we)( would|'d) (love|like|appreciate|prefer) it (very much |so much )?if (you|someone|somebody|anyone|the (school|team|district|teacher)|he|she|they|[A-Z]\w+) (could|would|can|will|might)\b/i],
  ['request-verb', /\b(is it|would it be|will it be) possible (to|for)\b/i],
  ['request-verb', /\b(is there (a|any) way|are there any (plans?|dates?|times?|openings?|updates?))\b/i],
  // A leading clause of condition or time may come first: "If the aide is out, let me know who covers her".
  ['imperative', /^((if|when|once|after|before|as soon as|until)\b[^,;:]{3,80},\s*)?((and|also|so|then|now|again|kindly|but|ok(ay)?|finally|lastly|additionally|in addition),?\s+)*(please\s+)?(kindly\s+)?(send|provide|forward|email|e-mail|mail|give|tell|explain|confirm|schedule|set up|arrange|advise|clarify|respond|reply|let (me|us) know|put|make sure|ensure|update|call|contact|reschedule|convene|include|add|begin|start|initiate|conduct|complete|look into|fix|resolve|implement|document|get back to me|answer)\b/i],
  ['please', /\b(please|pls|plz)\b/i],
  ['question', /^((and|also|so|but|ok(ay)?),?\s+)?(can|could|would|will) (you|u|someone|somebody|the school|the team) (please |pls )?\w+/i],
  ['question', /\b(can|could|would|will) (you|u) (please |pls |plz )?(send|give|tell|let me know|email|share|provide|check|call|schedule|set up|make sure|forward|explain)\b/i],
  ['question', /\b(can|could) (we|someone|somebody|anyone) (please |pls )?(have|get|set up|schedule|meet|talk|put|give|fix|replace|bring|move|let|send|check|make sure|look)\b/i],
];

const QUESTION_START = /^(and |also |so |but |ok(ay)?,? |then )?(can|could|would|will|when|what|who|where|which|how|why|is|are|was|were|do|does|did|has|have|should|may|might|shall)\b/i;

const TEMPORAL_OPENER = /^((also|and|so|but),?\s+)?(when|where|while|how)\s+(i|we|he|she|they|you|it|my|his|her|our|their|(the|this|that) \w+|[a-z]+'s)\s/i;

const INVERTED_QUESTION = /^((also|and|so|but|ok(ay)?),?\s+)?((is|are|was|were) (there|it|he|she|this|that|these|those|the|his|her|their|my|our)|(does|do|did|can|could|will|would|should|has|have) (you|he|she|i|we|they|someone|anyone|the|his|her|their|my|our|those|these|this|that))\b/i;
// A wh-word (and up to two words of its phrase) before an auxiliary and its subject: "which assignments should he",
// "who do I call", "what is the deadline"; "which is why I am writing" has no subject after its auxiliary.
const WH_INVERTED = /^((also|and|so|but|separately|ok(ay)?),?\s+)?(which|what|who|whom|when|where|how)( [\w'-]+){0,2} (is|are|was|were|do|does|did|can|could|will|would|should|has|have) (i|you|he|she|we|they|it|the|his|her|their|my|our|this|that|these|those|there|anyone|someone)\b/i;
const RELATIVE_CLAUSE = /^(which|who|whom) (is|are|was|were|has|have)\b/i;
const BARE_QUESTION = /^((also|and|so|but|ok(ay)?),?\s+)?(when|what|where|who|how|is|are|does|do|did|can|could|will|would|which)\b/i;

/**
 * @param unpunctuated the message uses no question marks at all (phone-style writing): a sentence that opens
 * like a question is read as one.
 */
export function askSignal(sentence: string, unpunctuated = false): string | null {
  const signal = signalOf(sentence.trim(), unpunctuated);
  if (signal) return signal;
  // "I'd also appreciate it if you could…", "please kindly also send…", "we would now really like…": the ask's
  // shape with its sentence adverbs set aside. Only a sentence the rules found no ask in is read again, so an
  // adverb a rule depends on ("I am still waiting") keeps its meaning.
  const bare = inLongForm(sentence.trim());
  const again = bare === sentence.trim() ? null : signalOf(bare, unpunctuated);
  if (again) return again;
  // "I appreciate the chart idea, but I am still requesting an IEP meeting": what follows the "but" is said in
  // spite of the courtesy before it, and asks on its own.
  const contrast = /,\s+but\s+(?=\S)/i.exec(sentence);
  return contrast ? askSignal(sentence.slice(contrast.index + contrast[0].length), unpunctuated) : null;
}

// Adverbs that qualify an ask without changing what is asked, where they sit between its words.
const SENTENCE_ADVERB = /(?<=\b(?:i|we|i'd|we'd|i'm|we're|i am|we are|i would|we would|you|you could|you would|could you|would you|can you|will you|please|and|to|if you could|if you would|asking|requesting)) (?:also|really|still|again|kindly|additionally|further|now|then|truly|greatly|sincerely|respectfully|formally|hereby|officially|specifically|once again|urgently|therefore|thus|personally|definitely|certainly|simply|first|quickly|at least)(?=\s)/gi;
// Contractions in their long form, so one spelling of each ask shape covers both ("I'm hoping", "I am hoping").
const CONTRACTIONS: Array<[RegExp, string]> = [
  [/\b(i)'m\b/gi, '$1 am'], [/\b(we|you|they)'re\b/gi, '$1 are'], [/\b(i|we|you|they|he|she)'d\b/gi, '$1 would'],
  [/\b(i|we|you|they)'ve\b/gi, '$1 have'], [/\b(i|we|you|they|he|she)'ll\b/gi, '$1 will'],
  [/\bcan't\b/gi, 'cannot'], [/\bwon't\b/gi, 'will not'], [/\b(do|does|did|have|has|is|are|was|were|could|would|should)n't\b/gi, '$1 not'],
];
function inLongForm(s: string): string {
  let out = s;
  for (const [re, long] of CONTRACTIONS) out = out.replace(re, long);
  // Twice, for stacked adverbs ("please also kindly").
  for (let i = 0; i < 2; i++) out = out.replace(SENTENCE_ADVERB, '');
  return out;
}

function signalOf(s: string, unpunctuated: boolean): string | null {
  if (s.length < 8) return null;
  // "Is the form enough, or do you need anything else from me?" asks whether what was sent suffices.
  const sufficiency = /\b(is|are|was|were) .{0,60}\benough\b/i.test(s);
  // "Attached is my letter requesting an IEP meeting": the attached letter carries the ask this sentence delivers.
  if (ATTACHED_ASK.test(s)) return 'request-verb';
  // "If you need a new one, please tell me what it has to say": an offer's shape around a question of its own.
  const asksContent = /\b(tell me|let me know|explain)( exactly)? (what|who|whom|which|how|when|where)\b/i.test(s);
  for (const [kind, re] of NOT_ASKS) if (re.test(s) && !(kind === 'offer' && (sufficiency || asksContent))) return null;
  const question = /\?\s*["')\]]*\s*$/.test(s) || /\?\s+\S/.test(s);
  if (question) {
    if (RHETORICAL.some((re) => re.test(s))) return null;
    if (QUESTION_START.test(s) || /\b(can|could|would|will) (you|u|someone|the team|the school|we|i)\b/i.test(s)) return 'question';
    // "Any update on the evaluation?" / "The data from last week?"
    if (/^(any|an?|the|is there|are there|what about|how about)\b/i.test(s)) return 'question';
    return 'question';
  }
  for (const [signal, re] of DIRECT) if (re.test(s)) return signal;
  // Phone-style writing drops the question mark: in a message without any, or on a sentence left without a
  // final stop ("also is the school psych going to be there bc last time she wasnt"), a question's opening reads as one.
  const unstopped = !/[.!?…]["')\]]*$/.test(s);
  // An auxiliary before its subject asks, whatever mark ends the sentence ("Also is there a calendar of tests
  // anywhere.", "…only twice this month, can those hours be made up").
  // So does a clause after a comma, semicolon or colon that inverts, and a wh-word before an inverted auxiliary
  // ("…a fever today, can we reschedule for another day this week.", "One question: will the state test allow
  // text-to-speech.", "Separately, what is the process for a transfer."): the word order asks, not the mark.
  // After a comma, "which is" and "who has" open a relative clause ("…the report, which is the one I signed").
  const laterClauses = s.split(/[,;:]\s+/).slice(1);
  const asksByWordOrder = INVERTED_QUESTION.test(s) || WH_INVERTED.test(s) || laterClauses.some((c) => INVERTED_QUESTION.test(c) || (WH_INVERTED.test(c) && !RELATIVE_CLAUSE.test(c)));
  if (asksByWordOrder && !RHETORICAL.some((re) => re.test(s))) return 'question';
  if ((unpunctuated || unstopped) && BARE_QUESTION.test(s) && !RHETORICAL.some((re) => re.test(s))) {
    // "When we met in October I asked whether…", "how he is doing worries me": "when", "where" or "how" followed by
    // a subject opens a clause, not a question (a question inverts: "when is", "when will the bus…"); the
    // sentence asks only if what follows the clause does.
    if (!TEMPORAL_OPENER.test(s)) return 'question';
    const rest = s.replace(TEMPORAL_OPENER, '').split(/,\s*/).slice(1).join(', ');
    if ((rest && BARE_QUESTION.test(rest)) || /\b(can|could|will|would) (you|u|someone|somebody|anyone|we|the (school|team|teacher|nurse|driver))\b/i.test(s)) return 'question';
  }
  return null;
}
