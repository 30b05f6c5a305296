import type { StatusDefinition } from '@zhenxing/ui';
import type { Localized } from '@zhenxing/ui';
import { CASE_STEP_LABELS, SIGNAL_SOURCE_LABELS, type CaseStep } from '../index.ts';
import { MEASURE_KIND_LABELS as RULES_MEASURE_KIND_LABELS, MONITORING_OBJECT_TYPE_LABELS, RISK_TYPE_LABELS as RULES_RISK_TYPE_LABELS } from '@zhenxing/rules';

export { CASE_STEP_LABELS, SIGNAL_SOURCE_LABELS };

export const CASE_STEP_STATUSES: Record<CaseStep, StatusDefinition> = {
  verification: { label: CASE_STEP_LABELS.verification, tone: 'processing' },
  comparison: { label: CASE_STEP_LABELS.comparison, tone: 'processing' },
  'village-review': { label: CASE_STEP_LABELS['village-review'], tone: 'processing' },
  'village-notice': { label: CASE_STEP_LABELS['village-notice'], tone: 'processing' },
  'township-review': { label: CASE_STEP_LABELS['township-review'], tone: 'warning' },
  'county-approval': { label: CASE_STEP_LABELS['county-approval'], tone: 'warning' },
  included: { label: CASE_STEP_LABELS.included, tone: 'success' },
  rejected: { label: CASE_STEP_LABELS.rejected, tone: 'default' },
};

export const ELIMINATION_STEP_STATUSES: Record<'village-review' | 'village-notice' | 'county-approval' | 'approved' | 'rejected', StatusDefinition> = {
  'village-review': { label: { 'zh-CN': '村民主评议', en: 'village review' }, tone: 'processing' },
  'village-notice': { label: { 'zh-CN': '村内公示', en: 'village notice' }, tone: 'processing' },
  'county-approval': { label: { 'zh-CN': '县级审定', en: 'county approval' }, tone: 'warning' },
  approved: { label: { 'zh-CN': '已消除风险', en: 'risk eliminated' }, tone: 'success' },
  rejected: { label: { 'zh-CN': '未通过', en: 'rejected' }, tone: 'default' },
};

export const DEADLINE_STATUS_LABELS: Record<string, Localized> = {
  'on-track': { 'zh-CN': '正常', en: 'on track' },
  warning: { 'zh-CN': '临近期限', en: 'due soon' },
  overdue: { 'zh-CN': '已逾期', en: 'overdue' },
  'done-on-time': { 'zh-CN': '按时办结', en: 'done on time' },
  'done-late': { 'zh-CN': '超期办结', en: 'done late' },
};

/** The rules' one list of risk-type names, indexable by any stored string. */
export const RISK_TYPE_LABELS: Record<string, Localized> = RULES_RISK_TYPE_LABELS;

export const RISK_CATEGORY_LABELS: Record<string, Localized> = {
  'major-illness': { 'zh-CN': '大病重病个人难以负担', en: 'major illness beyond means' },
  'severe-disability': { 'zh-CN': '重度残疾', en: 'severe disability' },
  'sudden-difficulty': { 'zh-CN': '突发严重困难', en: 'sudden severe difficulty' },
  'low-income-high-spending': { 'zh-CN': '收入骤减或支出骤增', en: 'income drop or spending surge' },
};

/** The rules package owns these names (one wording everywhere); pages index them by plain strings. */
export const OBJECT_TYPE_LABELS: Record<string, Localized> = MONITORING_OBJECT_TYPE_LABELS;
export const MEASURE_KIND_LABELS: Record<string, Localized> = RULES_MEASURE_KIND_LABELS;

export const MEASURE_STATUS_LABELS: Record<string, Localized> = {
  planned: { 'zh-CN': '计划中', en: 'planned' },
  active: { 'zh-CN': '实施中', en: 'active' },
  completed: { 'zh-CN': '已完成', en: 'completed' },
  cancelled: { 'zh-CN': '已取消', en: 'cancelled' },
};

export const HISTORY_ACTION_LABELS: Record<string, Localized> = {
  open: { 'zh-CN': '发现风险，启动认定', en: 'risk found, case opened' },
  verify: { 'zh-CN': '入户核实（签字授权）', en: 'household verified (consent signed)' },
  compare: { 'zh-CN': '数据比对', en: 'data compared' },
  'village-review': { 'zh-CN': '村民主评议', en: 'village review' },
  'notice-posted': { 'zh-CN': '张贴村内公示', en: 'notice posted' },
  'notice-completed': { 'zh-CN': '公示期满', en: 'notice completed' },
  'township-review': { 'zh-CN': '乡镇审核', en: 'township review' },
  approve: { 'zh-CN': '县级审定', en: 'county approval' },
  return: { 'zh-CN': '退回', en: 'returned' },
  reject: { 'zh-CN': '不予纳入', en: 'rejected' },
  'green-channel': { 'zh-CN': '开通绿色通道', en: 'green channel opened' },
};

export const SUDDEN_CAUSE_LABELS: Record<string, Localized> = {
  disaster: { 'zh-CN': '因灾', en: 'disaster' },
  epidemic: { 'zh-CN': '因疫', en: 'epidemic' },
  accident: { 'zh-CN': '因意外事故', en: 'accident' },
  other: { 'zh-CN': '其他突发情况', en: 'other sudden event' },
};

/** Money in fen as yuan with two decimals. */
export function yuan(fen: number): string {
  return (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}
