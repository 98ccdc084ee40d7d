#!/usr/bin/env node
/**
 * Writes src/core/deadlines/timezones-us.json: moment-timezone's packed zone data (every year, as the package
 * ships it) for only the zones the United States holiday data names (holidays-us.json), plus GMT/UTC. The Worker
 * bundle loads this instead of every zone of the world (wrangler.toml [alias] "moment-timezone" ->
 * src/core/deadlines/moment-timezone-us.ts); date-holidays-parser asks moment-timezone only for the zones of the
 * country and state it was built with. A test compares the file with the installed package: run this after
 * upgrading moment-timezone or date-holidays.
 */
import { readFileSync, writeFileSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const packed = JSON.parse(readFileSync(new URL('node_modules/moment-timezone/data/packed/latest.json', root), 'utf8'));
const holidays = JSON.parse(readFileSync(new URL('src/core/deadlines/holidays-us.json', root), 'utf8'));

/** Every "zones" list anywhere in the US holiday data (the country's, each state's and region's). */
function zonesIn(node, into) {
  if (Array.isArray(node)) for (const v of node) zonesIn(v, into);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'zones' && Array.isArray(v)) for (const z of v) into.add(z);
      else zonesIn(v, into);
    }
  }
  return into;
}

const wanted = zonesIn(holidays.holidays.US, new Set(['Etc/GMT', 'Etc/UTC', 'GMT', 'UTC']));
// A wanted name may be a link ("Target|Alias"): keep the link and its target zone.
const links = packed.links.filter((l) => wanted.has(l.split('|')[1]));
const zoneNames = new Set([...wanted, ...links.map((l) => l.split('|')[0])]);
const zones = packed.zones.filter((z) => zoneNames.has(z.split('|')[0]));
const found = new Set([...zones.map((z) => z.split('|')[0]), ...links.map((l) => l.split('|')[1])]);
const missing = [...wanted].filter((z) => !found.has(z));
if (missing.length) throw new Error(`moment-timezone has no data for: ${missing.join(', ')}`);

const out = { version: packed.version, zones, links, countries: packed.countries.filter((c) => c.startsWith('US|')) };
writeFileSync(new URL('src/core/deadlines/timezones-us.json', root), `${JSON.stringify(out)}\n`);
console.log(`timezones-us.json: ${zones.length} zones, ${links.length} links (moment-timezone data ${packed.version})`);
