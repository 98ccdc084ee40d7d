import { describe, expect, it } from 'vitest';
import { whyWeThink } from '../../src/http/pages/components.js';

describe('"Why we think this"', () => {
  it('reads the stored reason (act and head of the ask) in words, never the rule code', () => {
    const text = whyWeThink({ kind: 'records', signal: 'request-verb', reason: { act: 'ask', head: 'send copies of his complete file', rule: 'request-verb / records-object' } });
    expect(text).toContain('“send copies of his complete file”');
    expect(text).toContain('something you asked the school to do');
    expect(text).toContain('a records request');
    expect(text).not.toMatch(/request-verb|records-object/);
  });
  it('says a question is a question', () => {
    expect(whyWeThink({ kind: 'information', signal: null, reason: { act: 'question', head: 'which days does the interventionist come', rule: 'question-direct / information' } })).toMatch(/question you put to the school/);
  });
  it('falls back to the signal when no reason was stored (requests detected before it was kept)', () => {
    const text = whyWeThink({ kind: 'meeting', signal: null, reason: null });
    expect(text).toMatch(/^You wrote this to the school/);
  });
});
