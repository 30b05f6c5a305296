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

/**
 * Every number a rule needs, for one province over one effective period. Rules never hard-code a
 * number: they read it from the set in force and return its `version`, so any decision can be
 * explained and replayed under another version.
 */
export const ParameterSetSchema = z
  .object({
    version: ParameterVersionSchema,
    provinceCode: ProvinceCodeSchema,
    provinceName: LocalizedTextSchema,
    /** First day in force (inclusive). */
    effectiveFrom: IsoDateSchema,
    /** Last day in force (inclusive); null while open-ended. */
    effectiveUntil: IsoDateSchema.nullable(),
    /** Where the numbers come from, and which are defaults to verify. */
    sources: z.array(z.string().min(1)).min(1),
    /** The year called "last year" by the rules (§1 宽 ④ says "2021年" for the 2022 measures). */
    previousYear: z.int().min(2000).max(2100),
    /** 防止返贫监测范围: annual per-capita net income at or below which a household is within the line. */
    monitoringLineFen: PositiveFenSchema,
    identification: z.object({
      /** §1 简: days from discovery to completed identification ("一般不超过15天"). */
      deadlineDays: z.int().min(1),
      /** Day (counted from discovery) from which an open case shows a warning. */
      warningDay: z.int().min(0),
      /** Minimum calendar days a village notice stays posted (context). */
      villageNoticeMinimumDays: z.int().min(1),
    }),
    medicalWarning: z.object({
      /** Last year's provincial rural per-capita disposable income (context). */
      previousYearRuralDisposableIncomeFen: PositiveFenSchema,
      /** Share of it that is the warning standard for people who left poverty (脱贫人口). */
      povertyExitedShareBasisPoints: BasisPointsSchema,
      /** Share of it that is the warning standard for other rural residents. */
      otherRuralShareBasisPoints: BasisPointsSchema,
    }),
    incomeLedger: z.object({
      /** §2 "收入较低": per-capita income below this is low even when above the monitoring line. */
      lowIncomeThresholdFen: NonNegativeFenSchema,
    }),
    greenChannel: z.object({
      /** §1 绿色通道 "因灾因疫等": the sudden-risk causes that open the green channel. */
      qualifyingCauses: z.array(z.enum(SUDDEN_CAUSES)).min(1),
    }),
    supervision: z.object({
      /**
       * §2 "低于全国和全省农民收入增速": `either` supervises a 脱贫县 below the national OR the
       * provincial rate; `both` only when below both.
       */
      povertyCountyBenchmarks: z.enum(['either', 'both']),
    }),
    industryFunds: z.object({
      /** §4: minimum share of central linkage funds used for industry ("55%以上"). */
      centralMinimumShareBasisPoints: BasisPointsSchema,
      /** §4: the central share must also be "不低于上一年度". */
      centralNotBelowPreviousYear: z.boolean(),
      /** §4: minimum share of central + provincial + city + county linkage funds used for industry. */
      fourLevelMinimumShareBasisPoints: BasisPointsSchema,
    }),
    disbursement: z.object({
      /** §5: first payment on construction start, minimum share of the project budget. */
      firstPaymentMinimumBasisPoints: BasisPointsSchema,
      /** §5: first payment on construction start, maximum share of the project budget. */
      firstPaymentMaximumBasisPoints: BasisPointsSchema,
      /** Share of the budget held back until acceptance, so the final payment waits for it (context). */
      withheldUntilAcceptanceBasisPoints: BasisPointsSchema.refine((value) => value > 0, {
        message: 'Something must be withheld until acceptance, or the final payment could precede it.',
      }),
    }),
    riskElimination: z.object({
      /** Minimum months a household is monitored before its risk can be eliminated (context). */
      minimumMonitoringMonths: z.int().min(0),
      /** Minimum months income has stayed above the line (context). */
      minimumStableIncomeMonths: z.int().min(0),
    }),
    basicNeeds: z.object({
      /** Compulsory-education ages checked for children out of school, inclusive (context: 6–15). */
      compulsoryEducationMinimumAge: z.int().min(0),
      compulsoryEducationMaximumAge: z.int().min(0),
    }),
  })
  .superRefine((set, context) => {
    if (set.effectiveUntil !== null && set.effectiveUntil < set.effectiveFrom) {
      context.addIssue({ code: 'custom', path: ['effectiveUntil'], message: 'effectiveUntil is before effectiveFrom.' });
    }
    if (set.identification.warningDay > set.identification.deadlineDays) {
      context.addIssue({ code: 'custom', path: ['identification', 'warningDay'], message: 'The warning day must not be after the deadline.' });
    }
    if (set.disbursement.firstPaymentMinimumBasisPoints > set.disbursement.firstPaymentMaximumBasisPoints) {
      context.addIssue({ code: 'custom', path: ['disbursement'], message: 'First payment minimum exceeds maximum.' });
    }
    if (set.basicNeeds.compulsoryEducationMinimumAge > set.basicNeeds.compulsoryEducationMaximumAge) {
      context.addIssue({ code: 'custom', path: ['basicNeeds'], message: 'Compulsory education age range is empty.' });
    }
  });
export type ParameterSet = z.infer<typeof ParameterSetSchema>;
