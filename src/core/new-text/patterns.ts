/**
 * Line-level detectors for quoted history and signature markers in plain-text email bodies.
 * Pure functions over arrays of lines; no I/O.
 */

export const isBlank = (line: string): boolean => /^[\s\u00a0]*$/.test(line);

/** A `>`-quoted line (leading whitespace allowed). */
export const isQuoted = (line: string): boolean => /^[ \t]*>/.test(line);

/** A rule line made only of dashes, underscores, equals signs, asterisks or box-drawing dashes. */
export const isRule = (line: string, min = 3): boolean =>
  new RegExp(`^[ \\t]*[-_=*\\u2014\\u2013\\u2500]{${min},}[ \\t]*$`).test(line);

// ---------------------------------------------------------------------------------------------
// Reply headers: "On … wrote:" and localized/clients' variants, possibly wrapped over 2-3 lines.

const REPLY_VERB =
  '(?:wrote|writes|has written|escribi[oó]|escreveu|a\\s+[ée]crit|schrieb|schreef|heeft geschreven|skrev(?:\\s+f[øo]lgende)?|' +
  'kirjoitti|napisa[łl](?:\\(a\\)|a)?|написал[аи]?|пишет|ha\\s+scritto|scrisse|[íi]rta|napsal[a]?|yazd[ıi]|kirjutas|ra[šs][eė]|' +
  'rakst[īi]ja|pisze|pise|пише|napisao|napisala|a scris|đã viết|έγραψε|写道|寫道|작성)';

/** The end of a reply header: the verb with an optional colon, or Zoho's "wrote ----". */
const REPLY_END = new RegExp(`${REPLY_VERB}\\s*[:：]?\\s*(?:-{2,})?\\s*$`, 'iu');
/** Header that ends with the quoted sender's address and a colon: `… <addr>:` (Gmail ISO, Yandex, Mail.ru …). */
const ADDRESS_END = /[>\])]\s*:\s*$/;
/** Where a reply header can begin. */
const REPLY_START =
  /^(?:-{2,}\s*)?(?:on|le|am|el|em|op|il|in data|w dniu|dnia|den|p[åa]|dne|v|в|le|\S{0,12}\s?\d|\d)(?:\s|$|\d|,)/iu;

export interface Span {
  start: number;
  /** index after the last line of the span */
  end: number;
}

const stripQuoteMarks = (line: string): string => line.replace(/^[ \t]*(?:>[ \t]?)+/, '');

/** Reply header ("On … wrote:", "Le … a écrit :", "<date>, Name <addr>:") starting at line i, joined over ≤ 3 lines. */
export function replyHeaderAt(lines: readonly string[], i: number): Span | null {
  const first = lines[i];
  if (first === undefined || isBlank(first) || isQuoted(first)) return null;
  const head = first.trim().replace(/^\*+|\*+$/g, '');
  if (!REPLY_START.test(head) && !/<[^<>\s]+@[^<>\s]+>/.test(head)) return null;
  let joined = '';
  for (let k = 0; k < 3; k++) {
    const line = lines[i + k];
    if (line === undefined || isBlank(line)) return null;
    // a wrapped header can put the closing ">" of the sender's address at the start of the next line
    const unclosed = (joined.match(/</g) ?? []).length > (joined.match(/>/g) ?? []).length;
    if (isQuoted(line) && !(k > 0 && unclosed)) return null;
    // a continuation may not follow a line that ends a sentence
    if (k > 0 && /[.!?]\s*$/.test(lines[i + k - 1] ?? '')) return null;
    joined = (joined ? `${joined} ` : '') + line.trim().replace(/^\*+|\*+$/g, '');
    if (joined.length > 320) return null;
    if (isReplyHeaderText(joined, lines[i + k + 1])) return { start: i, end: i + k + 1 };
  }
  return null;
}

