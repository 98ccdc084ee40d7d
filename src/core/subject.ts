// Reply/forward prefixes in the languages school mail arrives in, and the tags mail gateways add.
const PREFIX = /^\s*(?:(?:re|aw|sv|vs|antw|fw|fwd|wg|tr|rv|r|ref|res|enc)\s*(?:\[\d+\])?\s*[:：]|\[(?:external|ext|spam|caution|secure)\]|(?:external|caution)\s*:|\*\*\*\s*external\s*\*\*\*)\s*/i;

/** "RE: [EXTERNAL] Fwd: IEP meeting" → "iep meeting". */
export function normalizeSubject(subject: string): string {
  let s = subject ?? '';
  for (let i = 0; i < 10; i++) {
    const next = s.replace(PREFIX, '');
    if (next === s) break;
    s = next;
  }
  return s.replace(/\s+/g, ' ').trim().toLowerCase();
}

export function hasReplyPrefix(subject: string): boolean {
  return PREFIX.test(subject ?? '');
}
