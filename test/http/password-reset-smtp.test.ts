import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../helpers/app.js';
import { createTestDb } from '../helpers/db.js';
import { Client } from './client.js';

describe('password reset by SMTP', () => {
  let handle: Awaited<ReturnType<typeof createTestDb>>;
  let smtp: SMTPServer;
  const received: Array<{ to: string; subject: string; text: string }> = [];
  const logs: string[] = [];

  beforeAll(async () => {
    handle = await createTestDb();
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, _session, done) {
        simpleParser(stream)
          .then((m) => void received.push({ to: m.to && !Array.isArray(m.to) ? m.to.text : '', subject: m.subject ?? '', text: m.text ?? '' }))
          .then(() => done(), done);
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  });
  afterAll(async () => {
    await new Promise<void>((r) => smtp.close(() => r()));
    await handle?.close();
  });

  it('mails the link through SMTP_URL and logs neither the link nor the password', async () => {
    const port = (smtp.server.address() as AddressInfo).port;
    const app = testApp({
      db: handle.db,
      runtime: 'node',
      version: 'test',
      env: { SMTP_URL: `smtp://127.0.0.1:${port}`, SMTP_FROM: 'Followthrough <app@followthrough.test>', APP_URL: 'https://followthrough.test', NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) },
      log: (e) => void logs.push(JSON.stringify(e)),
    });
    const c = new Client(app);
    await c.page('/signup');
    await c.post('/signup', { email: 'smtp-parent@example.com', password: 'first password 123' });
    const anon = new Client(app);
    await anon.page('/reset');
    const res = await anon.post('/reset', { email: 'smtp-parent@example.com' });
    expect(res.status).toBe(200);
    expect(received).toHaveLength(1);
    expect(received[0]!.subject).toBe('Reset your Followthrough password');
    expect(received[0]!.text).toMatch(/https:\/\/followthrough\.test\/reset\/\S+/);
    expect(logs.join('\n')).not.toMatch(/\/reset\/|first password/);
    // An unknown address gets the same answer and no mail.
    const unknown = await anon.post('/reset', { email: 'nobody@example.com' });
    expect(unknown.status).toBe(200);
    expect(received).toHaveLength(1);
  });
});
