import { describe, expect, it } from 'vitest';
import { CryptoError, decryptSecret, encryptSecret, needsReencryption, parseKeyring } from '../../src/security/crypto.js';

const k = (byte: number) => Buffer.alloc(32, byte).toString('base64');

describe('token encryption at rest', () => {
  it('round-trips and uses a fresh IV each time', async () => {
    const ring = parseKeyring(`k1:${k(1)}`);
    const a = await encryptSecret('refresh-token-ü', ring);
    const b = await encryptSecret('refresh-token-ü', ring);
    expect(a).toMatch(/^v1\.k1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
    expect(await decryptSecret(a, ring)).toBe('refresh-token-ü');
  });

  it('rotation: decrypts blobs from any listed key, encrypts with the current (first) one', async () => {
    const old = parseKeyring(`k1:${k(1)}`);
    const blob = await encryptSecret('secret', old);
    const rotated = parseKeyring(`k2:${k(2)},k1:${k(1)}`);
    expect(rotated.current).toBe('k2');
    expect(await decryptSecret(blob, rotated)).toBe('secret');
    expect(needsReencryption(blob, rotated)).toBe(true);
    const fresh = await encryptSecret('secret', rotated);
    expect(fresh.startsWith('v1.k2.')).toBe(true);
    expect(needsReencryption(fresh, rotated)).toBe(false);
    await expect(decryptSecret(fresh, old)).rejects.toThrow(/unknown key "k2"/);
    expect(parseKeyring(`k2:${k(2)},k1:${k(1)}`, 'k1').current).toBe('k1');
  });

  it('tamper is a clear error: ciphertext, IV, relabelled key id, truncation', async () => {
    const ring = parseKeyring(`k1:${k(1)},k2:${k(1)}`);
    const blob = await encryptSecret('secret', ring);
    const [v, id, iv, body] = blob.split('.') as [string, string, string, string];
    const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    await expect(decryptSecret([v, id, iv, flip(body)].join('.'), ring)).rejects.toThrow(/failed authentication/);
    await expect(decryptSecret([v, id, flip(iv), body].join('.'), ring)).rejects.toThrow(CryptoError);
    // Same key bytes under another id still fails: the id is authenticated data.
    await expect(decryptSecret([v, 'k2', iv, body].join('.'), ring)).rejects.toThrow(/failed authentication/);
    await expect(decryptSecret([v, id, iv, body.slice(0, 10)].join('.'), ring)).rejects.toThrow(CryptoError);
    await expect(decryptSecret('v2.k1.x.y', ring)).rejects.toThrow(/not a v1/);
  });

  it('rejects bad keyrings', () => {
    expect(() => parseKeyring('')).toThrow(CryptoError);
    expect(() => parseKeyring(`k1:${Buffer.alloc(16).toString('base64')}`)).toThrow(/32 bytes/);
    expect(() => parseKeyring(`k.1:${k(1)}`)).toThrow(/invalid key id/);
    expect(() => parseKeyring(`k1:${k(1)},k1:${k(2)}`)).toThrow(/duplicate/);
    expect(() => parseKeyring(`k1:${k(1)}`, 'k9')).toThrow(/no current key/);
  });
});
