import { sql } from 'drizzle-orm';
import { bigint, bigserial, date, index, integer, json, pgSchema, primaryKey, smallint, text, timestamp, uniqueIndex, varchar } from 'drizzle-orm/pg-core';

/**
 * The registry's own tables. Every tenant table carries county_code (scope filter, index prefix,
 * future Citus distribution key) and village_code (region filter below county level).
 * Search uses btree prefix indexes (text_pattern_ops), which also give the `ORDER BY … USING ~<~`
 * order search results come in: pg_trgm is not loaded in PGlite by default.
 */
export const registry = pgSchema('registry');

export const households = registry.table(
  'households',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    villageCode: varchar('village_code', { length: 12 }).notNull(),
    /** 户编号: the head's ID number at creation; import matches households by it within a county. */
    householdKey: varchar('household_key', { length: 32 }).notNull(),
    address: text('address').notNull(),
    status: varchar('status', { length: 16 }).notNull(),
    yearLeftPoverty: smallint('year_left_poverty'),
    labourCapacity: varchar('labour_capacity', { length: 16 }).notNull(),
    /**
     * How many members the household has: kept equal to the count of its rows in `members` by
     * statement triggers in the writing transaction (drizzle/0005_household_member_count.sql), so
     * bulk reads (readHouseholdIncomes) need not count 3 M members. Never written by the application.
     */
    memberCount: integer('member_count').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('households_key_idx').on(table.countyCode, table.householdKey),
    index('households_village_idx').using('btree', table.countyCode, sql`${table.villageCode} text_pattern_ops`, table.id),
    index('households_status_idx').on(table.countyCode, table.status),
    /** Search: household key (ID number) prefix and address prefix within a county (id last: index-only). */
    index('households_key_prefix_idx').using('btree', table.countyCode, sql`${table.householdKey} text_pattern_ops`, table.id),
    index('households_address_idx').using('btree', table.countyCode, sql`${table.address} text_pattern_ops`, table.id),
  ],
);

export const members = registry.table(
  'members',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    householdId: bigint('household_id', { mode: 'number' }).notNull(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    villageCode: varchar('village_code', { length: 12 }).notNull(),
    name: text('name').notNull(),
    idNumber: varchar('id_number', { length: 18 }).notNull(),
    relation: varchar('relation', { length: 16 }).notNull(),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    sex: varchar('sex', { length: 6 }).notNull(),
    disabilityGrade: smallint('disability_grade'),
    seriousIllness: varchar('serious_illness', { length: 24 }).notNull().default('none'),
    healthNote: text('health_note').notNull().default(''),
    schooling: varchar('schooling', { length: 16 }).notNull(),
    employment: varchar('employment', { length: 24 }).notNull(),
  },
  (table) => [
    /** One person per ID number within a county; across counties duplicates are kept and listed. */
    uniqueIndex('members_id_number_idx').on(table.countyCode, table.idNumber),
    /** ID number equality across counties and prefix search; household_id last so search arms are index-only. */
    index('members_id_number_global_idx').using('btree', sql`${table.idNumber} text_pattern_ops`, table.countyCode, table.householdId),
    index('members_name_idx').using('btree', table.countyCode, sql`${table.name} text_pattern_ops`, table.householdId),
    /** Search by 12-digit village code, in name order. */
    index('members_village_name_idx').using('btree', table.villageCode, sql`${table.name} text_pattern_ops`),
    index('members_household_idx').on(table.householdId),
  ],
);

export const incomes = registry.table(
  'incomes',
  {
    householdId: bigint('household_id', { mode: 'number' }).notNull(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    villageCode: varchar('village_code', { length: 12 }).notNull(),
    year: integer('year').notNull(),
    wagesFen: bigint('wages_fen', { mode: 'number' }).notNull(),
    businessFen: bigint('business_fen', { mode: 'number' }).notNull(),
    propertyFen: bigint('property_fen', { mode: 'number' }).notNull(),
    transfersFen: bigint('transfers_fen', { mode: 'number' }).notNull(),
    productionCostsFen: bigint('production_costs_fen', { mode: 'number' }).notNull(),
    /** The same household's net income of year − 1 (null: none), kept by triggers (drizzle/0006); read by the income ledger's re-run. */
    previousNetFen: bigint('previous_net_fen', { mode: 'number' }),
  },
  (table) => [uniqueIndex('incomes_household_year_idx').on(table.householdId, table.year), index('incomes_county_idx').on(table.countyCode)],
);

/**
 * Change history per household (create, edit, move, member and income changes, imports). Kept by
 * the registry because bulk imports write one core audit entry per batch, not per household.
 */
export const householdHistory = registry.table(
  'household_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    householdId: bigint('household_id', { mode: 'number' }).notNull(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    villageCode: varchar('village_code', { length: 12 }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    username: text('username'),
    action: varchar('action', { length: 48 }).notNull(),
    /**
     * Field → [before, after]; member fields are keyed `member:<id>.<field>`. `json`, not `jsonb`:
     * append-only, read whole per household and never queried inside, so the text is stored as
     * written (a county's first import writes ~1 KB per household; jsonb's conversion doubled that cost).
     */
    changes: json('changes').$type<Record<string, [unknown, unknown]>>().notNull(),
  },
  // Read per household only (newest first); no other index: every import writes a row per household.
  (table) => [index('household_history_household_idx').on(table.householdId, table.at)],
);

/**
 * §3 visit duty per county and village: the households that must be visited every month (监测户 and
 * 脱贫户 — status `monitored` or `left-poverty`, the rows `listHouseholdsForVisitDuty` passes to the
 * rules' monthlyVisitDuty). Kept exact by statement triggers on households in the writing
 * transaction (drizzle/0004_visit_duty_tallies.sql), so city and province compliance add these rows
 * up instead of reading every household. Read through `visitDutyTallies` (public.ts).
 */
export const visitDutyTallies = registry.table(
  'visit_duty_tallies',
  {
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    villageCode: varchar('village_code', { length: 12 }).notNull(),
    households: integer('households').notNull(),
  },
  (table) => [primaryKey({ columns: [table.countyCode, table.villageCode] })],
);
