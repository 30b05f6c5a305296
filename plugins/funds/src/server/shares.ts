import type { ParameterLookup } from '@zhenxing/core';
import type { Executor } from '@zhenxing/db';
import { centralIndustryShareTest, fourLevelIndustryShareTest, shareBasisPoints, type IndustryShareTest, type ParameterSet } from '@zhenxing/rules';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { FUND_LEVELS, type FundLevel } from '../index.ts';
import { allocations, batches, spending } from './schema.ts';

/** Received (total) and allocated-to-industry amounts of one level, in fen. */
export interface LevelFigures {
  totalFen: number;
  industryFen: number;
}

export interface CountyFigures {
  levels: Record<FundLevel, LevelFigures>;
  /** Allocations marked 联农带农富农 / 到人到户 (priority markers of §4). */
  linksFarmersFen: number;
  reachesHouseholdsFen: number;
}

const emptyFigures = (): CountyFigures => ({
  levels: Object.fromEntries(FUND_LEVELS.map((level) => [level, { totalFen: 0, industryFen: 0 }])) as Record<FundLevel, LevelFigures>,
  linksFarmersFen: 0,
  reachesHouseholdsFen: 0,
});

const sumFen = (value: ReturnType<typeof sql>) => sql<number>`coalesce(sum(${value}), 0)::bigint`.mapWith(Number);

/**
 * Per county and level for one year: money received (the denominator of §4's shares) and money
 * allocated to industry (the numerator). Unallocated money counts in the total, never as industry.
 */
export async function fundsFigures(db: Executor, counties: readonly string[], year: number): Promise<Map<string, CountyFigures>> {
  const result = new Map<string, CountyFigures>();
  if (counties.length === 0) return result;
  const figuresOf = (county: string) => {
    const found = result.get(county) ?? emptyFigures();
    result.set(county, found);
    return found;
  };
  const received = await db
    .select({ countyCode: batches.countyCode, level: batches.level, totalFen: sumFen(sql`${batches.amountFen}`) })
    .from(batches)
    .where(and(inArray(batches.countyCode, [...counties]), eq(batches.year, year)))
    .groupBy(batches.countyCode, batches.level);
  for (const row of received) figuresOf(row.countyCode).levels[row.level as FundLevel].totalFen += row.totalFen;
  const allocated = await db
    .select({
      countyCode: allocations.countyCode,
      level: batches.level,
      industryFen: sumFen(sql`case when ${allocations.use} = 'industry' then ${allocations.amountFen} else 0 end`),
      linksFarmersFen: sumFen(sql`case when ${allocations.linksFarmers} then ${allocations.amountFen} else 0 end`),
      reachesHouseholdsFen: sumFen(sql`case when ${allocations.reachesHouseholds} then ${allocations.amountFen} else 0 end`),
    })
    .from(allocations)
    .innerJoin(batches, eq(batches.id, allocations.batchId))
    .where(and(inArray(allocations.countyCode, [...counties]), eq(batches.year, year)))
    .groupBy(allocations.countyCode, batches.level);
  for (const row of allocated) {
    const figures = figuresOf(row.countyCode);
    figures.levels[row.level as FundLevel].industryFen += row.industryFen;
    figures.linksFarmersFen += row.linksFarmersFen;
    figures.reachesHouseholdsFen += row.reachesHouseholdsFen;
  }
  return result;
}

export function sumFigures(all: Iterable<CountyFigures>): CountyFigures {
  const total = emptyFigures();
  for (const figures of all) {
    for (const level of FUND_LEVELS) {
      total.levels[level].totalFen += figures.levels[level].totalFen;
      total.levels[level].industryFen += figures.levels[level].industryFen;
    }
    total.linksFarmersFen += figures.linksFarmersFen;
    total.reachesHouseholdsFen += figures.reachesHouseholdsFen;
  }
  return total;
}

/**
 * The parameters of a funds year from the platform's published sets (`ctx.parameters`): those in
 * force at its end, or today's for a year no set covers.
 */
export function parametersForYear(parameters: ParameterLookup, regionCode: string, year: number, today: string): ParameterSet {
  return parameters.find(regionCode, `${year}-12-31`) ?? parameters.inForce(regionCode, today);
}

export interface ShareLine extends LevelFigures {
  /** The rule's verdict, with amounts still needed; null when no funds of this kind were received. */
  test: IndustryShareTest | null;
}

export interface IndustryShare {
  central: ShareLine;
  fourLevel: ShareLine;
  linksFarmersFen: number;
  reachesHouseholdsFen: number;
}

/** §4 for one area: `centralIndustryShareTest` and `fourLevelIndustryShareTest` from the rules. */
export function industryShare(current: CountyFigures, previous: CountyFigures | undefined, parameters: ParameterSet): IndustryShare {
  const central = current.levels.central;
  const previousCentral = previous?.levels.central;
  const fourLevel = FUND_LEVELS.reduce<LevelFigures>(
    (sum, level) => ({ totalFen: sum.totalFen + current.levels[level].totalFen, industryFen: sum.industryFen + current.levels[level].industryFen }),
    { totalFen: 0, industryFen: 0 },
  );
  return {
    central: {
      ...central,
      test:
        central.totalFen > 0
          ? centralIndustryShareTest({ thisYear: central, previousYear: previousCentral && previousCentral.totalFen > 0 ? previousCentral : null }, parameters)
          : null,
    },
    fourLevel: { ...fourLevel, test: fourLevel.totalFen > 0 ? fourLevelIndustryShareTest(fourLevel, parameters) : null },
    linksFarmersFen: current.linksFarmersFen,
    reachesHouseholdsFen: current.reachesHouseholdsFen,
  };
}

export interface SpendingFigures {
  allocatedFen: number;
  paidFen: number;
  /** 支出进度 = paid / allocated in basis points, rounded down; null when nothing is allocated. */
  progressBasisPoints: number | null;
}

export function spendingProgressOf(allocatedFen: number, paidFen: number): SpendingFigures {
  return { allocatedFen, paidFen, progressBasisPoints: allocatedFen > 0 ? shareBasisPoints(paidFen, allocatedFen) : null };
}

/** Allocated and paid per county for one year's funds. */
export async function spendingFigures(db: Executor, counties: readonly string[], year: number): Promise<Map<string, SpendingFigures>> {
  const result = new Map<string, SpendingFigures>();
  if (counties.length === 0) return result;
  const rows = await db
    .select({
      countyCode: allocations.countyCode,
      allocatedFen: sumFen(sql`${allocations.amountFen}`),
      paidFen: sumFen(sql`(select coalesce(sum(${spending.amountFen}), 0) from ${spending} where ${spending.allocationId} = ${allocations.id})`),
    })
    .from(allocations)
    .innerJoin(batches, eq(batches.id, allocations.batchId))
    .where(and(inArray(allocations.countyCode, [...counties]), eq(batches.year, year)))
    .groupBy(allocations.countyCode);
  for (const row of rows) result.set(row.countyCode, spendingProgressOf(row.allocatedFen, row.paidFen));
  return result;
}
