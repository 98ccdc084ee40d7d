/**
 * The request under way, for log lines written deep in a service: hono's context storage holds the current
 * Context (an AsyncLocalStorage, on Node and on Workers with nodejs_compat), and its request id goes on the line.
 */
import { tryGetContext } from 'hono/context-storage';
import type { LogFields } from '../log/logger.js';
import type { AppEnv } from './deps.js';

export function requestLogFields(): LogFields | undefined {
  const id = tryGetContext<AppEnv>()?.var.requestId;
  return id ? { requestId: id } : undefined;
}
