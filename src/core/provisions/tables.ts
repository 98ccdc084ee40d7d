/**
 * Table columns: the header names forms use, and aligning a row (separated cells, single-spaced words or one
 * cell per line) to the columns by what each cell can hold.
 */
import { FREQ_RE_ANY, FREQ_RE_FULL, GROUP_RE_FULL, MIN_RE_ANY, MIN_RE_FULL } from './service-details.js';
import { collapse, DATE_RE_FULL, DATE_SRC, type Line } from './text.js';
import { alternation, STAFF_ROLES } from '../language/lexicon.js';

export type ColType = 'service' | 'start' | 'end' | 'frequency' | 'minutes' | 'freqdur' | 'location' | 'provider' | 'group' | 'accommodation' | 'other';

const COLUMN_NAMES: Array<[string, ColType]> = [
  ['type of service', 'service'],
  ['service type', 'service'],
  ['special education service', 'service'],
  ['special education services', 'service'],
  ['related service', 'service'],
  ['related services', 'service'],
  ['program/service', 'service'],
  ['services/program', 'service'],
  ['service description', 'service'],
  ['service', 'service'],
  ['services', 'service'],
  ['description', 'service'],
  ['projected start date', 'start'],
  ['projected start', 'start'],
  ['start date', 'start'],
  ['begin date', 'start'],
  ['beginning date', 'start'],
  ['initiation date', 'start'],
  ['start', 'start'],
  ['begin', 'start'],
  ['beginning', 'start'],
  ['end date', 'end'],
  ['ending date', 'end'],
  ['end', 'end'],
  ['ending', 'end'],
  ['frequency/duration', 'freqdur'],
  ['frequency and duration', 'freqdur'],
  ['amount and frequency', 'freqdur'],
  ['frequency', 'frequency'],
  ['freq', 'frequency'],
  ['how often', 'frequency'],
  ['amount of time', 'minutes'],
  ['minutes per session', 'minutes'],
  ['min/session', 'minutes'],
  ['session length', 'minutes'],
  ['duration', 'minutes'],
  ['minutes', 'minutes'],
  ['amount', 'minutes'],
  ['time', 'minutes'],
  ['location', 'location'],
  ['setting', 'location'],
  ['instructional setting', 'location'],
  ['where', 'location'],
  ['provider title', 'provider'],
  ['provider', 'provider'],
  ['provided by', 'provider'],
  ['person(s) responsible', 'provider'],
  ['person responsible', 'provider'],
  ['staff responsible', 'provider'],
  ['responsible staff', 'provider'],
  ['responsible', 'provider'],
  ['staff', 'provider'],
  ['group/ind', 'group'],
  ['group/individual', 'group'],
  ['individual/group', 'group'],
  ['ind/grp', 'group'],
  ['grp/ind', 'group'],
  ['group or individual', 'group'],
  ['group size', 'group'],
  ['delivery', 'group'],
  ['delivery model', 'group'],
  ['accommodation/modification', 'accommodation'],
  ['accommodations/modifications', 'accommodation'],
  ['accommodation', 'accommodation'],
  ['accommodations', 'accommodation'],
  ['modification', 'accommodation'],
  ['support', 'accommodation'],
  ['goal #', 'other'],
  ['goals addressed', 'other'],
  ['area of need', 'other'],
  ['area', 'other'],
  ['subject', 'other'],
  ['comments', 'other'],
  ['notes', 'other'],
  ['esy', 'other'],
];
const COLUMN_MAP = new Map(COLUMN_NAMES);
const COLUMN_PHRASES = [...COLUMN_MAP.keys()].sort((a, b) => b.split(' ').length - a.split(' ').length || b.length - a.length);

export interface Column {
  name: string;
  type: ColType;
}

export function columnOf(cell: string): Column | null {
  const key = collapse(cell).toLowerCase().replace(/:$/, '');
  const type = COLUMN_MAP.get(key);
  return type ? { name: collapse(cell).replace(/:$/, ''), type } : null;
}

/** Cells of a line when it has explicit separators (tab, pipe, two or more spaces), else null. */
export function splitCells(raw: string): string[] | null {
  const t = raw.trim().replace(/^\|/, '').replace(/\|$/, '');
  let cells: string[];
  if (t.includes('|')) cells = t.split('|');
  else if (t.includes('\t')) cells = t.split(/\t+/);
  else if (/ {2,}/.test(t)) cells = t.split(/ {2,}/);
  else return null;
  cells = cells.map(collapse).filter((c) => c.length > 0);
  return cells.length >= 2 ? cells : null;
}

