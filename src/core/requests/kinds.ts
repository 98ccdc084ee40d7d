import type { RequestKind } from '../types.js';
import { alternation, STAFF_ROLES } from '../language/lexicon.js';
import { askObject, itemObject, prepareAskObjects } from '../language/ask-object.js';
import { TextMemo } from '../text-memo.js';
import { kindOfObject, kindOfQuestion } from '../language/object-kind.js';
import { CAUSATIVE_EVALUATION, IEE_LOGISTICS, namesAService, OUTSIDE_GOAL_DATA, SCHOOL_WORK, topicsOf, WRITTEN_ACCOUNT } from '../language/kind-words.js';

/**
 * The kind of a request sentence. The topic rules below read which kinds its words are about (the words
 * themselves are in language/kind-words.ts); a few "act" patterns decide between kinds that share words (a copy
 * OF an evaluation report is a records request; asking FOR an evaluation is not).
 */
// Asking for a copy or a document, rather than for the thing itself to be done.
const DOCUMENT_ASK = /\b(cop(y|ies)|records?|files?|send|forward|email|e-mail|share|provide|obtain|receive|inspect|review|access|see)\b.{0,50}\b(evaluation|assessment|psycho-?educational|fba|iep|504|bip|report|results|summary|documents?|notes|logs?|draft)\b|\b(evaluation|assessment|fba|iep|504|bip|reports?|results|summary|documents?|notes|logs?|drafts?)\b.{0,30}\b(be|been|are|is) (sent|mailed|emailed|e-mailed|forwarded|provided|given|shared|copied|made available)\b/i;
// "Please add a speech-language assessment to the evaluation": another assessment added is an evaluation asked for.
const CONDUCT_EVALUATION = /\b(request(ing)?|ask(ing)? for|like|want|consent|need|schedule|start|begin|conduct|complete|do|refer|referral|initiate)\b.{0,40}\b(an? |the |full |comprehensive |initial |new |formal |speech |ot |updated? |psycho-?educational |independent )*(evaluation|assessment|re-?evaluation|testing|fba|eval|functional behaviou?r)|\b(add|include)\b (an?|another) ([\w-]+ ){0,3}(assessment|evaluation|testing|screening)\b/i;
const CONSENT_PAPERWORK = /\b(consent|permission) (forms?|paperwork|to (evaluate|assess|test))\b|\b(evaluation|assessment) plans?\b/i;
const EVALUATION_DOCUMENT = /\b(evaluation|assessment|psycho-?educational|fba|iee|testing)s? (reports?|results|summary|summaries|protocols|score sheets?|scores?|documents?|findings|write-?ups?)\b/i;
const BE_EVALUATED = new RegExp(String.raw`\bprovide (him|her|them|(my|our) (son|daughter|child)|[A-Z]\w+) with (an? |the )?([\w-]+ ){0,3}(evaluation|assessment|fba|testing)\b|\b(be|get|being|been) (re-?)?(evaluated|assessed|tested|screened)\b|\btest (him|her|them|[A-Z]\w+) (for|in)\b|\bevaluate (him|her|them|my|our)\b|\bassessment plan\b|\bconsent form\b|\bassess (him|her|them|my|our)\b|${CAUSATIVE_EVALUATION.source}`, 'i');
// "A copy of his IEP and all evaluations done this year": evaluations named inside what a copy is of are documents.
const COPY_OF_EVALUATION = /\bcop(y|ies) of\b[^.?!;]{0,80}?\b(evaluations?|assessments?|testing|fbas?)\b/i;
const MEETING_ASK = /\b(schedule|set up|arrange|hold|have|convene|request(ing)?|call|plan|reconvene|organize|need|want|like|would like|get|find)\b.{0,30}\b(meeting|meet|conference|sit down|get together|time to (talk|meet|discuss|go over|review|look at|walk through))\b|\b(meet|meeting)\b.{0,30}\b(to discuss|to review|to talk|about|regarding|soon|asap|available|availability|dates?|times?)\b|\b(can|could) we (meet|talk|sit down|get together|schedule)\b|\bwhen (can|could) we (meet|talk)\b/i;

