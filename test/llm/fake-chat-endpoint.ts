/**
 * A local OpenAI-compatible chat-completions endpoint over real HTTP (node:http, port 0) for the sentence
 * judge's tests. Each test sets `answer` to decide what the next requests get.
 *
 * Shapes follow the OpenAI API reference:
 *  - request `POST /v1/chat/completions` with `{ model, messages: [{ role, content }], temperature,
 *    max_tokens, response_format: { type: "json_object" } }` — https://platform.openai.com/docs/api-reference/chat/create
 *  - success `200 { id, object: "chat.completion", created, model, choices: [{ index, message: { role:
 *    "assistant", content }, finish_reason: "stop" }], usage }` — same page, "The chat completion object"
 *  - errors `{ error: { message, type, param, code } }` with 429 `rate_limit_exceeded` (and a Retry-After
 *    header) and 500 `server_error` — https://platform.openai.com/docs/guides/error-codes
 * Ollama serves the same shape at http://localhost:11434/v1 (https://github.com/ollama/ollama/blob/main/docs/openai.md).
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatRequestBody {
  model: string;
  messages: Array<{ role: string; content: string }>;
  temperature?: number;
  max_tokens?: number;
  response_format?: { type: string };
}

export type FakeAnswer =
  | { content: string; delayMs?: number }
  | { status: number; error: { message: string; type: string; code: string | null }; headers?: Record<string, string> };

export class FakeChatEndpoint {
  /** Decides the answer to each request; defaults to a 500 so a test that forgot to set it fails loudly. */
  answer: (body: ChatRequestBody) => FakeAnswer = () => ({ status: 500, error: { message: 'no answer set', type: 'server_error', code: null } });
  readonly requests: Array<{ headers: IncomingHttpHeaders; body: ChatRequestBody }> = [];
  inFlight = 0;
  maxInFlight = 0;
  private server: Server | null = null;

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/v1`;
  }

  reset(): void {
    this.requests.length = 0;
    this.maxInFlight = 0;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
          res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'not found', type: 'invalid_request_error', param: null, code: null } }));
          return;
        }
        const body = JSON.parse(raw) as ChatRequestBody;
        this.requests.push({ headers: req.headers, body });
        this.inFlight++;
        this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
        const a = this.answer(body);
        const send = () => {
          this.inFlight--;
          if (res.destroyed) return;
          if ('status' in a) {
            res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers }).end(JSON.stringify({ error: { ...a.error, param: null } }));
            return;
          }
          res.writeHead(200, { 'content-type': 'application/json' }).end(
            JSON.stringify({
              id: `chatcmpl-${this.requests.length}`,
              object: 'chat.completion',
              created: 1_767_225_600,
              model: body.model,
              choices: [{ index: 0, message: { role: 'assistant', content: a.content }, finish_reason: 'stop' }],
              usage: { prompt_tokens: 200, completion_tokens: 30, total_tokens: 230 },
            }),
          );
        };
        if ('content' in a && a.delayMs) setTimeout(send, a.delayMs).unref();
        else send();
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}
