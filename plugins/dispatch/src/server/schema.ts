import { bigint, bigserial, boolean, index, integer, jsonb, pgSchema, primaryKey, text, timestamp, uniqueIndex, varchar, date } from 'drizzle-orm/pg-core';
import type { FieldDefinition, FieldValue, FieldValues } from '../fields.ts';

/**
 * 监测调度 tables, in the module's own PostgreSQL schema. A call and its periods belong to the
 * issuing region (`region_code`: the province, a city or a county); what a county sees of them is
 * decided by `targets` (the counties asked), which carries county_code like every tenant table.
 */
export const dispatchSchema = pgSchema('dispatch');

/** A data call (调度): the form, the recurrence and who issued it. */
export const calls = dispatchSchema.table('calls', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  /** The issuing region (province 13, a city, or a county). */
  regionCode: varchar('region_code', { length: 12 }).notNull(),
  title: text('title').notNull(),
  description: text('description').notNull().default(''),
  fields: jsonb('fields').$type<FieldDefinition[]>().notNull(),
  recurrence: varchar('recurrence', { length: 16 }).notNull(),
  dueDaysAfterEnd: integer('due_days_after_end').notNull(),
  dueTime: varchar('due_time', { length: 5 }).notNull(),
  remindHoursBefore: integer('remind_hours_before').notNull(),
  /** 乡镇分报: townships file sub-reports that the county's form sums. */
  townshipReports: boolean('township_reports').notNull().default(false),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

/** One period of a call (2022 第 12 期) with its deadline instant (Asia/Shanghai wall time, stored as UTC). */
export const periods = dispatchSchema.table(
  'periods',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    callId: bigint('call_id', { mode: 'number' }).notNull(),
    regionCode: varchar('region_code', { length: 12 }).notNull(),
    number: integer('number').notNull(),
    label: text('label').notNull(),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
  },
  (table) => [uniqueIndex('periods_call_number').on(table.callId, table.number), index('periods_due').on(table.dueAt)],
);

/** The counties a call asks. */
export const targets = dispatchSchema.table(
  'targets',
  {
    callId: bigint('call_id', { mode: 'number' }).notNull(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.callId, table.countyCode] }), index('targets_county').on(table.countyCode)],
);

/** The platform's figure a mapped field opened with. */
export interface Prefill {
  /** The indicator the figure comes from (absent for a township roll-up). */
  indicator?: string;
  /** Where the figure comes from: a platform indicator, or the sum of the townships' sub-reports. */
  source?: 'indicator' | 'townships';
  value: number;
  /** The instant the figure was asked for: the period's end (last instant of its last day, Asia/Shanghai). */
  asOf: string;
  /**
   * True when the indicator honours `asOf` (rows dated by then, in their state then): the figure is the
   * value at the period's end, whatever changed since. False: the indicator counts its rows as they
   * were at `computedAt` (kept from the county's first save), and the form says so.
   */
  periodEnd?: boolean;
  /** When the figure was computed. */
  computedAt?: string;
  /** Township roll-up: how many townships' sub-reports were summed, out of how many. */
  townships?: { reported: number; of: number };
}

/** A county's answer to one period. */
export const submissions = dispatchSchema.table(
  'submissions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    callId: bigint('call_id', { mode: 'number' }).notNull(),
    periodId: bigint('period_id', { mode: 'number' }).notNull(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    status: varchar('status', { length: 16 }).notNull(),
    values: jsonb('values').$type<FieldValues>().notNull(),
    /** Field key → the platform's figure the form opened with (kept beside the county's value). */
    prefilled: jsonb('prefilled').$type<Record<string, Prefill>>().notNull(),
    /** Field key → why the county's value differs from the platform's figure. */
    corrections: jsonb('corrections').$type<Record<string, string>>().notNull(),
    firstSubmittedAt: timestamp('first_submitted_at', { withTimezone: true }),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    /** Whole minutes after the deadline of the first submission (0 = on time). */
    minutesLate: integer('minutes_late'),
    reviewComment: text('review_comment'),
    returnComment: text('return_comment'),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    acceptedBy: text('accepted_by'),
    /** sha256 over the canonical JSON of the sealed figures (seal.ts). */
    sealHash: varchar('seal_hash', { length: 64 }),
    sealed: jsonb('sealed'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [uniqueIndex('submissions_period_county').on(table.periodId, table.countyCode), index('submissions_county').on(table.countyCode, table.callId)],
);

/** Every step of a submission: who did what, when, with which comment and values. */
export const submissionHistory = dispatchSchema.table(
  'submission_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    submissionId: bigint('submission_id', { mode: 'number' }).notNull(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    action: varchar('action', { length: 16 }).notNull(),
    actor: text('actor').notNull(),
    comment: text('comment'),
    values: jsonb('values').$type<FieldValues>(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (table) => [index('submission_history_submission').on(table.submissionId)],
);

/** A dated adjustment of a sealed figure (the sealed value is never changed). */
export const adjustments = dispatchSchema.table(
  'adjustments',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    submissionId: bigint('submission_id', { mode: 'number' }).notNull(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    field: varchar('field', { length: 40 }).notNull(),
    sealedValue: jsonb('sealed_value').$type<FieldValue>(),
    value: jsonb('value').$type<FieldValue>().notNull(),
    reason: text('reason').notNull(),
    effectiveOn: date('effective_on', { mode: 'string' }).notNull(),
    actor: text('actor').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (table) => [index('adjustments_submission').on(table.submissionId)],
);

/**
 * In-app notices to a county (the platform has no notification mechanism yet): a return with its
 * comment, and reminders before the deadline. One of each kind per period and county.
 */
export const notices = dispatchSchema.table(
  'notices',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    callId: bigint('call_id', { mode: 'number' }).notNull(),
    periodId: bigint('period_id', { mode: 'number' }).notNull(),
    kind: varchar('kind', { length: 16 }).notNull(),
    message: text('message').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (table) => [index('notices_county').on(table.countyCode, table.createdAt), index('notices_period').on(table.periodId, table.countyCode, table.kind)],
);

/**
 * 乡镇分报: one township's sub-report of a period (calls with `township_reports`), the summable
 * fields only. Submitted ones are summed into the county's form; editable until the county submits.
 */
export const townshipReports = dispatchSchema.table(
  'township_reports',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    callId: bigint('call_id', { mode: 'number' }).notNull(),
    periodId: bigint('period_id', { mode: 'number' }).notNull(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    townshipCode: varchar('township_code', { length: 9 }).notNull(),
    status: varchar('status', { length: 16 }).notNull(),
    values: jsonb('values').$type<FieldValues>().notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    updatedBy: text('updated_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    uniqueIndex('township_reports_period_township').on(table.periodId, table.townshipCode),
    index('township_reports_county').on(table.countyCode, table.periodId),
  ],
);

export type CallRow = typeof calls.$inferSelect;
export type TownshipReportRow = typeof townshipReports.$inferSelect;
export type PeriodRow = typeof periods.$inferSelect;
export type SubmissionRow = typeof submissions.$inferSelect;
