/**
 * @zhenxing/rules — the one place where policy lives. Pure functions, no I/O, a zod schema for every
 * input and output, and a parameter set per province and period behind every number.
 * See docs/policy-map.md for the clause → function → test table.
 */
export * from './clause.js';
export * from './reason.js';
export * from './rational.js';
export * from './money.js';
export * from './dates.js';
export * from './parameters/schema.js';
export * from './parameters/hebei.js';
export * from './parameters/registry.js';
export * from './parameters/diff.js';
export * from './income.js';
export * from './monitoring-object.js';
export * from './medical-warning.js';
export * from './risk-categories.js';
export * from './identification.js';
export * from './green-channel.js';
export * from './elimination.js';
export * from './basic-needs.js';
export * from './measures.js';
export * from './visits.js';
export * from './income-ledger.js';
export * from './growth.js';
export * from './supervision.js';
export * from './funds.js';
export * from './disbursement.js';
export * from './id-number.js';
export * from './personal-data.js';
