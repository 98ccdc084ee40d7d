/**
 * The rule checks of spec §6, one entry per rule: each reads the draft and its facts (through the shared
 * context) and gives a verdict with the reason when it fails. checkDraft runs them in DRAFT_RULE_IDS order.
 */
import { countWords, formatLongDate, KIND_KEYWORDS, localDate, MAX_WORDS, replySubject, sectionLabel } from '../drafting.js';
import { checkTone } from '../tone.js';
import { type DraftContext, isAsk, sentencesOf } from './context.js';
import type { DraftRuleId } from './ids.js';
import { escapeRe, occurrences, sameSet } from './quotes.js';

export interface Verdict {
  ok: boolean;
  detail?: string;
}

type RuleCheck = (ctx: DraftContext) => Verdict;

const verdict = (ok: boolean, detail?: string): Verdict => (detail === undefined ? { ok } : { ok, detail });
/** Passes when nothing is wrong; else the problems, in the order found. */
const fromProblems = (problems: string[]): Verdict => verdict(problems.length === 0, problems.join('; ') || undefined);

const LEGAL_REFERENCE =
  /§|\bC\.?F\.?R\b|\bU\.?S\.?C\b|\bEduc(?:ation)?\.? Code\b|\bIDEA\b|\bIndividuals with Disabilities Education\b|\bstatut\w*|\bregulations?\b|\bthe law\b|\blegally\b/i;

