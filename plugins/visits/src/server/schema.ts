import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import type { MeasureSuggestion } from '@zhenxing/rules';
import type { ChecklistInput, ChecklistResult, IncomeChanges, SpendingChanges, WorkState } from '../index.ts';

/** The visits module's own tables, in its own PostgreSQL schema; money is integer fen. */
export const visitsSchema = pgSchema('visits');

/**
 * 包联: which cadre visits a household (or every household of a village), from when to when.
 * History is never overwritten: a new assignment ends the previous one (effective_to), nothing is deleted.
 */
export const assignments = visitsSchema.table(
  'assignments',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    villageCode: varchar('village_code', { length: 12 }).notNull(),
    /** null: the whole village. */
    householdId: bigint('household_id', { mode: 'number' }),
    cadreName: text('cadre_name').notNull(),
    cadreUsername: text('cadre_username'),
    cadreKind: varchar('cadre_kind', { length: 16 }).notNull(),
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    effectiveTo: date('effective_to', { mode: 'string' }),
    assignedBy: text('assigned_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    index('assignments_village_idx').using('btree', table.countyCode, sql`${table.villageCode} text_pattern_ops`),
    index('assignments_household_idx').on(table.householdId),
    index('assignments_cadre_idx').on(table.countyCode, table.cadreUsername),
  ],
);

/** One monthly visit (§3) as recorded; never edited. */
export const visits = visitsSchema.table(
  'visits',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** Made by the client when the form opened: a second sync of the same visit finds this row. */
    clientId: uuid('client_id').notNull(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    villageCode: varchar('village_code', { length: 12 }).notNull(),
    householdId: bigint('household_id', { mode: 'number' }).notNull(),
    visitedAt: timestamp('visited_at', { withTimezone: true }).notNull(),
    /** Asia/Shanghai date and month of visited_at: the month a visit counts for. */
    visitedOn: date('visited_on', { mode: 'string' }).notNull(),
    month: varchar('month', { length: 7 }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    recordedOffline: boolean('recorded_offline').notNull(),
    formSeconds: integer('form_seconds').notNull(),
    visitors: jsonb('visitors').$type<string[]>().notNull(),
    personMet: text('person_met').notNull(),
    recordedBy: text('recorded_by').notNull(),
    incomeChanges: jsonb('income_changes').$type<IncomeChanges>().notNull(),
    spendingChanges: jsonb('spending_changes').$type<SpendingChanges>().notNull(),
    industry: jsonb('industry').$type<{ state: WorkState; note: string }>().notNull(),
    employment: jsonb('employment').$type<{ state: WorkState; note: string }>().notNull(),
    checklist: jsonb('checklist').$type<ChecklistInput>().notNull(),
    checklistResult: jsonb('checklist_result').$type<ChecklistResult>().notNull(),
    policyNotes: text('policy_notes').notNull(),
    findings: text('findings').notNull(),
    riskTypes: jsonb('risk_types').$type<string[]>().notNull(),
    suggestedMeasures: jsonb('suggested_measures').$type<MeasureSuggestion[]>().notNull(),
    /** Ids of the visit's photos in core.uploads (kept there for good once the visit is recorded). */
    photoIds: jsonb('photo_ids').$type<string[]>().notNull().default([]),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    /** md5 of the answers that do not name the household: equal across households means copied. */
    answersHash: varchar('answers_hash', { length: 32 }).notNull(),
    /**
     * §3: the household had the monthly visit duty (监测户 or 脱贫户, the rules' mustVisitMonthly on
     * its registry status) when this visit was recorded — the visit counts as "done" for compliance.
     */
    householdDue: boolean('household_due').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    uniqueIndex('visits_client_idx').on(table.countyCode, table.clientId),
    index('visits_month_idx').using('btree', table.countyCode, table.month, sql`${table.villageCode} text_pattern_ops`),
    index('visits_household_idx').on(table.householdId, table.visitedAt),
  ],
);

/**
 * One row per household and Shanghai month that has at least one visit (the first visit's county
 * and village), written by the statement trigger on visits (drizzle/0002_month_tallies.sql) only.
 */
export const householdMonths = visitsSchema.table(
  'household_months',
  {
    householdId: bigint('household_id', { mode: 'number' }).notNull(),
    month: varchar('month', { length: 7 }).notNull(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    villageCode: varchar('village_code', { length: 12 }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.householdId, table.month] })],
);

/**
 * Visited households per county, village and Shanghai month, kept exact by the same trigger in the
 * writing transaction: what city and province compliance add up instead of scanning visits.
 */
export const monthTallies = visitsSchema.table(
  'month_tallies',
  {
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    villageCode: varchar('village_code', { length: 12 }).notNull(),
    month: varchar('month', { length: 7 }).notNull(),
    households: integer('households').notNull(),
    /** Of those, the households visited while they had the §3 duty (compliance's "done"). */
    dueHouseholds: integer('due_households').notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.countyCode, table.villageCode, table.month] }), index('month_tallies_month_idx').on(table.month, table.countyCode)],
);

/**
 * One row per household and Shanghai month with a visit made while the household was due (the
 * first such visit's county and village), written by the tally trigger only (drizzle/0003).
 */
export const dueHouseholdMonths = visitsSchema.table(
  'due_household_months',
  {
    householdId: bigint('household_id', { mode: 'number' }).notNull(),
    month: varchar('month', { length: 7 }).notNull(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    villageCode: varchar('village_code', { length: 12 }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.householdId, table.month] })],
);

export type AssignmentRow = typeof assignments.$inferSelect;
export type VisitRow = typeof visits.$inferSelect;
