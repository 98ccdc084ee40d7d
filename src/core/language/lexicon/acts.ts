/**
 * Words that decide a sentence's speech act, as data. Entries are lower-case normal forms as the NLP library
 * gives them; multi-word entries are matched as consecutive terms. The code that reads them is act.ts.
 */

/** Verbs by which a writer asks for something ("I request…", "we would like…", "this letter refers…"). */
export const ASKING_VERBS = ['request', 'ask', 'like', 'want', 'need', 'require', 'appreciate', 'refer', 'seek', 'demand', 'wonder', 'hope', 'expect', 'love', 'prefer', 'invite', 'urge', 'consent'];

/** Of those, the ones that ask even in the past or with a past-looking form ("I was wondering", "I was hoping"). */
export const TENTATIVE_ASKING_VERBS = ['wonder', 'hope'];

/** Verbs by which a past ask is reported ("Last year I asked for…", "I emailed on March 3 to request…"). */
export const REPORTING_VERBS = ['ask', 'request', 'email', 'write', 'call', 'send', 'submit', 'speak', 'mention', 'tell', 'raise', 'bring', 'leave', 'make', 'say', 'talk', 'discuss', 'meet', 'have'];

/** Words that keep a past-tense sentence a live ask ("I asked again…", "I still have not received…"). */
export const LIVE_ASK_MARKERS = ['please', 'again', 'still', 'yet', 'now', 'immediately', 'today'];

/** Verbs that, with "not" and a past or perfect tense, say an ask is unmet ("I have not received the logs"). */
export const UNMET_VERBS = ['receive', 'get', 'see', 'hear', 'have'];

/** Imperatives that ask nothing of the school ("Please see attached", "Have a good weekend"). */
export const NON_ASK_IMPERATIVES = ['see', 'find', 'note', 'excuse', 'forgive', 'pardon', 'disregard', 'ignore', 'enjoy', 'have', 'feel', 'bear', 'accept', 'be', 'know', 'understand', 'thank', 'keep', 'stay', 'take'];

/** Imperatives that ask even though listed above when followed by these objects ("Please have the team meet…"). */
export const STRONG_IMPERATIVE_OBJECTS = ['team', 'school', 'district', 'someone', 'somebody', 'staff', 'teacher', 'case'];

/** Openers of a grant or an agreement in a reply. */
export const GRANT_OPENERS = ['yes', 'yep', 'sure', 'absolutely', 'certainly', 'definitely', 'of course', 'agreed', 'approved', 'no problem', 'happy to', 'glad to'];

/** Verbs that grant or refuse outright ("your request is approved", "we deny…"). */
export const GRANT_VERBS = ['approve', 'grant', 'agree', 'accept', 'authorize', 'consent'];
export const REFUSAL_VERBS = ['deny', 'decline', 'refuse', 'reject'];
/** Words that make a modal a refusal ("we are unable to", "we cannot", "not appropriate"). */
export const REFUSAL_WORDS = ['unable', 'cannot', 'not able', 'not appropriate', 'not necessary', 'not warranted', 'not required', 'not eligible', 'not needed', 'no need'];

/** Words that provide a thing now ("attached", "here is", "I have uploaded"). */
export const PROVISION_WORDS = ['attached', 'enclosed', 'here is', 'here are', 'here\'s', 'please find', 'see attached', 'find attached', 'below is', 'below are', 'link'];
/** Verbs that, in the present perfect or past with the writer acting, provide ("I have sent", "I uploaded"). */
export const PROVIDING_VERBS = ['send', 'attach', 'upload', 'mail', 'email', 'share', 'forward', 'enclose', 'include', 'post', 'put'];

/** Modals and auxiliaries that put the act in the future: a promise when the writer's side acts. */
export const FUTURE_MARKERS = ['will', 'shall', 'going to', 'plan to', 'intend to', 'expect to', 'hope to', 'aim to', 'about to'];
export const CONDITIONAL_MARKERS = ['would', 'could', 'might', 'should', 'may'];

/** Frames of a notice: a letter that announces rather than asks ("Please accept this letter as formal notice"). */
export const NOTICE_NOUNS = ['notice', 'notification'];
export const NOTICE_VERBS = ['notify', 'inform', 'advise'];
export const LETTER_NOUNS = ['letter', 'email', 'e-mail', 'message', 'note', 'this'];

