/**
 * Tone checker for letters to the school (spec §6: calm and factual — no accusation, blame, threat, sarcasm,
 * all-caps words, exclamation marks or emotional language). Used on template drafts, as the guardrail for
 * LLM drafts, and offered on text the parent writes. Pure: text in, findings out.
 *
 * Patterns are deliberately narrow where a word has a neutral everyday use in a parent's letter (a child
 * who "gets frustrated", "the underlying data", "I have not received", "Ms. Sue Park"): they fire on the
 * phrasing aimed at the reader, not on the word alone.
 */

export type ToneRule = 'exclamation' | 'all_caps' | 'threat' | 'accusation' | 'sarcasm' | 'emotional' | 'blame';

export interface ToneFinding {
  rule: ToneRule;
  /** Parent-readable explanation and what to do instead. */
  message: string;
  /** Span in the text, [start, end), for underlining. */
  start: number;
  end: number;
  /** text.slice(start, end) */
  match: string;
}

interface Pattern {
  rule: Exclude<ToneRule, 'all_caps' | 'exclamation'>;
  re: RegExp;
  message: string;
}

const MSG = {
  lawyer: 'Mentioning a lawyer can make the school defensive; keep it to the facts.',
  sue: 'Talk of suing or legal action reads as a threat and tends to stall cooperation; ask for what you need instead.',
  process:
    'Mentioning due process or a complaint reads as a threat; keep the letter to the request and the dates. You can still take those steps later.',
  illegal:
    'Calling something illegal reads as a threat; describe what happened and quote what the IEP says instead.',
  report: 'Saying you will report someone reads as a threat; ask for what you need instead.',
  liable: 'Holding people liable or accountable reads as a threat; state what you are asking for and by when.',
  lied: 'Saying someone lied puts them on the defensive; state what was said and what happened, with dates.',
  competence: 'Judging the staff makes people defensive; describe what happened instead, with dates.',
  ignored:
    'Saying you were ignored reads as an accusation; "I have not received a reply to my email of <date>" says the same thing calmly.',
  refuse:
    'Saying someone refuses reads as an accusation; state what you asked for and that you have not received it.',
  intent: 'This assigns bad intent; describe what happened and let the facts speak.',
  violate: 'Saying the school is violating the law or the IEP reads as an accusation; quote the IEP and describe what happened.',
  accuseOther: 'This reads as an accusation; a factual statement of what happened, with dates, is more persuasive.',
  blame: 'Assigning blame makes people defensive; state what has not happened yet and what you are asking for.',
  sarcasm: 'This can read as sarcastic in writing; say it plainly.',
  emotional:
    'Strong feelings are understandable, but a letter that sticks to facts and dates works better on the record.',
  exclamation: 'Exclamation marks can read as anger in a letter on file; a period keeps it calm.',
  allCaps: 'Words in capitals read as shouting; write them in normal case.',
} as const;

const YOU_SUBJECT = String.raw`(?:you|you've|you have|you had|the school|the district|the team|the staff|staff|the teachers?|school staff|the administration|they|they've|they have)`;

