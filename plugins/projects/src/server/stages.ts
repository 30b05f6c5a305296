import { ZxError, type Localized } from '@zhenxing/core';
import type { NoticeKind, ProjectStage } from '../index.ts';

export const STAGE_TITLES: Record<ProjectStage, Localized> = {
  applied: { 'zh-CN': '村级申报', en: 'applied by the village' },
  'township-reviewed': { 'zh-CN': '乡镇已审核', en: 'reviewed by the township' },
  approved: { 'zh-CN': '县级已审定入库', en: 'approved by the county' },
  tendered: { 'zh-CN': '已招投标', en: 'tendered' },
  started: { 'zh-CN': '已动工', en: 'under construction' },
  completed: { 'zh-CN': '已完工', en: 'completed' },
  accepted: { 'zh-CN': '已验收', en: 'accepted' },
  rejected: { 'zh-CN': '未通过', en: 'rejected' },
};

export const NOTICE_TITLES: Record<NoticeKind, Localized> = {
  'village-publicity': { 'zh-CN': '村级申报公示', en: 'village publicity' },
  'township-publicity': { 'zh-CN': '乡镇审核公示', en: 'township publicity' },
  'county-publicity': { 'zh-CN': '县级审定公示', en: 'county publicity' },
  'county-announcement': { 'zh-CN': '县级项目公告', en: 'county announcement' },
};

export function wrongStage(current: ProjectStage, expected: readonly ProjectStage[], action: Localized): ZxError {
  const zh = expected.map((stage) => `“${STAGE_TITLES[stage]['zh-CN']}”`).join('或');
  const en = expected.map((stage) => `"${STAGE_TITLES[stage].en}"`).join(' or ');
  return new ZxError(
    'PRECONDITION_FAILED',
    'wrong-stage',
    {
      'zh-CN': `项目当前为“${STAGE_TITLES[current]['zh-CN']}”，不能${action['zh-CN']}；须处于${zh}阶段。`,
      en: `The project is ${STAGE_TITLES[current].en}; it cannot be ${action.en} until it is ${en}.`,
    },
    { stage: current, expected: [...expected] },
  );
}
