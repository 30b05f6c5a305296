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
  OrganisationView,
  PackageRole,
  RelationshipView,
} from '../index.ts';
import { organisations, relationships, type OrganisationRow, type RelationshipRow } from './schema.ts';
import type { SocialAssistanceSettings } from './settings.ts';

export type ReadContext = Pick<ModuleContext, 'db' | 'access' | 'today'>;
export type WriteContext = Pick<ModuleContext<SocialAssistanceSettings>, 'db' | 'access' | 'audit' | 'actor' | 'today' | 'clock' | 'settingsFor'>;

export const relationshipNotFound = () => errors.notFound({ 'zh-CN': '帮扶关系', en: 'The assistance relationship' });

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

async function organisationNames(db: Executor, ids: readonly number[]): Promise<Map<number, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(inArray(organisations.id, unique));
  return new Map(rows.map((row) => [row.id, row.name] as const));
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
  const names = await organisationNames(db, [
    ...rows.map((row) => row.organisationId),
    ...rows.flatMap((row) => row.packageMembers.flatMap((member) => (member.organisationId ? [member.organisationId] : []))),
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
    leaderName: row.leaderName,
    packageMembers: row.packageMembers.map((member) => ({
      ...member,
      organisationName: member.organisationId ? (names.get(member.organisationId) ?? null) : null,
    })),
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

/** Checks the leader's package against the county's configured composition: every role filled once, nothing else. */
function checkPackage(
  members: readonly { role: PackageRole; organisationId: number | null; name: string }[],
  roles: readonly PackageRole[],
  packageName: string,
): string[] {
  const problems: string[] = [];
  const wanted = [...roles].sort();
  const given = members.map((member) => member.role).sort();
  if (wanted.join(',') !== given.join(',')) problems.push(`${packageName}应由 ${roles.join('、')} 组成 / the package must hold ${roles.join(', ')}`);
  for (const member of members) {
    if (member.role === 'leader' ? member.name.length === 0 : member.organisationId === null)
      problems.push(`${member.role} 未指定 / ${member.role} is not named`);
  }
  return problems;
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
  const organisationIds = [input.organisationId, ...input.packageMembers.flatMap((member) => (member.organisationId ? [member.organisationId] : []))];
  const found = await organisationNames(context.db, organisationIds);
  const missing = organisationIds.filter((organisationId) => !found.has(organisationId));
  if (missing.length > 0)
    throw errors.invalid(
      { 'zh-CN': '帮扶单位不存在', en: 'Unknown organisation' },
      { fieldErrors: { organisationId: [`未知的帮扶单位 ${missing.join(',')} / unknown organisation`] } },
    );
  if (input.system === 'leader-contact') {
    const settings = await context.settingsFor(input.countyCode);
    const problems = checkPackage(input.packageMembers, settings.leaderPackage.roles, settings.leaderPackage.name);
    if (problems.length > 0)
      throw errors.invalid(
        { 'zh-CN': `包联组成不符合“${settings.leaderPackage.name}”`, en: 'The package does not match the configured composition' },
        { fieldErrors: { packageMembers: problems } },
      );
  } else if (input.packageMembers.length > 0 || input.leaderName) {
    throw errors.invalid(
      { 'zh-CN': '只有省领导包联有包联组成', en: 'Only leader contact has a package' },
      { fieldErrors: { packageMembers: ['只有省领导包联有包联组成 / only leader contact has a package'] } },
    );
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
      leaderName: input.leaderName,
      packageMembers: input.packageMembers,
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
