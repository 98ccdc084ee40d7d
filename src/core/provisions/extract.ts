/**
 * Extract the provisions of an IEP or Section 504 plan from its pages of plain text (pure, no I/O).
 *
 * Sections are found by their headings as real forms write them; services (prose lines or tables flattened
 * to text), accommodations/modifications (one per item), goals (one per goal) and key dates (meeting, start,
 * end, annual review, reevaluation) are pulled with the verbatim text, the heading they sit under and the page.
 */
import type { Provision, ProvisionType } from '../types.js';

type SectionKind = 'service' | 'accommodation' | 'goal' | 'other';

interface Line {
  /** Whitespace-collapsed text. */
  text: string;
  /** Original text (tabs and runs of spaces kept, for splitting table cells). */
  raw: string;
  page: number;
  blank: boolean;
}

interface Found {
  order: number;
  type: ProvisionType;
  text: string;
  section: string;
  page: number | null;
  details?: Record<string, string | number | null>;
}

export interface ExtractOptions {
  /** False when the page breaks of the source are unknown (e.g. DOCX): every provision gets page null. */
  paginated?: boolean;
}

// ---------------------------------------------------------------------------------------------------------
// Small text helpers

const collapse = (s: string): string => s.replace(/\s+/g, ' ').trim();

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DATE_SRC =
  '(?:\\d{1,2}/\\d{1,2}/(?:\\d{4}|\\d{2})(?!\\d)|\\d{4}-\\d{2}-\\d{2}|\\d{1,2}-\\d{1,2}-\\d{4}|' +
  '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|' +
  'Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?\\s+\\d{1,2},?\\s+\\d{4})';
const DATE_RE_FULL = new RegExp(`^${DATE_SRC}$`, 'i');
const DATE_RE_ANY = new RegExp(DATE_SRC, 'gi');

