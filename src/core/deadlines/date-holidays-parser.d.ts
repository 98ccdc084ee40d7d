// date-holidays-parser ships types, but its package.json "exports" hides them; it is the engine behind
// date-holidays (whose types describe the same instance methods), constructed with the data first.
declare module 'date-holidays-parser' {
  import type Holidays from 'date-holidays';
  const HolidaysParser: new (data: object, country: string, state?: string) => Holidays;
  export default HolidaysParser;
}

// The package's full data set, read only by the test that keeps holidays-us.json equal to it.
declare module 'date-holidays/data' {
  export const data: { version: string; license: string; holidays: Record<string, unknown>; names: Record<string, unknown> };
}

// moment-timezone's library without its data (src/core/deadlines/moment-timezone-us.ts loads the US zones into it).
declare module 'moment-timezone/moment-timezone.js' {
  import moment from 'moment-timezone';
  export default moment;
}
