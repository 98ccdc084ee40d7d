/** Verbs whose object or action names the kind of an ask, as data (read by kind-of-object.ts). */
import type { RequestKind } from '../../types.js';

/** Verbs that name the kind by themselves when the object does not ("Can we meet next week?"). */
export const VERB_KINDS: Array<[string, RequestKind]> = [
  ['meet', 'meeting'], ['schedule', 'meeting'], ['reconvene', 'meeting'], ['convene', 'meeting'],
  ['evaluate', 'evaluation'], ['assess', 'evaluation'], ['test', 'evaluation'], ['screen', 'evaluation'], ['refer', 'evaluation'],
];

/** Verbs of sending a document: their object is a document, so a plan or an IEP sent is records. */
export const SENDING_VERBS = ['send', 'forward', 'email', 'e-mail', 'mail', 'provide', 'share', 'give', 'copy', 'upload', 'get'];

/** Verbs of carrying out a plan: a plan implemented is accommodations. */
export const IMPLEMENTING_VERBS = ['implement', 'follow', 'honor', 'honour', 'use', 'apply', 'enforce', 'go back', 'start', 'resume', 'continue'];

/** Nouns of a plan as a whole. */
export const PLAN_NOUNS = ['plan', '504 plan', 'iep', 'bip', 'behavior plan', 'behavior intervention plan'];

/** Verbs that, with a time or a date as object, ask for a meeting ("Can we set up a time…"). */
export const MEETING_SETUP_VERBS = ['set', 'find', 'arrange', 'schedule', 'pick', 'book', 'choose'];
