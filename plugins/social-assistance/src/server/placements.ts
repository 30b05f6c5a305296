/**
 * 劳务协作 job placements naming registry members. The member is read through the registry's public
 * server API (never its tables), must live in the relationship's county, and only a labour pairing
 * places people. Each placement is announced as `social-assistance.job-placed` for modules that
 * count employment; it carries ids and codes only.
 */
import { errors, ZxError, type ModuleContext } from '@zhenxing/core';
import { getHouseholdProfile } from '@zhenxing/plugin-registry/server';
import { and, asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { PlacementInputSchema, PlacementView } from '../index.ts';
import { getRelationship, type ReadContext, type WriteContext } from './relationships.ts';
import { placements, type PlacementRow } from './schema.ts';

type PlacementContext = WriteContext & Pick<ModuleContext, 'emit'>;

const memberNotFound = () => errors.notFound({ 'zh-CN': '农户成员', en: 'The household member' });

async function views(context: Pick<ReadContext, 'db' | 'today'>, rows: readonly PlacementRow[]): Promise<PlacementView[]> {
  const names = new Map<number, string>();
  for (const householdId of new Set(rows.map((row) => row.householdId))) {
    const profile = await getHouseholdProfile(context.db, householdId, context.today);
    for (const member of profile?.members ?? []) names.set(member.id, member.name);
  }
  return rows.map((row) => ({
    id: row.id,
    countyCode: row.countyCode,
    villageCode: row.villageCode,
    relationshipId: row.relationshipId,
    year: row.year,
    householdId: row.householdId,
    memberId: row.memberId,
    memberName: names.get(row.memberId) ?? '',
    employer: row.employer,
    placedOn: row.placedOn,
  }));
}

export async function listPlacements(context: ReadContext, filter: { relationshipId?: number; year?: number }): Promise<PlacementView[]> {
  const rows = await context.db
    .select()
    .from(placements)
    .where(
      and(
        context.access.where(placements.countyCode, placements.villageCode),
        filter.relationshipId ? eq(placements.relationshipId, filter.relationshipId) : undefined,
        filter.year ? eq(placements.year, filter.year) : undefined,
      ),
    )
    .orderBy(asc(placements.placedOn), asc(placements.id));
  return views(context, rows);
}

export async function recordPlacement(context: PlacementContext, input: z.output<typeof PlacementInputSchema>): Promise<PlacementView> {
  const relationship = await getRelationship(context, input.relationshipId, true);
  if (relationship.system !== 'pairing' || relationship.kind !== 'labour') {
    throw errors.invalid(
      { 'zh-CN': '只有劳务协作登记转移就业', en: 'Only a labour pairing places people in jobs' },
      { fieldErrors: { relationshipId: ['不是劳务协作 / not a labour pairing'] } },
    );
  }
  const profile = await getHouseholdProfile(context.db, input.householdId, context.today);
  // Another county's household (or none) is "not found": the id never confirms it exists.
  if (!profile || profile.household.countyCode !== relationship.countyCode || !context.access.canSee(profile.household.villageCode)) throw memberNotFound();
  if (!profile.members.some((member) => member.id === input.memberId)) throw memberNotFound();
  const villageCode = profile.household.villageCode;
  context.access.assertRegion(villageCode);
  const [existing] = await context.db
    .select({ id: placements.id })
    .from(placements)
    .where(and(eq(placements.relationshipId, relationship.id), eq(placements.memberId, input.memberId), eq(placements.year, input.year)));
  if (existing) throw new ZxError('CONFLICT', 'placement-exists', { 'zh-CN': '该成员本年度已登记转移就业', en: 'The member is placed this year already' });
  const [row] = (await context.db
    .insert(placements)
    .values({
      countyCode: relationship.countyCode,
      villageCode,
      relationshipId: relationship.id,
      year: input.year,
      householdId: input.householdId,
      memberId: input.memberId,
      employer: input.employer,
      placedOn: input.placedOn,
      createdBy: context.actor.username,
    })
    .returning()) as [PlacementRow];
  await context.audit({ action: 'placement.create', regionCode: villageCode, entityType: 'assistance-placement', entityId: row.id, after: row });
  await context.emit('social-assistance.job-placed', {
    placementId: row.id,
    countyCode: row.countyCode,
    villageCode,
    householdId: row.householdId,
    memberId: row.memberId,
    relationshipId: row.relationshipId,
    year: row.year,
    placedOn: row.placedOn,
  });
  const [view] = await views(context, [row]);
  return view as PlacementView;
}

/**
 * The county removes a placement recorded in error; audited, and announced as
 * `social-assistance.job-placement-removed` so a module that counted it uncounts it.
 */
export async function removePlacement(context: PlacementContext, placementId: number): Promise<{ id: number }> {
  const [before] = await context.db
    .select()
    .from(placements)
    .where(and(eq(placements.id, placementId), context.access.where(placements.countyCode, placements.villageCode)))
    .for('update');
  if (!before || !context.access.canSee(before.villageCode)) throw errors.notFound({ 'zh-CN': '转移就业记录', en: 'The placement' });
  context.access.assertRegion(before.villageCode);
  await context.db.delete(placements).where(eq(placements.id, before.id));
  await context.audit({ action: 'placement.remove', regionCode: before.villageCode, entityType: 'assistance-placement', entityId: before.id, before });
  await context.emit('social-assistance.job-placement-removed', {
    placementId: before.id,
    countyCode: before.countyCode,
    villageCode: before.villageCode,
    memberId: before.memberId,
    year: before.year,
  });
  return { id: before.id };
}
