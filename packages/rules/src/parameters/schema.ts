import { z } from 'zod';
import { IsoDateSchema } from '../dates.js';
import { BasisPointsSchema, NonNegativeFenSchema, PositiveFenSchema } from '../money.js';
import { LocalizedTextSchema } from '../reason.js';

/** Causes of a sudden risk (kept here so parameter sets need not import the rule modules). */
export const SUDDEN_CAUSES = ['epidemic', 'disaster', 'accident', 'other'] as const;

/** A province code: the first two digits of the 12-digit statistical division code (Hebei is "13"). */
export const ProvinceCodeSchema = z.string().regex(/^[1-8]\d$/, 'Expected a two-digit province code such as "13".');
export type ProvinceCode = z.infer<typeof ProvinceCodeSchema>;

/** A parameter-set version id: `<province>-<year>.<revision>`, e.g. "hebei-2023.1". */
export const ParameterVersionSchema = z.string().regex(/^[a-z]+-\d{4}\.\d+$/, 'Expected a version such as "hebei-2023.1".');
export type ParameterVersion = z.infer<typeof ParameterVersionSchema>;

/** The rule numbers of a set (everything but its version, province and period): what a draft edits. */
const parameterValuesShape = {
  provinceName: LocalizedTextSchema.describe('省份名称（中英文）'),
  /** Where the numbers come from, and which are defaults to verify. */
  sources: z.array(z.string().min(1)).min(1).describe('各项数值的出处；无公开数据者注明“待核实”'),
  /** The year called "last year" by the rules (§1 宽 ④ says "2021年" for the 2022 measures). */
  previousYear: z.int().min(2000).max(2100).describe('规则所称“上一年度”（§1 宽 ④：2022 年措施称“2021年”）'),
  /** 防止返贫监测范围: annual per-capita net income at or below which a household is within the line. */
  monitoringLineFen: PositiveFenSchema.describe('防止返贫监测范围（人均纯收入，分/人·年）；收入不高于此线即在范围内。依据：§1 宽 ②④，省定年度标准'),
  identification: z
    .object({
      /** §1 简: days from discovery to completed identification ("一般不超过15天"). */
      deadlineDays: z.int().min(1).describe('自发现风险至完成认定程序的天数上限（“一般不超过15天”）。依据：§1 简'),
      /** Day (counted from discovery) from which an open case shows a warning. */
      warningDay: z.int().min(0).describe('自发现之日起第几天开始预警（县级实践默认值，待核实）'),
      /** Minimum calendar days a village notice stays posted (context). */
      villageNoticeMinimumDays: z.int().min(1).describe('村级公示最少天数（县级实践默认值，待核实）'),
    })
    .describe('识别认定时限（§1 简）'),
  medicalWarning: z
    .object({
      /** Last year's provincial rural per-capita disposable income (context). */
      previousYearRuralDisposableIncomeFen: PositiveFenSchema.describe(
        '上年度全省农村居民人均可支配收入（分），医保预警标准的基数。依据：§1 宽 ①（统计公报，待核实）',
      ),
      /** Share of it that is the warning standard for people who left poverty (脱贫人口). */
      povertyExitedShareBasisPoints: BasisPointsSchema.describe('脱贫人口预警标准占上述收入的比例（万分比，5000 = 50%）。依据：§1 宽 ①'),
      /** Share of it that is the warning standard for other rural residents. */
      otherRuralShareBasisPoints: BasisPointsSchema.describe('其他农村居民预警标准占上述收入的比例（万分比，10000 = 100%）。依据：§1 宽 ①'),
    })
    .describe('医保部门预警标准（§1 宽 ①）'),
  incomeLedger: z
    .object({
      /** §2 "收入较低": per-capita income below this is low even when above the monitoring line. */
      lowIncomeThresholdFen: NonNegativeFenSchema.describe('“收入较低”门槛（人均，分）：低于此值即使高于监测范围也登记台账。依据：§2（默认 1 万元，待核实）'),
    })
    .describe('收入台账（§2）'),
  greenChannel: z
    .object({
      /** §1 绿色通道 "因灾因疫等": the sudden-risk causes that open the green channel. */
      qualifyingCauses: z.array(z.enum(SUDDEN_CAUSES)).min(1).describe('开辟“绿色通道”的突发风险原因（因灾因疫等）。依据：§1 绿色通道'),
    })
    .describe('绿色通道（§1）'),
  supervision: z
    .object({
      /**
       * §2 "低于全国和全省农民收入增速": `either` supervises a 脱贫县 below the national OR the
       * provincial rate; `both` only when below both.
       */
      povertyCountyBenchmarks: z.enum(['either', 'both']).describe('脱贫县挂牌督办：低于全国或全省增速之一（either）或两者（both）。依据：§2'),
    })
    .describe('挂牌督办（§2）'),
  industryFunds: z
    .object({
      /** §4: minimum share of central linkage funds used for industry ("55%以上"). */
      centralMinimumShareBasisPoints: BasisPointsSchema.describe('中央衔接资金用于产业的最低比例（万分比，5500 = 55%）。依据：§4'),
      /** §4: the central share must also be "不低于上一年度". */
      centralNotBelowPreviousYear: z.boolean().describe('中央衔接资金产业占比“不低于上一年度”。依据：§4'),
      /** §4: minimum share of central + provincial + city + county linkage funds used for industry. */
      fourLevelMinimumShareBasisPoints: BasisPointsSchema.describe('中央、省、市、县四级衔接资金用于产业的最低比例（万分比，5200 = 52%）。依据：§4'),
    })
    .describe('衔接资金产业占比（§4）'),
  disbursement: z
    .object({
      /** §5: first payment on construction start, minimum share of the project budget. */
      firstPaymentMinimumBasisPoints: BasisPointsSchema.describe('开工首付款占项目预算的最低比例（万分比，3000 = 30%）。依据：§5'),
      /** §5: first payment on construction start, maximum share of the project budget. */
      firstPaymentMaximumBasisPoints: BasisPointsSchema.describe('开工首付款占项目预算的最高比例（万分比，5000 = 50%）。依据：§5'),
      /** Share of the budget held back until acceptance, so the final payment waits for it (context). */
      withheldUntilAcceptanceBasisPoints: BasisPointsSchema.refine((value) => value > 0, {
        message: 'Something must be withheld until acceptance, or the final payment could precede it.',
      }).describe('验收前预留的预算比例（万分比，1000 = 10%），确保尾款在验收后支付。依据：§5（默认值，待核实）'),
    })
    .describe('项目资金拨付（§5）'),
  riskElimination: z
    .object({
      /** Minimum months a household is monitored before its risk can be eliminated (context). */
      minimumMonitoringMonths: z.int().min(0).describe('风险消除前最少监测月数（县级实践默认值，待核实）'),
      /** Minimum months income has stayed above the line (context). */
      minimumStableIncomeMonths: z.int().min(0).describe('收入稳定高于监测范围的最少月数（县级实践默认值，待核实）'),
    })
    .describe('风险消除（§1，背景）'),
  basicNeeds: z
    .object({
      /** Compulsory-education ages checked for children out of school, inclusive (context: 6–15). */
      compulsoryEducationMinimumAge: z.int().min(0).describe('义务教育阶段最小年龄（含），用于失学辍学检查。依据：§3 两不愁三保障'),
      compulsoryEducationMaximumAge: z.int().min(0).describe('义务教育阶段最大年龄（含）。依据：§3 两不愁三保障'),
    })
    .describe('两不愁三保障核查（§3）'),
};

