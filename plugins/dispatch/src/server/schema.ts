import { bigint, bigserial, date, index, pgSchema, text, timestamp, varchar } from 'drizzle-orm/pg-core';

/** Dispatch's own tables, in its own PostgreSQL schema; money is integer fen. */
export const dispatchSchema = pgSchema('dispatch');

/** One record of a county (replace with the module's real entities). */
export const items = dispatchSchema.table(
  'items',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    title: text('title').notNull(),
    recordedOn: date('recorded_on', { mode: 'string' }).notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('items_county').on(table.countyCode, table.recordedOn)],
);

export type ItemRow = typeof items.$inferSelect;
