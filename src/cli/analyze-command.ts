import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { analyze, type AnalyzeResult } from '../core/analyze.js';
import { defaultTimezone, isValidTimeZone, knownState, parseCalendarIcs, parseCalendarJson } from '../core/deadlines/index.js';
import { extractProvisions } from '../core/provisions/extract.js';
import type { SchoolCalendar } from '../core/types.js';
import { clockContract } from '../core/clocks/compute.js';
import { readArchiveMessages } from '../services/mailbox/read-archive.js';
import { readIepDocumentSafely } from '../documents/read-iep.js';

/** Bad input to `analyze`: the command prints the message on one line and exits 2. */
export class BadInput extends Error {
  override name = 'BadInput';
}

function fail(message: string): never {
  throw new BadInput(message);
}

/**
 * `npm run analyze` (../shared/spec/analyze.md): the whole pipeline on an archive; returns the JSON document.
 * The command (src/cli/analyze.ts) and the evaluation (test/eval/run.ts) both run exactly this. `explain` keeps
 * each request's `replyReason` (the reply sentence that decided its status) for `npm run eval --verbose`.
 */
export async function runAnalyze(args: string[], options: { explain?: boolean } = {}): Promise<string> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        mail: { type: 'string' },
        parent: { type: 'string' },
        school: { type: 'string' },
        state: { type: 'string' },
        now: { type: 'string' },
        timezone: { type: 'string' },
        calendar: { type: 'string' },
        iep: { type: 'string' },
        child: { type: 'string' },
        'parent-name': { type: 'string' },
      },
      strict: true,
    }));
  } catch (err) {
    fail(`bad arguments: ${(err as Error).message}`);
  }
  for (const name of ['mail', 'parent', 'school', 'state', 'now'] as const) if (!values[name]) fail(`missing --${name}`);
  const state = values.state!.toUpperCase();
  if (!knownState(state)) fail(`unknown state: ${values.state}`);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(values.now!) || Number.isNaN(Date.parse(values.now!))) fail(`bad --now date-time: ${values.now}`);
  const timezone = values.timezone ?? defaultTimezone(state);
  if (!isValidTimeZone(timezone)) fail(`unknown timezone: ${timezone}`);

  const calendar = values.calendar ? await readCalendar(values.calendar) : undefined;
  const provisions = values.iep ? await readProvisions(values.iep) : [];
  const school = split(values.school!);
  const { messages, skipped } = await readArchiveMessages(values.mail!, school).catch(() => fail(`cannot read mail archive: ${values.mail}`));

  const result = analyze({
    messages,
    skipped,
    parents: split(values.parent!),
    school,
    state,
    timezone,
    now: values.now!,
    calendar,
    provisions,
    childName: values.child ?? null,
    parentName: values['parent-name'] ?? null,
  });
  const contract = toContract(result);
  if (options.explain) contract.requests.forEach((r, i) => Object.assign(r, { replyReason: result.requests[i]!.replyReason ?? null }));
  return `${JSON.stringify(contract, null, 2)}\n`;
}

function split(list: string): string[] {
  return list.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
}

async function readCalendar(path: string): Promise<SchoolCalendar> {
  const text = await readFile(path, 'utf8').catch(() => fail(`cannot read calendar: ${path}`));
  try {
    return /BEGIN:VCALENDAR/i.test(text) ? parseCalendarIcs(text) : parseCalendarJson(JSON.parse(text));
  } catch (err) {
    fail(`bad calendar ${path}: ${(err as Error).message}`);
  }
}

async function readProvisions(path: string) {
  const bytes = await readFile(path).catch(() => fail(`cannot read IEP: ${path}`));
  try {
    const { pages, paginated } = await readIepDocumentSafely(new Uint8Array(bytes), basename(path));
    return extractProvisions(pages, { paginated });
  } catch (err) {
    fail(`bad IEP document ${path}: ${(err as Error).message}`);
  }
}

/** Exactly the documented shape: internal explanation fields stay out. */
function toContract(r: AnalyzeResult) {
  return {
    threads: r.threads,
    messages: r.messages,
    requests: r.requests.map(({ signal: _s, declined: _d, closedByParent: _c, replyReason: _w, ...rest }) => rest),
    commitments: r.commitments.map(({ requestId: _r, ...rest }) => rest),
    clocks: r.clocks.map(clockContract),
    provisions: r.provisions.map(({ details: _d, ...rest }) => rest),
    drafts: r.drafts.map(({ references: _r, commitment: _c, facts: _f, ...rest }) => rest),
    skipped: r.skipped,
  };
}

