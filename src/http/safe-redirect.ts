/**
 * Where to send the browser after sign-in. Browsers normalise a path before following it (a tab or a
 * backslash after the first slash becomes `//evil.example`, i.e. another host), so the check is made on the
 * URL as the WHATWG parser resolves it, not on the string as typed: only a path that stays on our origin is
 * accepted, re-serialised from the parsed URL.
 */
const BASE = 'https://followthrough.invalid';

export function safeNextPath(next: string | null | undefined, fallback = '/app'): string {
  if (!next || !next.startsWith('/')) return fallback;
  // Control characters are never part of a path we produce; the URL parser strips tabs and newlines, which
  // is exactly how `/%09/evil.example`-style tricks turn into a second slash.
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return fallback;
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // A decoded path starting with `//` would be protocol-relative when echoed into a Location header.
  return path.startsWith('//') ? fallback : path;
}
