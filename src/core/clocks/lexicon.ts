/**
 * Word lists for process-clock events (product spec §5), as data. events.ts reads a sentence's structure —
 * who acts (parent or school), the act, what it acts on, and whether the sentence is negated, asked,
 * conditional or still to happen — and these lists fill each slot. Add phrasing here, not in code.
 * Phrases are lower case; a space matches any run of spaces; "*" ends a phrase that takes any word ending.
 */
export const LEXICON = {
  /** What the parent signs to start the evaluation clock. */
  consentObject: [
    'consent', 'consent form', 'consent to evaluate', 'consent for evaluation', 'consent for the evaluation',
    'permission to evaluate', 'permission to assess', 'permission to test', 'permission form', 'pte',
    'assessment plan', 'evaluation plan', 'prior written notice and consent', 'signed form', 'signed paperwork',
    'evaluation paperwork', 'evaluation form',
  ],
  /** The parent's act of giving it back. */
  returnAct: [
    'signed', 'sign*', 'returned', 'returning', 'return*', 'attached', 'attaching', 'enclosed', 'sent back',
    'sending back', 'send back', 'dropped off', 'dropping off', 'turned in', 'handed in', 'handed it',
    'submitted', 'mailed', 'faxed', 'put it in', 'is in', 'are in', 'gave', 'left it', 'brought',
  ],
  /** Acts or places that mean the form went back outside this mailbox (the date is then an estimate). */
  otherChannel: [
    'backpack', 'folder', 'bookbag', 'book bag', 'dropped off', 'dropping off', 'front office', 'main office',
    'handed in', 'handed it', 'turned in', 'in person', 'mailed', 'faxed', 'by mail', 'fax', 'left it',
    'brought', 'gave it', 'with him', 'with her', 'office',
  ],
  /** Acts that mean the form travels with this message. */
  inMailAct: ['attached', 'attaching', 'enclosed', 'here is', "here's", 'please find', 'scanned', 'photo of'],
  /** The school's acknowledgement of receipt. */
  receiptAct: ['received', 'receiving', 'got', 'have your', 'have the signed', 'thank you for returning', 'thanks for returning', 'thank you for signing', 'thanks for signing', 'now have'],

  /** The decision itself. */
  eligibleWord: ['eligible', 'eligibility', 'qualif*', 'meets the criteria', 'meets criteria', 'met the criteria', 'meets the eligibility', 'met eligibility'],
  /** A decision was made (as opposed to one still to make). */
  decisionAct: ['determined', 'found', 'decided', 'concluded', 'agreed', 'is eligible', 'was eligible', 'qualifies', 'qualified', 'does qualify', 'is not eligible', 'was not eligible', 'does not qualify', "doesn't qualify", 'did not qualify', "didn't qualify", 'did not meet', "didn't meet", 'does not meet', "doesn't meet", 'meets the', 'met the', 'is found', 'are eligible'],
  /** A negative decision: it ends the evaluation and starts no IEP clock. */
  ineligible: ['not eligible', 'ineligible', 'not qualify', "n't qualify", 'does not meet', "doesn't meet", 'did not meet', "didn't meet", 'not meet', 'no longer eligible', 'not found eligible'],

  /** What completes the evaluation. */
  reportObject: [
    'evaluation report', 'assessment report', 'psychoeducational report', 'psycho-educational report',
    'psychological report', 'evaluation results', 'assessment results', 'testing results', 'test results',
    'evaluation summary', 'etr', 'fie', 'fiie', 'multidisciplinary report', 'eligibility report', 'report',
  ],
  provideAct: ['attached', 'attaching', 'enclosed', 'here is', "here's", 'please find', 'sharing', 'sent you', 'sending you', 'uploaded', 'included', 'is ready', 'are ready', 'have completed', 'has been completed', 'is complete', 'are complete', 'finished'],

  /** The meeting that meets the IEP clock. */
  meetingObject: ['iep meeting', 'iep team meeting', 'initial iep', 'ard', 'ard meeting', 'arc meeting', 'meeting to develop', 'eligibility meeting', 'iep', 'team meeting', 'meeting'],
  scheduleAct: ['scheduled', 'schedule', 'set for', 'is set', 'booked', 'confirmed', 'will be held', 'will meet', 'is on', 'is at', 'will be on', 'see you', 'invitation', 'invite', 'notice of meeting', 'planned for'],

  /** Sentence-level markers. */
  negation: ['not', "n't", 'never', 'no longer', 'yet to', 'unable'],
  /** The act is asked for or only possible: not an event. */
  irrealis: ['please', 'will be determined', 'to be determined', 'will decide', 'to decide', 'to see if', 'could you', 'can you', 'would you', 'will you', 'need you to', 'remember to', 'reminder', 'once', 'if', 'whether', 'as soon as', 'will determine', 'to determine', 'would', 'should', 'can we', 'propose', 'available', 'does that work', 'work for you'],
  /** The parent's act is still to come ("I'll sign it tomorrow"). */
  future: ["'ll", 'will', 'going to', 'plan to', 'tomorrow', 'need to', 'have to', 'waiting', 'before', 'until', 'soon'],
} as const satisfies Record<string, readonly string[]>;

export type LexiconSlot = keyof typeof LEXICON;
