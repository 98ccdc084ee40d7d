/**
 * The coverage table of the rule table: for each tracked rule, how many of the 50 states + DC have their own
 * rule, are known to take the federal default, or have no state rule found. Computed from the JSON files so
 * the figures in a report are never hand-counted (src/cli/rules-coverage.ts prints it). Pure.
 */
import { ruleTable, TRACKED_RULE_KINDS, type CoverageStatus, type Jurisdiction, type TrackedRuleKind } from './rules.js';

export type CoverageCounts = Record<CoverageStatus, number>;

/** The 51 jurisdictions (states and DC): the federal file is the default, not a jurisdiction of its own. */
export function stateJurisdictions(table: readonly Jurisdiction[] = ruleTable()): Jurisdiction[] {
  return table.filter((j) => j.code !== 'US');
}

export function coverageCounts(table: readonly Jurisdiction[] = ruleTable()): Record<TrackedRuleKind, CoverageCounts> {
  const out = {} as Record<TrackedRuleKind, CoverageCounts>;
  for (const kind of TRACKED_RULE_KINDS) {
    const counts: CoverageCounts = { rule: 0, 'federal-default': 0, 'not-found': 0 };
    for (const j of stateJurisdictions(table)) counts[j.coverage[kind].status]++;
    out[kind] = counts;
  }
  return out;
}

export const RULE_KIND_LABELS: Record<TrackedRuleKind, string> = {
  records: 'Records access',
  evaluation: 'Response to an evaluation request',
  meeting: 'Response to a meeting request',
  evaluation_completion: 'Evaluation completion after consent',
  iep_after_eligibility: 'IEP meeting after eligibility',
};

/** The table as Markdown: one line per rule, "rule / federal default / not found" out of the jurisdictions. */
export function coverageMarkdown(table: readonly Jurisdiction[] = ruleTable()): string {
  const counts = coverageCounts(table);
  const n = stateJurisdictions(table).length;
  const lines = [`| rule (${n} jurisdictions) | state rule | federal default | no state rule found |`, '|---|---|---|---|'];
  for (const kind of TRACKED_RULE_KINDS) {
    const c = counts[kind];
    lines.push(`| ${RULE_KIND_LABELS[kind]} (\`${kind}\`) | ${c.rule} | ${c['federal-default']} | ${c['not-found']} |`);
  }
  return lines.join('\n');
}