// "…who is providing his services and when they will start": a question that also asks when the thing starts
// asks about its delivery, not only about a person.
const ALSO_WHEN_DELIVERED = /,? and when (it|they|he|she|that|this|those|these|the (\w+ ){0,2}(services?|sessions?|therapy|support|instruction)) (will |would |are going to |is going to )?(start|begin|resume|be back|restart)\b/i;
// "Who is teaching the group now?" asks about a person or a process, whatever the paragraph is about.
const IDENTITY_QUESTION = /^((also|and|separately|one more thing|lastly|finally|ok(ay)?),?\s+)*(((can|could) you (also )?(please )?(tell|let) (me|us)( know)? (whether|if) )|((can|could) you (also )?(please )?(tell|let) (me|us)( know)? )|do you know (yet )?|i('d| would) like to know )?(who|whom|which (person|teacher|staff)|what is the (process|procedure|name|best way)|what('s| is) (his|her|their) (case manager|teacher)|is (his|her|the|their) (iep|ard|504)? ?meeting still)\b|^((also|and|separately),?\s+)?(please )?(tell|let) me( know)? (who|whom|which person)\b/i;
// A sentence that refers back ("when will they be made up?", "please make sure it is provided") takes its
// topic from the sentences before it.
// "When will she start?" after a sentence about the new para asks when that starts.
const ANAPHORIC = new RegExp(String.raw`\b(it|this|that|them|these|those|they|the same|again|make[- ]?up${SCHOOL_WORK}|made up|missed ones?)\b|\bwhen ((will|does|is|do|would|can|could) (he|she|they|it)|(he|she|they|it) (will|would|is going to|are going to|can|could|is supposed to))( \w+){0,2} (start|begin|resume|restart|be back|come back)\b|^((also|and|so),?\s+)?(please |could you |can you |would you )?(make sure|ensure|confirm|see that|check that)\b`, 'i');

// Asking the school to do something ("can someone replace the charger?") takes its topic from what came before.
const ACTION_ASK = /\b(can|could|would|will) (you|u|someone|somebody|the school|the team|we)\s+(please\s+|also\s+)?(?!tell|let me know|explain|say|share your)(put|give|fix|replace|bring|move|let|start|make sure|ensure|check|get|provide|do|set up|add|change|update)\b|^(please )?(make sure|ensure|fix|replace|let him|let her)\b/i;

export interface KindDecision {
  kind: RequestKind;
  /** Which topic decided the kind, for explanations. */
  because: string;
}

// Asking when or where an already planned meeting is, is a question about it, not a request for one.
const EXISTING_MEETING = /\b(will|is) (the|our|his|her|my|their) (\w+ )?(iep |ard |504 )?(meeting|conference) (be|still)\b|\b(when|what time|where) (is|will be|are we having) (the|our|his|her|my|their) (next )?(iep |ard |504 |team )?(meeting|conference)\b|\b(when|what time|where) (the|our|his|her|my|their) (next )?(iep |ard |504 |team )?(meeting|conference) (is|will be)\b|\b(meeting|conference) (is )?still (on|scheduled|happening)\b/i;