/** Offers of further help: "let me know if you need anything", "feel free to call". */
export const OFFER_VERBS = ['let me know', 'tell me', 'reach out', 'contact me', 'call me', 'email me', 'text me', 'feel free', 'hesitate'];
export const OFFER_OBJECTS = ['anything', 'questions', 'question', 'concerns', 'more', 'else', 'further', 'help', 'information'];

/** Feelings and thanks, stated, not asked ("I want you to know how grateful we are"). */
export const EMOTIVE_COMPLEMENTS = ['know', 'understand', 'thank', 'hear', 'start', 'say', 'share', 'begin', 'tell', 'acknowledge', 'recognize', 'express', 'vent'];
export const PLEASANTRY_OPENERS = ['thank', 'thanks', 'many thanks', 'i appreciate', 'we appreciate', 'have a', 'hope you', 'i hope', 'looking forward', 'i look forward', 'best wishes', 'take care', 'enjoy', 'sorry', 'apologies'];

/**
 * Questions that complain rather than ask. Each frame is a sequence of words that must occur in order
 * (not necessarily adjacent within 3 words) in a question.
 */
export const RHETORICAL_FRAMES: string[][] = [
  ['supposed', 'to'],
  ['who', 'knew'],
  ['how', 'many', 'times'],
  ['too', 'much', 'to', 'ask'],
  ['what', 'kind', 'of'],
  ['what', 'sort', 'of'],
  ['am', 'i', 'the', 'only'],
  ['am', 'i', 'wrong'],
  ['does', 'anyone', 'care'],
  ['does', 'anybody', 'care'],
  ['does', 'nobody', 'care'],
  ['how', 'is', 'this', 'acceptable'],
  ['how', 'is', 'that', 'acceptable'],
  ['how', 'can', 'this', 'be'],
  ['why', 'is', 'it', 'always'],
  ['why', 'do', 'i', 'have', 'to'],
  ['why', 'should', 'i', 'have', 'to'],
  ['who', 'would', 'think'],
  ['who', 'would', 'believe'],
];

/** Words with which a rhetorical question blames an absent "nobody" or a general "anyone" ("if nobody follows the plan"). */
export const RHETORICAL_QUANTIFIERS = ['nobody', 'no one', 'no-one'];

/** Leading words skipped before a clause's subject or imperative ("And also, please send…"). */
export const CLAUSE_OPENERS = ['and', 'also', 'so', 'then', 'now', 'again', 'kindly', 'but', 'ok', 'okay', 'finally', 'lastly', 'additionally', 'in addition', 'separately', 'one more thing', 'first', 'second', 'third', 'next', 'meanwhile', 'further', 'furthermore', 'moreover', 'therefore', 'hereby', 'please', 'pls', 'plz', 'just', 'could', 'you'];

/** Adverbs the tagger may read as verbs inside a verb group ("I hereby request", "we formally ask"). */
export const ADVERBS = ['hereby', 'formally', 'respectfully', 'officially', 'also', 'again', 'still', 'now', 'therefore', 'specifically', 'kindly', 'urgently', 'really', 'just', 'once', 'thus', 'further', 'additionally', 'previously', 'already'];

/** Questions that offer rather than ask ("Is there anything else you need from us?"). */
export const OFFER_QUESTION_FRAMES: string[][] = [['anything', 'you', 'need'], ['anything', 'else', 'you'], ['anything', 'i', 'can'], ['anything', 'we', 'can'], ['how', 'can', 'i', 'help'], ['how', 'can', 'we', 'help']];

/**
 * Verbs of getting back to the family: a future act with one of these is a promise whoever acts ("the director
 * will follow up"). A future act by someone else with any other verb describes an arrangement ("Ms. K will
 * pull her 3rd period", "she will retake unit 6 on Friday").
 */
export const DELIVERY_VERBS = ['send', 'get', 'let', 'contact', 'call', 'respond', 'follow', 'reply', 'email', 'e-mail', 'forward', 'share', 'provide', 'update', 'check', 'look', 'review', 'discuss', 'talk', 'reach', 'schedule', 'set', 'confirm', 'find', 'be', 'have', 'prepare', 'consider', 'decide', 'reach out', 'circle', 'touch', 'propose', 'give', 'bring', 'mail', 'write', 'draft', 'complete', 'finish', 'ask', 'speak', 'meet', 'connect', 'investigate', 'arrange', 'work'];
