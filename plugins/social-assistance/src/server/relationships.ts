/**
 * Organisations (province-wide data, never a scope) and relationships (owned by the recipient
 * county: who assists it, in which system and kind, from when to when, with the responsible people).
 */
import { errors, ZxError, type ModuleContext } from '@zhenxing/core';
import { regions, type Executor } from '@zhenxing/db';
import { and, asc, eq, inArray, isNull, lte, or, gte, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  AssistanceSystem,
  CreateOrganisationInputSchema,
  CreateRelationshipInputSchema,
  DeactivateOrganisationInputSchema,
  OrganisationView,
  PackageMember,
  RelationshipView,
  UpdateOrganisationInputSchema,
  UpdateRelationshipInputSchema,
} from '../index.ts';
import { leaderPackages, organisations, relationships, type LeaderPackageRow, type OrganisationRow, type RelationshipRow } from './schema.ts';
import type { SocialAssistanceSettings } from './settings.ts';

export type ReadContext = Pick<ModuleContext, 'db' | 'access' | 'today'>;
export type WriteContext = Pick<ModuleContext<SocialAssistanceSettings>, 'db' | 'access' | 'audit' | 'actor' | 'today' | 'clock' | 'settingsFor'>;

export const relationshipNotFound = () => errors.notFound({ 'zh-CN': '帮扶关系', en: 'The assistance relationship' });
export const organisationNotFound = () => errors.notFound({ 'zh-CN': '帮扶单位', en: 'The organisation' });

/** Whether a relationship is in force on `day` (ISO date). */
export function isActive(row: Pick<RelationshipRow, 'startOn' | 'endOn'>, day: string): boolean {
  return row.startOn <= day && (row.endOn === null || row.endOn >= day);
}

/** Relationships in force at some point of `year`. */
export function activeInYear(year: number): SQL {
  return and(lte(relationships.startOn, `${year}-12-31`), or(isNull(relationships.endOn), gte(relationships.endOn, `${year}-01-01`))) as SQL;
}

export async function regionNames(db: Executor, codes: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(codes)];
  if (unique.length === 0) return new Map();
  const rows = await db.select({ code: regions.code, name: regions.name }).from(regions).where(inArray(regions.code, unique));
  return new Map(rows.map((row) => [row.code, row.name] as const));
}

export async function organisationNames(db: Executor, ids: readonly number[]): Promise<Map<number, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(inArray(organisations.id, unique));
  return new Map(rows.map((row) => [row.id, row.name] as const));
}

/**
 * Checks that every organisation named exists and is active (a deactivated one takes no new
 * relationship or package); answers the field error otherwise.
 */
export async function assertActiveOrganisations(db: Executor, ids: readonly number[], field: string): Promise<void> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return;
  const rows = await db.select({ id: organisations.id, active: organisations.active }).from(organisations).where(inArray(organisations.id, unique));
  const found = new Map(rows.map((row) => [row.id, row.active] as const));
  const missing = unique.filter((organisationId) => !found.has(organisationId));
  if (missing.length > 0)
    throw errors.invalid(
      { 'zh-CN': '帮扶单位不存在', en: 'Unknown organisation' },
      { fieldErrors: { [field]: [`未知的帮扶单位 ${missing.join(',')} / unknown organisation`] } },
    );
  const inactive = unique.filter((organisationId) => found.get(organisationId) === false);
  if (inactive.length > 0)
    throw errors.invalid(
      { 'zh-CN': '帮扶单位已停用', en: 'The organisation is deactivated' },
      { fieldErrors: { [field]: [`帮扶单位已停用 ${inactive.join(',')} / deactivated organisation`] } },
    );
}

// ── Organisations ───────────────────────────────────────────────────────────────────────────

