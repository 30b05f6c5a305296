import { defineIndicator } from '@zhenxing/core';
import { and, count, eq, inArray, isNotNull, like, or } from 'drizzle-orm';
import { households, members } from './schema.ts';

function scope(regionCode: string, counties: readonly string[]) {
  return and(inArray(households.countyCode, [...counties]), regionCode.length > 6 ? like(households.villageCode, `${regionCode}%`) : undefined);
}

export const householdStatusIndicators = (['left-poverty', 'monitored'] as const).map((status) =>
  defineIndicator({
    id: `households-${status}`,
    title: status === 'left-poverty' ? { 'zh-CN': '脱贫户数', en: 'Households that left poverty' } : { 'zh-CN': '监测户数', en: 'Monitored households' },
    unit: { 'zh-CN': '户', en: 'households' },
    direction: status === 'monitored' ? 'lower-is-better' : 'higher-is-better',
    async compute({ db, regionCode, counties }) {
      if (counties.length === 0) return 0;
      const [row] = await db
        .select({ value: count() })
        .from(households)
        .where(and(scope(regionCode, counties), eq(households.status, status)));
      return row?.value ?? 0;
    },
  }),
);

/** 脱贫人口: people in households that left poverty (including those now monitored after leaving). */
export const leftPovertyPopulation = defineIndicator({
  id: 'left-poverty-population',
  title: { 'zh-CN': '脱贫人口数', en: 'People who left poverty' },
  unit: { 'zh-CN': '人', en: 'people' },
  direction: 'higher-is-better',
  async compute({ db, regionCode, counties }) {
    if (counties.length === 0) return 0;
    const [row] = await db
      .select({ value: count() })
      .from(members)
      .innerJoin(households, eq(households.id, members.householdId))
      .where(
        and(
          scope(regionCode, counties),
          or(eq(households.status, 'left-poverty'), and(eq(households.status, 'monitored'), isNotNull(households.yearLeftPoverty))),
        ),
      );
    return row?.value ?? 0;
  },
});
