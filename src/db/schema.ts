/**
 * The whole data model of the spec, one file per group of tables under schema/, re-exported here so every
 * import (and drizzle.config.ts) keeps one entry. Every row that belongs to a family carries `account_id`, so
 * every query can be scoped to the signed-in account (a parent sees only their own data).
 */
export * from './schema/accounts.js';
export * from './schema/children.js';
export * from './schema/mail.js';
export * from './schema/clocks.js';
export * from './schema/requests.js';
export * from './schema/operations.js';
export * from './schema-followthrough.js';
