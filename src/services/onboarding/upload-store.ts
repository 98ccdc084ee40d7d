/**
 * Uploaded mailboxes wait on disk only until their import, encrypted, readable by this user alone (0600 in
 * a 0700 folder). An upload holds the whole mailbox, school mail and everything else, so it is deleted as
 * soon as its import has finished, and the daily retention sweeps any left behind.
 *
 * At rest: AES-256-GCM, [12-byte IV][ciphertext][16-byte tag], under a key derived from the first
 * ENCRYPTION_KEYS key (or, without one in development, a key of this process: an upload then cannot outlive
 * a restart, which only means uploading again). For a scan or an import the file is decrypted, as a stream,
 * into a private temporary folder that is removed when the work is done.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, mkdir, mkdtemp, open, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Keyring } from '../../security/crypto.js';
import type { MailboxFormat } from './mailbox-upload.js';

export const UPLOAD_MAX_AGE_MS = 24 * 3600_000;
const TEMP_PREFIX = 'ft-upload-';
// Made on first use: Workers forbid random values at module scope (and never store uploads anyway).
let processKey: Buffer | null = null;

export function uploadKey(keyring: Keyring | null | undefined): Buffer {
  const master = keyring?.keys[keyring.current];
  if (master) return createHash('sha256').update('followthrough-upload-v1').update(master).digest();
  return (processKey ??= randomBytes(32));
}

const accountDir = (uploadDir: string, accountId: string) => join(uploadDir, accountId);

export async function saveUpload(uploadDir: string, accountId: string, format: MailboxFormat, bytes: Uint8Array, key: Buffer): Promise<{ id: string }> {
  const id = crypto.randomUUID();
  const dir = accountDir(uploadDir, accountId);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([iv, cipher.update(bytes), cipher.final(), cipher.getAuthTag()]);
  await writeFile(join(dir, `${id}.${format}.enc`), body, { mode: 0o600 });
  return { id };
}

async function findUpload(uploadDir: string, accountId: string, id: string): Promise<{ file: string; format: MailboxFormat } | null> {
  if (!/^[0-9a-f-]{36}$/.test(id)) return null;
  const names = await readdir(accountDir(uploadDir, accountId)).catch(() => [] as string[]);
  for (const format of ['mbox', 'eml'] as const) if (names.includes(`${id}.${format}.enc`)) return { file: join(accountDir(uploadDir, accountId), `${id}.${format}.enc`), format };
  return null;
}

/**
 * Runs `work` on a decrypted, private copy of the upload (a `.mbox` file or a folder with one `.eml`), and
 * removes the copy afterwards whatever happens. Null when there is no such upload.
 */
export async function withUpload<T>(uploadDir: string, accountId: string, id: string, key: Buffer, work: (path: string) => Promise<T>): Promise<T | null> {
  const found = await findUpload(uploadDir, accountId, id);
  if (!found) return null;
  const temp = await mkdtemp(join(tmpdir(), TEMP_PREFIX));
  try {
    const path = found.format === 'mbox' ? join(temp, 'upload.mbox') : join(temp, 'eml');
    if (found.format === 'eml') await mkdir(path, { mode: 0o700 });
    await decryptTo(found.file, found.format === 'mbox' ? path : join(path, 'message.eml'), key);
    return await work(path);
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

async function decryptTo(file: string, out: string, key: Buffer): Promise<void> {
  const { size } = await stat(file);
  const handle = await open(file, 'r');
  const head = Buffer.alloc(12);
  const tag = Buffer.alloc(16);
  try {
    await handle.read(head, 0, 12, 0);
    await handle.read(tag, 0, 16, size - 16);
  } finally {
    await handle.close();
  }
  const decipher = createDecipheriv('aes-256-gcm', key, head);
  decipher.setAuthTag(tag);
  const body = size > 28 ? createReadStream(file, { start: 12, end: size - 17 }) : Readable.from([]);
  await pipeline(body, decipher as unknown as Transform, createWriteStream(out, { mode: 0o600 }));
}

export async function hasUpload(uploadDir: string, accountId: string, id: string): Promise<boolean> {
  return (await findUpload(uploadDir, accountId, id)) !== null;
}

export async function deleteUpload(uploadDir: string, accountId: string, id: string): Promise<void> {
  const found = await findUpload(uploadDir, accountId, id);
  if (found) await rm(found.file, { force: true });
}

export async function deleteAccountUploads(uploadDir: string, accountId: string): Promise<void> {
  await rm(accountDir(uploadDir, accountId), { recursive: true, force: true });
}

/** The retention sweep: uploads older than a day, and decrypted copies a killed process left behind. */
export async function sweepUploads(uploadDir: string | null, now: Date, maxAgeMs = UPLOAD_MAX_AGE_MS): Promise<number> {
  let removed = 0;
  const old = async (path: string, age: number) => now.getTime() - (await stat(path).then((s) => s.mtimeMs, () => now.getTime())) > age;
  if (uploadDir) {
    for (const account of await readdir(uploadDir).catch(() => [] as string[])) {
      const dir = join(uploadDir, account);
      for (const name of await readdir(dir).catch(() => [] as string[])) {
        const path = join(dir, name);
        if (await old(path, maxAgeMs)) {
          await rm(path, { recursive: true, force: true });
          removed++;
        }
      }
    }
  }
  for (const name of await readdir(tmpdir()).catch(() => [] as string[])) {
    if (!name.startsWith(TEMP_PREFIX)) continue;
    const path = join(tmpdir(), name);
    if (await old(path, 3600_000)) {
      await rm(path, { recursive: true, force: true });
      removed++;
    }
  }
  return removed;
}
