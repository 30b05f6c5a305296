import { z } from 'zod';
import { medicalWarningStandard } from './medical-warning.js';
import { FenSchema, formatYuan, NonNegativeFenSchema } from './money.js';
import type { ParameterSet } from './parameters/schema.js';
import { SUDDEN_CAUSES } from './parameters/schema.js';
import { reason, reasonSchema } from './reason.js';
import type { Reason } from './reason.js';

export const SERIOUS_ILLNESSES = ['none', 'major-disease', 'major-chronic-disease'] as const;
/** 30 种大病 (major-disease) or 4 种重大慢性病 (major-chronic-disease), as recorded by medical insurance. */
export const SeriousIllnessSchema = z.enum(SERIOUS_ILLNESSES);

export const DisabilityGradeSchema = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);

export const HouseholdMemberSchema = z.object({
  memberId: z.string().min(1),
  /** The member is one of the people who left poverty (脱贫人口); sets the medical warning share. */
  povertyExited: z.boolean(),
  seriousIllness: SeriousIllnessSchema.default('none'),
  /** 残疾等级 1 (most severe) … 4, or null. */
  disabilityGrade: DisabilityGradeSchema.nullable().default(null),
  /** 个人年度累计自付医疗费用 this year, in fen. */
  outOfPocketMedicalFen: NonNegativeFenSchema.default(0),
});
export type HouseholdMemberInput = z.input<typeof HouseholdMemberSchema>;
export type HouseholdMember = z.infer<typeof HouseholdMemberSchema>;

export const SUDDEN_EVENT_CAUSES = SUDDEN_CAUSES;
/** 因疫 / 因灾 / 因意外事故 / 等 (other sudden situations). */
export const SuddenEventCauseSchema = z.enum(SUDDEN_EVENT_CAUSES);
export type SuddenEventCause = z.infer<typeof SuddenEventCauseSchema>;

/**
 * A sudden event as verified by the visiting cadre. The seed gives no number for "骤降/骤增", so
 * sharpness and the effect on basic living are recorded judgements, not computed here.
 */
export const SuddenEventSchema = z.object({
  cause: SuddenEventCauseSchema,
  incomeFellSharply: z.boolean(),
  spendingRoseSharply: z.boolean(),
  basicLivingAffected: z.boolean(),
});
export type SuddenEvent = z.infer<typeof SuddenEventSchema>;

export const RiskAssessmentInputSchema = z.object({
  members: z.array(HouseholdMemberSchema).min(1),
  /** This year's per-capita net income, in fen. */
  perCapitaIncomeFen: FenSchema,
  /** Last year's figures (2021 for the 2022 measures); null when not known. */
  previousYear: z.object({ perCapitaIncomeFen: FenSchema, totalIncomeFen: FenSchema }).nullable().default(null),
  /** Spending this year because of illness, schooling and accidents (因病因学因意外事故等支出), in fen. */
  spending: z
    .object({ illnessFen: NonNegativeFenSchema, schoolingFen: NonNegativeFenSchema, accidentFen: NonNegativeFenSchema })
    .default({ illnessFen: 0, schoolingFen: 0, accidentFen: 0 }),
  suddenEvent: SuddenEventSchema.nullable().default(null),
});
export type RiskAssessmentInput = z.input<typeof RiskAssessmentInputSchema>;
export type RiskAssessment = z.infer<typeof RiskAssessmentInputSchema>;

export const RISK_CATEGORIES = ['major-illness', 'severe-disability', 'sudden-difficulty', 'low-income-high-spending'] as const;
/** The four kinds of struggling households of §1 宽 ①②③④. */
export const RiskCategorySchema = z.enum(RISK_CATEGORIES);
export type RiskCategory = z.infer<typeof RiskCategorySchema>;

