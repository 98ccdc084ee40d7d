import { describe, expect, it } from 'vitest';
import { checkTone, type ToneFinding } from '../../src/core/tone.js';

const brief = (fs: ToneFinding[]) => fs.map((f) => [f.rule, f.match, f.start, f.end]);

/** Findings of one rule, as the matched text. */
const matches = (text: string, rule: ToneFinding['rule']) =>
  checkTone(text)
    .filter((f) => f.rule === rule)
    .map((f) => f.match);

describe('checkTone', () => {
  it('flags the angry example with exact spans', () => {
    const text = 'This is ILLEGAL! I will call my lawyer.';
    const findings = checkTone(text);
    expect(brief(findings)).toEqual([
      ['all_caps', 'ILLEGAL', 8, 15],
      ['threat', 'ILLEGAL', 8, 15],
      ['exclamation', '!', 15, 16],
      ['threat', 'lawyer', 32, 38],
    ]);
    for (const f of findings) {
      expect(text.slice(f.start, f.end)).toBe(f.match);
      expect(f.message.length).toBeGreaterThan(20);
    }
    expect(findings.find((f) => f.match === 'lawyer')!.message).toBe(
      'Mentioning a lawyer can make the school defensive; keep it to the facts.',
    );
  });

  it('fires every rule, each with the span of its phrase', () => {
    const text =
      'You failed to implement his plan. You ignored my emails and you lied about it. ' +
      'As I\'m sure you know, thanks for nothing. I am furious and this is ridiculous. ' +
      'I WILL file a complaint with OCR and go to due process!!';
    const findings = checkTone(text);
    for (const f of findings) expect(text.slice(f.start, f.end)).toBe(f.match);
    expect(matches(text, 'blame')).toEqual(['You failed']);
    expect(matches(text, 'accusation')).toEqual(['You ignored', 'lied']);
    expect(matches(text, 'sarcasm')).toEqual(["As I'm sure you know", 'thanks for nothing']);
    expect(matches(text, 'emotional')).toEqual(['furious', 'ridiculous']);
    expect(matches(text, 'threat')).toEqual(['complaint', 'OCR', 'due process']);
    expect(matches(text, 'all_caps')).toEqual(['WILL']);
    expect(matches(text, 'exclamation')).toEqual(['!!']);
  });

  it.each([
    ['threat', 'We will sue the district.', 'sue'],
    ['threat', 'My attorney will be in touch.', 'attorney'],
    ['threat', 'I am prepared to take legal action.', 'legal action'],
    ['threat', 'Withholding his records is unlawful.', 'unlawful'],
    ['threat', 'I will report you to the state.', 'report you to'],
    ['threat', 'I will contact the Office for Civil Rights.', 'Office for Civil Rights'],
    ['accusation', 'The staff is negligent.', 'negligent'],
    ['accusation', 'His case manager is incompetent.', 'incompetent'],
    ['accusation', 'You refuse to follow the IEP.', 'You refuse'],
    ['accusation', 'My requests have been ignored.', 'requests have been ignored'],
    ['accusation', 'You are violating his IEP.', 'violating'],
    ['blame', 'It is your fault he fell behind.', 'your fault'],
    ['blame', 'The district has failed to respond.', 'The district has failed'],
    ['sarcasm', 'Obviously nobody read my email.', 'Obviously'],
    ['sarcasm', 'Clearly you have other priorities.', 'Clearly you'],
    ['sarcasm', 'What a shocking development.', 'shocking'],
    ['emotional', 'I am appalled by this.', 'I am appalled'],
    ['emotional', 'This delay is unacceptable.', 'unacceptable'],
    ['emotional', 'We are so disgusted.', 'We are so disgusted'],
    ['emotional', 'I am outraged.', 'outraged'],
  ] as const)('%s: %s', (rule, text, match) => {
    expect(matches(text, rule)).toContain(match);
  });

  it('finds nothing in neutral parent text', () => {
    const text = [
      'Hi Ms. Lee,',
      'I have not received a reply to my email of March 3 about the FBA.',
      "His IEP provides OT 2x30 min weekly and speech with our SLP, Sue Park; he gets frustrated when sessions are missed.",
      'Could you send the ESY schedule and the underlying data for his reading goals?',
      'I would like to pursue this before the IEP meeting, as this issue matters to us.',
      'Under 34 CFR 300.613(a) and 8VAC20-81-60 B, records are available for inspection.',
      'Thank you once again for your help.',
    ].join('\n');
    expect(checkTone(text)).toEqual([]);
  });

  it('does not flag common acronyms, their plurals and possessives', () => {
    const text =
      'IEP IEE FBA BIP OT PT SLP ESY FAPE LRE IDEA PWN ARD CSE SST ELA ADHD ASD USA CA NY TX CFR U.S.C. ' +
      "IEPs IEP's FBAS 504 Title II ASAP FYI";
    expect(checkTone(text)).toEqual([]);
  });

  it('treats a run of capitals as one shout and leaves acronyms at its edges out', () => {
    const text = 'THE IEP SAYS he gets OT, and the IEP IS the plan.';
    expect(brief(checkTone(text))).toEqual([
      ['all_caps', 'THE IEP SAYS', 0, 12],
      ['all_caps', 'IS', 37, 39],
    ]);
  });

  it('needs two letters for a capitalised word and ignores "I"', () => {
    expect(checkTone('I spoke to A. Lee about it.')).toEqual([]);
    expect(matches("I'M asking again.", 'all_caps')).toEqual(["I'M"]);
  });

  it('does not take a person named Sue for a threat', () => {
    expect(checkTone('Sue Park, the speech therapist, said she would call.')).toEqual([]);
    expect(matches('Sue the district if you must.', 'threat')).toEqual(['Sue the district']);
  });

  it('flags "?!" as one exclamation', () => {
    expect(brief(checkTone('Why?!'))).toEqual([['exclamation', '?!', 3, 5]]);
  });
});