export const RULE_CHECKS: Record<DraftRuleId, RuleCheck> = {
  thread: (ctx) => {
    const { draft, facts } = ctx;
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
    return fromProblems(problems);
  },
  recipients: (ctx) => {
    const { draft, facts } = ctx;
    const toLower = new Set(facts.to.map((a) => a.trim().toLowerCase()));
    const expectedCc = facts.cc.filter((a) => !toLower.has(a.trim().toLowerCase()));
    const problems: string[] = [];
    if (draft.to.length === 0) problems.push('no recipient');
    if (!sameSet(draft.to, facts.to)) problems.push(`To is [${draft.to.join(', ')}], expected [${facts.to.join(', ')}]`);
    if (!sameSet(draft.cc, expectedCc)) problems.push(`Cc is [${draft.cc.join(', ')}], expected [${expectedCc.join(', ')}]`);
    return fromProblems(problems);
  },
  subject: (ctx) => {
    const { draft, facts } = ctx;
    const expected = replySubject(facts.request.subject);
    return verdict(draft.subject === expected, draft.subject === expected ? undefined : `expected "${expected}"`);
  },
  names_child: (ctx) => {
    const { facts, body } = ctx;
    const name = facts.childName?.trim();
    if (!name) return verdict(true, 'no child name on file');
    else {
      const ok = new RegExp(`(?<![\\p{L}])${escapeRe(name)}(?![\\p{L}])`, 'u').test(body);
      return verdict(ok, ok ? undefined : `"${name}" does not appear`);
    }
  },
  request_date: (ctx) => {
    const { facts, body } = ctx;
    const date = formatLongDate(localDate(facts.request.sentAt, facts.timezone));
    const ok = body.includes(date);
    return verdict(ok, ok ? undefined : `the request date "${date}" does not appear`);
  },
  /**
   * A sentence other than the ask says what was asked — in the draft's own words naming the kind of request,
   * or by quoting the parent's own sentence — and no quotation misstates the request.
   */
  restates_ask: (ctx) => {
    const { facts, plain, commitmentOnly, misquoted, evidenceQuoteIdx } = ctx;
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
    return fromProblems(problems);
  },
  quotes_provision: (ctx) => {
    const { draft, facts, plain, provisionQuotes, misquoted } = ctx;
    const p = facts.provision;
    if (!p) {
      const claims = /\b(?:IEP|504 plan|plan)\b[^.?!\n]{0,80}\b(?:states|says|provides|reads|requires|lists)\b/i.exec(plain);
      return verdict(!claims, claims ? `no provision was given, but the draft says "${claims[0]}"` : 'no provision applies');
    } else {
      const problems: string[] = [];
      if (provisionQuotes.length === 0) problems.push('the IEP provision is not quoted verbatim');
      for (const q of misquoted.provision) problems.push(`quotation differs from the IEP: "${q.inner}"`);
      const section = sectionLabel(p.section);
      if (section && occurrences(plain, section).length === 0 && occurrences(plain, p.section).length === 0)
        problems.push(`the section "${section}" is not named`);
      if (p.page != null && !new RegExp(`\\b(?:page|p\\.)\\s*${p.page}\\b`, 'i').test(plain))
        problems.push(`page ${p.page} is not named`);
      return fromProblems(problems);
    }
  },
  quotes_commitment: (ctx) => {
    const { facts, body, commitmentQuotes, misquoted } = ctx;
    const c = facts.commitment;
    if (!c) return verdict(true, 'no commitment');
    else {
      const problems: string[] = [];
      if (commitmentQuotes.length === 0) problems.push("the school's promise is not quoted");
      for (const q of misquoted.commitment) problems.push(`quotation differs from the school's reply: "${q.inner}"`);
      if (!body.includes(formatLongDate(c.dueDate))) problems.push(`its date ${formatLongDate(c.dueDate)} does not appear`);
      return fromProblems(problems);
    }
  },
  cites_law: (ctx) => {
    const { facts, plain } = ctx;
    const allowed = facts.rule != null && facts.citeLaw;
    if (allowed) {
      const ok = occurrences(plain, facts.rule!.citation).length > 0;
      return verdict(ok, ok ? undefined : `the citation "${facts.rule!.citation}" does not appear`);
    } else {
      const cited = facts.rule && occurrences(plain, facts.rule.citation).length > 0;
      const legal = LEGAL_REFERENCE.exec(plain);
      const why = facts.rule ? 'the parent has turned citing the law off' : 'no statutory rule applies';
      return verdict(!cited && !legal,
        cited ? `cites ${facts.rule!.citation} but ${why}` : legal ? `refers to law ("${legal[0]}") but ${why}` : undefined,
      );
    }
  },
  one_ask_with_date: (ctx) => {
    const { facts, plain } = ctx;
    const asks = sentencesOf(plain).filter(isAsk);
    const by = formatLongDate(facts.respondBy);
    const problems: string[] = [];
    if (asks.length !== 1) problems.push(`${asks.length} asks (expected exactly one)${asks.length ? `: ${asks.map((a) => `"${a}"`).join(' ')}` : ''}`);
    else if (!asks[0]!.includes(by)) problems.push(`the ask does not give the respond-by date ${by}`);
    return fromProblems(problems);
  },
  written_reply: (ctx) => {
    const { facts, plain } = ctx;
    const ok = facts.declined
      ? /\bprior written notice\b/i.test(plain)
      : /\bin writing\b|\bwritten (?:reply|response|answer|update|confirmation|notice|explanation)\b/i.test(plain);
    return verdict(ok,
      ok ? undefined : facts.declined ? 'a declined request should ask for prior written notice' : 'does not ask for a written reply',
    );
  },
  /** The draft's own words; the IEP's, the school's and the citation's verbatim text are exempt */
  tone: (ctx) => {
    const { facts, body, provisionQuotes, commitmentQuotes } = ctx;
    const exempt: Array<[number, number]> = [
      ...provisionQuotes.map((q): [number, number] => [q.start, q.end]),
      ...commitmentQuotes.map((q): [number, number] => [q.start, q.end]),
      ...(facts.rule ? occurrences(body, facts.rule.citation) : []),
      ...(facts.provision ? [...occurrences(body, facts.provision.section), ...occurrences(body, sectionLabel(facts.provision.section))] : []),
    ];
    const findings = checkTone(body).filter((f) => !exempt.some(([s, e]) => f.start >= s && f.end <= e));
    return verdict(findings.length === 0,
      findings.length ? findings.map((f) => `${f.rule} "${f.match}"`).join('; ') : undefined,
    );
  },
  length: (ctx) => {
    const { body } = ctx;
    const n = countWords(body);
    return verdict(n <= MAX_WORDS, n <= MAX_WORDS ? undefined : `${n} words (limit: under ${MAX_WORDS + 1})`);
  },
  first_person: (ctx) => {
    const { plain } = ctx;
    const ok = /\bI\b|\b(?:my|me)\b/i.test(plain.replace(/\bQUOTED\d+\b/g, ''));
    return verdict(ok, ok ? undefined : 'not written in the first person');
  },
  signature: (ctx) => {
    const { facts, body } = ctx;
    const name = facts.parentName?.trim();
    const lines = body.trimEnd().split('\n');
    const last = (lines[lines.length - 1] ?? '').trim();
    if (!name) return verdict(true, 'no parent name on file');
    else return verdict(last === name, last === name ? undefined : `the last line is "${last}", not "${name}"`);
  },
};
