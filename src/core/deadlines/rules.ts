/**
 * The deadline rule table — data, not code (product spec §5).
 *
 * One row per (jurisdiction, request kind). Only rules the research rated HIGH or MEDIUM are encoded, and only
 * where they give the school a numeric time to respond to something a parent asks in writing and that maps onto
 * a product request kind. LOW rows of the research are leads, never rules. Each row's `notes` names the source
 * the research actually read (from ../shared/research/legal-deadlines.md and legal-deadlines-states.md) and any
 * reading we had to choose. `verifiedOn` is the date the rows were checked against those research notes — not
 * against the official text; re-verify against the official source before relying on a row.
 *
 * Conventions:
 * - Under IDEA a bare "day" is a calendar day (34 CFR 300.11(a)); rows whose source says only "days" use
 *   calendar_days unless the jurisdiction defines the word otherwise (Connecticut).
 * - "instructional days" (Indiana) are treated as school days (days students attend for instruction).
 * - No rollover: a due date that falls on a weekend or holiday stays there (nothing read supports a rollover).
 * - Kinds without any numeric rule (progress, pwn, services, accommodations, information; and meeting,
 *   evaluation and iee at the federal level) have no rows: the engine gives them the courtesy window.
 */
import type { DeadlineRule, RequestKind } from '../types.js';

/** Exclusion: California's "days between the pupil's regular school sessions or terms or days of school
 * vacation in excess of five schooldays" are not counted (EC 56043, 56321, 56343.5, 56344). */
export const CA_BREAKS = 'ca-breaks-over-5-school-days';

/** Exclusion ids the engine understands. */
export const KNOWN_EXCLUSIONS: readonly string[] = [CA_BREAKS];

const VERIFIED = '2026-11-23';

const CA_BREAKS_NOTE =
  'Days between regular school sessions or terms, and school vacations of more than five school days ' +
  '(with their weekends), are not counted; the clock resumes when school reconvenes. Needs the district ' +
  'calendar; without it the engine counts business days and marks the date estimated.';

