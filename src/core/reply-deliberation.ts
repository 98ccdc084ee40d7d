/**
 * Asks that the team think something over ("I request that the team consider ESY", "Consideration of these
 * accommodations"): their answer is the deliberation itself, set at a time or put on a meeting the reply sets;
 * a promise to think it over, with neither, only acknowledges (replies.ts decides the rest).
 */
import type { SentenceAct } from './language/reply-acts.js';
import { CONCRETE_TIME } from './language/reply-lexicon.js';

/** The promise read as the deliberation set, and why (the reading is the reply's `scheduled`). */
export interface DeliberationSet {
  decided: SentenceAct;
  doubt: string;
}

function scheduled(promise: SentenceAct, rule: string, doubt: string): DeliberationSet {
  return { decided: { ...promise, act: 'schedule', rule }, doubt };
}

/** `replySentences`: the whole reply's, where a sentence about the meeting (not this request's) may set it. */
export function deliberationSet(promise: SentenceAct, requestText: string, replySentences: readonly string[]): DeliberationSet | null {
  if (!DELIBERATION_ASK.test(requestText)) return null;
  if (/^promise:(future|intended)-deliberate/.test(promise.rule) && CONCRETE_TIME.test(promise.sentence.toLowerCase())) {
    return scheduled(promise, 'schedule:deliberation-set', 'the deliberation asked for, set at a time');
  }
  // "Riley's 504 meeting will be held on September 22 at 7:45. The accommodations you listed will be considered at
  // that meeting.": the meeting is set in the reply and the ask is put on its agenda.
  // An ask to hand something over is answered by the thing ("send me the data the team will look at").
  if (!HAND_OVER_ASK.test(requestText) && ON_THE_AGENDA.test(promise.sentence) && meetingSet(replySentences)) {
    return scheduled(promise, 'schedule:on-the-agenda', 'the deliberation asked for, put on a meeting set in the reply');
  }
  return null;
}

// An ask that the team think something over ("I request that ESY be considered at his annual review"): its
// answer is the deliberation itself.
export const DELIBERATION_ASK = /\b((re)?consider(ed|ing|ation)?|discuss(ed|ing)?|review(ed|ing)?|revisit(ed|ing)?|address(ed|ing)?|(talk|talked|talking) about|look(ed|ing)? at)\b/i;

/** Put on a meeting's agenda: "ESY will be on the agenda", "…will be considered at that meeting". */
const ON_THE_AGENDA = /\bon the agenda\b|\b(be|get) (considered|discussed|reviewed|addressed|talked about|looked at)\b.{0,40}\b(at|during|in) (that|the|this|our|your|his|her|their|[a-z]+'s) (\w+ ){0,2}(meeting|conference|review)\b|\b(will|'ll|can) (consider|discuss|review|address|talk about|look at)\b.{0,60}\b(at|during|in) (that|the|this|our|your|his|her|their) (\w+ ){0,2}(meeting|conference|review)\b/i;

/** A sentence of the reply sets a meeting at a concrete time ("…will be held on September 22 at 7:45 a.m."). */
function meetingSet(sentences: readonly string[]): boolean {
  return sentences.some((t) => /\b(meeting|conference|iep|ard|504|annual review)\b/i.test(t) && !/\?\s*$/.test(t) && !/\b(cancel|postpon|resched)/i.test(t) && CONCRETE_TIME.test(t.toLowerCase()) && /\b(will be held|is scheduled|has been scheduled|have scheduled|scheduled|is set|set for|will meet|is on|will be on)\b/i.test(t));
}

export const HAND_OVER_ASK = /\b(send|provide|give|email|e-mail|mail|share|forward|copy|copies)\b/i;
