/**
 * Dashboard data per region (the charts come later): monitored households by type, by §1 宽
 * category and by status; monthly trend; overdue identifications by escalation level; open green
 * channels; assistance coverage. Only counties that enabled the module are counted
 * (`scope.counties`); the others are listed (`scope.countiesWithoutModule`).
 */
import { AccessScope } from '@zhenxing/core';
import type { Executor } from '@zhenxing/db';
import { addMonths, monthOf } from '@zhenxing/rules';
import { and, eq, inArray, sql, type Column, type SQL } from 'drizzle-orm';
import { OPEN_CASE_STEPS } from '../index.ts';
import { cases, measures, objects, signals } from './schema.ts';

export interface DashboardScope {
  regionCode: string;
  counties: readonly string[];
  countiesWithoutModule: readonly string[];
  where(countyColumn: Column, regionColumn?: Column): SQL;
}

/** A scope for callers outside a request (indicators, benchmarks): the region and its enabled counties. */
export function scopeFor(regionCode: string, counties: readonly string[], countiesWithoutModule: readonly string[] = []): DashboardScope {
  return new AccessScope(
    'monitoring',
    { 'zh-CN': '防止返贫监测帮扶', en: 'Return-to-poverty monitoring' },
    regionCode,
    regionCode,
    counties,
    countiesWithoutModule,
  );
}

const openSteps = sql.raw(`(${OPEN_CASE_STEPS.map((step) => `'${step}'`).join(', ')})`);

export async function coverage(db: Executor, scope: DashboardScope) {
  const [row] = await db
    .select({
      monitored: sql<number>`count(*)::int`,
      // Qualified by hand: inside the sub-select an unqualified household_id would bind to the measure.
      covered: sql<number>`count(*) filter (where exists (select 1 from ${measures} m where m.household_id = ${sql.raw('"objects"."household_id"')} and m.status = 'active'))::int`,
    })
    .from(objects)
    .where(and(scope.where(objects.countyCode, objects.villageCode), eq(objects.status, 'monitored')));
  const monitored = row?.monitored ?? 0;
  const covered = row?.covered ?? 0;
  // Basis points, rounded down; with nobody monitored nothing is missing (100%).
  const basisPoints = monitored === 0 ? 10_000 : Math.floor((covered * 10_000) / monitored);
  return { monitored, covered, basisPoints };
}

export async function caseFigures(db: Executor, scope: DashboardScope) {
  const [row] = await db
    .select({
      open: sql<number>`count(*) filter (where ${cases.step} in ${openSteps})::int`,
      overdue: sql<number>`count(*) filter (where ${cases.step} in ${openSteps} and ${cases.deadlineStatus} = 'overdue')::int`,
      warning: sql<number>`count(*) filter (where ${cases.step} in ${openSteps} and ${cases.deadlineStatus} = 'warning')::int`,
      overdueCity: sql<number>`count(*) filter (where ${cases.step} in ${openSteps} and ${cases.escalationLevel} in ('city', 'province'))::int`,
      overdueProvince: sql<number>`count(*) filter (where ${cases.step} in ${openSteps} and ${cases.escalationLevel} = 'province')::int`,
      greenChannelOpen: sql<number>`count(*) filter (where ${cases.step} in ${openSteps} and ${cases.greenChannel})::int`,
      included: sql<number>`count(*) filter (where ${cases.step} = 'included')::int`,
      includedOnTime: sql<number>`count(*) filter (where ${cases.step} = 'included' and ${cases.deadlineStatus} = 'done-on-time')::int`,
      rejected: sql<number>`count(*) filter (where ${cases.step} = 'rejected')::int`,
      inclusionDaysTotal: sql<number>`coalesce(sum(${cases.completedOn} - ${cases.discoveredOn}) filter (where ${cases.step} = 'included'), 0)::int`,
      inclusionDaysCount: sql<number>`count(${cases.completedOn} - ${cases.discoveredOn}) filter (where ${cases.step} = 'included')::int`,
    })
    .from(cases)
    .where(scope.where(cases.countyCode, cases.villageCode));
  return {
    open: row?.open ?? 0,
    overdue: row?.overdue ?? 0,
    warning: row?.warning ?? 0,
    overdueEscalatedToCity: row?.overdueCity ?? 0,
    overdueEscalatedToProvince: row?.overdueProvince ?? 0,
    greenChannelOpen: row?.greenChannelOpen ?? 0,
    included: row?.included ?? 0,
    includedOnTime: row?.includedOnTime ?? 0,
    rejected: row?.rejected ?? 0,
    averageDaysToInclusion: averageDays(row?.inclusionDaysTotal ?? 0, row?.inclusionDaysCount ?? 0),
    /** Sum and count behind the average, so county figures add up to a province's. */
    inclusionDaysTotal: row?.inclusionDaysTotal ?? 0,
    inclusionDaysCount: row?.inclusionDaysCount ?? 0,
  };
}

