/**
 * What the judge remembers, per account: its past judgements by question hash (so a re-analysis never asks
 * twice) and today's call budget. The service layer backs it with Postgres (services/sentence-judge-ledger.ts);
 * `memoryLedger` is the same behaviour in memory.
 *
 * A judgement holds decision fields and evidence offsets only, never message text: the evidence is re-read from
 * the question (which carries the text) when the judgement is used again.
 */
import type { ReplyActVerdict } from '../core/language/adjudication.js';
import type { RequestKind } from '../core/types.js';

export type StoredJudgement =
  | {
      outcome: 'verdict';
      task: 'request' | 'reply';
      model: string;
      isRequest?: boolean;
      kind?: RequestKind | null;
      act?: ReplyActVerdict;
      /** Offsets into haystackOf(question) (src/llm/judge-answer.ts). */
      evidenceStart: number;
      evidenceEnd: number;
    }
  | { outcome: 'rejected'; task: 'request' | 'reply'; model: string; reason: string };

export interface JudgeLedger {
  lookup(hashes: string[]): Promise<Map<string, StoredJudgement>>;
  /** Replaces an earlier judgement of the same question (e.g. a rejection remembered from another model). */
  save(hash: string, judgement: StoredJudgement): Promise<void>;
  /** Takes one call from the account's budget for its local today; false when none is left. */
  reserveCall(): Promise<boolean>;
}

export function memoryLedger(dailyCalls: number): JudgeLedger & { judgements: Map<string, StoredJudgement>; callsToday: number } {
  const ledger = {
    judgements: new Map<string, StoredJudgement>(),
    callsToday: 0,
    async lookup(hashes: string[]) {
      return new Map(hashes.flatMap((h) => (ledger.judgements.has(h) ? [[h, ledger.judgements.get(h)!] as const] : [])));
    },
    async save(hash: string, j: StoredJudgement) {
      ledger.judgements.set(hash, j);
    },
    async reserveCall() {
      if (ledger.callsToday >= dailyCalls) return false;
      ledger.callsToday++;
      return true;
    },
  };
  return ledger;
}
