import { isValidDate } from '../../core/deadlines/index.js';
import { REQUEST_KINDS, type RequestKind } from '../../core/types.js';

/** The parent's corrections of a request, as stored in requests.overrides (validated on read). */
export interface RequestOverrides {
  resolved?: boolean;
  notARequest?: boolean;
  kind?: RequestKind;
  dueDate?: string;
  /** The parent said this is the same request as that one (issue 14 #8): it is shown and chased as part of it. */
  sameAs?: string;
  /** The requests the parent joined to this one (the other side of sameAs; it also keeps this row through re-analysis). */
  merged?: string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function readOverrides(raw: unknown): RequestOverrides {
  const o = (raw ?? {}) as Record<string, unknown>;
  const out: RequestOverrides = {};
  if (o['resolved'] === true) out.resolved = true;
  if (o['notARequest'] === true) out.notARequest = true;
  if (typeof o['kind'] === 'string' && (REQUEST_KINDS as readonly string[]).includes(o['kind'])) out.kind = o['kind'] as RequestKind;
  if (typeof o['dueDate'] === 'string' && isValidDate(o['dueDate'])) out.dueDate = o['dueDate'];
  if (typeof o['sameAs'] === 'string' && UUID.test(o['sameAs'])) out.sameAs = o['sameAs'];
  if (Array.isArray(o['merged'])) {
    const ids = o['merged'].filter((v): v is string => typeof v === 'string' && UUID.test(v));
    if (ids.length) out.merged = ids;
  }
  return out;
}

