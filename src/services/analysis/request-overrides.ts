import { isValidDate } from '../../core/deadlines/index.js';
import { REQUEST_KINDS, type RequestKind } from '../../core/types.js';

/** The parent's corrections of a request, as stored in requests.overrides (validated on read). */
export interface RequestOverrides {
  resolved?: boolean;
  notARequest?: boolean;
  kind?: RequestKind;
  dueDate?: string;
}

export function readOverrides(raw: unknown): RequestOverrides {
  const o = (raw ?? {}) as Record<string, unknown>;
  const out: RequestOverrides = {};
  if (o['resolved'] === true) out.resolved = true;
  if (o['notARequest'] === true) out.notARequest = true;
  if (typeof o['kind'] === 'string' && (REQUEST_KINDS as readonly string[]).includes(o['kind'])) out.kind = o['kind'] as RequestKind;
  if (typeof o['dueDate'] === 'string' && isValidDate(o['dueDate'])) out.dueDate = o['dueDate'];
  return out;
}

