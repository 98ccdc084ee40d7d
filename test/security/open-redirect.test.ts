import { describe, expect, it } from 'vitest';
import { safeNextPath } from '../../src/http/safe-redirect.js';

// Each hostile `next` would, followed by a browser, leave our origin (or, before the fix, gave a 500).
describe('sign-in redirect accepts only same-origin paths, after URL normalisation', () => {
  it.each([
    ['/\t/evil.example'],
    ['/\n/evil.example'],
    ['/\x0b/evil.example'],
    ['//evil.example'],
    ['/\\evil.example'],
    ['/\\/evil.example'],
    ['https://evil.example/'],
    ['javascript:alert(1)'],
    ['evil.example'],
    [''],
  ])('%j → /app', (next) => {
    expect(safeNextPath(next)).toBe('/app');
  });

  it.each([
    ['/children/abc', '/children/abc'],
    ['/drafts/1?tab=edit#top', '/drafts/1?tab=edit#top'],
    ['/a/../settings', '/settings'],
    ['/app/%2F%2Fevil.example', '/app/%2F%2Fevil.example'],
    // Still encoded (the form decoding already happened): a harmless path segment, not a tab.
    ['/%09/evil.example', '/%09/evil.example'],
  ])('%j stays on the site as %j', (next, want) => {
    const got = safeNextPath(next);
    expect(got).toBe(want);
    expect(new URL(got, 'https://app.example').origin).toBe('https://app.example');
  });
});
