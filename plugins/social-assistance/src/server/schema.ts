import { bigint, bigserial, boolean, date, index, integer, jsonb, pgSchema, text, timestamp, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import type {
  AssistanceSystem,
  IndicatorCode,
  OrganisationKind,
  PackageMember,
  PackageRole,
  PairingKind,
  ProductCategory,
  ResponsiblePerson,
} from '../index.ts';

/** Social assistance's own tables, in its own PostgreSQL schema; money is integer fen. */
export const socialAssistanceSchema = pgSchema('social_assistance');

/**
 * Donor organisations (central units, province departments, cities and counties as donors,
 * enterprises, universities, NGOs): province-wide reference data, not any county's — no county
 * code and no tenant policy; a home region is for display and never a scope.
 */
export const organisations = socialAssistanceSchema.table(
  'organisations',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    name: text('name').notNull(),
    kind: text('kind').$type<OrganisationKind>().notNull(),
    inProvince: boolean('in_province').notNull(),
    homeRegionCode: varchar('home_region_code', { length: 6 }),
    note: text('note').notNull().default(''),
    /** A deactivated organisation keeps its history but takes no new relationship or package. */
    active: boolean('active').notNull().default(true),
    deactivatedOn: date('deactivated_on', { mode: 'string' }),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex('organisations_name').on(table.name)],
);

/**
 * 省领导包联: the province's package of a leader and member units by role (五包一 / 三包一) contacting
 * one county. Province-managed data, owned (and read-only seen) by the county contacted.
 */
export const leaderPackages = socialAssistanceSchema.table(
  'leader_packages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    /** The composition's name (五包一, 三包一 …). */
    name: text('name').notNull(),
    leaderName: text('leader_name').notNull(),
    leaderTitle: text('leader_title').notNull().default(''),
    /** The roles the composition requires, each filled once by `members`. */
    roles: jsonb('roles').$type<PackageRole[]>().notNull(),
    members: jsonb('members').$type<PackageMember[]>().notNull(),
    startOn: date('start_on', { mode: 'string' }).notNull(),
    endOn: date('end_on', { mode: 'string' }),
    note: text('note').notNull().default(''),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('leader_packages_county').on(table.countyCode)],
);

/** Who assists which county (or village), in which system and kind, from when to when. Owned by the recipient county. */
export const relationships = socialAssistanceSchema.table(
  'relationships',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    villageCode: varchar('village_code', { length: 12 }),
    system: text('system').$type<AssistanceSystem>().notNull(),
    kind: text('kind').$type<PairingKind>(),
    organisationId: bigint('organisation_id', { mode: 'number' })
      .notNull()
      .references(() => organisations.id),
    startOn: date('start_on', { mode: 'string' }).notNull(),
    endOn: date('end_on', { mode: 'string' }),
    responsible: jsonb('responsible').$type<ResponsiblePerson[]>().notNull(),
    leaderName: text('leader_name'),
    packageMembers: jsonb('package_members').$type<PackageMember[]>().notNull(),
    /** 省领导包联: the province-managed package this relationship carries out (its leader and members are copied from it). */
    packageId: bigint('package_id', { mode: 'number' }).references(() => leaderPackages.id),
    note: text('note').notNull().default(''),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('relationships_county').on(table.countyCode, table.system), index('relationships_organisation').on(table.organisationId)],
);

