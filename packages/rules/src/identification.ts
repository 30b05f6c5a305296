import { z } from 'zod';
import { addDays, CalendarDateSchema, daysBetween, IsoDateSchema } from './dates.js';
import type { CalendarDateInput } from './dates.js';
import type { ParameterSet } from './parameters/schema.js';

export const IdentificationDeadlineSchema = z.object({
  discoveredOn: IsoDateSchema,
  /** From this day an open case shows a warning. */
  warningOn: IsoDateSchema,
  /** Last day on which completing identification is on time. */
  deadlineOn: IsoDateSchema,
  parameterVersion: z.string(),
});
export type IdentificationDeadline = z.infer<typeof IdentificationDeadlineSchema>;

/**
 * §1 简: "自发现返贫致贫风险之日起，至履行完认定程序纳入监测，时间一般不超过15天".
 * The discovery day is day 0 (an instant is taken as its Asia/Shanghai date); the deadline is day
 * `deadlineDays` (D + 15), which is still on time; day 16 is overdue. The warning starts on day
 * `warningDay` (D + 10, five days before the deadline).
 */
export function identificationDeadline(discoveredOn: CalendarDateInput, parameters: ParameterSet): IdentificationDeadline {
  const discovered = CalendarDateSchema.parse(discoveredOn);
  return {
    discoveredOn: discovered,
    warningOn: addDays(discovered, parameters.identification.warningDay),
    deadlineOn: addDays(discovered, parameters.identification.deadlineDays),
    parameterVersion: parameters.version,
  };
}

export const IDENTIFICATION_STATUSES = ['on-track', 'warning', 'overdue', 'done-on-time', 'done-late'] as const;
export const IdentificationStatusSchema = z.enum(IDENTIFICATION_STATUSES);
export type IdentificationStatus = z.infer<typeof IdentificationStatusSchema>;

export const IdentificationProgressInputSchema = z
  .object({
    discoveredOn: CalendarDateSchema,
    /** Day identification was completed (entered into monitoring), or null while open. */
    completedOn: CalendarDateSchema.nullable().default(null),
    /** The day the status is looked at (ignored once completed). */
    today: CalendarDateSchema,
  })
  .refine((input) => input.completedOn === null || input.completedOn >= input.discoveredOn, {
    message: 'completedOn is before discoveredOn; check the dates.',
    path: ['completedOn'],
  })
  .refine((input) => input.completedOn !== null || input.today >= input.discoveredOn, {
    message: 'today is before discoveredOn; check the dates.',
    path: ['today'],
  });
export type IdentificationProgressInput = z.input<typeof IdentificationProgressInputSchema>;

export const IdentificationProgressSchema = IdentificationDeadlineSchema.extend({
  status: IdentificationStatusSchema,
  /** Calendar days from discovery to completion (when done) or to today. */
  daysElapsed: z.int().min(0),
  /** Days left until the deadline; negative once overdue. */
  daysRemaining: z.int(),
});
export type IdentificationProgress = z.infer<typeof IdentificationProgressSchema>;

/**
 * §1 简: where an identification stands. Open: `on-track` before the warning day, `warning` from
 * the warning day through the deadline day, `overdue` after it. Completed: `done-on-time` when
 * completed on or before the deadline day, `done-late` after it.
 */
export function identificationProgress(input: IdentificationProgressInput, parameters: ParameterSet): IdentificationProgress {
  const { discoveredOn, completedOn, today } = IdentificationProgressInputSchema.parse(input);
  const deadline = identificationDeadline(discoveredOn, parameters);
  const endOn = completedOn ?? today;
  const daysElapsed = daysBetween(discoveredOn, endOn);
  const daysRemaining = daysBetween(endOn, deadline.deadlineOn);
  let status: IdentificationStatus;
  if (completedOn !== null) {
    status = completedOn <= deadline.deadlineOn ? 'done-on-time' : 'done-late';
  } else if (today > deadline.deadlineOn) {
    status = 'overdue';
  } else if (today >= deadline.warningOn) {
    status = 'warning';
  } else {
    status = 'on-track';
  }
  return { ...deadline, status, daysElapsed, daysRemaining };
}

export const VillageNoticeInputSchema = z
  .object({ postedOn: CalendarDateSchema, endedOn: CalendarDateSchema })
  .refine((input) => input.endedOn >= input.postedOn, { message: 'endedOn is before postedOn.', path: ['endedOn'] });
export type VillageNoticeInput = z.input<typeof VillageNoticeInputSchema>;

export const VillageNoticePeriodSchema = z.object({
  met: z.boolean(),
  daysPosted: z.int().min(0),
  minimumDays: z.int(),
  earliestEndOn: IsoDateSchema,
  parameterVersion: z.string(),
});
export type VillageNoticePeriod = z.infer<typeof VillageNoticePeriodSchema>;

/**
 * §1 简 (context step): a village notice (村内公示) must stay posted at least
 * `villageNoticeMinimumDays` (5) calendar days: posted on D, it may end on D + 5 at the earliest.
 */
export function villageNoticePeriod(input: VillageNoticeInput, parameters: ParameterSet): VillageNoticePeriod {
  const { postedOn, endedOn } = VillageNoticeInputSchema.parse(input);
  const minimumDays = parameters.identification.villageNoticeMinimumDays;
  const daysPosted = daysBetween(postedOn, endedOn);
  return {
    met: daysPosted >= minimumDays,
    daysPosted,
    minimumDays,
    earliestEndOn: addDays(postedOn, minimumDays),
    parameterVersion: parameters.version,
  };
}

export const NOTICE_FORBIDDEN_FIELDS = ['idNumber', 'phone', 'bankAccount', 'healthCondition'] as const;

/**
 * §1 简 (context): a village notice never shows ID numbers, phone numbers, bank accounts or health
 * conditions. Returns the fields of `fields` that must be removed before posting (empty when fine).
 */
export function forbiddenNoticeFields(fields: readonly string[]): string[] {
  const forbidden: readonly string[] = NOTICE_FORBIDDEN_FIELDS;
  return z
    .array(z.string())
    .parse(fields)
    .filter((field) => forbidden.includes(field));
}
