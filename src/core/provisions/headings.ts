/** Section headings as real IEP and 504 forms write them, and the kind of section each opens. */
import { collapse, type Line } from './text.js';

export type SectionKind = 'service' | 'accommodation' | 'goal' | 'other';

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

export function headingOf(line: Line): SectionKind | null {
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