/** A header row written with or without separators: its columns, or null. */
export function headerOf(line: Line): Column[] | null {
  const cells = splitCells(line.raw);
  if (cells) {
    const cols = cells.map(columnOf);
    if (cols.length >= 3 && cols.every((c): c is Column => c !== null)) return cols;
    return null;
  }
  // Single spaces: greedy longest-phrase parse of the whole line.
  const words = line.text.split(' ');
  const cols: Column[] = [];
  let i = 0;
  outer: while (i < words.length) {
    for (const phrase of COLUMN_PHRASES) {
      const n = phrase.split(' ').length;
      if (i + n > words.length) continue;
      const cand = words.slice(i, i + n).join(' ');
      if (cand.toLowerCase().replace(/:$/, '') === phrase) {
        cols.push({ name: cand.replace(/:$/, ''), type: COLUMN_MAP.get(phrase)! });
        i += n;
        continue outer;
      }
    }
    return null;
  }
  return cols.length >= 3 ? cols : null;
}

const LOCATION_NOUN =
  /\b(?:room|classroom|class|classes|setting|settings|office|campus|school|center|clinic|library|cafeteria|environment|home|building|gym|lab|area|community)$/i;
const LOCATION_PHRASE =
  /^(?:general education|special education|gen ed|sped|regular education|resource|all settings|all classes|core classes|school-wide|campus-wide|community|home|hospital|virtual|online|telehealth|advisory|pull-out|push-in)$/i;
const PROVIDER_NOUN = new RegExp(`\\b(?:${alternation(STAFF_ROLES, { plural: true })})$`, 'i');

function scoreCell(type: ColType, text: string): number {
  if (!text) return type === 'service' || type === 'accommodation' ? -Infinity : 0;
  switch (type) {
    case 'start':
    case 'end':
      return DATE_RE_FULL.test(text) || /^(?:iep term|ongoing|annual)$/i.test(text) ? 3 : -Infinity;
    case 'minutes':
      return MIN_RE_FULL.test(text) ? 3 : -Infinity;
    case 'frequency':
      return FREQ_RE_FULL.test(text) ? 3 : -Infinity;
    case 'group':
      return GROUP_RE_FULL.test(text) ? 3 : -Infinity;
    case 'freqdur':
      return MIN_RE_ANY.test(text) || FREQ_RE_ANY.test(text) ? 3 : -Infinity;
  }
  // Free text never holds a date or an amount of time.
  if (new RegExp(DATE_SRC, 'i').test(text) || MIN_RE_ANY.test(text)) return -Infinity;
  if (FREQ_RE_FULL.test(text) || GROUP_RE_FULL.test(text)) return -Infinity;
  // A cell does not begin with the word that ends a location ("Room Education Specialist").
  const startsBadly = /^(?:room|classroom|class|office|setting|center)\b/i.test(text) && type !== 'location' ? 1 : 0;
  switch (type) {
    case 'location':
      return LOCATION_PHRASE.test(text) ? 2.5 : LOCATION_NOUN.test(text) ? 2 : 0.5;
    case 'provider':
      return (PROVIDER_NOUN.test(text) ? 2 : 0.5) - startsBadly;
    case 'service':
    case 'accommodation':
      return 1 - startsBadly;
    default:
      return 0.5 - startsBadly;
  }
}

export const TYPED: ColType[] = ['start', 'end', 'minutes', 'frequency', 'freqdur', 'group'];

export interface RowFit {
  cells: string[];
  consumed: number;
  typedHits: number;
}

/**
 * Align the columns to a run of units (words of a single-spaced row, the cells of a separated row, or the
 * lines of a cell-per-line table). `mustConsumeAll` for single-line rows.
 */
export function fitRow(units: string[], cols: Column[], mustConsumeAll: boolean, maxSpan: number): RowFit | null {
  const n = cols.length;
  const m = units.length;
  // best[i][j]: best score aligning columns i.. to units j..
  const best: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(-Infinity));
  const choice: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(-1));
  for (let j = 0; j <= m; j++) best[n]![j] = mustConsumeAll ? (j === m ? 0 : -Infinity) : 0;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m; j >= 0; j--) {
      for (let k = j; k <= Math.min(m, j + maxSpan); k++) {
        const rest = best[i + 1]![k]!;
        if (rest === -Infinity) continue;
        const s = scoreCell(cols[i]!.type, units.slice(j, k).join(' '));
        if (s === -Infinity) continue;
        const total = s + rest;
        if (total > best[i]![j]!) {
          best[i]![j] = total;
          choice[i]![j] = k;
        }
      }
    }
  }
  if (best[0]![0] === -Infinity) return null;
  const cells: string[] = [];
  let j = 0;
  let typedHits = 0;
  for (let i = 0; i < n; i++) {
    const k = choice[i]![j]!;
    const cell = units.slice(j, k).join(' ');
    cells.push(cell);
    if (cell && TYPED.includes(cols[i]!.type)) typedHits++;
    j = k;
  }
  return { cells, consumed: j, typedHits };
}
