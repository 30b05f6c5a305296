/**
 * §2 挂牌督办: the province enters, per year, local farmers' income growth per county (and which are
 * 脱贫县) with the national and provincial growth; 脱贫人口 income growth per county is computed from
 * the registry's yearly incomes; the list comes from the rules' countySupervision and
 * povertyCountySupervision (compareGrowth, exact). A county sees its own entry.
 */
import { errors, type ModuleContext } from '@zhenxing/core';
import { regions, type Executor } from '@zhenxing/db';
import type { IncomeYear } from '@zhenxing/plugin-registry';
import { readHouseholdIncomes } from '@zhenxing/plugin-registry/server';
import { countySupervision, povertyCountySupervision } from '@zhenxing/rules';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { GrowthFiguresInputSchema, PublishedSupervision, SupervisionRow } from '../index.ts';
import { growthFigures, supervisionEntries, type GrowthRow, type SupervisionEntryRow } from './schema.ts';

type SupervisionContext = Pick<ModuleContext, 'db' | 'access' | 'audit' | 'today' | 'actor' | 'parameters' | 'clock'>;

/** Enters (or replaces) the year's figures; every county code must be a known county in scope — all rows or none. */
export async function enterGrowthFigures(context: SupervisionContext, input: z.output<typeof GrowthFiguresInputSchema>): Promise<GrowthRow[]> {
  const codes = input.counties.map((county) => county.countyCode);
  const known = new Set(
    (
      await context.db
        .select({ code: regions.code })
        .from(regions)
        .where(and(inArray(regions.code, codes), eq(regions.level, 3)))
    ).map((row) => row.code),
  );
  // A known county outside the caller's scope (or without the module) is a scope refusal, not a field error.
  for (const code of codes) if (known.has(code)) context.access.assertRegion(code);
  const fieldErrors: Record<string, string[]> = {};
  const seen = new Set<string>();
  input.counties.forEach((county, index) => {
    if (!known.has(county.countyCode)) fieldErrors[`counties.${index}.countyCode`] = [`未知的县代码 ${county.countyCode} / unknown county code`];
    else if (seen.has(county.countyCode)) fieldErrors[`counties.${index}.countyCode`] = [`县代码重复 ${county.countyCode} / the county appears twice`];
    seen.add(county.countyCode);
  });
  if (Object.keys(fieldErrors).length > 0) {
    throw errors.invalid({ 'zh-CN': '增速数据有误，未保存任何一行', en: 'The growth figures have errors; nothing was saved' }, { fieldErrors });
  }
  const saved: GrowthRow[] = [];
  for (const county of input.counties) {
    const values = {
      povertyCounty: county.povertyCounty,
      localFarmersBasisPoints: county.localFarmersBasisPoints,
      nationalBasisPoints: input.nationalBasisPoints,
      provincialBasisPoints: input.provincialBasisPoints,
      enteredBy: context.actor.username,
      updatedAt: context.clock.now(),
    };
    const [before] = await context.db
      .select()
      .from(growthFigures)
      .where(and(eq(growthFigures.countyCode, county.countyCode), eq(growthFigures.year, input.year)));
    const [row] = (await context.db
      .insert(growthFigures)
      .values({ countyCode: county.countyCode, year: input.year, ...values })
      .onConflictDoUpdate({ target: [growthFigures.countyCode, growthFigures.year], set: values })
      .returning()) as [GrowthRow];
    await context.audit({
      action: 'growth.enter',
      regionCode: county.countyCode,
      entityType: 'income-growth-figures',
      entityId: row.id,
      before: before ?? null,
      after: row,
    });
    saved.push(row);
  }
  return saved;
}

/** 脱贫人口 net income of a county in `year` and the year before, over 脱贫户 with both years recorded (one bulk read). */
export async function povertyExitedIncome(db: Executor, countyCode: string, year: number): Promise<{ previousFen: number; currentFen: number } | null> {
  const rows = await readHouseholdIncomes(db, { countyCodes: [countyCode], year, povertyExitedOnly: true });
  let previousFen = 0;
  let currentFen = 0;
  for (const row of rows) {
    if (!row.base || row.base.year !== year || !row.previous) continue;
    currentFen += netOf(row.base);
    previousFen += netOf(row.previous);
  }
  return previousFen > 0 ? { previousFen, currentFen: Math.max(currentFen, 0) } : null;
}

const netOf = (income: IncomeYear): number => income.wagesFen + income.businessFen + income.propertyFen + income.transfersFen - income.productionCostsFen;

