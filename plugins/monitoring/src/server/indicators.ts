import { defineIndicator } from '@zhenxing/core';
import { and, count, eq, inArray, like, lte, ne, notExists, sql } from 'drizzle-orm';
import { cases, history } from './schema.ts';
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

/** Causes the epidemic-impact data calls (监测调度) ask about: included households by risk type. */
export const CAUSE_INDICATOR_RISK_TYPES = ['epidemic', 'natural-disaster', 'accident', 'illness'] as const;
const CAUSE_TITLES: Record<(typeof CAUSE_INDICATOR_RISK_TYPES)[number], { 'zh-CN': string; en: string }> = {
  epidemic: { 'zh-CN': '因疫情风险户数（认定中及已纳入）', en: 'Households at risk (being identified or included) because of the epidemic' },
  'natural-disaster': { 'zh-CN': '因灾风险户数（认定中及已纳入）', en: 'Households at risk (being identified or included) because of a disaster' },
  accident: { 'zh-CN': '因意外事故风险户数（认定中及已纳入）', en: 'Households at risk (being identified or included) because of an accident' },
  illness: { 'zh-CN': '因病风险户数（认定中及已纳入）', en: 'Households at risk (being identified or included) because of illness' },
};

/**
 * Households with a case (being identified or included, not rejected) that names the risk type; a case may name several.
 * Honours `asOf`: cases created by then and not rejected by then (the case history dates the rejection).
 */
export const includedByCause = CAUSE_INDICATOR_RISK_TYPES.map((riskType) =>
  defineIndicator({
    id: `included-by-cause-${riskType}`,
    title: CAUSE_TITLES[riskType],
    unit: { 'zh-CN': '户', en: 'households' },
    direction: 'lower-is-better',
    asOf: true,
    async compute({ db, regionCode, counties, asOf }) {
      if (counties.length === 0) return 0;
      const [row] = await db
        .select({ value: count() })
        .from(cases)
        .where(
          and(
            inArray(cases.countyCode, [...counties]),
            regionCode.length > 6 ? like(cases.villageCode, `${regionCode}%`) : undefined,
            sql`${cases.riskTypes} @> ${JSON.stringify([riskType])}::jsonb`,
            asOf
              ? // As of a past instant: cases recorded by then and not rejected by then (the history dates each step).
                and(
                  lte(cases.createdAt, asOf),
                  notExists(
                    db
                      .select({ id: history.id })
                      .from(history)
                      .where(and(eq(history.subject, 'case'), eq(history.subjectId, cases.id), eq(history.toStep, 'rejected'), lte(history.at, asOf))),
                  ),
                )
              : ne(cases.step, 'rejected'),
          ),
        );
      return row?.value ?? 0;
    },
  }),
);

export const monitoringIndicators = [overdueIdentifications, averageDaysToInclusion, assistanceCoverage, ...includedByCause];
