/**
 * A request kind's name as a parent reads it ("Prior written notice"), in one table: the pages and the
 * record's PDF both show it. Titles ("Records request of Oct 5") have their own wording (chase-title.ts).
 */
import type { RequestKind } from './types.js';

export const KIND_LABEL: Readonly<Record<RequestKind, string>> & Readonly<Record<string, string | undefined>> = {
  meeting: 'Meeting',
  evaluation: 'Evaluation',
  iee: 'Independent evaluation (IEE)',
  records: 'Records',
  progress: 'Progress data',
  pwn: 'Prior written notice',
  services: 'Services',
  accommodations: 'Accommodations',
  information: 'Question',
};
