/**
 * The Worker bundle swaps some modules for lighter ones (wrangler.toml [alias]) to stay well under the size limit:
 * moment-timezone with the US zones only, no VSOP87 series for equinox holidays, one copy of libmime. This bundles
 * the deadline engine's holiday lists and the mail parser the way wrangler does (esbuild, each [alias] key matched
 * exactly, as wrangler's own alias plugin does) and checks they answer exactly as the modules imported directly.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { tmpdir } from 'node:os';
import { build, type Plugin } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicHolidays } from '../../src/core/deadlines/business-days.js';
import { parseMail } from '../../src/mail/parse.js';
import moment from 'moment-timezone';
import US_ZONES from '../../src/core/deadlines/timezones-us.json' with { type: 'json' };
import US_HOLIDAYS from '../../src/core/deadlines/holidays-us.json' with { type: 'json' };

// The years a deadline can fall in now, and one past the old Worker build's 1970-2030 zone data.
const YEARS = [2026, 2027, 2028, 2035];
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The [alias] table of wrangler.toml: module specifier → path from the project root. */
function wranglerAliases(): Record<string, string> {
  const toml = readFileSync(resolve(ROOT, 'wrangler.toml'), 'utf8');
  const section = toml.split(/^\[alias\]$/m)[1]?.split(/^\[/m)[0] ?? '';
  const out: Record<string, string> = {};
  for (const m of section.matchAll(/^"([^"]+)" = "([^"]+)"$/gm)) out[m[1]!] = m[2]!;
  return out;
}

/** Exact-specifier aliases resolved from the project root, as wrangler's alias plugin does. */
function aliasPlugin(aliases: Record<string, string>): Plugin {
  const require = createRequire(resolve(ROOT, 'package.json'));
  return {
    name: 'wrangler-alias',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        const target = aliases[args.path];
        return target ? { path: require.resolve(target, { paths: [ROOT] }) } : undefined;
      });
    },
  };
}

type Bundled = { publicHolidays: typeof publicHolidays; parseMail: typeof parseMail; moment: typeof moment };
let bundled: Bundled;
let dir: string;
let inputs: string[];

beforeAll(async () => {
  dir = mkdtempSync(resolve(tmpdir(), 'worker-aliases-'));
  const entry = resolve(dir, 'entry.ts');
  writeFileSync(
    entry,
    `export { publicHolidays } from ${JSON.stringify(resolve(ROOT, 'src/core/deadlines/business-days.ts'))};\n` +
      `export { parseMail } from ${JSON.stringify(resolve(ROOT, 'src/mail/parse.ts'))};\n` +
      `export { default as moment } from 'moment-timezone';\n`,
  );
  const out = resolve(dir, 'bundle.mjs');
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'node',
    mainFields: ['module', 'main'],
    outfile: out,
    logLevel: 'silent',
    metafile: true,
    // CommonJS packages in an ES bundle on Node require the built-ins through a real require.
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    plugins: [aliasPlugin(wranglerAliases())],
  });
  inputs = Object.keys(result.metafile.inputs);
  bundled = (await import(pathToFileURL(out).href)) as Bundled;
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the Worker bundle’s lighter modules', () => {
  it('are what the bundle carries: no world zone data, no VSOP87 series, one libmime', () => {
    const aliases = wranglerAliases();
    expect(aliases['moment-timezone']).toBe('./src/core/deadlines/moment-timezone-us.ts');
    expect(aliases['astronomia/data/vsop87Bearth']).toBe('./src/core/deadlines/no-equinox-data.ts');
    expect(inputs.some((p) => p.includes('moment-timezone/data/') || p.includes('moment-timezone/builds/'))).toBe(false);
    expect(inputs.some((p) => p.includes('astronomia/data/vsop87Bearth'))).toBe(false);
    expect(inputs.some((p) => p.includes('libmime/dist/esm/'))).toBe(false);
    expect(inputs.some((p) => p.includes('libmime/dist/cjs/libmime.js'))).toBe(true);
  });

  it('carry every zone the US holiday data names, as the package’s own data (run scripts/timezones-us.mjs after an upgrade)', () => {
    const named = new Set<string>();
    JSON.stringify(US_HOLIDAYS.holidays.US, (key, value: unknown) => {
      if (key === 'zones' && Array.isArray(value)) for (const z of value) named.add(z as string);
      return value;
    });
    expect(named.size).toBeGreaterThan(20);
    const packed = createRequire(import.meta.url)('moment-timezone/data/packed/latest.json') as { version: string; zones: string[] };
    expect(US_ZONES.version).toBe(packed.version);
    for (const z of US_ZONES.zones) expect(packed.zones).toContain(z);
    const instants = [Date.UTC(1999, 0, 15), Date.UTC(2026, 6, 4, 12), Date.UTC(2026, 10, 1, 6, 30), Date.UTC(2036, 2, 9, 8)];
    for (const name of named) {
      expect(bundled.moment.tz.zone(name), name).not.toBeNull();
      for (const t of instants) expect(bundled.moment.tz.zone(name)!.utcOffset(t), name).toBe(moment.tz.zone(name)!.utcOffset(t));
    }
    expect(bundled.moment.tz.zone('Europe/Paris')).toBeNull();
  });

  it('give every state’s public holidays exactly as the full packages do (this school year to past 2030)', () => {
    const states = ['US', ...Object.keys((US_HOLIDAYS.holidays.US as { states: Record<string, unknown> }).states)];
    expect(states.length).toBeGreaterThan(50);
    let compared = 0;
    for (const state of states) {
      for (const year of YEARS) {
        const direct = [...publicHolidays(state, year)];
        expect([...bundled.publicHolidays(state, year)], `${state} ${year}`).toEqual(direct);
        compared += direct.length;
      }
    }
    expect(compared).toBeGreaterThan(states.length * YEARS.length * 8);
  }, 120_000);

  it('parse mail exactly as the unaliased parser does (encoded words, flowed text, legacy charsets)', async () => {
    const now = new Date('2026-12-01T12:00:00Z');
    const flowed = Buffer.from(
      [
        'From: =?UTF-8?Q?Jos=C3=A9_Mart=C3=ADnez?= <jose@example.org>',
        'To: "Dana O\'Neil" <dana@example.org>',
        'Subject: =?ISO-8859-1?Q?R=E9union_IEP?= =?UTF-8?B?4oCUIHNjaGVkdWxl?=',
        'Date: Tue, 01 Dec 2026 09:30:00 -0500',
        'Message-ID: <flowed-1@example.org>',
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset="utf-8"; format=flowed',
        'Content-Transfer-Encoding: 8bit',
        '',
        'Please send the evaluation report to me by Friday, as we discussed at the ',
        'meeting on Tuesday. ',
        'Thank you.',
        '',
      ].join('\r\n'),
    );
    const fixtures = readdirSync(resolve(ROOT, 'test/fixtures/eml')).map((f) => readFileSync(resolve(ROOT, 'test/fixtures/eml', f)));
    for (const raw of [flowed, ...fixtures]) {
      const direct = await parseMail(raw, { now });
      expect(await bundled.parseMail(raw, { now })).toEqual(direct);
    }
    const first = await bundled.parseMail(flowed, { now });
    expect(first.subject).toBe('Réunion IEP— schedule');
    expect(first.text).toContain('at the meeting on Tuesday.');
  });
});
