/**
 * Finding the sign-off at the end of a run of new text: a closing on its own line ("Thanks,", "Best
 * regards,") with the name and contact lines below it, a bare name (with contact lines) at the end, and
 * confidentiality notices / list footers. Pure functions over lines.
 */
import { isBlank, isListFooterText, isRule } from './patterns.js';

/** Closing words, tried longest first so that "Best regards" is not read as "Best" + a name. */
const CLOSING_ALTERNATIVES: readonly string[] = [
  'thanks', 'thank you', 'thank u', 'thx', 'ty', 'many thanks', 'much thanks', 'thanks again', 'thank you again',
  'thanks so much', 'thank you so much', 'thanks very much', 'thank you very much', 'thanks a lot', 'thanks a bunch',
  'thanks much', 'thanks in advance', 'thank you in advance', 'best', 'all best', 'all the best', 'best wishes',
  'best regards', 'kind regards', 'kindest regards', 'warm regards', 'warmest regards', 'warm wishes', 'regards',
  'many regards', 'respectfully', 'respectfully yours', 'respectfully submitted', 'sincerely', 'sincerely yours',
  'yours sincerely', 'yours truly', 'yours', 'cheers', 'warmly', 'take care', 'cordially', 'gratefully',
  'with gratitude', 'with appreciation', 'appreciatively', 'with thanks', 'in partnership', 'in service', 'be well',
  'stay well', 'have a (?:great|good|nice|wonderful) (?:day|weekend|evening|week)', 'v/r', 'vr', 'merci',
  'cordialement', 'bien (?:à vous|cordialement)', 'saludos', 'atentamente', 'gracias', 'muchas gracias', 'un saludo',
  'mit freundlichen gr(?:ü|ue)(?:ß|ss)en', 'viele gr(?:ü|ue)(?:ß|ss)e', 'liebe gr(?:ü|ue)(?:ß|ss)e',
  'gr(?:ü|ue)(?:ß|ss)e', 'cordiali saluti', 'saluti', 'grazie', 'met vriendelijke groet', 'groeten', 'obrigad[oa]',
  'atenciosamente', 'abra[çc]os', 'cảm ơn', 'xin cảm ơn', '谢谢', '감사합니다',
];
const CLOSING_WORDS = `(?:${[...CLOSING_ALTERNATIVES].sort((x, y) => y.length - x.length).join('|')})`;

/** A closing on a line of its own: "Thanks,", "Best regards,", "Thank you for your help,", "Thanks, Maria". */
const CLOSING = new RegExp(
  `^[-–—~\\s]*${CLOSING_WORDS}(?:\\s+(?:again|so much|very much))?` +
    `(?:\\s*[,.!]*\\s*(?:\\p{Lu}[\\p{L}'’.-]*\\.?(?:\\s+\\p{Lu}[\\p{L}'’.-]*\\.?){0,3}))?\\s*[,.!]*\\s*$`,
  'iu',
);
const CLOSING_PREFIX = new RegExp(`^[-–—~\\s]*${CLOSING_WORDS}(?:\\s+(?:again|so much|very much))?`, 'iu');
/** "Thank you for your help," / "Thanks for everything!" (a short line; a period makes it a sentence). */
const CLOSING_FOR = /^[-–—~\s]*(?:thanks|thank you)(?: (?:so|very) much)? for (?:\S+\s*){1,6}?[,!]?\s*$/iu;

export function isClosingLine(line: string): boolean {
  const s = line.trim();
  if (s.length === 0 || s.length > 60) return false;
  // the name part of the CLOSING regex is case-insensitive, so insist on capitals by hand
  const m = CLOSING_PREFIX.exec(s);
  if (!m) return CLOSING_FOR.test(s) && !/\.\s*$/.test(s);
  const rest = s.slice(m[0].length).trim();
  if (rest === '' || /^[,.!]+$/.test(rest)) return true;
  if (!CLOSING.test(s)) return false;
  const name = rest.replace(/^[,.!\s]+/, '').replace(/[,.!\s]+$/, '');
  return name.split(/\s+/).every((w) => /^\p{Lu}/u.test(w));
}

