/**
 * Separating a message's new text from its quoted history and its signature (spec/product.md §2).
 *
 * Works on the plain-text body as mailparser gives it. The body is read line by line:
 * - quoted history starts at a reply header ("On … wrote:" and localized forms, wrapped or not), an
 *   Outlook-style header block (From:/Sent:/To:/Subject: and localized forms, bold or plain, after a
 *   "____" rule or not), an "-----Original Message-----" / forward marker, or a `>`-quoted line;
 * - when the history is `>`-quoted, unquoted paragraphs between (or after) the quoted blocks are the
 *   sender's inline answers and are new text; an unquoted line glued to a long quoted line is a broken
 *   wrap of the quote;
 * - a `-- ` line, a "Sent from my …" / "Get Outlook for …" line or a mailing-list footer ends the new text;
 * - each run of new text then loses its sign-off (closing + name/contact lines, a bare name at the end,
 *   confidentiality notices).
 */
import {
  headerBlockAt,
  isBlank,
  isForwardLine,
  isListFooterText,
  isMobileSignature,
  isOriginalMessageLine,
  isQuoted,
  isRule,
  isSigDelimiter,
  listFooterRuleAt,
  replyHeaderAt,
  type Span,
} from './new-text/patterns.js';
import { signatureStart } from './new-text/signature.js';

export interface NewTextParts {
  newText: string;
  quoted: string;
  signature: string;
}

type Role = 'new' | 'quoted' | 'sig';

/** A width a quoted line must reach, with the next word, for a line break after it to be a wrap. */
const WRAP_WIDTH = 60;

/** text = the plain-text body as mailparser's simpleParser gives it (parsed.text). */
export function splitNewText(text: string): NewTextParts {
  const lines = normalise(text).split('\n');
  const roles: Role[] = lines.map(() => 'new');
  markHistory(lines, roles);
  markSignatures(lines, roles);

  const segments: string[][] = [];
  let current: string[] | null = null;
  for (let i = 0; i < lines.length; i++) {
    if (roles[i] === 'new') {
      if (current === null) {
        current = [];
        segments.push(current);
      }
      current.push(lines[i] ?? '');
    } else if (!isBlank(lines[i] ?? '')) {
      current = null;
    }
  }
  const newText = segments
    .map((seg) => trimBlankLines(seg).join('\n'))
    .filter((s) => s.length > 0)
    .join('\n\n');
  return {
    newText,
    quoted: collect(lines, roles, 'quoted'),
    signature: collect(lines, roles, 'sig'),
  };
}

function normalise(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u200b\u200e\u200f\ufeff]/g, '')
    .split('\n')
    .map((l) => l.replace(/[\s\u00a0]+$/, ''))
    .join('\n');
}

function collect(lines: readonly string[], roles: readonly Role[], role: Role): string {
  return trimBlankLines(lines.filter((_, i) => roles[i] === role)).join('\n');
}

function trimBlankLines(seg: readonly string[]): string[] {
  let a = 0;
  let b = seg.length;
  while (a < b && isBlank(seg[a] ?? '')) a++;
  while (b > a && isBlank(seg[b - 1] ?? '')) b--;
  return seg.slice(a, b);
}

type Boundary = { kind: 'sig' | 'history'; span: Span };