const PATTERNS: Pattern[] = [
  // ---- threat
  { rule: 'threat', re: /\b(?:lawyers?|attorneys?|legal counsel|law firm)\b/gi, message: MSG.lawyer },
  // "sue" only in lower case, so that "Sue" the speech therapist is not a threat; "Sue you" / "Sue the…" at a sentence start still is.
  { rule: 'threat', re: /\b(?:sue|sues|suing|sued)\b/g, message: MSG.sue },
  { rule: 'threat', re: /\bSue (?:you|the (?:school|district))\b/g, message: MSG.sue },
  { rule: 'threat', re: /\b(?:lawsuits?|litigation|legal action|legal steps|take (?:you|this|them|the (?:school|district)) to court|in court|courts?)\b/gi, message: MSG.sue },
  { rule: 'threat', re: /\b(?:due[- ]process|complaints?|mediation request)\b/gi, message: MSG.process },
  { rule: 'threat', re: /\bOCR\b|\bOffice (?:of|for) Civil Rights\b/g, message: MSG.process },
  { rule: 'threat', re: /\b(?:illegal(?:ly)?|unlawful(?:ly)?|against the law|breaking the law|break the law)\b/gi, message: MSG.illegal },
  { rule: 'threat', re: /\breport (?:you|this|the school|the district|the teachers?|(?:him|her|them)) to\b|\breport you\b/gi, message: MSG.report },
  { rule: 'threat', re: /\b(?:hold (?:you|the school|the district|them)(?: \w+)? (?:responsible|accountable|liable)|liable|liability|there will be consequences|go to the (?:media|press|news|school board))\b/gi, message: MSG.liable },

  // ---- accusation
  { rule: 'accusation', re: /\b(?:lied|lies to|lying|liars?|dishonest(?:y)?|cover(?:ed|ing)? (?:it |this |that )?up|cover-up)\b/gi, message: MSG.lied },
  { rule: 'accusation', re: /\b(?:negligen(?:t|ce)|incompeten(?:t|ce|cy)|unprofessional|inept)\b/gi, message: MSG.competence },
  {
    rule: 'accusation',
    re: /\b(?:(?:you|you've|you have|you are|you're|you keep|you kept|you continue to) (?:simply |just |completely )?ignor(?:ed|ing|e)|(?:emails?|requests?|messages?|letters?|calls?|questions?) (?:(?:has|have|had) )?(?:been |were |was |keep being )?(?:completely |totally )?ignored|ignored (?:my|our|me|us))\b/gi,
    message: MSG.ignored,
  },
  { rule: 'accusation', re: /\b(?:you|you've|you have|you are|you're|you keep|you continue to) (?:simply |just |still )?refus(?:e|ed|es|ing)\b|\brefuses to (?:respond|reply|answer|listen|communicate|help)\b/gi, message: MSG.refuse },
  { rule: 'accusation', re: /\b(?:deliberately|intentionally|on purpose|purposely|in bad faith)\b/gi, message: MSG.intent },
  { rule: 'accusation', re: /\bviolat(?:e|es|ed|ing|ion|ions)\b|\bdiscriminat(?:e|es|ed|ing|ion|ory)\b/gi, message: MSG.violate },
  { rule: 'accusation', re: /\byou (?:never|always|don't care|do not care|clearly don't|obviously don't|couldn't care less)\b/gi, message: MSG.accuseOther },

  // ---- blame
  { rule: 'blame', re: new RegExp(String.raw`\b${YOU_SUBJECT} (?:(?:has|have|had) )?(?:completely |repeatedly |again |once again |clearly |totally )?failed\b`, 'gi'), message: MSG.blame },
  { rule: 'blame', re: /\bfailure to (?:implement|provide|respond|reply|follow|comply|act)\b/gi, message: MSG.blame },
  { rule: 'blame', re: /\b(?:your fault|(?:the school's|the district's|the teacher's|their) fault|because of you|thanks to you|no thanks to you|you dropped the ball|dropped the ball|you didn't (?:even )?bother|you did not (?:even )?bother|you were supposed to|you let (?:him|her|them|us|me|my \w+) down|(?:do|doing) your jobs?)\b/gi, message: MSG.blame },
  { rule: 'blame', re: /\byou should have (?:known|done|told|called|informed|followed|provided|given|sent|listened|noticed|responded|replied|acted)\b/gi, message: MSG.blame },

  // ---- sarcasm
  { rule: 'sarcasm', re: /\b(?:obviously|clearly you|clearly nobody|as I'm sure you (?:know|are aware|can imagine)|as I am sure you (?:know|are aware)|as you (?:well|surely) know|thanks for nothing|shocking(?:ly)?|what a surprise|surprise,? surprise|yet again|as usual|for once|must be nice|funny how|heaven forbid|so-called|not that (?:you|anyone) (?:cares?|care)|if it's not too much (?:trouble|to ask)|if it is not too much (?:trouble|to ask)|I'm sure you're (?:very |so )?busy|(?:actually|finally) (?:bother|bothered|manage|managed|bothers)|thanks? (?:you )?in advance for (?:actually|finally)|I guess (?:you|someone|nobody|no one))\b/gi, message: MSG.sarcasm },

  // ---- emotional
  { rule: 'emotional', re: /\b(?:furious|outraged|outrageous|disgust(?:ed|ing)|unacceptable|ridiculous|appall(?:ed|ing)|livid|horrified|absurd|infuriat(?:ed|ing)|enraged|shameful|disgrace(?:ful)?|pathetic|unbelievable|sick and tired|fed up|at my wits'? end|at my wit's end|beyond (?:frustrated|upset|angry|disappointed))\b/gi, message: MSG.emotional },
  { rule: 'emotional', re: /\b(?:I am|I'm|I've been|I have been|I was|I feel|we are|we're|we've been|we have been|we feel|we were) (?:very |so |really |extremely |completely |incredibly |deeply |truly |just )?(?:angry|frustrated|upset|disappointed|heartbroken|devastated|hurt|shocked|disgusted|appalled|beside myself)\b/gi, message: MSG.emotional },
  { rule: 'emotional', re: /\b(?:this|that|it) is (?:absolutely |just |completely |totally |simply )?(?:terrible|horrible|awful|insane|crazy|a joke|a disgrace|a nightmare)\b/gi, message: MSG.emotional },
];

/** Upper-case tokens that are ordinary in school correspondence, never shouting. */
const ACRONYMS = new Set(
  (
    // IEP / 504 vocabulary
    'IEP IEPS IFSP IEE FBA BIP OT PT SLP SLPA COTA ESY FAPE LRE IDEA PWN ARD CSE CPSE SST ELA ELD ESL ELL EL ' +
    'ADHD ADD ASD OHI SLD SLI TBI ED EBD ID DD OCD ODD SPD APD CAPD DCD AT AAC ABA BCBA RBT PBIS MTSS RTI ' +
    'SDI RSP SDC SAI SPED MDR LEA SEA SELPA BOE CST PPT IPRC NOREP ETR ER MET APE PE PLOP PLAAFP PLEP ' +
    'GT AP IB SAT ACT PSAT STAAR MCAS SBAC CAASPP ELPAC NWEA MAP DIBELS WISC WIAT CTOPP BASC KTEA WJ CELF GFTA ' +
    'OCR FERPA ADA OSEP OSERS USDOE DOE CDE TEA FDOE NYSED ISBE PDE ' +
    // law and codes
    'CFR USC US USA UCC EC ARM COMAR NYCRR ILCS RSA MCL ORS RCW WAC OAC NMAC TAC KAR IAC CSR NCAC ARSD HRS NAC ' +
    'AS GS CGS MGL NRS ARS SDCL NDCC KSA CRS RSMO NJAC NJSA ' +
    // everyday
    'AM PM EST EDT CST CDT MST MDT PST PDT AKST HST UTC GMT ET CT MT PT ' +
    'DOB ID PDF DOC DOCX CC BCC RE FW FWD FYI ASAP PS NB TV OK PTA PTO PTSA K12 STEM MD RN NP LCSW LMFT PHD ' +
    'LLC INC YMCA ' +
    // state codes
    'AL AK AZ AR CA CO CT DE DC FL GA HI IA IL IN KS KY LA MA MD ME MI MN MO MS MT NC ND NE NH NJ NM NV NY OH OK ' +
    'OR PA PR RI SC SD TN TX UT VA VT WA WI WV WY'
  ).split(/\s+/),
);

const ROMAN = /^(?:X{0,3})(?:IX|IV|V?I{0,3})$/;

/** True for an upper-case token that is an ordinary acronym (IEP, OT, CFR, state codes…), not shouting. */
export function isAcronym(word: string): boolean {
  const base = word.replace(/['’]S$/, '').replace(/['’]$/, '');
  if (ACRONYMS.has(base)) return true;
  // plural of an acronym: "IEPS", "FBAS"
  if (base.endsWith('S') && ACRONYMS.has(base.slice(0, -1))) return true;
  return ROMAN.test(base);
}

function capsFindings(text: string): ToneFinding[] {
  // Tokens made of letters (and apostrophes), not glued to digits ("8VAC20", "K12" stay out).
  const tokenRe = /(?<![A-Za-z0-9])[A-Za-z][A-Za-z'’]*(?![A-Za-z0-9])/g;
  type Tok = { start: number; end: number; word: string; caps: boolean; acronym: boolean };
  const toks: Tok[] = [];
  for (const m of text.matchAll(tokenRe)) {
    const word = m[0].replace(/['’]+$/, '');
    const letters = word.replace(/['’]/g, '');
    const caps = letters.length >= 2 && letters === letters.toUpperCase() && /[A-Z]/.test(letters);
    toks.push({ start: m.index, end: m.index + word.length, word, caps, acronym: caps && isAcronym(word) });
  }
  const out: ToneFinding[] = [];
  let i = 0;
  while (i < toks.length) {
    if (!toks[i]!.caps) {
      i++;
      continue;
    }
    // A run of capitalised tokens separated only by spaces or hyphens: "THE IEP SAYS" is one shout.
    let j = i;
    while (j + 1 < toks.length && toks[j + 1]!.caps && /^[ \t-]+$/.test(text.slice(toks[j]!.end, toks[j + 1]!.start))) j++;
    let a = i;
    let b = j;
    while (a <= b && toks[a]!.acronym) a++;
    while (b >= a && toks[b]!.acronym) b--;
    if (a <= b) {
      const start = toks[a]!.start;
      const end = toks[b]!.end;
      out.push({ rule: 'all_caps', message: MSG.allCaps, start, end, match: text.slice(start, end) });
    }
    i = j + 1;
  }
  return out;
}

export function checkTone(text: string): ToneFinding[] {
  const findings: ToneFinding[] = [];
  for (const p of PATTERNS) {
    p.re.lastIndex = 0;
    for (const m of text.matchAll(p.re)) {
      findings.push({ rule: p.rule, message: p.message, start: m.index, end: m.index + m[0].length, match: m[0] });
    }
  }
  for (const m of text.matchAll(/[!¡]+(?:[?!]*)|\?+!+[?!]*/g)) {
    findings.push({ rule: 'exclamation', message: MSG.exclamation, start: m.index, end: m.index + m[0].length, match: m[0] });
  }
  findings.push(...capsFindings(text));

  // One finding per span and rule: drop matches of the same rule overlapping an earlier (or longer) one.
  findings.sort((x, y) => x.start - y.start || y.end - x.end || x.rule.localeCompare(y.rule));
  const kept: ToneFinding[] = [];
  for (const f of findings) {
    if (kept.some((k) => k.rule === f.rule && f.start < k.end && k.start < f.end)) continue;
    kept.push(f);
  }
  return kept;
}
