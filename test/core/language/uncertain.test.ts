import { describe, expect, it } from 'vitest';
import type { SentenceQuestion } from '../../../src/core/language/adjudication.js';
import { headOfAsk } from '../../../src/core/language/reason.js';
import { indexVerdicts } from '../../../src/core/language/uncertain.js';
import { detectRequests } from '../../../src/core/requests/detect.js';

const TEXT = 'Ms. Reyes,\n\nCould we schedule an IEP meeting next week? The speech logs from October would help me a lot, please and thank you.\n\nHow is he supposed to learn if nobody follows the plan?';

describe('uncertain sentences: questions out, verdicts in', () => {
  it('reports the weak-cue ask and the rhetorical reading as questions, and nothing sure', () => {
    const questions: SentenceQuestion[] = [];
    const found = detectRequests(TEXT, 'Speech', { questions });
    expect(found.map((r) => r.kind)).toEqual(['meeting', 'services']);
    expect(found[1]!.reason.head).toBe('The speech logs from October would help me a lot');
    expect(questions.map((q) => [q.sentence, q.doubt, q.task === 'request' && q.deterministic.isRequest])).toEqual([
      ['The speech logs from October would help me a lot, please and thank you.', 'weak ask cue (a bare "please")', true],
      ['How is he supposed to learn if nobody follows the plan?', 'a question read as rhetorical', false],
    ]);
    // Same sentence, same context: the same hash on every run (the cache key).
    const again: SentenceQuestion[] = [];
    detectRequests(TEXT, 'Speech', { questions: again });
    expect(again.map((q) => q.hash)).toEqual(questions.map((q) => q.hash));
  });

  it('a verdict replaces the deterministic answer; without verdicts it stands', () => {
    const questions: SentenceQuestion[] = [];
    detectRequests(TEXT, 'Speech', { questions });
    const [weak, rhetorical] = questions;
    const verdicts = indexVerdicts([
      { hash: weak!.hash, task: 'request', isRequest: true, kind: 'records', evidence: 'speech logs' },
      { hash: rhetorical!.hash, task: 'request', isRequest: false, kind: null, evidence: 'How is he supposed to learn' },
    ]);
    expect(detectRequests(TEXT, 'Speech', { verdicts }).map((r) => [r.kind, r.reason.rule])).toEqual([
      ['meeting', 'question / meeting-verb'],
      ['records', 'please / model verdict'],
    ]);
    const notRequest = indexVerdicts([{ hash: weak!.hash, task: 'request', isRequest: false, kind: null, evidence: 'please and thank you' }]);
    expect(detectRequests(TEXT, 'Speech', { verdicts: notRequest }).map((r) => r.kind)).toEqual(['meeting']);
  });
});

describe('the reason of a request', () => {
  it('names the act, the head of the ask and the deciding rules', () => {
    const [r] = detectRequests('I am writing to formally request an IEP meeting to discuss his reading, because he is behind.', '');
    expect(r!.reason).toEqual({ act: 'ask', head: 'an IEP meeting to discuss his reading', rule: 'request-verb / meeting-verb' });
    expect(headOfAsk('Could you please send me the data sheets for his reading goal?')).toBe('send me the data sheets for his reading goal');
  });
  it('"I would appreciate it if you could…" frames the ask; its head is what follows', () => {
    expect(headOfAsk("I'd also appreciate it if you could send me the class notes for the science unit.")).toBe('send me the class notes for the science unit');
  });
  it('a list item carries its own head and the lead-in it was asked under', () => {
    const [a] = detectRequests('I am requesting prior written notice regarding:\n\n1. The decision to move her to a pull-out math class.\n2. The refusal to continue her counseling.', '');
    expect(a!.reason).toEqual({ act: 'ask', head: 'The decision to move her to a pull-out math class', rule: 'item of a list under "prior written notice regarding" / lead-in:pwn' });
  });
});
