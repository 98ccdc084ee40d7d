// The Worker's 'moment-timezone' (wrangler.toml [alias]): the library without its bundled world data, loaded with
// the United States zones only (timezones-us.json, written by scripts/timezones-us.mjs). moment-timezone is used
// only by date-holidays-parser, which the deadline engine builds with the US holiday data, so it asks only for
// these zones; the full data (about 130 KiB of the bundle) stays in the Node build.
import moment from 'moment-timezone/moment-timezone.js';
import US_ZONES from './timezones-us.json' with { type: 'json' };

moment.tz.load(US_ZONES);

export default moment;
