/**
 * Tokens at rest: AES-256-GCM through WebCrypto (`crypto.subtle`), so the same code runs on Node and Workers.
 *
 * Blob format: `v1.<keyId>.<iv b64url>.<ciphertext+tag b64url>`. The `v1.<keyId>` prefix is bound as
 * additional authenticated data, so a blob cannot be relabelled to another key id or version unnoticed.
 * Rotation: decrypt with whichever key the blob names, always encrypt with `current`.
 */
import { fromBase64, fromBase64Url, toBase64Url, utf8 } from './base64url.js';

export interface Keyring {
  current: string;
  keys: Record<string, Uint8Array>;
}

export class CryptoError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CryptoError';
  }
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const VERSION = 'v1';

/**
 * Parses `k1:<base64 32 bytes>,k2:<…>`. The first entry is the current (encrypting) key unless `current` names
 * another: to rotate, put the new key first and keep the old ones after it until every blob is re-encrypted.
 */
export function parseKeyring(env: string, current?: string): Keyring {
  const keys: Record<string, Uint8Array> = {};
  const order: string[] = [];
  for (const part of env.split(',').map((p) => p.trim()).filter(Boolean)) {
    const colon = part.indexOf(':');
    if (colon < 0) throw new CryptoError('keyring entry must be <keyId>:<base64 key>');
    const id = part.slice(0, colon).trim();
    if (!KEY_ID.test(id)) throw new CryptoError(`invalid key id "${id}"`);
    if (keys[id]) throw new CryptoError(`duplicate key id "${id}"`);
    let key: Uint8Array;
    try {
      key = fromBase64(part.slice(colon + 1));
    } catch (cause) {
      throw new CryptoError(`key "${id}" is not valid base64`, { cause });
    }
    if (key.length !== 32) throw new CryptoError(`key "${id}" must be 32 bytes, got ${key.length}`);
    keys[id] = key;
    order.push(id);
  }
  const chosen = current ?? order[0];
  if (!chosen || !keys[chosen]) throw new CryptoError('keyring has no current key');
  return { current: chosen, keys };
}

const imported = new WeakMap<Uint8Array, Promise<CryptoKey>>();
function importKey(raw: Uint8Array): Promise<CryptoKey> {
  let key = imported.get(raw);
  if (!key) {
    key = crypto.subtle.importKey('raw', raw, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
    imported.set(raw, key);
  }
  return key;
}

export async function encryptSecret(plaintext: string, keyring: Keyring): Promise<string> {
  const raw = keyring.keys[keyring.current];
  if (!raw) throw new CryptoError(`current key "${keyring.current}" is not in the keyring`);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const aad = utf8.encode(`${VERSION}.${keyring.current}`);
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: aad },
    await importKey(raw),
    utf8.encode(plaintext),
  );
  return `${VERSION}.${keyring.current}.${toBase64Url(iv)}.${toBase64Url(new Uint8Array(sealed))}`;
}

export async function decryptSecret(blob: string, keyring: Keyring): Promise<string> {
  const parts = blob.split('.');
  if (parts.length !== 4 || parts[0] !== VERSION) throw new CryptoError('not a v1 secret blob');
  const [version, keyId, ivText, bodyText] = parts as [string, string, string, string];
  const raw = keyring.keys[keyId];
  if (!raw) throw new CryptoError(`secret was encrypted with unknown key "${keyId}"`);
  let iv: Uint8Array;
  let body: Uint8Array;
  try {
    iv = fromBase64Url(ivText);
    body = fromBase64Url(bodyText);
  } catch (cause) {
    throw new CryptoError('secret blob is malformed', { cause });
  }
  if (iv.length !== 12 || body.length < 16) throw new CryptoError('secret blob is malformed');
  let opened: ArrayBuffer;
  try {
    opened = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv, additionalData: utf8.encode(`${version}.${keyId}`) },
      await importKey(raw),
      body,
    );
  } catch (cause) {
    throw new CryptoError('secret failed authentication (tampered, truncated or wrong key)', { cause });
  }
  return utf8.decode(new Uint8Array(opened));
}

/** True when the blob was sealed with an older key and should be re-encrypted with the current one. */
export function needsReencryption(blob: string, keyring: Keyring): boolean {
  return blob.split('.')[1] !== keyring.current;
}
