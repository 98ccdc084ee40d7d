import { describe, expect, it } from 'vitest';
import { possibleActs } from '../../../src/core/language/reply-cues.js';
import { sentenceAct } from '../../../src/core/language/reply-acts.js';
import { corpusSentences } from './corpus-sentences.js';

/** The acts the grammar gave a sentence that its cues did not allow (the contract: none). */
function missed(sentence: string): string[] {
  const read = sentenceAct(sentence);
  const cues = possibleActs(sentence);
  return [read.act, ...(read.parts ?? []).map((p) => p.act)].filter((a) => !cues.has(a));
}

describe('reply cues: a superset of the acts the grammar gives', () => {
  it('holds for contractions, asides, possessives, accents and openers', () => {
    const sentences = [
      "I'll have the report to you by the 20th.",
      "We won't be holding an IEE at district expense.",
      "I can't approve that request.",
      'We cannot provide a 1:1 aide.',
      "She's all set for Thursday at 3:15 in Room 14.",
      "I'd be glad to meet on Monday.",
      "We're gonna send it home today.",
      "Let's meet Tuesday at 2.",
      'Ok, got it.',
      'Yes, she can retake it in the small group.',
      "I've forwarded your request to Dr. Lee (the psychologist).",
      "Ethan's file was e-mailed to you yesterday.",
      'The café schedule is attached.',
      'Your request for an FBA is denied.',
      'We reached out to the transportation office.',
      'Ms. K will pull her 3rd period.',
      'He has been working on it.',
      'Thank you for your email.',
      'Here are the notes from the meeting.',
      'We have set up a meeting for next week.',
    ];
    for (const s of sentences) expect({ s, missed: missed(s) }).toEqual({ s, missed: [] });
  });

  it('holds for every sentence of the corpus and the development set', () => {
    const sentences = corpusSentences();
    expect(sentences.length).toBeGreaterThan(1000);
    const failures = sentences.map((s) => ({ s, missed: missed(s) })).filter((f) => f.missed.length > 0);
    expect(failures).toEqual([]);
  }, 120_000);

  it('rules acts out: a plain statement cannot refuse, provide or promise', () => {
    const cues = possibleActs('He reads at grade level.');
    expect(cues.has('inform')).toBe(true);
    expect(['refusal', 'provision', 'promise', 'schedule', 'forward'].filter((a) => cues.has(a as never))).toEqual([]);
  });
});