export async function supervisionList(context: SupervisionContext, year: number): Promise<SupervisionRow[]> {
  const rows = await context.db
    .select()
    .from(growthFigures)
    .where(and(context.access.where(growthFigures.countyCode), eq(growthFigures.year, year)))
    .orderBy(asc(growthFigures.countyCode));
  const names = new Map(
    rows.length === 0
      ? []
      : (
          await context.db
            .select({ code: regions.code, name: regions.name })
            .from(regions)
            .where(
              inArray(
                regions.code,
                rows.map((row) => row.countyCode),
              ),
            )
        ).map((row) => [row.code, row.name] as const),
  );
  const result: SupervisionRow[] = [];
  for (const row of rows) {
    const parameters = context.parameters.inForce(row.countyCode, context.today);
    const income = await povertyExitedIncome(context.db, row.countyCode, year);
    const povertyExited = income ? { ...income, basisPoints: Math.round(((income.currentFen - income.previousFen) * 10_000) / income.previousFen) } : null;
    const reasons: SupervisionRow['reasons'] = [];
    let supervised = false;
    if (income) {
      const decision = countySupervision({ povertyExitedGrowth: income, localFarmersGrowth: { basisPoints: row.localFarmersBasisPoints } }, parameters);
      supervised ||= decision.supervised;
      reasons.push(...decision.reasons);
    }
    if (row.povertyCounty) {
      const decision = povertyCountySupervision(
        {
          countyFarmersGrowth: { basisPoints: row.localFarmersBasisPoints },
          nationalFarmersGrowth: { basisPoints: row.nationalBasisPoints },
          provincialFarmersGrowth: { basisPoints: row.provincialBasisPoints },
        },
        parameters,
      );
      supervised ||= decision.supervised;
      reasons.push(...decision.reasons);
    }
    result.push({
      countyCode: row.countyCode,
      countyName: names.get(row.countyCode) ?? row.countyCode,
      year,
      povertyCounty: row.povertyCounty,
      localFarmersBasisPoints: row.localFarmersBasisPoints,
      nationalBasisPoints: row.nationalBasisPoints,
      provincialBasisPoints: row.provincialBasisPoints,
      povertyExited,
      supervised,
      reasons,
      parameterVersion: parameters.version,
    });
  }
  return result;
}

export function publishedRecord(row: SupervisionEntryRow): PublishedSupervision {
  return {
    id: row.id,
    countyCode: row.countyCode,
    year: row.year,
    supervised: row.supervised,
    snapshot: row.snapshot,
    parameterVersion: row.parameterVersion,
    publishedBy: row.publishedBy,
    publishedOn: row.publishedOn,
    liftedOn: row.liftedOn,
    liftedBy: row.liftedBy,
    liftReason: row.liftReason,
  };
}

/**
 * Publishes the year's list for every county in the request with figures entered: each row frozen
 * with the figures, reasons and parameter version it used. A county's list is published once a year;
 * a region without figures for the year publishes nothing.
 */
export async function publishSupervision(context: SupervisionContext, year: number): Promise<PublishedSupervision[]> {
  const rows = await supervisionList(context, year);
  // No figures entered for the region this year: nothing to publish (the attempt is audited).
  if (rows.length === 0) {
    await context.audit({
      action: 'supervision.publish',
      regionCode: context.access.regionCode,
      entityType: 'income-supervision-list',
      entityId: String(year),
      after: { year, counties: [] },
    });
    return [];
  }
  const existing = await context.db
    .select({ countyCode: supervisionEntries.countyCode })
    .from(supervisionEntries)
    .where(and(context.access.where(supervisionEntries.countyCode), eq(supervisionEntries.year, year)));
  if (existing.length > 0) {
    throw errors.invalid(
      { 'zh-CN': `${year} 年督办名单已发布，不能重复发布`, en: `The ${year} list is already published` },
      { fieldErrors: { year: [`已发布：${existing.map((row) => row.countyCode).join('、')} / already published`] } },
    );
  }
  const published: PublishedSupervision[] = [];
  for (const row of rows) {
    context.access.assertRegion(row.countyCode);
    const [saved] = (await context.db
      .insert(supervisionEntries)
      .values({
        countyCode: row.countyCode,
        year,
        supervised: row.supervised,
        snapshot: row,
        parameterVersion: row.parameterVersion,
        publishedBy: context.actor.username,
        publishedOn: context.today,
      })
      .returning()) as [SupervisionEntryRow];
    await context.audit({ action: 'supervision.publish', regionCode: row.countyCode, entityType: 'income-supervision', entityId: saved.id, after: saved });
    published.push(publishedRecord(saved));
  }
  return published;
}

export async function listPublished(context: Pick<ModuleContext, 'db' | 'access'>, year: number): Promise<PublishedSupervision[]> {
  const rows = await context.db
    .select()
    .from(supervisionEntries)
    .where(and(context.access.where(supervisionEntries.countyCode), eq(supervisionEntries.year, year)))
    .orderBy(asc(supervisionEntries.countyCode));
  return rows.map(publishedRecord);
}

/** Lifts a county's supervision with a reason (audited); only a supervised, not yet lifted entry. */
export async function liftSupervision(context: SupervisionContext, entryId: number, reason: string): Promise<PublishedSupervision> {
  const [row] = await context.db
    .select()
    .from(supervisionEntries)
    .where(and(eq(supervisionEntries.id, entryId), context.access.where(supervisionEntries.countyCode)));
  if (!row || !context.access.canSee(row.countyCode)) throw errors.notFound({ 'zh-CN': '该督办记录', en: 'The supervision entry' });
  context.access.assertRegion(row.countyCode);
  if (!row.supervised || row.liftedOn !== null) {
    throw errors.invalid(
      { 'zh-CN': '该县未被挂牌督办或已摘牌', en: 'The county is not under supervision' },
      { fieldErrors: { entryId: ['未挂牌或已摘牌 / not under supervision'] } },
    );
  }
  const [saved] = (await context.db
    .update(supervisionEntries)
    .set({ liftedOn: context.today, liftedBy: context.actor.username, liftReason: reason })
    .where(eq(supervisionEntries.id, row.id))
    .returning()) as [SupervisionEntryRow];
  await context.audit({
    action: 'supervision.lift',
    regionCode: row.countyCode,
    entityType: 'income-supervision',
    entityId: row.id,
    before: row,
    after: saved,
  });
  return publishedRecord(saved);
}
