/**
 * Dashboards above county level (city, province) add up per-county tallies instead of scanning
 * every case of the province on each request. The tallies are kept by statement triggers on cases,
 * signals, objects and measures (migration 0003): each statement adds the difference it made, in
 * its own transaction. So the answer is always exact — the same numbers a live scan gives, at every
 * commit — and as fast while every county is writing as when none is.
 */
import type { Executor } from '@zhenxing/db';
import { addMonths, monthOf } from '@zhenxing/rules';
import { inArray, sql } from 'drizzle-orm';
import { averageDays, liveSummary, liveTrend, type DashboardScope, type DashboardSummary, type DashboardTrend } from './dashboard.ts';
import { countyTallies } from './schema.ts';

/** `<metric>:<key>` → count, for one county or added up over several. */
export type Tallies = Record<string, number>;

type Keyed = { key: string; value: number }[];

const byKey = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function addKeyed(lists: readonly Keyed[]): Keyed {
  const totals = new Map<string, number>();
  for (const list of lists) for (const { key, value } of list) totals.set(key, (totals.get(key) ?? 0) + value);
  return [...totals].sort(([a], [b]) => byKey(a, b)).map(([key, value]) => ({ key, value }));
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

/** The tallies of `counties`, added up (a county with no row has nothing yet). */
export async function talliesOf(db: Executor, counties: readonly string[]): Promise<Tallies> {
  const total: Tallies = {};
  if (counties.length === 0) return total;
  const rows = await db
    .select({ tallies: countyTallies.tallies })
    .from(countyTallies)
    .where(inArray(countyTallies.countyCode, [...counties]));
  for (const row of rows) for (const [key, value] of Object.entries(row.tallies)) total[key] = (total[key] ?? 0) + Number(value);
  return total;
}

/** The groups of one metric (`type:edge-prone` → { key: 'edge-prone', value }), sorted by key. */
function groupsOf(tallies: Tallies, metric: string): Keyed {
  const prefix = `${metric}:`;
  return Object.entries(tallies)
    .filter(([key, value]) => key.startsWith(prefix) && value !== 0)
    .map(([key, value]) => ({ key: key.slice(prefix.length), value }))
    .sort((a, b) => byKey(a.key, b.key));
}

export function summaryFromTallies(scope: DashboardScope, tallies: Tallies): DashboardSummary {
  const count = (key: string): number => tallies[key] ?? 0;
  const inclusionDaysTotal = count('cases.inclusion-days');
  const inclusionDaysCount = count('cases.inclusion-count');
  const monitored = count('status:monitored');
  const covered = count('coverage.covered');
  return {
    regionCode: scope.regionCode,
    counties: [...scope.counties],
    countiesWithoutModule: [...scope.countiesWithoutModule],
    monitoredByType: groupsOf(tallies, 'type'),
    monitoredByRiskCategory: groupsOf(tallies, 'category'),
    objectsByStatus: groupsOf(tallies, 'status'),
    casesByStep: groupsOf(tallies, 'step'),
    cases: {
      open: count('cases.open'),
      overdue: count('cases.overdue'),
      warning: count('cases.warning'),
      overdueEscalatedToCity: count('cases.escalated-city'),
      overdueEscalatedToProvince: count('cases.escalated-province'),
      greenChannelOpen: count('cases.green-channel-open'),
      included: count('cases.included'),
      includedOnTime: count('cases.included-on-time'),
      rejected: count('cases.rejected'),
      averageDaysToInclusion: averageDays(inclusionDaysTotal, inclusionDaysCount),
      inclusionDaysTotal,
      inclusionDaysCount,
    },
    // Basis points, rounded down; with nobody monitored nothing is missing (100%).
    coverage: { monitored, covered, basisPoints: monitored === 0 ? 10_000 : Math.floor((covered * 10_000) / monitored) },
  };
}

export function trendFromTallies(scope: DashboardScope, tallies: Tallies, today: string, months: number): DashboardTrend {
  const monthKeys: string[] = [];
  for (let index = months - 1; index >= 0; index -= 1) monthKeys.push(monthOf(addMonths(today, -index)));
  return {
    regionCode: scope.regionCode,
    countiesWithoutModule: [...scope.countiesWithoutModule],
    months: monthKeys.map((month) => ({
      month,
      signals: tallies[`signals:${month}`] ?? 0,
      casesOpened: tallies[`opened:${month}`] ?? 0,
      included: tallies[`included:${month}`] ?? 0,
      eliminated: tallies[`eliminated:${month}`] ?? 0,
    })),
  };
}

/** Whether a scope is wider than one county (only then are tallies worth reading; a county is small). */
const aboveCounty = (scope: DashboardScope): boolean => scope.regionCode.length < 6 && scope.counties.length > 1;

export async function dashboardSummary(db: Executor, scope: DashboardScope): Promise<DashboardSummary> {
  if (!aboveCounty(scope)) return liveSummary(db, scope);
  return summaryFromTallies(scope, await talliesOf(db, scope.counties));
}

export async function dashboardTrend(db: Executor, scope: DashboardScope, today: string, months: number): Promise<DashboardTrend> {
  if (!aboveCounty(scope)) return liveTrend(db, scope, today, months);
  return trendFromTallies(scope, await talliesOf(db, scope.counties), today, months);
}

/** Recomputes every county's tallies from the rows (what migration 0003 did first); for repair. */
export async function rebuildCountyTallies(db: Executor): Promise<void> {
  await db.execute(sql`select monitoring.rebuild_tallies()`);
}
