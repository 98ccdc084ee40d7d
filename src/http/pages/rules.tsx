/**
 * The public rules pages (spec §5): every jurisdiction's coverage of the tracked rules (/rules), and one
 * jurisdiction's rules with number, unit, clock start, exclusions, citation, confidence and verified date
 * (/rules/:state), each rule with its own anchor so every statutory due date in the app can link to it.
 */
import type { FC } from 'hono/jsx';
import type { DeadlineRule } from '../../core/types.js';
import { EXCLUSION_TEXT, RULE_KIND_LABELS, TRACKED_RULE_KINDS, coverageCounts, yearEndText, type Jurisdiction, type TrackedRuleKind } from '../../core/deadlines/index.js';
import { formatDate } from '../util.js';

const STATUS_TEXT = { rule: 'State rule', 'federal-default': 'Federal default applies', 'not-found': 'No state rule found' } as const;
const UNIT_TEXT: Record<string, string> = { calendar_days: 'calendar days', business_days: 'business days', school_days: 'school days' };
const START_TEXT: Record<string, string> = { consent: 'written consent received', referral: 'referral', eligibility: 'eligibility decision', evaluation_report: 'evaluation report completed' };

export const NotLegalAdvice: FC = () => (
  <p class="notice">
    <strong>This is not legal advice.</strong> These rules are read from published regulations and guidance, each with its
    citation, a confidence rating and the date it was last checked. Laws change and situations differ: check the
    citation, your state's procedural safeguards notice, or a parent training center before relying on a date.
  </p>
);

export const RulesIndexPage: FC<{ jurisdictions: readonly Jurisdiction[] }> = ({ jurisdictions }) => {
  const states = jurisdictions.filter((j) => j.code !== 'US');
  const counts = coverageCounts(jurisdictions);
  return (
    <>
      <h1>Deadline rules</h1>
      <NotLegalAdvice />
      <p>
        Followthrough times each written request and each process clock against the rule below. Where a state has no
        rule of its own, the federal rule applies when there is one (<a href="/rules/us">federal rules</a>); otherwise
        a request is timed against a courtesy window, which is not a legal deadline.
      </p>
      <h2>Coverage</h2>
      <table>
        <caption class="sr-only">How many of the {states.length} jurisdictions have each rule</caption>
        <thead>
          <tr>
            <th scope="col">Rule</th>
            <th scope="col">State rule</th>
            <th scope="col">Federal default</th>
            <th scope="col">No state rule found</th>
          </tr>
        </thead>
        <tbody>
          {TRACKED_RULE_KINDS.map((k) => (
            <tr>
              <th scope="row">{RULE_KIND_LABELS[k]}</th>
              <td>{counts[k].rule}</td>
              <td>{counts[k]['federal-default']}</td>
              <td>{counts[k]['not-found']}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>By state</h2>
      <table>
        <caption class="sr-only">Each jurisdiction and what is known for each rule</caption>
        <thead>
          <tr>
            <th scope="col">Jurisdiction</th>
            {TRACKED_RULE_KINDS.map((k) => (
              <th scope="col">{RULE_KIND_LABELS[k]}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {states.map((j) => (
            <tr>
              <th scope="row">
                <a href={`/rules/${j.code.toLowerCase()}`}>{j.name}</a>
              </th>
              {TRACKED_RULE_KINDS.map((k) => (
                <td>{cellText(j, k)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
};

function cellText(j: Jurisdiction, k: TrackedRuleKind): string {
  const c = j.coverage[k];
  if (c.status !== 'rule') return STATUS_TEXT[c.status];
  return c.rules.map((r) => `${r.days} ${UNIT_TEXT[r.unit]}`).join(' or ');
}

export const RuleCard: FC<{ rule: DeadlineRule }> = ({ rule: r }) => (
  <article class="card" id={r.id} aria-labelledby={`${r.id}-h`}>
    <h3 id={`${r.id}-h`}>
      {r.days} {UNIT_TEXT[r.unit]} — {r.citation}
    </h3>
    <p>{r.summary}</p>
    <dl class="meta">
      <dt>Number and unit</dt>
      <dd>
        {r.days} {UNIT_TEXT[r.unit]}
      </dd>
      <dt>Clock starts</dt>
      <dd>
        {r.clockStart}
        {r.startEvent ? <span class="muted"> (counted from: {START_TEXT[r.startEvent]})</span> : null}
      </dd>
      <dt>Not counted</dt>
      <dd>{r.exclusions.length ? r.exclusions.map((x) => EXCLUSION_TEXT[x]).join(' ') : r.unit === 'calendar_days' ? 'Nothing: every calendar day counts.' : 'Days that are not school or business days.'}</dd>
      {r.yearEnd ? (
        <>
          <dt>End of the school year</dt>
          <dd>{yearEndText(r.yearEnd, UNIT_TEXT[r.unit] ?? r.unit)}</dd>
        </>
      ) : null}
      <dt>Citation</dt>
      <dd>{r.citation}</dd>
      <dt>Confidence</dt>
      <dd>{r.confidence === 'high' ? 'High (read in the rule text or an official copy)' : 'Medium (read in official guidance or a secondary source)'}</dd>
      <dt>Verified</dt>
      <dd>
        <time datetime={r.verifiedOn}>{formatDate(r.verifiedOn)}</time>
      </dd>
      <dt>Rule id</dt>
      <dd>
        <code>{r.id}</code>
      </dd>
    </dl>
    {r.notes ? (
      <details>
        <summary>Sources and caveats</summary>
        <p>{r.notes}</p>
      </details>
    ) : null}
  </article>
);

export const RulesStatePage: FC<{ j: Jurisdiction; federal: Jurisdiction | undefined }> = ({ j, federal }) => (
  <>
    <p>
      <a href="/rules">All jurisdictions</a>
    </p>
    <h1>Deadline rules: {j.name}</h1>
    <NotLegalAdvice />
    {TRACKED_RULE_KINDS.map((k) => {
      const c = j.coverage[k];
      const fed = j.code === 'US' ? [] : (federal?.coverage[k].rules ?? []);
      return (
        <section aria-labelledby={`kind-${k}-h`} id={`kind-${k}`}>
          <h2 id={`kind-${k}-h`}>{RULE_KIND_LABELS[k]}</h2>
          {c.status === 'rule' ? (
            <>
              {c.rules.length > 1 ? <p>Several rows apply; the earliest date wins (for example “45 school days or 90 calendar days, whichever is less”).</p> : null}
              {c.rules.map((r) => (
                <RuleCard rule={r} />
              ))}
            </>
          ) : (
            <>
              <p>
                <strong>{STATUS_TEXT[c.status]}.</strong> {c.note ?? (j.code === 'US' ? 'No federal rule sets this timeline.' : 'No state source has been read for this rule yet.')}
              </p>
              {fed.length ? (
                <p>
                  The federal rule: {fed.map((r) => (
                    <a href={`/rules/us#${r.id}`}>{`${r.days} ${UNIT_TEXT[r.unit]} under ${r.citation}`}</a>
                  ))}
                  .
                </p>
              ) : null}
            </>
          )}
        </section>
      );
    })}
    {j.rules.some((r) => !(TRACKED_RULE_KINDS as readonly string[]).includes(r.kind)) ? (
      <section aria-labelledby="kind-other-h" id="kind-other">
        <h2 id="kind-other-h">Other rules</h2>
        {j.rules
          .filter((r) => !(TRACKED_RULE_KINDS as readonly string[]).includes(r.kind))
          .map((r) => (
            <RuleCard rule={r} />
          ))}
      </section>
    ) : null}
  </>
);
