/**
 * Dashboards above county level (city, province) add up per-county figures instead of scanning
 * every case of the province on each request. The figures-refresh job stores each county's
 * figures together with the county's change number (stamped by statement triggers on cases,
 * signals, objects and measures); a stored row counts only while that number is unchanged, and
 * counties without a current row are computed live in one grouped pass. So the answer is always
 * exact — the same numbers a live scan gives — and fast once the job has run.
 */
import type { Executor } from '@zhenxing/db';
import { monthOf } from '@zhenxing/rules';
import { eq, inArray, sql } from 'drizzle-orm';
import { averageDays, liveSummary, liveTrend, scopeFor, type DashboardScope, type DashboardSummary, type DashboardTrend } from './dashboard.ts';
import { countyChanges, countyFigures } from './schema.ts';

/** Months of trend kept per county: the most a dashboard may ask for. */
export const STORED_MONTHS = 36;

type Keyed = { key: string; value: number }[];

function addKeyed(lists: readonly Keyed[]): Keyed {
  const totals = new Map<string, number>();
  for (const list of lists) for (const { key, value } of list) totals.set(key, (totals.get(key) ?? 0) + value);
  return [...totals].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, value]) => ({ key, value }));
}

const sum = <T>(items: readonly T[], pick: (item: T) => number): number => items.reduce((total, item) => total + pick(item), 0);

/** The summary of a region from the summaries of its parts (disjoint sets of counties). */
export function addSummaries(scope: DashboardScope, parts: readonly DashboardSummary[]): DashboardSummary {
  const cases = parts.map((part) => part.cases);
  const inclusionDaysTotal = sum(cases, (item) => item.inclusionDaysTotal);
  const inclusionDaysCount = sum(cases, (item) => item.inclusionDaysCount);
  const monitored = sum(parts, (part) => part.coverage.monitored);
  const covered = sum(parts, (part) => part.coverage.covered);
  return {
    regionCode: scope.regionCode,
    counties: [...scope.counties],
    countiesWithoutModule: [...scope.countiesWithoutModule],
    monitoredByType: addKeyed(parts.map((part) => part.monitoredByType)),
    monitoredByRiskCategory: addKeyed(parts.map((part) => part.monitoredByRiskCategory)),
    objectsByStatus: addKeyed(parts.map((part) => part.objectsByStatus)),
    casesByStep: addKeyed(parts.map((part) => part.casesByStep)),
    cases: {
      open: sum(cases, (item) => item.open),
      overdue: sum(cases, (item) => item.overdue),
      warning: sum(cases, (item) => item.warning),
      overdueEscalatedToCity: sum(cases, (item) => item.overdueEscalatedToCity),
      overdueEscalatedToProvince: sum(cases, (item) => item.overdueEscalatedToProvince),
      greenChannelOpen: sum(cases, (item) => item.greenChannelOpen),
      included: sum(cases, (item) => item.included),
      includedOnTime: sum(cases, (item) => item.includedOnTime),
      rejected: sum(cases, (item) => item.rejected),
      averageDaysToInclusion: averageDays(inclusionDaysTotal, inclusionDaysCount),
      inclusionDaysTotal,
      inclusionDaysCount,
    },
    // Basis points, rounded down; with nobody monitored nothing is missing (100%).
    coverage: { monitored, covered, basisPoints: monitored === 0 ? 10_000 : Math.floor((covered * 10_000) / monitored) },
  };
}

/** The trend of a region from the trends of its parts, for the last `months` months. */
export function addTrends(scope: DashboardScope, months: number, parts: readonly DashboardTrend[]): DashboardTrend {
  const byMonth = new Map<string, DashboardTrend['months'][number]>();
  for (const part of parts) {
    for (const month of part.months) {
      const total = byMonth.get(month.month) ?? { month: month.month, signals: 0, casesOpened: 0, included: 0, eliminated: 0 };
      total.signals += month.signals;
      total.casesOpened += month.casesOpened;
      total.included += month.included;
      total.eliminated += month.eliminated;
      byMonth.set(month.month, total);
    }
  }
  const sorted = [...byMonth.values()].sort((a, b) => (a.month < b.month ? -1 : 1));
  return { regionCode: scope.regionCode, countiesWithoutModule: [...scope.countiesWithoutModule], months: sorted.slice(-months) };
}

