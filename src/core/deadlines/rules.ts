/**
 * The deadline rule table (product spec §5): legal rules are data with citations, one JSON file per
 * jurisdiction in ./rules/ (us.json holds the federal rows). This module only loads and validates them, so a
 * malformed row stops start-up (and the test suite) with a message naming the file and field.
 *
 * Each file holds the jurisdiction's rows and, for every tracked rule without a row, its coverage: either
 * "federal-default" (a source read says the federal rule is the state's) or "not-found" (nothing read; LOW
 * research rows appear there as leads, never as rules). Only HIGH and MEDIUM rows are encoded. Static JSON
 * imports keep the table bundled for Workers (esbuild inlines them).
 *
 * Conventions of the rows:
 * - Under IDEA a bare "day" is a calendar day (34 CFR 300.11(a)); a source's "school working days" or
 *   "instructional days" are school days (days the district calendar has students in session).
 * - No rollover: a due date on a weekend or holiday stays there.
 * - Several rows for one (jurisdiction, kind) all apply and the earliest date wins: that is how "45 school
 *   days or 90 calendar days, whichever is less" is encoded (two rows).
 * - Request kinds: the state's rows and the federal rows all apply (earliest wins). Process clocks: the
 *   state's timeframe replaces the federal one (34 CFR 300.301(c)(1)(ii)); see clockRulesFor.
 */
import * as z from 'zod';
import type { ClockRuleKind, DeadlineRule, RuleKind } from '../types.js';
import { CLOCK_RULE_KINDS, REQUEST_KINDS } from '../types.js';
import { KNOWN_EXCLUSIONS } from './exclusions.js';
import ak_ from './rules/ak.json' with { type: 'json' };
import al_ from './rules/al.json' with { type: 'json' };
import ar_ from './rules/ar.json' with { type: 'json' };
import az_ from './rules/az.json' with { type: 'json' };
import ca_ from './rules/ca.json' with { type: 'json' };
import co_ from './rules/co.json' with { type: 'json' };
import ct_ from './rules/ct.json' with { type: 'json' };
import dc_ from './rules/dc.json' with { type: 'json' };
import de_ from './rules/de.json' with { type: 'json' };
import fl_ from './rules/fl.json' with { type: 'json' };
import ga_ from './rules/ga.json' with { type: 'json' };
import hi_ from './rules/hi.json' with { type: 'json' };
import ia_ from './rules/ia.json' with { type: 'json' };
import id_ from './rules/id.json' with { type: 'json' };
import il_ from './rules/il.json' with { type: 'json' };
import in_ from './rules/in.json' with { type: 'json' };
import ks_ from './rules/ks.json' with { type: 'json' };
import ky_ from './rules/ky.json' with { type: 'json' };
import la_ from './rules/la.json' with { type: 'json' };
import ma_ from './rules/ma.json' with { type: 'json' };
import md_ from './rules/md.json' with { type: 'json' };
import me_ from './rules/me.json' with { type: 'json' };
import mi_ from './rules/mi.json' with { type: 'json' };
import mn_ from './rules/mn.json' with { type: 'json' };
import mo_ from './rules/mo.json' with { type: 'json' };
import ms_ from './rules/ms.json' with { type: 'json' };
import mt_ from './rules/mt.json' with { type: 'json' };
import nc_ from './rules/nc.json' with { type: 'json' };
import nd_ from './rules/nd.json' with { type: 'json' };
import ne_ from './rules/ne.json' with { type: 'json' };
import nh_ from './rules/nh.json' with { type: 'json' };
import nj_ from './rules/nj.json' with { type: 'json' };
import nm_ from './rules/nm.json' with { type: 'json' };
import nv_ from './rules/nv.json' with { type: 'json' };
import ny_ from './rules/ny.json' with { type: 'json' };
import oh_ from './rules/oh.json' with { type: 'json' };
import ok_ from './rules/ok.json' with { type: 'json' };
import or_ from './rules/or.json' with { type: 'json' };
import pa_ from './rules/pa.json' with { type: 'json' };
import ri_ from './rules/ri.json' with { type: 'json' };
import sc_ from './rules/sc.json' with { type: 'json' };
import sd_ from './rules/sd.json' with { type: 'json' };
import tn_ from './rules/tn.json' with { type: 'json' };
import tx_ from './rules/tx.json' with { type: 'json' };
import us_ from './rules/us.json' with { type: 'json' };
import ut_ from './rules/ut.json' with { type: 'json' };
import va_ from './rules/va.json' with { type: 'json' };
import vt_ from './rules/vt.json' with { type: 'json' };
import wa_ from './rules/wa.json' with { type: 'json' };
import wi_ from './rules/wi.json' with { type: 'json' };
import wv_ from './rules/wv.json' with { type: 'json' };
import wy_ from './rules/wy.json' with { type: 'json' };

