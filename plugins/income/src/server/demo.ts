/**
 * Demo data (synthetic): the income ledger of Xushui's first 脱贫户 (evaluated by the rules on the
 * registry's demo incomes), a few in-year changes, income-increase plans for most ledger households
 * (one overdue), and the province's growth figures for the demo counties.
 */
import type { DemoContext } from '@zhenxing/core';
import { listHouseholdsForVisitDuty } from '@zhenxing/plugin-registry/server';
import { addMonths, monthOf } from '@zhenxing/rules';
import type { PlanMeasure } from '../index.ts';
import { reevaluate } from './ledger.ts';
import { adjustments, growthFigures, ledgerEntries, plans } from './schema.ts';
import { yearOf } from './tracking.ts';
import { and, eq } from 'drizzle-orm';

const DEMO_COUNTY = '130609';
/** Households evaluated in the demo (enough for every page, quick to seed). */
const LIMIT = 120;
const CADRES = ['王建国', '李秀英', '赵红梅', '孙立军'];
const MEASURES: PlanMeasure[][] = [
  ['employment', 'skills-training'],
  ['industry', 'small-loan'],
  ['public-welfare-job'],
  ['consumption-assistance', 'industry'],
];

export async function seedIncomeDemo(context: DemoContext): Promise<void> {
  const { db, counties, today, audit } = context;
  if (!counties.includes(DEMO_COUNTY)) return;
  const year = yearOf(today);
  const listed = (await listHouseholdsForVisitDuty(db, [DEMO_COUNTY], monthOf(today))).slice(0, LIMIT);
  for (const [index, entry] of listed.entries()) {
    // Every seventh household reports lower wages this year (a lost job), as a cadre would record it.
    if (index % 7 === 3) {
      const [row] = await db
        .insert(adjustments)
        .values({
          countyCode: entry.countyCode,
          villageCode: entry.villageCode,
          householdId: entry.householdId,
          year,
          source: 'manual',
          wagesFen: -1_200_000,
          note: '【演示】务工中断（合成）',
          recordedOn: addMonths(today, -1),
          recordedBy: 'system:demo',
        })
        .returning();
      if (row) await audit({ action: 'income.adjust', regionCode: entry.villageCode, entityType: 'income-adjustment', entityId: row.id, after: row });
    }
    await reevaluate(context, entry.householdId, year);
  }
  const open = await db
    .select()
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.countyCode, DEMO_COUNTY), eq(ledgerEntries.year, year), eq(ledgerEntries.status, 'open')));
  for (const [index, entry] of open.entries()) {
    if (index % 5 === 4) continue; // some ledger households still without a plan
    const overdue = index === 0;
    const [row] = await db
      .insert(plans)
      .values({
        countyCode: entry.countyCode,
        villageCode: entry.villageCode,
        householdId: entry.householdId,
        ledgerEntryId: entry.id,
        measures: MEASURES[index % MEASURES.length] ?? ['employment'],
        cadreName: CADRES[index % CADRES.length] ?? '王建国',
        targetPerCapitaFen: Math.max(entry.perCapitaFen, 0) + 150_000,
        startOn: addMonths(today, -4),
        dueOn: overdue ? addMonths(today, -1) : addMonths(today, 5),
        progress: overdue ? 40 : (index * 17) % 90,
        status: 'active',
        note: '【演示】增收计划（合成）',
        createdBy: 'system:demo',
      })
      .returning();
    if (row) await audit({ action: 'plan.create', regionCode: row.villageCode, entityType: 'income-plan', entityId: row.id, after: row });
  }
  for (const [index, countyCode] of counties.entries()) {
    const [row] = await db
      .insert(growthFigures)
      .values({
        countyCode,
        year,
        povertyCounty: index % 2 === 1,
        localFarmersBasisPoints: 620 + index * 35,
        nationalBasisPoints: 650,
        provincialBasisPoints: 630,
        enteredBy: 'system:demo',
      })
      .returning();
    if (row) await audit({ action: 'growth.enter', regionCode: countyCode, entityType: 'income-growth-figures', entityId: row.id, after: row });
  }
}
