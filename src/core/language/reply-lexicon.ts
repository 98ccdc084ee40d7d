/**
 * The words a school reply is read by, as data in one place: verb classes (what kind of act a verb names)
 * and the fixed phrases of provision, acknowledgement, refusal and courtesy. The grammar decides tense, mood
 * and actor (reply-grammar.ts); these lists only say what a verb or phrase means.
 */

const words = (list: string) => new RegExp(`^(${list})$`);

/** The base forms a verb as written may have ("provided" → provide, "coordinating" → coordinate, "stopped" → stop). */
export function baseForms(verb: string): string[] {
  const [head, ...rest] = verb.split(' ');
  const tail = rest.length ? ` ${rest.join(' ')}` : '';
  const out = new Set<string>([verb]);
  const add = (w: string) => out.add(w + tail);
  const w = head!;
  for (const [suffix, repl] of [['ied', 'y'], ['ies', 'y'], ['ing', ''], ['ing', 'e'], ['ed', ''], ['ed', 'e'], ['d', ''], ['es', ''], ['s', '']] as const) {
    if (w.length > suffix.length + 2 && w.endsWith(suffix)) {
      const stem = w.slice(0, -suffix.length);
      add(stem + repl);
      if (repl === '' && /([b-df-hj-np-tv-z])\1$/.test(stem)) add(stem.slice(0, -1));
    }
  }
  return [...out];
}

/** The verb, in any of its forms, is one of the class. */
export function isVerbOf(verbClass: RegExp, verb: string): boolean {
  return baseForms(verb).some((v) => verbClass.test(v));
}

/** Handing something over: done now or before, it provides; promised, it is a promise. */
export const PROVIDE_VERB = words('re-?sent|resend(ing)?|attach(ed|ing|es)?|enclos(e|ed|es|ing)|includ(e|ed|es|ing)|send(s|ing)?|sent|shar(e|ed|es|ing)|upload(ed|ing|s)?|post(ed|ing|s)?|mail(ed|ing|s)?|e-?mail(ed|ing|s)?|provid(e|ed|es|ing)|giv(e|es|ing)|gave|given|put|drop(ped|ping)? off|left|leav(e|ing)|forward(ed|ing|s)?');

/** Telling, answering later, passing on: a future one is a promise to communicate, never the answer. */
export const COMMUNICATE_VERB = words('bring|send|sent|email|e-mail|mail|get back|let|follow up|follow|call|phone|contact|reach out|reach|respond|reply|update|confirm|forward|share|loop in|loop|pass|pass along|propose|suggest|write|touch base|circle back|notify|inform|tell|get|have|provide|give|copy|invite');

/** Thinking, checking, deciding: future or in progress, it leaves the request open. */
export const DELIBERATE_VERB = words('check(ing|ed)?|look(ing|ed)? into|look(ing|ed)? at|look(ing)?|review(ing|ed)?|consider(ing|ed)?|discuss(ing|ed)?|talk(ing|ed)?|speak(ing)?|spoke|consult(ing|ed)?|ask(ing|ed)?|decid(e|ing|ed)|make (a|the|its|our|his|her|their|final) (\w+ )?decision|determin(e|ing|ed)|investigat(e|ing|ed)|find out|finding out|explor(e|ing)|gather(ing|ed)?|work(ing)? on|work(ing)?|process(ing|ed)?|think(ing)?|confer(ring)?|meet(ing)? with|figure out|figuring out|address(ing)?|bring up|follow(ing)? up|go(ing)? over|went over|gone over|walk(ing)? through');

/** Getting something ready: promised, it is a promise to produce, not the product. */
export const PREPARE_VERB = words('arrang(e|ing)|coordinat(e|ing)|finaliz(e|ing)|finalis(e|ing)|prepar(e|ing)|put together|putting together|draft(ing)?|schedul(e|ing)|set up|setting up|set|plan(ning)?|organiz(e|ing)|start(ing)?|get started|begin(ning)?|complet(e|ing)|finish(ing)?|pull together|pull|compil(e|ing)|request(ing)?|submit(ting)?|fill out|process');

/** Agreeing to the ask. */
export const GRANT_VERB = words('agree(s|d)?|approv(e|es|ed)|grant(s|ed)?|accept(s|ed)?|authoriz(e|es|ed)|allow(s|ed)?|permit(s|ted)?');