interface StoredFigures {
  summary: DashboardSummary;
  trend: DashboardTrend;
}

/** The stored figures of `counties` that are still current (no change since, trend of this month). */
async function currentFigures(db: Executor, counties: readonly string[], today: string): Promise<Map<string, StoredFigures>> {
  if (counties.length === 0) return new Map();
  const rows = await db
    .select({ countyCode: countyFigures.countyCode, summary: countyFigures.summary, trend: countyFigures.trend })
    .from(countyFigures)
    .leftJoin(countyChanges, eq(countyChanges.countyCode, countyFigures.countyCode))
    .where(sql`${inArray(countyFigures.countyCode, [...counties])}
      and ${countyFigures.basedOnChange} = coalesce(${countyChanges.changedSeq}, 0)
      and to_char(${countyFigures.computedFor}, 'YYYY-MM') = ${monthOf(today)}`);
  return new Map(rows.map((row) => [row.countyCode, { summary: row.summary as DashboardSummary, trend: row.trend as DashboardTrend }]));
}

/** Counties with current stored figures are added up; the rest are computed live in one pass. */
async function split(db: Executor, scope: DashboardScope, today: string) {
  const stored = await currentFigures(db, scope.counties, today);
  const missing = scope.counties.filter((county) => !stored.has(county));
  const live = missing.length > 0 ? scopeFor(scope.regionCode, missing) : null;
  return { stored: [...stored.values()], live };
}

/** Whether a scope is wider than one county (only then are stored figures worth reading). */
const aboveCounty = (scope: DashboardScope): boolean => scope.regionCode.length < 6 && scope.counties.length > 1;

export async function dashboardSummary(db: Executor, scope: DashboardScope, today: string): Promise<DashboardSummary> {
  if (!aboveCounty(scope)) return liveSummary(db, scope);
  const { stored, live } = await split(db, scope, today);
  const parts = stored.map((figures) => figures.summary);
  if (live) parts.push(await liveSummary(db, live));
  return addSummaries(scope, parts);
}

export async function dashboardTrend(db: Executor, scope: DashboardScope, today: string, months: number): Promise<DashboardTrend> {
  if (!aboveCounty(scope)) return liveTrend(db, scope, today, months);
  const { stored, live } = await split(db, scope, today);
  const parts = stored.map((figures) => figures.trend);
  if (live) parts.push(await liveTrend(db, live, today, months));
  return addTrends(scope, months, parts);
}

/**
 * Stores current figures for each of `counties` whose stored ones are missing or stale. The
 * change number is read before computing: a change committed meanwhile leaves the new row stale
 * (its number moved on), never wrong. Returns the counties refreshed.
 */
export async function refreshCountyFigures(db: Executor, counties: readonly string[], today: string, now: Date): Promise<string[]> {
  const current = await currentFigures(db, counties, today);
  const refreshed: string[] = [];
  for (const countyCode of counties) {
    if (current.has(countyCode)) continue;
    const [change] = await db.select({ seq: countyChanges.changedSeq }).from(countyChanges).where(eq(countyChanges.countyCode, countyCode));
    const scope = scopeFor(countyCode, [countyCode]);
    const summary = await liveSummary(db, scope);
    const trend = await liveTrend(db, scope, today, STORED_MONTHS);
    const row = { countyCode, basedOnChange: change?.seq ?? 0, computedFor: today, computedAt: now, summary, trend };
    await db.insert(countyFigures).values(row).onConflictDoUpdate({ target: countyFigures.countyCode, set: { basedOnChange: row.basedOnChange, computedFor: today, computedAt: now, summary, trend } });
    refreshed.push(countyCode);
  }
  return refreshed;
}
