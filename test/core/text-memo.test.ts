import { describe, expect, it } from 'vitest';
import { TextMemo } from '../../src/core/text-memo.js';

describe('a bounded memo keyed by text', () => {
  it('works a text out once while it stays remembered', () => {
    const memo = new TextMemo<number>(10);
    let calls = 0;
    const length = (t: string) => (calls++, t.length);
    expect([memo.remember('abc', length), memo.remember('abc', length)]).toEqual([3, 3]);
    expect(calls).toBe(1);
  });

  it('lets the oldest entry go first when full', () => {
    const memo = new TextMemo<string>(2);
    memo.set('a', 'A');
    memo.set('b', 'B');
    memo.set('c', 'C');
    expect([memo.has('a'), memo.get('b'), memo.get('c')]).toEqual([false, 'B', 'C']);
  });
});
