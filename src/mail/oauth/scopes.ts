/**
 * What the parent actually granted. Google's consent screen lets a user untick individual permissions (granular
 * consent), and Microsoft's lets an admin or user consent to less; either way the token response's `scope` lists
 * what was granted (RFC 6749 §5.1: present when it differs from the request). A connection missing one would
 * fail later with 403 insufficientPermissions / ErrorAccessDenied, which reconnecting as before cannot fix, so
 * the connect callback checks it at once and asks again for what is missing.
 */
import { GMAIL_SCOPES } from './google.js';
import { GRAPH_SCOPES } from './microsoft.js';

/** offline_access shows as the refresh token itself, not always in `scope`. */
const NOT_ECHOED = new Set(['offline_access']);

function normalize(scope: string): string {
  return scope.toLowerCase().replace(/^https:\/\/graph\.microsoft\.com\//, '');
}

export function requiredScopes(provider: 'gmail' | 'outlook'): readonly string[] {
  return provider === 'gmail' ? GMAIL_SCOPES : GRAPH_SCOPES.filter((s) => !NOT_ECHOED.has(s));
}

/** Scopes we asked for that the grant lacks; none when the response did not list scopes (all were granted). */
export function missingScopes(provider: 'gmail' | 'outlook', granted: string | undefined): string[] {
  if (granted === undefined || granted.trim() === '') return [];
  const have = new Set(granted.split(/\s+/).map(normalize));
  return requiredScopes(provider).filter((s) => !have.has(normalize(s)));
}
