/**
 * §2 income tracking: a household's yearly income from the registry plus the in-year changes
 * recorded here (by hand, or from a visit), per component, and its per-capita net income through
 * the rules' perCapitaNetIncome; year-on-year and in-year change.
 */
import { errors, type ModuleContext } from '@zhenxing/core';
import type { Executor } from '@zhenxing/db';
import { getHouseholdProfile } from '@zhenxing/plugin-registry/server';
import type { HouseholdProfile } from '@zhenxing/plugin-registry';
import { perCapitaNetIncome } from '@zhenxing/rules';
import { and, asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import { INCOME_COMPONENTS, type AdjustmentRecord, type HouseholdIncome, type IncomeComponents, type RecordAdjustmentInputSchema } from '../index.ts';
import { adjustments, type AdjustmentRow } from './schema.ts';

export type TrackingContext = Pick<ModuleContext, 'db' | 'access' | 'audit' | 'today' | 'actor' | 'parameters' | 'clock'>;

export const HOUSEHOLD_WHAT = { 'zh-CN': '该农户', en: 'The household' } as const;

export function adjustmentRecord(row: AdjustmentRow): AdjustmentRecord {
  return {
    id: row.id,
    householdId: row.householdId,
    year: row.year,
    source: row.source,
    visitId: row.visitId,
    recordedOn: row.recordedOn,
    recordedBy: row.recordedBy,
    note: row.note,
    wagesFen: row.wagesFen,
    businessFen: row.businessFen,
    propertyFen: row.propertyFen,
    transfersFen: row.transfersFen,
    productionCostsFen: row.productionCostsFen,
  };
}

export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

function componentsOf(source: IncomeComponents): IncomeComponents {
  return {
    wagesFen: source.wagesFen,
    businessFen: source.businessFen,
    propertyFen: source.propertyFen,
    transfersFen: source.transfersFen,
    productionCostsFen: source.productionCostsFen,
  };
}

/**
 * The household's income for `year`: the registry's figures for that year, else its latest
 * earlier year carried forward, plus the in-year changes (each component kept at 0 or above).
 * Pure: the profile and the year's adjustments are read by the caller.
 */
export function incomeOf(profile: HouseholdProfile, year: number, rows: readonly AdjustmentRow[]): HouseholdIncome {
  const householdSize = Math.max(profile.members.length, 1);
  const latest = profile.latestIncome;
  let base: (IncomeComponents & { year: number }) | null = null;
  let previous: IncomeComponents | null = null;
  if (latest && latest.year === year) {
    base = { year, ...componentsOf(latest) };
    previous = profile.previousIncome ? componentsOf(profile.previousIncome) : null;
  } else if (profile.previousIncome && profile.previousIncome.year === year) {
    // A past year: the registry's record of it (the year before it is not in the profile).
    base = { year, ...componentsOf(profile.previousIncome) };
  } else if (latest && latest.year < year) {
    base = { year: latest.year, ...componentsOf(latest) };
    previous = latest.year === year - 1 ? componentsOf(latest) : null;
  }
  const current: IncomeComponents = base ? componentsOf(base) : { wagesFen: 0, businessFen: 0, propertyFen: 0, transfersFen: 0, productionCostsFen: 0 };
  for (const row of rows) for (const component of INCOME_COMPONENTS) current[component] = Math.max(0, current[component] + row[component]);
  const perCapitaFen = perCapitaNetIncome({ components: current, householdSize }).perCapitaFen;
  const basePerCapitaFen = base ? perCapitaNetIncome({ components: componentsOf(base), householdSize }).perCapitaFen : null;
  const previousYearPerCapitaFen = previous ? perCapitaNetIncome({ components: previous, householdSize }).perCapitaFen : null;
  return {
    householdId: profile.household.id,
    countyCode: profile.household.countyCode,
    villageCode: profile.household.villageCode,
    year,
    householdSize,
    base,
    current,
    perCapitaFen,
    basePerCapitaFen,
    previousYearPerCapitaFen,
    inYearChangeFen: basePerCapitaFen === null ? null : perCapitaFen - basePerCapitaFen,
    yearOnYearChangeFen: previousYearPerCapitaFen === null ? null : perCapitaFen - previousYearPerCapitaFen,
    adjustments: rows.map(adjustmentRecord),
  };
}

export async function adjustmentsOf(db: Executor, householdId: number, year: number): Promise<AdjustmentRow[]> {
  return db
    .select()
    .from(adjustments)
    .where(and(eq(adjustments.householdId, householdId), eq(adjustments.year, year)))
    .orderBy(asc(adjustments.recordedOn), asc(adjustments.id));
}

/** The household's profile, or NOT_FOUND when it does not exist or lies outside the caller's scope. */
export async function visibleProfile(context: Pick<ModuleContext, 'db' | 'access' | 'today'>, householdId: number): Promise<HouseholdProfile> {
  const profile = await getHouseholdProfile(context.db, householdId, context.today);
  if (!profile || !context.access.canSee(profile.household.villageCode)) throw errors.notFound(HOUSEHOLD_WHAT);
  return profile;
}

export async function householdIncome(context: TrackingContext, householdId: number, year: number | undefined): Promise<HouseholdIncome> {
  const profile = await visibleProfile(context, householdId);
  const forYear = year ?? yearOf(context.today);
  return incomeOf(profile, forYear, await adjustmentsOf(context.db, householdId, forYear));
}

/** An in-year change recorded by hand: audited; the ledger is re-evaluated by the caller. */
export async function recordAdjustment(context: TrackingContext, input: z.output<typeof RecordAdjustmentInputSchema>): Promise<AdjustmentRecord> {
  const profile = await visibleProfile(context, input.householdId);
  context.access.assertRegion(profile.household.villageCode);
  if (input.recordedOn > context.today) {
    throw errors.invalid(
      { 'zh-CN': '记录日期不能晚于今天', en: 'The date cannot be in the future' },
      { fieldErrors: { recordedOn: ['记录日期不能晚于今天 / the date is in the future'] } },
    );
  }
  const [row] = await context.db
    .insert(adjustments)
    .values({
      countyCode: profile.household.countyCode,
      villageCode: profile.household.villageCode,
      householdId: input.householdId,
      year: input.year,
      source: 'manual',
      visitId: null,
      wagesFen: input.wagesFen,
      businessFen: input.businessFen,
      propertyFen: input.propertyFen,
      transfersFen: input.transfersFen,
      productionCostsFen: input.productionCostsFen,
      note: input.note,
      recordedOn: input.recordedOn,
      recordedBy: context.actor.username,
    })
    .returning();
  const record = adjustmentRecord(row as AdjustmentRow);
  await context.audit({
    action: 'income.adjust',
    regionCode: profile.household.villageCode,
    entityType: 'income-adjustment',
    entityId: record.id,
    after: record,
  });
  return record;
}
