import { defineIndicator, type IndicatorQuery } from '@zhenxing/core';
import { shanghaiDate } from '@zhenxing/rules';
import { and, eq, inArray, like, lt } from 'drizzle-orm';
import { commitmentMet } from '../index.ts';
import { activeInYear } from './relationships.ts';
import { commitments, problems, relationships } from './schema.ts';

/** Relationships of the region's enabled counties in force this year (Asia/Shanghai), below the region. */
function activeRelationships({ db, regionCode, counties, now }: Pick<IndicatorQuery, 'db' | 'regionCode' | 'counties' | 'now'>) {
  const year = Number(shanghaiDate(now).slice(0, 4));
  const region = regionCode.length > 6 ? like(relationships.villageCode, `${regionCode}%`) : undefined;
  return db
    .select({ id: relationships.id, countyCode: relationships.countyCode, system: relationships.system })
    .from(relationships)
    .where(and(inArray(relationships.countyCode, [...counties]), activeInYear(year), region));
}

/** §6: relationships in force this year whose every target is met (met exactly at target counts), percent of those with targets. */
export const commitmentsMetShare = defineIndicator({
  id: 'assistance-commitments-met',
  title: { 'zh-CN': '社会帮扶年度目标完成率', en: 'Assistance relationships meeting their targets' },
  unit: { 'zh-CN': '%', en: '%' },
  direction: 'higher-is-better',
  async compute({ db, regionCode, counties, now }) {
    if (counties.length === 0) return 0;
    const year = Number(shanghaiDate(now).slice(0, 4));
    const active = await activeRelationships({ db, regionCode, counties, now });
    if (active.length === 0) return 0;
    const rows = await db
      .select({ relationshipId: commitments.relationshipId, target: commitments.target, actual: commitments.actual })
      .from(commitments)
      .where(
        and(
          inArray(
            commitments.relationshipId,
            active.map((row) => row.id),
          ),
          eq(commitments.year, year),
        ),
      );
    const byRelationship = new Map<number, boolean>();
    for (const row of rows) {
      if (row.target === null) continue;
      byRelationship.set(row.relationshipId, (byRelationship.get(row.relationshipId) ?? true) && commitmentMet(row.target, row.actual));
    }
    if (byRelationship.size === 0) return 0;
    const met = [...byRelationship.values()].filter(Boolean).length;
    return Math.floor((met * 10_000) / byRelationship.size) / 100;
  },
});

/** §6: counties of the region without a 省内区域性结对帮扶 in force this year. */
export const countiesWithoutPairing = defineIndicator({
  id: 'assistance-counties-without-pairing',
  title: { 'zh-CN': '未落实结对帮扶的县数', en: 'Counties without a pairing' },
  unit: { 'zh-CN': '个', en: 'counties' },
  direction: 'lower-is-better',
  async compute({ db, regionCode, counties, now }) {
    if (counties.length === 0 || regionCode.length > 6) return 0;
    const paired = new Set(
      (await activeRelationships({ db, regionCode, counties, now })).filter((row) => row.system === 'pairing').map((row) => row.countyCode),
    );
    return counties.filter((county) => !paired.has(county)).length;
  },
});

/** §6 省领导包联: inspection problems open past their rectification deadline. */
export const overdueProblems = defineIndicator({
  id: 'assistance-problems-overdue',
  title: { 'zh-CN': '逾期未整改问题数', en: 'Inspection problems overdue' },
  unit: { 'zh-CN': '个', en: 'problems' },
  direction: 'lower-is-better',
  async compute({ db, regionCode, counties, now }) {
    if (counties.length === 0 || regionCode.length > 6) return 0;
    const rows = await db
      .select({ id: problems.id })
      .from(problems)
      .where(and(inArray(problems.countyCode, [...counties]), eq(problems.status, 'open'), lt(problems.deadline, shanghaiDate(now))));
    return rows.length;
  },
});

export const socialAssistanceIndicators = [commitmentsMetShare, countiesWithoutPairing, overdueProblems];
