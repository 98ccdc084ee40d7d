/** The jurisdictions the engine knows and each one's main timezone. Pure data and lookups. */
import { DeadlineInputError } from './calendar.js';

// ---------------------------------------------------------------------------------------------------------
// States and zones
// ---------------------------------------------------------------------------------------------------------

/** Each state's main IANA zone (where most of its people live); 'US' (federal only) → America/New_York. */
const STATE_ZONES: Readonly<Record<string, string>> = {
  US: 'America/New_York',
  AL: 'America/Chicago',
  AK: 'America/Anchorage',
  AZ: 'America/Phoenix',
  AR: 'America/Chicago',
  CA: 'America/Los_Angeles',
  CO: 'America/Denver',
  CT: 'America/New_York',
  DE: 'America/New_York',
  DC: 'America/New_York',
  FL: 'America/New_York',
  GA: 'America/New_York',
  HI: 'Pacific/Honolulu',
  ID: 'America/Boise',
  IL: 'America/Chicago',
  IN: 'America/Indiana/Indianapolis',
  IA: 'America/Chicago',
  KS: 'America/Chicago',
  KY: 'America/New_York',
  LA: 'America/Chicago',
  ME: 'America/New_York',
  MD: 'America/New_York',
  MA: 'America/New_York',
  MI: 'America/Detroit',
  MN: 'America/Chicago',
  MS: 'America/Chicago',
  MO: 'America/Chicago',
  MT: 'America/Denver',
  NE: 'America/Chicago',
  NV: 'America/Los_Angeles',
  NH: 'America/New_York',
  NJ: 'America/New_York',
  NM: 'America/Denver',
  NY: 'America/New_York',
  NC: 'America/New_York',
  ND: 'America/Chicago',
  OH: 'America/New_York',
  OK: 'America/Chicago',
  OR: 'America/Los_Angeles',
  PA: 'America/New_York',
  RI: 'America/New_York',
  SC: 'America/New_York',
  SD: 'America/Chicago',
  TN: 'America/Chicago',
  TX: 'America/Chicago',
  UT: 'America/Denver',
  VT: 'America/New_York',
  VA: 'America/New_York',
  WA: 'America/Los_Angeles',
  WV: 'America/New_York',
  WI: 'America/Chicago',
  WY: 'America/Denver',
};

/** True for 'US' and the two-letter code of one of the 50 states or DC (case-insensitive). */
export function knownState(code: string): boolean {
  return typeof code === 'string' && Object.hasOwn(STATE_ZONES, code.trim().toUpperCase());
}

/** The state's main IANA zone ('US' → America/New_York). Throws for an unknown code. */
export function defaultTimezone(state: string): string {
  const st = normalizeState(state);
  return STATE_ZONES[st]!;
}

export function normalizeState(state: string): string {
  if (!knownState(state)) {
    throw new DeadlineInputError(`Unknown state "${state}": expected US or a two-letter state code such as CA`);
  }
  return state.trim().toUpperCase();
}