/** A written date as YYYY-MM-DD (month-first for numeric dates, as US forms write them). */
export function toIsoDate(s: string): string | null {
  const t = s.trim();
  let y: number, m: number, d: number;
  let r = /^(\d{1,2})[/-](\d{1,2})[/-](\d{2}|\d{4})$/.exec(t);
  if (r) {
    m = Number(r[1]);
    d = Number(r[2]);
    y = Number(r[3]);
    if (r[3]!.length === 2) y += 2000;
  } else if ((r = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t))) {
    y = Number(r[1]);
    m = Number(r[2]);
    d = Number(r[3]);
  } else if ((r = /^([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$/.exec(t))) {
    m = MONTHS.indexOf(r[1]!.slice(0, 3).toLowerCase()) + 1;
    d = Number(r[2]);
    y = Number(r[3]);
  } else return null;
  if (m < 1 || m > 12 || d < 1 || d > 31) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const NUM_WORD = '(?:\\d+|one|two|three|four|five|six|seven|eight|nine|ten)';
const PERIOD =
  '(?:\\d+[- ]weeks?\\s+grading\\s+periods?|\\d+\\s*weeks?|(?:school\\s+)?(?:day|week|wk|month|year|semester|quarter|grading period|trimester|term|session)s?)';
const FREQ_RE_FULL = new RegExp(
  `^(?:(?:${NUM_WORD}\\s*(?:x|times?|sessions?|visits?)\\s*(?:per|a|an|/|every|each)?\\s*${PERIOD}|(?:once|twice)\\s*(?:per|a|an|every|each)?\\s*${PERIOD}|${NUM_WORD}\\s*(?:x|times?)?\\s*(?:daily|weekly|monthly|yearly|annually|quarterly)|(?:per|a|every|each)\\s+${PERIOD}|daily|weekly|monthly|yearly|annually|quarterly|bi-?weekly|bi-?monthly))$`,
  'i',
);
const FREQ_RE_ANY = new RegExp(
  `\\b(?:${NUM_WORD}\\s*(?:x|times?|sessions?|visits?)\\s*(?:per|a|an|/|every|each)\\s*${PERIOD}|(?:once|twice)\\s*(?:per|a|an|every|each)?\\s*${PERIOD}|${NUM_WORD}\\s*(?:x|times?)\\s*(?:daily|weekly|monthly)|(?:per|a|every|each)\\s+${PERIOD}|daily|weekly|monthly|bi-?weekly)\\b`,
  'i',
);
const MIN_RE_FULL =
  /^\d+(?:\.\d+)?\s*(?:min|mins|minutes?|hrs?|hours?)\.?(?:\s*(?:per|\/|each|a|an)\s*(?:session|day|week|wk|month|visit|time|period))?$/i;
const MIN_RE_ANY = /\b(\d+(?:\.\d+)?)\s*(min|mins|minutes?|hrs?|hours?)\b/i;
const GROUP_RE_FULL =
  /^(?:group|small group|large group|individual|ind|grp|ind\/grp|grp\/ind|individual\/group|group\/individual|1:1|one-on-one|whole group)$/i;

function minutesOf(s: string | undefined): number | null {
  if (!s) return null;
  const r = MIN_RE_ANY.exec(s);
  if (!r) return null;
  const n = Number(r[1]);
  return /^h/i.test(r[2]!) ? Math.round(n * 60) : n;
}

function groupOf(s: string | undefined): string | null {
  if (!s) return null;
  if (/\b(individual(ly)?|ind|1:1|one-on-one)\b/i.test(s)) return 'individual';
  if (/\b(group|grp)\b/i.test(s)) return 'group';
  return null;
}

const LABEL_RE = /^[A-Z][A-Za-z0-9 /&'(),.#-]{0,40}:(\s|$)/;
const BULLET_RE = /^\s*(?:[•·▪◦●○■♦➢►✓✔*]|[-–—](?=\s)|\d{1,2}[.)](?=\s)|[a-z][.)](?=\s))\s*/;
const CHECKED_RE = /^\s*(?:\[\s*[xX✓✔]\s*\]|☒|☑|\(\s*[xX]\s*\))\s*/;
const UNCHECKED_RE = /^\s*(?:\[\s*\]|☐|□|\(\s*\))\s*/;
const PAGE_MARK_RE = /^(?:page\s+\d+(?:\s+of\s+\d+)?|\d+\s+of\s+\d+|-\s*\d+\s*-)$/i;

// ---------------------------------------------------------------------------------------------------------
// Headings

const SERVICE_HEADINGS = new Set([
  'special education and related services',
  'special education and related services summary',
  'services',
  'related services',
  'special education services',
  'schedule of services',
  'service schedule',
  'specially designed instruction',
  'specially designed services',
  'service delivery',
  'services summary',
  'program and services',
  'recommended special education programs and services',
  'recommended programs and services',
  'special education programs and services',
  'educational services',
  'offer of fape',
  'offer of fape - services',
  'offer of fape: services',
  'direct services',
]);
const ACCOMMODATION_HEADINGS = new Set([
  'accommodations',
  'accommodations/modifications',
  'accommodations / modifications',
  'accommodations and modifications',
  'accommodations and/or modifications',
  'accommodations, modifications',
  'modifications',
  'modifications/accommodations',
  'program modifications',
  'program accommodations',
  'testing accommodations',
  'test accommodations',
  'assessment accommodations',
  'individual testing accommodations',
  'state assessment accommodations',
  'state and district assessment accommodations',
  'district assessment accommodations',
  'accommodations for state and district assessments',
  'accommodations for statewide assessments',
  'classroom accommodations',
  'instructional accommodations',
  'instructional supports',
  'classroom accommodations and supports',
  'supplementary aids and services',
  'supplementary aids, services, and other supports',
  'supplementary aids, services and other supports',
  'supplementary aids, services, program modifications, and supports for school personnel',
  'supplementary aids, services, program modifications and supports for school personnel',
  'supplementary aids and services/program modifications',
  'supports for school personnel',
  'program modifications and supports for school personnel',
  '504 accommodations',
  'section 504 accommodations',
  'accommodations and services',
  'accommodations and supports',
  'testing and assessment accommodations',
  'assistive technology',
  'assistive technology devices and services',
]);
const GOAL_HEADINGS = new Set([
  'measurable annual goals',
  'annual goals',
  'goals',
  'annual goals and objectives',
  'annual goals and short-term objectives',
  'annual goals and short term objectives',
  'goals and objectives',
  'measurable annual goals and short-term objectives',
  'measurable annual goals and benchmarks',
  'measurable annual goals and short-term objectives/benchmarks',
  'annual goals and benchmarks',
  'iep goals',
]);
const OTHER_HEADINGS = new Set([
  'student information',
  'student profile',
  'meeting information',
  'iep information',
  'iep timelines',
  'iep effective dates',
  'eligibility',
  'eligibility determination',
  'least restrictive environment',
  'lre',
  'placement',
  'educational placement',
  'transition',
  'transition services',
  'postsecondary transition',
  'extended school year',
  'extended school year services',
  'special factors',
  'special considerations',
  'parent concerns',
  'parent input',
  'parent/student input',
  'strengths',
  'student strengths',
  'participants',
  'meeting participants',
  'team members',
  'signatures',
  'notes',
  'meeting notes',
  'progress reporting',
  'reporting progress',
  'progress reports',
  'statewide assessment',
  'statewide assessments',
  'participation in state and district assessments',
  'state and district assessments',
  'transportation',
  'prior written notice',
  'behavior intervention plan',
  'health services',
  'health plan',
  'consent',
  'ard committee decision',
  'impairment',
]);

/** Strip numbering ("Section 7:", "7.", "VII.", "Part B -") and trailing parentheticals, lower-case. */
function headingKey(text: string): string {
  let t = collapse(text)
    .replace(/[–—]/g, '-')
    .replace(/^(?:section|part|step)\s+[\w.]+\s*[:.\-)]?\s*/i, '')
    .replace(/^(?:[0-9]{1,2}[a-z]?|[IVX]{1,5}|[A-H])[.):]\s+/, '')
    .replace(/:\s*$/, '')
    .replace(/\s*\([^)]*\)\s*$/, '')
    .trim()
    .toLowerCase();
  t = t.replace(/\s*-\s*/g, ' - ').replace(/\s*\/\s*/g, '/');
  return t;
}

