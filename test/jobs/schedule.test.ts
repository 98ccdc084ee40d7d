import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCHEDULE, jobForCron } from '../../src/jobs/schedule.js';

describe('one schedule for Node and Workers', () => {
  it("wrangler.toml's crons equal src/jobs/schedule.ts", () => {
    const toml = readFileSync(new URL('../../wrangler.toml', import.meta.url), 'utf8');
    const line = /^\s*crons\s*=\s*\[([^\]]*)\]/m.exec(toml);
    expect(line, 'wrangler.toml has a [triggers] crons line').not.toBeNull();
    const crons = [...line![1]!.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
    expect(crons.sort()).toEqual(SCHEDULE.map((j) => j.cron).sort());
  });

  it('maps every cron back to its job and nothing else', () => {
    for (const job of SCHEDULE) expect(jobForCron(job.cron)?.name).toBe(job.name);
    expect(jobForCron('1 2 3 4 5')).toBeUndefined();
  });
});