/** A relationship's annual commitment on one indicator: the province's target, the county's result. */
export const commitments = socialAssistanceSchema.table(
  'commitments',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    relationshipId: bigint('relationship_id', { mode: 'number' })
      .notNull()
      .references(() => relationships.id),
    year: integer('year').notNull(),
    indicator: text('indicator').$type<IndicatorCode>().notNull(),
    target: bigint('target', { mode: 'number' }),
    actual: bigint('actual', { mode: 'number' }),
    targetSetBy: text('target_set_by'),
    reportedBy: text('reported_by'),
    reportedOn: date('reported_on', { mode: 'string' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('commitments_relationship_year_indicator').on(table.relationshipId, table.year, table.indicator),
    index('commitments_county').on(table.countyCode, table.year),
  ],
);

/** A problem a leader's inspection found: open until the county rectifies it with evidence. */
export const problems = socialAssistanceSchema.table(
  'problems',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    relationshipId: bigint('relationship_id', { mode: 'number' })
      .notNull()
      .references(() => relationships.id),
    inspection: text('inspection').notNull(),
    foundOn: date('found_on', { mode: 'string' }).notNull(),
    description: text('description').notNull(),
    deadline: date('deadline', { mode: 'string' }).notNull(),
    status: text('status').$type<'open' | 'rectified'>().notNull(),
    rectifiedOn: date('rectified_on', { mode: 'string' }),
    rectification: text('rectification'),
    evidenceUploadIds: jsonb('evidence_upload_ids').$type<string[]>().notNull(),
    createdBy: text('created_by').notNull(),
    rectifiedBy: text('rectified_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('problems_county').on(table.countyCode, table.status), index('problems_relationship').on(table.relationshipId)],
);

/** A registry member placed in a job through a 劳务协作 pairing (named through the registry's public API). */
export const placements = socialAssistanceSchema.table(
  'placements',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    villageCode: varchar('village_code', { length: 12 }).notNull(),
    relationshipId: bigint('relationship_id', { mode: 'number' })
      .notNull()
      .references(() => relationships.id),
    year: integer('year').notNull(),
    householdId: bigint('household_id', { mode: 'number' }).notNull(),
    memberId: bigint('member_id', { mode: 'number' }).notNull(),
    employer: text('employer').notNull(),
    placedOn: date('placed_on', { mode: 'string' }).notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('placements_county').on(table.countyCode, table.year),
    uniqueIndex('placements_member_year').on(table.relationshipId, table.memberId, table.year),
  ],
);

/** 消费帮扶: a purchase of one product of the recipient county (county of origin) by a buyer organisation; integer fen. */
export const purchases = socialAssistanceSchema.table(
  'purchases',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** The county of origin of the product (the recipient county, which records the purchase). */
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    relationshipId: bigint('relationship_id', { mode: 'number' }).references(() => relationships.id),
    buyerOrganisationId: bigint('buyer_organisation_id', { mode: 'number' })
      .notNull()
      .references(() => organisations.id),
    year: integer('year').notNull(),
    purchasedOn: date('purchased_on', { mode: 'string' }).notNull(),
    productName: text('product_name').notNull(),
    productCategory: text('product_category').$type<ProductCategory>().notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('purchases_county_year').on(table.countyCode, table.year), index('purchases_product').on(table.productName)],
);

/**
 * A funded project of a relationship (资金支持 / 产业协作) linked to the projects plugin's library by its
 * id: the project is read only through `@zhenxing/plugin-projects/server`'s public read, never its tables.
 */
export const projectLinks = socialAssistanceSchema.table(
  'project_links',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    relationshipId: bigint('relationship_id', { mode: 'number' })
      .notNull()
      .references(() => relationships.id),
    year: integer('year').notNull(),
    projectId: bigint('project_id', { mode: 'number' }).notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('project_links_relationship_project_year').on(table.relationshipId, table.projectId, table.year),
    index('project_links_county').on(table.countyCode),
  ],
);

export type LeaderPackageRow = typeof leaderPackages.$inferSelect;
export type PurchaseRow = typeof purchases.$inferSelect;
export type ProjectLinkRow = typeof projectLinks.$inferSelect;
export type OrganisationRow = typeof organisations.$inferSelect;
export type RelationshipRow = typeof relationships.$inferSelect;
export type CommitmentRow = typeof commitments.$inferSelect;
export type ProblemRow = typeof problems.$inferSelect;
export type PlacementRow = typeof placements.$inferSelect;
