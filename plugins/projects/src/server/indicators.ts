import { defineIndicator } from '@zhenxing/core';
import { and, inArray, sql } from 'drizzle-orm';
import type { ProjectStage } from '../index.ts';
import { indicatorScope } from './queries.ts';
import { projects } from './schema.ts';

function stageCountIndicator(
  id: string,
  title: { 'zh-CN': string; en: string },
  stages: readonly ProjectStage[],
  direction: 'higher-is-better' | 'lower-is-better',
) {
  return defineIndicator({
    id,
    title,
    unit: { 'zh-CN': '个', en: 'projects' },
    direction,
    async compute({ db, regionCode, counties }) {
      const [row] = await db
        .select({ value: sql<number>`count(*)::int`.mapWith(Number) })
        .from(projects)
        .where(and(indicatorScope(regionCode, counties), inArray(projects.stage, [...stages])));
      return row?.value ?? 0;
    },
  });
}

/** Projects by stage, as numbers dashboards and assessment can rank. */
export const projectIndicators = [
  stageCountIndicator(
    'awaiting-review',
    { 'zh-CN': '待审核审定项目数', en: 'Projects awaiting review or approval' },
    ['applied', 'township-reviewed'],
    'lower-is-better',
  ),
  stageCountIndicator(
    'approved-not-started',
    { 'zh-CN': '已入库未动工项目数', en: 'Approved projects not yet started' },
    ['approved', 'tendered'],
    'lower-is-better',
  ),
  stageCountIndicator('under-construction', { 'zh-CN': '在建项目数', en: 'Projects under construction' }, ['started'], 'higher-is-better'),
  stageCountIndicator(
    'completed',
    { 'zh-CN': '已完工（含已验收）项目数', en: 'Completed projects (incl. accepted)' },
    ['completed', 'accepted'],
    'higher-is-better',
  ),
];
