import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, date, index, integer, jsonb, pgSchema, primaryKey, text, timestamp, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import type { Attachment } from '../index.ts';

/**
 * 防止返贫监测帮扶 tables. Every table carries county_code and village_code (tenant keys); nothing is
 * ever deleted — steps and statuses change, and the history table keeps who did what.
 */
export const monitoringSchema = pgSchema('monitoring');

/** Identification cases (认定程序), one open case per household at a time. */
export const cases = monitoringSchema.table(
  'cases',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    villageCode: varchar('village_code', { length: 12 }).notNull(),
    householdId: bigint('household_id', { mode: 'number' }).notNull(),
    step: varchar('step', { length: 32 }).notNull(),
    discoveredOn: date('discovered_on', { mode: 'string' }).notNull(),
    warningOn: date('warning_on', { mode: 'string' }).notNull(),
    deadlineOn: date('deadline_on', { mode: 'string' }).notNull(),
    /** identificationProgress status, kept current by the deadline-scan job and every transition. */
    deadlineStatus: varchar('deadline_status', { length: 16 }).notNull(),
    escalationLevel: varchar('escalation_level', { length: 16 }).notNull().default('none'),
    escalatedOn: date('escalated_on', { mode: 'string' }),
    parameterVersion: varchar('parameter_version', { length: 32 }).notNull(),
    greenChannel: boolean('green_channel').notNull().default(false),
    greenChannelDecision: jsonb('green_channel_decision'),
    riskTypes: jsonb('risk_types').$type<string[]>().notNull().default([]),
    riskCategories: jsonb('risk_categories').$type<string[]>().notNull().default([]),
    evaluation: jsonb('evaluation'),
    objectTypeDecision: jsonb('object_type_decision'),
    objectType: varchar('object_type', { length: 32 }),
    consentSigned: boolean('consent_signed').notNull().default(false),
    noticePostedOn: date('notice_posted_on', { mode: 'string' }),
    noticeCompletedOn: date('notice_completed_on', { mode: 'string' }),
    completedOn: date('completed_on', { mode: 'string' }),
    closedReason: text('closed_reason'),
    closedOn: date('closed_on', { mode: 'string' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    index('cases_county_step').on(table.countyCode, table.step),
    index('cases_village').on(table.villageCode),
    index('cases_household').on(table.householdId),
    index('cases_county_status').on(table.countyCode, table.deadlineStatus),
    uniqueIndex('cases_one_open_per_household')
      .on(table.householdId)
      .where(sql`step not in ('included', 'rejected')`),
  ],
);

/** Risk signals (§1 早) from every source, each with its evidence and what absorbed it. */
export const signals = monitoringSchema.table(
  'signals',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    villageCode: varchar('village_code', { length: 12 }).notNull(),
    householdId: bigint('household_id', { mode: 'number' }).notNull(),
    source: varchar('source', { length: 32 }).notNull(),
    department: varchar('department', { length: 32 }),
    category: varchar('category', { length: 48 }),
    summary: text('summary').notNull(),
    riskTypes: jsonb('risk_types').$type<string[]>().notNull().default([]),
    evidence: jsonb('evidence').$type<Record<string, unknown>>().notNull(),
    detectedOn: date('detected_on', { mode: 'string' }).notNull(),
    reportedBy: text('reported_by').notNull(),
    caseId: bigint('case_id', { mode: 'number' }).references(() => cases.id),
    objectId: bigint('object_id', { mode: 'number' }),
    disposition: varchar('disposition', { length: 32 }).notNull(),
    resolvedOn: date('resolved_on', { mode: 'string' }),
    resolution: text('resolution'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    index('signals_county').on(table.countyCode, table.detectedOn),
    index('signals_household').on(table.householdId),
    index('signals_case').on(table.caseId),
  ],
);

/** Monitoring objects 监测对象: households included by a case; status changes, rows stay. */
export const objects = monitoringSchema.table(
  'objects',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    villageCode: varchar('village_code', { length: 12 }).notNull(),
    householdId: bigint('household_id', { mode: 'number' }).notNull(),
    caseId: bigint('case_id', { mode: 'number' })
      .notNull()
      .references(() => cases.id),
    objectType: varchar('object_type', { length: 32 }).notNull(),
    riskTypes: jsonb('risk_types').$type<string[]>().notNull().default([]),
    riskCategories: jsonb('risk_categories').$type<string[]>().notNull().default([]),
    status: varchar('status', { length: 16 }).notNull(),
    includedOn: date('included_on', { mode: 'string' }).notNull(),
    eliminatedOn: date('eliminated_on', { mode: 'string' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    index('objects_county_status').on(table.countyCode, table.status),
    index('objects_village').on(table.villageCode),
    uniqueIndex('objects_one_monitored_per_household')
      .on(table.householdId)
      .where(sql`status = 'monitored'`),
  ],
);

/** Assistance measures (§1 实 缺什么补什么); money in fen. */
export const measures = monitoringSchema.table(
  'measures',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    villageCode: varchar('village_code', { length: 12 }).notNull(),
    householdId: bigint('household_id', { mode: 'number' }).notNull(),
    caseId: bigint('case_id', { mode: 'number' }).references(() => cases.id),
    objectId: bigint('object_id', { mode: 'number' }).references(() => objects.id),
    kind: varchar('kind', { length: 32 }).notNull(),
    responsibleUnit: text('responsible_unit').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull().default(0),
    startOn: date('start_on', { mode: 'string' }).notNull(),
    endOn: date('end_on', { mode: 'string' }),
    status: varchar('status', { length: 16 }).notNull(),
    note: text('note').notNull().default(''),
    greenChannel: boolean('green_channel').notNull().default(false),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('measures_household').on(table.householdId, table.status), index('measures_county').on(table.countyCode)],
);

/** Risk elimination 风险消除 proposals and their review; rows are never deleted. */
export const eliminations = monitoringSchema.table(
  'eliminations',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    villageCode: varchar('village_code', { length: 12 }).notNull(),
    householdId: bigint('household_id', { mode: 'number' }).notNull(),
    objectId: bigint('object_id', { mode: 'number' })
      .notNull()
      .references(() => objects.id),
    step: varchar('step', { length: 32 }).notNull(),
    facts: jsonb('facts').$type<{ incomeAboveLineSince: string | null; basicNeedsSecure: boolean; drinkingWaterSecure: boolean }>().notNull(),
    eligibility: jsonb('eligibility').notNull(),
    proposedOn: date('proposed_on', { mode: 'string' }).notNull(),
    noticePostedOn: date('notice_posted_on', { mode: 'string' }),
    noticeCompletedOn: date('notice_completed_on', { mode: 'string' }),
    approvedOn: date('approved_on', { mode: 'string' }),
    closedReason: text('closed_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    index('eliminations_county_step').on(table.countyCode, table.step),
    uniqueIndex('eliminations_one_open_per_object')
      .on(table.objectId)
      .where(sql`step in ('village-review', 'village-notice', 'county-approval')`),
  ],
);

/** Every step taken on a case or an elimination: who, in which role, when, with what comment and attachments. */
export const history = monitoringSchema.table(
  'history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    villageCode: varchar('village_code', { length: 12 }).notNull(),
    subject: varchar('subject', { length: 16 }).notNull(),
    subjectId: bigint('subject_id', { mode: 'number' }).notNull(),
    action: varchar('action', { length: 48 }).notNull(),
    fromStep: varchar('from_step', { length: 32 }),
    toStep: varchar('to_step', { length: 32 }),
    actor: text('actor').notNull(),
    actorRole: varchar('actor_role', { length: 32 }).notNull(),
    comment: text('comment').notNull().default(''),
    attachments: jsonb('attachments').$type<Attachment[]>().notNull().default([]),
    onDate: date('on_date', { mode: 'string' }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    participants: integer('participants'),
  },
  (table) => [index('history_subject').on(table.subject, table.subjectId)],
);

/**
 * Each county's dashboard tallies, kept exact in the writing transaction: statement triggers on
 * cases, signals, objects and measures (migration 0002) add the difference each statement makes,
 * keyed `<metric>:<key>` (e.g. `step:included`, `cases.overdue`, `signals:2026-03`). City and
 * province dashboards add up these rows instead of scanning every case; see figures.ts.
 */
export const countyTallies = monitoringSchema.table('county_tallies', {
  countyCode: varchar('county_code', { length: 6 }).primaryKey(),
  tallies: jsonb('tallies').$type<Record<string, number>>().notNull(),
});

/**
 * How many of a household's monitored objects count as covered (an active measure exists), per
 * county — what that household last added to `coverage.covered`, so a later change adds only the
 * difference. Maintained by the same triggers; rows with 0 are removed.
 */
export const householdCoverage = monitoringSchema.table(
  'household_coverage',
  {
    householdId: bigint('household_id', { mode: 'number' }).notNull(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    covered: integer('covered').notNull(),
  },
  (table) => [primaryKey({ columns: [table.householdId, table.countyCode] })],
);

/**
 * What-if runs (issue 18): a draft or published parameter set run over a region's households
 * beside the set in force, as a background job with progress. A run writes only here and in
 * `whatif_changes`; never the registry, cases or objects.
 */
export const whatIfRuns = monitoringSchema.table(
  'whatif_runs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** The region run over (province, city, county, township or village code). */
    regionCode: varchar('region_code', { length: 12 }).notNull(),
    /** Counties of the region enabling monitoring when the run started (tenant keys of the run). */
    countyCodes: jsonb('county_codes').$type<string[]>().notNull(),
    version: varchar('version', { length: 32 }).notNull(),
    /** draft | published, when the run started. */
    versionStatus: varchar('version_status', { length: 16 }).notNull(),
    /** The set in force on `asOf`, which the run compares with. */
    baseVersion: varchar('base_version', { length: 32 }).notNull(),
    asOf: date('as_of', { mode: 'string' }).notNull(),
    /** queued → running → done | failed. */
    status: varchar('status', { length: 16 }).notNull(),
    householdsTotal: integer('households_total').notNull().default(0),
    householdsDone: integer('households_done').notNull().default(0),
    /** Households whose outcome differs between the two sets. */
    householdsChanged: integer('households_changed').notNull().default(0),
    /** Households without income on record (not evaluated under either set). */
    householdsSkipped: integer('households_skipped').notNull().default(0),
    /** Per village: counts entering / leaving each category and the object type (whatif.ts). */
    summary: jsonb('summary').$type<Record<string, Record<string, { entering: number; leaving: number }>>>().notNull().default({}),
    error: text('error'),
    startedBy: bigint('started_by', { mode: 'number' }).notNull(),
    startedByName: varchar('started_by_name', { length: 64 }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (table) => [index('whatif_runs_region_idx').on(table.regionCode, table.id)],
);

/** One household whose outcome differs under the run's set: before (base) and after (the run's set). */
export const whatIfChanges = monitoringSchema.table(
  'whatif_changes',
  {
    runId: bigint('run_id', { mode: 'number' }).notNull(),
    householdId: bigint('household_id', { mode: 'number' }).notNull(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    villageCode: varchar('village_code', { length: 12 }).notNull(),
    /** Categories matched under the base set, and the object type (null: none). */
    before: jsonb('before').$type<{ categories: string[]; objectType: string | null }>().notNull(),
    after: jsonb('after').$type<{ categories: string[]; objectType: string | null }>().notNull(),
    perCapitaIncomeFen: bigint('per_capita_income_fen', { mode: 'number' }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.runId, table.householdId] }), index('whatif_changes_village_idx').on(table.runId, table.villageCode)],
);
