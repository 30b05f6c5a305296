import { z } from 'zod';
import { BASIC_NEEDS_FINDING_CODES } from './basic-needs.js';
import type { BasicNeedsFindingCode } from './basic-needs.js';
import { LocalizedTextSchema } from './reason.js';
import type { LocalizedText } from './reason.js';
import { RISK_CATEGORIES } from './risk-categories.js';
import type { RiskCategory } from './risk-categories.js';

export const MEASURE_KINDS = [
  'industry',
  'employment',
  'public-welfare-job',
  'medical-aid',
  'education-aid',
  'social-assistance',
  'temporary-assistance',
  'disability-subsidy',
  'housing-renovation',
  'drinking-water',
  'microcredit',
  'insurance',
] as const;
/** Kinds of assistance measure (context: the measure kinds of the national monitoring system). */
export const MeasureKindSchema = z.enum(MEASURE_KINDS);
export type MeasureKind = z.infer<typeof MeasureKindSchema>;

export const MEASURE_KIND_LABELS: Record<MeasureKind, LocalizedText> = {
  industry: { 'zh-CN': '产业帮扶', en: 'industry assistance' },
  employment: { 'zh-CN': '就业帮扶', en: 'employment assistance' },
  'public-welfare-job': { 'zh-CN': '公益岗位', en: 'public-welfare job' },
  'medical-aid': { 'zh-CN': '健康帮扶（医疗救助）', en: 'health and medical aid' },
  'education-aid': { 'zh-CN': '教育帮扶（雨露计划）', en: 'education aid (Rain and Dew plan)' },
  'social-assistance': { 'zh-CN': '综合保障（低保/特困）', en: 'minimum living allowance or extreme-poverty support' },
  'temporary-assistance': { 'zh-CN': '临时救助', en: 'temporary assistance' },
  'disability-subsidy': { 'zh-CN': '残疾人两项补贴', en: 'disability subsidies' },
  'housing-renovation': { 'zh-CN': '危房改造', en: 'dangerous-housing renovation' },
  'drinking-water': { 'zh-CN': '饮水安全保障', en: 'drinking-water security' },
  microcredit: { 'zh-CN': '小额信贷', en: 'small loan' },
  insurance: { 'zh-CN': '防贫保险', en: 'insurance against poverty' },
};

export const RISK_TYPES = [
  'illness',
  'disability',
  'schooling',
  'accident',
  'industry-failure',
  'unstable-employment',
  'lack-of-labour',
  'housing-unsafe',
  'drinking-water-unsafe',
  'natural-disaster',
  'epidemic',
  'other',
] as const;
/** Risk types recorded for a monitored household (因病、因残、因学、因意外事故、因产业失败、因务工就业不稳 …). */
export const RiskTypeSchema = z.enum(RISK_TYPES);
export type RiskType = z.infer<typeof RiskTypeSchema>;

/** zh-CN/en names of the risk types, the one list every module shows (monitoring's cases, the visit form and its signal summary). */
export const RISK_TYPE_LABELS: Record<RiskType, LocalizedText> = {
  illness: { 'zh-CN': '因病', en: 'illness' },
  disability: { 'zh-CN': '因残', en: 'disability' },
  schooling: { 'zh-CN': '因学', en: 'schooling' },
  accident: { 'zh-CN': '因意外事故', en: 'accident' },
  'industry-failure': { 'zh-CN': '因产业失败', en: 'failed business' },
  'unstable-employment': { 'zh-CN': '因务工就业不稳', en: 'unstable employment' },
  'lack-of-labour': { 'zh-CN': '缺劳力', en: 'lack of labour' },
  'housing-unsafe': { 'zh-CN': '住房出现安全问题', en: 'unsafe housing' },
  'drinking-water-unsafe': { 'zh-CN': '饮水安全问题', en: 'unsafe drinking water' },
  'natural-disaster': { 'zh-CN': '因自然灾害', en: 'natural disaster' },
  epidemic: { 'zh-CN': '因疫情', en: 'epidemic' },
  other: { 'zh-CN': '其他', en: 'other' },
};