/** Done to fix or arrange the thing (told in the perfect or past, it answers). */
export const DONE_VERB = words('added|updated|moved|changed|fixed|arranged|reminded|corrected|set up|included|reserved|resolved|implemented|adjusted|assigned|ordered|put|placed|made|scheduled|booked|started|begun|began|created|revised|amended|submitted|entered|requested|replaced|switched|ensured|instructed|trained|re-?sent|resent');

/** Told to staff in the past ("I asked the office for…", "I spoke with his teacher"): passed on, not done. */
export const TOLD_STAFF_VERB = words('asked|told|notified|informed|spoken|spoke|talked|called|contacted|emailed|e-mailed|messaged|reached out|checked|consulted|met|alerted|let');

/** Setting a time for a meeting or session. */
export const SCHEDULE_VERB = words('invit(e|ed|es|ing)|schedul(e|ed|es|ing)|set|book(ed)?|hold|held|meet|plan(ned)?|reserv(e|ed)|calendar(ed)?|confirm(ed)?|mov(e|ed)|reschedul(e|ed)');

/** Fixed phrases that hand something over now, whatever the grammar makes of them. */
export const PROVISION_PHRASE = /^(please )?(see|find) (the )?attached|^[\w' -]{1,40} (attached|enclosed)[.!]?$|\b(attached|enclosed) (please find|is|are|you will find|you'll find|are copies|is a copy)\b|^(attached|enclosed)\b|\bhere (is|are)\b|\b(is|are) (attached|enclosed|below)\b|\b(link|links) (is |are )?(below|here)\b|\b(is|are) (now )?(available|posted|uploaded) (in|on|at|for|through)\b|\b(is|are) (now )?ready (for (pick ?up|you)|at the)\b/;

/** The school received or noted the message. */
export const ACK_PHRASE = /^(got it|noted|will do|ok(ay)?|understood|received)\b|\b(received|got|have) (your|the) (\w+ ){0,2}(email|e-mail|message|request|requests|letter|note|voicemail)\b|\b(your|the) (\w+ ){0,2}(email|e-mail|message|request|letter|note) (has been|was|is) (received|logged)\b|\bthank(s| you) for (reaching out|your|letting|bringing|contacting|the (email|message|note|letter)|writing|sharing)\b|\bconfirms? (that )?we (have )?received\b|\bthis (is to )?confirms? (receipt|that we received)\b/;

/** Refusals that the grammar alone would miss ("not warranted", "denied"). */
export const REFUSAL_VERB = words('den(y|ies|ied|ying)|declin(e|es|ed|ing)|refus(e|es|ed|ing)|reject(s|ed|ing)?');
export const REFUSAL_PHRASE = /\b(unable|not able) to\b|\b(cannot|can ?not|can't|won't be able)\b|\bnot (appropriate|necessary|warranted|required|needed|eligible|possible|approved|granted|something we (can|are able to))\b|\bno (need|longer (able|possible))\b|\b(does|do|did) not (qualify|meet|require|need|warrant|appear|see (a|the) need|believe|feel|think|agree)\b|\b(don't|doesn't|didn't) (qualify|meet|require|need|warrant|believe|feel|think|agree|see (a|the) need)\b/;

/** Refusal words that refuse nothing the parent asked ("if you can't make it", "unable to attend"). */
export const NOT_A_REFUSAL = /\b(if you (can'?t|cannot|are unable)|let me know if|unable to (attend|make it|reach|be there|join)|(sorry|afraid) (that )?i (can'?t|cannot|was unable|missed)|can'?t wait|can'?t thank|cannot thank|don'?t hesitate|no need to (worry|apologize|apologise)|not hesitate|we can'?t (stress|emphasize) enough)\b/;

/** Opening greetings, closings and pleasantries. */
export const COURTESY = /^(dear|hi|hello|good (morning|afternoon|evening)|hey|thank(s| you)( so much| very much)?[.!]?$|have a (great|good|nice|wonderful)|hope|best|sincerely|regards|take care|please (let me know|feel free|don'?t hesitate|reach out)|let me know if|feel free|don'?t hesitate|i hope|happy to help|glad to help)\b/;

/** A concrete time: a clock time, a weekday, a calendar date or today/tomorrow. */
export const CONCRETE_TIME = /\b\d{1,2}:\d{2}\b|\b\d{1,2} ?(am|pm|a\.m\.|p\.m\.)|\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|today|tonight)\b|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2}\b|\b\d{1,2}\/\d{1,2}\b|\bweek of\b/;

