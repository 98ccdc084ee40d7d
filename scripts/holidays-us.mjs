#!/usr/bin/env node
/**
 * Writes src/core/deadlines/holidays-us.json: the United States part of the `date-holidays` data (the federal
 * list and every state's), with the shared holiday names it refers to. The deadline engine loads only this,
 * through `date-holidays-parser`, instead of every country's data (about 0.8 MB in each bundle).
 * A test compares the file with the installed package: run this after upgrading date-holidays.
 */
import { writeFileSync } from 'node:fs';
import { data } from 'date-holidays/data';

const us = { version: data.version, license: data.license, holidays: { US: data.holidays.US }, names: data.names };
writeFileSync(new URL('../src/core/deadlines/holidays-us.json', import.meta.url), `${JSON.stringify(us)}\n`);
