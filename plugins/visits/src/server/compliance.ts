/**
 * §3 compliance per month and region: due (monthlyVisitDuty via the registry), done, overdue and
 * coverage. The figures come from stored tallies at every scope (talliedFigures: exact at province
 * scale without reading a household); a county's late list and per-cadre rows are decided by the
 * rules' visitCompliance over its duty list and visits — a visit counts for the Asia/Shanghai month
 * of its instant (2026-03-31T16:30Z is 1 April in Shanghai, so it counts for April).
 */
import type { ModuleContext } from '@zhenxing/core';
import type { Executor } from '@zhenxing/db';
import type { VisitDutyHousehold } from '@zhenxing/plugin-registry';
import { visitDutyTalliesSubquery } from '@zhenxing/plugin-registry/server';
import { addDays, addMonths, monthOf, visitCompliance } from '@zhenxing/rules';
import { and, eq, gt, gte, inArray, like, lt, sql } from 'drizzle-orm';
import type { ComplianceCountyRow, ComplianceRow, ComplianceSummary } from '../index.ts';
import { assignmentsOn, cadreResolver } from './assignments.ts';
import { dueHouseholds } from './households.ts';
import { monthTallies, visits } from './schema.ts';

type ReadContext = Pick<ModuleContext, 'db' | 'access' | 'today'>;

/** The visits whose instant lies in the Shanghai month or a day either side (the rule decides the month). */
async function visitsAround(db: Executor, counties: readonly string[], regionCode: string, month: string) {
  if (counties.length === 0) return [];
  const first = `${month}-01`;
  const from = new Date(`${addDays(first, -1)}T00:00:00+08:00`);
  const to = new Date(`${addDays(addMonths(first, 1), 1)}T00:00:00+08:00`);
  return db
    .select({ householdId: visits.householdId, visitedAt: visits.visitedAt })
    .from(visits)
    .where(and(inArray(visits.countyCode, [...counties]), like(visits.villageCode, `${regionCode}%`), gte(visits.visitedAt, from), lt(visits.visitedAt, to)));
}

function decide(month: string, due: readonly VisitDutyHousehold[], done: readonly { householdId: number; visitedAt: Date }[]) {
  return visitCompliance({
    month,
    households: due.map((household) => ({
      householdId: String(household.householdId),
      povertyExited: household.status === 'left-poverty',
      monitored: household.status === 'monitored',
    })),
    visits: done.map((visit) => ({ householdId: String(visit.householdId), visitedOn: visit.visitedAt })),
  });
}

/** Basis points of done / due (10000 = 100 %); 10000 when nothing is due. */
export function coverageBasisPoints(done: number, due: number): number {
  return due === 0 ? 10_000 : Math.floor((done * 10_000) / due);
}

/** The served figures of a region's month, from the stored tallies: due (registry), done (visits). */
export interface TalliedFigures {
  due: number;
  done: number;
  overdue: number;
  coverageBasisPoints: number;
  /** Per village: served for a county or smaller region only (listsServed); empty for a city or the province. */
  byVillage: ComplianceRow[];
  byCounty: ComplianceCountyRow[];
}

/**
 * Due and done per village of the region's counties, both tallies joined in the database (one
 * statement, so one snapshot of both): due is the registry's §3 duty tally (visitDutyTalliesSubquery),
 * done the visits tally of households visited that Shanghai month while they had the duty
 * (month_tallies.due_households). A village appears when either is above 0.
 */
function villageTallies(db: Executor, counties: readonly string[], regionCode: string, month: string) {
  const duty = visitDutyTalliesSubquery(db, counties, regionCode);
  const visited = db
    .select({ countyCode: monthTallies.countyCode, villageCode: monthTallies.villageCode, done: monthTallies.dueHouseholds })
    .from(monthTallies)
    .where(
      and(
        eq(monthTallies.month, month),
        inArray(monthTallies.countyCode, [...counties]),
        like(monthTallies.villageCode, `${regionCode}%`),
        gt(monthTallies.dueHouseholds, 0),
      ),
    )
    .as('visited');
  return db
    .select({
      countyCode: sql<string>`coalesce(${duty.countyCode}, ${visited.countyCode})`.as('county_code'),
      villageCode: sql<string>`coalesce(${duty.villageCode}, ${visited.villageCode})`.as('village_code'),
      due: sql<number>`coalesce(${duty.households}, 0)`.as('due'),
      done: sql<number>`coalesce(${visited.done}, 0)`.as('done'),
    })
    .from(duty)
    .fullJoin(visited, eq(duty.villageCode, visited.villageCode));
}

/**
 * Per county: the sums of its villages' due and done, and the sum of each village's shortfall
 * (due − done, never below 0) — added up in SQL, so a province reads ~100 rows, not every village's.
 */
async function countyTallies(db: Executor, counties: readonly string[], regionCode: string, month: string) {
  const villages = villageTallies(db, counties, regionCode, month).as('villages');
  const rows = await db
    .select({
      countyCode: villages.countyCode,
      due: sql<number>`sum(${villages.due})::int`,
      done: sql<number>`sum(${villages.done})::int`,
      shortfall: sql<number>`sum(greatest(${villages.due} - ${villages.done}, 0))::int`,
    })
    .from(villages)
    .groupBy(villages.countyCode)
    .orderBy(villages.countyCode);
  return rows.map((row) => ({ countyCode: row.countyCode, due: Number(row.due), done: Number(row.done), shortfall: Number(row.shortfall) }));
}

