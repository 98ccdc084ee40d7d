/**
 * The rules of spec §6 as checks on a finished draft. The eval reports the share of drafts passing every
 * rule; the LLM drafter uses them as its guardrail (a rewrite that fails any rule falls back to the
 * template). Every check looks at the draft itself against the facts, so each one can fail.
 */
import type { Draft, DraftInput } from './drafting.js';
import { RULE_CHECKS } from './draft-rules/checks.js';
import { draftContext } from './draft-rules/context.js';
import { DRAFT_RULE_IDS, type DraftRuleResult } from './draft-rules/ids.js';

export { DRAFT_RULE_IDS, type DraftRuleId, type DraftRuleResult } from './draft-rules/ids.js';

export function checkDraft(draft: Draft, facts: DraftInput): DraftRuleResult[] {
  const context = draftContext(draft, facts);
  return DRAFT_RULE_IDS.map((rule) => ({ rule, ...RULE_CHECKS[rule](context) }));
}

/** True when every rule passes. */
export function draftPasses(draft: Draft, facts: DraftInput): boolean {
  return checkDraft(draft, facts).every((r) => r.ok);
}
