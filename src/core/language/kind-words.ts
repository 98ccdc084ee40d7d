/**
 * The words of each request kind, in one place, as data. Two readings use them:
 *  - the topic patterns (TOPIC, read through `topicsOf`): what a sentence's words are about, for the topic rules of
 *    requests/kinds.ts and for which sentences of a reply speak to which request (reply-matching.ts, reply-objects.ts);
 *  - the object nouns (NOUNS and the lists after it): what the head of an ask's object names (object-kind.ts).
 * A word of a kind belongs in both: a topic pattern finds it anywhere in a sentence, a noun only as the ask's object.
 */
import type { RequestKind } from '../types.js';

type TopicKind = Exclude<RequestKind, 'information'>;

// What a parent asks for alongside an IEE: the agency's criteria and where an IEE may be obtained (34 CFR 300.502(a)(2)).
export const IEE_LOGISTICS = /\b(criteria for (qualified |independent )?(examiners?|evaluators?)|(list|names) of (qualified |independent |approved )?(examiners|evaluators)|qualified (examiners|evaluators)|(district'?s?|agency'?s?) (iee )?criteria|outside (evaluation|evaluator|one)|assessment authorization)\b/i;

// "When can she make up the review?": making up a test, a quiz or class work is an arrangement about school work
// (a question for the teacher), not a make-up of missed service sessions.
export const SCHOOL_WORK = String.raw`(?!\s+(?:(?:the|a|an|her|his|their|this|that|any|missed|those|these)\s+)*(?:[\w-]+\s+){0,2}(?:tests?|quiz(?:zes)?|exams?|reviews?|work|assignments?|homework|labs?|projects?|essays?|worksheets?|classwork|packets?)\b)`;
const MAKE_UP_SERVICE = new RegExp(String.raw`\bmake[- ]?up\b${SCHOOL_WORK}`, 'i');
// "I'd like to have her tested", "can we get him evaluated": the causative asks for the evaluation itself.
export const CAUSATIVE_EVALUATION = /\b(have|get|having|getting) (him|her|them|(my|our) (son|daughter|child|kid)) (re-?)?(tested|evaluated|assessed|screened)\b/i;