export const RISK_CATEGORY_REASON_CODES = [
  'member-exceeds-medical-warning',
  'no-member-with-serious-illness',
  'out-of-pocket-within-warning-standard',
  'severe-disability-with-income-within-line',
  'no-member-with-grade-one-or-two-disability',
  'income-above-monitoring-line',
  'sudden-event-affects-basic-living',
  'no-sudden-event',
  'no-sharp-income-or-spending-change',
  'basic-living-not-affected',
  'spending-above-previous-year-income',
  'previous-year-unknown',
  'previous-year-income-above-line',
  'spending-not-above-previous-year-income',
] as const;
export type RiskCategoryReasonCode = (typeof RISK_CATEGORY_REASON_CODES)[number];
export const RiskCategoryReasonSchema = reasonSchema(RISK_CATEGORY_REASON_CODES);

export const RiskCategoryResultSchema = z.object({
  category: RiskCategorySchema,
  matched: z.boolean(),
  reasons: z.array(RiskCategoryReasonSchema).min(1),
  parameterVersion: z.string(),
});
export type RiskCategoryResult = z.infer<typeof RiskCategoryResultSchema>;

export const RiskCategoriesEvaluationSchema = z.object({
  matchedCategories: z.array(RiskCategorySchema),
  results: z.array(RiskCategoryResultSchema).length(4),
  parameterVersion: z.string(),
});
export type RiskCategoriesEvaluation = z.infer<typeof RiskCategoriesEvaluationSchema>;

type CategoryReason = Reason<RiskCategoryReasonCode>;

function result(category: RiskCategory, matched: boolean, reasons: CategoryReason[], parameters: ParameterSet): RiskCategoryResult {
  return { category, matched, reasons, parameterVersion: parameters.version };
}

/**
 * §1 宽 ① 大病重病个人难以负担: a member has one of the 30 major diseases or 4 major chronic
 * diseases and their cumulative out-of-pocket medical cost this year is strictly greater than the
 * medical warning standard that applies to them (see medicalWarningStandard).
 */
export function majorIllnessCategory(input: RiskAssessmentInput, parameters: ParameterSet): RiskCategoryResult {
  const household = RiskAssessmentInputSchema.parse(input);
  const ill = household.members.filter((member) => member.seriousIllness !== 'none');
  if (ill.length === 0) {
    return result(
      'major-illness',
      false,
      [
        reason('no-member-with-serious-illness', '§1 宽 ①', {
          'zh-CN': '家庭成员中无人罹患30种大病或4种重大慢性病',
          en: 'no member has one of the 30 major diseases or 4 major chronic diseases',
        }),
      ],
      parameters,
    );
  }
  const reasons = ill.map((member): CategoryReason => {
    const standard = medicalWarningStandard(member.povertyExited, parameters).standardFen;
    const data = { memberId: member.memberId, outOfPocketMedicalFen: member.outOfPocketMedicalFen, standardFen: standard };
    const cost = formatYuan(member.outOfPocketMedicalFen);
    return member.outOfPocketMedicalFen > standard
      ? reason(
          'member-exceeds-medical-warning',
          '§1 宽 ①',
          {
            'zh-CN': `成员 ${member.memberId} 个人年度累计自付医疗费用 ${cost} 超过预警标准 ${formatYuan(standard)}`,
            en: `member ${member.memberId} paid ${cost} out of pocket this year, above the warning standard ${formatYuan(standard)}`,
          },
          data,
        )
      : reason(
          'out-of-pocket-within-warning-standard',
          '§1 宽 ①',
          {
            'zh-CN': `成员 ${member.memberId} 个人年度累计自付医疗费用 ${cost} 未超过预警标准 ${formatYuan(standard)}`,
            en: `member ${member.memberId} paid ${cost} out of pocket this year, not above the warning standard ${formatYuan(standard)}`,
          },
          data,
        );
  });
  const matched = reasons.some((item) => item.code === 'member-exceeds-medical-warning');
  return result('major-illness', matched, reasons, parameters);
}