/** Every organisation, with the relationships it holds in the reader's scope only. */
export async function listOrganisations(context: ReadContext): Promise<OrganisationView[]> {
  const rows = await context.db.select().from(organisations).orderBy(asc(organisations.kind), asc(organisations.name));
  const held = await context.db
    .select({
      id: relationships.id,
      organisationId: relationships.organisationId,
      countyCode: relationships.countyCode,
      system: relationships.system,
      kind: relationships.kind,
    })
    .from(relationships)
    .where(context.access.where(relationships.countyCode, relationships.villageCode))
    .orderBy(asc(relationships.id));
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    kind: row.kind,
    inProvince: row.inProvince,
    homeRegionCode: row.homeRegionCode,
    note: row.note,
    active: row.active,
    deactivatedOn: row.deactivatedOn,
    assists: held
      .filter((relationship) => relationship.organisationId === row.id)
      .map((relationship) => ({ relationshipId: relationship.id, countyCode: relationship.countyCode, system: relationship.system, kind: relationship.kind })),
  }));
}

export async function createOrganisation(context: WriteContext, input: z.output<typeof CreateOrganisationInputSchema>): Promise<OrganisationRow> {
  const [existing] = await context.db.select({ id: organisations.id }).from(organisations).where(eq(organisations.name, input.name));
  if (existing) {
    throw new ZxError('CONFLICT', 'duplicate-organisation', {
      'zh-CN': `帮扶单位“${input.name}”已存在`,
      en: `The organisation "${input.name}" exists already`,
    });
  }
  const [row] = (await context.db
    .insert(organisations)
    .values({
      name: input.name,
      kind: input.kind,
      inProvince: input.inProvince,
      homeRegionCode: input.homeRegionCode,
      note: input.note,
      createdBy: context.actor.username,
    })
    .returning()) as [OrganisationRow];
  await context.audit({
    action: 'organisation.create',
    regionCode: context.access.regionCode,
    entityType: 'assistance-organisation',
    entityId: row.id,
    after: row,
  });
  return row;
}

// ── Relationships ───────────────────────────────────────────────────────────────────────────

export async function relationshipViews(db: Executor, rows: readonly RelationshipRow[], today: string): Promise<RelationshipView[]> {
  // A leader contact shows its province-managed package as it is now (leader and members).
  const packageIds = [...new Set(rows.flatMap((row) => (row.packageId ? [row.packageId] : [])))];
  const packages = new Map<number, LeaderPackageRow>();
  if (packageIds.length > 0) {
    for (const row of await db.select().from(leaderPackages).where(inArray(leaderPackages.id, packageIds))) packages.set(row.id, row);
  }
  const leaderOf = (row: RelationshipRow): { leaderName: string | null; members: PackageMember[] } => {
    const held = row.packageId ? packages.get(row.packageId) : undefined;
    return held ? { leaderName: held.leaderName, members: held.members } : { leaderName: row.leaderName, members: row.packageMembers };
  };
  const names = await organisationNames(db, [
    ...rows.map((row) => row.organisationId),
    ...rows.flatMap((row) => leaderOf(row).members.flatMap((member) => (member.organisationId ? [member.organisationId] : []))),
  ]);
  const counties = await regionNames(
    db,
    rows.map((row) => row.countyCode),
  );
  return rows.map((row) => ({
    id: row.id,
    countyCode: row.countyCode,
    countyName: counties.get(row.countyCode) ?? row.countyCode,
    villageCode: row.villageCode,
    system: row.system,
    kind: row.kind,
    organisationId: row.organisationId,
    organisationName: names.get(row.organisationId) ?? '',
    startOn: row.startOn,
    endOn: row.endOn,
    active: isActive(row, today),
    responsible: row.responsible,
    leaderName: leaderOf(row).leaderName,
    packageMembers: leaderOf(row).members.map((member) => ({
      ...member,
      organisationName: member.organisationId ? (names.get(member.organisationId) ?? null) : null,
    })),
    packageId: row.packageId,
    note: row.note,
  }));
}

export async function listRelationships(context: ReadContext, filter: { system?: AssistanceSystem; activeOn?: string }): Promise<RelationshipView[]> {
  const rows = await context.db
    .select()
    .from(relationships)
    .where(
      and(
        context.access.where(relationships.countyCode, relationships.villageCode),
        filter.system ? eq(relationships.system, filter.system) : undefined,
        filter.activeOn
          ? and(lte(relationships.startOn, filter.activeOn), or(isNull(relationships.endOn), gte(relationships.endOn, filter.activeOn)))
          : undefined,
      ),
    )
    .orderBy(asc(relationships.countyCode), asc(relationships.system), asc(relationships.id));
  return relationshipViews(context.db, rows, context.today);
}

