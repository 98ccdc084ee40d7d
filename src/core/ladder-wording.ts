/**
 * The words of each ladder step (src/core/ladder.ts). Step 1 is the ordinary follow-up (drafting.ts). Step 2
 * says the parent has followed up before and names the timeline and its rule; step 3 is a short letter that
 * copies the district's special-education director (when the parent has set one) and asks, in its one ask,
 * for the answer or else prior written notice of the decision. Calm by construction: every step is checked
 * by checkDraft against the facts it was written from, and the tests hold each step to it.
 */
import type { DeadlineRule, RequestKind } from './types.js';
import { draftFollowUp, formatLongDate, formatWeekdayDate, localDate, replySubject, type Draft, type DraftInput } from './drafting.js';
import type { LadderStepNumber } from './ladder.js';

export interface LadderDraftInput extends DraftInput {
  step: LadderStepNumber;
  /** Local dates (YYYY-MM-DD) the earlier steps of this round were sent, oldest first. */
  earlier: string[];
  /** The district's special-education director (the parent's setting); copied on step 3. */
  director: { address: string; name?: string | null } | null;
}

/** What the parent asked for, as a noun phrase that names its kind (checkDraft's restates_ask words). */
const WHAT: Record<RequestKind, (child: string, childPoss: string) => string> = {
  meeting: (_, c) => `a team meeting about ${c} IEP`,
  evaluation: (_, c) => `an evaluation of ${c} needs`,
  iee: (c) => `an independent educational evaluation of ${c} at public expense`,
  records: (_, c) => `copies of ${c} education records`,
  progress: (_, c) => `information about ${c} progress`,
  pwn: (c) => `prior written notice of a decision about ${c}`,
  services: (_, c) => `the services in ${c} IEP`,
  accommodations: (_, c) => `the accommodations in ${c} IEP`,
  information: (c) => `an answer to my question about ${c}`,
};

/** The one concrete thing asked for in writing, completing "Could you please send me …". */
const ANSWER: Record<RequestKind, string> = {
  meeting: 'proposed meeting dates',
  evaluation: 'the next step of the evaluation and its expected date',
  iee: "the district's response to my IEE request",
  records: 'the records, or the date they will be available',
  progress: 'the progress information',
  pwn: 'the prior written notice',
  services: 'when and how the services will be provided',
  accommodations: 'how the accommodation will be provided',
  information: 'an answer to my question',
};

const UNIT: Record<DeadlineRule['unit'], [string, string]> = {
  calendar_days: ['calendar day', 'calendar days'],
  business_days: ['business day', 'business days'],
  school_days: ['school day', 'school days'],
};

function timelineSentence(input: DraftInput): string {
  if (input.rule && input.citeLaw) {
    const [one, many] = UNIT[input.rule.unit];
    return `Under ${input.rule.citation.replace(/\s+/g, ' ').trim()}, the timeline for this is ${input.rule.days} ${input.rule.days === 1 ? one : many}, so the answer was due on ${formatLongDate(input.dueDate)}.`;
  }
  return `I had hoped for an answer by ${formatLongDate(input.dueDate)}.`;
}

function followedUp(earlier: string[]): string {
  const days = earlier.map(formatLongDate);
  if (days.length === 0) return 'I have not yet received a reply.';
  const list = days.length === 1 ? days[0]! : `${days.slice(0, -1).join(', ')} and ${days[days.length - 1]}`;
  return `I followed up on ${list}, and I have not yet received a reply.`;
}

function envelope(input: DraftInput, cc: string[]): Pick<Draft, 'requestId' | 'inReplyTo' | 'references' | 'to' | 'cc' | 'subject'> {
  const references = [...new Set(input.thread.references.filter((r) => r && r !== input.thread.lastMessageId))];
  references.push(input.thread.lastMessageId);
  const to = [...new Set(input.to.map((a) => a.trim()).filter(Boolean))];
  const toLower = new Set(to.map((a) => a.toLowerCase()));
  const ccOut: string[] = [];
  for (const a of cc.map((x) => x.trim()).filter(Boolean)) {
    if (toLower.has(a.toLowerCase()) || ccOut.some((c) => c.toLowerCase() === a.toLowerCase())) continue;
    ccOut.push(a);
  }
  return { requestId: input.request.id, inReplyTo: input.thread.lastMessageId, references, to, cc: ccOut, subject: replySubject(input.request.subject) };
}

/**
 * The draft of one step and the facts to check it against (step 3's facts include the director on cc).
 * Steps 2 and 3 quote no provision: they are short, and refer back to the first follow-up.
 */
export function draftLadderStep(input: LadderDraftInput): { draft: Draft; facts: DraftInput } {
  if (input.step === 1) return { draft: draftFollowUp(input), facts: input };
  const child = input.childName?.trim() || null;
  const childPoss = child ? `${child}'s` : "my child's";
  const requestDate = formatLongDate(localDate(input.request.sentAt, input.timezone));
  const by = formatWeekdayDate(input.respondBy);
  const sign = input.parentName?.trim() ? `Thank you,\n${input.parentName.trim()}` : 'Thank you.';
  const what = WHAT[input.request.kind](child ?? 'my child', childPoss);
  const facts: DraftInput = { ...input, provision: null, declined: false };
  if (input.step === 2) {
    const body = [
      'Hello,',
      `On ${requestDate}, I wrote to ask for ${what}. ${followedUp(input.earlier)}`,
      timelineSentence(input),
      `Could you please send me ${ANSWER[input.request.kind]} in writing by ${by}?`,
      sign,
    ].join('\n\n');
    return { draft: { ...envelope(input, input.cc), body }, facts };
  }
  const cc = input.director ? [...input.cc, input.director.address] : input.cc;
  const directorName = input.director?.name?.trim();
  const copying = input.director
    ? `I am copying ${directorName ? `${directorName}, ` : ''}the district's special-education director${directorName ? ',' : ''} so that this can be answered.`
    : null;
  const body = [
    'Hello,',
    `I am writing again about ${what}, which I first asked for on ${requestDate}. ${followedUp(input.earlier)}`,
    ...(input.rule && input.citeLaw ? [timelineSentence(input)] : []),
    ...(copying ? [copying] : []),
    `Could you please send me, by ${by}, ${ANSWER[input.request.kind]} in writing, or, if the district has decided not to do this, prior written notice of that decision with the reasons for it?`,
    sign,
  ].join('\n\n');
  return { draft: { ...envelope(input, cc), body }, facts: { ...facts, cc } };
}
