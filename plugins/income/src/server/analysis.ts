/**
 * §2 dashboards: per sub-region of the caller's region, for a year — 脱贫户 per-capita income against
 * the monitoring line (distribution), 脱贫人口 income growth (households with both years, from the
 * registry's bulk read), ledger and plan coverage, and 稳岗就业 against last year and the target.
 * A sub-region without the module is marked `enabled: false` (shown 未启用, never 0); a figure with
 * nothing to compute it from is null (shown —).
 */
import { countyOf, type ModuleContext } from '@zhenxing/core';
import { regions } from '@zhenxing/db';
import { readHouseholdIncomes } from '@zhenxing/plugin-registry/server';
import { perCapitaNetIncome } from '@zhenxing/rules';
import { and, asc, eq } from 'drizzle-orm';
import type { IncomeDistribution, RegionIncomeAnalysis, RegionIncomeRow } from '../index.ts';
import { ledgerEntries, plans } from './schema.ts';
import { compareCounties, regionTotal } from './stable-employment.ts';

const emptyDistribution = (): IncomeDistribution => ({ withinLine: 0, toOneAndHalfLines: 0, toTwoLines: 0, aboveTwoLines: 0 });

interface Tally {
  households: number;
  distribution: IncomeDistribution;
  previousFen: number;
  currentFen: number;
  open: number;
  withPlan: number;
}

const newTally = (): Tally => ({ households: 0, distribution: emptyDistribution(), previousFen: 0, currentFen: 0, open: 0, withPlan: 0 });

function childLength(code: string): number {
  return code.length === 2 ? 4 : code.length === 4 ? 6 : code.length === 6 ? 9 : 12;
}

export async function analyseRegions(context: Pick<ModuleContext, 'db' | 'access' | 'parameters' | 'today'>, year: number): Promise<RegionIncomeAnalysis> {
  const { access } = context;
  const regionCode = access.regionCode;
  const length = regionCode.length === 12 ? 12 : childLength(regionCode);
  const children =
    regionCode.length === 12
      ? await context.db.select({ code: regions.code, name: regions.name }).from(regions).where(eq(regions.code, regionCode))
      : await context.db.select({ code: regions.code, name: regions.name }).from(regions).where(eq(regions.parentCode, regionCode)).orderBy(asc(regions.code));
  const tallies = new Map<string, Tally>(children.map((child) => [child.code, newTally()] as const));
  const total = newTally();
  const rows = await readHouseholdIncomes(context.db, { countyCodes: access.counties, year, povertyExitedOnly: true });
  const lines = new Map<string, number>();
  for (const row of rows) {
    if (!row.villageCode.startsWith(regionCode) || !row.base || row.base.year !== year) continue;
    let line = lines.get(row.countyCode);
    if (line === undefined) {
      line = context.parameters.inForce(row.countyCode, context.today).monitoringLineFen;
      lines.set(row.countyCode, line);
    }
    const size = Math.max(row.members, 1);
    const perCapita = perCapitaNetIncome({ components: row.base, householdSize: size }).perCapitaFen;
    const bucket: keyof IncomeDistribution =
      perCapita <= line ? 'withinLine' : perCapita * 2 <= line * 3 ? 'toOneAndHalfLines' : perCapita <= line * 2 ? 'toTwoLines' : 'aboveTwoLines';
    for (const tally of [tallies.get(row.villageCode.slice(0, length)), total]) {
      if (!tally) continue;
      tally.households += 1;
      tally.distribution[bucket] += 1;
      if (row.previous) {
        tally.currentFen += net(row.base);
        tally.previousFen += net(row.previous);
      }
    }
  }
  const entries = await context.db
    .select({ id: ledgerEntries.id, villageCode: ledgerEntries.villageCode })
    .from(ledgerEntries)
    .where(and(access.where(ledgerEntries.countyCode, ledgerEntries.villageCode), eq(ledgerEntries.year, year), eq(ledgerEntries.status, 'open')));
  const planned = new Set(
    (
      await context.db
        .selectDistinct({ entryId: plans.ledgerEntryId })
        .from(plans)
        .innerJoin(ledgerEntries, eq(ledgerEntries.id, plans.ledgerEntryId))
        .where(and(access.where(ledgerEntries.countyCode, ledgerEntries.villageCode), eq(ledgerEntries.year, year), eq(ledgerEntries.status, 'open')))
    ).map((row) => row.entryId),
  );
  for (const entry of entries) {
    for (const tally of [tallies.get(entry.villageCode.slice(0, length)), total]) {
      if (!tally) continue;
      tally.open += 1;
      if (planned.has(entry.id)) tally.withPlan += 1;
    }
  }
  const employment = await compareCounties(context.db, access.counties, year);
  const [self] = await context.db.select({ name: regions.name }).from(regions).where(eq(regions.code, regionCode));
  const rowOf = (code: string, name: string, tally: Tally, enabled: boolean): RegionIncomeRow => {
    if (!enabled) {
      return {
        regionCode: null,
        regionName: name,
        enabled,
        households: null,
        distribution: null,
        growthBasisPoints: null,
        ledgerOpen: null,
        withPlan: null,
        coverageBasisPoints: null,
        employment: null,
      };
    }
    const employmentRows = code.length <= 6 ? employment.filter((row) => row.regionCode.startsWith(code)) : [];
    const employmentTotal = employmentRows.length > 0 ? regionTotal(code, name, year, employmentRows) : null;
    return {
      regionCode: code,
      regionName: name,
      enabled,
      households: tally.households,
      distribution: tally.households > 0 ? tally.distribution : null,
      growthBasisPoints: tally.previousFen > 0 ? Math.round(((tally.currentFen - tally.previousFen) * 10_000) / tally.previousFen) : null,
      ledgerOpen: tally.open,
      withPlan: tally.withPlan,
      coverageBasisPoints: tally.open > 0 ? Math.floor((tally.withPlan * 10_000) / tally.open) : null,
      employment: employmentTotal && (employmentTotal.current || employmentTotal.targetEmployed !== null) ? employmentTotal : null,
    };
  };
  const enabledChild = (code: string): boolean => {
    if (code.length <= 6) return access.counties.some((county) => county.startsWith(code));
    const county = countyOf(code);
    return county !== undefined && access.counties.includes(county);
  };
  return {
    year,
    region: rowOf(regionCode, self?.name ?? regionCode, total, access.counties.length > 0),
    children: children.map((child) => rowOf(child.code, child.name, tallies.get(child.code) ?? newTally(), enabledChild(child.code))),
  };
}

function net(income: { wagesFen: number; businessFen: number; propertyFen: number; transfersFen: number; productionCostsFen: number }): number {
  return income.wagesFen + income.businessFen + income.propertyFen + income.transfersFen - income.productionCostsFen;
}
