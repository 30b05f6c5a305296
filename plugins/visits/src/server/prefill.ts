/**
 * Ask only what changed: the form opens with the last visit's answers and the registry's current
 * values (`prefill`), a cadre's whole round fits one compact payload (`offlinePack`), and a visit
 * can be compared with the one before it (`changesSince`).
 */
import type { ModuleContext } from '@zhenxing/core';
import type { HouseholdProfile } from '@zhenxing/plugin-registry';
import { getHouseholdProfile, isPovertyExited } from '@zhenxing/plugin-registry/server';
import { maskIdNumbersInText, monthOf, mustVisitMonthly } from '@zhenxing/rules';
import { and, desc, eq, inArray, lt } from 'drizzle-orm';
import {
  INCOME_COMPONENT_LABELS,
  INCOME_COMPONENTS,
  SPENDING_KIND_LABELS,
  SPENDING_KINDS,
  type VisitChange,
  type VisitPrefill,
  type VisitRecord,
} from '../index.ts';
import { assignmentsOn, cadreResolver } from './assignments.ts';
import { visitNotFound } from './errors.ts';
import { dueHouseholds, visibleHousehold } from './households.ts';
import { checklistSchooling } from './record.ts';
import { visitRecord, visitView } from './records.ts';
import { visits, type VisitRow } from './schema.ts';

type ReadContext = Pick<ModuleContext, 'db' | 'access' | 'today'>;

function prefillOf(profile: HouseholdProfile, last: VisitRow | undefined, due: boolean, month: string, pii: boolean): VisitPrefill {
  const text = (value: string) => (pii ? value : maskIdNumbersInText(value));
  const head = profile.members.find((member) => member.relation === 'head');
  const income = profile.latestIncome;
  return {
    household: {
      id: profile.household.id,
      villageCode: profile.household.villageCode,
      address: profile.household.address,
      status: profile.household.status,
      headName: head?.name ?? '',
    },
    members: profile.members.map((member) => ({
      id: member.id,
      name: member.name,
      relation: member.relation,
      age: member.age,
      schooling: checklistSchooling(member.schooling),
      employment: member.employment,
    })),
    income: income
      ? {
          year: income.year,
          wagesFen: income.wagesFen,
          businessFen: income.businessFen,
          propertyFen: income.propertyFen,
          transfersFen: income.transfersFen,
          productionCostsFen: income.productionCostsFen,
        }
      : null,
    lastVisit: last
      ? {
          id: last.id,
          visitedOn: last.visitedOn,
          industry: last.industry,
          employment: last.employment,
          checklist: last.checklist,
          policyNotes: text(last.policyNotes),
          findings: text(last.findings),
          riskTypes: last.riskTypes,
        }
      : null,
    dueThisMonth: due,
    visitedThisMonth: last?.month === month,
  };
}

async function lastVisits(context: ReadContext, householdIds: readonly number[]): Promise<Map<number, VisitRow>> {
  const latest = new Map<number, VisitRow>();
  if (householdIds.length === 0) return latest;
  const rows = await context.db
    .selectDistinctOn([visits.householdId])
    .from(visits)
    .where(and(context.access.where(visits.countyCode, visits.villageCode), inArray(visits.householdId, [...householdIds])))
    .orderBy(visits.householdId, desc(visits.visitedAt), desc(visits.id));
  for (const row of rows) latest.set(row.householdId, row);
  return latest;
}

export async function prefill(context: ReadContext, householdId: number, pii: boolean): Promise<VisitPrefill> {
  const profile = await visibleHousehold(context, householdId);
  const month = monthOf(context.today);
  // §3 for this one household as the registry's duty list decides it (statuses 脱贫户 and 监测户 only),
  // without reading the county's whole list.
  const { status } = profile.household;
  const due =
    status !== 'ordinary' &&
    mustVisitMonthly({ householdId: String(householdId), povertyExited: isPovertyExited(profile.household), monitored: status === 'monitored' });
  const last = (await lastVisits(context, [householdId])).get(householdId);
  return prefillOf(profile, last, due, month, pii);
}

/** At most this many households in one pack (a cadre's round is usually 10–60). */
export const OFFLINE_PACK_LIMIT = 200;

/**
 * The caller's assigned households (by account) with their prefill, for an offline round. Compact:
 * only what the form shows. When the caller has no assignment, the due households of the region.
 */