/** A relationship the caller may see (another county's is NOT_FOUND: an id never confirms it exists). */
export async function getRelationship(context: Pick<ModuleContext, 'db' | 'access'>, relationshipId: number, forUpdate = false): Promise<RelationshipRow> {
  const query = context.db
    .select()
    .from(relationships)
    .where(and(eq(relationships.id, relationshipId), context.access.where(relationships.countyCode, relationships.villageCode)));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row || !context.access.canSee(row.villageCode ?? row.countyCode)) throw relationshipNotFound();
  return row;
}

export async function createRelationship(context: WriteContext, input: z.output<typeof CreateRelationshipInputSchema>): Promise<RelationshipView> {
  const code = input.villageCode ?? input.countyCode;
  context.access.assertRegion(code);
  const [known] = await context.db
    .select({ code: regions.code })
    .from(regions)
    .where(and(eq(regions.code, code), eq(regions.level, input.villageCode ? 5 : 3)));
  if (!known)
    throw errors.invalid(
      { 'zh-CN': `未知的区划 ${code}`, en: `Unknown region ${code}` },
      { fieldErrors: { [input.villageCode ? 'villageCode' : 'countyCode']: ['未知的区划 / unknown region'] } },
    );
  await assertActiveOrganisations(context.db, [input.organisationId], 'organisationId');
  let leader: { leaderName: string | null; packageMembers: PackageMember[] } = { leaderName: null, packageMembers: [] };
  if (input.packageId) {
    // The province-managed package of this county (another county's is not found).
    const [held] = await context.db
      .select()
      .from(leaderPackages)
      .where(and(eq(leaderPackages.id, input.packageId), context.access.where(leaderPackages.countyCode)));
    if (!held || held.countyCode !== input.countyCode)
      throw errors.invalid(
        { 'zh-CN': '包联组不属于该县', en: 'The leader package is not this county’s' },
        { fieldErrors: { packageId: ['包联组不属于该县 / not this county’s package'] } },
      );
    leader = { leaderName: held.leaderName, packageMembers: held.members };
  }
  const [row] = (await context.db
    .insert(relationships)
    .values({
      countyCode: input.countyCode,
      villageCode: input.villageCode,
      system: input.system,
      kind: input.kind,
      organisationId: input.organisationId,
      startOn: input.startOn,
      endOn: input.endOn,
      responsible: input.responsible,
      leaderName: leader.leaderName,
      packageMembers: leader.packageMembers,
      packageId: input.packageId,
      note: input.note,
      createdBy: context.actor.username,
    })
    .returning()) as [RelationshipRow];
  await context.audit({ action: 'relationship.create', regionCode: code, entityType: 'assistance-relationship', entityId: row.id, after: row });
  const [view] = await relationshipViews(context.db, [row], context.today);
  return view as RelationshipView;
}

export async function endRelationship(context: WriteContext, relationshipId: number, endOn: string): Promise<RelationshipView> {
  const before = await getRelationship(context, relationshipId, true);
  context.access.assertRegion(before.villageCode ?? before.countyCode);
  if (endOn < before.startOn)
    throw errors.invalid(
      { 'zh-CN': '结束日期早于开始日期', en: 'The end is before the start' },
      { fieldErrors: { endOn: ['结束日期早于开始日期 / ends before it starts'] } },
    );
  const [row] = (await context.db.update(relationships).set({ endOn }).where(eq(relationships.id, relationshipId)).returning()) as [RelationshipRow];
  await context.audit({
    action: 'relationship.end',
    regionCode: row.villageCode ?? row.countyCode,
    entityType: 'assistance-relationship',
    entityId: row.id,
    before,
    after: row,
  });
  const [view] = await relationshipViews(context.db, [row], context.today);
  return view as RelationshipView;
}

