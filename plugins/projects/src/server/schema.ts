import { bigint, bigserial, boolean, date, index, integer, jsonb, pgSchema, text, timestamp, uniqueIndex, varchar } from 'drizzle-orm/pg-core';

/** The project library's own tables; money is integer fen. */
export const projectsSchema = pgSchema('projects');

export const projects = projectsSchema.table(
  'projects',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    villageCode: varchar('village_code', { length: 12 }).notNull(),
    title: text('title').notNull(),
    category: varchar('category', { length: 32 }).notNull(),
    description: text('description').notNull().default(''),
    budgetFen: bigint('budget_fen', { mode: 'number' }).notNull(),
    epidemicUrgent: boolean('epidemic_urgent').notNull().default(false),
    raisesIncome: boolean('raises_income').notNull().default(false),
    /** 因疫情急需且有利于脱贫户、监测户增收: enters and is funded first. */
    priority: boolean('priority').notNull().default(false),
    linksFarmers: boolean('links_farmers').notNull().default(false),
    reachesHouseholds: boolean('reaches_households').notNull().default(false),
    povertyExitedHouseholds: integer('poverty_exited_households').notNull().default(0),
    monitoredHouseholds: integer('monitored_households').notNull().default(0),
    stage: varchar('stage', { length: 32 }).notNull(),
    /** The county's 边公示、边上报、边审核 setting when the project was applied for. */
    parallelMode: boolean('parallel_mode').notNull().default(false),
    progressBasisPoints: integer('progress_basis_points').notNull().default(0),
    paidFen: bigint('paid_fen', { mode: 'number' }).notNull().default(0),
    winningBidder: text('winning_bidder'),
    appliedOn: date('applied_on', { mode: 'string' }).notNull(),
    reviewedOn: date('reviewed_on', { mode: 'string' }),
    approvedOn: date('approved_on', { mode: 'string' }),
    tenderedOn: date('tendered_on', { mode: 'string' }),
    startedOn: date('started_on', { mode: 'string' }),
    completedOn: date('completed_on', { mode: 'string' }),
    acceptedOn: date('accepted_on', { mode: 'string' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('projects_county_stage').on(table.countyCode, table.stage), index('projects_village').on(table.villageCode)],
);

/** 公示 / 公告 of a project ("三公示一公告"). */
export const notices = projectsSchema.table(
  'notices',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    villageCode: varchar('village_code', { length: 12 }).notNull(),
    projectId: bigint('project_id', { mode: 'number' })
      .notNull()
      .references(() => projects.id),
    kind: varchar('kind', { length: 32 }).notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    content: text('content').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('notices_project').on(table.projectId)],
);

/** Progress reports with evidence (text + names of attached files). */
export const progressReports = projectsSchema.table(
  'progress_reports',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    villageCode: varchar('village_code', { length: 12 }).notNull(),
    projectId: bigint('project_id', { mode: 'number' })
      .notNull()
      .references(() => projects.id),
    progressBasisPoints: integer('progress_basis_points').notNull(),
    text: text('text').notNull(),
    attachments: jsonb('attachments').$type<string[]>().notNull(),
    reportedOn: date('reported_on', { mode: 'string' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('progress_reports_project').on(table.projectId)],
);

/**
 * Funds arranged to a project, learned from `funds.allocated` (the link is owned by this, the
 * dependent, side; funds never sees this table). Their sum caps payments when funds is enabled.
 */
export const allocations = projectsSchema.table(
  'allocations',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    villageCode: varchar('village_code', { length: 12 }).notNull(),
    projectId: bigint('project_id', { mode: 'number' })
      .notNull()
      .references(() => projects.id),
    fundsAllocationId: bigint('funds_allocation_id', { mode: 'number' }).notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    year: integer('year').notNull(),
    level: varchar('level', { length: 16 }).notNull(),
    documentNumber: text('document_number').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex('allocations_funds_allocation').on(table.countyCode, table.fundsAllocationId), index('allocations_project').on(table.projectId)],
);

/** Payments made (拨付); refused requests are never stored, they are answered with the rules' reasons. */
export const payments = projectsSchema.table(
  'payments',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    villageCode: varchar('village_code', { length: 12 }).notNull(),
    projectId: bigint('project_id', { mode: 'number' })
      .notNull()
      .references(() => projects.id),
    idempotencyKey: varchar('idempotency_key', { length: 100 }).notNull(),
    kind: varchar('kind', { length: 16 }).notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    /** The cap the decision used: allocated funds, or the project's budget without funds. */
    capFen: bigint('cap_fen', { mode: 'number' }).notNull(),
    fundSource: varchar('fund_source', { length: 32 }).notNull(),
    progressBasisPoints: integer('progress_basis_points').notNull(),
    parameterVersion: text('parameter_version').notNull(),
    paidOn: date('paid_on', { mode: 'string' }).notNull(),
    note: text('note').notNull().default(''),
    paidBy: integer('paid_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex('payments_idempotency').on(table.countyCode, table.idempotencyKey), index('payments_project').on(table.projectId)],
);

export type ProjectRow = typeof projects.$inferSelect;
export type PaymentRow = typeof payments.$inferSelect;