function isReplyHeaderText(s: string, next: string | undefined): boolean {
  const evidence = /\d/.test(s) || /@/.test(s);
  if (!evidence) return false;
  const m = REPLY_END.exec(s);
  if (m) {
    // "wrote" without a colon only when something else marks it as a header
    const hasColon = /[:：]\s*(?:-{2,})?\s*$/.test(s) || /-{2,}\s*$/.test(s);
    if (!hasColon && !(next === undefined || isBlank(next) || /@/.test(s))) return false;
    // the verb must come after the date/sender, not inside a long sentence
    return s.length <= 300;
  }
  if (ADDRESS_END.test(s) && /@/.test(s) && /\d/.test(s)) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------
// Outlook-style header blocks: From:/Sent:/To:/Subject: and localized forms.

type HeaderKind = 'from' | 'date' | 'to' | 'cc' | 'subject' | 'other';

const HEADER_KEYS: ReadonlyArray<[HeaderKind, string]> = [
  ['from', 'from|từ|보낸 사람|de|von|van|da|od|от|fra|fr[åa]n|l[äa]hett[äa]j[äa]|felad[óo]|remitente|kimden|exp[ée]diteur|mittente|发件人|寄件者'],
  [
    'date',
    'sent|date|đã gửi|ngày|보낸 날짜|envoy[ée](?:\\s+le)?|gesendet|datum|verzonden|inviato|enviad[oa]|отправлено|дата|sendt|dato|skickat|data|wys[łl]ano|l[äa]hetetty|message du|fecha|k[üu]ld[öo]tt|发送时间|日期',
  ],
  ['to', 'to|đến|받는 사람|[àa]|an|aan|para|кому|til|till|do|vastaanottaja|per|destinataire|c[íi]mzett|kime|收件人'],
  ['cc', 'cc|bcc|copie\\s+[àa]|kopie|копия|copia|kopia|抄送'],
  ['subject', 'subject|chủ đề|제목|objet|sujet|betreff|onderwerp|oggetto|asunto|assunto|тема|emne|[äa]mne|temat|aihe|t[áa]rgy|konu|主题|主旨'],
  ['other', 'reply-to|importance|attachments|pi[èe]ces jointes|anh[äa]nge'],
];

const HEADER_LINE = new RegExp(
  `^[ \\t]*\\*?[ \\t]*(${HEADER_KEYS.map(([, k]) => k).join('|')})[ \\t]*\\*?[ \\t]*:[ \\t]*\\*?`,
  'iu',
);

const HEADER_KEY_RES: ReadonlyArray<[HeaderKind, RegExp]> = HEADER_KEYS.map(([kind, alt]) => [
  kind,
  new RegExp(`^(?:${alt})$`, 'iu'),
]);

export function headerKind(line: string): HeaderKind | null {
  const m = HEADER_LINE.exec(line);
  if (!m || m[1] === undefined) return null;
  const key = m[1].toLowerCase();
  for (const [kind, re] of HEADER_KEY_RES) if (re.test(key)) return kind;
  return null;
}

/** An Outlook-style header block starting at line i (From:/Sent:/To:/Subject: …). */
export function headerBlockAt(lines: readonly string[], i: number): Span | null {
  const first = lines[i];
  if (first === undefined || isQuoted(first) || headerKind(first) === null) return null;
  const kinds = new Set<HeaderKind>();
  let end = i;
  let text = '';
  let j = i;
  let gap = 0;
  while (j < lines.length && j < i + 16) {
    const line = lines[j] ?? '';
    if (isBlank(line)) {
      // tolerate one blank line between header lines (HTML-derived text)
      if (gap > 0) break;
      gap++;
      j++;
      continue;
    }
    const kind = headerKind(line);
    if (kind !== null) {
      kinds.add(kind);
      // several headers on one line ("À : x Objet : y")
      for (const part of line.split(/\s(?=\S+\s?:)/).slice(1)) {
        const k2 = headerKind(part);
        if (k2 !== null) kinds.add(k2);
      }
      end = j + 1;
      text += ` ${line}`;
      gap = 0;
      j++;
      continue;
    }
    // a wrapped header value (e.g. a long From: line broken before the address)
    const next = lines[j + 1];
    if (gap === 0 && next !== undefined && headerKind(next) !== null && line.trim().length < 120) {
      text += ` ${line}`;
      j++;
      continue;
    }
    break;
  }
  if (!kinds.has('from')) return null;
  const distinct = [...kinds].filter((k) => k !== 'other').length;
  const evidence = /@|\bmailto:|\d{1,2}[:.]\d{2}\b/i.test(text);
  if (distinct >= 3 && (evidence || distinct >= 4)) return { start: i, end };
  if (distinct >= 2 && /@|\bmailto:/i.test(text)) return { start: i, end };
  return null;
}

// ---------------------------------------------------------------------------------------------
// Separators and forward markers.

const ORIGINAL_WORDS =
  /(original|message|forward|nachricht|besked|origine|mensaje|messaggio|bericht|сообщение|meddelande|viesti|wiadomo|mensagem)/iu;

/** "-----Original Message-----", "---------- Forwarded message ---------", "-------- Message d'origine --------" … */
export function isOriginalMessageLine(line: string): boolean {
  const m = /^[ \t]*[-_=*]{2,}[ \t]*([^\d-][^-]{2,50}?)[ \t]*[-_=*]{2,}[ \t]*$/u.exec(line);
  if (m && m[1] !== undefined) return ORIGINAL_WORDS.test(m[1]) && m[1].split(/\s+/).length <= 5;
  return false;
}

/** "Begin forwarded message:", "Forwarded message:", localized Apple Mail forms. */
export function isForwardLine(line: string): boolean {
  return /^[ \t]*(?:begin forwarded message|forwarded message|d[ée]but du message (?:r[ée]exp[ée]di[ée]|transf[ée]r[ée])|anfang der weitergeleiteten nachricht|inicio del mensaje reenviado|in(?:í|i)cio da mensagem reencaminhada|doorgestuurd bericht)[ \t]*:?[ \t]*$/iu.test(
    line,
  );
}

// ---------------------------------------------------------------------------------------------
// Signature markers.

/** The RFC 3676 signature delimiter `-- ` (and the common bare `--`). */
export const isSigDelimiter = (line: string): boolean => /^[ \t]*--[ \t]*$/.test(line);

/** "Sent from my iPhone", "Get Outlook for iOS", "Gesendet von Outlook für Android" … */
export function isMobileSignature(line: string): boolean {
  const s = line
    .trim()
    .replace(/<[^>]*>/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .trim();
  if (s.length === 0 || s.length > 90) return false;
  if (/^sent from my\s+\S/i.test(s)) return true;
  // "Sent from Mail for Windows", "Enviado desde mi iPhone", "Envoyé de mon iPad", "Sent with Sparrow"
  const m =
    /^(?:sent|sendt|skickat|enviado|envoy[ée]|gesendet|inviato|verzonden|wys[łl]ane|отправлено)\s+(?:from|with|via|using|de|depuis|à partir de|von|mit|da|desde|met|vanaf|fra|fr[åa]n|z|с|из)\s+(?:(?:mon|mi|mein|meinem|il mio|mijn|min|mój|моего)\s+)?(\S+)/iu.exec(
      s,
    );
  if (m && m[1] !== undefined) {
    const app = m[1];
    // "SENT VIA EMAIL AND US MAIL", "Sent via certified mail": a formal letter's delivery line, not an app's.
    if (/^(e-?mail|mail|u\.?s\.?|usps|certified|fax|facsimile|hand|courier|first[- ]class|registered|electronic|regular)\b/i.test(app)) return false;
    const words = s.split(/\s+/).length;
    return (/^\p{Lu}/u.test(app) || /^i(?:Phone|Pad|OS)\b/.test(app)) && words <= 9 && !/[?]$/.test(s);
  }
  if (/^get (?:outlook|the \w+ app)\s+for\s+\S/i.test(s)) return true;
  if (/^von meine[mr]\s+.+\s+gesendet$/i.test(s)) return true;
  if (/^(?:sent|envoy[ée]) (?:from|de) (?:yahoo|aol|outlook|mail|gmail|samsung|xfinity|proton)/i.test(s)) return true;
  return false;
}

/** Footers of mailing lists and group services. */
export function isListFooterText(line: string): boolean {
  return /mailing list|mailman\/listinfo|listinfo|you (?:received|are receiving|have received) this (?:message |email |e-mail |notification )?because|to unsubscribe from this group|unsubscribe from this list|view this discussion on the web/i.test(
    line,
  );
}

/** A long rule (underscores/dashes) whose following lines are a mailing-list footer. */
export function listFooterRuleAt(lines: readonly string[], i: number): boolean {
  const line = lines[i] ?? '';
  if (!isRule(line, 10)) return false;
  let seen = 0;
  for (let j = i + 1; j < lines.length && seen < 4; j++) {
    const l = lines[j] ?? '';
    if (isBlank(l)) continue;
    seen++;
    if (isListFooterText(l)) return true;
  }
  return false;
}