const NOT_NAMES = new Set(
  (
    'monday tuesday wednesday thursday friday saturday sunday january february march april may june july august ' +
    'september october november december hi hello dear hey yes no ok okay sure thanks thank please sorry regards ' +
    'school district elementary middle high academy department office center centre services education program ' +
    'team staff board county unified public'
  ).split(' '),
);

/** A short name line: "Maria Lopez", "-Abhishek Kona", "Ms. Lee", "J. Ortiz (Jacob's mom)". */
export function isNameLine(line: string): boolean {
  let s = line.trim().replace(/^[-–—~]+\s*/, '');
  // "Owen Marsh | Resource Room Teacher | Birchwood Middle School": the name is the first part
  if (/\s[|•·]\s/.test(s)) s = s.split(/\s[|•·]\s/)[0] ?? '';
  // "Jacob's mom", "Emma's Dad"
  if (/^\p{Lu}[\p{L}-]*['’]s (?:mom|mother|dad|father|parent|guardian|grandma|grandmother|grandpa|grandfather)[,.!]?$/iu.test(s))
    return /^\p{Lu}/u.test(s);
  s = s.replace(/\s*\([^)]{1,40}\)\s*$/, '').replace(/[,]$/, '').replace(/^\*+|\*+$/g, '').trim();
  // credentials after the name: "Rachel Imai, Ed.S., NCSP", "Marcus Bell, OTR/L", "Mary Lee, M.A., CCC-SLP"
  s = s.replace(/(?:,\s*(?:\p{Lu}[\p{L}]{0,3}\.?){1,4}(?:[/-]\p{Lu}+)*\.?)+$/u, '').trim();
  if (s.length === 0 || s.length > 40) return false;
  const words = s.split(/\s+/);
  if (words.length > 4) return false;
  let nameWords = 0;
  for (const w of words) {
    if (/^(?:mr|mrs|ms|miss|mx|dr|prof|sr|jr|ii|iii|iv)\.?$/i.test(w)) continue;
    if (/^(?:de|del|la|le|van|von|der|da|di|du|bin|al)$/.test(w)) continue;
    if (!/^\p{Lu}[\p{L}'’.-]*$/u.test(w)) return false;
    if (NOT_NAMES.has(w.toLowerCase().replace(/[.'’]/g, ''))) return false;
    nameWords++;
  }
  return nameWords >= 1;
}

const CONTACT =
  /@|https?:\/\/|www\.|\b\d{3}\)?[\s.-]*\d{3}[\s.-]*\d{4}\b|\+\d[\d\s().-]{7,}|^\s*(?:phone|tel|telephone|cell|mobile|fax|office|email|e-mail|ext|direct|main|voice|p|f|c|m|o|t|w)\b\.?\s*[:|]/i;

const DISCLAIMER_OPENER =
  /^[\s*_>[(]*(?:confidentiality|confidential|privileged|notice|public records?|student (?:information|records|privacy)|important|disclaimer|caution|warning|external (?:e-?mail|sender)|this (?:e-?mail|message|communication|transmission|electronic)|the (?:information|contents?) (?:contained )?(?:in|of) this|if you (?:are not|have received)|all (?:e-?mail|electronic)|under (?:the )?\S+ (?:law|public records)|pursuant|statement of confidentiality|privacy notice|ferpa|e-?mail correspondence|please consider the environment)/i;
/** Phrases that only legal notices use. */
const DISCLAIMER_PHRASES =
  /intended recipient|(?:may )?contains? confidential|protected (?:under|by) (?:FERPA|federal|state)|intended (?:solely |only )?for the (?:use|person|addressee|individual)|intended (?:solely|only) for|received this (?:e-?mail|message|communication|transmission) in error|in error,? please|notify (?:the )?sender|(?:strictly )?prohibited|public records? (?:law|act|request)|subject to (?:public|disclosure)|confidential (?:and|or) privileged|privileged (?:and|or) confidential|environment before printing|unsubscribe/i;

/** A paragraph that opens a confidentiality notice / legal footer / list footer. */
export function isDisclaimerStart(line: string, paragraph: string): boolean {
  if (isListFooterText(line)) return true;
  if (/^[\s*_[(]*(?:CONFIDENTIALITY|CONFIDENTIAL|DISCLAIMER|PRIVILEGED|PRIVACY NOTICE)\b/.test(line)) return true;
  return DISCLAIMER_OPENER.test(line) && DISCLAIMER_PHRASES.test(paragraph);
}

const SMALL_WORDS = new Set('of the and for & a an at in on to de la le du des y e et und der die das'.split(' '));

/** A line that can sit in a signature block: names, titles, schools, addresses, phones, links, mottos. */
export function isSignatureLikeLine(line: string): boolean {
  const s = line.trim();
  if (s.length === 0) return true;
  if (isRule(s) || /^[\s*_•|·-]+$/.test(s)) return true;
  if (CONTACT.test(s)) return true;
  if (/^\[(?:cid|image|https?):/i.test(s)) return true;
  if (/^(?:pronouns?\s*:|\(?(?:she|he|they)\/(?:her|him|them))/i.test(s)) return true;
  if (isClosingLine(s) || isNameLine(s)) return true;
  // a quoted motto: "Every child, every day."
  if (/^["“'][^"”]{2,80}["”']\s*$/.test(s) && s.length < 90) return true;
  const words = s.replace(/[|•·,]/g, ' ').split(/\s+/).filter(Boolean);
  if (words.length > 14) return false;
  const alpha = words.filter((w) => /^\p{L}/u.test(w) && !SMALL_WORDS.has(w.toLowerCase()));
  const caps = alpha.filter((w) => /^\p{Lu}/u.test(w)).length;
  const abbrevEnd = /(?:\b\p{Lu}\p{Ll}{0,3}\.|\b(?:\p{L}\.){2,})$/u.test(s);
  const sentenceEnd = /[.!?]["”']?$/.test(s) && !abbrevEnd;
  if (sentenceEnd) return false;
  if (alpha.length === 0) return true; // numbers, room numbers, zip codes
  if (/\|/.test(s)) return true; // "Jane Doe | Case Manager | Lincoln Elementary"
  return caps / alpha.length >= 0.6 && words.length <= 10;
}

/**
 * Where the sign-off begins in a run of new-text lines (lines.length when there is none).
 * Lines before the returned index stay new text; the rest is signature.
 */
export function signatureStart(lines: readonly string[]): number {
  let end = lines.length;
  // trailing blanks and rules
  const trimEnd = (): void => {
    while (end > 0 && (isBlank(lines[end - 1] ?? '') || isRule(lines[end - 1] ?? ''))) end--;
  };
  trimEnd();

  // 1. confidentiality notices / footers closing the text: walk paragraphs back from the end while they
  //    are notices (or signature-like lines between notices)
  {
    const paras = paragraphs(lines, end);
    let cut = -1;
    for (let p = paras.length - 1; p >= 0; p--) {
      const [a, b] = paras[p] ?? [0, 0];
      const first = lines[a] ?? '';
      const body = lines.slice(a, b).join(' ');
      if (isDisclaimerStart(first, body)) {
        cut = a;
        continue;
      }
      if (cut >= 0 && DISCLAIMER_PHRASES.test(body) && b - a <= 12) continue;
      if (cut < 0 && tailIsSignature(lines, a, b, 3)) continue; // e.g. a logo/link line after the notice
      break;
    }
    if (cut >= 0) {
      end = cut;
      trimEnd();
    }
  }

  // 2. a closing line followed only by signature-like lines
  for (let i = 0; i < end; i++) {
    const line = lines[i] ?? '';
    if (!isClosingLine(line)) continue;
    const prev = lines[i - 1] ?? '';
    // not the tail of a wrapped sentence
    if (prev.trim().length >= 60 && !/[.!?:)]["”']?\s*$/.test(prev)) continue;
    if (/[,;]\s*$/.test(prev) && !isBlank(prev)) continue;
    if (i === 0) {
      // nothing but a closing: keep it rather than empty the message, drop the name below it
      if (tailIsSignature(lines, 1, end, 25, 2)) return Math.min(end, 1);
      continue;
    }
    if (tailIsSignature(lines, i + 1, end, 25, 2)) return trimmedStart(lines, i);
  }

  // 3. a bare name (optionally with title/contact lines) ending the message
  for (let i = 1; i < end; i++) {
    const line = lines[i] ?? '';
    if (!isNameLine(line)) continue;
    const prev = lines[i - 1] ?? '';
    if (isBlank(prev)) {
      // the last paragraph: fine, unless it answers a "…:" lead-in
      const before = lastNonBlank(lines, i);
      if (before !== undefined && /:\s*$/.test(before)) continue;
    } else {
      // glued to the line above: only after a short line that is not itself a name (a list) or a lead-in
      if ((prev.trim().length > 50 && !/[.!?]["”')]?\s*$/.test(prev)) || isNameLine(prev) || /[:,;]\s*$/.test(prev) || isClosingLine(prev)) continue;
      // a sentence wrapped before a proper noun ("… the report from\nKaiser Permanente")
      if (/\b(?:from|to|the|a|an|and|or|with|of|at|by|for|in|on|about|as|is|are|was|were|be|my|our|your|his|her|their|dear|hi|hello)\s*$/i.test(prev)) continue;
      if (/^\s*[-*•]\s/.test(line)) continue;
    }
    if (/^\s*[-*•]\s/.test(line) && /^\s*[-*•]\s/.test(lastNonBlank(lines, i) ?? '')) continue;
    if (tailIsSignature(lines, i + 1, end, 12)) return trimmedStart(lines, i);
  }
  return end;
}

/** [start, end) of each paragraph (runs of non-blank lines) before `end`. */
function paragraphs(lines: readonly string[], end: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = -1;
  for (let i = 0; i <= end; i++) {
    const blank = i === end || isBlank(lines[i] ?? '') || isRule(lines[i] ?? '');
    if (!blank && start < 0) start = i;
    if (blank && start >= 0) {
      out.push([start, i]);
      start = -1;
    }
  }
  return out;
}

function lastNonBlank(lines: readonly string[], before: number): string | undefined {
  for (let j = before - 1; j >= 0; j--) {
    const l = lines[j] ?? '';
    if (!isBlank(l)) return l;
  }
  return undefined;
}

function trimmedStart(lines: readonly string[], i: number): number {
  let s = i;
  while (s > 0 && isBlank(lines[s - 1] ?? '')) s--;
  return s;
}

/**
 * Whether lines [from, end) can all belong to a signature. After a closing (`prose` > 0) a couple of short
 * sentences are tolerated once a name or contact line has been seen ("Please excuse typos.", "Go Tigers!").
 */
function tailIsSignature(lines: readonly string[], from: number, end: number, maxLines: number, prose = 0): boolean {
  let count = 0;
  let budget = prose;
  let seenSig = 0;
  for (let j = from; j < end; j++) {
    const l = lines[j] ?? '';
    if (isBlank(l)) continue;
    if (++count > maxLines) return false;
    if (isSignatureLikeLine(l)) {
      seenSig++;
      continue;
    }
    const t = l.trim();
    if (seenSig >= 2 && budget > 0 && t.length <= 120 && !/\?\s*$/.test(t) && !/^p\.?\s?s\b/i.test(t)) {
      budget--;
      continue;
    }
    return false;
  }
  return true;
}
