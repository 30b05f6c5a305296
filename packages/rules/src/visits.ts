import { z } from 'zod';
import { CalendarDateSchema, IsoMonthSchema, monthOf } from './dates.js';

export const VisitHouseholdSchema = z.object({
  householdId: z.string().min(1),
  /** 脱贫户: the household left poverty. */
  povertyExited: z.boolean(),
  /** 监测户: the household is a monitoring object this month (risk not eliminated). */
  monitored: z.boolean(),
});
export type VisitHousehold = z.infer<typeof VisitHouseholdSchema>;

/**
 * §3 "坚持对防止返贫监测对象和脱贫人口每月入户走访": a household must be visited every month when it
 * is monitored or left poverty; ordinary households have no monthly visit duty.
 */
export function mustVisitMonthly(household: VisitHousehold): boolean {
  const { povertyExited, monitored } = VisitHouseholdSchema.parse(household);
  return povertyExited || monitored;
}

export const MonthlyVisitDutyInputSchema = z.object({
  month: IsoMonthSchema,
  households: z.array(VisitHouseholdSchema),
});
export type MonthlyVisitDutyInput = z.infer<typeof MonthlyVisitDutyInputSchema>;

export const MonthlyVisitDutySchema = z.object({
  month: IsoMonthSchema,
  /** Ids of households that must be visited this month, in input order. */
  householdIds: z.array(z.string()),
});
export type MonthlyVisitDuty = z.infer<typeof MonthlyVisitDutySchema>;

/** §3: the households that must be visited in `month` (every 监测户 and every 脱贫户). */
export function monthlyVisitDuty(input: MonthlyVisitDutyInput): MonthlyVisitDuty {
  const { month, households } = MonthlyVisitDutyInputSchema.parse(input);
  return { month, householdIds: households.filter(mustVisitMonthly).map((household) => household.householdId) };
}

export const VisitRecordSchema = z.object({
  householdId: z.string().min(1),
  /** Day or instant of the visit; an instant counts on its Asia/Shanghai date. */
  visitedOn: CalendarDateSchema,
});

export const VisitComplianceInputSchema = MonthlyVisitDutyInputSchema.extend({
  visits: z.array(VisitRecordSchema),
});
export type VisitComplianceInput = z.input<typeof VisitComplianceInputSchema>;

export const VisitComplianceSchema = z.object({
  month: IsoMonthSchema,
  required: z.array(z.string()),
  visited: z.array(z.string()),
  missing: z.array(z.string()),
  complete: z.boolean(),
});
export type VisitCompliance = z.infer<typeof VisitComplianceSchema>;

/**
 * §3: which required households were visited in `month` and which were missed. Only visits whose
 * Asia/Shanghai date falls in that month count; visits to households without a duty are ignored.
 */
export function visitCompliance(input: VisitComplianceInput): VisitCompliance {
  const { month, households, visits } = VisitComplianceInputSchema.parse(input);
  const required = monthlyVisitDuty({ month, households }).householdIds;
  const visitedThisMonth = new Set(visits.filter((visit) => monthOf(visit.visitedOn) === month).map((visit) => visit.householdId));
  const visited = required.filter((id) => visitedThisMonth.has(id));
  const missing = required.filter((id) => !visitedThisMonth.has(id));
  return { month, required, visited, missing, complete: missing.length === 0 };
}
