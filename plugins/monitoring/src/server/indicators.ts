import { defineIndicator } from '@zhenxing/core';
import { caseFigures, coverage, scopeFor } from './dashboard.ts';

/** §1 简: open identifications past the 15-day deadline (kept current by the deadline-scan job). */
export const overdueIdentifications = defineIndicator({
  id: 'overdue-identifications',
  title: { 'zh-CN': '超期未完成认定数', en: 'Overdue identifications' },
  unit: { 'zh-CN': '户', en: 'households' },
  direction: 'lower-is-better',
  async compute({ db, regionCode, counties }) {
    if (counties.length === 0) return 0;
    return (await caseFigures(db, scopeFor(regionCode, counties))).overdue;
  },
});

/** §1 简: average calendar days from discovery to inclusion (goal ≤ 15). */
export const averageDaysToInclusion = defineIndicator({
  id: 'average-days-to-inclusion',
  title: { 'zh-CN': '平均认定用时', en: 'Average days to inclusion' },
  unit: { 'zh-CN': '天', en: 'days' },
  direction: 'lower-is-better',
  async compute({ db, regionCode, counties }) {
    if (counties.length === 0) return 0;
    return (await caseFigures(db, scopeFor(regionCode, counties))).averageDaysToInclusion ?? 0;
  },
});

/** §1 实: share of monitored households with at least one active measure, percent (goal 100). */
export const assistanceCoverage = defineIndicator({
  id: 'assistance-coverage',
  title: { 'zh-CN': '帮扶措施覆盖率', en: 'Assistance coverage' },
  unit: { 'zh-CN': '%', en: '%' },
  direction: 'higher-is-better',
  async compute({ db, regionCode, counties }) {
    if (counties.length === 0) return 0;
    return (await coverage(db, scopeFor(regionCode, counties))).basisPoints / 100;
  },
});

export const monitoringIndicators = [overdueIdentifications, averageDaysToInclusion, assistanceCoverage];
