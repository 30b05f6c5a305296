import { z } from 'zod';
import {
  applyBasisPointsCeil,
  applyBasisPointsFloor,
  BASIS_POINTS_WHOLE,
  BasisPointsSchema,
  formatBasisPoints,
  formatYuan,
  NonNegativeFenSchema,
  PositiveFenSchema,
} from './money.js';
import type { ParameterSet } from './parameters/schema.js';
import { reason, reasonSchema } from './reason.js';
import type { Reason } from './reason.js';

export const DisbursementRequestSchema = z
  .object({
    /** Project budget (项目资金), in fen. */
    budgetFen: PositiveFenSchema,
    /** Paid so far, in fen. */
    paidFen: NonNegativeFenSchema,
    /** 工程项目动工 */
    constructionStarted: z.boolean(),
    /** Construction progress (工程进度) in basis points, 10000 = complete. */
    progressBasisPoints: BasisPointsSchema,
    /** The project passed acceptance (验收). */
    accepted: z.boolean(),
    /** Amount asked for now, in fen. */
    requestedFen: PositiveFenSchema,
  })
  .refine((request) => request.paidFen <= request.budgetFen, {
    message: 'paidFen exceeds budgetFen: the project is already overpaid; correct the records first.',
    path: ['paidFen'],
  });
export type DisbursementRequest = z.infer<typeof DisbursementRequestSchema>;

export const PAYMENT_KINDS = ['first', 'progress', 'final'] as const;
export const PaymentKindSchema = z.enum(PAYMENT_KINDS);
export type PaymentKind = z.infer<typeof PaymentKindSchema>;

export const DISBURSEMENT_REASON_CODES = [
  'first-payment-allowed',
  'progress-payment-allowed',
  'final-payment-allowed',
  'construction-not-started',
  'first-payment-below-minimum',
  'first-payment-above-maximum',
  'exceeds-progress',
  'final-payment-before-acceptance',
  'exceeds-budget',
] as const;
export type DisbursementReasonCode = (typeof DISBURSEMENT_REASON_CODES)[number];
export const DisbursementReasonSchema = reasonSchema(DISBURSEMENT_REASON_CODES);

export const DisbursementDecisionSchema = z.object({
  allowed: z.boolean(),
  kind: PaymentKindSchema,
  /** The requested amount when allowed, else 0. */
  allowedFen: NonNegativeFenSchema,
  /** The most that could be paid now (0 when nothing can). */
  maximumFen: NonNegativeFenSchema,
  /** For a first payment, the least that may be paid; otherwise 0. */
  minimumFen: NonNegativeFenSchema,
  reasons: z.array(DisbursementReasonSchema).min(1),
  parameterVersion: z.string(),
});
export type DisbursementDecision = z.infer<typeof DisbursementDecisionSchema>;

type DisbursementReason = Reason<DisbursementReasonCode>;

/**
 * §5 "工程项目动工即可拨付项目资金的30%-50%，并按工程进度及时拨付资金", with the context rule that
 * the final payment waits for acceptance:
 * - before construction starts nothing is paid;
 * - first payment (nothing paid yet): between 30% (rounded up to the fen) and 50% (rounded down)
 *   of the budget, both ends allowed, whatever the progress;
 * - later payments before acceptance: cumulative payments up to progress × budget (rounded down),
 *   and never into the share withheld until acceptance (`withheldUntilAcceptanceBasisPoints`, 10%);
 * - after acceptance: the rest of the budget.
 * Payments never exceed the budget. Refusals list every rule the request breaks.
 */
