/**
 * A local OpenAI-compatible chat-completions server for the LLM drafter's tests. `mode` decides the answer:
 * a fluent rewrite that keeps every fact, or one of the ways a model goes wrong.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeMode = 'good' | 'fenced' | 'made_up_date' | 'threat' | 'drop_provision' | 'slow' | 'error500' | 'bad_shape';

/** The letter the prompt asks to rewrite (between the --- lines of prompts/draft-rewrite-user.md). */
export function letterOf(prompt: string): string {
  return /\n---\n([\s\S]*)\n---\n?$/.exec(prompt)?.[1] ?? '';
}

/** A fluent rewrite: new wording around the facts, every fact kept. */
export function rewriteWell(letter: string): string {
  return letter
    .replace(/^Hello,\n\n/, 'Good morning,\n\n')
    .replace(/On ([A-Z][a-z]+ \d{1,2}, \d{4}), I wrote to/, 'I am following up on my message of $1, in which I wrote to')
    .replace('I have not yet received a reply.', 'I have not received a reply so far.');
}

export class FakeOpenAi {
  mode: FakeMode = 'good';
  slowMs = 2_000;
  readonly requests: Array<{ authorization: string | undefined; body: { model: string; messages: Array<{ role: string; content: string }> } }> = [];
  private server: Server | null = null;

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/v1`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
          res.writeHead(404).end();
          return;
        }
        const body = JSON.parse(raw) as FakeOpenAi['requests'][number]['body'];
        this.requests.push({ authorization: req.headers.authorization, body });
        const letter = letterOf(body.messages.find((m) => m.role === 'user')?.content ?? '');
        const good = rewriteWell(letter);
        const reply = (content: string) =>
          res.writeHead(200, { 'content-type': 'application/json' }).end(
            JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion', model: body.model, choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }] }),
          );
        switch (this.mode) {
          case 'good':
            return reply(good);
          case 'fenced':
            return reply('```\n' + good + '\n```');
          case 'made_up_date':
            return reply(good.replace('\n\nThank you,', '\n\nWe also spoke about it on March 2, 2026.\n\nThank you,'));
          case 'threat':
            return reply(good.replace('\n\nThank you,', '\n\nOtherwise I will have to contact my lawyer.\n\nThank you,'));
          case 'drop_provision':
            return reply(good.replace(/\n\n[^\n]*IEP \([^\n]*states: "[^\n]*"\n/, '\n'));
          case 'slow':
            setTimeout(() => reply(good), this.slowMs).unref();
            return;
          case 'error500':
            return res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'overloaded' } }));
          case 'bad_shape':
            return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ choices: [] }));
        }
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}
