/**
 * §3 compliance per month and region: due (monthlyVisitDuty via the registry), done, overdue and
 * coverage, decided by the rules' visitCompliance — a visit counts for the Asia/Shanghai month of
 * its instant (2026-03-31T16:30Z is 1 April in Shanghai, so it counts for April).
 */
import type { ModuleContext } from '@zhenxing/core';
import type { Executor } from '@zhenxing/db';
import type { VisitDutyHousehold } from '@zhenxing/plugin-registry';
import { addDays, addMonths, monthOf, visitCompliance } from '@zhenxing/rules';
import { and, gte, inArray, like, lt, sql } from 'drizzle-orm';
import type { ComplianceSummary } from '../index.ts';
import { assignmentsOn, cadreResolver } from './assignments.ts';
import { dueHouseholds, dutyIn } from './households.ts';
import { visits } from './schema.ts';

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

export async function complianceSummary(context: ReadContext, month: string): Promise<ComplianceSummary> {
  const due = await dueHouseholds(context, month);
  const done = await visitsAround(context.db, context.access.counties, context.access.regionCode, month);
  const result = decide(month, due, done);
  const closed = month < monthOf(context.today);
  const missing = new Set(result.missing);
  const visited = new Set(result.visited);
  const byVillage = new Map<string, { villageCode: string; due: number; done: number; overdue: number }>();
  for (const household of due) {
    const row = byVillage.get(household.villageCode) ?? { villageCode: household.villageCode, due: 0, done: 0, overdue: 0 };
    row.due += 1;
    if (visited.has(String(household.householdId))) row.done += 1;
    else if (closed) row.overdue += 1;
    byVillage.set(household.villageCode, row);
  }
  // The cadre responsible: in force on the month's last day (or today while the month runs).
  const lastDay = addDays(addMonths(`${month}-01`, 1), -1);
  const cadreOf = cadreResolver(await assignmentsOn(context, lastDay < context.today ? lastDay : context.today));
  const byCadre = new Map<string, { cadreName: string; due: number; done: number; missing: number }>();
  const late: ComplianceSummary['late'] = [];
  for (const household of due) {
    const cadreName = cadreOf(household)?.cadreName ?? null;
    const key = cadreName ?? '';
    const row = byCadre.get(key) ?? { cadreName: cadreName ?? '（未包联）', due: 0, done: 0, missing: 0 };
    row.due += 1;
    if (missing.has(String(household.householdId))) {
      row.missing += 1;
      late.push({
        householdId: household.householdId,
        villageCode: household.villageCode,
        address: household.address,
        headName: household.headName,
        cadreName,
      });
    } else row.done += 1;
    byCadre.set(key, row);
  }
  return {
    month,
    closed,
    due: result.required.length,
    done: result.visited.length,
    overdue: closed ? result.missing.length : 0,
    coverageBasisPoints: coverageBasisPoints(result.visited.length, result.required.length),
    byVillage: [...byVillage.values()].sort((a, b) => a.villageCode.localeCompare(b.villageCode)),
    late,
    byCadre: [...byCadre.values()].sort((a, b) => b.missing - a.missing || a.cadreName.localeCompare(b.cadreName, 'zh-CN')),
  };
}

/** The coverage of a region's month for indicators (no user scope: the counties given). */
export async function coverageOf(db: Executor, counties: readonly string[], regionCode: string, month: string) {
  const due = await dutyIn(db, counties, regionCode, month);
  const result = decide(month, due, await visitsAround(db, counties, regionCode, month));
  return { due: result.required.length, done: result.visited.length, basisPoints: coverageBasisPoints(result.visited.length, result.required.length) };
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
