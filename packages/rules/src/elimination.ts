import { z } from 'zod';
import { addMonths, CalendarDateSchema, IsoDateSchema } from './dates.js';
import { FenSchema, formatYuan } from './money.js';
import type { ParameterSet } from './parameters/schema.js';
import { reason, reasonSchema } from './reason.js';
import type { Reason } from './reason.js';

export const RiskEliminationInputSchema = z.object({
  /** Day the household entered monitoring. */
  monitoredSince: CalendarDateSchema,
  /** Day the elimination is evaluated. */
  evaluatedOn: CalendarDateSchema,
  /** Number of assistance measures carried out (at least one is needed). */
  measureCount: z.int().min(0),
  /** Current per-capita net income, in fen. */
  perCapitaIncomeFen: FenSchema,
  /** Since when per-capita income has stayed above the line without interruption, or null. */
  incomeAboveLineSince: CalendarDateSchema.nullable(),
  /** 两不愁三保障 secure (see evaluateBasicNeedsChecklist). */
  basicNeedsSecure: z.boolean(),
  /** Drinking water secure (see evaluateBasicNeedsChecklist). */
  drinkingWaterSecure: z.boolean(),
  /** A new risk was found and is not yet resolved. */
  newRiskFound: z.boolean(),
  /** The household has at least one working-age member able to work. */
  hasWorkingAgeLabour: z.boolean(),
});
export type RiskEliminationInput = z.input<typeof RiskEliminationInputSchema>;

export const RISK_ELIMINATION_BLOCKER_CODES = [
  'monitored-less-than-minimum',
  'no-assistance-measure',
  'income-not-above-line',
  'income-above-line-too-briefly',
  'basic-needs-not-secure',
  'drinking-water-not-secure',
  'new-risk-found',
  'no-working-age-labour',
] as const;
export type RiskEliminationBlockerCode = (typeof RISK_ELIMINATION_BLOCKER_CODES)[number];
export const RiskEliminationBlockerSchema = reasonSchema(RISK_ELIMINATION_BLOCKER_CODES);

export const RiskEliminationDecisionSchema = z.object({
  eligible: z.boolean(),
  /** Every condition that fails; empty when eligible. */
  blockers: z.array(RiskEliminationBlockerSchema),
  /** Earliest day both time conditions are met (null while income is not above the line). */
  earliestTimeConditionsMetOn: IsoDateSchema.nullable(),
  parameterVersion: z.string(),
});
export type RiskEliminationDecision = z.infer<typeof RiskEliminationDecisionSchema>;

/**
 * Risk elimination 风险消除 (context for §1 实; the seed's monitoring is ongoing): eligible only when
 * every condition holds — monitored for at least `minimumMonitoringMonths` (6, counted in calendar
 * months: from 2022-08-31 the day is 2023-02-28), at least one measure, income above the line now
 * and continuously for `minimumStableIncomeMonths` (6), 两不愁三保障 and drinking water secure, no
 * new risk, and working-age labour in the household (households without it are not eliminated).
 * Returns every failing condition, not just the first. Eligibility still needs village review and
 * notice and county approval; records are never deleted.
 */
export function riskEliminationEligibility(input: RiskEliminationInput, parameters: ParameterSet): RiskEliminationDecision {
  const household = RiskEliminationInputSchema.parse(input);
  const clause = '§1 context 风险消除';
  const { minimumMonitoringMonths, minimumStableIncomeMonths } = parameters.riskElimination;
  const line = parameters.monitoringLineFen;
  const monitoringMetOn = addMonths(household.monitoredSince, minimumMonitoringMonths);
  const incomeAbove = household.perCapitaIncomeFen > line;
  const incomeMetOn = incomeAbove && household.incomeAboveLineSince !== null ? addMonths(household.incomeAboveLineSince, minimumStableIncomeMonths) : null;
  const blockers: Reason<RiskEliminationBlockerCode>[] = [];
  if (household.evaluatedOn < monitoringMetOn) {
    blockers.push(
      reason(
        'monitored-less-than-minimum',
        clause,
        {
          'zh-CN': `纳入监测不满${minimumMonitoringMonths}个月（${monitoringMetOn} 起满足）`,
          en: `monitored for less than ${minimumMonitoringMonths} months (met from ${monitoringMetOn})`,
        },
        { monitoredSince: household.monitoredSince, metOn: monitoringMetOn },
      ),
    );
  }
  if (household.measureCount < 1) {
    blockers.push(reason('no-assistance-measure', clause, { 'zh-CN': '尚未落实任何帮扶措施', en: 'no assistance measure has been carried out' }));
  }
  if (!incomeAbove) {
    blockers.push(
      reason(
        'income-not-above-line',
        clause,
        {
          'zh-CN': `人均纯收入 ${formatYuan(household.perCapitaIncomeFen)} 未高于监测范围 ${formatYuan(line)}`,
          en: `per-capita income ${formatYuan(household.perCapitaIncomeFen)} is not above the monitoring line ${formatYuan(line)}`,
        },
        { perCapitaIncomeFen: household.perCapitaIncomeFen, monitoringLineFen: line },
      ),
    );
  } else if (incomeMetOn === null || household.evaluatedOn < incomeMetOn) {
    blockers.push(
      reason(
        'income-above-line-too-briefly',
        clause,
        {
          'zh-CN': `收入稳定高于监测范围不满${minimumStableIncomeMonths}个月`,
          en: `income has been above the line for less than ${minimumStableIncomeMonths} months`,
        },
        { incomeAboveLineSince: household.incomeAboveLineSince ?? 'unknown', metOn: incomeMetOn ?? 'unknown' },
      ),
    );
  }
  if (!household.basicNeedsSecure) {
    blockers.push(
      reason('basic-needs-not-secure', clause, {
        'zh-CN': '“两不愁三保障”尚未稳定实现',
        en: 'food, clothing, education, medical care and housing are not all secure',
      }),
    );
  }
  if (!household.drinkingWaterSecure) {
    blockers.push(reason('drinking-water-not-secure', clause, { 'zh-CN': '饮水安全尚未保障', en: 'drinking water is not secure' }));
  }
  if (household.newRiskFound) {
    blockers.push(reason('new-risk-found', clause, { 'zh-CN': '存在新的返贫致贫风险', en: 'a new risk of returning to poverty was found' }));
  }
  if (!household.hasWorkingAgeLabour) {
    blockers.push(
      reason('no-working-age-labour', clause, {
        'zh-CN': '家庭无劳动年龄内劳动力，不标注风险消除',
        en: 'the household has no working-age labour, so its risk is not eliminated',
      }),
    );
  }
  const earliestTimeConditionsMetOn = incomeMetOn === null ? null : incomeMetOn > monitoringMetOn ? incomeMetOn : monitoringMetOn;
  return { eligible: blockers.length === 0, blockers, earliestTimeConditionsMetOn, parameterVersion: parameters.version };
}
