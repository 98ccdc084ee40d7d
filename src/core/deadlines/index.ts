/** The deadline engine: rule table, local-date and calendar helpers, business days, due dates. Pure. */
export * from './calendar.js';
export * from './ics.js';
export * from './business-days.js';
export * from './exclusions.js';
export * from './states.js';
export * from './rules.js';
export * from './engine.js';
export { yearEndText } from './year-end.js';
export * from './coverage.js';
