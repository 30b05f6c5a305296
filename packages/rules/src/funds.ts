import { z } from 'zod';
import { formatBasisPoints, NonNegativeFenSchema, PositiveFenSchema, shareBasisPoints } from './money.js';
import type { ParameterSet } from './parameters/schema.js';
import { ceilDivide, compareFractions, toSafeNumber } from './rational.js';
import { reason, reasonSchema } from './reason.js';
import type { Reason } from './reason.js';

/** Linkage funds (衔接推进乡村振兴补助资金) of one level or of all four levels, in fen. */
export const FundsUseSchema = z
  .object({ industryFen: NonNegativeFenSchema, totalFen: PositiveFenSchema })
  .refine((funds) => funds.industryFen <= funds.totalFen, {
    message: 'industryFen cannot exceed totalFen: industry spending is part of the total.',
    path: ['industryFen'],
  });
export type FundsUse = z.infer<typeof FundsUseSchema>;

export const CentralIndustryShareInputSchema = z.object({
  thisYear: FundsUseSchema,
  /** Last year's central linkage funds; null when unknown (the "not below last year" test is then skipped and said so). */
  previousYear: FundsUseSchema.nullable(),
});
export type CentralIndustryShareInput = z.infer<typeof CentralIndustryShareInputSchema>;

export const INDUSTRY_SHARE_REASON_CODES = [
  'share-meets-minimum',
  'share-below-minimum',
  'share-not-below-previous-year',
  'share-below-previous-year',
  'previous-year-unknown',
] as const;
export type IndustryShareReasonCode = (typeof INDUSTRY_SHARE_REASON_CODES)[number];
export const IndustryShareReasonSchema = reasonSchema(INDUSTRY_SHARE_REASON_CODES);

export const IndustryShareTestSchema = z.object({
  passed: z.boolean(),
  /** This year's share in basis points, rounded down (so 5499.99… shows as 5499, never 5500). */
  shareBasisPoints: z.int(),
  /**
   * Smallest amount of NEW money which, added to industry (and therefore to the total as well),
   * makes the test pass: (industry + x) / (total + x) ≥ required. 0 when passed; null when no amount
   * can (a required share of 100% with some non-industry spending) or the amount would exceed
   * Number.MAX_SAFE_INTEGER fen (a required share within a hair of 100%).
   */
  additionalIndustryFundingNeededFen: NonNegativeFenSchema.nullable(),
  /** Smallest amount to MOVE from other uses to industry with the total unchanged: (industry + y) / total ≥ required. */
  reallocationNeededFen: NonNegativeFenSchema,
  reasons: z.array(IndustryShareReasonSchema).min(1),
  parameterVersion: z.string(),
});
export type IndustryShareTest = z.infer<typeof IndustryShareTestSchema>;

interface RequiredShare {
  numerator: bigint;
  denominator: bigint;
}

function amountsNeeded(funds: FundsUse, required: RequiredShare): { additional: number | null; reallocation: number } {
  const industry = BigInt(funds.industryFen);
  const total = BigInt(funds.totalFen);
  const { numerator, denominator } = required;
  // (industry + y) · d ≥ n · total  ⇔  y ≥ (n · total − d · industry) / d
  const reallocationRaw = ceilDivide(numerator * total - denominator * industry, denominator);
  const reallocation = reallocationRaw > 0n ? reallocationRaw : 0n;
  // (industry + x) · d ≥ n · (total + x)  ⇔  x · (d − n) ≥ n · total − d · industry
  const gap = numerator * total - denominator * industry;
  let additional: bigint | null;
  if (gap <= 0n) additional = 0n;
  else if (denominator === numerator) additional = null;
  else additional = ceilDivide(gap, denominator - numerator);
  if (additional !== null && additional > BigInt(Number.MAX_SAFE_INTEGER)) additional = null;
  return { additional: additional === null ? null : toSafeNumber(additional), reallocation: toSafeNumber(reallocation) };
}

function meets(funds: FundsUse, required: RequiredShare): boolean {
  return compareFractions(BigInt(funds.industryFen), BigInt(funds.totalFen), required.numerator, required.denominator) >= 0;
}