export function disbursementDecision(input: DisbursementRequest, parameters: ParameterSet): DisbursementDecision {
  const request = DisbursementRequestSchema.parse(input);
  const { budgetFen, paidFen, requestedFen } = request;
  const rules = parameters.disbursement;
  const remaining = budgetFen - paidFen;
  const withheldCap = applyBasisPointsFloor(budgetFen, BASIS_POINTS_WHOLE - rules.withheldUntilAcceptanceBasisPoints);
  const requested = formatYuan(requestedFen);
  const refusals: DisbursementReason[] = [];
  const decide = (kind: PaymentKind, maximumFen: number, minimumFen: number, allowedReason: DisbursementReason): DisbursementDecision => {
    if (paidFen + requestedFen > budgetFen) {
      refusals.push(
        reason(
          'exceeds-budget',
          '§5',
          {
            'zh-CN': `申请 ${requested} 将使累计拨付超过项目资金 ${formatYuan(budgetFen)}（剩余 ${formatYuan(remaining)}）`,
            en: `paying ${requested} would take payments above the budget of ${formatYuan(budgetFen)} (${formatYuan(remaining)} left)`,
          },
          { budgetFen, paidFen, requestedFen },
        ),
      );
    }
    const allowed = refusals.length === 0;
    return {
      allowed,
      kind,
      allowedFen: allowed ? requestedFen : 0,
      maximumFen: Math.max(0, maximumFen),
      minimumFen,
      reasons: allowed ? [allowedReason] : refusals,
      parameterVersion: parameters.version,
    };
  };

  if (request.accepted) {
    return decide(
      'final',
      remaining,
      0,
      reason(
        'final-payment-allowed',
        '§5',
        {
          'zh-CN': `项目已验收，可拨付剩余资金，本次 ${requested}`,
          en: `the project passed acceptance; the rest may be paid, ${requested} now`,
        },
        { requestedFen },
      ),
    );
  }
  if (!request.constructionStarted) {
    refusals.push(
      reason('construction-not-started', '§5', {
        'zh-CN': '工程尚未动工，不能拨付项目资金',
        en: 'construction has not started, so no project funds may be paid',
      }),
    );
    return decide(paidFen === 0 ? 'first' : 'progress', 0, 0, refusals[0] as DisbursementReason);
  }
  if (paidFen === 0) {
    const minimumFen = applyBasisPointsCeil(budgetFen, rules.firstPaymentMinimumBasisPoints);
    const maximumFen = Math.min(applyBasisPointsFloor(budgetFen, rules.firstPaymentMaximumBasisPoints), withheldCap);
    const range = { minimumFen, maximumFen, requestedFen, budgetFen };
    if (requestedFen < minimumFen) {
      refusals.push(
        reason(
          'first-payment-below-minimum',
          '§5',
          {
            'zh-CN': `动工首笔拨付 ${requested} 低于项目资金的${formatBasisPoints(rules.firstPaymentMinimumBasisPoints)}（${formatYuan(minimumFen)}）`,
            en: `first payment ${requested} is below the minimum share of the budget (${formatYuan(minimumFen)})`,
          },
          range,
        ),
      );
    }
    if (requestedFen > maximumFen) {
      refusals.push(
        reason(
          'first-payment-above-maximum',
          '§5',
          {
            'zh-CN': `动工首笔拨付 ${requested} 超过项目资金的${formatBasisPoints(rules.firstPaymentMaximumBasisPoints)}（${formatYuan(maximumFen)}）`,
            en: `first payment ${requested} is above the maximum share of the budget (${formatYuan(maximumFen)})`,
          },
          range,
        ),
      );
    }
    return decide(
      'first',
      maximumFen,
      minimumFen,
      reason(
        'first-payment-allowed',
        '§5',
        {
          'zh-CN': `工程已动工，首笔拨付 ${requested} 在项目资金的${formatBasisPoints(rules.firstPaymentMinimumBasisPoints)}–${formatBasisPoints(rules.firstPaymentMaximumBasisPoints)}之间`,
          en: `construction started; first payment ${requested} is within the allowed share of the budget`,
        },
        range,
      ),
    );
  }
  const progressCap = applyBasisPointsFloor(budgetFen, request.progressBasisPoints);
  const cumulative = paidFen + requestedFen;
  const data = { progressCapFen: progressCap, withheldCapFen: withheldCap, paidFen, requestedFen };
  if (cumulative > progressCap) {
    refusals.push(
      reason(
        'exceeds-progress',
        '§5',
        {
          'zh-CN': `累计拨付将达 ${formatYuan(cumulative)}，超过按工程进度可拨付的 ${formatYuan(progressCap)}`,
          en: `cumulative payments would reach ${formatYuan(cumulative)}, above the ${formatYuan(progressCap)} that progress allows`,
        },
        data,
      ),
    );
  }
  if (cumulative > withheldCap) {
    refusals.push(
      reason(
        'final-payment-before-acceptance',
        '§5',
        {
          'zh-CN': `验收前累计拨付不得超过 ${formatYuan(withheldCap)}，尾款须验收后拨付`,
          en: `before acceptance payments may not exceed ${formatYuan(withheldCap)}; the final payment waits for acceptance`,
        },
        data,
      ),
    );
  }
  return decide(
    'progress',
    Math.min(progressCap, withheldCap) - paidFen,
    0,
    reason(
      'progress-payment-allowed',
      '§5',
      {
        'zh-CN': `按工程进度拨付 ${requested}，累计 ${formatYuan(cumulative)}`,
        en: `progress payment of ${requested}, ${formatYuan(cumulative)} in total`,
      },
      data,
    ),
  );
}
