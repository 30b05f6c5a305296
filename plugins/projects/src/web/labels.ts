import type { Localized, StatusDefinition } from '@zhenxing/ui';
import type { NoticeKind, ProjectStage } from '../index.ts';

export const STAGES: Record<ProjectStage, StatusDefinition> = {
  applied: { label: { 'zh-CN': '村级申报', en: 'Applied' }, tone: 'default' },
  'township-reviewed': { label: { 'zh-CN': '乡镇已审核', en: 'Township reviewed' }, tone: 'processing' },
  approved: { label: { 'zh-CN': '县级已审定入库', en: 'Approved' }, tone: 'processing' },
  tendered: { label: { 'zh-CN': '已招投标', en: 'Tendered' }, tone: 'processing' },
  started: { label: { 'zh-CN': '已动工', en: 'Under construction' }, tone: 'warning' },
  completed: { label: { 'zh-CN': '已完工', en: 'Completed' }, tone: 'success' },
  accepted: { label: { 'zh-CN': '已验收', en: 'Accepted' }, tone: 'success' },
  rejected: { label: { 'zh-CN': '未通过', en: 'Rejected' }, tone: 'error' },
};

/** The stages in order, without the dead end. */
export const STAGE_ORDER = [
  'applied',
  'township-reviewed',
  'approved',
  'tendered',
  'started',
  'completed',
  'accepted',
] as const satisfies readonly ProjectStage[];

export const CATEGORIES: Record<string, Localized> = {
  industry: { 'zh-CN': '产业发展', en: 'Industry' },
  infrastructure: { 'zh-CN': '基础设施', en: 'Infrastructure' },
  employment: { 'zh-CN': '就业帮扶', en: 'Employment' },
  'public-service': { 'zh-CN': '公共服务', en: 'Public services' },
  other: { 'zh-CN': '其他', en: 'Other' },
};

export const NOTICES: Record<NoticeKind, Localized> = {
  'village-publicity': { 'zh-CN': '村级申报公示', en: 'Village publicity' },
  'township-publicity': { 'zh-CN': '乡镇审核公示', en: 'Township publicity' },
  'county-publicity': { 'zh-CN': '县级审定公示', en: 'County publicity' },
  'county-announcement': { 'zh-CN': '县级项目公告', en: 'County announcement' },
};

export const PAYMENT_KINDS: Record<string, Localized> = {
  first: { 'zh-CN': '首笔', en: 'First' },
  progress: { 'zh-CN': '按进度', en: 'Progress' },
  final: { 'zh-CN': '尾款', en: 'Final' },
};

export const FUND_SOURCES: Record<string, Localized> = {
  'linkage-funds': { 'zh-CN': '衔接资金', en: 'Linkage funds' },
  'project-budget': { 'zh-CN': '项目预算', en: 'Project budget' },
};
