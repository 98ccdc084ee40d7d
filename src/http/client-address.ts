/**
 * The client's address for rate limits, read only as the deployment says it may be:
 * - `none` (Node default): the TCP peer. Any header can be forged by the client itself.
 * - `cloudflare` (always on Workers): `CF-Connecting-IP`, which Cloudflare sets and overwrites.
 * - `forwarded`: behind one reverse proxy of your own, the address that proxy appended last to
 *   `X-Forwarded-For` (the rightmost entry; the ones before it came from the client).
 */
import type { Context } from 'hono';

export type TrustedProxy = 'none' | 'cloudflare' | 'forwarded';

export function clientAddress(c: Context, runtime: 'node' | 'workers', trusted: TrustedProxy = 'none'): string {
  if (runtime === 'workers' || trusted === 'cloudflare') return c.req.header('cf-connecting-ip')?.trim() || 'unknown';
  if (trusted === 'forwarded') {
    const hops = (c.req.header('x-forwarded-for') ?? '').split(',').map((h) => h.trim()).filter(Boolean);
    if (hops.length) return hops[hops.length - 1]!;
  }
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'local';
}
