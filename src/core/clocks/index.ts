/** Process clocks (spec §5): events read from the mail, clocks and their status, and the overdue follow-up. Pure. */
export * from './events.js';
export * from './compute.js';
export * from './draft.js';
