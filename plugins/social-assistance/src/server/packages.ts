/**
 * 省领导包联 packages, managed by the province: a leader and member units by role (五包一 / 三包一 or
 * another composition the province names) contacting one county. Every role of the composition is
 * filled exactly once (the leader by name, the units by an active organisation). The county
 * contacted reads its own package; it cannot change it.
 */
import { errors, type ModuleContext } from '@zhenxing/core';
import { regions } from '@zhenxing/db';
import { and, asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { CreateLeaderPackageInputSchema, LeaderPackageView, PackageMember, PackageRole, UpdateLeaderPackageInputSchema } from '../index.ts';
import { assertActiveOrganisations, isActive, organisationNames, regionNames, type ReadContext, type WriteContext } from './relationships.ts';
import { leaderPackages, type LeaderPackageRow } from './schema.ts';

const packageNotFound = () => errors.notFound({ 'zh-CN': '包联组', en: 'The leader package' });

/** Problems of a package's members against its composition: every role filled once, nothing else. */
export function checkPackage(members: readonly PackageMember[], roles: readonly PackageRole[], packageName: string): string[] {
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

async function assertMembers(context: Pick<WriteContext, 'db'>, members: readonly PackageMember[], roles: readonly PackageRole[], name: string) {
  const problems = checkPackage(members, roles, name);
  if (problems.length > 0)
    throw errors.invalid({ 'zh-CN': `包联组成不符合“${name}”`, en: 'The package does not match its composition' }, { fieldErrors: { members: problems } });
  await assertActiveOrganisations(
    context.db,
    members.flatMap((member) => (member.organisationId ? [member.organisationId] : [])),
    'members',
  );
}

export async function packageViews(context: Pick<ReadContext, 'db' | 'today'>, rows: readonly LeaderPackageRow[]): Promise<LeaderPackageView[]> {
  const names = await organisationNames(
    context.db,
    rows.flatMap((row) => row.members.flatMap((member) => (member.organisationId ? [member.organisationId] : []))),
  );
  const counties = await regionNames(
    context.db,
    rows.map((row) => row.countyCode),
  );
  return rows.map((row) => ({
    id: row.id,
    countyCode: row.countyCode,
    countyName: counties.get(row.countyCode) ?? row.countyCode,
    name: row.name,
    roles: row.roles,
    leaderName: row.leaderName,
    leaderTitle: row.leaderTitle,
    members: row.members.map((member) => ({ ...member, organisationName: member.organisationId ? (names.get(member.organisationId) ?? null) : null })),
    startOn: row.startOn,
    endOn: row.endOn,
    active: isActive(row, context.today),
    note: row.note,
  }));
}

/** The packages of the reader's region (a county sees its own, read-only). */
export async function listPackages(context: ReadContext): Promise<LeaderPackageView[]> {
  const rows = await context.db
    .select()
    .from(leaderPackages)
    .where(context.access.where(leaderPackages.countyCode))
    .orderBy(asc(leaderPackages.countyCode), asc(leaderPackages.id));
  return packageViews(context, rows);
}

export async function createPackage(context: WriteContext, input: z.output<typeof CreateLeaderPackageInputSchema>): Promise<LeaderPackageView> {
  context.access.assertRegion(input.countyCode);
  const [known] = await context.db
    .select({ code: regions.code })
    .from(regions)
    .where(and(eq(regions.code, input.countyCode), eq(regions.level, 3)));
  if (!known)
    throw errors.invalid(
      { 'zh-CN': `未知的县代码 ${input.countyCode}`, en: `Unknown county ${input.countyCode}` },
      { fieldErrors: { countyCode: ['未知的县代码 / unknown county'] } },
    );
  // The leader is a member by name: the package's leader fills the `leader` role.
  const members = input.members.map((member) => (member.role === 'leader' && member.name.length === 0 ? { ...member, name: input.leaderName } : member));
  await assertMembers(context, members, input.roles, input.name);
  const [row] = (await context.db
    .insert(leaderPackages)
    .values({
      countyCode: input.countyCode,
      name: input.name,
      leaderName: input.leaderName,
      leaderTitle: input.leaderTitle,
      roles: input.roles,
      members,
      startOn: input.startOn,
      endOn: input.endOn,
      note: input.note,
      createdBy: context.actor.username,
    })
    .returning()) as [LeaderPackageRow];
  await context.audit({ action: 'package.create', regionCode: row.countyCode, entityType: 'assistance-package', entityId: row.id, after: row });
  const [view] = await packageViews(context, [row]);
  return view as LeaderPackageView;
}

/** The province changes a package's leader, members, end or note: only the fields sent; audited with before and after. */
export async function updatePackage(
  context: WriteContext & Pick<ModuleContext, 'clock'>,
  input: z.output<typeof UpdateLeaderPackageInputSchema>,
): Promise<LeaderPackageView> {
  const [before] = await context.db
    .select()
    .from(leaderPackages)
    .where(and(eq(leaderPackages.id, input.packageId), context.access.where(leaderPackages.countyCode)))
    .for('update');
  if (!before || !context.access.canSee(before.countyCode)) throw packageNotFound();
  context.access.assertRegion(before.countyCode);
  const patch: Partial<LeaderPackageRow> = {};
  if (input.leaderName !== undefined) patch.leaderName = input.leaderName;
  if (input.leaderTitle !== undefined) patch.leaderTitle = input.leaderTitle;
  if (input.members !== undefined) {
    await assertMembers(context, input.members, before.roles, before.name);
    patch.members = input.members;
  }
  if (input.endOn !== undefined) {
    if (input.endOn !== null && input.endOn < before.startOn)
      throw errors.invalid(
        { 'zh-CN': '结束日期早于开始日期', en: 'The end is before the start' },
        { fieldErrors: { endOn: ['结束日期早于开始日期 / ends before it starts'] } },
      );
    patch.endOn = input.endOn;
  }
  if (input.note !== undefined) patch.note = input.note;
  const [row] = (await context.db
    .update(leaderPackages)
    .set({ ...patch, updatedAt: context.clock.now() })
    .where(eq(leaderPackages.id, before.id))
    .returning()) as [LeaderPackageRow];
  await context.audit({ action: 'package.update', regionCode: row.countyCode, entityType: 'assistance-package', entityId: row.id, before, after: row });
  const [view] = await packageViews(context, [row]);
  return view as LeaderPackageView;
}