export const RULES: readonly DeadlineRule[] = [
  // ------------------------------------------------------------------------------------------------------
  // records — access to (and, per the product spec, copies of) education records
  // ------------------------------------------------------------------------------------------------------
  {
    id: 'us-records-access',
    jurisdiction: 'US',
    kind: 'records',
    days: 45,
    unit: 'calendar_days',
    clockStart: 'The parent asks to inspect and review the child\'s education records (FERPA: the school receives the request).',
    exclusions: [],
    citation: '34 CFR 300.613(a)',
    confidence: 'high',
    verifiedOn: VERIFIED,
    summary:
      'The school must let the parent inspect and review the child\'s education records without unnecessary delay, before any IEP meeting or hearing, and in no case more than 45 days after the request.',
    notes:
      'Source read (research legal-deadlines.md Part A): eCFR text of 34 CFR 300.613 (GitHub mirror MichalOpoka/ecfr, section-300.613.md); ' +
      'FERPA 34 CFR 99.10(b) sets the same 45-day limit counted from receipt. 45 days is the outer limit: access is due earlier when an ' +
      'IEP meeting, due process or discipline hearing, or resolution session comes first (the engine does not know meeting dates). ' +
      'Federal law sets no separate clock for copies (300.613(b)); per the product spec a request for copies takes this access rule. ' +
      'Applies in every state; where a state rule also applies, the earliest date wins.',
  },
  {
    id: 'ca-records-access',
    jurisdiction: 'CA',
    kind: 'records',
    days: 5,
    unit: 'business_days',
    clockStart: 'The parent\'s request, oral or written, to examine records or receive copies.',
    exclusions: [],
    citation: 'Cal. Educ. Code § 56504',
    confidence: 'high',
    verifiedOn: VERIFIED,
    summary:
      'The parent has the right to examine and receive copies of the child\'s school records within 5 business days after the request.',
    notes:
      'Source read (legal-deadlines.md, California): jurris.com copy of EC 56504; also EC 49069.7(b) (getpocketlaw copy): access no later than ' +
      '5 business days for all pupils.',
  },
  {
    id: 'il-records-access',
    jurisdiction: 'IL',
    kind: 'records',
    days: 10,
    unit: 'business_days',
    clockStart: 'The school receives the parent\'s request to inspect and copy the student\'s school records.',
    exclusions: [],
    citation: '105 ILCS 10/5(c)',
    confidence: 'high',
    verifiedOn: VERIFIED,
    summary:
      'The school must grant access to inspect and copy the student\'s records within a reasonable time and in no case later than 10 business days after receiving the request.',
    notes:
      'Source read (legal-deadlines.md, Illinois): ILGA statute text of 105 ILCS 10/5(c). A district board-policy page (citing P.A. 100-532) says the ' +
      'school may extend by up to 5 more business days in listed circumstances (medium); the extension is not encoded — the 10-day date is shown.',
  },
  {
    id: 'ma-records-access',
    jurisdiction: 'MA',
    kind: 'records',
    days: 10,
    unit: 'calendar_days',
    clockStart: 'The parent\'s initial request for access to the student record.',
    exclusions: [],
    citation: '603 CMR 23.07(2)',
    confidence: 'medium',
    verifiedOn: VERIFIED,
    summary:
      'The school must give the parent access to the student record as soon as practicable and within ten days after the initial request.',
    notes:
      'Source read (legal-deadlines.md, Massachusetts): Justia copy of 603 CMR 23.07 (through Sept. 2024), rated high for the number. ' +
      'Edge choice: the regulation says "ten days" without saying calendar, business or school days, and the text read gives no definition. ' +
      'Encoded as calendar days — the IDEA convention for a bare "day" (34 CFR 300.11(a)) and the reading that gives the parent the earliest date. ' +
      'Confidence lowered to medium because the day type is our reading. Copies are to be provided on request.',
  },
  {
    id: 'wa-records-access',
    jurisdiction: 'WA',
    kind: 'records',
    days: 45,
    unit: 'calendar_days',
    clockStart: 'The parent\'s request to inspect and review the child\'s education records.',
    exclusions: [],
    citation: 'WAC 392-172A-05190(1)',
    confidence: 'high',
    verifiedOn: VERIFIED,
    summary:
      'The district must comply promptly and before any IEP meeting, hearing or resolution session, and in no case more than forty-five calendar days after the request.',
    notes: 'Source read (legal-deadlines.md, Washington): Cornell LII copy of WAC 392-172A-05190. Same outer limit as 34 CFR 300.613(a).',
  },
  {
    id: 'ct-records-access',
    jurisdiction: 'CT',
    kind: 'records',
    days: 10,
    unit: 'school_days',
    clockStart: 'The parent\'s written request to inspect the child\'s education records (or for one free copy).',
    exclusions: [],
    citation: 'Regs. Conn. State Agencies § 10-76d-18(a); § 10-76a-1(5)',
    confidence: 'medium',
    verifiedOn: VERIFIED,
    summary:
      'The board of education must comply without unnecessary delay and before any IEP meeting, due process hearing or resolution session, and otherwise not later than ten (school) days after the request; one free copy is due within the same time on written request.',
    notes:
      'Sources read (legal-deadlines-states.md, table (a)): Casetext copy of Conn. Agencies Regs. 10-76d-18 (through Dec. 2024) — number HIGH; ' +
      'ctrules.elaws.us copy of 10-76a-1 — "\'Days\' means school days unless otherwise specified". That these are school days is inferred from the ' +
      'chapter definition (10-76d-18 itself does not say "school"), so the row is medium. The request must be in writing. Without a district ' +
      'calendar the engine counts business days (estimated). The federal 45 calendar days also applies and wins if earlier (e.g. over summer).',
  },
  {
    id: 'mn-records-access',
    jurisdiction: 'MN',
    kind: 'records',
    days: 10,
    unit: 'business_days',
    clockStart: 'The parent\'s request to the responsible authority for the child\'s private educational data.',
    exclusions: [],
    citation: 'Minn. Stat. § 13.04, subd. 3',
    confidence: 'medium',
    verifiedOn: VERIFIED,
    summary:
      'The school must provide access immediately if possible, or within 10 days excluding Saturdays, Sundays and legal holidays.',
    notes:
      'Sources read (legal-deadlines-states.md, table (a)): Minnesota Dept. of Administration data-practices Advisory Opinion 22-001 and the ' +
      'school-records opinions of Aug. 7, 2003 (Mahtomedi) and 04-068 on mn.gov; the statute text itself was not read (hence medium). ' +
      '"10 days excluding Saturdays, Sundays and legal holidays" is encoded as business days; Minnesota legal holidays are approximated by the ' +
      'date-holidays public holidays for US-MN. Parents reach their minor child\'s data through Minn. Stat. 13.32.',
  },
  {
    id: 'ut-records-access',
    jurisdiction: 'UT',
    kind: 'records',
    days: 45,
    unit: 'calendar_days',
    clockStart: 'The parent\'s request for copies of the child\'s education records.',
    exclusions: [],
    citation: 'Utah State Board of Education Special Education Rules IV.X.8',
    confidence: 'medium',
    verifiedOn: VERIFIED,
    summary:
      'The school must provide copies of the child\'s education records within forty-five days of the request, at no more than the actual cost of copying.',
    notes:
      'Source read (legal-deadlines-states.md, table (a)): PREP "Utah Special Education Parent Guide" (prepparents.org), which cites USBE SER ' +
      'IV.X.8; the rule text was not read. The day type is not stated; encoded as calendar days (IDEA convention). Same date as the federal rule.',
  },
  {
    id: 'ia-records-access',
    jurisdiction: 'IA',
    kind: 'records',
    days: 45,
    unit: 'calendar_days',
    clockStart: 'The parent\'s request to inspect and review the child\'s education records.',
    exclusions: [],
    citation: 'Iowa Admin. Code r. 281-41.613',
    confidence: 'high',
    verifiedOn: VERIFIED,
    summary:
      'The agency must comply without unnecessary delay and before any IEP meeting or hearing, and in no case more than 45 days after the request.',
    notes: 'Source read (legal-deadlines.md Part A note): Iowa 281-41.613, word for word the federal 34 CFR 300.613(a).',
  },
  {
    id: 'de-records-access',
    jurisdiction: 'DE',
    kind: 'records',
    days: 45,
    unit: 'calendar_days',
    clockStart: 'The parent\'s request to inspect and review the child\'s education records.',
    exclusions: [],
    citation: '14 Del. Admin. Code 927-13.0',
    confidence: 'high',
    verifiedOn: VERIFIED,
    summary:
      'The agency must comply without unnecessary delay and before any IEP meeting or hearing, and in no case more than 45 days after the request.',
    notes: 'Source read (legal-deadlines.md Part A note): 14 DE Admin. Code 927-13.0, word for word the federal 34 CFR 300.613(a).',
  },
  {
    id: 'la-records-access',
    jurisdiction: 'LA',
    kind: 'records',
    days: 45,
    unit: 'calendar_days',
    clockStart: 'The parent\'s request to inspect and review the child\'s education records.',
    exclusions: [],
    citation: 'La. Admin. Code tit. 28, pt. XLIII, § 613',
    confidence: 'high',
    verifiedOn: VERIFIED,
    summary:
      'The agency must comply without unnecessary delay and before any IEP meeting or hearing, and in no case more than 45 days after the request.',
    notes: 'Source read (legal-deadlines.md Part A note): La. Admin. Code XLIII-613 (Bulletin 1706), word for word the federal 34 CFR 300.613(a).',
  },
  {
    id: 'nm-records-access',
    jurisdiction: 'NM',
    kind: 'records',
    days: 45,
    unit: 'calendar_days',
    clockStart: 'The parent\'s request to inspect and review the child\'s education records.',
    exclusions: [],
    citation: '6.31.2.13(B) NMAC (incorporating 34 CFR 300.613)',
    confidence: 'high',
    verifiedOn: VERIFIED,
    summary:
      'The agency must comply without unnecessary delay and before any IEP meeting or hearing, and in no case more than 45 days after the request.',
    notes:
      'Source read (legal-deadlines-states.md, table (a)): Justia copy of 6.31.2.13 NMAC, which incorporates 34 CFR 300.613–300.620 and Part 99; no state number of its own.',
  },

  // ------------------------------------------------------------------------------------------------------
  // evaluation — the school's response to a parent's (written) request for an initial evaluation
  // ------------------------------------------------------------------------------------------------------
  {
    id: 'ca-evaluation-request',
    jurisdiction: 'CA',
    kind: 'evaluation',
    days: 15,
    unit: 'calendar_days',
    clockStart: 'The school receives the referral (the parent\'s written request for assessment).',
    exclusions: [CA_BREAKS],
    citation: 'Cal. Educ. Code §§ 56321(a), 56043(a)',
    confidence: 'high',
    verifiedOn: VERIFIED,
    summary:
      'The district must give the parent a proposed assessment plan within 15 days of the referral, not counting days between school sessions or school vacations of more than five school days.',
    notes:
      'Sources read (legal-deadlines.md, California): jurris.com copy of EC 56321 (older codified text); SCV SELPA timeline table; Lozano Smith ' +
      'one-sheet; Disability Rights California SERR 2.2. Secondary sites saying "15 school days" are wrong: the statute says days. ' +
      CA_BREAKS_NOTE +
      ' Not encoded: a referral within 10 days of the end of the regular school year gets a plan within 10 days after the next year begins ' +
      '(the engine\'s between-terms exclusion approximates it only when the calendar covers the next year); the parent may agree in writing to extend.',
  },
  {
    id: 'tx-evaluation-request',
    jurisdiction: 'TX',
    kind: 'evaluation',
    days: 15,
    unit: 'school_days',
    clockStart: 'The district receives the parent\'s written request for a full individual and initial evaluation (to the special education director or a district administrative employee, e.g. the principal).',
    exclusions: [],
    citation: '19 Tex. Admin. Code § 89.1011(b)',
    confidence: 'high',
    verifiedOn: VERIFIED,
    summary:
      'Not later than the 15th school day after receiving the written request, the district must give prior written notice of its proposal to evaluate with a consent form and the procedural safeguards, or prior written notice of its refusal.',
    notes:
      'Sources read (legal-deadlines.md, Texas): Texas Register / texreg copy of 19 TAC 89.1011; Justia copy (through Dec. 2024). barbersped.org ' +
      'says "15 calendar days" — the rule says school days. Also TEC 29.004.',
  },
  {
    id: 'mi-evaluation-request',
    jurisdiction: 'MI',
    kind: 'evaluation',
    days: 10,
    unit: 'school_days',
    clockStart: 'The district receives the parent\'s written request for an evaluation.',
    exclusions: [],
    citation: 'Mich. Admin. Code R 340.1721b(1)(a)',
    confidence: 'high',
    verifiedOn: VERIFIED,
    summary:
      'Within 10 school days of receiving the written request, the district must give prior written notice and a request for consent to evaluate (or notice of refusal).',
    notes:
      'Sources read (legal-deadlines.md, Michigan): MDE MARSE page; Justia copy (through Mar. 2025); LARA filing of the amendment of June 27, 2024.',
  },
  {
    id: 'wa-evaluation-request',
    jurisdiction: 'WA',
    kind: 'evaluation',
    days: 25,
    unit: 'school_days',
    clockStart: 'The district receives the written referral (the parent\'s written request for evaluation).',
    exclusions: [],
    citation: 'WAC 392-172A-03005(2)(c)',
    confidence: 'high',
    verifiedOn: VERIFIED,
    summary:
      'Within 25 school days after receiving the written referral, the district must decide whether to evaluate and give the parent prior written notice of its decision.',
    notes: 'Sources read (legal-deadlines.md, Washington): WA Legislature WAC archive (2022 version); older scribd copy.',
  },
  {
    id: 'ma-evaluation-request',
    jurisdiction: 'MA',
    kind: 'evaluation',
    days: 5,
    unit: 'school_days',
    clockStart: 'The school receives the referral (the parent\'s request for evaluation).',
    exclusions: [],
    citation: '603 CMR 28.04(1)(a)',
    confidence: 'high',
    verifiedOn: VERIFIED,
    summary:
      'Within 5 school days of receiving the referral, the school must send the parent written notice seeking consent to evaluate.',
    notes:
      'Source read (legal-deadlines.md, Massachusetts): DESE page for 603 CMR 28.04 (amended Sept. 20, 2022). The definition of a "school day" ' +
      'was not read; the district calendar\'s days in session are used.',
  },
  {
    id: 'il-evaluation-request',
    jurisdiction: 'IL',
    kind: 'evaluation',
    days: 14,
    unit: 'school_days',
    clockStart: 'The district receives the parent\'s request for evaluation.',
    exclusions: [],
    citation: '23 Ill. Adm. Code 226.110(c)',
    confidence: 'medium',
    verifiedOn: VERIFIED,
    summary:
      'Within 14 school days of receiving the request, the district must decide whether to evaluate and notify the parent (consent form or written refusal).',
    notes:
      'Sources read (legal-deadlines.md, Illinois): ILGA page for 226.110 (paragraph (c) cut off in the stored copy); SameGoal IL; specialedstartguide; ' +
      'My IEP Partners — they agree on 14 school days, hence medium.',
  },
  {
    id: 'oh-evaluation-request',
    jurisdiction: 'OH',
    kind: 'evaluation',
    days: 30,
    unit: 'calendar_days',
    clockStart: 'The district receives the parent\'s request for evaluation.',
    exclusions: [],
    citation: 'Ohio Adm. Code 3301-51-06(B)(3)',
    confidence: 'medium',
    verifiedOn: VERIFIED,
    summary:
      'Within 30 days of receiving the request, the district must either obtain consent to evaluate or give prior written notice that it does not suspect a disability.',
    notes:
      'Sources read (legal-deadlines.md, Ohio): Ohio Dept. of Education guidance chapters 5.3 and 6.2; Decoding Dyslexia OH (rated medium-high; the ' +
      'rule text was not read). "30 days" encoded as calendar days (IDEA convention; ODE counts "the actual days" for its evaluation clock).',
  },
  {
    id: 'fl-evaluation-request',
    jurisdiction: 'FL',
    kind: 'evaluation',
    days: 30,
    unit: 'calendar_days',
    clockStart: 'The district receives the parent\'s request for evaluation.',
    exclusions: [],
    citation: 'Fla. Admin. Code R. 6A-6.0331(3)(c)',
    confidence: 'medium',
    verifiedOn: VERIFIED,
    summary:
      'Within 30 days of receiving the parent\'s request, the district must obtain consent for evaluation or give written notice of its refusal.',
    notes:
      'Sources read (legal-deadlines.md, Florida): EPRC NW Florida timeline table citing the rule; SameGoal FL deadlines ("30 calendar days"). The ' +
      'current rule text was not read. Florida\'s break/summer exclusion belongs to the 60-day evaluation clock, not to this one, and is not applied.',
  },
  {
    id: 'nj-evaluation-request',
    jurisdiction: 'NJ',
    kind: 'evaluation',
    days: 20,
    unit: 'calendar_days',
    clockStart: 'The district receives the written referral (the parent\'s written request for evaluation).',
    exclusions: [],
    citation: 'N.J.A.C. 6A:14-3.3(e)',
    confidence: 'medium',
    verifiedOn: VERIFIED,
    summary:
      'Within 20 calendar days of receiving the written referral, the district must hold an identification meeting with the parent to decide whether to evaluate.',
    notes:
      'Sources read (legal-deadlines.md, New Jersey): district pages (chclc.org, kpsdschools.org); the rule text was not read. Districts often say the ' +
      '20 days exclude school holidays but not summer — not confirmed, so no exclusion is applied. Written notice of the decision follows within 15 ' +
      'calendar days of the meeting (not encoded: it runs from the meeting, not from the parent\'s request).',
  },
  {
    id: 'in-evaluation-request',
    jurisdiction: 'IN',
    kind: 'evaluation',
    days: 10,
    unit: 'school_days',
    clockStart: 'The parent\'s request (verbal or written) for an initial evaluation to licensed school personnel (teacher, counselor, psychologist, social worker, principal, administrator).',
    exclusions: [],
    citation: '511 IAC 7-40-4(d)',
    confidence: 'high',
    verifiedOn: VERIFIED,
    summary:
      'The school has ten instructional days to give the parent written notice proposing or refusing the evaluation.',
    notes:
      'Sources read (legal-deadlines-states.md, table (b)): Cornell LII copy of 511 IAC 7-40-4; Justia copy (through Mar. 2024). "Instructional days" ' +
      'are treated as school days (days in session on the district calendar).',
  },
  {
    id: 'nh-evaluation-request',
    jurisdiction: 'NH',
    kind: 'evaluation',
    days: 15,
    unit: 'business_days',
    clockStart: 'The school receives a referral (the parent\'s request for evaluation).',
    exclusions: [],
    citation: 'N.H. Code Admin. R. Ed 1106.01',
    confidence: 'high',
    verifiedOn: VERIFIED,
    summary:
      'The school must notify the parent of the referral immediately, and within 15 business days the IEP team must decide how to proceed and give the parent written notice (with a consent request if testing is needed).',
    notes: 'Source read (legal-deadlines-states.md, table (b)): Casetext copy of N.H. Admin. Code Ed 1106.01(c)–(g) (through Nov. 2024).',
  },
  {
    id: 'ri-evaluation-request',
    jurisdiction: 'RI',
    kind: 'evaluation',
    days: 10,
    unit: 'school_days',
    clockStart: 'The school receives the referral (the parent\'s request for evaluation).',
    exclusions: [],
    citation: '200-RICR-20-30-6.7.2(A)(1)(a)',
    confidence: 'high',
    verifiedOn: VERIFIED,
    summary:
      'Within ten school days of receiving the referral, the Evaluation Team must meet to decide whether an evaluation is needed.',
    notes:
      'Source read (legal-deadlines-states.md, table (b)): Justia copy of 200-RICR-20-30-6.7 (through Sept. 2024). If consent is not obtained within ' +
      '15 school days of the request the team reconvenes (not encoded).',
  },
  {
    id: 'ar-evaluation-request',
    jurisdiction: 'AR',
    kind: 'evaluation',
    days: 7,
    unit: 'calendar_days',
    clockStart: 'The district receives the written referral (a district employee completes the state Referral Form when the parent originates it).',
    exclusions: [],
    citation: 'Ark. Admin. Code 005.18.4-4.03',
    confidence: 'high',
    verifiedOn: VERIFIED,
    summary:
      'Within 7 calendar days of receiving the written referral, the district must schedule a referral conference and give the parent written notice; the conference is held no later than 21 calendar days after the referral.',
    notes:
      'Sources read (legal-deadlines-states.md, table (b)): Westlaw government site copy of 005.18.4-4.03; Justia 005.18.10-001 §4.01 (referral in ' +
      'writing on the required form). The 21-day outer limit for the conference is not encoded (one row per kind; the 7-day notice comes first).',
  },

  // ------------------------------------------------------------------------------------------------------
  // meeting — an IEP meeting the parent requested
  // ------------------------------------------------------------------------------------------------------
  {
    id: 'ca-iep-meeting-request',
    jurisdiction: 'CA',
    kind: 'meeting',
    days: 30,
    unit: 'calendar_days',
    clockStart: 'The school receives the parent\'s written request for an IEP meeting.',
    exclusions: [CA_BREAKS],
    citation: 'Cal. Educ. Code § 56343.5',
    confidence: 'high',
    verifiedOn: VERIFIED,
    summary:
      'The district must hold an IEP meeting within 30 days of the parent\'s written request, not counting days between school sessions or school vacations of more than five school days.',
    notes:
      'Source read (legal-deadlines.md, California): instalawyer.io copy of EC 56343.5 (amended Stats. 2007 ch. 56); request right in EC 56343(c). ' +
      'Some secondary sites say "30 school days" — the statute says days. On an oral request the district must tell the parent a written request ' +
      'is needed. ' +
      CA_BREAKS_NOTE,
  },
  {
    id: 'tx-iep-meeting-request',
    jurisdiction: 'TX',
    kind: 'meeting',
    days: 5,
    unit: 'school_days',
    clockStart: 'The district receives the parent\'s written request for an ARD (IEP) committee meeting.',
    exclusions: [],
    citation: '19 Tex. Admin. Code § 89.1050(e)',
    confidence: 'medium',
    verifiedOn: VERIFIED,
    summary:
      'The district must schedule and convene the ARD meeting, or within 5 school days give the parent written notice explaining why it refuses.',
    notes:
      'Source read (legal-deadlines.md, Texas): ESC Region 18 legal-framework page (rated medium-high; rule last amended Oct. 5, 2021, 46 TexReg 6533). ' +
      'The 5 school days bound the written refusal; a district that agrees must schedule the meeting — the engine uses 5 school days as the ' +
      'response date either way.',
  },
  {
    id: 'tn-iep-meeting-request',
    jurisdiction: 'TN',
    kind: 'meeting',
    days: 10,
    unit: 'school_days',
    clockStart: 'The written request of an IEP team member (the parent is a member) to convene the IEP team.',
    exclusions: [],
    citation: 'Tenn. Comp. R. & Regs. 0520-01-09-.12(4)',
    confidence: 'high',
    verifiedOn: VERIFIED,
    summary:
      'Upon written request of any member, the IEP team must be convened within ten school days or on a mutually agreed date and time.',
    notes:
      'Sources read (legal-deadlines-states.md, table (d)): Justia copy of 0520-01-09-.12 (through Sept. 2024); cloudfront copy (through Dec. 2024). ' +
      'A later date the parent agreed to overrides this (the parent can set a custom due date).',
  },
  {
    id: 'az-iep-meeting-request',
    jurisdiction: 'AZ',
    kind: 'meeting',
    days: 45,
    unit: 'school_days',
    clockStart: 'The school receives the parent\'s written request for an IEP review.',
    exclusions: [],
    citation: 'Ariz. Admin. Code R7-2-401(G)(7)',
    confidence: 'medium',
    verifiedOn: VERIFIED,
    summary:
      'The IEP team must meet to review the IEP within 45 school days of the parent\'s written request, at a mutually agreed date and time.',
    notes: 'Source read (legal-deadlines.md, other states): Arizona Dept. of Education dispute-resolution FAQ (rated medium-high; rule text not read).',
  },

  // ------------------------------------------------------------------------------------------------------
  // iee — independent educational evaluation at public expense
  // ------------------------------------------------------------------------------------------------------
  {
    id: 'nj-iee-request',
    jurisdiction: 'NJ',
    kind: 'iee',
    days: 20,
    unit: 'calendar_days',
    clockStart: 'The district receives the parent\'s request for an independent evaluation at public expense.',
    exclusions: [],
    citation: 'N.J.A.C. 6A:14-2.5(c)',
    confidence: 'medium',
    verifiedOn: VERIFIED,
    summary:
      'Within 20 calendar days of the parent\'s request, the district must either agree to the independent evaluation at public expense or request a due process hearing.',
    notes:
      'Source read (legal-deadlines.md, New Jersey): Capehart Scatchard law-firm post on an ALJ decision (Hillsborough, 2018), citing the rule — ' +
      'rule text not read. Per that post, ALJs have not treated school holidays as excusing a late filing, so no exclusion is applied.',
  },
];

/** The rows that apply to a request of `kind` in `state`: the state's own rows and the federal rows. */
export function rulesFor(state: string, kind: RequestKind, rules: readonly DeadlineRule[] = RULES): DeadlineRule[] {
  const st = state.toUpperCase();
  return rules.filter((r) => r.kind === kind && (r.jurisdiction === st || r.jurisdiction === 'US'));
}

export function ruleById(id: string, rules: readonly DeadlineRule[] = RULES): DeadlineRule | undefined {
  return rules.find((r) => r.id === id);
}
