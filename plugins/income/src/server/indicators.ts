import { defineIndicator } from '@zhenxing/core';
import { shanghaiDate } from '@zhenxing/rules';
import { and, eq, inArray, like } from 'drizzle-orm';
import { ledgerEntries, plans } from './schema.ts';

/** §2: ledger households (open entries this year) that have an income-increase plan, percent. */
export const ledgerPlanCoverage = defineIndicator({
  id: 'ledger-plan-coverage',
  title: { 'zh-CN': '台账户增收计划覆盖率', en: 'Ledger households with an income plan' },
  unit: { 'zh-CN': '%', en: '%' },
  direction: 'higher-is-better',
  async compute({ db, regionCode, counties, now }) {
    if (counties.length === 0) return 0;
    const year = Number(shanghaiDate(now).slice(0, 4));
    const open = await db
      .select({ id: ledgerEntries.id })
      .from(ledgerEntries)
      .where(
        and(
          inArray(ledgerEntries.countyCode, [...counties]),
          like(ledgerEntries.villageCode, `${regionCode}%`),
          eq(ledgerEntries.year, year),
          eq(ledgerEntries.status, 'open'),
        ),
      );
    if (open.length === 0) return 100;
    const planned = await db
      .selectDistinct({ id: plans.ledgerEntryId })
      .from(plans)
      .where(
        inArray(
          plans.ledgerEntryId,
          open.map((entry) => entry.id),
        ),
      );
    return Math.floor((planned.length * 10_000) / open.length) / 100;
  },
});

/** §2: households on the income ledger this year (fell or low). */
export const ledgerHouseholds = defineIndicator({
  id: 'ledger-households',
  title: { 'zh-CN': '收入台账户数', en: 'Households on the income ledger' },
  unit: { 'zh-CN': '户', en: 'households' },
  direction: 'lower-is-better',
  async compute({ db, regionCode, counties, now }) {
    if (counties.length === 0) return 0;
    const year = Number(shanghaiDate(now).slice(0, 4));
    const open = await db
      .select({ id: ledgerEntries.id })
      .from(ledgerEntries)
      .where(
        and(
          inArray(ledgerEntries.countyCode, [...counties]),
          like(ledgerEntries.villageCode, `${regionCode}%`),
          eq(ledgerEntries.year, year),
          eq(ledgerEntries.status, 'open'),
        ),
      );
    return open.length;
  },
});

export const incomeIndicators = [ledgerPlanCoverage, ledgerHouseholds];
