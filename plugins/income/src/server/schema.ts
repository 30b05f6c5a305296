import { bigint, bigserial, boolean, date, index, integer, jsonb, pgSchema, text, timestamp, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import type { IncomeLedgerReasonCode, Reason } from '@zhenxing/rules';
import type { LedgerHistoryItem, PlanMeasure, SupervisionRow } from '../index.ts';

/** Income's own tables, in its own PostgreSQL schema; money is integer fen. */
export const incomeSchema = pgSchema('income');

const fenChangeColumn = (name: string) => bigint(name, { mode: 'number' }).notNull().default(0);

/**
 * In-year income changes of a household by hand, per component, fen (±). A visit's changes go to the
 * registry's yearly income instead (visit-income.ts), so `source` is 'manual' for new rows.
 */
export const adjustments = incomeSchema.table(
  'adjustments',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    villageCode: varchar('village_code', { length: 12 }).notNull(),
    householdId: bigint('household_id', { mode: 'number' }).notNull(),
    year: integer('year').notNull(),
    source: text('source').$type<'manual' | 'visit'>().notNull(),
    wagesFen: fenChangeColumn('wages_fen'),
    businessFen: fenChangeColumn('business_fen'),
    propertyFen: fenChangeColumn('property_fen'),
    transfersFen: fenChangeColumn('transfers_fen'),
    productionCostsFen: fenChangeColumn('production_costs_fen'),
    note: text('note').notNull().default(''),
    recordedOn: date('recorded_on', { mode: 'string' }).notNull(),
    recordedBy: text('recorded_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('adjustments_household_year').on(table.householdId, table.year), index('adjustments_county').on(table.countyCode)],
);

/** 台账: one entry per household and income year, open while the rules flag it. */
export const ledgerEntries = incomeSchema.table(
  'ledger_entries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    villageCode: varchar('village_code', { length: 12 }).notNull(),
    householdId: bigint('household_id', { mode: 'number' }).notNull(),
    year: integer('year').notNull(),
    status: text('status').$type<'open' | 'closed'>().notNull(),
    fell: boolean('fell').notNull(),
    low: boolean('low').notNull(),
    perCapitaFen: bigint('per_capita_fen', { mode: 'number' }).notNull(),
    previousYearPerCapitaFen: bigint('previous_year_per_capita_fen', { mode: 'number' }),
    reasons: jsonb('reasons').$type<Reason<IncomeLedgerReasonCode>[]>().notNull(),
    parameterVersion: text('parameter_version').notNull(),
    openedOn: date('opened_on', { mode: 'string' }).notNull(),
    closedOn: date('closed_on', { mode: 'string' }),
    history: jsonb('history').$type<LedgerHistoryItem[]>().notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex('ledger_household_year').on(table.householdId, table.year), index('ledger_county').on(table.countyCode, table.year, table.status)],
);

/** 增收计划 of a ledger household. */
export const plans = incomeSchema.table(
  'plans',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    villageCode: varchar('village_code', { length: 12 }).notNull(),
    householdId: bigint('household_id', { mode: 'number' }).notNull(),
    ledgerEntryId: bigint('ledger_entry_id', { mode: 'number' }).notNull(),
    measures: jsonb('measures').$type<PlanMeasure[]>().notNull(),
    cadreName: text('cadre_name').notNull(),
    targetPerCapitaFen: bigint('target_per_capita_fen', { mode: 'number' }).notNull(),
    startOn: date('start_on', { mode: 'string' }).notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    progress: integer('progress').notNull().default(0),
    status: text('status').$type<'active' | 'completed'>().notNull(),
    note: text('note').notNull().default(''),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('plans_county').on(table.countyCode, table.dueOn),
    index('plans_household').on(table.householdId),
    index('plans_ledger').on(table.ledgerEntryId),
  ],
);

/** Growth figures the province enters per county and year (local farmers', national, provincial), basis points. */
export const growthFigures = incomeSchema.table(
  'growth_figures',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    year: integer('year').notNull(),
    povertyCounty: boolean('poverty_county').notNull(),
    localFarmersBasisPoints: integer('local_farmers_basis_points').notNull(),
    nationalBasisPoints: integer('national_basis_points').notNull(),
    provincialBasisPoints: integer('provincial_basis_points').notNull(),
    enteredBy: text('entered_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex('growth_county_year').on(table.countyCode, table.year)],
);

/** A published 挂牌督办 list: one row per county and year, frozen with the figures it used; lifted with a reason. */
export const supervisionEntries = incomeSchema.table(
  'supervision_entries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    year: integer('year').notNull(),
    supervised: boolean('supervised').notNull(),
    /** The list row as computed when published (figures, reasons, parameter version). */
    snapshot: jsonb('snapshot').$type<SupervisionRow>().notNull(),
    parameterVersion: text('parameter_version').notNull(),
    publishedBy: text('published_by').notNull(),
    publishedOn: date('published_on', { mode: 'string' }).notNull(),
    liftedOn: date('lifted_on', { mode: 'string' }),
    liftedBy: text('lifted_by'),
    liftReason: text('lift_reason'),
  },
  (table) => [uniqueIndex('supervision_county_year').on(table.countyCode, table.year)],
);

/**
 * 稳岗就业 per county and year: 脱贫劳动力 in work as the county records them (disjoint: locally, outside
 * the county within the province, outside the province, on a public-welfare job) and the target of
 * people in work set by the province. Null = not recorded (never read as 0).
 */
export const employmentFigures = incomeSchema.table(
  'employment_figures',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    year: integer('year').notNull(),
    local: integer('local'),
    outsideCounty: integer('outside_county'),
    outsideProvince: integer('outside_province'),
    publicWelfareJobs: integer('public_welfare_jobs'),
    recordedBy: text('recorded_by'),
    targetEmployed: integer('target_employed'),
    targetSetBy: text('target_set_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex('employment_county_year').on(table.countyCode, table.year)],
);

/**
 * 稳岗就业 placements of registry members through social assistance's 劳务协作 pairings, counted from
 * its `job-placed` events (keyed by its placement id: a re-delivered event counts once) and
 * uncounted by `job-placement-removed`. Ids and codes only.
 */
export const assistancePlacements = incomeSchema.table(
  'assistance_placements',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    villageCode: varchar('village_code', { length: 12 }).notNull(),
    year: integer('year').notNull(),
    placementId: bigint('placement_id', { mode: 'number' }).notNull(),
    householdId: bigint('household_id', { mode: 'number' }).notNull(),
    memberId: bigint('member_id', { mode: 'number' }).notNull(),
    placedOn: date('placed_on', { mode: 'string' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('assistance_placements_placement').on(table.countyCode, table.placementId),
    index('assistance_placements_county_year').on(table.countyCode, table.year),
  ],
);

export type EmploymentFiguresRow = typeof employmentFigures.$inferSelect;
export type AssistancePlacementRow = typeof assistancePlacements.$inferSelect;
export type SupervisionEntryRow = typeof supervisionEntries.$inferSelect;
export type AdjustmentRow = typeof adjustments.$inferSelect;
export type LedgerRow = typeof ledgerEntries.$inferSelect;
export type PlanRow = typeof plans.$inferSelect;
export type GrowthRow = typeof growthFigures.$inferSelect;