function checkValues(
  set: {
    identification: { warningDay: number; deadlineDays: number };
    disbursement: { firstPaymentMinimumBasisPoints: number; firstPaymentMaximumBasisPoints: number };
    basicNeeds: { compulsoryEducationMinimumAge: number; compulsoryEducationMaximumAge: number };
  },
  context: z.RefinementCtx,
): void {
  if (set.identification.warningDay > set.identification.deadlineDays) {
    context.addIssue({ code: 'custom', path: ['identification', 'warningDay'], message: 'The warning day must not be after the deadline.' });
  }
  if (set.disbursement.firstPaymentMinimumBasisPoints > set.disbursement.firstPaymentMaximumBasisPoints) {
    context.addIssue({ code: 'custom', path: ['disbursement'], message: 'First payment minimum exceeds maximum.' });
  }
  if (set.basicNeeds.compulsoryEducationMinimumAge > set.basicNeeds.compulsoryEducationMaximumAge) {
    context.addIssue({ code: 'custom', path: ['basicNeeds'], message: 'Compulsory education age range is empty.' });
  }
}

/**
 * The numbers of a parameter set without its identity (version, province, period): the body of a
 * draft in the platform's parameter store. Every field describes its meaning and the clause it
 * comes from (`.describe`), so the admin form is generated from this schema.
 */
export const ParameterValuesSchema = z.object(parameterValuesShape).superRefine(checkValues);
export type ParameterValues = z.infer<typeof ParameterValuesSchema>;

/**
 * Every number a rule needs, for one province over one effective period. Rules never hard-code a
 * number: they read it from the set in force and return its `version`, so any decision can be
 * explained and replayed under another version.
 */
export const ParameterSetSchema = z
  .object({
    version: ParameterVersionSchema.describe('版本号：<省>-<年>.<修订>，如 hebei-2023.1（每次修订一个新版本）'),
    provinceCode: ProvinceCodeSchema.describe('省级区划代码前两位（河北为 13）'),
    /** First day in force (inclusive). */
    effectiveFrom: IsoDateSchema.describe('生效日期（含当日）；发布时由第二位省级管理员确定'),
    /** Last day in force (inclusive); null while open-ended. */
    effectiveUntil: IsoDateSchema.nullable().describe('失效日期（含当日）；下一版本生效前一日，未有后续版本时为空'),
    ...parameterValuesShape,
  })
  .superRefine((set, context) => {
    if (set.effectiveUntil !== null && set.effectiveUntil < set.effectiveFrom) {
      context.addIssue({ code: 'custom', path: ['effectiveUntil'], message: 'effectiveUntil is before effectiveFrom.' });
    }
    checkValues(set, context);
  });
export type ParameterSet = z.infer<typeof ParameterSetSchema>;