/** A marker that starts the signature or the quoted history at line i. */
function boundaryAt(lines: readonly string[], i: number): Boundary | null {
  const line = lines[i] ?? '';
  if (isSigDelimiter(line) || isMobileSignature(line)) return { kind: 'sig', span: { start: i, end: i + 1 } };
  if (listFooterRuleAt(lines, i) || (isListFooterText(line) && /^\s*(?:you|to unsubscribe)/i.test(line)))
    return { kind: 'sig', span: { start: i, end: i + 1 } };
  if (isOriginalMessageLine(line) || isForwardLine(line)) {
    // the header block that usually follows belongs to the marker
    const j = nextNonBlank(lines, i + 1);
    const block = j >= 0 && j <= i + 2 ? headerBlockAt(lines, j) : null;
    return { kind: 'history', span: { start: i, end: block ? block.end : i + 1 } };
  }
  const reply = replyHeaderAt(lines, i);
  if (reply) return { kind: 'history', span: reply };
  const block = headerBlockAt(lines, i);
  if (block) return { kind: 'history', span: block };
  // a rule or a "Message du : …"-style line directly above a header block
  if (isRule(line) || /^[^:]{2,30}:/.test(line)) {
    const j = nextNonBlank(lines, i + 1);
    if (j >= 0 && j <= i + 2) {
      const next = headerBlockAt(lines, j);
      if (next) return { kind: 'history', span: { start: i, end: next.end } };
    }
  }
  return null;
}

function nextNonBlank(lines: readonly string[], from: number): number {
  for (let j = from; j < lines.length; j++) if (!isBlank(lines[j] ?? '')) return j;
  return -1;
}

/** Marks quoted history (and what follows a signature marker) in `roles`. */
function markHistory(lines: readonly string[], roles: Role[]): void {
  const rest = (from: number, role: Role): void => {
    for (let j = from; j < lines.length; j++) roles[j] = role;
  };
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (isBlank(line)) {
      i++;
      continue;
    }
    if (isQuoted(line)) {
      roles[i] = 'quoted';
      i++;
      // an unquoted run glued to a long quoted line is the quote's broken wrap
      if (i < lines.length && !isBlank(lines[i] ?? '') && !isQuoted(lines[i] ?? '') && isWrapOf(line, lines[i] ?? '')) {
        while (i < lines.length && !isBlank(lines[i] ?? '') && !isQuoted(lines[i] ?? '') && !boundaryAt(lines, i)) {
          roles[i] = 'quoted';
          i++;
        }
      }
      continue;
    }
    const b = boundaryAt(lines, i);
    if (!b) {
      i++;
      continue;
    }
    if (b.kind === 'sig') {
      // signature to the next history marker, history after it
      let j = b.span.end;
      for (; j < lines.length; j++) {
        const l = lines[j] ?? '';
        if (isQuoted(l)) break;
        const nb = isBlank(l) ? null : boundaryAt(lines, j);
        if (nb && nb.kind === 'history') break;
      }
      for (let k = i; k < j; k++) roles[k] = 'sig';
      rest(j, 'quoted');
      return;
    }
    for (let k = b.span.start; k < b.span.end; k++) roles[k] = 'quoted';
    const j = nextNonBlank(lines, b.span.end);
    if (j >= 0 && isQuoted(lines[j] ?? '')) {
      // `>`-quoted history: inline answers may follow
      i = j;
      continue;
    }
    rest(b.span.start, 'quoted');
    return;
  }
}

/** Whether `next` (unquoted, directly below the quoted line `quoted`) continues it after a broken wrap. */
function isWrapOf(quoted: string, next: string): boolean {
  const body = quoted.replace(/^[ \t]*(?:>[ \t]?)+/, '');
  if (body.trim().length === 0) return false;
  const firstWord = next.trim().split(/\s+/)[0] ?? '';
  if (quoted.trimEnd().length + 1 + firstWord.length > WRAP_WIDTH) return true;
  // a lower-case continuation of an unfinished quoted sentence
  return /^\p{Ll}/u.test(next.trim()) && !/[.!?:]["”')]?\s*$/.test(body);
}

/** Turns the sign-off at the end of each run of new text into signature. */
function markSignatures(lines: readonly string[], roles: Role[]): void {
  let i = 0;
  while (i < lines.length) {
    if (roles[i] !== 'new') {
      i++;
      continue;
    }
    // a run of new text
    const start = i;
    let end = i;
    while (end < lines.length && roles[end] === 'new') end++;
    const cut = signatureStart(lines.slice(start, end));
    for (let k = start + cut; k < end; k++) roles[k] = 'sig';
    i = end;
  }
}