function minimumReason(funds: FundsUse, minimumBasisPoints: number, label: { 'zh-CN': string; en: string }): Reason<IndustryShareReasonCode> {
  const share = shareBasisPoints(funds.industryFen, funds.totalFen);
  const data = { industryFen: funds.industryFen, totalFen: funds.totalFen, shareBasisPoints: share, minimumBasisPoints };
  return meets(funds, { numerator: BigInt(minimumBasisPoints), denominator: 10_000n })
    ? reason(
        'share-meets-minimum',
        '§4',
        {
          'zh-CN': `${label['zh-CN']}用于产业的比重 ${formatBasisPoints(share)} 达到 ${formatBasisPoints(minimumBasisPoints)} 以上`,
          en: `${label.en} used for industry: ${formatBasisPoints(share)}, at least ${formatBasisPoints(minimumBasisPoints)}`,
        },
        data,
      )
    : reason(
        'share-below-minimum',
        '§4',
        {
          'zh-CN': `${label['zh-CN']}用于产业的比重 ${formatBasisPoints(share)} 低于 ${formatBasisPoints(minimumBasisPoints)}`,
          en: `${label.en} used for industry: ${formatBasisPoints(share)}, below ${formatBasisPoints(minimumBasisPoints)}`,
        },
        data,
      );
}

function shareTest(funds: FundsUse, required: RequiredShare, reasons: Reason<IndustryShareReasonCode>[], parameters: ParameterSet): IndustryShareTest {
  const passed = meets(funds, required);
  const needed = amountsNeeded(funds, required);
  return {
    passed,
    shareBasisPoints: shareBasisPoints(funds.industryFen, funds.totalFen),
    additionalIndustryFundingNeededFen: needed.additional,
    reallocationNeededFen: needed.reallocation,
    reasons,
    parameterVersion: parameters.version,
  };
}

const CENTRAL_LABEL = { 'zh-CN': '中央衔接资金', en: 'central linkage funds' };
const FOUR_LEVEL_LABEL = { 'zh-CN': '中央、省、市、县四级衔接资金', en: 'central, provincial, city and county linkage funds' };

/**
 * §4 "确保中央衔接资金用于产业的比重今年达到55%以上且不低于上一年度": passes when the share is at
 * least 55% (5500 bp; "以上" includes 55%) and not below last year's share, both compared exactly.
 * The required share is the larger of the two; the amounts needed are computed against it.
 */
export function centralIndustryShareTest(input: CentralIndustryShareInput, parameters: ParameterSet): IndustryShareTest {
  const { thisYear, previousYear } = CentralIndustryShareInputSchema.parse(input);
  const minimum = parameters.industryFunds.centralMinimumShareBasisPoints;
  let required: RequiredShare = { numerator: BigInt(minimum), denominator: 10_000n };
  const reasons = [minimumReason(thisYear, minimum, CENTRAL_LABEL)];
  if (parameters.industryFunds.centralNotBelowPreviousYear) {
    if (previousYear === null) {
      reasons.push(
        reason('previous-year-unknown', '§4', {
          'zh-CN': '缺少上一年度中央衔接资金用于产业的比重，未比较“不低于上一年度”',
          en: 'last year\'s central industry share is unknown, so "not below last year" was not checked',
        }),
      );
    } else {
      const previous: RequiredShare = { numerator: BigInt(previousYear.industryFen), denominator: BigInt(previousYear.totalFen) };
      const previousShare = shareBasisPoints(previousYear.industryFen, previousYear.totalFen);
      const data = { previousIndustryFen: previousYear.industryFen, previousTotalFen: previousYear.totalFen, previousShareBasisPoints: previousShare };
      if (compareFractions(previous.numerator, previous.denominator, required.numerator, required.denominator) > 0) required = previous;
      reasons.push(
        meets(thisYear, previous)
          ? reason(
              'share-not-below-previous-year',
              '§4',
              {
                'zh-CN': `不低于上一年度比重 ${formatBasisPoints(previousShare)}`,
                en: `not below last year's share of ${formatBasisPoints(previousShare)}`,
              },
              data,
            )
          : reason(
              'share-below-previous-year',
              '§4',
              {
                'zh-CN': `低于上一年度比重 ${formatBasisPoints(previousShare)}`,
                en: `below last year's share of ${formatBasisPoints(previousShare)}`,
              },
              data,
            ),
      );
    }
  }
  return shareTest(thisYear, required, reasons, parameters);
}

/**
 * §4 "中央、省、市、县四级衔接资金用于产业的比重今年达到52%以上": passes when the four levels'
 * combined industry share is at least 52% (5200 bp), compared exactly.
 */
export function fourLevelIndustryShareTest(input: FundsUse, parameters: ParameterSet): IndustryShareTest {
  const funds = FundsUseSchema.parse(input);
  const minimum = parameters.industryFunds.fourLevelMinimumShareBasisPoints;
  return shareTest(funds, { numerator: BigInt(minimum), denominator: 10_000n }, [minimumReason(funds, minimum, FOUR_LEVEL_LABEL)], parameters);
}
