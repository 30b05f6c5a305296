import { bigint, bigserial, date, doublePrecision, index, integer, jsonb, pgSchema, text, timestamp, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import type { CountyScore, DeductionItem, InspectionProblemCategory, NoticeProblem, Redistribution, SchemeItem, SealedInputs, TaskStatus } from '../index.ts';

/** Assessment's own tables, in its own PostgreSQL schema. */
export const assessmentSchema = pgSchema('assessment');

/**
 * A scheme (考核方案) of a province and year, versioned. A published scheme never changes: the
 * database refuses any update or delete of it (assessment.schemes_guard, drizzle/0000_init.sql).
 */
export const schemes = assessmentSchema.table(
  'schemes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    provinceCode: varchar('province_code', { length: 2 }).notNull(),
    year: integer('year').notNull(),
    version: integer('version').notNull(),
    title: text('title').notNull(),
    totalPoints: doublePrecision('total_points').notNull(),
    redistribution: text('redistribution').$type<Redistribution>().notNull(),
    items: jsonb('items').$type<SchemeItem[]>().notNull(),
    deductions: jsonb('deductions').$type<DeductionItem[]>().notNull(),
    status: text('status').$type<'draft' | 'published'>().notNull(),
    createdBy: text('created_by').notNull(),
    publishedBy: text('published_by'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex('schemes_province_year_version').on(table.provinceCode, table.year, table.version)],
);

/** Deductions recorded against a county under a scheme (e.g. late data calls), read when scores are computed. */
export const deductions = assessmentSchema.table(
  'deductions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    schemeId: bigint('scheme_id', { mode: 'number' }).notNull(),
    code: text('code').notNull(),
    occurrences: integer('occurrences').notNull(),
    note: text('note').notNull().default(''),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('deductions_scheme').on(table.schemeId, table.countyCode)],
);

/** One computation of a scheme's scores at a date, sealed with every input it read (never changes). */
export const runs = assessmentSchema.table(
  'runs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    provinceCode: varchar('province_code', { length: 2 }).notNull(),
    schemeId: bigint('scheme_id', { mode: 'number' }).notNull(),
    asOf: date('as_of', { mode: 'string' }).notNull(),
    inputs: jsonb('inputs').$type<SealedInputs>().notNull(),
    computedBy: text('computed_by').notNull(),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('runs_scheme').on(table.schemeId)],
);

/** A county's sealed score in a run (never changes). */
export const scores = assessmentSchema.table(
  'scores',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    runId: bigint('run_id', { mode: 'number' }).notNull(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    cityCode: varchar('city_code', { length: 4 }).notNull(),
    total: doublePrecision('total').notNull(),
    rank: integer('rank').notNull(),
    score: jsonb('score').$type<CountyScore>().notNull(),
  },
  (table) => [uniqueIndex('scores_run_county').on(table.runId, table.countyCode), index('scores_county').on(table.countyCode)],
);

/** 通报: drafted and edited by the province, then published (frozen) to the regions it names. */
export const notices = assessmentSchema.table('notices', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  provinceCode: varchar('province_code', { length: 2 }).notNull(),
  runId: bigint('run_id', { mode: 'number' }),
  title: text('title').notNull(),
  number: text('number').notNull(),
  issuedOn: date('issued_on', { mode: 'string' }).notNull(),
  issuer: text('issuer').notNull(),
  body: text('body').notNull(),
  problems: jsonb('problems').$type<NoticeProblem[]>().notNull(),
  status: text('status').$type<'draft' | 'published'>().notNull(),
  createdBy: text('created_by').notNull(),
  publishedBy: text('published_by'),
  publishedAt: timestamp('published_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** The counties a published notice names: what each region's reader sees. */
export const noticeRegions = assessmentSchema.table(
  'notice_regions',
  {
    noticeId: bigint('notice_id', { mode: 'number' }).notNull(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
  },
  (table) => [uniqueIndex('notice_regions_notice_county').on(table.noticeId, table.countyCode), index('notice_regions_county').on(table.countyCode)],
);

/**
 * 暗访 records: by the province or a city (`recorded_scope`) of a county, township or village. A draft
 * is seen only at the inspecting level (the database hides it below a city: drizzle/0001).
 */
export const inspections = assessmentSchema.table(
  'inspections',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    recordedScope: varchar('recorded_scope', { length: 4 }).notNull(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    targetRegionCode: varchar('target_region_code', { length: 12 }).notNull(),
    visitedOn: date('visited_on', { mode: 'string' }).notNull(),
    inspectors: jsonb('inspectors').$type<string[]>().notNull(),
    householdIds: jsonb('household_ids').$type<number[]>().notNull(),
    notes: text('notes').notNull().default(''),
    status: text('status').$type<'draft' | 'submitted'>().notNull(),
    createdBy: text('created_by').notNull(),
    submittedBy: text('submitted_by'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('inspections_county').on(table.countyCode, table.status)],
);

/** A problem an inspection found, which is also its rectification task (整改) once submitted. */
export const rectificationTasks = assessmentSchema.table(
  'rectification_tasks',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    inspectionId: bigint('inspection_id', { mode: 'number' }).notNull(),
    recordedScope: varchar('recorded_scope', { length: 4 }).notNull(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    responsibleRegionCode: varchar('responsible_region_code', { length: 12 }).notNull(),
    category: text('category').$type<InspectionProblemCategory>().notNull(),
    description: text('description').notNull(),
    householdId: bigint('household_id', { mode: 'number' }),
    evidenceUploadIds: jsonb('evidence_upload_ids').$type<string[]>().notNull(),
    deadline: date('deadline', { mode: 'string' }).notNull(),
    status: text('status').$type<TaskStatus>().notNull(),
    rectificationNote: text('rectification_note'),
    rectificationUploadIds: jsonb('rectification_upload_ids').$type<string[]>().notNull().default([]),
    submittedOn: date('submitted_on', { mode: 'string' }),
    submittedBy: text('submitted_by'),
    returnReason: text('return_reason'),
    acceptedOn: date('accepted_on', { mode: 'string' }),
    acceptedBy: text('accepted_by'),
  },
  (table) => [index('rectification_tasks_county').on(table.countyCode, table.status), index('rectification_tasks_inspection').on(table.inspectionId)],
);

export type SchemeRow = typeof schemes.$inferSelect;
export type DeductionRow = typeof deductions.$inferSelect;
export type RunRow = typeof runs.$inferSelect;
export type ScoreRow = typeof scores.$inferSelect;
export type NoticeRow = typeof notices.$inferSelect;
export type InspectionRow = typeof inspections.$inferSelect;
export type TaskRow = typeof rectificationTasks.$inferSelect;
