/**
 * A real SMTP server (the smtp-server package) for the send tests: authentication, STARTTLS with a certificate
 * made for this run, and the failures exactly-once sending must survive, chosen per test.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

const run = promisify(execFile);

export type SmtpBehaviour = 'accept' | 'temporary' | 'permanent' | 'cut-after-data';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: Buffer;
}

export interface TestSmtp {
  host: string;
  port: number;
  ca: string;
  user: string;
  password: string;
  received: ReceivedMail[];
  behaviour: SmtpBehaviour;
  /** Called with each accepted message before the reply (e.g. to file a copy in Sent, as Gmail does). */
  onAccepted: ((mail: ReceivedMail) => Promise<void>) | null;
  stop(): Promise<void>;
}

export async function startSmtp(opts: { user?: string; password?: string } = {}): Promise<TestSmtp> {
  const dir = await mkdtemp(join(tmpdir(), 'ft-smtp-'));
  await run('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
  ]);
  const [key, cert] = await Promise.all([readFile(join(dir, 'key.pem')), readFile(join(dir, 'cert.pem'), 'utf8')]);
  await rm(dir, { recursive: true, force: true });
  const state: TestSmtp = {
    host: '127.0.0.1',
    port: 0,
    ca: cert,
    user: opts.user ?? 'parent@family.test',
    password: opts.password ?? 'smtp-app-password',
    received: [],
    behaviour: 'accept',
    onAccepted: null,
    stop: async () => {},
  };
  const server = new SMTPServer({
    key,
    cert,
    secure: false,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === state.user && auth.password === state.password) cb(null, { user: auth.username });
      else cb(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, cb) {
      if (state.behaviour === 'permanent') return cb(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
      cb();
    },
    onData(stream, session: SMTPServerSession, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        if (state.behaviour === 'temporary') return cb(Object.assign(new Error('Try again later'), { responseCode: 451 }));
        const mail: ReceivedMail = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
        };
        state.received.push(mail);
        if (state.onAccepted) await state.onAccepted(mail);
        // Accepted, then the connection dies before the 250 reaches the client: the unknown outcome.
        if (state.behaviour === 'cut-after-data') {
          (session as unknown as { _socket?: { destroy(): void } })._socket?.destroy();
          for (const s of connections) s.destroy();
          return;
        }
        cb();
      });
    },
  });
  const connections = new Set<import('node:net').Socket>();
  server.server.on('connection', (s: import('node:net').Socket) => {
    connections.add(s);
    s.on('close', () => connections.delete(s));
  });
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.server.address() as AddressInfo).port;
  state.stop = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}