/**
 * §1 宽 ② 重度残疾人收入低: a member has disability grade 1 or 2 and the household's per-capita
 * income is within the monitoring line (at or below it).
 */
export function severeDisabilityCategory(input: RiskAssessmentInput, parameters: ParameterSet): RiskCategoryResult {
  const household = RiskAssessmentInputSchema.parse(input);
  const severe = household.members.filter((member) => member.disabilityGrade === 1 || member.disabilityGrade === 2);
  const line = parameters.monitoringLineFen;
  const income = household.perCapitaIncomeFen;
  const incomeData = { perCapitaIncomeFen: income, monitoringLineFen: line };
  const reasons: CategoryReason[] = [];
  if (severe.length === 0) {
    reasons.push(
      reason('no-member-with-grade-one-or-two-disability', '§1 宽 ②', {
        'zh-CN': '家庭成员中无一、二级残疾人',
        en: 'no member has disability grade 1 or 2',
      }),
    );
  }
  if (income > line) {
    reasons.push(
      reason(
        'income-above-monitoring-line',
        '§1 宽 ②',
        {
          'zh-CN': `人均纯收入 ${formatYuan(income)} 高于监测范围 ${formatYuan(line)}`,
          en: `per-capita income ${formatYuan(income)} is above the monitoring line ${formatYuan(line)}`,
        },
        incomeData,
      ),
    );
  }
  if (reasons.length > 0) return result('severe-disability', false, reasons, parameters);
  return result(
    'severe-disability',
    true,
    [
      reason(
        'severe-disability-with-income-within-line',
        '§1 宽 ②',
        {
          'zh-CN': `有一、二级残疾人（${severe.map((member) => member.memberId).join('、')}），人均纯收入 ${formatYuan(income)} 在监测范围 ${formatYuan(line)} 以内`,
          en: `grade 1 or 2 disability (${severe.map((member) => member.memberId).join(', ')}) and per-capita income ${formatYuan(income)} within the line ${formatYuan(line)}`,
        },
        { ...incomeData, memberIds: severe.map((member) => member.memberId).join(',') },
      ),
    ],
    parameters,
  );
}

/**
 * §1 宽 ③ 突发严重困难: because of the epidemic, a disaster, an accident or another sudden event,
 * income fell sharply or spending rose sharply, and basic living is affected.
 */
export function suddenDifficultyCategory(input: RiskAssessmentInput, parameters: ParameterSet): RiskCategoryResult {
  const { suddenEvent } = RiskAssessmentInputSchema.parse(input);
  if (suddenEvent === null) {
    return result(
      'sudden-difficulty',
      false,
      [
        reason('no-sudden-event', '§1 宽 ③', {
          'zh-CN': '未发生因疫因灾因意外事故等突发状况',
          en: 'no sudden event (epidemic, disaster, accident …) was recorded',
        }),
      ],
      parameters,
    );
  }
  const reasons: CategoryReason[] = [];
  const data = { cause: suddenEvent.cause };
  if (!suddenEvent.incomeFellSharply && !suddenEvent.spendingRoseSharply) {
    reasons.push(
      reason(
        'no-sharp-income-or-spending-change',
        '§1 宽 ③',
        {
          'zh-CN': '突发状况未造成收入骤降或支出骤增',
          en: 'the sudden event caused neither a sharp income drop nor a sharp spending rise',
        },
        data,
      ),
    );
  }
  if (!suddenEvent.basicLivingAffected) {
    reasons.push(reason('basic-living-not-affected', '§1 宽 ③', { 'zh-CN': '基本生活未受影响', en: 'basic living is not affected' }, data));
  }
  if (reasons.length > 0) return result('sudden-difficulty', false, reasons, parameters);
  return result(
    'sudden-difficulty',
    true,
    [
      reason(
        'sudden-event-affects-basic-living',
        '§1 宽 ③',
        {
          'zh-CN': '因突发状况收入骤降或支出骤增，影响基本生活',
          en: 'a sudden event made income fall or spending rise sharply, affecting basic living',
        },
        data,
      ),
    ],
    parameters,
  );
}