/**
 * Due, done and overdue from the stored figures — no household or visit is read. A village's done
 * can exceed its due when a visited household has since left the duty or the village; a village's
 * overdue (only once the month has closed) is what it still misses, never below 0; a county's and
 * the region's overdue are the sums of their villages'; coverage is capped at 100 %. A county or
 * smaller region gets its villages' rows (tens); a city or the province gets per-county sums
 * computed in the database (~100 rows at province scale) and no village rows.
 */
export async function talliedFigures(
  db: Executor,
  counties: readonly string[],
  regionCode: string,
  month: string,
  closed: boolean,
  canSee: (code: string) => boolean = () => true,
): Promise<TalliedFigures> {
  const byVillage: ComplianceRow[] = [];
  const byCounty: ComplianceCountyRow[] = [];
  if (counties.length > 0 && listsServed(regionCode)) {
    const counted = new Map<string, ComplianceCountyRow>();
    for (const row of await villageTallies(db, counties, regionCode, month)) {
      if (!canSee(row.villageCode)) continue;
      const village = { villageCode: row.villageCode, due: Number(row.due), done: Number(row.done), overdue: 0 };
      village.overdue = closed ? Math.max(0, village.due - village.done) : 0;
      byVillage.push(village);
      const county = counted.get(row.countyCode) ?? { countyCode: row.countyCode, due: 0, done: 0, overdue: 0 };
      county.due += village.due;
      county.done += village.done;
      county.overdue += village.overdue;
      counted.set(row.countyCode, county);
    }
    byVillage.sort((a, b) => a.villageCode.localeCompare(b.villageCode));
    byCounty.push(...[...counted.values()].sort((a, b) => a.countyCode.localeCompare(b.countyCode)));
  } else if (counties.length > 0) {
    for (const row of await countyTallies(db, counties, regionCode, month)) {
      if (canSee(row.countyCode)) byCounty.push({ countyCode: row.countyCode, due: row.due, done: row.done, overdue: closed ? row.shortfall : 0 });
    }
  }
  const due = byCounty.reduce((total, row) => total + row.due, 0);
  const done = byCounty.reduce((total, row) => total + row.done, 0);
  return {
    due,
    done,
    overdue: byCounty.reduce((total, row) => total + row.overdue, 0),
    coverageBasisPoints: Math.min(10_000, coverageBasisPoints(done, due)),
    byVillage,
    byCounty,
  };
}

/** A county-or-smaller region: the late list and the per-cadre rows (household lists) are served. */
export function listsServed(regionCode: string): boolean {
  return regionCode.length >= 6;
}

export async function complianceSummary(context: ReadContext, month: string): Promise<ComplianceSummary> {
  const { access } = context;
  const closed = month < monthOf(context.today);
  const figures = await talliedFigures(context.db, access.counties, access.regionCode, month, closed, (villageCode) => access.canSee(villageCode));
  const summary: ComplianceSummary = { month, closed, ...figures, detail: listsServed(access.regionCode), late: [], byCadre: [] };
  if (!summary.detail) return summary;

  // County and smaller: who is late, and each cadre's share, from the duty list (rules) and the visits.
  const due = await dueHouseholds(context, month);
  const done = await visitsAround(context.db, access.counties, access.regionCode, month);
  const missing = new Set(decide(month, due, done).missing);
  // The cadre responsible: in force on the month's last day (or today while the month runs).
  const lastDay = addDays(addMonths(`${month}-01`, 1), -1);
  const cadreOf = cadreResolver(await assignmentsOn(context, lastDay < context.today ? lastDay : context.today));
  const byCadre = new Map<string, { cadreName: string; due: number; done: number; missing: number }>();
  for (const household of due) {
    const cadreName = cadreOf(household)?.cadreName ?? null;
    const key = cadreName ?? '';
    const row = byCadre.get(key) ?? { cadreName: cadreName ?? '（未包联）', due: 0, done: 0, missing: 0 };
    row.due += 1;
    if (missing.has(String(household.householdId))) {
      row.missing += 1;
      summary.late.push({
        householdId: household.householdId,
        villageCode: household.villageCode,
        address: household.address,
        headName: household.headName,
        cadreName,
      });
    } else row.done += 1;
    byCadre.set(key, row);
  }
  summary.byCadre = [...byCadre.values()].sort((a, b) => b.missing - a.missing || a.cadreName.localeCompare(b.cadreName, 'zh-CN'));
  return summary;
}

/** The coverage of a region's month for indicators (no user scope: the counties given), from the tallies. */
export async function coverageOf(db: Executor, counties: readonly string[], regionCode: string, month: string) {
  const figures = await talliedFigures(db, counties, regionCode, month, false);
  return { due: figures.due, done: figures.done, basisPoints: figures.coverageBasisPoints };
}

/** Visits recorded per Shanghai month in a region (a small series for the dashboard chart). */
export async function monthlyCounts(context: ReadContext, months: readonly string[]) {
  if (months.length === 0 || context.access.counties.length === 0) return [];
  const rows = await context.db
    .select({ month: visits.month, count: sql<number>`count(distinct ${visits.householdId})::int` })
    .from(visits)
    .where(and(context.access.where(visits.countyCode, visits.villageCode), inArray(visits.month, [...months])))
    .groupBy(visits.month);
  const counts = new Map(rows.map((row) => [row.month, Number(row.count)]));
  return months.map((month) => ({ month, households: counts.get(month) ?? 0 }));
}
