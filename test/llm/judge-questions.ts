/**
 * Sentence questions shaped as the contract (src/core/language/adjudication.ts) describes, for testing the
 * judge before the deterministic pass reports real ones.
 */
import { createHash } from 'node:crypto';
import type { ReplyQuestion, RequestQuestion, SentenceQuestion } from '../../src/core/language/adjudication.js';

const hashOf = (parts: string[]) => createHash('sha256').update(parts.join('\u0000')).digest('hex');

export function requestQuestion(sentence: string, context: string, deterministic: RequestQuestion['deterministic'] = { isRequest: false, kind: null }): RequestQuestion {
  return { task: 'request', hash: hashOf(['request', sentence, context]), sentence, context, doubt: 'request:question-without-ask-verb', deterministic };
}

export function replyQuestion(sentence: string, context: string, request: ReplyQuestion['request'], act: ReplyQuestion['deterministic']['act'] = 'acknowledged'): ReplyQuestion {
  return { task: 'reply', hash: hashOf(['reply', request.kind, request.evidence, sentence, context]), sentence, context, request, doubt: 'reply:promise-or-answer', deterministic: { act } };
}

/** The parent wonders about speech sessions; the rules cannot tell a question from a remark. */
export const SPEECH_Q = requestQuestion(
  'I was wondering whether Maya is still getting her speech sessions on Tuesdays.',
  'Hi Ms. Lee,\n\nI was wondering whether Maya is still getting her\nspeech sessions on Tuesdays. She mentioned she missed two.\n\nThanks,',
);

/** The school's reply: is "I have attached the log" an answer to the records request? */
export const LOG_Q = replyQuestion(
  'I have attached the service log for January.',
  'Hello,\n\nI have attached the service log for January. Let me know if anything is missing.',
  { kind: 'records', evidence: 'Please send me the speech service log for January.' },
);

export function moreQuestions(n: number): SentenceQuestion[] {
  return Array.from({ length: n }, (_, i) => requestQuestion(`Could we talk about item ${i + 1} of the plan?`, `Hello,\n\nCould we talk about item ${i + 1} of the plan?\n\nThank you`));
}