function headingOf(line: Line): SectionKind | null {
  const t = line.text;
  if (!t || t.length > 110) return null;
  if (/[.;,]$/.test(t)) return null;
  // "Label: value" is not a heading; a trailing colon is allowed.
  if (/:\s*\S/.test(t.replace(/^(?:section|part)\s+[\w.]+\s*:/i, ''))) return null;
  if (/\d{1,2}\/\d{1,2}\/\d{2,4}/.test(t)) return null;
  const key = headingKey(t);
  if (!key) return null;
  if (SERVICE_HEADINGS.has(key) || /^offer of fape\b.*\bservices$/.test(key)) return 'service';
  if (ACCOMMODATION_HEADINGS.has(key)) return 'accommodation';
  if (GOAL_HEADINGS.has(key)) return 'goal';
  if (OTHER_HEADINGS.has(key) || /^present levels?\b/.test(key) || /^plaafp?\b/.test(key)) return 'other';
  // Generic ALL-CAPS headings end the previous section.
  const letters = t.replace(/[^A-Za-z]/g, '');
  if (letters.length >= 6 && letters === letters.toUpperCase() && t.split(' ').length >= 2 && t.split(' ').length <= 14) {
    return 'other';
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// Table columns

type ColType = 'service' | 'start' | 'end' | 'frequency' | 'minutes' | 'freqdur' | 'location' | 'provider' | 'group' | 'accommodation' | 'other';

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

interface Column {
  name: string;
  type: ColType;
}

function columnOf(cell: string): Column | null {
  const key = collapse(cell).toLowerCase().replace(/:$/, '');
  const type = COLUMN_MAP.get(key);
  return type ? { name: collapse(cell).replace(/:$/, ''), type } : null;
}

/** Cells of a line when it has explicit separators (tab, pipe, two or more spaces), else null. */
function splitCells(raw: string): string[] | null {
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
function headerOf(line: Line): Column[] | null {
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
const PROVIDER_NOUN =
  /\b(?:pathologist|therapist|specialist|teacher|teachers|counselor|psychologist|nurse|aide|paraprofessional|paraeducator|para|social worker|staff|slp|slpa|ot|pt|cota|provider|interpreter|coordinator|case manager|consultant|assistant|administrator|principal|bcba|analyst|instructor|personnel)$/i;

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

const TYPED: ColType[] = ['start', 'end', 'minutes', 'frequency', 'freqdur', 'group'];

interface RowFit {
  cells: string[];
  consumed: number;
  typedHits: number;
}

/**
 * Align the columns to a run of units (words of a single-spaced row, the cells of a separated row, or the
 * lines of a cell-per-line table). `mustConsumeAll` for single-line rows.
 */
function fitRow(units: string[], cols: Column[], mustConsumeAll: boolean, maxSpan: number): RowFit | null {
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

// ---------------------------------------------------------------------------------------------------------
// Key dates

interface KeyDateRule {
  name: string;
  re: RegExp;
}
const KD = (src: string): RegExp => new RegExp(`(?<![A-Za-z])(${src})\\s*[:\\-–]?\\s*(${DATE_SRC})`, 'gi');
const KEY_DATE_RULES: KeyDateRule[] = [
  {
    name: 'meeting_date',
    re: KD(
      '(?:(?:IEP|ARD|504|IEP Team|ARD Committee|Annual)\\s+)?Meeting Date|Date of (?:the )?(?:IEP |ARD |504 |Annual |Team )?(?:Meeting|Conference)|ARD Date|Conference Date|IEP Meeting',
    ),
  },
  {
    name: 'start_date',
    re: KD('(?:IEP|Plan|504 Plan|Projected IEP|IEP Projected)\\s+(?:Start|Begin(?:ning)?|Effective|Initiation|Implementation)(?: Date)?|IEP Effective Date'),
  },
  { name: 'end_date', re: KD('(?:IEP|Plan|504 Plan)\\s+(?:End|Ending|Expiration)(?: Date)?') },
  {
    name: 'annual_review',
    re: KD(
      '(?:Next\\s+)?Annual (?:IEP |ARD |Plan )?Review(?: Date| Due(?: Date)?)?|Annual (?:ARD|IEP)(?: Meeting)? Due(?: Date)?|Next (?:IEP |Annual |Plan )?Review(?: Date)?|(?:Plan |504 |IEP )?Review Date|Next Annual (?:IEP|ARD)(?: Date)?',
    ),
  },
  {
    name: 'reevaluation',
    re: KD(
      '(?:Next\\s+)?(?:Three[- ]Year\\s+)?(?:Triennial(?: Evaluation| Review| Reevaluation| Re-evaluation| IEP| Assessment)?|(?:Eligibility )?Re-?evaluation|ETR)(?: Due)?(?: Date)?|(?:FIE|REED|Reevaluation) Due(?: Date)?',
    ),
  },
];
const RANGE_RE = new RegExp(
  `(?<![A-Za-z])((?:IEP|Plan) Duration|Duration of (?:the )?(?:IEP|Plan)|(?:IEP|Plan|Effective) Dates?|IEP Term|Dates of (?:the )?(?:IEP|Plan)|IEP (?:in effect|effective) from)\\s*:?\\s*(?:from\\s+)?(${DATE_SRC})\\s*(?:to|through|thru|until|-|–|—)\\s*(${DATE_SRC})`,
  'gi',
);

function keyDates(line: Line): Array<{ at: number; text: string; name: string; label: string; date: string }> {
  const out: Array<{ at: number; end: number; text: string; name: string; label: string; date: string }> = [];
  const t = line.text;
  for (const r of t.matchAll(RANGE_RE)) {
    const start = toIsoDate(r[2]!);
    const end = toIsoDate(r[3]!);
    const at = r.index;
    if (start) out.push({ at, end: at + r[0].length, text: r[0], name: 'start_date', label: r[1]!, date: start });
    if (end) out.push({ at: at + 0.5, end: at + r[0].length, text: r[0], name: 'end_date', label: r[1]!, date: end });
  }
  for (const rule of KEY_DATE_RULES) {
    for (const r of t.matchAll(rule.re)) {
      const date = toIsoDate(r[2]!);
      if (!date) continue;
      const at = r.index;
      const end = at + r[0].length;
      if (out.some((o) => at < o.end && end > Math.floor(o.at))) continue;
      out.push({ at, end, text: r[0], name: rule.name, label: r[1]!, date });
    }
  }
  return out.sort((a, b) => a.at - b.at);
}

// ---------------------------------------------------------------------------------------------------------
// Prose services

function proseServiceDetails(text: string): Record<string, string | number | null> {
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
    /\b(?:provided by|delivered by|by)\s+(?:a|an|the)?\s*((?:[\w'-]+\s+){0,4}?(?:pathologist|therapist|specialist|teacher|counselor|psychologist|nurse|aide|paraprofessional|social worker|staff|provider|interpreter|slp))\b/i.exec(
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

const hasServiceAmount = (t: string): boolean => MIN_RE_ANY.test(t) || FREQ_RE_ANY.test(t);

// ---------------------------------------------------------------------------------------------------------
// Pages to lines, minus running headers, footers and page numbers

function toLines(pages: string[]): Line[] {
  const perPage = pages.map((p) => p.replace(/\r\n?/g, '\n').split('\n'));
  // Running headers/footers: a line repeated at the top or bottom of most pages.
  const edgeCounts = new Map<string, number>();
  for (const lines of perPage) {
    const nonBlank = lines.map(collapse).filter((l) => l);
    const edges = new Set([...nonBlank.slice(0, 2), ...nonBlank.slice(-2)]);
    for (const e of edges) edgeCounts.set(e, (edgeCounts.get(e) ?? 0) + 1);
  }
  const running = new Set<string>();
  if (pages.length >= 2) {
    for (const [l, c] of edgeCounts) if (c >= 2 && c >= pages.length / 2) running.add(l);
  }
  const out: Line[] = [];
  perPage.forEach((lines, i) => {
    for (const raw of lines) {
      const text = collapse(raw.replace(/\f/g, ''));
      if (PAGE_MARK_RE.test(text) || running.has(text)) continue;
      out.push({ text, raw: raw.replace(/\f/g, ''), page: i + 1, blank: text.length === 0 });
    }
  });
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// The walk

export function extractProvisions(pages: string[], options: ExtractOptions = {}): Provision[] {
  const paginated = options.paginated ?? true;
  const lines = toLines(pages);
  const found: Found[] = [];
  let section = '';
  let kind: SectionKind = 'other';
  const pageOf = (l: Line): number | null => (paginated ? l.page : null);
  const add = (order: number, f: Omit<Found, 'order'>): void => {
    found.push({ order, ...f });
  };

  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.blank) {
      i++;
      continue;
    }
    const h = headingOf(line);
    if (h) {
      section = line.text.replace(/:$/, '');
      kind = h;
      i++;
      continue;
    }
    for (const [n, kd] of keyDates(line).entries()) {
      add(i + n / 100, {
        type: 'key_date',
        text: collapse(kd.text),
        section,
        page: pageOf(line),
        details: { name: kd.name, label: collapse(kd.label), date: kd.date },
      });
    }
    if (kind === 'service') i = services(i);
    else if (kind === 'accommodation') i = accommodations(i);
    else if (kind === 'goal') i = goals(i);
    else i++;
  }

  /**
   * Blank lines at j that only separate the two halves of a sentence split by a page break: the index of the
   * line that continues `text`, else null.
   */
  function acrossPageBreak(j: number, text: string): number | null {
    let k = j;
    while (k < lines.length && lines[k]!.blank) k++;
    const l = lines[k];
    if (!l || k === j || l.page === lines[j - 1]?.page) return null;
    return !/[.!?]$/.test(text) && /^[a-z]/.test(l.text) ? k : null;
  }

  /** Is line j the start of something else (a heading), ending the current block? */
  function isHeading(j: number): boolean {
    const l = lines[j];
    return !!l && !l.blank && headingOf(l) !== null;
  }

  /** Gather a prose paragraph starting at j: [text, next index]. */
  function paragraph(j: number, joinAll = false): [string, number] {
    let text = lines[j]!.text;
    let k = j + 1;
    while (k < lines.length) {
      const over = lines[k]!.blank ? acrossPageBreak(k, text) : null;
      if (over !== null) k = over;
      const l = lines[k]!;
      if (l.blank || isHeading(k) || BULLET_RE.test(l.raw) || CHECKED_RE.test(l.raw) || UNCHECKED_RE.test(l.raw)) break;
      if (!joinAll && LABEL_RE.test(l.text)) break;
      const cont = /^[a-z(]/.test(l.text) || !/[.!?:;]$/.test(text);
      if (!cont) break;
      text = `${text} ${l.text}`;
      k++;
    }
    return [text, k];
  }

  // ---- services ----
  function services(start: number): number {
    const line = lines[start]!;
    // Header written on one line.
    let cols = headerOf(line);
    if (cols && cols.some((c) => c.type === 'service')) return serviceRows(start + 1, cols, false);
    // Header with each cell on its own line.
    if (columnOf(line.text)) {
      const hdr: Column[] = [];
      let k = start;
      while (k < lines.length) {
        const l = lines[k]!;
        if (l.blank) {
          k++;
          continue;
        }
        const c = columnOf(l.text);
        if (!c) break;
        hdr.push(c);
        k++;
      }
      if (hdr.length >= 3 && hdr.some((c) => c.type === 'service')) return serviceRows(k, hdr, true);
    }
    cols = null;
    // Prose service line(s).
    const [text, next] = paragraph(start);
    if (hasServiceAmount(text) && !/^total\b/i.test(text) && !/^(?:percent|percentage)\b/i.test(text)) {
      add(start, { type: 'service', text, section, page: pageOf(line), details: proseServiceDetails(text) });
    }
    return next;
  }

  function serviceRows(from: number, cols: Column[], cellPerLine: boolean): number {
    let k = from;
    while (k < lines.length) {
      if (lines[k]!.blank) {
        k++;
        continue;
      }
      if (isHeading(k)) return k;
      let fit: RowFit | null;
      let next: number;
      if (cellPerLine) {
        const idx: number[] = [];
        for (let j = k; j < lines.length && idx.length < cols.length; j++) {
          if (lines[j]!.blank) continue;
          if (isHeading(j)) break;
          idx.push(j);
        }
        fit = fitRow(
          idx.map((j) => lines[j]!.text),
          cols,
          false,
          1,
        );
        next = fit && fit.consumed > 0 ? idx[fit.consumed - 1]! + 1 : k;
      } else {
        const l = lines[k]!;
        const cells = splitCells(l.raw);
        fit = cells ? fitRow(cells, cols, true, 1) : null;
        if (!fit) fit = fitRow(l.text.split(' '), cols, true, 40);
        next = k + 1;
      }
      const typedCols = cols.filter((c) => TYPED.includes(c.type)).length;
      if (!fit || fit.typedHits < Math.max(1, Math.min(2, typedCols))) return k;
      addServiceRow(k, cols, fit.cells);
      k = next;
    }
    return k;
  }

  function addServiceRow(at: number, cols: Column[], cells: string[]): void {
    const get = (t: ColType): string | undefined => {
      const j = cols.findIndex((c) => c.type === t);
      return j >= 0 && cells[j] ? cells[j] : undefined;
    };
    const fd = get('freqdur');
    const fdDetails = fd ? proseServiceDetails(fd) : null;
    const details: Record<string, string | number | null> = {
      service: get('service') ?? null,
      minutes: minutesOf(get('minutes')) ?? fdDetails?.minutes ?? null,
      frequency: get('frequency') ?? (fdDetails?.frequency as string | null | undefined) ?? null,
      group: groupOf(get('group')),
      location: get('location') ?? null,
      provider: get('provider') ?? null,
      start: get('start') ? toIsoDate(get('start')!) : null,
      end: get('end') ? toIsoDate(get('end')!) : null,
    };
    const text = cells.filter((c) => c).join(', ');
    add(at, { type: 'service', text, section, page: pageOf(lines[at]!), details });
  }

  // ---- accommodations ----
  function accommodations(start: number): number {
    const line = lines[start]!;
    const cols = headerOf(line);
    if (cols && cols.some((c) => c.type === 'accommodation')) return accommodationRows(start + 1, cols);
    if (UNCHECKED_RE.test(line.raw)) return skipItem(start);
    const marked = BULLET_RE.test(line.raw) || CHECKED_RE.test(line.raw);
    let text = line.text.replace(CHECKED_RE, '').replace(BULLET_RE, '');
    text = collapse(text);
    // A short category label ("Presentation:", "Setting:") is not an item.
    if (!marked && /:$/.test(text) && text.split(' ').length <= 5) return start + 1;
    let k = start + 1;
    while (k < lines.length) {
      const l = lines[k]!;
      if (l.blank || isHeading(k) || BULLET_RE.test(l.raw) || CHECKED_RE.test(l.raw) || UNCHECKED_RE.test(l.raw)) break;
      if (LABEL_RE.test(l.text) && !/^[a-z]/.test(l.text)) break;
      const cont = marked || /^[a-z(]/.test(l.text) || (!/[.!?;:]$/.test(text) && /^\s/.test(l.raw));
      if (!cont) break;
      text = `${text} ${l.text}`;
      k++;
    }
    if (text && !/^(?:none|n\/a|not applicable|no (?:accommodations|modifications))\b/i.test(text)) {
      add(start, { type: 'accommodation', text, section, page: pageOf(line) });
    }
    return k;
  }

  function skipItem(start: number): number {
    let k = start + 1;
    while (k < lines.length && !lines[k]!.blank && !isHeading(k) && /^\s/.test(lines[k]!.raw) && !UNCHECKED_RE.test(lines[k]!.raw) && !CHECKED_RE.test(lines[k]!.raw)) k++;
    return k;
  }

  function accommodationRows(from: number, cols: Column[]): number {
    let k = from;
    const a = cols.findIndex((c) => c.type === 'accommodation');
    while (k < lines.length) {
      const l = lines[k]!;
      if (l.blank) {
        k++;
        continue;
      }
      if (isHeading(k)) return k;
      const cells = splitCells(l.raw);
      if (cells && cells.length === cols.length) {
        const details: Record<string, string | number | null> = {};
        cols.forEach((c, j) => {
          if (j !== a) details[c.name.toLowerCase()] = cells[j] ?? null;
        });
        add(k, { type: 'accommodation', text: cells[a]!, section, page: pageOf(l), details });
      } else {
        return k;
      }
      k++;
    }
    return k;
  }

  // ---- goals ----
  function goals(start: number): number {
    const GOAL_LABEL =
      /^(?:Measurable\s+)?(?:Annual\s+)?Goal\s*(?:#|No\.?|Number)?\s*(\d+[A-Za-z]?)\s*(?:\(([^)]+)\))?\s*[:.\-–—]?\s*(.*)$/i;
    const STATEMENT_LABEL = /^(?:Measurable\s+)?(?:Annual\s+)?Goal(?:\s+Statement)?\s*:\s*(.*)$/i;
    const AREA_LABEL = /^(?:Goal\s+)?Area(?:\s+of\s+Need)?\s*:\s*(.+)$/i;
    let k = start;
    let number: string | null = null;
    let area: string | null = null;
    const emit = (text: string, at: number): void => {
      add(at, { type: 'goal', text, section, page: pageOf(lines[at]!), details: { number, area } });
    };
    const collect = (first: string, at: number): number => {
      let text = first;
      let j = at + 1;
      while (j < lines.length) {
        const over = lines[j]!.blank ? acrossPageBreak(j, text) : null;
        if (over !== null) j = over;
        const l = lines[j]!;
        if (l.blank || isHeading(j) || LABEL_RE.test(l.text) || GOAL_LABEL.test(l.text) || BULLET_RE.test(l.raw)) break;
        text = `${text} ${l.text}`;
        j++;
      }
      if (text) emit(collapse(text), at);
      return j;
    };
    const line = lines[k]!;
    let r = GOAL_LABEL.exec(line.text);
    if (r) {
      number = r[1]!;
      area = r[2] ? collapse(r[2]) : null;
      let rest = r[3] ?? '';
      const ar = /^Area(?:\s+of\s+Need)?\s*:\s*(.+)$/i.exec(rest);
      if (ar) {
        area = collapse(ar[1]!);
        rest = '';
      }
      k++;
      if (rest) return collect(rest, k - 1);
      // The statement follows on later lines ("Annual Goal: …"), after area/baseline lines.
      while (k < lines.length) {
        const l = lines[k]!;
        if (isHeading(k) || GOAL_LABEL.test(l.text)) return k;
        if (l.blank) {
          k++;
          continue;
        }
        const a = AREA_LABEL.exec(l.text);
        if (a) {
          area = collapse(a[1]!);
          k++;
          continue;
        }
        const s = STATEMENT_LABEL.exec(l.text);
        if (s) return collect(s[1]!, k);
        if (LABEL_RE.test(l.text)) {
          k++;
          continue;
        }
        return k;
      }
      return k;
    }
    r = STATEMENT_LABEL.exec(line.text);
    if (r) return collect(r[1]!, k);
    // An unlabelled goal statement: "By 06/2026, given …, X will …".
    if (/^(?:By|Given|When|Within|During|In)\b/.test(line.text)) {
      const [text, next] = paragraph(k);
      if (/\bwill\b/.test(text)) emit(text, k);
      return next;
    }
    return k + 1;
  }

  found.sort((a, b) => a.order - b.order);
  return found.map((f, n) => {
    const p: Provision = { id: `p${n + 1}`, type: f.type, text: f.text, section: f.section, page: f.page };
    if (f.details) p.details = f.details;
    return p;
  });
}
