import { defineIndicator, type IndicatorQuery } from '@zhenxing/core';
import { shanghaiDate } from '@zhenxing/rules';
import { fundsFigures, industryShare, parametersForYear, spendingFigures, spendingProgressOf, sumFigures } from './shares.ts';

async function shareOf(query: IndicatorQuery) {
  const today = shanghaiDate(query.now);
  const year = Number(today.slice(0, 4));
  const [current, previous] = await Promise.all([fundsFigures(query.db, query.counties, year), fundsFigures(query.db, query.counties, year - 1)]);
  return industryShare(sumFigures(current.values()), sumFigures(previous.values()), parametersForYear(query.parameters, query.regionCode, year, today));
}

/** This year's §4 shares and spending progress, in basis points (0 when no funds were received). */
export const fundsIndicators = [
  defineIndicator({
    id: 'central-industry-share',
    title: { 'zh-CN': '中央衔接资金用于产业比重', en: 'Central linkage funds used for industry' },
    unit: { 'zh-CN': '基点（万分之一）', en: 'basis points' },
    direction: 'higher-is-better',
    compute: async (query) => (await shareOf(query)).central.test?.shareBasisPoints ?? 0,
  }),
  defineIndicator({
    id: 'four-level-industry-share',
    title: { 'zh-CN': '四级衔接资金用于产业比重', en: 'Four-level linkage funds used for industry' },
    unit: { 'zh-CN': '基点（万分之一）', en: 'basis points' },
    direction: 'higher-is-better',
    compute: async (query) => (await shareOf(query)).fourLevel.test?.shareBasisPoints ?? 0,
  }),
  defineIndicator({
    id: 'spending-progress',
    title: { 'zh-CN': '衔接资金支出进度', en: 'Linkage funds spending progress' },
    unit: { 'zh-CN': '基点（万分之一）', en: 'basis points' },
    direction: 'higher-is-better',
    async compute(query) {
      const year = Number(shanghaiDate(query.now).slice(0, 4));
      const figures = [...(await spendingFigures(query.db, query.counties, year)).values()];
      const total = spendingProgressOf(
        figures.reduce((sum, county) => sum + county.allocatedFen, 0),
        figures.reduce((sum, county) => sum + county.paidFen, 0),
      );
      return total.progressBasisPoints ?? 0;
    },
  }),
];
