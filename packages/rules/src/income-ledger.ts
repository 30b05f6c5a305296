import { z } from 'zod';
import { FenSchema, formatYuan } from './money.js';
import type { ParameterSet } from './parameters/schema.js';
import { reason, reasonSchema } from './reason.js';
import type { Reason } from './reason.js';

export const IncomeLedgerInputSchema = z.object({
  /** This year's per-capita net income of a 脱贫 household, in fen. */
  perCapitaIncomeFen: FenSchema,
  /** Last year's, or null when unknown (then "fell" cannot be decided and is false). */
  previousYearPerCapitaIncomeFen: FenSchema.nullable(),
  /** Overrides the parameter set's low-income threshold, e.g. for a county's own ledger rule. */
  lowIncomeThresholdFen: FenSchema.optional(),
});
export type IncomeLedgerInput = z.input<typeof IncomeLedgerInputSchema>;

export const INCOME_LEDGER_REASON_CODES = ['income-fell', 'income-within-line', 'income-below-low-threshold'] as const;
export type IncomeLedgerReasonCode = (typeof INCOME_LEDGER_REASON_CODES)[number];
export const IncomeLedgerReasonSchema = reasonSchema(INCOME_LEDGER_REASON_CODES);

export const IncomeLedgerFlagsSchema = z.object({
  fell: z.boolean(),
  low: z.boolean(),
  /** 逐户建立台账，制定增收计划: true when fell or low. */
  needsLedgerEntry: z.boolean(),
  reasons: z.array(IncomeLedgerReasonSchema),
  parameterVersion: z.string(),
});
export type IncomeLedgerFlags = z.infer<typeof IncomeLedgerFlagsSchema>;

/**
 * §2 "对收入下降、收入较低的脱贫人口逐户建立台账，制定增收计划". `fell`: per-capita income strictly
 * below last year's. `low`: within the monitoring line (≤ line) or strictly below the low-income
 * threshold (parameter `incomeLedger.lowIncomeThresholdFen`, default 10,000 yuan, or the override).
 */
export function incomeLedgerFlags(input: IncomeLedgerInput, parameters: ParameterSet): IncomeLedgerFlags {
  const household = IncomeLedgerInputSchema.parse(input);
  const income = household.perCapitaIncomeFen;
  const previous = household.previousYearPerCapitaIncomeFen;
  const line = parameters.monitoringLineFen;
  const threshold = household.lowIncomeThresholdFen ?? parameters.incomeLedger.lowIncomeThresholdFen;
  const reasons: Reason<IncomeLedgerReasonCode>[] = [];
  const fell = previous !== null && income < previous;
  if (fell) {
    reasons.push(
      reason(
        'income-fell',
        '§2',
        {
          'zh-CN': `人均纯收入由 ${formatYuan(previous)} 下降到 ${formatYuan(income)}`,
          en: `per-capita income fell from ${formatYuan(previous)} to ${formatYuan(income)}`,
        },
        { perCapitaIncomeFen: income, previousYearPerCapitaIncomeFen: previous },
      ),
    );
  }
  if (income <= line) {
    reasons.push(
      reason(
        'income-within-line',
        '§2',
        {
          'zh-CN': `人均纯收入 ${formatYuan(income)} 在监测范围 ${formatYuan(line)} 以内`,
          en: `per-capita income ${formatYuan(income)} is within the monitoring line ${formatYuan(line)}`,
        },
        { perCapitaIncomeFen: income, monitoringLineFen: line },
      ),
    );
  }
  if (income < threshold) {
    reasons.push(
      reason(
        'income-below-low-threshold',
        '§2',
        {
          'zh-CN': `人均纯收入 ${formatYuan(income)} 低于 ${formatYuan(threshold)}`,
          en: `per-capita income ${formatYuan(income)} is below ${formatYuan(threshold)}`,
        },
        { perCapitaIncomeFen: income, lowIncomeThresholdFen: threshold },
      ),
    );
  }
  const low = income <= line || income < threshold;
  return { fell, low, needsLedgerEntry: fell || low, reasons, parameterVersion: parameters.version };
}
