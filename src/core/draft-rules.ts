/**
 * The rules of spec §6 as checks on a finished draft. The eval reports the share of drafts passing every
 * rule; the LLM drafter uses them as its guardrail (a rewrite that fails any rule falls back to the
 * template). Every check looks at the draft itself against the facts, so each one can fail.
 */
import type { Draft, DraftInput } from './drafting.js';
import {
  KIND_KEYWORDS,
  cleanEvidence,
  countWords,
  formatLongDate,
  isCommitmentOnly,
  localDate,
  MAX_WORDS,
  normalizeQuoted,
  replySubject,
  sectionLabel,
  splitSentences,
} from './drafting.js';
import { checkTone } from './tone.js';

/** The rules, in the order checkDraft reports them. */
export const DRAFT_RULE_IDS = [
  'thread',
  'recipients',
  'subject',
  'names_child',
  'request_date',
  'restates_ask',
  'quotes_provision',
  'quotes_commitment',
  'cites_law',
  'one_ask_with_date',
  'written_reply',
  'tone',
  'length',
  'first_person',
  'signature',
] as const;
export type DraftRuleId = (typeof DRAFT_RULE_IDS)[number];

export interface DraftRuleResult {
  rule: DraftRuleId;
  ok: boolean;
  detail?: string;
}

interface Quote {
  start: number;
  end: number;
  inner: string;
}

/** Double-quoted spans ("…" or “…”), on one line. */
function findQuotes(body: string): Quote[] {
  const out: Quote[] = [];
  for (const m of body.matchAll(/"([^"\n]*)"|“([^”\n]*)”/g)) {
    out.push({ start: m.index, end: m.index + m[0].length, inner: m[1] ?? m[2] ?? '' });
  }
  return out;
}

function stripEnd(s: string): string {
  return s.replace(/[\s.,;:!?]+$/, '');
}

/** The quote's pieces between ellipses, in order, each without closing punctuation. */
function fragments(inner: string): string[] {
  return normalizeQuoted(inner)
    .split(/…|\.\.\./)
    .map((f) => stripEnd(f.trim()))
    .filter((f) => f.length > 0);
}

/** Quoted verbatim from `source` (pieces in order; an ellipsis marks what was left out). */
function quotedFrom(inner: string, source: string | null | undefined): boolean {
  if (!source) return false;
  const src = normalizeQuoted(source);
  const frags = fragments(inner);
  if (frags.length === 0) return false;
  let at = 0;
  for (const f of frags) {
    const i = src.indexOf(f, at);
    if (i < 0) return false;
    at = i + f.length;
  }
  return true;
}

/** The provision quoted whole, as its first sentence, or (only for a very long one) as its opening words followed by an ellipsis. */
function quotesProvision(inner: string, text: string): boolean {
  const full = stripEnd(normalizeQuoted(text));
  const first = stripEnd(normalizeQuoted(splitSentences(normalizeQuoted(text))[0] ?? text));
  const q = normalizeQuoted(inner);
  const truncated = /(?:…|\.\.\.)$/.test(q);
  const body = stripEnd(q.replace(/(?:…|\.\.\.)$/, ''));
  if (!truncated) return body === full || body === first;
  if (!full.startsWith(body) || countWords(body) < 10) return false;
  const next = full.charAt(body.length);
  return next === '' || /[\s,;:.)—–-]/.test(next);
}

