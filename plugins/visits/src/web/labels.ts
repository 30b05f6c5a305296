import type { Localized } from '@zhenxing/ui';

export { CADRE_KIND_LABELS, COPY_FLAG_LABELS, INCOME_COMPONENT_LABELS, RISK_TYPE_LABELS, SPENDING_KIND_LABELS, WORK_STATE_LABELS } from '../index.ts';

export const HOUSING_GRADE_LABELS: Record<string, Localized> = {
  A: { 'zh-CN': 'A级（安全）', en: 'A (safe)' },
  B: { 'zh-CN': 'B级（安全）', en: 'B (safe)' },
  C: { 'zh-CN': 'C级（危房）', en: 'C (dangerous)' },
  D: { 'zh-CN': 'D级（危房）', en: 'D (dangerous)' },
};

export const SCHOOLING_LABELS: Record<string, Localized> = {
  enrolled: { 'zh-CN': '在校', en: 'enrolled' },
  'home-delivered': { 'zh-CN': '送教上门', en: 'taught at home' },
  'out-of-school': { 'zh-CN': '失学辍学', en: 'out of school' },
  'not-applicable': { 'zh-CN': '非学龄/不适用', en: 'not applicable' },
};

export const WATER_LABELS: Record<'quantity' | 'quality' | 'reliability' | 'convenience', Localized> = {
  quantity: { 'zh-CN': '水量达标', en: 'enough water' },
  quality: { 'zh-CN': '水质达标', en: 'safe quality' },
  reliability: { 'zh-CN': '供水有保障', en: 'reliable supply' },
  convenience: { 'zh-CN': '取水方便', en: 'convenient' },
};

/** Signed fen as yuan with a sign (+1,200.00 / −350.00). */
export function signedYuan(fen: number): string {
  const sign = fen > 0 ? '+' : fen < 0 ? '−' : '';
  return `${sign}${(Math.abs(fen) / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}
