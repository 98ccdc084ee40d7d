/** The drafter's own words: what the parent asked for, the one ask, and the sentence that cites the rule. */
import { checkTone } from '../tone.js';
import type { DeadlineRule, RequestKind } from '../types.js';
import { countWords, sentenceTexts } from './format.js';

export function requestPhrase(kind: RequestKind, child: string, childPoss: string): string {
  switch (kind) {
    case 'meeting':
      return `to ask for a team meeting for ${child}`;
    case 'evaluation':
      return `to ask for an evaluation of ${child}`;
    case 'iee':
      return `to ask for an independent educational evaluation of ${child} at public expense`;
    case 'records':
      return `to ask for ${childPoss} education records`;
    case 'progress':
      return `to ask for information about ${childPoss} progress`;
    case 'pwn':
      return `to ask for prior written notice of a decision about ${child}`;
    case 'services':
      return `to ask about the services in ${childPoss} IEP`;
    case 'accommodations':
      return `to ask about the accommodations in ${childPoss} IEP`;
    case 'information':
      return `with a question about ${child}`;
  }
}

export function askPhrase(kind: RequestKind, by: string, hasProvision: boolean): string {
  switch (kind) {
    case 'meeting':
      return `send me some proposed meeting dates in writing by ${by}?`;
    case 'evaluation':
      return `send me a written update on the evaluation, with the next step and its expected date, by ${by}?`;
    case 'iee':
      return `send me, in writing, the district's response to my IEE request, including its criteria for independent evaluators, by ${by}?`;
    case 'records':
      return `send me the records I asked for, or let me know in writing when they will be available, by ${by}?`;
    case 'progress':
      return `send me the progress information I asked for, in writing, by ${by}?`;
    case 'pwn':
      return `send me the prior written notice I asked for by ${by}?`;
    case 'services':
      return `let me know in writing, by ${by}, when and how ${hasProvision ? 'these services' : 'the services'} will be provided?`;
    case 'accommodations':
      return `confirm in writing, by ${by}, how ${hasProvision ? 'this accommodation' : 'the accommodation'} will be provided?`;
    case 'information':
      return `reply to my question in writing by ${by}?`;
  }
}

const UNIT_WORDS: Record<DeadlineRule['unit'], [string, string]> = {
  calendar_days: ['calendar day', 'calendar days'],
  business_days: ['business day', 'business days'],
  school_days: ['school day', 'school days'],
};

/** Citation sentences for a rule, best first: the rule's own plain-language summary when it suits a letter, then a generic one. */
export function citationSentences(rule: DeadlineRule): string[] {
  const out: string[] = [];
  const citation = rule.citation.replace(/\s+/g, ' ').trim();
  const summary = (rule.summary ?? '').replace(/\s+/g, ' ').trim();
  if (
    summary &&
    countWords(summary) <= 35 &&
    sentenceTexts(summary).length === 1 &&
    new RegExp(`\\b${rule.days}\\b`).test(summary) &&
    !/["“”]/.test(summary) &&
    checkTone(summary).length === 0
  ) {
    const s = /[.?!]$/.test(summary) ? summary : `${summary}.`;
    const first = /^(\S+)/.exec(s)?.[1] ?? '';
    if (/^(?:The|A|An)$/.test(first)) out.push(`Under ${citation}, ${s[0]!.toLowerCase()}${s.slice(1)}`);
    else out.push(`${s.replace(/[.?!]$/, '')} (${citation}).`);
  }
  const [one, many] = UNIT_WORDS[rule.unit];
  let clock = (rule.clockStart ?? '').replace(/\s+/g, ' ').trim().replace(/[.;:,]+$/, '');
  if (/^\p{Lu}\p{Ll}/u.test(clock)) clock = clock[0]!.toLowerCase() + clock.slice(1);
  if (clock && checkTone(clock).length > 0) clock = '';
  const span = `${rule.days} ${rule.days === 1 ? one : many}`;
  out.push(`Under ${citation}, the timeline for this is ${span}${clock ? ` from ${clock}` : ''}.`);
  return out;
}