export async function offlinePack(context: ReadContext & Pick<ModuleContext, 'actor'>, pii: boolean) {
  const month = monthOf(context.today);
  const due = await dueHouseholds(context, month);
  const assignments = await assignmentsOn(context, context.today);
  const cadreOf = cadreResolver(assignments);
  const mine = assignments.filter((row) => row.cadreUsername === context.actor.username);
  const mineIds = new Set(mine.filter((row) => row.householdId !== null).map((row) => row.householdId as number));
  const chosen = new Set<number>();
  for (const household of due) if (cadreOf(household)?.cadreUsername === context.actor.username) chosen.add(household.householdId);
  for (const householdId of mineIds) chosen.add(householdId);
  const ids = (mine.length > 0 ? [...chosen] : due.map((household) => household.householdId)).slice(0, OFFLINE_PACK_LIMIT);
  const dueIds = new Set(due.map((household) => household.householdId));
  const last = await lastVisits(context, ids);
  const households: VisitPrefill[] = [];
  for (const householdId of ids) {
    const profile = await getHouseholdProfile(context.db, householdId, context.today);
    if (!profile || !context.access.canSee(profile.household.villageCode)) continue;
    households.push(prefillOf(profile, last.get(householdId), dueIds.has(householdId), month, pii));
  }
  return { month, generatedOn: context.today, households };
}

export async function getVisit(context: ReadContext, visitId: number): Promise<VisitRow> {
  const [row] = await context.db
    .select()
    .from(visits)
    .where(and(eq(visits.id, visitId), context.access.where(visits.countyCode, visits.villageCode)));
  if (!row || !context.access.canSee(row.villageCode)) throw visitNotFound();
  return row;
}

/** What this visit recorded differently from the household's visit before it. */
export async function changesSince(
  context: ReadContext,
  visitId: number,
  pii: boolean,
): Promise<{ visit: VisitRecord; previous: VisitRecord | null; changes: VisitChange[] }> {
  const row = await getVisit(context, visitId);
  const [previousRow] = await context.db
    .select()
    .from(visits)
    .where(and(eq(visits.householdId, row.householdId), lt(visits.visitedAt, row.visitedAt), context.access.where(visits.countyCode, visits.villageCode)))
    .orderBy(desc(visits.visitedAt), desc(visits.id))
    .limit(1);
  const visit = visitRecord(row);
  const previous = previousRow ? visitRecord(previousRow) : null;
  const changes: VisitChange[] = [];
  for (const component of INCOME_COMPONENTS) {
    if (visit.incomeChanges[component] !== 0)
      changes.push({ field: `incomeChanges.${component}`, label: INCOME_COMPONENT_LABELS[component], before: 0, after: visit.incomeChanges[component] });
  }
  for (const kind of SPENDING_KINDS) {
    // The medical spending change is a health detail (registry.pii.view only).
    if (kind === 'medicalFen' && !pii) continue;
    if (visit.spendingChanges[kind] !== 0)
      changes.push({ field: `spendingChanges.${kind}`, label: SPENDING_KIND_LABELS[kind], before: 0, after: visit.spendingChanges[kind] });
  }
  if (previous) {
    const compare = (field: string, label: VisitChange['label'], before: VisitChange['before'], after: VisitChange['after']) => {
      if (before !== after) changes.push({ field, label, before, after });
    };
    compare('industry.state', { 'zh-CN': '产业状况', en: 'industry' }, previous.industry.state, visit.industry.state);
    compare('employment.state', { 'zh-CN': '就业状况', en: 'employment' }, previous.employment.state, visit.employment.state);
    compare(
      'checklist.foodAndClothingSecure',
      { 'zh-CN': '不愁吃穿', en: 'food and clothing secure' },
      previous.checklist.foodAndClothingSecure,
      visit.checklist.foodAndClothingSecure,
    );
    compare('checklist.housingGrade', { 'zh-CN': '住房等级', en: 'housing grade' }, previous.checklist.housingGrade, visit.checklist.housingGrade);
    for (const aspect of ['quantity', 'quality', 'reliability', 'convenience'] as const) {
      compare(
        `checklist.water.${aspect}`,
        { 'zh-CN': `饮水安全（${aspect}）`, en: `drinking water (${aspect})` },
        previous.checklist.water[aspect],
        visit.checklist.water[aspect],
      );
    }
    const before = new Map(previous.checklist.members.map((member) => [member.memberId, member]));
    for (const member of visit.checklist.members) {
      const earlier = before.get(member.memberId);
      if (!earlier) continue;
      compare(
        `checklist.members.${member.memberId}.schooling`,
        { 'zh-CN': `成员 ${member.memberId} 就学`, en: `member ${member.memberId} schooling` },
        earlier.schooling,
        member.schooling,
      );
      compare(
        `checklist.members.${member.memberId}.medicalInsured`,
        { 'zh-CN': `成员 ${member.memberId} 参保`, en: `member ${member.memberId} insured` },
        earlier.medicalInsured,
        member.medicalInsured,
      );
    }
  }
  return { visit: visitView(row, pii), previous: previousRow ? visitView(previousRow, pii) : null, changes };
}