/**
 * §1 宽 ④ 收入低支出高: last year's per-capita income was within the monitoring line (at or below
 * the line in force) and this year's spending on illness, schooling and accidents is strictly
 * higher than last year's total household income.
 */
export function lowIncomeHighSpendingCategory(input: RiskAssessmentInput, parameters: ParameterSet): RiskCategoryResult {
  const household = RiskAssessmentInputSchema.parse(input);
  const year = parameters.previousYear;
  if (household.previousYear === null) {
    return result(
      'low-income-high-spending',
      false,
      [reason('previous-year-unknown', '§1 宽 ④', { 'zh-CN': `缺少${year}年收入数据`, en: `income for ${year} is not known` }, { year })],
      parameters,
    );
  }
  const { perCapitaIncomeFen, totalIncomeFen } = household.previousYear;
  const line = parameters.monitoringLineFen;
  const spendingFen = household.spending.illnessFen + household.spending.schoolingFen + household.spending.accidentFen;
  const data = { year, previousPerCapitaIncomeFen: perCapitaIncomeFen, previousTotalIncomeFen: totalIncomeFen, spendingFen, monitoringLineFen: line };
  const reasons: CategoryReason[] = [];
  if (perCapitaIncomeFen > line) {
    reasons.push(
      reason(
        'previous-year-income-above-line',
        '§1 宽 ④',
        {
          'zh-CN': `${year}年人均收入 ${formatYuan(perCapitaIncomeFen)} 高于监测范围 ${formatYuan(line)}`,
          en: `per-capita income in ${year} (${formatYuan(perCapitaIncomeFen)}) was above the line ${formatYuan(line)}`,
        },
        data,
      ),
    );
  }
  if (spendingFen <= totalIncomeFen) {
    reasons.push(
      reason(
        'spending-not-above-previous-year-income',
        '§1 宽 ④',
        {
          'zh-CN': `因病因学因意外事故支出 ${formatYuan(spendingFen)} 未高于${year}年家庭总收入 ${formatYuan(totalIncomeFen)}`,
          en: `spending on illness, schooling and accidents (${formatYuan(spendingFen)}) is not higher than total household income in ${year} (${formatYuan(totalIncomeFen)})`,
        },
        data,
      ),
    );
  }
  if (reasons.length > 0) return result('low-income-high-spending', false, reasons, parameters);
  return result(
    'low-income-high-spending',
    true,
    [
      reason(
        'spending-above-previous-year-income',
        '§1 宽 ④',
        {
          'zh-CN': `${year}年人均收入在监测范围以内，因病因学因意外事故支出 ${formatYuan(spendingFen)} 高于${year}年家庭总收入 ${formatYuan(totalIncomeFen)}`,
          en: `per-capita income in ${year} was within the line and spending on illness, schooling and accidents (${formatYuan(spendingFen)}) exceeds total household income in ${year} (${formatYuan(totalIncomeFen)})`,
        },
        data,
      ),
    ],
    parameters,
  );
}

/** Runs all four §1 宽 categories (①②③④) and lists the matched ones, in clause order. */
export function evaluateRiskCategories(input: RiskAssessmentInput, parameters: ParameterSet): RiskCategoriesEvaluation {
  const household = RiskAssessmentInputSchema.parse(input);
  const results = [
    majorIllnessCategory(household, parameters),
    severeDisabilityCategory(household, parameters),
    suddenDifficultyCategory(household, parameters),
    lowIncomeHighSpendingCategory(household, parameters),
  ];
  return {
    matchedCategories: results.filter((item) => item.matched).map((item) => item.category),
    results,
    parameterVersion: parameters.version,
  };
}
