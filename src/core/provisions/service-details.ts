/**
 * Service details: how often, how long, in a group or alone, where and by whom, from a prose service line or a
 * frequency/duration cell.
 */
import { collapse, DATE_RE_ANY, toIsoDate } from './text.js';
import { alternation, STAFF_ROLES } from '../language/lexicon.js';

const PROVIDED_BY = new RegExp(`\\b(?:provided by|delivered by|by)\\s+(?:a|an|the)?\\s*((?:[\\w'-]+\\s+){0,4}?(?:${alternation(STAFF_ROLES)}))\\b`, 'i');

export const NUM_WORD = '(?:\\d+|one|two|three|four|five|six|seven|eight|nine|ten)';
export const PERIOD =
  '(?:\\d+[- ]weeks?\\s+grading\\s+periods?|\\d+\\s*weeks?|(?:school\\s+)?(?:day|week|wk|month|year|semester|quarter|grading period|trimester|term|session)s?)';
export const FREQ_RE_FULL = new RegExp(
  `^(?:(?:${NUM_WORD}\\s*(?:x|times?|sessions?|visits?)\\s*(?:per|a|an|/|every|each)?\\s*${PERIOD}|(?:once|twice)\\s*(?:per|a|an|every|each)?\\s*${PERIOD}|${NUM_WORD}\\s*(?:x|times?)?\\s*(?:daily|weekly|monthly|yearly|annually|quarterly)|(?:per|a|every|each)\\s+${PERIOD}|daily|weekly|monthly|yearly|annually|quarterly|bi-?weekly|bi-?monthly))$`,
  'i',
);
export const FREQ_RE_ANY = new RegExp(
  `\\b(?:${NUM_WORD}\\s*(?:x|times?|sessions?|visits?)\\s*(?:per|a|an|/|every|each)\\s*${PERIOD}|(?:once|twice)\\s*(?:per|a|an|every|each)?\\s*${PERIOD}|${NUM_WORD}\\s*(?:x|times?)\\s*(?:daily|weekly|monthly)|(?:per|a|every|each)\\s+${PERIOD}|daily|weekly|monthly|bi-?weekly)\\b`,
  'i',
);
export const MIN_RE_FULL =
  /^\d+(?:\.\d+)?\s*(?:min|mins|minutes?|hrs?|hours?)\.?(?:\s*(?:per|\/|each|a|an)\s*(?:session|day|week|wk|month|visit|time|period))?$/i;
export const MIN_RE_ANY = /\b(\d+(?:\.\d+)?)\s*(min|mins|minutes?|hrs?|hours?)\b/i;
export const GROUP_RE_FULL =
  /^(?:group|small group|large group|individual|ind|grp|ind\/grp|grp\/ind|individual\/group|group\/individual|1:1|one-on-one|whole group)$/i;

export function minutesOf(s: string | undefined): number | null {
  if (!s) return null;
  const r = MIN_RE_ANY.exec(s);
  if (!r) return null;
  const n = Number(r[1]);
  return /^h/i.test(r[2]!) ? Math.round(n * 60) : n;
}

export function groupOf(s: string | undefined): string | null {
  if (!s) return null;
  if (/\b(individual(ly)?|ind|1:1|one-on-one)\b/i.test(s)) return 'individual';
  if (/\b(group|grp)\b/i.test(s)) return 'group';
  return null;
}

export function proseServiceDetails(text: string): Record<string, string | number | null> {
  const colon = text.indexOf(':');
  let service: string;
  if (colon > 0 && colon < 90) service = text.slice(0, colon);
  else {
    const cut = text.search(/,|\s\d|\s-\s|\s–\s/);
    service = cut > 0 ? text.slice(0, cut) : text;
  }
  const freq =
    new RegExp(`\\b${NUM_WORD}\\s*(?:x|times?|sessions?)\\s*(?:per|a|an|/|every|each)\\s*${PERIOD}`, 'i').exec(text)?.[0] ??
    FREQ_RE_ANY.exec(text)?.[0] ??
    null;
  const perSession = /(\d+)\s*(?:minutes?|min)\s*(?:per|each|a)\s*session/i.exec(text);
  const minutes = perSession ? Number(perSession[1]) : minutesOf(text);
  const provider =
    PROVIDED_BY.exec(
      text,
    )?.[1] ?? null;
  const location = /\bin the\s+((?:[\w'-]+\s+){0,4}?(?:room|classroom|class|setting|office|center|library))\b/i.exec(text)?.[1] ?? null;
  const dates = [...text.matchAll(DATE_RE_ANY)].map((d) => toIsoDate(d[0]));
  return {
    service: collapse(service),
    minutes,
    frequency: freq ? collapse(freq) : null,
    group: groupOf(text),
    location: location ? collapse(location) : null,
    provider: provider ? collapse(provider) : null,
    start: dates[0] ?? null,
    end: dates[1] ?? null,
  };
}

export const hasServiceAmount = (t: string): boolean => MIN_RE_ANY.test(t) || FREQ_RE_ANY.test(t);
