/**
 * 稳岗就业 against last year and a target (Hebei notice): a county records its 脱贫劳动力 in work per
 * year — locally, outside the county (within the province), outside the province, on public-welfare
 * jobs (disjoint) — and the province sets each county's target of people in work. The comparison
 * reads this year, last year and the target per county of the caller's region, with a region total
 * over the counties that recorded both years. Missing figures stay null, never 0.
 */
import { errors, type ModuleContext } from '@zhenxing/core';
import { regions, type Executor } from '@zhenxing/db';
import { regionNames } from './region-names.ts';
import { and, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { EmploymentComparisonRow, EmploymentTargetInputSchema, EmploymentYear, RecordEmploymentInputSchema } from '../index.ts';
import { pairingPlacedByCounty } from './assistance-placements.ts';
import { employmentFigures, type EmploymentFiguresRow } from './schema.ts';

type EmploymentContext = Pick<ModuleContext, 'db' | 'access' | 'audit' | 'actor' | 'clock' | 'today'>;

export function employmentYearOf(row: EmploymentFiguresRow | undefined): EmploymentYear | null {
  if (!row || row.local === null || row.outsideCounty === null || row.outsideProvince === null || row.publicWelfareJobs === null) return null;
  return {
    local: row.local,
    outsideCounty: row.outsideCounty,
    outsideProvince: row.outsideProvince,
    publicWelfareJobs: row.publicWelfareJobs,
    employed: row.local + row.outsideCounty + row.outsideProvince + row.publicWelfareJobs,
  };
}

/** (current − previous) / previous in basis points, rounded toward zero; null without a comparable base. */
export function changeBasisPoints(current: number | null, previous: number | null): number | null {
  if (current === null || previous === null || previous === 0) return null;
  return Math.trunc(((current - previous) * 10_000) / previous);
}

export function shareBasisPoints(part: number | null, whole: number | null): number | null {
  if (part === null || whole === null || whole === 0) return null;
  return Math.floor((part * 10_000) / whole);
}

/** The county of the request records (or corrects) its year's figures; audited with before and after. */
export async function recordEmployment(context: EmploymentContext, input: z.output<typeof RecordEmploymentInputSchema>): Promise<EmploymentComparisonRow> {
  const county = context.access.requireCounty();
  context.access.assertRegion(county);
  const values = {
    local: input.local,
    outsideCounty: input.outsideCounty,
    outsideProvince: input.outsideProvince,
    publicWelfareJobs: input.publicWelfareJobs,
    recordedBy: context.actor.username,
    updatedAt: context.clock.now(),
  };
  const [before] = await context.db
    .select()
    .from(employmentFigures)
    .where(and(eq(employmentFigures.countyCode, county), eq(employmentFigures.year, input.year)));
  const [row] = (await context.db
    .insert(employmentFigures)
    .values({ countyCode: county, year: input.year, ...values })
    .onConflictDoUpdate({ target: [employmentFigures.countyCode, employmentFigures.year], set: values })
    .returning()) as [EmploymentFiguresRow];
  await context.audit({
    action: 'employment.record',
    regionCode: county,
    entityType: 'income-employment',
    entityId: row.id,
    before: before ?? null,
    after: row,
  });
  const [comparison] = await compareCounties(context.db, [county], input.year);
  return comparison as EmploymentComparisonRow;
}

/** The province sets a county's target of people in work for a year (a known county in scope); audited. */
export async function setEmploymentTarget(context: EmploymentContext, input: z.output<typeof EmploymentTargetInputSchema>): Promise<EmploymentComparisonRow> {
  const [known] = await context.db
    .select({ code: regions.code })
    .from(regions)
    .where(and(eq(regions.code, input.countyCode), eq(regions.level, 3)));
  if (!known) {
    throw errors.invalid(
      { 'zh-CN': `未知的县代码 ${input.countyCode}`, en: `Unknown county code ${input.countyCode}` },
      { fieldErrors: { countyCode: [`未知的县代码 ${input.countyCode} / unknown county code`] } },
    );
  }
  context.access.assertRegion(input.countyCode);
  const values = { targetEmployed: input.targetEmployed, targetSetBy: context.actor.username, updatedAt: context.clock.now() };
  const [before] = await context.db
    .select()
    .from(employmentFigures)
    .where(and(eq(employmentFigures.countyCode, input.countyCode), eq(employmentFigures.year, input.year)));
  const [row] = (await context.db
    .insert(employmentFigures)
    .values({ countyCode: input.countyCode, year: input.year, ...values })
    .onConflictDoUpdate({ target: [employmentFigures.countyCode, employmentFigures.year], set: values })
    .returning()) as [EmploymentFiguresRow];
  await context.audit({
    action: 'employment.target',
    regionCode: input.countyCode,
    entityType: 'income-employment',
    entityId: row.id,
    before: before ?? null,
    after: row,
  });
  const [comparison] = await compareCounties(context.db, [input.countyCode], input.year);
  return comparison as EmploymentComparisonRow;
}

/** One row per county (this year, last year, target), in code order. */
export async function compareCounties(db: Executor, counties: readonly string[], year: number): Promise<EmploymentComparisonRow[]> {
  if (counties.length === 0) return [];
  const rows = await db
    .select()
    .from(employmentFigures)
    .where(and(inArray(employmentFigures.countyCode, [...counties]), inArray(employmentFigures.year, [year, year - 1])));
  const names = await regionNames(db, counties);
  const placed = await pairingPlacedByCounty(db, counties, year);
  const byKey = new Map(rows.map((row) => [`${row.countyCode}:${row.year}`, row] as const));
  return [...counties].sort().map((county) => {
    const currentRow = byKey.get(`${county}:${year}`);
    const current = employmentYearOf(currentRow);
    const lastYear = employmentYearOf(byKey.get(`${county}:${year - 1}`));
    const targetEmployed = currentRow?.targetEmployed ?? null;
    return {
      regionCode: county,
      regionName: names.get(county) ?? county,
      year,
      current,
      lastYear,
      targetEmployed,
      changeBasisPoints: changeBasisPoints(current?.employed ?? null, lastYear?.employed ?? null),
      targetBasisPoints: shareBasisPoints(current?.employed ?? null, targetEmployed),
      pairingPlaced: placed.get(county) ?? 0,
    };
  });
}

function sumYears(years: readonly EmploymentYear[]): EmploymentYear {
  const total: EmploymentYear = { local: 0, outsideCounty: 0, outsideProvince: 0, publicWelfareJobs: 0, employed: 0 };
  for (const item of years) {
    total.local += item.local;
    total.outsideCounty += item.outsideCounty;
    total.outsideProvince += item.outsideProvince;
    total.publicWelfareJobs += item.publicWelfareJobs;
    total.employed += item.employed;
  }
  return total;
}

/**
 * The region's total over its counties: this year and last year summed over counties that recorded
 * both (like with like), the target over counties with a target and this year's figures. Null when
 * no county qualifies.
 */
export function regionTotal(regionCode: string, regionName: string, year: number, rows: readonly EmploymentComparisonRow[]): EmploymentComparisonRow {
  const both = rows.filter((row) => row.current && row.lastYear);
  const targeted = rows.filter((row) => row.current && row.targetEmployed !== null);
  const current = both.length > 0 ? sumYears(both.map((row) => row.current as EmploymentYear)) : null;
  const lastYear = both.length > 0 ? sumYears(both.map((row) => row.lastYear as EmploymentYear)) : null;
  const targetEmployed = targeted.length > 0 ? targeted.reduce((total, row) => total + (row.targetEmployed as number), 0) : null;
  const targetedEmployed = targeted.length > 0 ? targeted.reduce((total, row) => total + (row.current as EmploymentYear).employed, 0) : null;
  return {
    regionCode,
    regionName,
    year,
    current,
    lastYear,
    targetEmployed,
    changeBasisPoints: changeBasisPoints(current?.employed ?? null, lastYear?.employed ?? null),
    targetBasisPoints: shareBasisPoints(targetedEmployed, targetEmployed),
    pairingPlaced: rows.reduce((total, row) => total + row.pairingPlaced, 0),
  };
}

/**
 * The caller's counties (in scope, module enabled) compared with last year and the target, plus the
 * region total; counties under the region without the module are named apart (未启用, never 0).
 */
export async function compareEmployment(
  context: Pick<ModuleContext, 'db' | 'access'>,
  year: number,
): Promise<{ total: EmploymentComparisonRow; counties: EmploymentComparisonRow[]; notEnabled: { regionName: string }[] }> {
  const counties = await compareCounties(context.db, context.access.counties, year);
  const named = await regionNames(context.db, [context.access.regionCode, ...context.access.countiesWithoutModule]);
  return {
    total: regionTotal(context.access.regionCode, named.get(context.access.regionCode) ?? context.access.regionCode, year, counties),
    counties,
    // Named only: a county without the module has no figures here.
    notEnabled: [...context.access.countiesWithoutModule].sort().map((code) => ({ regionName: named.get(code) ?? code })),
  };
}
