import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { distArgs } from '../helpers/dist.js';

const run = promisify(execFile);
const BOX = new URL('../fixtures/corpus/ca-advocate-four-requests/', import.meta.url).pathname;
const IEP = new URL('../fixtures/iep/california-iep.txt', import.meta.url).pathname;
const BASE = ['--mail', `${BOX}mail`, '--parent', 'lauren.whitcombe.law@gmail.com', '--school', 'coastalbluffs.k12.ca.us', '--state', 'CA', '--now', '2026-03-12T09:00:00-08:00'];

// The command as `npm run analyze` runs it: `node dist/analyze.js` (built by the globalSetup), one process per run.
async function analyze(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [...distArgs('analyze'), ...args], { encoding: 'utf8', maxBuffer: 32 << 20 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('npm run analyze', () => {
  it('prints exactly the documented shape, the same on every run', async () => {
    const a = await analyze([...BASE, '--iep', IEP, '--child', 'Ethan', '--parent-name', 'Lauren Whitcombe']);
    const b = await analyze([...BASE, '--iep', IEP, '--child', 'Ethan', '--parent-name', 'Lauren Whitcombe']);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const out = JSON.parse(a.stdout);
    expect(Object.keys(out)).toEqual(['threads', 'messages', 'requests', 'commitments', 'clocks', 'provisions', 'drafts', 'skipped']);
    expect(Object.keys(out.requests[0]).sort()).toEqual(
      ['id', 'threadId', 'messageId', 'kind', 'sentAt', 'evidence', 'status', 'answeredBy', 'acknowledgedBy', 'dueDate', 'dueBasis', 'rule', 'provisions', 'reason'].sort(),
    );
    // `reason` is additive: why we think this is a request (act, head of the ask, deciding rules).
    expect(Object.keys(out.requests[0].reason).sort()).toEqual(['act', 'head', 'rule']);
    expect(Object.keys(out.drafts[0]).sort()).toEqual(['requestId', 'inReplyTo', 'to', 'cc', 'subject', 'body'].sort());
    expect(Object.keys(out.provisions[0]).sort()).toEqual(['id', 'type', 'text', 'section', 'page'].sort());
    // Times keep their offsets; dates are local dates.
    expect(out.messages[0].sentAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
    expect(out.requests.every((r: { dueDate: string }) => /^\d{4}-\d\d-\d\d$/.test(r.dueDate))).toBe(true);
    // One draft per overdue request, plus one per missed commitment.
    const overdue = out.requests.filter((r: { status: string }) => r.status === 'overdue').length;
    const missed = out.commitments.filter((c: { status: string }) => c.status === 'missed').length;
    expect(out.drafts.length).toBe(overdue + missed);
  }, 60_000);

  it.each([
    [['--mail', '/nonexistent/box'], /cannot read mail archive/],
    [['--state', 'ZZ'], /unknown state/],
    [['--now', 'yesterday'], /bad --now/],
    [['--timezone', 'Mars/Olympus'], /unknown timezone/],
    [['--calendar', '/nonexistent.json'], /cannot read calendar/],
    [['--bogus', 'x'], /bad arguments/],
  ])('exits 2 with one line for bad input %j', async (override, message) => {
    const args = [...BASE];
    for (let i = 0; i < override.length; i += 2) {
      const at = args.indexOf(override[i]!);
      if (at >= 0) args[at + 1] = override[i + 1]!;
      else args.push(override[i]!, override[i + 1]!);
    }
    const r = await analyze(args);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\bat \S+:\d+:\d+/); // no stack trace
  }, 60_000);

  it('reports an unparsable message in skipped and goes on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ft-analyze-'));
    writeFileSync(join(dir, 'broken.eml'), 'this is not an email at all\n');
    writeFileSync(
      join(dir, 'ok.eml'),
      'From: Parent <p@example.com>\r\nTo: Teacher <t@district.example.org>\r\nSubject: Records\r\nDate: Mon, 12 Jan 2026 16:03:00 -0800\r\nMessage-ID: <ok@x>\r\n\r\nPlease send me a copy of his IEP.\r\n',
    );
    const r = await analyze(['--mail', dir, '--parent', 'p@example.com', '--school', 'district.example.org', '--state', 'CA', '--now', '2026-01-30T12:00:00-08:00']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.skipped).toEqual([{ file: 'broken.eml', reason: 'no headers' }]);
    expect(out.requests).toHaveLength(1);
    expect(out.requests[0]).toMatchObject({ kind: 'records', status: 'overdue', dueBasis: 'statute', dueDate: '2026-01-20' });
    expect(out.requests[0].rule).toMatchObject({ id: 'ca-records-access', days: 5, unit: 'business_days', estimated: false });
  }, 60_000);
});
