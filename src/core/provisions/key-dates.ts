/** Key dates of a plan (meeting, start, end, annual review, reevaluation) written as "Label: date" or a range. */
import { DATE_SRC, type Line, toIsoDate } from './text.js';

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

export function keyDates(line: Line): Array<{ at: number; text: string; name: string; label: string; date: string }> {
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
