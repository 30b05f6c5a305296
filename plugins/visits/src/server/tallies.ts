/**
 * Visited-household tallies (drizzle/0002_month_tallies.sql): per county, village and Shanghai
 * month, the households with at least one visit, kept exact by a statement trigger on
 * visits.visits in the writing transaction. City and province figures add these rows up instead
 * of scanning visits; `liveVisitedHouseholds` is the scan they replace (the tallies spec compares them).
 */
import type { Executor } from '@zhenxing/db';
import { and, eq, inArray, like, sql } from 'drizzle-orm';
import { monthTallies, visits } from './schema.ts';

export interface VisitedTally {
  countyCode: string;
  villageCode: string;
  month: string;
  households: number;
}

const byKey = (a: VisitedTally, b: VisitedTally) =>
  a.countyCode.localeCompare(b.countyCode) || a.villageCode.localeCompare(b.villageCode) || a.month.localeCompare(b.month);

/** Visited households per village of these counties under `regionCode` in `month`, from the tallies. */
export async function visitedFromTallies(db: Executor, counties: readonly string[], regionCode: string, month: string): Promise<VisitedTally[]> {
  if (counties.length === 0) return [];
  const rows = await db
    .select({ countyCode: monthTallies.countyCode, villageCode: monthTallies.villageCode, month: monthTallies.month, households: monthTallies.households })
    .from(monthTallies)
    .where(and(eq(monthTallies.month, month), inArray(monthTallies.countyCode, [...counties]), like(monthTallies.villageCode, `${regionCode}%`)));
  return rows.filter((row) => row.households > 0).sort(byKey);
}

/**
 * The same figures by scanning visits: a household counts once per month, in the village of its
 * first visit that month (the row the tally trigger keeps in household_months).
 */
export async function liveVisitedHouseholds(db: Executor, counties: readonly string[], regionCode: string, month: string): Promise<VisitedTally[]> {
  if (counties.length === 0) return [];
  const firsts = db
    .selectDistinctOn([visits.householdId], { householdId: visits.householdId, countyCode: visits.countyCode, villageCode: visits.villageCode })
    .from(visits)
    .where(and(eq(visits.month, month), inArray(visits.countyCode, [...counties])))
    .orderBy(visits.householdId, visits.id)
    .as('firsts');
  const rows = await db
    .select({ countyCode: firsts.countyCode, villageCode: firsts.villageCode, households: sql<number>`count(*)::int` })
    .from(firsts)
    .where(like(firsts.villageCode, `${regionCode}%`))
    .groupBy(firsts.countyCode, firsts.villageCode);
  return rows.map((row) => ({ ...row, month, households: Number(row.households) })).sort(byKey);
}

/** Visited households of a region's month, added up from the tallies (no scan of visits). */
export async function visitedHouseholdsOf(db: Executor, counties: readonly string[], regionCode: string, month: string): Promise<number> {
  return (await visitedFromTallies(db, counties, regionCode, month)).reduce((total, row) => total + row.households, 0);
}
