import { z } from 'zod';
import { formatYuan, FenSchema } from './money.js';
import type { ParameterSet } from './parameters/schema.js';
import { reason, reasonSchema } from './reason.js';
import type { Reason } from './reason.js';

export const HOUSEHOLD_BASE_STATUSES = ['poverty-exited', 'ordinary'] as const;
/** 脱贫户 (left poverty) or 一般农户 (ordinary farm household), before any monitoring. */
export const HouseholdBaseStatusSchema = z.enum(HOUSEHOLD_BASE_STATUSES);
export type HouseholdBaseStatus = z.infer<typeof HouseholdBaseStatusSchema>;

export const MONITORING_OBJECT_TYPES = ['unstable-poverty-exited', 'edge-prone', 'sudden-severe-difficulty'] as const;
/** 脱贫不稳定户 / 边缘易致贫户 / 突发严重困难户 */
export const MonitoringObjectTypeSchema = z.enum(MONITORING_OBJECT_TYPES);
export type MonitoringObjectType = z.infer<typeof MonitoringObjectTypeSchema>;

export const MONITORING_OBJECT_TYPE_LABELS: Record<MonitoringObjectType, { 'zh-CN': string; en: string }> = {
  'unstable-poverty-exited': { 'zh-CN': '脱贫不稳定户', en: 'unstable household that left poverty' },
  'edge-prone': { 'zh-CN': '边缘易致贫户', en: 'edge household prone to poverty' },
  'sudden-severe-difficulty': { 'zh-CN': '突发严重困难户', en: 'household in sudden severe difficulty' },
};

export const MonitoringObjectInputSchema = z.object({
  baseStatus: HouseholdBaseStatusSchema,
  /** Per-capita net income in fen (see perCapitaNetIncome). */
  perCapitaIncomeFen: FenSchema,
  /** A risk of returning to or falling into poverty was found (e.g. a §1 宽 category matched). */
  atRisk: z.boolean(),
  /** Basic living is seriously hit by a sudden event (epidemic, disaster, accident …). */
  suddenSevereDifficulty: z.boolean(),
});
export type MonitoringObjectInput = z.infer<typeof MonitoringObjectInputSchema>;

export const MONITORING_OBJECT_REASON_CODES = [
  'within-line-at-risk',
  'above-line-sudden-difficulty',
  'no-risk',
  'above-line-without-sudden-difficulty',
] as const;
export const MonitoringObjectReasonSchema = reasonSchema(MONITORING_OBJECT_REASON_CODES);
export type MonitoringObjectReasonCode = (typeof MONITORING_OBJECT_REASON_CODES)[number];

export const MonitoringObjectDecisionSchema = z.object({
  type: MonitoringObjectTypeSchema.nullable(),
  reasons: z.array(MonitoringObjectReasonSchema),
  parameterVersion: z.string(),
});
export type MonitoringObjectDecision = z.infer<typeof MonitoringObjectDecisionSchema>;

/**
 * The monitoring object type of a household, or null when it is not one (context, §1 宽):
 * - within the line (≤) and at risk: 脱贫户 → 脱贫不稳定户, ordinary → 边缘易致贫户;
 * - above the line with basic living seriously hit by a sudden event → 突发严重困难户;
 * - otherwise none. A household within the line hit by a sudden event is classified by its status.
 */
export function monitoringObjectType(input: MonitoringObjectInput, parameters: ParameterSet): MonitoringObjectDecision {
  const household = MonitoringObjectInputSchema.parse(input);
  const line = parameters.monitoringLineFen;
  const data = { perCapitaIncomeFen: household.perCapitaIncomeFen, monitoringLineFen: line };
  const within = household.perCapitaIncomeFen <= line;
  const income = formatYuan(household.perCapitaIncomeFen);
  const lineText = formatYuan(line);
  let type: MonitoringObjectType | null = null;
  let because: Reason<MonitoringObjectReasonCode>;
  if (within && (household.atRisk || household.suddenSevereDifficulty)) {
    type = household.baseStatus === 'poverty-exited' ? 'unstable-poverty-exited' : 'edge-prone';
    because = reason(
      'within-line-at-risk',
      'context',
      {
        'zh-CN': `人均纯收入 ${income} 在监测范围（${lineText}）以内且有返贫致贫风险`,
        en: `per-capita income ${income} is within the monitoring line (${lineText}) and there is a risk`,
      },
      data,
    );
  } else if (!within && household.suddenSevereDifficulty) {
    type = 'sudden-severe-difficulty';
    because = reason(
      'above-line-sudden-difficulty',
      '§1 宽 ③',
      {
        'zh-CN': `人均纯收入 ${income} 高于监测范围，但突发状况严重影响基本生活`,
        en: `per-capita income ${income} is above the line, but a sudden event seriously affects basic living`,
      },
      data,
    );
  } else if (within) {
    because = reason(
      'no-risk',
      'context',
      {
        'zh-CN': `人均纯收入 ${income} 在监测范围以内，但未发现返贫致贫风险`,
        en: `per-capita income ${income} is within the line, but no risk was found`,
      },
      data,
    );
  } else {
    because = reason(
      'above-line-without-sudden-difficulty',
      'context',
      {
        'zh-CN': `人均纯收入 ${income} 高于监测范围（${lineText}），且无突发严重困难`,
        en: `per-capita income ${income} is above the line (${lineText}) and there is no sudden severe difficulty`,
      },
      data,
    );
  }
  return { type, reasons: [because], parameterVersion: parameters.version };
}