function sameSet(a: string[], b: string[]): boolean {
  const norm = (xs: string[]) => [...new Set(xs.map((x) => x.trim().toLowerCase()).filter(Boolean))].sort();
  const x = norm(a);
  const y = norm(b);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function occurrences(haystack: string, needle: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  if (!needle) return out;
  const re = new RegExp(escapeRe(needle).replace(/\s+/g, '\\s+'), 'gi');
  for (const m of haystack.matchAll(re)) out.push([m.index, m.index + m[0].length]);
  return out;
}

/** The body with every quotation replaced by a numbered placeholder (QUOTED0, QUOTED1…), so the parent's and the school's words are not taken for the draft's own. */
function unquoted(body: string, quotes: Quote[]): string {
  let out = '';
  let at = 0;
  quotes.forEach((q, i) => {
    out += body.slice(at, q.start) + `QUOTED${i}` + (/[.?!]['’]?$/.test(q.inner.trim()) ? '.' : '');
    at = q.end;
  });
  return out + body.slice(at);
}

function wordSet(s: string): Set<string> {
  return new Set(s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
}

/** Share of the quote's words found in the source: which text a misquotation was meant to be. */
function resemblance(quote: string, source: string | null | undefined): number {
  if (!source) return -1;
  const q = wordSet(quote);
  if (q.size === 0) return 0;
  const src = wordSet(source);
  let n = 0;
  for (const w of q) if (src.has(w)) n++;
  return n / q.size;
}

const ASK_START =
  /^(?:please|could you|would you|can you|will you|kindly|may I ask|I ask that|I am asking|I'm asking|I request|I am requesting|I'm requesting|I would appreciate|I'd appreciate|I would be grateful|I'd be grateful|let me know)\b/i;

const LEGAL_REFERENCE =
  /§|\bC\.?F\.?R\b|\bU\.?S\.?C\b|\bEduc(?:ation)?\.? Code\b|\bIDEA\b|\bIndividuals with Disabilities Education\b|\bstatut\w*|\bregulations?\b|\bthe law\b|\blegally\b/i;

function isAsk(sentence: string): boolean {
  return /\?\s*$/.test(sentence) || ASK_START.test(sentence);
}

function sentencesOf(text: string): string[] {
  return text.split(/\n\s*\n/).flatMap((para) => splitSentences(para.replace(/\s+/g, ' ').trim()));
}

export function checkDraft(draft: Draft, facts: DraftInput): DraftRuleResult[] {
  const results: DraftRuleResult[] = [];
  const add = (rule: DraftRuleId, ok: boolean, detail?: string) =>
    results.push(detail === undefined ? { rule, ok } : { rule, ok, detail });
  const body = draft.body;
  const quotes = findQuotes(body);
  const plain = unquoted(body, quotes);

  // Classify quotations by source.
  const provisionQuotes = facts.provision ? quotes.filter((q) => quotesProvision(q.inner, facts.provision!.text)) : [];
  const commitmentQuotes = facts.commitment ? quotes.filter((q) => quotedFrom(q.inner, facts.commitment!.text)) : [];
  const evidence = cleanEvidence(facts.request.evidence);
  const unknownQuotes = quotes.filter(
    (q) =>
      !provisionQuotes.includes(q) &&
      !commitmentQuotes.includes(q) &&
      !quotedFrom(q.inner, evidence) &&
      !quotedFrom(q.inner, facts.rule?.citation) &&
      !quotedFrom(q.inner, facts.rule?.summary),
  );
  const commitmentOnly = isCommitmentOnly(facts);
  // A quotation found nowhere is charged to the rule of the text it most resembles (ties: the request).
  const misquoted = { request: [] as Quote[], provision: [] as Quote[], commitment: [] as Quote[] };
  for (const q of unknownQuotes) {
    const r = resemblance(q.inner, evidence);
    const p = resemblance(q.inner, facts.provision?.text);
    const c = resemblance(q.inner, facts.commitment?.text);
    if (p > r && p >= c) misquoted.provision.push(q);
    else if ((c > r || (commitmentOnly && c === r)) && c > p) misquoted.commitment.push(q);
    else misquoted.request.push(q);
  }
  // Quotations that say what was asked: the parent's own words, or, for a promise with no request of the
  // parent behind it, the school's promise.
  const evidenceQuoteIdx = new Set(
    quotes.flatMap((q, i) =>
      (commitmentOnly && commitmentQuotes.includes(q)) ||
      (!provisionQuotes.includes(q) && !commitmentQuotes.includes(q) && quotedFrom(q.inner, evidence))
        ? [i]
        : [],
    ),
  );

  // thread
  {
    const problems: string[] = [];
    const last = facts.thread.lastMessageId;
    if (draft.requestId !== facts.request.id) problems.push(`requestId ${draft.requestId} is not ${facts.request.id}`);
    if (draft.inReplyTo !== last) problems.push(`In-Reply-To ${draft.inReplyTo} is not the last message ${last}`);
    if (draft.references[draft.references.length - 1] !== last) problems.push('References does not end with the last message');
    if (new Set(draft.references).size !== draft.references.length) problems.push('References repeats an id');
    let at = 0;
    for (const ref of facts.thread.references) {
      const i = draft.references.indexOf(ref, at);
      if (i < 0) {
        problems.push(`References lacks ${ref} (or has it out of order)`);
        break;
      }
      at = i + 1;
    }
    add('thread', problems.length === 0, problems.join('; ') || undefined);
  }

  // recipients
  {
    const toLower = new Set(facts.to.map((a) => a.trim().toLowerCase()));
    const expectedCc = facts.cc.filter((a) => !toLower.has(a.trim().toLowerCase()));
    const problems: string[] = [];
    if (draft.to.length === 0) problems.push('no recipient');
    if (!sameSet(draft.to, facts.to)) problems.push(`To is [${draft.to.join(', ')}], expected [${facts.to.join(', ')}]`);
    if (!sameSet(draft.cc, expectedCc)) problems.push(`Cc is [${draft.cc.join(', ')}], expected [${expectedCc.join(', ')}]`);
    add('recipients', problems.length === 0, problems.join('; ') || undefined);
  }

  // subject
  {
    const expected = replySubject(facts.request.subject);
    add('subject', draft.subject === expected, draft.subject === expected ? undefined : `expected "${expected}"`);
  }

  // names_child
  {
    const name = facts.childName?.trim();
    if (!name) add('names_child', true, 'no child name on file');
    else {
      const ok = new RegExp(`(?<![\\p{L}])${escapeRe(name)}(?![\\p{L}])`, 'u').test(body);
      add('names_child', ok, ok ? undefined : `"${name}" does not appear`);
    }
  }

  // request_date
  {
    const date = formatLongDate(localDate(facts.request.sentAt, facts.timezone));
    const ok = body.includes(date);
    add('request_date', ok, ok ? undefined : `the request date "${date}" does not appear`);
  }

  // restates_ask: a sentence other than the ask says what was asked — in the draft's own words naming the kind
  // of request, or by quoting the parent's own sentence — and no quotation misstates the request.
  {
    const sectionWords = facts.provision ? [facts.provision.section, sectionLabel(facts.provision.section)] : [];
    let cited = plain;
    if (facts.rule) for (const [a, b] of occurrences(plain, facts.rule.citation).reverse()) cited = cited.slice(0, a) + 'CITATION' + cited.slice(b);
    const restating = sentencesOf(cited).filter((sentence) => {
      if (isAsk(sentence)) return false;
      // The citation's sentence states the law, not the request.
      if (sentence.includes('CITATION')) return false;
      if ([...sentence.matchAll(/QUOTED(\d+)/g)].some((m) => evidenceQuoteIdx.has(Number(m[1])))) return true;
      let own = sentence.replace(/QUOTED\d+/g, ' ');
      for (const sec of sectionWords) for (const [a, b] of occurrences(own, sec).reverse()) own = own.slice(0, a) + own.slice(b);
      return KIND_KEYWORDS[facts.request.kind].test(own);
    });
    const problems: string[] = [];
    if (restating.length === 0 && !commitmentOnly)
      problems.push(`no sentence besides the ask says what was asked (${facts.request.kind})`);
    for (const q of misquoted.request) problems.push(`quotation not found in the request: "${q.inner}"`);
    add('restates_ask', problems.length === 0, problems.join('; ') || undefined);
  }

  // quotes_provision
  {
    const p = facts.provision;
    if (!p) {
      const claims = /\b(?:IEP|504 plan|plan)\b[^.?!\n]{0,80}\b(?:states|says|provides|reads|requires|lists)\b/i.exec(plain);
      add('quotes_provision', !claims, claims ? `no provision was given, but the draft says "${claims[0]}"` : 'no provision applies');
    } else {
      const problems: string[] = [];
      if (provisionQuotes.length === 0) problems.push('the IEP provision is not quoted verbatim');
      for (const q of misquoted.provision) problems.push(`quotation differs from the IEP: "${q.inner}"`);
      const section = sectionLabel(p.section);
      if (section && occurrences(plain, section).length === 0 && occurrences(plain, p.section).length === 0)
        problems.push(`the section "${section}" is not named`);
      if (p.page != null && !new RegExp(`\\b(?:page|p\\.)\\s*${p.page}\\b`, 'i').test(plain))
        problems.push(`page ${p.page} is not named`);
      add('quotes_provision', problems.length === 0, problems.join('; ') || undefined);
    }
  }

  // quotes_commitment
  {
    const c = facts.commitment;
    if (!c) add('quotes_commitment', true, 'no commitment');
    else {
      const problems: string[] = [];
      if (commitmentQuotes.length === 0) problems.push("the school's promise is not quoted");
      for (const q of misquoted.commitment) problems.push(`quotation differs from the school's reply: "${q.inner}"`);
      if (!body.includes(formatLongDate(c.dueDate))) problems.push(`its date ${formatLongDate(c.dueDate)} does not appear`);
      add('quotes_commitment', problems.length === 0, problems.join('; ') || undefined);
    }
  }

  // cites_law
  {
    const allowed = facts.rule != null && facts.citeLaw;
    if (allowed) {
      const ok = occurrences(plain, facts.rule!.citation).length > 0;
      add('cites_law', ok, ok ? undefined : `the citation "${facts.rule!.citation}" does not appear`);
    } else {
      const cited = facts.rule && occurrences(plain, facts.rule.citation).length > 0;
      const legal = LEGAL_REFERENCE.exec(plain);
      const why = facts.rule ? 'the parent has turned citing the law off' : 'no statutory rule applies';
      add(
        'cites_law',
        !cited && !legal,
        cited ? `cites ${facts.rule!.citation} but ${why}` : legal ? `refers to law ("${legal[0]}") but ${why}` : undefined,
      );
    }
  }

  // one_ask_with_date
  const asks = sentencesOf(plain).filter(isAsk);
  {
    const by = formatLongDate(facts.respondBy);
    const problems: string[] = [];
    if (asks.length !== 1) problems.push(`${asks.length} asks (expected exactly one)${asks.length ? `: ${asks.map((a) => `"${a}"`).join(' ')}` : ''}`);
    else if (!asks[0]!.includes(by)) problems.push(`the ask does not give the respond-by date ${by}`);
    add('one_ask_with_date', problems.length === 0, problems.join('; ') || undefined);
  }

  // written_reply
  {
    const ok = facts.declined
      ? /\bprior written notice\b/i.test(plain)
      : /\bin writing\b|\bwritten (?:reply|response|answer|update|confirmation|notice|explanation)\b/i.test(plain);
    add(
      'written_reply',
      ok,
      ok ? undefined : facts.declined ? 'a declined request should ask for prior written notice' : 'does not ask for a written reply',
    );
  }

  // tone: the draft's own words; the IEP's, the school's and the citation's verbatim text are exempt
  {
    const exempt: Array<[number, number]> = [
      ...provisionQuotes.map((q): [number, number] => [q.start, q.end]),
      ...commitmentQuotes.map((q): [number, number] => [q.start, q.end]),
      ...(facts.rule ? occurrences(body, facts.rule.citation) : []),
      ...(facts.provision ? [...occurrences(body, facts.provision.section), ...occurrences(body, sectionLabel(facts.provision.section))] : []),
    ];
    const findings = checkTone(body).filter((f) => !exempt.some(([s, e]) => f.start >= s && f.end <= e));
    add(
      'tone',
      findings.length === 0,
      findings.length ? findings.map((f) => `${f.rule} "${f.match}"`).join('; ') : undefined,
    );
  }

  // length
  {
    const n = countWords(body);
    add('length', n <= MAX_WORDS, n <= MAX_WORDS ? undefined : `${n} words (limit: under ${MAX_WORDS + 1})`);
  }

  // first_person
  {
    const ok = /\bI\b|\b(?:my|me)\b/i.test(plain.replace(/\bQUOTED\d+\b/g, ''));
    add('first_person', ok, ok ? undefined : 'not written in the first person');
  }

  // signature
  {
    const name = facts.parentName?.trim();
    const lines = body.trimEnd().split('\n');
    const last = (lines[lines.length - 1] ?? '').trim();
    if (!name) add('signature', true, 'no parent name on file');
    else add('signature', last === name, last === name ? undefined : `the last line is "${last}", not "${name}"`);
  }

  return results;
}

/** True when every rule passes. */
export function draftPasses(draft: Draft, facts: DraftInput): boolean {
  return checkDraft(draft, facts).every((r) => r.ok);
}
