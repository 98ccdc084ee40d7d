/** The rules, in the order checkDraft reports them. */
export const DRAFT_RULE_IDS = [
  'thread',
  'recipients',
  'subject',
  'names_child',
  'request_date',
  'restates_ask',
  'quotes_provision',
  'quotes_commitment',
  'cites_law',
  'one_ask_with_date',
  'written_reply',
  'tone',
  'length',
  'first_person',
  'signature',
] as const;
export type DraftRuleId = (typeof DRAFT_RULE_IDS)[number];

export interface DraftRuleResult {
  rule: DraftRuleId;
  ok: boolean;
  detail?: string;
}
