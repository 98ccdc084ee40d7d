import { describe, expect, it } from 'vitest';
import { parseOnly, selected } from './only.js';

describe('--only= of npm run eval', () => {
  it('reads a comma-separated list of prefixes, ignoring blanks and spaces', () => {
    expect(parseOnly('pathetic--, inciid--,,')).toEqual(['pathetic--', 'inciid--']);
    expect(parseOnly(undefined)).toEqual([]);
    expect(parseOnly('')).toEqual([]);
  });

  it('keeps a mailbox whose name starts with any of the prefixes', () => {
    const only = parseOnly('pathetic--,reply-inciid--');
    expect(selected('pathetic--oh-retention-504', only)).toBe(true);
    expect(selected('reply-inciid--meeting-letter-attached', only)).toBe(true);
    expect(selected('inciid--meeting', only)).toBe(false);
    expect(selected('wrightslaw--ga-iee', only)).toBe(false);
  });

  it('a single prefix behaves as before, and no prefix keeps everything', () => {
    expect(selected('wrightslaw--ga-iee', parseOnly('wrightslaw'))).toBe(true);
    expect(selected('ldonline--ky', parseOnly('wrightslaw'))).toBe(false);
    expect(selected('anything', parseOnly(undefined))).toBe(true);
  });
});