/** 缺什么补什么: the table from each risk type to the measure kinds that answer it. */
export const MEASURES_BY_RISK_TYPE: Record<RiskType, readonly MeasureKind[]> = {
  illness: ['medical-aid', 'insurance'],
  disability: ['disability-subsidy', 'public-welfare-job', 'social-assistance'],
  schooling: ['education-aid'],
  accident: ['temporary-assistance', 'insurance'],
  'industry-failure': ['industry', 'microcredit', 'insurance'],
  'unstable-employment': ['employment', 'public-welfare-job'],
  'lack-of-labour': ['social-assistance', 'industry'],
  'housing-unsafe': ['housing-renovation'],
  'drinking-water-unsafe': ['drinking-water'],
  'natural-disaster': ['temporary-assistance', 'insurance', 'industry'],
  epidemic: ['employment', 'public-welfare-job', 'temporary-assistance'],
  other: [],
};

/** 缺什么补什么 for the four §1 宽 categories. */
export const MEASURES_BY_RISK_CATEGORY: Record<RiskCategory, readonly MeasureKind[]> = {
  'major-illness': ['medical-aid', 'insurance'],
  'severe-disability': ['disability-subsidy', 'social-assistance'],
  'sudden-difficulty': ['temporary-assistance', 'insurance'],
  'low-income-high-spending': ['medical-aid', 'education-aid', 'temporary-assistance'],
};

/** 缺什么补什么 for the §3 checklist findings. */
export const MEASURES_BY_FINDING: Record<BasicNeedsFindingCode, readonly MeasureKind[]> = {
  'food-or-clothing-insecure': ['social-assistance', 'temporary-assistance'],
  'housing-dangerous': ['housing-renovation'],
  'child-out-of-school': ['education-aid'],
  'member-uninsured': ['medical-aid'],
  'water-quantity-insufficient': ['drinking-water'],
  'water-quality-unsafe': ['drinking-water'],
  'water-supply-unreliable': ['drinking-water'],
  'water-inconvenient': ['drinking-water'],
};

export const MeasureSuggestionInputSchema = z.object({
  riskTypes: z.array(RiskTypeSchema).default([]),
  riskCategories: z.array(z.enum(RISK_CATEGORIES)).default([]),
  findings: z.array(z.enum(BASIC_NEEDS_FINDING_CODES)).default([]),
});
export type MeasureSuggestionInput = z.input<typeof MeasureSuggestionInputSchema>;

export const MeasureSuggestionSchema = z.object({
  measure: MeasureKindSchema,
  label: LocalizedTextSchema,
  /** What calls for it, as `risk-type:illness`, `category:major-illness` or `finding:housing-dangerous`. */
  because: z.array(z.string()).min(1),
  clause: z.literal('§1 实'),
});
export type MeasureSuggestion = z.infer<typeof MeasureSuggestionSchema>;

/**
 * §1 实 "按照缺什么补什么的原则，精准落实帮扶举措": the measure kinds suggested for a household's
 * risk types, §1 宽 categories and §3 findings — each kind once, in the fixed order of MEASURE_KINDS,
 * with everything that calls for it. A suggestion, not a decision: the cadre chooses the measures.
 */
export function suggestMeasures(input: MeasureSuggestionInput): MeasureSuggestion[] {
  const { riskTypes, riskCategories, findings } = MeasureSuggestionInputSchema.parse(input);
  const causes = new Map<MeasureKind, string[]>();
  const add = (measures: readonly MeasureKind[], cause: string): void => {
    for (const measure of measures) {
      const list = causes.get(measure) ?? [];
      if (!list.includes(cause)) list.push(cause);
      causes.set(measure, list);
    }
  };
  for (const riskType of riskTypes) add(MEASURES_BY_RISK_TYPE[riskType], `risk-type:${riskType}`);
  for (const category of riskCategories) add(MEASURES_BY_RISK_CATEGORY[category], `category:${category}`);
  for (const finding of findings) add(MEASURES_BY_FINDING[finding], `finding:${finding}`);
  return MEASURE_KINDS.flatMap((measure) => {
    const because = causes.get(measure);
    return because ? [{ measure, label: MEASURE_KIND_LABELS[measure], because, clause: '§1 实' as const }] : [];
  });
}
