import { defineIndicator } from '@zhenxing/core';
import { monthOf, shanghaiDate } from '@zhenxing/rules';
import { coverageOf } from './compliance.ts';

/** §3: share of due households (监测户 + 脱贫户) visited this month (Asia/Shanghai), percent (goal 100). */
export const visitCoverage = defineIndicator({
  id: 'visit-coverage',
  title: { 'zh-CN': '本月入户走访覆盖率', en: 'Monthly visit coverage' },
  unit: { 'zh-CN': '%', en: '%' },
  direction: 'higher-is-better',
  async compute({ db, regionCode, counties, now }) {
    if (counties.length === 0) return 0;
    return (await coverageOf(db, counties, regionCode, monthOf(shanghaiDate(now)))).basisPoints / 100;
  },
});

/** §3: due households not yet visited this month. */
export const visitsOutstanding = defineIndicator({
  id: 'visits-outstanding',
  title: { 'zh-CN': '本月未走访户数', en: 'Households not yet visited this month' },
  unit: { 'zh-CN': '户', en: 'households' },
  direction: 'lower-is-better',
  async compute({ db, regionCode, counties, now }) {
    if (counties.length === 0) return 0;
    const { due, done } = await coverageOf(db, counties, regionCode, monthOf(shanghaiDate(now)));
    return due - done;
  },
});

export const visitsIndicators = [visitCoverage, visitsOutstanding];
