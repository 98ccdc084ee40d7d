/**
 * The LLM seam. `LlmClient` is all the rest of the code knows; `OpenAiCompatibleClient` talks to any
 * OpenAI-compatible chat-completions endpoint (LLM_BASE_URL, LLM_API_KEY, LLM_MODEL) with fetch, so it runs
 * on Node and Workers alike. Responses are zod-parsed; every failure is an `LlmError` the caller can treat
 * as "use the template".
 */
import * as z from 'zod';
import type { Env } from '../config/env.js';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface CompleteOptions {
  maxTokens?: number;
  temperature?: number;
  /** Ask for a JSON object (`response_format: {type: "json_object"}`); the caller still validates it. */
  json?: boolean;
  /** Aborts the call early (an overall deadline); reported as LlmError 'timeout'. */
  signal?: AbortSignal;
}

export interface LlmClient {
  /** The assistant's reply text. Throws LlmError on timeout, HTTP error or an unexpected response. */
  complete(messages: ChatMessage[], opts?: CompleteOptions): Promise<string>;
}

export class LlmError extends Error {
  override name = 'LlmError';
  constructor(
    readonly kind: 'timeout' | 'http' | 'invalid_response' | 'network',
    message: string,
    readonly status?: number,
    /** From a 429's or 503's Retry-After header, when the server sent one. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

const completionSchema = z.object({
  choices: z
    .array(
      z.object({
        message: z.object({ role: z.string().optional(), content: z.string().min(1) }),
        finish_reason: z.string().nullish(),
      }),
    )
    .min(1),
});

export interface OpenAiCompatibleOptions {
  baseUrl: string;
  apiKey?: string;
  model: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export const DEFAULT_LLM_TIMEOUT_MS = 20_000;

export class OpenAiCompatibleClient implements LlmClient {
  private readonly timeoutMs: number;
  private readonly doFetch: typeof fetch;

  constructor(private readonly opts: OpenAiCompatibleOptions) {
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_LLM_TIMEOUT_MS;
    this.doFetch = opts.fetch ?? ((...a) => fetch(...a));
  }

  async complete(messages: ChatMessage[], o: CompleteOptions = {}): Promise<string> {
    const url = `${this.opts.baseUrl.replace(/\/+$/, '')}/chat/completions`;
    let res: Response;
    try {
      res = await this.doFetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(this.opts.apiKey ? { authorization: `Bearer ${this.opts.apiKey}` } : {}),
        },
        body: JSON.stringify({
          model: this.opts.model,
          messages,
          max_tokens: o.maxTokens ?? 600,
          temperature: o.temperature ?? 0.2,
          ...(o.json ? { response_format: { type: 'json_object' } } : {}),
        }),
        signal: o.signal ? AbortSignal.any([AbortSignal.timeout(this.timeoutMs), o.signal]) : AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      const name = err instanceof Error ? err.name : '';
      if (name === 'TimeoutError' || name === 'AbortError') throw new LlmError('timeout', `LLM did not answer within ${this.timeoutMs} ms`);
      throw new LlmError('network', `LLM request failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    let body: unknown;
    try {
      body = await res.json();
    } catch (err) {
      const name = err instanceof Error ? err.name : '';
      if (name === 'TimeoutError' || name === 'AbortError') throw new LlmError('timeout', `LLM did not answer within ${this.timeoutMs} ms`);
      throw new LlmError(res.ok ? 'invalid_response' : 'http', `LLM answered ${res.status} with a body that is not JSON`, res.status, retryAfterMs(res.headers.get('retry-after')));
    }
    if (!res.ok) throw new LlmError('http', `LLM answered ${res.status}`, res.status, retryAfterMs(res.headers.get('retry-after')));
    const parsed = completionSchema.safeParse(body);
    if (!parsed.success) throw new LlmError('invalid_response', `unexpected LLM response: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    return parsed.data.choices[0]!.message.content;
  }
}

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const t = header.trim();
  if (/^\d+$/.test(t)) return Number(t) * 1000;
  const at = Date.parse(t);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The configured client, or null when the LLM is not configured (LLM_BASE_URL and LLM_MODEL are both needed). */
export function createLlmClient(env: Pick<Env, 'LLM_BASE_URL' | 'LLM_API_KEY' | 'LLM_MODEL'>, opts: { timeoutMs?: number } = {}): LlmClient | null {
  if (!env.LLM_BASE_URL || !env.LLM_MODEL) return null;
  return new OpenAiCompatibleClient({ baseUrl: env.LLM_BASE_URL, apiKey: env.LLM_API_KEY, model: env.LLM_MODEL, timeoutMs: opts.timeoutMs });
}
