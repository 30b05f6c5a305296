import { defineIndicator } from '@zhenxing/core';
import { shanghaiDate } from '@zhenxing/rules';
import { and, inArray, like, ne } from 'drizzle-orm';
import { rectificationCounts } from './inspections.ts';
import { rectificationTasks } from './schema.ts';

/**
 * 整改按期完成率: of the rectification tasks due by today (Asia/Shanghai: deadline passed, or
 * accepted), the share accepted whose rectification was submitted by its deadline, in percent
 * (two decimals, rounded down). A region with no task due yet has nothing late: 100.
 */
export const rectificationOnTimeRate = defineIndicator({
  id: 'rectification-on-time-rate',
  title: { 'zh-CN': '暗访问题整改按期完成率', en: 'Inspection problems rectified on time' },
  unit: { 'zh-CN': '%', en: '%' },
  direction: 'higher-is-better',
  async compute({ db, regionCode, counties, now }) {
    if (counties.length === 0) return 100;
    const rows = await db
      .select({ status: rectificationTasks.status, deadline: rectificationTasks.deadline, submittedOn: rectificationTasks.submittedOn })
      .from(rectificationTasks)
      .where(
        and(
          inArray(rectificationTasks.countyCode, [...counties]),
          ne(rectificationTasks.status, 'draft'),
          regionCode.length > 6 ? like(rectificationTasks.responsibleRegionCode, `${regionCode}%`) : undefined,
        ),
      );
    return rectificationCounts(rows, shanghaiDate(now)).onTimeRate ?? 100;
  },
});

export const assessmentIndicators = [rectificationOnTimeRate];
