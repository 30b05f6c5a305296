/**
 * §2 income tracking: a household's yearly income from the registry plus the in-year changes
 * recorded here by hand, per component, and its per-capita net income through
 * the rules' perCapitaNetIncome; year-on-year and in-year change.
 */
import { errors, type ModuleContext } from '@zhenxing/core';
import type { Executor } from '@zhenxing/db';
import { getHouseholdProfile, readHouseholdIncomes } from '@zhenxing/plugin-registry/server';
import type { HouseholdIncomeRow, HouseholdProfile } from '@zhenxing/plugin-registry';
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
 * earlier year carried forward (the bulk read's `base`), plus the in-year changes in the order they
 * were recorded (each component kept at 0 or above). Pure: the caller reads the row and adjustments.
 */
export function incomeOf(row: HouseholdIncomeRow, year: number, rows: readonly AdjustmentRow[]): HouseholdIncome {
  const householdSize = Math.max(row.members, 1);
  const base: (IncomeComponents & { year: number }) | null = row.base ? { year: row.base.year, ...componentsOf(row.base) } : null;
  const previous: IncomeComponents | null = row.previous ? componentsOf(row.previous) : null;
  const current: IncomeComponents = base ? componentsOf(base) : { wagesFen: 0, businessFen: 0, propertyFen: 0, transfersFen: 0, productionCostsFen: 0 };
  for (const adjustment of rows) for (const component of INCOME_COMPONENTS) current[component] = Math.max(0, current[component] + adjustment[component]);
  const perCapitaFen = perCapitaNetIncome({ components: current, householdSize }).perCapitaFen;
  const basePerCapitaFen = base ? perCapitaNetIncome({ components: componentsOf(base), householdSize }).perCapitaFen : null;
  const previousYearPerCapitaFen = previous ? perCapitaNetIncome({ components: previous, householdSize }).perCapitaFen : null;
  return {
    householdId: row.householdId,
    countyCode: row.countyCode,
    villageCode: row.villageCode,
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

/** One household's row of the registry's bulk income read, or null when it does not exist. */
export async function incomeRowOf(db: Executor, householdId: number, year: number): Promise<HouseholdIncomeRow | null> {
  const [row] = await readHouseholdIncomes(db, { householdIds: [householdId], year });
  return row ?? null;
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
  const row = await incomeRowOf(context.db, profile.household.id, forYear);
  if (!row) throw errors.notFound(HOUSEHOLD_WHAT);
  return incomeOf(row, forYear, await adjustmentsOf(context.db, householdId, forYear));
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
