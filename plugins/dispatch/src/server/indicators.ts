import { defineIndicator } from '@zhenxing/core';
import { and, eq, gte, inArray, like, lte } from 'drizzle-orm';
import { periods, submissions, targets } from './schema.ts';
import { shanghaiInstant } from './time.ts';
import { minutesLate } from './time.ts';
import { shanghaiDate } from '@zhenxing/rules';

/**
 * 报送及时率: of the periods due so far this year (Asia/Shanghai) in the asked counties, the share
 * first submitted within the due minute, percent (100 when nothing was due yet).
 */
export const punctuality = defineIndicator({
  id: 'punctuality',
  title: { 'zh-CN': '调度报送及时率', en: 'Data-call punctuality' },
  unit: { 'zh-CN': '%', en: '%' },
  direction: 'higher-is-better',
  async compute({ db, regionCode, counties, now }) {
    if (counties.length === 0) return 100;
    const year = shanghaiDate(now).slice(0, 4);
    const rows = await db
      .select({ countyCode: targets.countyCode, dueAt: periods.dueAt, periodId: periods.id })
      .from(periods)
      .innerJoin(targets, eq(targets.callId, periods.callId))
      .where(
        and(
          inArray(targets.countyCode, [...counties]),
          regionCode.length >= 6 ? like(targets.countyCode, `${regionCode.slice(0, 6)}%`) : undefined,
          gte(periods.dueAt, shanghaiInstant(`${year}-01-01`, '00:00')),
          lte(periods.dueAt, now),
        ),
      );
    const due = rows.filter((row) => minutesLate(row.dueAt, now) > 0);
    if (due.length === 0) return 100;
    const answered = await db
      .select({ periodId: submissions.periodId, countyCode: submissions.countyCode, minutesLate: submissions.minutesLate })
      .from(submissions)
      .where(inArray(submissions.periodId, [...new Set(due.map((row) => row.periodId))]));
    const onTime = due.filter((row) =>
      answered.some((answer) => answer.periodId === row.periodId && answer.countyCode === row.countyCode && answer.minutesLate === 0),
    ).length;
    return Math.round((onTime / due.length) * 10_000) / 100;
  },
});

export const dispatchIndicators = [punctuality];