export type CaseFigures = Awaited<ReturnType<typeof caseFigures>>;
export type Coverage = Awaited<ReturnType<typeof coverage>>;

/** Average days, one decimal, rounded half up (as PostgreSQL's round did); null with no inclusion. */
export function averageDays(total: number, count: number): number | null {
  return count === 0 ? null : Math.round((total * 10) / count) / 10;
}

/** Live figures straight from the tables (exact; fast for a county, slow for a whole province). */
export async function liveSummary(db: Executor, scope: DashboardScope) {
  const inScope = scope.where(objects.countyCode, objects.villageCode);
  const byType = await db
    .select({ key: objects.objectType, value: sql<number>`count(*)::int` })
    .from(objects)
    .where(and(inScope, eq(objects.status, 'monitored')))
    .groupBy(objects.objectType)
    .orderBy(objects.objectType);
  const byCategory = await db
    .select({ key: sql<string>`category`, value: sql<number>`count(*)::int` })
    .from(sql`${objects} cross join lateral jsonb_array_elements_text(${objects.riskCategories}) as category`)
    .where(and(inScope, eq(objects.status, 'monitored')))
    .groupBy(sql`category`)
    .orderBy(sql`category`);
  const objectsByStatus = await db
    .select({ key: objects.status, value: sql<number>`count(*)::int` })
    .from(objects)
    .where(inScope)
    .groupBy(objects.status)
    .orderBy(objects.status);
  const casesByStep = await db
    .select({ key: cases.step, value: sql<number>`count(*)::int` })
    .from(cases)
    .where(scope.where(cases.countyCode, cases.villageCode))
    .groupBy(cases.step)
    .orderBy(cases.step);
  return {
    regionCode: scope.regionCode,
    counties: [...scope.counties],
    countiesWithoutModule: [...scope.countiesWithoutModule],
    monitoredByType: byType,
    monitoredByRiskCategory: byCategory,
    objectsByStatus,
    casesByStep,
    cases: await caseFigures(db, scope),
    coverage: await coverage(db, scope),
  };
}

export type DashboardSummary = Awaited<ReturnType<typeof liveSummary>>;

/** Per month (YYYY-MM), the last `months` months up to `today`: signals, cases opened, inclusions, eliminations. */
export async function liveTrend(db: Executor, scope: DashboardScope, today: string, months: number) {
  const firstMonth = monthOf(addMonths(today, -(months - 1)));
  const from = `${firstMonth}-01`;
  const monthKeys: string[] = [];
  for (let index = months - 1; index >= 0; index -= 1) monthKeys.push(monthOf(addMonths(today, -index)));
  const series = async (table: typeof signals | typeof cases | typeof objects, column: Column, extra?: SQL) => {
    const rows = await db
      .select({ month: sql<string>`to_char(${column}, 'YYYY-MM')`, value: sql<number>`count(*)::int` })
      .from(table)
      .where(and(scope.where(table.countyCode, table.villageCode), sql`${column} >= ${from}`, extra))
      .groupBy(sql`1`);
    return new Map(rows.map((row) => [row.month, row.value]));
  };
  const signalsByMonth = await series(signals, signals.detectedOn);
  const opened = await series(cases, cases.discoveredOn);
  const included = await series(objects, objects.includedOn);
  const eliminated = await series(objects, objects.eliminatedOn, inArray(objects.status, ['risk-eliminated']));
  return {
    regionCode: scope.regionCode,
    countiesWithoutModule: [...scope.countiesWithoutModule],
    months: monthKeys.map((month) => ({
      month,
      signals: signalsByMonth.get(month) ?? 0,
      casesOpened: opened.get(month) ?? 0,
      included: included.get(month) ?? 0,
      eliminated: eliminated.get(month) ?? 0,
    })),
  };
}

export type DashboardTrend = Awaited<ReturnType<typeof liveTrend>>;
