import { z } from 'zod';
import { divideRoundHalfUp, FenSchema, NonNegativeFenSchema } from './money.js';
import type { ParameterSet } from './parameters/schema.js';

/** A household's annual income components, in fen (context: 人均纯收入 definition). */
export const IncomeComponentsSchema = z.object({
  /** 工资性收入 */
  wagesFen: NonNegativeFenSchema,
  /** 生产经营性收入 */
  businessFen: NonNegativeFenSchema,
  /** 财产性收入 */
  propertyFen: NonNegativeFenSchema,
  /** 转移性收入 */
  transfersFen: NonNegativeFenSchema,
  /** 生产经营性支出 (subtracted) */
  productionCostsFen: NonNegativeFenSchema,
});
export type IncomeComponents = z.infer<typeof IncomeComponentsSchema>;

export const PerCapitaNetIncomeInputSchema = z.object({
  components: IncomeComponentsSchema,
  householdSize: z.int().min(1),
});
export type PerCapitaNetIncomeInput = z.infer<typeof PerCapitaNetIncomeInputSchema>;

export const PerCapitaNetIncomeSchema = z.object({
  totalNetIncomeFen: FenSchema,
  householdSize: z.int().min(1),
  /** Rounded to the nearest fen, halves up (toward +∞). May be negative when costs exceed income. */
  perCapitaFen: FenSchema,
});
export type PerCapitaNetIncome = z.infer<typeof PerCapitaNetIncomeSchema>;

/**
 * Per-capita net income 人均纯收入 = (wages + business + property + transfers − production costs)
 * ÷ household size, in fen. The division rounds to the nearest fen with halves rounded up, and every
 * rule compares this rounded figure — the one shown to cadres — with its thresholds.
 * Clause: context (definition behind §1 宽 ② ④ and §2).
 */
export function perCapitaNetIncome(input: PerCapitaNetIncomeInput): PerCapitaNetIncome {
  const { components, householdSize } = PerCapitaNetIncomeInputSchema.parse(input);
  const totalNetIncomeFen = components.wagesFen + components.businessFen + components.propertyFen + components.transfersFen - components.productionCostsFen;
  return { totalNetIncomeFen, householdSize, perCapitaFen: divideRoundHalfUp(totalNetIncomeFen, householdSize) };
}

/**
 * Whether a per-capita income is within the monitoring line (防止返贫监测范围以内): at or below it.
 * An income exactly equal to the line is within. Clause: §1 宽 ② ④ (context line per province and year).
 */
export function isWithinMonitoringLine(perCapitaFen: number, parameters: ParameterSet): boolean {
  return FenSchema.parse(perCapitaFen) <= parameters.monitoringLineFen;
}
