/**
 * Exchange's conversation threading for a reply sent as MIME. Exchange files a message in a conversation by its
 * conversation index (PidTagConversationIndex, the `Thread-Index` header; Graph: message.conversationIndex),
 * whose 16-byte GUID is the conversation ([MS-OXOMSG] 2.2.1.3 "PidTagConversationIndex Property"; the
 * conversation id is computed from that GUID, [MS-OXOMSG] 2.2.1.2 "PidTagConversationId"). A MIME message
 * without `Thread-Index` gets a fresh index, so the parent's own Outlook shows our follow-up apart from the
 * school's message. A reply's index is its parent's followed by one 5-byte child block
 * ([MS-OXOMSG] 2.2.1.3, "Response Level"): a 1-bit code, a 31-bit time delta from the header block's time,
 * a 4-bit random number and a 4-bit sequence count.
 *
 * Pure: the time and the random nibble are passed in, so a retry of the same send builds the same bytes.
 */

/** FILETIME: 100 ns intervals since 1601-01-01 UTC. */
function filetime(d: Date): bigint {
  return (BigInt(d.getTime()) + 11_644_473_600_000n) * 10_000n;
}

/** The index of a reply to a message whose index is `parent` (base64), at `now`; null if `parent` is not one. */
export function replyThreadIndex(parent: string, now: Date, nibble: number): string | null {
  const bytes = Buffer.from(parent, 'base64');
  // A header block (22 bytes) and whole child blocks (5 bytes each).
  if (bytes.length < 22 || (bytes.length - 22) % 5 !== 0) return null;
  // The header's time: bytes 0–5 hold the top 48 bits of a FILETIME (byte 0, "reserved", is 0x01 for any
  // present-day time), the low 16 bits dropped.
  let headerTime = 0n;
  for (let i = 0; i < 6; i++) headerTime = (headerTime << 8n) | BigInt(bytes[i]!);
  headerTime <<= 16n;
  const delta = filetime(now) - headerTime;
  if (delta < 0n) return Buffer.concat([bytes, Buffer.from([0, 0, 0, 0, nibble & 0xf0])]).toString('base64');
  // Code 0: the delta's bits 48–18; code 1 (more than about 1.6 years later): bits 53–23.
  const far = delta >> 49n !== 0n;
  const bits = Number((far ? delta >> 23n : delta >> 18n) & 0x7fffffffn);
  const word = ((far ? 0x80000000 : 0) | bits) >>> 0;
  const child = Buffer.alloc(5);
  child.writeUInt32BE(word, 0);
  child[4] = ((nibble & 0x0f) << 4) | (((bytes.length - 22) / 5 + 1) & 0x0f);
  return Buffer.concat([bytes, child]).toString('base64');
}

/** The conversation's GUID in an index (hex), or null when it is not a conversation index. */
export function conversationGuid(index: string): string | null {
  const bytes = Buffer.from(index, 'base64');
  return bytes.length >= 22 ? bytes.subarray(6, 22).toString('hex') : null;
}

/** Thread-Topic: the subject without reply and forward prefixes. */
export function threadTopic(subject: string): string {
  return subject.replace(/^(\s*(re|fw|fwd|aw|wg|sv|vs)\s*(\[\d+\])?\s*:\s*)+/i, '').trim();
}

/**
 * The raw message with `Thread-Index` and `Thread-Topic` added to its header (replacing any there). The body,
 * and every other header, stay byte for byte as composed.
 */
export function withThreadHeaders(raw: Uint8Array, index: string, topic: string): Uint8Array {
  const buf = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return raw;
  const head = buf
    .subarray(0, end)
    .toString('latin1')
    .replace(/^Thread-(Index|Topic):[^\r\n]*(\r\n[ \t][^\r\n]*)*\r\n?/gim, '');
  // Thread-Topic is a header value: non-ASCII as an RFC 2047 encoded word, never raw bytes.
  const safeTopic = /^[\x20-\x7e]*$/.test(topic) ? topic : `=?UTF-8?B?${Buffer.from(topic, 'utf8').toString('base64')}?=`;
  const added = `\r\nThread-Topic: ${safeTopic}\r\nThread-Index: ${index}`;
  return new Uint8Array(Buffer.concat([Buffer.from(head.replace(/\r\n$/, '') + added, 'latin1'), buf.subarray(end)]));
}
