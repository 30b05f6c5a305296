import { bigint, bigserial, boolean, date, index, integer, pgSchema, text, timestamp, uniqueIndex, varchar } from 'drizzle-orm/pg-core';

/** Linkage funds' own tables; money is integer fen. Funds are county-level (no village code). */
export const fundsSchema = pgSchema('funds');

/** A batch of linkage funds a county received (资金下达), by year and level, with its 文号. */
export const batches = fundsSchema.table(
  'batches',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    year: integer('year').notNull(),
    level: varchar('level', { length: 16 }).notNull(),
    documentNumber: text('document_number').notNull(),
    documentDate: date('document_date', { mode: 'string' }).notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    title: text('title').notNull().default(''),
    idempotencyKey: varchar('idempotency_key', { length: 100 }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('batches_county_year').on(table.countyCode, table.year), uniqueIndex('batches_idempotency').on(table.countyCode, table.idempotencyKey)],
);

/** Part of a batch assigned to a use (industry / other) and optionally to a project (id + title only). */
export const allocations = fundsSchema.table(
  'allocations',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    batchId: bigint('batch_id', { mode: 'number' })
      .notNull()
      .references(() => batches.id),
    use: varchar('use', { length: 16 }).notNull(),
    purpose: text('purpose').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    projectId: bigint('project_id', { mode: 'number' }),
    projectTitle: text('project_title'),
    linksFarmers: boolean('links_farmers').notNull().default(false),
    reachesHouseholds: boolean('reaches_households').notNull().default(false),
    idempotencyKey: varchar('idempotency_key', { length: 100 }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('allocations_batch').on(table.batchId),
    index('allocations_project').on(table.countyCode, table.projectId),
    uniqueIndex('allocations_idempotency').on(table.countyCode, table.idempotencyKey),
  ],
);

/**
 * Money actually paid out of an allocation (支出). `source` says who reported it: a payment of the
 * projects module (`sourceRef` = `payment:<id>`) or a manual entry (`sourceRef` = its idempotency key).
 */
export const spending = fundsSchema.table(
  'spending',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    allocationId: bigint('allocation_id', { mode: 'number' })
      .notNull()
      .references(() => allocations.id),
    source: varchar('source', { length: 16 }).notNull(),
    sourceRef: varchar('source_ref', { length: 120 }).notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    paidOn: date('paid_on', { mode: 'string' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('spending_allocation').on(table.allocationId), uniqueIndex('spending_source').on(table.countyCode, table.sourceRef, table.allocationId)],
);

export type BatchRow = typeof batches.$inferSelect;
export type AllocationRow = typeof allocations.$inferSelect;
export type SpendingRow = typeof spending.$inferSelect;