// "Please send me whatever was written up about the incident": what staff wrote down, asked for, is a record.
export const WRITTEN_ACCOUNT = /\b(send|forward|email|e-mail|provide|share|give)\b.{0,20}\b(whatever|anything|everything|what)( else)? (that )?([\w'-]+ ){0,3}(written( up| down)?|wrote( up| down)?|documented|recorded|noted|filed)\b/i;

// Spec §3: progress is "progress reports or the data behind goal progress". Data of an intervention, a screening or
// an assessment is the school's other data about the child, records, unless a goal is named (guide B4).
const OUTSIDE_GOAL_WORDS = 'rti|mtss|tier|interventions?|assessments?|screenings?|screeners?|benchmarks?';
export const OUTSIDE_GOAL_DATA = new RegExp(`\\b(${OUTSIDE_GOAL_WORDS})\\b`, 'i');

/** The topic patterns of each kind: what a sentence's words are about (kinds.ts's rules, and reply attribution). */
const TOPIC: Record<TopicKind, RegExp[]> = {
  iee: [/\bindependent ([\w-]+ ){0,2}(evaluation|assessment|eval|evaluator)s?\b/i, IEE_LOGISTICS, /\biees?\b/i, /\bat (public|district|the district'?s|school) expense\b/i],
  pwn: [/\b(a|the) (written )?notice\b.{0,80}\b(refus|den(y|ies|ied|ial)|declin|reject)/i, /\b(refus\w*|den(y|ies|ied|ial)|declin\w*|reject\w*)\b.{0,80}\b(a|the) (written )?notice\b/i, /\bprior written notice\b/i, /\bpwn\b/i, /\bwritten notice\b/i, /\b(decisions?|refusal|denial|reasons?|rationale|explanation|why)\b.{0,60}\bin writing\b/i, /\bin writing\b.{0,60}\b(decisions?|refus|den(y|ied|ial)|why|reasons?|rationale)\b/i, /\bwritten (explanation|reason|rationale|justification)\b/i, /\bnotice of (action|refusal|the decision)\b/i],
  evaluation: [/\b(re-?)?evaluat(e|ed|ion|ions|ing)\b/i, /\b(re-?)?assess(ed|ment|ments|ing)?\b/i, /\bre-?evals?\b/i, /\bevals?\b/i, /\b(fba|functional behaviou?r(al)? assessment|psycho-?educational|psych ed|neuropsych\w*)\b/i, /\b(tested|testing) (for|him|her|them|in)\b/i, /\bbe tested\b/i, CAUSATIVE_EVALUATION, /\btest (him|her|them|my|our) (for|in)\b/i, /\b[Tt]est [A-Z][a-z]+ (for|in)\b/, /\bscreen(ed|ing)? (for|him|her)\b/i, /\b(triennial|full individual|fiie|initial evaluation|consent (form|to evaluate))\b/i, /\bassessment plan\b/i, /\bqualif(y|ies) for (special education|an iep|a 504|services)\b/i, /\bdyslexia (screening|testing|evaluation)\b/i],
  meeting: [/\b(like|love|want|need|wish|hope|ask) to (meet|sit down|get together)\b/i, /\bmanifestation determination( review| meeting| hearing)?\b|\bmdr\b/i, /\b(iep|ard|504|team|cse|pst|sst|manifestation|eligibility|transition|admission,? review) (team )?(meeting|conference|review)\b/i, /\bmeeting\b/i, /\bmeet (with (you|me|us|the team|the (iep|504|ard) team)|to (discuss|talk|review|go over)|about|in person|soon|before|next week|as soon|on (monday|tuesday|wednesday|thursday|friday|the \d)|(this|next) (monday|tuesday|wednesday|thursday|friday))\b/i, /\b(sit down|get together|conference|convene)\b/i, /\b(a |some )?time to (talk|meet|discuss|speak|connect|chat|go over|walk through)\b/i, /\b(phone|zoom|video|teams) (call|meeting|conference)\b/i, /\b(i am|i'm|we are|we're|(\w+ and i) are) (both )?(available|free)\b.{0,40}\b(on|at|monday|tuesday|wednesday|thursday|friday|\d)/i, /\b(would|does|will|could) .{0,40}\bwork (for you|for your family)\b/i, /\bschedule (a|an|some) (call|time)\b/i],
  progress: [/\bdata (you|that|which|the (team|staff|teacher|school)|she|he|they)( have| has|'ve|'s| are| is)?( been)? (collect|gather|track|record|keep|kept)\w*/i, /\b(assessment|reading|math|writing|behaviou?r|regression|recoupment|progress|benchmark|screening|fluency|probe|rubric) (data|scores)\b(?! sheets?)/i, /\bscored on (each|the|every) (probe|assessment|test)s?\b/i, /\b(weekly|daily|regular) progress notes?\b/i, /\bprogress[- ](reports?|notes?|data|monitoring|updates?|on (his|her|their) goals?)\b/i, /\b(data sheets?|data collection|probe data|(reading|math|fluency|behaviou?r) probes|goal data)\b/i, /\b(data|graphs?|probes?|baselines?|scores|measurements?|data sheets?|tracking sheets?|work samples)\b.{0,60}\b(goals?|objectives?|progress|benchmarks?)\b/i, /\b(goals?|objectives?|benchmarks?)\b.{0,60}\b(data|progress|measured|tracking|mastery|met)\b/i, /\bhow (is|are) (he|she|they|\w+) (progressing|doing on|doing with (his|her) goals)\b/i, /\bprogress (toward|towards|on)\b/i],
  records: [/\b(test|testing|assessment|evaluation|screening) (results|scores|protocols)\b/i, WRITTEN_ACCOUNT, /\b(attached|enclosed|here (is|are)|uploaded|sent you|mailed)\b.{0,60}\b(iep|504 plan|reports?|records?|file|logs?|notes|amendment|documents?|copies|copy|protocols|transcripts?)\b/i, /\b(bip|behaviou?r (intervention )?plan|iep|504 plan|reports?|logs?|notes|file|documents?|records?|data|video|footage|emails?)\b.{0,30}\b(is|are) (now )?(attached|enclosed|uploaded)\b/i, /\b(education(al)?|school|student|cumulative|cum|special education|sped|confidential|complete|entire|full) (records?|files?|folder)\b/i, /\brecords?\b/i, /\bcop(y|ies)\b/i, /\b(service|session|attendance|behaviou?r|incident|discipline|disciplinary|ot|pt|speech|therapy|counseling|sped) (logs?|reports?|records?|notes|documentation|data)\b/i, /\b(inspect|review|access)\b.{0,30}\b(records?|files?)\b/i, /\b(all|any) (emails?|communications?|documents?|notes)\b.{0,40}\b(about|regarding|concerning|related to)\b/i, /\b(send|forward|email|provide|share)\b.{0,40}\b(the |his |her |their |a |an )?([\w-]+ ){0,2}(iep|504 plan|evaluation reports?|report|documents?|bip|behaviou?r (intervention )?plan|eligibility report|evaluation summary|etr|er|fiie report)\b/i],
  services: [/\b(speech|speech and language|language (therapy|services|sessions|pathologist)|slp|speech-language|occupational therapy|\bot\b|physical therapy|\bpt\b|counsel(l)?ing|social work|psychological services|resource room|specialized (academic )?instruction|sdi|pull-?out|push-?in|reading intervention|math intervention|wilson|orton|lindamood|orthopedic|vision services|hearing services|audiology|assistive technology services|adapted pe|apep)\b/i, /\b(bus|van|transportation)\b.{0,60}\b(late|missed|never|not|hasn'?t|isn'?t|wasn'?t|iep|aide|monitor|harness|vest|route|special|start|starts)\b|\b(bus )?driver\b|\bpick[- ]?up time\b|\bsafety vests?\b|\b(bus|safety) harness(es)?\b|\btie[- ]?downs?\b|\bwheelchair (lift|securement|restraints?|straps?)\b|\b(morning|afternoon|bus|van) (ride|run|route)s?\b|\b(ride|run|route) (home|to school|in the (morning|afternoon))\b|\b(shorter|longer|earlier|later|different) (bus |van )?(ride|run|route)\b/i, /\bsessions?\b|\bminutes\b(?!\s+(of|from) (the |our |that |this |last )?([\w'-]+ ){0,3}(meeting|conference))/i, MAKE_UP_SERVICE, /\bcompensatory\b/i, /\b(missed|cancelled|canceled|skipped)\b.{0,40}\b(sessions?|services?|therapy|speech|ot|pt|minutes|instruction)\b/i, /\b(services?|therapy|therapist|provider)\b/i],
  accommodations: [/\b(like|as) (the|his|her|their) (plan|iep|504( plan)?) (says|states|requires|calls for)\b/i, /\bretake (it|the (test|quiz)|tests|quizzes)\b/i, /\b(questions|tests?|directions) read (aloud )?to (him|her|them)\b/i, /\baccommodations?\b/i, /\bmodifications?\b/i, /\b(extended|extra|additional) time\b/i, /\bpreferential seating\b/i, /(?<!\b(spring|winter|summer|fall|holiday|thanksgiving|christmas|mid-?winter|february|april|lunch) )\b(sensory |movement |frequent )?breaks?\b/i, /\b(read[- ]aloud|text[- ]to[- ]speech|speech[- ]to[- ]text|audiobooks?|large print|scribe|calculator|graphic organizers?|fidgets?|headphones|noise[- ]cancel\w*|visual schedule|check[- ]in|chunk(ed|ing)?|copies of (class )?notes|guided notes|small[- ]group testing|separate setting|reduced (assignments?|workload|homework)|shortened assignments?|word bank|seating|planner|agenda)\b/i, /\b(1:1|one[- ]on[- ]one|dedicated|personal) (aide|para(professional)?)\b/i, /\b(aide|para(professional)?) (support|assigned)\b/i, /\b(shared|classroom|instructional|personal|new) (aide|para(professional)?)s?\b/i, /\bsupplementary aids\b/i, /\b(iep|504( plan)?|his plan|her plan) (says|states|provides|requires|lists|includes|calls for|gives|allows|lets|permits)\b/i, /\bin (his|her|their|the) (iep|504( plan)?) (that|he|she|they)\b/i, /\b(give|giving|gets?|getting|receive|receiving) (him|her|them) (a |the )?cop(y|ies) of (the )?notes\b|\b(move|seat) (him|her|them) (closer|near|up front)|\bcloser to (you|the teacher|the board)\b/i, /\b(fm( system| unit)?|hearing aids?|assistive (technology|device)|charger|(fm |roger )?transmitter|soundfield( system)?|roger (pen|system))\b/i, /\b(chromebook|ipad|tablet|device)\b.{0,40}\b(iep|504|accommodation|replace|broken|working|charge)/i, /\b(printed |paper )?cop(y|ies) of (the )?(class|teacher'?s?|lecture|guided|power ?point) (notes|slides)\b/i, /\bread (the )?(test|tests|questions|directions|passages?)( aloud)? to (him|her|them)\b/i, /\b(oral administration|testing accommodations?|designated supports?|(sit|sits|seated|seat|sitting)\b.{0,20}\b(front|near the (front|teacher|board)|close to))\b/i, /\b504 plan\b.{0,40}\b(implement|follow|provid|honou?r)/i, /\b(implement|follow|provid|honou?r)\w*\b.{0,40}\b(504 plan|iep|plan)\b(?! (services?|minutes|sessions|therapy|therapies|goals?)\b)/i],
};

const ORDER: TopicKind[] = ['iee', 'pwn', 'evaluation', 'meeting', 'progress', 'records', 'services', 'accommodations'];

/** The kinds whose topic patterns a text matches. */
export function topicsOf(text: string): Set<TopicKind> {
  const found = new Set<TopicKind>();
  for (const kind of ORDER) if (TOPIC[kind].some((re) => re.test(text))) found.add(kind);
  return found;
}

// The first five service patterns name a service (speech, OT, a bus, sessions, a make-up); the rest are generic words.
const NAMED_SERVICE = TOPIC.services.slice(0, 5);
/** Whether the text names a service itself, not only a generic word for one (service, provider). */
export const namesAService = (text: string): boolean => NAMED_SERVICE.some((re) => re.test(text));

/** Nouns that name what is asked for. Plural forms are found by their singular. */
export const NOUNS: Record<RequestKind, readonly string[]> = {
  iee: ['iee', 'independent evaluation', 'independent assessment', 'independent evaluator', 'outside evaluation', 'outside evaluator', 'independent examiner'],
  pwn: ['pwn', 'prior notice', 'written notice', 'prior written notice', 'written explanation', 'written reason'],
  evaluation: ['evaluation', 'eval', 'reevaluation', 're-evaluation', 'assessment', 'reassessment', 'fba', 'testing', 'screening', 'referral', 'triennial', 'psychoeducational', 'neuropsych', 'neuropsychological', 'eligibility', 'fiie'],
  meeting: ['meeting', 'conference', 'mdr', 'manifestation determination', 'sit-down'],
  progress: ['progress', 'progress report', 'progress note', 'progress data', 'progress-monitoring data', 'monitoring data', 'goal data', 'data', 'probe', 'graph', 'benchmark', 'baseline', 'measurement'],
  records: ['record', 'file', 'log', 'service log', 'session log', 'documentation', 'document', 'report card', 'transcript', 'video', 'footage', 'recording', 'email', 'result', 'test result', 'test score', 'score', 'protocol', 'evaluation report', 'assessment report', 'report', 'summary', 'version', 'iep document', 'draft', 'iep', '504 plan', 'bip', 'behavior plan'],
  services: ['service', 'therapy', 'speech', 'speech therapy', 'language therapy', 'ot', 'pt', 'occupational therapy', 'physical therapy', 'counseling', 'counselling', 'session', 'minute', 'make-up', 'makeup', 'compensatory', 'tutoring', 'instruction', 'home instruction', 'intervention', 'interventionist', 'therapist', 'slp', 'transportation', 'bus', 'van', 'bus route', 'route', 'reading group', 'driver', 'esy', 'extended school year', 'bus aide', 'tie-down', 'wheelchair lift', 'provider', 'resource room', 'pull-out', 'push-in', 'social work', 'transition support', 'pick-up time', 'pickup time', 'pick up time'],
  accommodations: ['accommodation', 'modification', 'aide', 'para', 'paraprofessional', 'extended time', 'extra time', 'seating', 'break', 'support', 'class note', 'guided note', 'calculator', 'audiobook', 'read-aloud', 'scribe', 'check-in', 'fidget', 'headphone', 'planner', 'fm system', 'fm', 'transmitter', 'hearing aid', 'accommodations page'],
  information: ['information', 'explanation', 'description', 'clarification', 'answer', 'detail', 'reason', 'process', 'procedure', 'policy', 'criteria', 'regulation', 'law', 'rule', 'option', 'deadline', 'name', 'contact', 'step', 'timeline', 'date', 'strategy', 'safeguard', 'procedural safeguard', 'rights booklet', 'guideline', 'handbook'],
};

/** Modifiers that make a head another kind: an independent evaluation is an IEE. */
export const MODIFIED: ReadonlyArray<[modifier: RegExp, head: RequestKind, becomes: RequestKind | null]> = [
  [/^(independent|outside|private)$/, 'evaluation', 'iee'],
  [/^(progress|progress-monitoring|monitoring|goal)$/, 'records', 'progress'],
  // FBA, behaviour and incident data are the evaluation's or the school's records, not goal progress.
  [/^(fba|behaviou?r|abc|incident|attendance|discipline|restraint|seclusion)$/, 'progress', 'records'],
  [new RegExp(`^(${OUTSIDE_GOAL_WORDS})$`), 'progress', 'records'],
  // Spring break is a holiday, not a sensory break.
  [/^(spring|winter|summer|fall|holiday|thanksgiving|christmas|mid-?winter|lunch|february|april)$/, 'accommodations', null],
];
/** A teacher names no kind of request; the teacher who delivers a service does (a special educator, a homebound teacher). */
export const TEACHER = /^(teachers?|educators?)$/;
export const DELIVERING = /^(special|resource|homebound|itinerant|reading|math|intervention|title)$/;
/** Phrases anywhere in the object that decide it: an evaluation "at public expense" is an IEE. */
export const DECIDING_PHRASES: ReadonlyArray<[RegExp, RequestKind]> = [[/\b(public|district'?s?|doe'?s?|school'?s?|agency'?s?) expense\b/, 'iee']];
/** Heads that only say "some of": what they are of decides ("a list of qualified examiners"). */
export const CONTAINERS = new Set(['list', 'set', 'part', 'page', 'section', 'kind', 'type', 'number', 'amount', 'some', 'any', 'all']);
/** A copy is records unless it is a copy of progress data, class notes or the rules (what it is of decides). */
export const COPY = new Set(['copy', 'copies']);
/** Verbs that act on a document rather than ask for it: a letter placed in the file asks nothing of the records. */
export const ON_A_DOCUMENT = /^(plac|put|add|attach|includ|insert|fil|keep|correct|amend|translat|chang|fix|remov|revis|updat)(e|es|ed|d|ted)?$/;
/** Heads that ask about something: what they are about decides when it is a service, plan item or progress. */
export const ABOUT = /^(information|details?|explanations?|descriptions?|clarification|answers?|updates?)$/;
/** What the parent writes: acted on (placed in the file, attached to the plan), it is no record asked for. */
export const PARENT_WRITING = /^(letters?|statements?|concerns?|responses?|rebuttals?|notes?|input|comments?)$/;
/** Verbs that ask for the act itself, whatever their object ("evaluate him for dyslexia"). */
export const ACTS: ReadonlyArray<[RegExp, RequestKind]> = [
  [/^(evaluat|assess|test|screen|re-?evaluat|reassess|refer)(e|ed|d)?$/, 'evaluation'],
  [/^(meet|convene|reconvene)$/, 'meeting'],
];

// Generic words that name a service or an aid only with others around them ("support", "break").
const GENERIC_NOUNS = new Set(['support', 'break', 'provider', 'service', 'session', 'minute', 'instruction', 'intervention', 'planner', 'seating']);
const SERVICE_OR_AID = new RegExp(
  `\\b(${[...NOUNS.services, ...NOUNS.accommodations].filter((w) => !GENERIC_NOUNS.has(w)).sort((a, b) => b.length - a.length).map((w) => w.replace(/[-]/g, '[- ]?')).join('|')})s?\\b`,
  'i',
);
/** Whether a school's sentence speaks of a service or an aid: its topic patterns, or one of its nouns named ("the bus", "the para"). */
export function speaksOfServiceOrAid(text: string): boolean {
  const topics = topicsOf(text);
  return topics.has('services') || topics.has('accommodations') || SERVICE_OR_AID.test(text);
}
