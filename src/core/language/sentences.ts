/**
 * Sentences of a message's new text, with their paragraph, so a request's evidence is the parent's exact
 * sentence and its kind can look at the sentences around it.
 */
export interface Sentence {
  text: string;
  paragraph: number;
  index: number;
  /** The sentence is a bulleted or numbered list item. */
  bullet: boolean;
}

// Typographic apostrophes and quotes read as plain ones, so "I’d like" is "I'd like".
export const plain = (text: string): string => text.replace(/[’‘ʼ]/g, "'").replace(/[“”]/g, '"');

// "Hi Ms. Tate, do you know…", "Hi Ms. Mendes, the handbook is attached.": a greeting glued to a sentence is
// not part of what the sentence asks or answers.
export const GREETING_PREFIX = /^(dear|hi|hello|hey|good (morning|afternoon|evening))\b[^,.!?:]{0,40}(?:\.[^,!?:]{0,20})?[,:!]\s+(?=\S)/i;

// Abbreviations after which a period does not end a sentence.
// Citations in IEPs and rules ("see p. 7", "Ch. 5", "Educ. Code", "34 C.F.R.") and names ("Mx. Lee") included.
const ABBREV = /\b(?:mr|mrs|ms|mx|dr|prof|sr|jr|st|vs|etc|e\.g|i\.e|approx|dept|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|a\.m|p\.m|u\.s|min|mins|hr|hrs|wk|wks|ed|educ|sped|gr|rm|ext|cal|admin|p|pp|pg|vol|ch|reg|regs|stat|incl|(?:[a-z]\.)+[a-z])\.$/i;

/** The sentences of a text as strings, for drafts, provisions and evidence. */
export const sentenceTexts = (text: string): string[] => splitSentences(text).map((s) => s.text);

export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n+/)
    .map((p) => p.trim())
    .filter(Boolean);
  paragraphs.forEach((para, paragraph) => {
    // Bullets and numbered items are sentences of their own even without final punctuation.
    const lines = para.split('\n');
    const blocks: Array<{ text: string; bullet: boolean }> = [];
    let current = '';
    let currentBullet = false;
    const flush = () => {
      if (current) blocks.push({ text: current, bullet: currentBullet });
      current = '';
    };
    for (const line of lines) {
      const trimmed = line.trim();
      if (/^([-*•·●▪]|\d{1,2}[.)]|[a-z][.)])\s+/.test(trimmed)) {
        flush();
        current = trimmed.replace(/^([-*•·●▪]|\d{1,2}[.)]|[a-z][.)])\s+/, '');
        currentBullet = true;
      } else if (/^(dear|hi|hello|good (morning|afternoon|evening)|hey)\b.{0,60}[,:!]?$/i.test(trimmed) && !current) {
        blocks.push({ text: trimmed, bullet: false });
      } else if (currentBullet && current && /[:.]$/.test(current)) {
        // A plain line after a finished list item starts new prose.
        flush();
        current = trimmed;
        currentBullet = false;
      } else {
        current = current ? `${current} ${trimmed}` : trimmed;
      }
    }
    flush();
    for (const block of blocks) {
      for (const s of splitBlock(block.text)) out.push({ text: s, paragraph, index: out.length, bullet: block.bullet });
    }
  });
  return out;
}

const SENTENCE_START = /^(His|Her|Their|The|This|That|These|Those|We|I|I'm|I've|I'll|Please|Our|It|You|Your|They|She|He|If|Also|Thank|Thanks|Let|Attached|Can|Could|Would|Will|When|What)\b/;

function splitBlock(block: string): string[] {
  const parts: string[] = [];
  let start = 0;
  // Phone-typed mail starts sentences in lower case ("…every day. can you fix the pick up time", "…again. thats the
  // third time"): any word after a full stop opens a sentence, capitalised or not, unless the stop ends an
  // abbreviation (ABBREV below: "e.g. the blue ones", "at 10 a.m. tomorrow").
  const re = /([.!?…]+)(["'”’)\]]*)(\s+)(?=["'(\[]?[A-Za-z0-9])/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(block))) {
    const end = m.index + m[1]!.length + m[2]!.length;
    const candidate = block.slice(start, end);
    // "…at 10:00 a.m. His current BIP is attached.": a time's abbreviation ends the sentence when a sentence's
    // usual first word follows it.
    const timeThenStart = /\b[ap]\.m\.$/i.test(candidate) && SENTENCE_START.test(block.slice(end).trimStart());
    // "No." abbreviates a number only before one ("bus no. 31"); "the driver said no. Please…" ends a sentence.
    const numberAbbrev = /\bnos?\.$/i.test(candidate) && /^[\d#]/.test(block.slice(end).trim());
    if (m[1] === '.' && !timeThenStart && (ABBREV.test(candidate) || numberAbbrev || /\b[A-Z]\.$/.test(candidate) || /\d\.$/.test(candidate) && /^\d/.test(block.slice(end).trim()))) continue;
    parts.push(candidate.trim());
    start = end;
  }
  const rest = block.slice(start).trim();
  if (rest) parts.push(rest);
  return parts.filter((p) => /[A-Za-z]/.test(p));
}