/** The province edits a relationship: only the fields sent change; audited with before and after. */
export async function updateRelationship(context: WriteContext, input: z.output<typeof UpdateRelationshipInputSchema>): Promise<RelationshipView> {
  const before = await getRelationship(context, input.relationshipId, true);
  context.access.assertRegion(before.villageCode ?? before.countyCode);
  const patch: Partial<RelationshipRow> = {};
  if (input.organisationId !== undefined && input.organisationId !== before.organisationId) {
    await assertActiveOrganisations(context.db, [input.organisationId], 'organisationId');
    patch.organisationId = input.organisationId;
  }
  if (input.startOn !== undefined) patch.startOn = input.startOn;
  if (input.endOn !== undefined) patch.endOn = input.endOn;
  if (input.responsible !== undefined) patch.responsible = input.responsible;
  if (input.note !== undefined) patch.note = input.note;
  const startOn = patch.startOn ?? before.startOn;
  const endOn = patch.endOn === undefined ? before.endOn : patch.endOn;
  if (endOn !== null && endOn < startOn)
    throw errors.invalid(
      { 'zh-CN': '结束日期早于开始日期', en: 'The end is before the start' },
      { fieldErrors: { endOn: ['结束日期早于开始日期 / ends before it starts'] } },
    );
  const [row] = (await context.db
    .update(relationships)
    .set({ ...patch, updatedAt: context.clock.now() })
    .where(eq(relationships.id, before.id))
    .returning()) as [RelationshipRow];
  await context.audit({
    action: 'relationship.update',
    regionCode: row.villageCode ?? row.countyCode,
    entityType: 'assistance-relationship',
    entityId: row.id,
    before,
    after: row,
  });
  const [view] = await relationshipViews(context.db, [row], context.today);
  return view as RelationshipView;
}

async function organisationForUpdate(context: Pick<WriteContext, 'db'>, organisationId: number): Promise<OrganisationRow> {
  const [row] = await context.db.select().from(organisations).where(eq(organisations.id, organisationId)).for('update');
  if (!row) throw organisationNotFound();
  return row;
}

/** The province renames an organisation or corrects its note; audited with before and after. */
export async function updateOrganisation(context: WriteContext, input: z.output<typeof UpdateOrganisationInputSchema>): Promise<OrganisationRow> {
  const before = await organisationForUpdate(context, input.organisationId);
  if (input.name !== undefined && input.name !== before.name) {
    const [clash] = await context.db.select({ id: organisations.id }).from(organisations).where(eq(organisations.name, input.name));
    if (clash)
      throw new ZxError('CONFLICT', 'duplicate-organisation', {
        'zh-CN': `帮扶单位“${input.name}”已存在`,
        en: `The organisation "${input.name}" exists already`,
      });
  }
  const patch: Partial<OrganisationRow> = {};
  if (input.name !== undefined) patch.name = input.name;
  if (input.note !== undefined) patch.note = input.note;
  const [row] = (await context.db
    .update(organisations)
    .set(Object.keys(patch).length > 0 ? patch : { name: before.name })
    .where(eq(organisations.id, before.id))
    .returning()) as [OrganisationRow];
  await context.audit({
    action: 'organisation.update',
    regionCode: context.access.regionCode,
    entityType: 'assistance-organisation',
    entityId: row.id,
    before,
    after: row,
  });
  return row;
}

/** The province deactivates an organisation: its history stays, it takes no new relationship or package. */
export async function deactivateOrganisation(context: WriteContext, input: z.output<typeof DeactivateOrganisationInputSchema>): Promise<OrganisationRow> {
  const before = await organisationForUpdate(context, input.organisationId);
  if (!before.active)
    throw new ZxError('PRECONDITION_FAILED', 'organisation-inactive', { 'zh-CN': '帮扶单位已停用', en: 'The organisation is deactivated already' });
  const [row] = (await context.db
    .update(organisations)
    .set({ active: false, deactivatedOn: input.deactivatedOn })
    .where(eq(organisations.id, before.id))
    .returning()) as [OrganisationRow];
  await context.audit({
    action: 'organisation.deactivate',
    regionCode: context.access.regionCode,
    entityType: 'assistance-organisation',
    entityId: row.id,
    before,
    after: row,
  });
  return row;
}