/** The rules the coverage page accounts for in every jurisdiction (research tables (a)–(d) and the two clocks). */
export const TRACKED_RULE_KINDS = ['records', 'evaluation', 'meeting', 'evaluation_completion', 'iep_after_eligibility'] as const;
export type TrackedRuleKind = (typeof TRACKED_RULE_KINDS)[number];

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const RuleRow = z
  .object({
    id: z.string().regex(/^[a-z]{2}-[a-z0-9-]+$/),
    kind: z.enum([...REQUEST_KINDS, ...CLOCK_RULE_KINDS]),
    startEvent: z.enum(['consent', 'referral', 'eligibility', 'evaluation_report']).optional(),
    days: z.number().int().positive(),
    unit: z.enum(['calendar_days', 'business_days', 'school_days']),
    clockStart: z.string().min(10),
    exclusions: z.array(z.string().refine((x) => KNOWN_EXCLUSIONS.includes(x), 'unknown exclusion')),
    citation: z.string().min(5),
    confidence: z.enum(['high', 'medium']),
    verifiedOn: Day,
    summary: z.string().min(20),
    notes: z.string().optional(),
    yearEnd: z
      .object({ within: z.tuple([z.number().int().positive(), z.number().int().positive()]), daysAfterLastDay: z.number().int().positive() })
      .strict()
      .refine((y) => y.within[0] <= y.within[1], 'yearEnd.within must run from the smaller count to the larger')
      .optional(),
  })
  .strict()
  .refine((r) => (CLOCK_RULE_KINDS as readonly string[]).includes(r.kind) === (r.startEvent !== undefined), {
    message: 'process-clock rows (and only they) name a startEvent',
  });
const Coverage = z.object({ status: z.enum(['federal-default', 'not-found']), note: z.string().min(10) }).strict();
const JurisdictionFile = z
  .object({
    jurisdiction: z.string().regex(/^[A-Z]{2}$/),
    name: z.string().min(4),
    rules: z.array(RuleRow),
    coverage: z.partialRecord(z.enum(TRACKED_RULE_KINDS), Coverage),
  })
  .strict();

export type CoverageStatus = 'rule' | 'federal-default' | 'not-found';
export interface Jurisdiction {
  code: string;
  name: string;
  rules: DeadlineRule[];
  /** Every tracked rule: its rows, or why there are none. */
  coverage: Record<TrackedRuleKind, { status: CoverageStatus; note: string | null; rules: DeadlineRule[] }>;
}

export class RuleTableError extends Error {
  override name = 'RuleTableError';
}

/** Validates the raw files; exported so a test can feed it broken data. */
export function loadRuleTable(files: readonly unknown[]): Jurisdiction[] {
  const ids = new Set<string>();
  return files.map((raw) => {
    const parsed = JurisdictionFile.safeParse(raw);
    const code = (raw as { jurisdiction?: unknown })?.jurisdiction;
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new RuleTableError(`Rule file ${String(code)}: ${issue.path.join('.')}: ${issue.message}`);
    }
    const f = parsed.data;
    const rules: DeadlineRule[] = f.rules.map((r) => ({ ...r, jurisdiction: f.jurisdiction }));
    for (const r of rules) {
      if (ids.has(r.id)) throw new RuleTableError(`Rule file ${f.jurisdiction}: duplicate rule id ${r.id}`);
      if (!r.id.startsWith(`${f.jurisdiction.toLowerCase()}-`)) throw new RuleTableError(`Rule file ${f.jurisdiction}: id ${r.id} must start with the jurisdiction`);
      ids.add(r.id);
    }
    const coverage = {} as Jurisdiction['coverage'];
    for (const kind of TRACKED_RULE_KINDS) {
      const rows = rules.filter((r) => r.kind === kind);
      const said = f.coverage[kind];
      if (rows.length && said) throw new RuleTableError(`Rule file ${f.jurisdiction}: ${kind} has rows and a coverage note`);
      coverage[kind] = rows.length ? { status: 'rule', note: null, rules: rows } : { status: said?.status ?? 'not-found', note: said?.note ?? null, rules: [] };
    }
    return { code: f.jurisdiction, name: f.name, rules, coverage };
  });
}

let table: readonly Jurisdiction[] | undefined;
let rows: readonly DeadlineRule[] | undefined;

/**
 * The validated rule table, built on first use: validating 52 files with zod was about 11 ms of every Worker cold
 * start, before any request needed a rule. The federal file first: on a tie the engine reports the state's row,
 * and listings show the federal rule first.
 */
export function ruleTable(): readonly Jurisdiction[] {
  return (table ??= loadRuleTable([us_, ak_, al_, ar_, az_, ca_, co_, ct_, dc_, de_, fl_, ga_, hi_, ia_, id_, il_, in_, ks_, ky_, la_, ma_, md_, me_, mi_, mn_, mo_, ms_, mt_, nc_, nd_, ne_, nh_, nj_, nm_, nv_, ny_, oh_, ok_, or_, pa_, ri_, sc_, sd_, tn_, tx_, ut_, va_, vt_, wa_, wi_, wv_, wy_]));
}

/** Every rule of the table, federal first. */
export function allRules(): readonly DeadlineRule[] {
  return (rows ??= ruleTable().flatMap((j) => j.rules));
}

export function jurisdiction(code: string): Jurisdiction | undefined {
  return ruleTable().find((j) => j.code === code.toUpperCase());
}

/** The rows that apply to a request of `kind` in `state`: the state's own rows and the federal rows. */
export function rulesFor(state: string, kind: RuleKind, rules: readonly DeadlineRule[] = allRules()): DeadlineRule[] {
  const st = state.toUpperCase();
  return rules.filter((r) => r.kind === kind && (r.jurisdiction === st || r.jurisdiction === 'US'));
}

/** A process clock's rows: the state's own timeframe when it has one (it replaces the federal rule), else the federal row. */
export function clockRulesFor(state: string, kind: ClockRuleKind, rules: readonly DeadlineRule[] = allRules()): DeadlineRule[] {
  const st = state.toUpperCase();
  const own = rules.filter((r) => r.kind === kind && r.jurisdiction === st && st !== 'US');
  return own.length ? own : rules.filter((r) => r.kind === kind && r.jurisdiction === 'US');
}

export function ruleById(id: string, rules: readonly DeadlineRule[] = allRules()): DeadlineRule | undefined {
  return rules.find((r) => r.id === id);
}
