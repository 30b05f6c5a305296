import { defineIndicator, type IndicatorQuery } from '@zhenxing/core';
import { shanghaiDate } from '@zhenxing/rules';
import { and, eq, inArray, like } from 'drizzle-orm';
import { countEmployment, employedBasisPoints } from './employment.ts';
import { ledgerEntries, plans } from './schema.ts';
import { compareCounties, regionTotal } from './stable-employment.ts';

/** The ledger entries open this year (Asia/Shanghai) in the region, within the counties that enable the module. */
function openLedgerEntries({ db, regionCode, counties, now }: Pick<IndicatorQuery, 'db' | 'regionCode' | 'counties' | 'now'>) {
  const year = Number(shanghaiDate(now).slice(0, 4));
  return db
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
}

/** §2: ledger households (open entries this year) that have an income-increase plan, percent. */
export const ledgerPlanCoverage = defineIndicator({
  id: 'ledger-plan-coverage',
  title: { 'zh-CN': '台账户增收计划覆盖率', en: 'Ledger households with an income plan' },
  unit: { 'zh-CN': '%', en: '%' },
  direction: 'higher-is-better',
  async compute({ db, regionCode, counties, now }) {
    if (counties.length === 0) return null;
    const open = await openLedgerEntries({ db, regionCode, counties, now });
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
    if (counties.length === 0) return null;
    const open = await openLedgerEntries({ db, regionCode, counties, now });
    return open.length;
  },
});

/** 稳岗就业: share of 脱贫 labour (16+, in the labour force) in work — locally, as migrants or on a public-welfare job. */
export const povertyLabourEmployed = defineIndicator({
  id: 'poverty-labour-employed',
  title: { 'zh-CN': '脱贫劳动力就业率', en: 'Employed share of labour lifted out of poverty' },
  unit: { 'zh-CN': '%', en: '%' },
  direction: 'higher-is-better',
  async compute({ db, regionCode, counties, now }) {
    if (counties.length === 0) return null;
    const { total } = await countEmployment(db, counties, regionCode, shanghaiDate(now));
    const share = employedBasisPoints(total);
    return share === null ? null : share / 100;
  },
});

/**
 * 稳岗就业 against last year (for assessment): 脱贫劳动力 in work this year (Asia/Shanghai) against last
 * year, percent change, over the region's counties that recorded both years; null when none did.
 */
export const employmentAgainstLastYear = defineIndicator({
  id: 'employment-against-last-year',
  title: { 'zh-CN': '脱贫劳动力务工规模同比', en: 'Labour lifted out of poverty in work, against last year' },
  unit: { 'zh-CN': '%', en: '%' },
  direction: 'higher-is-better',
  async compute({ db, regionCode, counties, now }) {
    const year = Number(shanghaiDate(now).slice(0, 4));
    const inRegion = counties.filter((county) => county.startsWith(regionCode.slice(0, 6)));
    if (inRegion.length === 0) return null;
    const change = regionTotal(regionCode, regionCode, year, await compareCounties(db, inRegion, year)).changeBasisPoints;
    return change === null ? null : change / 100;
  },
});

export const incomeIndicators = [ledgerPlanCoverage, ledgerHouseholds, povertyLabourEmployed, employmentAgainstLastYear];