// "Am I allowed to observe?", "Does the team have to meet first?", "Can his dad join by Zoom?": questions about
// what the rules permit or require ask for information, whatever they mention.
const RULE_QUESTION = /^((also|and|so|but|one (more )?question[^:?]{0,30}:)\s*,?\s*)*(am i|are we|is it|can i|may i|could i|can we still|(can|could|may) (his|her|my|our|the) (dad|mom|father|mother|husband|wife|advocate|parents?|grandmother|grandfather|aunt|uncle) (join|attend|come|be there|observe|sit in)|(does|do|did|would|will) (\S+ ){1,3}(have|need) to|is (my|our|the|this|a) (\w+ )?(request|letter|consent|signature|form) enough|(will|does|do|would) (the|this|that) (\S+ ){0,2}(allow|permit|let))\b(?!.*\b(owed|entitled)\b)/i;
const PERMISSION = /^(am i|are we|is it|can i|may i|could i)\b.{0,30}\b(allowed|permitted|able|ok(ay)?|join|attend|observe|sit in|come|bring|record|visit)\b|^(?!am i|are we|is it|can i|may i|could i)/i;
// Asking the school to confirm it received a letter asks for information, not for the letter's topic.
export const CONFIRM_RECEIPT = /\b(confirm|acknowledge|confirmation|acknowledgement|acknowledgment)\b.{0,20}\b(receipt|that you (have )?received|you (have )?received|you got)\b/i;
const MEETING_DOCUMENT = /\b(notes|minutes|summary|recording|audio|transcript|write-?up|sign-?in sheet|attendance sheet|draft)\s+(of|from|for|taken at|taken during)\s+(the |our |his |her |that |this |last |today'?s |yesterday'?s |friday'?s |monday'?s )?([\w'-]+ ){0,3}(meeting|conference)\b/i;
// "Could we put in the 504 that she may use her phone", "can his 504 plan be updated so…": what a 504 plan holds is
// accommodations (guide B1), so changing it asks for one, whatever service the change names ("tests in the resource room").
const CHANGE_504_PLAN = /\b(update[ds]?|chang(e|ed|es)|amend(ed|s)?|revis(e|ed)|add(ed)? (to|in|into)|put (it )?(in|into)|include[ds]? in|writ(e|ten) (in|into))\b[^.?!]{0,30}\b504( plan)?\b|\b504( plan)?\b[^.?!]{0,15}\b(be |is |was )?(updated|changed|amended|revised)\b/i;
// "A draft of the proposed goals before the meeting": the meeting only says when the document is wanted.
const DOCUMENT_BEFORE_MEETING = /\b(an?|the) (copy|copies|draft|drafts)\b(?! (date|time))[^.?!]{0,60}\b(before|prior to|ahead of) (the|our|his|her|that|this|[a-z]+'s) ([\w-]+ ){0,2}(meeting|conference)\b/i;
const AMEND_DOCUMENT = /\b(correct(ed|ion)?|amend(ed|ment)?|fix(ed)?|revise[ds]?|revision|reflect|changed? to (say|show|read|reflect)|to (say|show|read|state) that|remove[ds]?|strike|struck|inaccura\w+|wrong|incorrect|errors?|mistakes?)\b/i;
const PROPOSED_TIME = /\b((can|could|would|may|shall) (we|you|it|that|the team)|(we|you|the team) (can|could|would|might)) (\w+ ){0,3}(do|have|hold|move|push|change|switch|make|meet|reschedule|try|find|pick|choose|set|look at)\b.{0,40}\b(next (week|monday|tuesday|wednesday|thursday|friday)|(on |this |any )?(monday|tuesday|wednesday|thursday|friday|day)s?\b|morning|afternoon|after \d|before \d|at \d|\d{1,2}(:\d\d)? ?(am|pm|a\.m\.|p\.m\.)|(an?|another|an earlier|a later|a different|a new|some other|other) (date|time|day|week)s?\b|(before|after) (thanksgiving|christmas|the (holidays?|break)|(winter|spring|fall|thanksgiving|holiday) break)\b)|\b(would|will|does|could|might) (an?|another|a different|a later|an earlier|some other) (\w+ )?(date|day|time|week|morning|afternoon) work\b/i;
// "Develop a Section 504 plan", "be considered for a 504 plan": a 504 eligibility determination is an evaluation.
const FORMAL_EVALUATION = /\b(considered|eligible|eligibility|evaluated|qualif(y|ies|ied)|screened) (for|under) (a )?(section )?504\b|\b(develop|write|create|put in place|start|begin|initiate) (a )?(section )?504 plan\b|\b(section )?504 (eligibility|evaluation|referral)\b/i;

// "Copies of his complete file, including all evaluations": the head of the object decides; what follows
// "including", "such as" or "especially" names parts of it.
const PARTS_OF = /,?\s+\b(?:including|such as|especially|in particular|for example)\b/i;
// "…for a full evaluation because I believe he may need services": the reason names no object of the ask.
const REASON_CLAUSE = /,?\s+\b(?:because|since (?=i|we|he|she|they|his|her)|as (?=i|we) (?:believe|think|feel))\b/i;
// "Please make sure his OT is at the meeting", "Can his dad join by Zoom?", "Please invite the ESE specialist":
// who attends a meeting is a question about its arrangements, not a request for what those people provide.
const ATTENDANCE = new RegExp(`\\b((be|is|are) (at|in on|present (at|for))|attend|join|come to|sit in on|be invited to)\\b.{0,40}\\b(meeting|conference|call)\\b|\\b(join|attend|participate|be there)\\b.{0,15}\\b(by|via|on|over) (zoom|video|phone|teams|google meet)\\b|\\binvite\\b.{0,60}\\b(${alternation(STAFF_ROLES, { plural: true })}|advocates?)\\b`, 'i');
// A copy of the procedural safeguards, a parent-rights booklet or the district's procedures is information about
// the process, not the child's education record.
const BE_THERE = /\b(make sure|ensure|confirm|see that|check that)\b.{0,80}\b(is|are|will be|can be|would be) (there|present)\b/i;
const INCLUDE_PEOPLE = new RegExp(`^((also|and|so),?\\s+)?(please |can you |could you |would you )?(also )?(include|invite|have|bring in)\\b.{0,60}\\b(${alternation(STAFF_ROLES, { plural: true })})\\b`, 'i');
// "When will the FBA be completed?", "…whether any of the testing has started?": where a pending evaluation stands.
const PENDING_DONE = /^((also|and|so|but|i am asking again|i'm asking again)[,:]?\s+)*(when|how soon|how long until|by when)\b.{0,50}\b(be )?(completed|complete|finished|done|over)\b|\b(whether|if) (any of )?(the |her |his )?(testing|evaluations?|assessments?|fba)( \w+)? (has|have) (started|begun|been (started|scheduled|done|completed))\b/i;
const MEETING_WORD = /\b(meeting|conference|iep|ard|cse|mdr)s?\b/i;
// "I am requesting a full evaluation…, and I ask that you send me the consent form and the procedural safeguards":
// the safeguards come with the referral they follow (the school gives them at a referral); the evaluation is the ask.
const EVALUATION_ASKED_FIRST = /\b(request|requesting|ask for|asking for|refer(ring)?)\b[^.?!;]{0,40}?\b(evaluation|evaluated|assessment|re-?evaluation)\b[^.?!]*\bprocedural safeguards\b/i;
const RIGHTS_DOCUMENT = /\b((the )?(regulations?|statutes?|laws?|legal basis|rules?|code section)s? (showing|that (say|says|allow|allows|permit|permits|require|requires)|allowing|permitting|requiring)|procedural safeguards|parent(al|s'?)? rights (booklet|handbook|notice|brochure|document)|notice of (parent(al)?|procedural) (rights|safeguards)|(district'?s?|school'?s?|doe'?s?|agency'?s?) (\w+ ){0,2}(procedures?|guidelines|policy|policies|process|protocols?|criteria)|(written|eligibility|board) (policy|policies|criteria|procedures|guidelines)|criteria (you|the (team|district|school|committee)) (are |is )?(using|use|used|follow|applied|apply)|section 504 procedures)\b/i;
// Asking that something be added to the file, translated, or where it sits in a document is a question about a
// document, not a request for a copy of the child's records.
const ADD_TO_RECORD = /\b(attach|add|include|put|place|insert|file|keep|make|enter|write)\b (this|my|a|the|our|these|that)? ?([\w-]+ ){0,3}(letter|statement|note|report|document|copy|email|e-mail|concerns?|response|rebuttal|input|request)s?\b.{0,40}\b(to|in|into|with) (the |his |her |their |[A-Z][\w-]*'s )?(school |student |educational |education |cumulative |permanent |confidential |special education )?(iep( document)?|record|records|file|folder|cumulative file)\b/i;
const TRANSLATION = /\b(translated|translation|in (spanish|vietnamese|arabic|chinese|somali|russian|korean|haitian creole|portuguese))\b/i;
const WHERE_IN_DOCUMENT = /^((and|also|so),?\s+)?(which|what) (section|page|part|chapter|paragraph)\b/i;
// "Could you email me a copy?": a copy of nothing named is a copy of what the sentences before it name.
const BARE_COPY = /\b(a|one|the) cop(y|ies)\b(?!\s+of)/i;
const PERSON_PLACE_QUESTION = /^((and|also|so|but),?\s+)?(where|who|whom)\b/i;
// "Is there anything I should know about…", "What should I do next?": what the parent needs to know or do.
const NOTIFY_WHEN = /\b(let me know|let us know|tell me|inform me|notify me|keep me (informed|posted|updated))( right away| immediately)? (as soon as|when|once) (a |the )?([\w'-]+ ){0,4}(is|are|has been|have been|gets?) (set|scheduled|decided|made|ready|done|finished|complete|completed|available)\b/i;
const OPINION_ASKED = /\b(tell me|tell us|let me know|let us know|know|ask|wondering|explain|understand) (whether|if|what|why) (the |his |her |their |you |your )?([\w'-]+ ){0,3}(really |actually |honestly )?(thinks?|believes?|feels?|agrees?)\b/i;
const WHAT_TO_KNOW = /\b(is there anything|what) (else )?(i|we) (should|need to|have to|must) (know|do|bring|expect)\b/i;
// "Is the district going to do its own evaluation first, or approve an outside one?": which way the school will go.
const SCHOOL_PLAN_CHOICE = /^((and|also|so),?\s+)?(is|are|will|would|does|do) (the )?(district|school|team|committee|cse|iep team|504 team)\b.{0,80},? or\b/i;
// "I would like information about how the referral and evaluation work": how a process works is information.
const ABOUT_PROCESS = /\b(information|details|an explanation|more) (about|on|regarding|of) (how|what|the (process|steps|procedures?|timeline|rules))\b|\b(let me know|tell me|explain|know) (the|what the) (process|procedure|steps|next steps?|timeline)\b/i;
// "I ask that any copying fees be waived", "whether there is a cost for the copies": what something costs.
const COST = /\b(fees?|costs?|charges?)\b.{0,20}\b(waived?|reduced|covered|for (the )?cop(y|ies))\b|\bwaive\b.{0,30}\b(fees?|costs?|charges?)\b|\b(is|will) there (be )?(a|any) (cost|fee|charge)\b/i;
// "Can you explain why I can no longer sit in on her sessions?": the reason for the parent's own position.
// "I'd also like to know why the packet says…", "can you explain why they moved him?": a reason asked for is
// information, whatever service or document the reason is about (unless it is asked for in writing: a PWN).
const REASON_ASKED = /\b(know|tell (me|us)|explain( to (me|us))?|understand|wondering|find out|clarify|ask(ing)? you) why\b/i;
const OWN_POSITION_WHY = /\bwhy (i|we) (can|can'?t|cannot|could|couldn'?t|am|are|was|were|have|had|no longer|am not|are not|wasn'?t|weren'?t)\b/i;

// A question's topic words are weaker evidence of what it asks for than an imperative's.
// A question written with a full stop is as weak as one with its mark ("Will his annual meeting be on Zoom.").
const weakOf = (sentence: string): boolean => /\?\s*$/.test(sentence) || /^((also|and|so|but|separately),?\s+)?(when|what|where|who|how|is|are|does|do|did|which|can|could|will|would|should)\b/i.test(sentence);

// The rules that decide a kind only from the sentences around the ask, or by default.
// "Information about what services he will get" is read by the process rule as information; its object says more.
const WEAK_RULE = /^(default|wh-question|identity-question|information-about|context:|subject:)/;

/**
 * The kind of one request sentence. The rules below read its topic words; where they decide only by default,
 * by the kind of question or from the sentences around it, the ask's own object (its head, read from the
 * sentence's structure: language/ask-object.ts, language/object-kind.ts) decides instead when it names a kind.
 * (Object first everywhere was measured too: on unseen mail it gained less and lost more status.)
 */
export function classifyKind(sentence: string, context: string[], subject: string, listItem = false): KindDecision {
  const byRules = byTopics(sentence, context, subject, listItem);
  if (!WEAK_RULE.test(byRules.because)) return byRules;
  const ask = listItem ? itemObject(sentence) : askObject(sentence);
  const question = ask !== null && (ask.frame === 'question' || ask.frame.endsWith(':content'));
  const byObject = question ? kindOfQuestion(ask) : kindOfObject(ask);
  // An object that names only information adds nothing to a default of information, and a rule that took the
  // kind from the sentences before ("When will they be made up?") knows more than "the dates" does.
  if (!byObject || byObject.kind === byRules.kind || byObject.kind === 'information') return byRules;
  return { kind: byObject.kind, because: `object:${byObject.noun}` };
}

/**
 * Reads, in one call of the tagger, the objects of the sentences whose kind the topic rules only guess: the
 * classifyKind calls that follow for the same sentences find their objects (and their rules' decisions) remembered.
 */
export function prepareKinds(asks: ReadonlyArray<{ sentence: string; context: string[] }>, subject: string): void {
  prepareAskObjects(asks.filter((a) => WEAK_RULE.test(byTopics(a.sentence, a.context, subject).because)).map((a) => a.sentence));
}

// The topic rules' decision, remembered for the message being read: prepareKinds and classifyKind ask for it in turn.
const BY_TOPICS = new TextMemo<KindDecision>(2_000);
const byTopics = (sentence: string, context: string[], subject: string, listItem = false): KindDecision =>
  BY_TOPICS.remember([listItem ? 'item' : 'ask', subject, sentence, ...context].join('\u0000'), () => classifyByTopics(sentence, context, subject, listItem));

/**
 * The kind by the topic rules: the sentence's own words decide first; when they name no topic ("When will they
 * be made up?") the sentences before it in the paragraph and then the subject do.
 */
function classifyByTopics(sentence: string, context: string[], subject: string, listItem = false): KindDecision {
  if (CONFIRM_RECEIPT.test(sentence)) return { kind: 'information', because: 'confirm-receipt' };
  if (RULE_QUESTION.test(sentence) && PERMISSION.test(sentence)) return { kind: 'information', because: 'rule-question' };
  if (RIGHTS_DOCUMENT.test(sentence) && !topicsOf(sentence).has('iee') && !/\b(his|her|their|my (son|daughter|child)'?s?) (records?|file|iep)\b/i.test(sentence) && !EVALUATION_ASKED_FIRST.test(sentence)) return { kind: 'information', because: 'rights-or-procedures' };
  if (ADD_TO_RECORD.test(sentence) || TRANSLATION.test(sentence) || WHERE_IN_DOCUMENT.test(sentence)) return { kind: 'information', because: 'about-a-document' };
  if (BARE_COPY.test(sentence)) {
    for (const ctx of context) if (RIGHTS_DOCUMENT.test(ctx)) return { kind: 'information', because: 'context:rights-or-procedures' };
  }
  if (WHAT_TO_KNOW.test(sentence) || SCHOOL_PLAN_CHOICE.test(sentence) || COST.test(sentence)) return { kind: 'information', because: 'question-about-process' };
  // "Please let me know as soon as a date is set for the testing": word of an event asked for, not the event.
  if (NOTIFY_WHEN.test(sentence)) return { kind: 'information', because: 'notify-when' };
  // "Please tell me whether the speech therapist really thinks…": someone's view asked for, whatever it is about.
  if (OPINION_ASKED.test(sentence)) return { kind: 'information', because: 'opinion-asked' };
  if (ABOUT_PROCESS.test(sentence)) return { kind: 'information', because: 'information-about' };
  // "The notes of the February 2 meeting", "the minutes from the IEP meeting": the head of the object is the
  // document; the meeting only says which one. Correcting it is a question about a document, sending it records.
  // A copy or draft wanted before a meeting is a meeting's document too.
  const wantedBefore = DOCUMENT_BEFORE_MEETING.test(sentence);
  if ((wantedBefore || MEETING_DOCUMENT.test(sentence)) && !STRONG_MEETING.test(sentence)) {
    if (AMEND_DOCUMENT.test(sentence)) return { kind: 'information', because: 'amend-document' };
    if (wantedBefore || listItem || DOCUMENT_ASK.test(sentence) || /\bcop(y|ies)\b/i.test(sentence)) return { kind: 'records', because: 'meeting-document' };
  }
  if (CHANGE_504_PLAN.test(sentence) && !/\b(cop(y|ies)|meeting|eligib\w*|evaluat\w*|records?)\b/i.test(sentence)) return { kind: 'accommodations', because: 'change-504-plan' };
  if (ATTENDANCE.test(sentence) && !STRONG_MEETING.test(sentence)) return { kind: 'information', because: 'attendance' };
  // "Please include the classroom teacher and the OT" beside a meeting request: who is to come (guide B5).
  if (INCLUDE_PEOPLE.test(sentence) && !STRONG_MEETING.test(sentence) && (MEETING_WORD.test(subject) || context.some((t) => MEETING_WORD.test(t)))) return { kind: 'information', because: 'attendance' };
  // "When will the FBA be completed?": a question about a pending evaluation asks for information (guide B6).
  if (PENDING_DONE.test(sentence) && !topicsOf(sentence).has('records') && [sentence, ...context].some((t) => { const k = topicsOf(t); return k.has('evaluation') || k.has('iee'); })) return { kind: 'information', because: 'pending-evaluation' };
  // "Please make sure his teacher from last year is there" in a thread about a meeting: who will attend it.
  if (BE_THERE.test(sentence) && (MEETING_WORD.test(subject) || context.some((t) => MEETING_WORD.test(t)))) return { kind: 'information', because: 'attendance' };
  if (OWN_POSITION_WHY.test(sentence) && !/\b(in writing|written)\b/i.test(sentence)) return { kind: 'information', because: 'own-position' };
  if (REASON_ASKED.test(sentence) && !topicsOf(sentence).has('pwn')) return { kind: 'information', because: 'reason-asked' };
  // A list item is a noun phrase whose last noun is its head: "A Section 504 evaluation meeting to be scheduled"
  // asks for a meeting, whatever kind of meeting it is.
  if (listItem && /^(an? |the |another |a new )?(?![^,:;]*\b(notes|minutes|summary|recording|copy|copies|report)\b[^,:;]*\b(meeting|conference)\b)([\w'-]+ ){0,4}(meeting|conference)s?\b/i.test(sentence)) return { kind: 'meeting', because: 'list-item-meeting' };
  if (EXISTING_MEETING.test(sentence) && !STRONG_MEETING.test(sentence)) return { kind: 'information', because: 'existing-meeting' };
  if (IDENTITY_QUESTION.test(sentence) && !ALSO_WHEN_DELIVERED.test(sentence)) {
    const own = decide(sentence, true);
    return own && own.kind !== 'services' && own.kind !== 'evaluation' && own.kind !== 'meeting' ? own : { kind: 'information', because: 'identity-question' };
  }
  const head = sentence.split(PARTS_OF)[0]!.split(REASON_CLAUSE)[0]!;
  if (head !== sentence && head.length >= 12) {
    const byHead = decide(head, weakOf(sentence));
    // Named "head:" only when the head decides differently from the whole sentence.
    const whole = decide(sentence, weakOf(sentence));
    if (byHead) return whole?.kind === byHead.kind ? whole : { kind: byHead.kind, because: `head:${byHead.because}` };
  }
  const own = decide(sentence, weakOf(sentence));
  if (own) return own;
  // "Could we have a date before the break instead?" in a thread about a meeting: proposing another time asks to move it.
  if (PROPOSED_TIME.test(sentence) && (/\b(meeting|conference|iep|ard|504|mdr|cse)\b/i.test(subject) || context.some((t) => /\b(meeting|conference|mdr)s?\b/i.test(t)))) return { kind: 'meeting', because: 'proposed-time' };
  if (!ANAPHORIC.test(sentence) && !ACTION_ASK.test(sentence)) return { kind: 'information', because: 'default' };
  // "Where was her aide when this happened?": a question about a place, a person or a reason asks for
  // information; its "this" points at an event, not at the topic of the sentences before.
  if (PERSON_PLACE_QUESTION.test(sentence)) return { kind: 'information', because: 'wh-question' };
  for (const ctx of context) {
    const fromContext = decide(`${ctx} ${sentence}`, true);
    if (fromContext) return sentThing({ kind: fromContext.kind, because: `context:${fromContext.because}` }, sentence);
  }
  const fromSubject = decide(`${subject} ${sentence}`, true);
  if (fromSubject && fromSubject.kind !== 'meeting' && fromSubject.kind !== 'records') return sentThing({ kind: fromSubject.kind, because: `subject:${fromSubject.because}` }, sentence);
  return { kind: 'information', because: 'default' };
}

/**
 * "Please send those as well." in a thread about the FBA: what is sent of an evaluation is its report or its data,
 * a record (spec §3), not the evaluation itself.
 */
function sentThing(decision: KindDecision, sentence: string): KindDecision {
  return decision.kind === 'evaluation' && SEND_FIRST.test(sentence) && !/\bhome\b/i.test(sentence) ? { kind: 'records', because: `sent:${decision.because}` } : decision;
}

// "Please schedule an IEP meeting to discuss … the independent evaluation": the verb asks for a meeting.
const STRONG_MEETING = /\b(move|reschedule|postpone|push back|rearrange) (the|our|his|her|this|that|tomorrow'?s?) (\w+ )?(meeting|conference)\b|\bmanifestation determination\b|\b(schedule|set up|arrange|hold|convene|reconvene|request(ing)?|call|have|need|want|like|plan) (an? |the |another |a new )?(iep|ard|504|team|cse|annual|eligibility|follow-?up|manifestation)? ?(team )?(meeting|conference)\b|\b(can|could) we (schedule|set up|have|hold|meet)\b/i;

const SEND_FIRST = /^((also|and|so|lastly|finally),?\s+)?(please )?(also )?(send|provide|forward|email|e-mail|share|mail|give me|give us)\b/i;
// Notes of a class, a unit or a lecture are the notes accommodation ("the notes for the cell unit"), unlike
// meeting, therapy or nurse notes, which are records.
const CLASS_NOTES = /\b(class|lecture|guided|teacher'?s?|unit|lesson) notes\b|\bnotes (for|from|at the start of|at the beginning of) (the |each |every |this |that |his |her )?(\w+ )?(class|unit|lesson|lecture|chapter|period)s?\b/i;
// Retaking a test and modified or shortened work are plan items whatever room they happen in.
const PLAN_ITEM_ACT = /\bretake\b|\b(modified|shortened|reduced) (version|work|homework|assignments?|tests?|quizzes|packets?|problem sets?)\b/i;
// "…as the plan says": what a 504 plan (or "the plan") lists is an accommodation; "as the IEP says" may be a service.
const STRONG_ACCOMMODATION = /\b(like|as) (the|his|her|their) (504 )?plan (says|states|requires|calls for|lists)\b|\bcop(y|ies) of (the )?(class |teacher'?s? |lecture |guided )(notes|slides)\b|\b(give|giving|gets?|getting|receive|receiving) (him|her|them) (a |the )?cop(y|ies) of (the )?notes\b|\b(extended|extra) time\b|\bpreferential seating\b|\baccommodations?\b/i;

// "Copies of the accommodation checklists his teachers kept": a copy's object decides. Copies of progress data
// are the data behind progress; copies of class notes are the notes accommodation; copies of anything else,
// the accommodations' own paperwork included, are records.
const COPIES_OF = /\bcop(?:y|ies) of ((?:the |his |her |their |all |any |my |our |[A-Z][\w-]*'s )*(?:[\w-]+ ){0,4}[\w-]+)/i;
// A copy given to staff ("could Mr. Lowe get a copy of the accommodations page") puts the plan in their hands:
// implementation, not the parent's access to records.
// "Please make sure the sub folder has a copy of her accommodations": a copy someone other than the parent is to
// have, or a folder is to hold, puts the plan where it is used, like a copy given to staff.
const FOR_STAFF = /\b(make sure|ensure|see that|check that)( that)? (?!(i|we|me|us)\b)(the|his|her|their|each|every|all|any|a)\b[^.?!]{0,40}\b(has|have|gets?|keeps?|includes?|contains?)\b( a| the)? cop(y|ies)\b|\b(mr|mrs|ms|dr|miss|coach)\.? [A-Z][\w-]+ (could |can |would |will |to )?(get|have|receive|be given|see)\b|\b(teachers?|staff|subs?|substitutes?|aides?|paras?|paraprofessionals?|coach(es)?|bus drivers?) (could |can |would |will |to )?(all )?(get|have|receive|be given|see)\b|\b(give|send|provide|share|forward)\b.{0,30}\bto (his|her|their|the|all) ([\w-]+ ){0,2}(teachers?|staff|subs?|substitutes?|aides?|paras?)\b/i;
function copiesOf(text: string): KindDecision | null {
  const object = COPIES_OF.exec(text)?.[1];
  if (!object || CLASS_NOTES.test(text) || FOR_STAFF.test(text)) return null;
  const topics = topicsOf(object);
  if (topics.has('progress')) return { kind: 'progress', because: 'copies-of:progress' };
  if (topics.has('accommodations') && !topics.has('records')) return { kind: 'records', because: 'copies-of:plan-paperwork' };
  // "Copies of the reading intervention data", "copies of the session logs": the copy is the record, whatever
  // service or evaluation it documents (guide B3).
  if ((topics.has('services') || topics.has('evaluation')) && !topics.has('records')) return { kind: 'records', because: 'copies-of:documents' };
  return null;
}

// Intervention, screening and assessment data named without a goal are the school's other data about the child.
const GOAL_PROGRESS = /\b(goals?|objectives?|progress reports?|iep)\b/i;
const progressOrRecords = (text: string, decision: KindDecision): KindDecision =>
  decision.kind === 'progress' && OUTSIDE_GOAL_DATA.test(text) && !GOAL_PROGRESS.test(text) ? { kind: 'records', because: 'data-outside-goals' } : decision;

function decide(text: string, weak = false): KindDecision | null {
  const decision = decideByTopics(text, weak);
  return decision && progressOrRecords(text, decision);
}

function decideByTopics(text: string, weak: boolean): KindDecision | null {
  const copies = copiesOf(text);
  if (copies) return copies;
  // The act asked for decides before the words around it: "can we have her evaluated", "send whatever was written up".
  if (CAUSATIVE_EVALUATION.test(text)) return { kind: 'evaluation', because: 'causative-evaluation' };
  if (WRITTEN_ACCOUNT.test(text)) return { kind: 'records', because: 'written-account' };
  if ((CLASS_NOTES.test(text) || PLAN_ITEM_ACT.test(text)) && !/\b(records?|files?|prior written notice|evaluation|meeting notes)\b/i.test(text)) return { kind: 'accommodations', because: 'plan-item' };
  if (FORMAL_EVALUATION.test(text) && !/\b(cop(y|ies)|procedures?|records?|send|forward)\b/i.test(text)) return { kind: 'evaluation', because: '504-eligibility' };
  const topics = topicsOf(text);
  if (topics.size === 0) return null;
  if (topics.has('accommodations') && STRONG_ACCOMMODATION.test(text) && !/\b(records?|files?|iep document|evaluation report)\b/i.test(text) && !topics.has('pwn') && !STRONG_MEETING.test(text)) {
    return { kind: 'accommodations', because: 'accommodation-named' };
  }
  if (SEND_FIRST.test(text) && (topics.has('records') || topics.has('progress')) && !topics.has('pwn') && !topics.has('iee')) {
    return topics.has('progress') && !/\b(records?|files?|cop(y|ies) of|emails?|reports? of (incidents?|discipline))\b/i.test(text) ? { kind: 'progress', because: 'progress' } : { kind: 'records', because: 'send-document' };
  }
  if (STRONG_MEETING.test(text) && !/\b(independent educational evaluation|iee) at public expense\b/i.test(text) && !/\bprior written notice\b/i.test(text)) {
    return { kind: 'meeting', because: 'meeting-verb' };
  }
  if (topics.has('iee') && (/\b(iee|independent)\b/i.test(text) || IEE_LOGISTICS.test(text))) return { kind: 'iee', because: 'iee' };
  if (topics.has('pwn')) return { kind: 'pwn', because: 'pwn' };
  // "Can we set up a time to go over the evaluation report?" asks for a meeting, not an evaluation.
  if (topics.has('meeting') && MEETING_ASK.test(text) && !CONDUCT_EVALUATION.test(text.replace(/\b(evaluation|assessment) (report|results|summary)\b/gi, ''))) {
    return { kind: 'meeting', because: 'meeting' };
  }
  if (topics.has('evaluation')) {
    // The consent paperwork is how an evaluation starts: asking for it is asking for the evaluation.
    if (CONSENT_PAPERWORK.test(text) && !EVALUATION_DOCUMENT.test(text)) return { kind: 'evaluation', because: 'evaluation-consent' };
    const copied = COPY_OF_EVALUATION.exec(text);
    if (copied && !topicsOf(text.slice(0, copied.index)).has('evaluation') && !BE_EVALUATED.test(text)) return { kind: 'records', because: 'copy-of-evaluation' };
    // "A copy of his last evaluation report" asks for a document about an evaluation: records.
    if (EVALUATION_DOCUMENT.test(text) && DOCUMENT_ASK.test(text) && !BE_EVALUATED.test(text)) return { kind: 'records', because: 'evaluation-document' };
    const docAsk = DOCUMENT_ASK.test(text) && !BE_EVALUATED.test(text) && !CONDUCT_EVALUATION.test(text);
    if (!docAsk && (CONDUCT_EVALUATION.test(text) || BE_EVALUATED.test(text) || /\b(re-?evaluation|triennial|fba)\b/i.test(text))) {
      if (!(topics.has('meeting') && MEETING_ASK.test(text) && !CONDUCT_EVALUATION.test(text))) return { kind: 'evaluation', because: 'evaluation' };
    }
  }
  if (topics.has('meeting') && MEETING_ASK.test(text)) return { kind: 'meeting', because: 'meeting' };
  if (topics.has('progress') && !(topics.has('meeting') && MEETING_ASK.test(text))) return { kind: 'progress', because: 'progress' };
  if (topics.has('records') && DOCUMENT_ASK.test(text)) return { kind: 'records', because: 'records' };
  if (topics.has('evaluation') && !weak && DOCUMENT_ASK.test(text)) return { kind: 'records', because: 'evaluation-document' };
  if (topics.has('accommodations') && (!topics.has('services') || accommodationFirst(text))) return { kind: 'accommodations', because: 'accommodations' };
  if (topics.has('services')) return { kind: 'services', because: 'services' };
  if (topics.has('records')) return { kind: 'records', because: 'records-weak' };
  if (topics.has('meeting') && !weak) return { kind: 'meeting', because: 'meeting-weak' };
  if (topics.has('evaluation') && !weak) return { kind: 'evaluation', because: 'evaluation-weak' };
  return null;
}

// "services" matches generic words (service, provider); a named accommodation is the stronger signal.
function accommodationFirst(text: string): boolean {
  return !namesAService(text);
}
