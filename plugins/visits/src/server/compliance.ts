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
import { visitDutyTallies } from '@zhenxing/plugin-registry/server';
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
  byVillage: ComplianceRow[];
  byCounty: ComplianceCountyRow[];
}

/**
 * Due, done and overdue per village from the stored figures — no household or visit is read:
 * due is the registry's §3 duty tally (visitDutyTallies: every 监测户 and 脱贫户 now), done the
 * visits tally of households visited that Shanghai month while they had the duty
 * (month_tallies.due_households). A village's done can exceed its due when a visited household has
 * since left the duty or the village; overdue (only once the month has closed) is what is still
 * missing, never below 0, and coverage is capped at 100 %.
 */
export async function talliedFigures(
  db: Executor,
  counties: readonly string[],
  regionCode: string,
  month: string,
  closed: boolean,
  canSee: (villageCode: string) => boolean = () => true,
): Promise<TalliedFigures> {
  const [duty, visited] =
    counties.length === 0
      ? [[], []]
      : await Promise.all([
          visitDutyTallies(db, counties, regionCode),
          db
            .select({ countyCode: monthTallies.countyCode, villageCode: monthTallies.villageCode, done: monthTallies.dueHouseholds })
            .from(monthTallies)
            .where(
              and(
                eq(monthTallies.month, month),
                inArray(monthTallies.countyCode, [...counties]),
                like(monthTallies.villageCode, `${regionCode}%`),
                gt(monthTallies.dueHouseholds, 0),
              ),
            ),
        ]);
  const villages = new Map<string, ComplianceRow & { countyCode: string }>();
  const row = (countyCode: string, villageCode: string) => {
    const found = villages.get(villageCode) ?? { countyCode, villageCode, due: 0, done: 0, overdue: 0 };
    villages.set(villageCode, found);
    return found;
  };
  for (const tally of duty) if (canSee(tally.villageCode)) row(tally.countyCode, tally.villageCode).due += tally.households;
  for (const tally of visited) if (canSee(tally.villageCode)) row(tally.countyCode, tally.villageCode).done += tally.done;
  const counted = new Map<string, ComplianceCountyRow>();
  let due = 0;
  let done = 0;
  let overdue = 0;
  for (const village of villages.values()) {
    village.overdue = closed ? Math.max(0, village.due - village.done) : 0;
    due += village.due;
    done += village.done;
    overdue += village.overdue;
    const county = counted.get(village.countyCode) ?? { countyCode: village.countyCode, due: 0, done: 0, overdue: 0 };
    county.due += village.due;
    county.done += village.done;
    county.overdue += village.overdue;
    counted.set(village.countyCode, county);
  }
  return {
    due,
    done,
    overdue,
    coverageBasisPoints: Math.min(10_000, coverageBasisPoints(done, due)),
    byVillage: [...villages.values()]
      .map(({ villageCode, due: villageDue, done: villageDone, overdue: villageOverdue }) => ({
        villageCode,
        due: villageDue,
        done: villageDone,
        overdue: villageOverdue,
      }))
      .sort((a, b) => a.villageCode.localeCompare(b.villageCode)),
    byCounty: [...counted.values()].sort((a, b) => a.countyCode.localeCompare(b.countyCode)),
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