/** A concrete arrangement: when, how often, where or how long the thing happens. */
export const CONCRETE_DETAIL = /\b(room \d+|(\d+|one|two|three|four|five|an?) (extra |additional |more )?(sessions?|minutes?|days?) (a|per|each) week|(a|per|each) week|\d+(st|nd|rd|th) (period|hour)|period|daily|every (day|week|morning|afternoon|monday|tuesday|wednesday|thursday|friday)|each (day|week|morning)|\d+ (x|times)|\d+ ?(minutes?|mins?|hours?)|(in|at) (the )?(resource room|small group|library|office|front office|conference room|classroom|lunch|recess|nurse'?s office|testing center|counseling office)|instead of|starting|beginning|from now on|going forward|same driver|on the bus)\b/;

/** "your request … to X": what a school passes on to someone else. */
export const PASSED_ON = /\b(forward|forwarded|forwarding|pass|passed|passing|shar(e|ed|ing)|sent|send|sending|refer(red)?|rout(e|ed)|gave|giv(e|en)|loop(ed)? in|bring|brought)\b.{0,80}\b(to|with|along|on to|in)\b/;
export const WHAT_IS_PASSED = /\b(your|the|this|that|it) ?(\w+ )?(letter|request|email|e-mail|message|note|concerns?|questions?|information)\b|\b(it|this|that|these) (along|on|to|with)\b|\bloop(ed)? in\b/;

/** Questions the school asks back that offer a time ("Would Tuesday at 3 work?"). */
export const PROPOSAL = /\b(could|can|would|shall) (the team|we|you|the (iep|504|ard) team|everyone|the committee|you and \w+|\w+ and i) (\w+ ){0,2}(meet|come in|get together|sit down|talk|hold (the|a|our) meeting)\b|\b(would|does|will|could|can) .{0,80}\bwork\b|\bare you (available|free)\b|\bwould you be available\b|\bhow (about|does)\b|\bworks? (for me|for us|fine|well|great)\b|\b(can|could|would) you (do|make|come|meet|join|attend)\b|\bare you able to (meet|come|join|attend)\b|\b(would|'d) like to (hold|meet|schedule|set|have)\b|\bi (propose|suggest)\b|\b(let'?s|we can|i can|we could|i could) (meet|plan|do|hold|schedule|offer|suggest|propose)\b|\b(is|am|are) (free|available|open)\b/;

/**
 * "I don't know yet how Fairview staffs aides", "that hasn't been decided", "we're not sure yet": the school says it
 * cannot answer yet, which acknowledges the question (a hedge that goes on to answer, "…, but I think…", does not).
 */
export const NOT_KNOWN_YET = /^(i|we) (really |honestly |just )?(do not|don't|did not|didn't) (know|have (an answer|that information|the details))( that| this| about that)?( yet| at this (point|time)| right now)?\b(?!.*\b(but|however|though)\b)|^(i'm|i am|we're|we are) not (sure|certain)( yet| at this point)?[.!]?$|\b(hasn't|haven't|has not|have not) (yet )?(been )?(decided|determined|finalized)\b|\bno decision (has been|was) made\b|\b(is|are) (still )?(to be determined|undecided)\b/;

/** Not the writer's to decide ("I can't excuse absences myself", "that has to come from his IEP team"): routed, not refused. */
export const NOT_MINE_TO_DECIDE = /\b(\w+ )?(can'?t|cannot|not able to|unable to|am not allowed to|isn'?t able to)\b.{0,60}\b(myself|on (its|my|our|their) own|by myself)\b|\b(has|have|needs?|would need|will need) to (come from|go through|be decided by|be approved by|be made by)\b|\b(isn'?t|is not|not) (my|our) (call|decision|department)\b/;

/** "starting Monday", "beginning March 9", "as of tomorrow": the phrase that gives the day an arrangement starts. */
export const STARTING_ON = /\b(starting|beginning|effective|as of)\b/i;
