import type { ProcedureContext } from '@zhenxing/core';
import { z } from 'zod';

/**
 * Per-county settings of the monitoring module. Every field has a default; the numbers that are
 * policy come from @zhenxing/rules (null here means "use the parameter set in force").
 */
export const monitoringSettings = z.object({
  /**
   * Days before the 15-day deadline from which an open case shows a warning. null: the rules'
   * parameter (deadlineDays − warningDay, 5 in Hebei). A county may warn earlier or later.
   */
  warningDaysBeforeDeadline: z
    .int()
    .min(0)
    .max(15)
    .nullable()
    .default(null)
    .describe('逾期预警提前天数（空：按政策参数）')
    .meta({ titleEn: 'Warn this many days before the deadline (empty: policy parameter)' }),
  /** Days past the deadline after which an overdue identification is escalated to the city (county practice; verify). */
  escalateToCityAfterOverdueDays: z
    .int()
    .min(0)
    .max(60)
    .default(5)
    .describe('逾期多少天后预警至市级')
    .meta({ titleEn: 'Escalate to the city after this many overdue days' }),
  /** Days past the deadline after which it is escalated to the province (county practice; verify). */
  escalateToProvinceAfterOverdueDays: z
    .int()
    .min(0)
    .max(120)
    .default(10)
    .describe('逾期多少天后预警至省级')
    .meta({ titleEn: 'Escalate to the province after this many overdue days' }),
});
export type MonitoringSettings = z.output<typeof monitoringSettings>;

/** A monitoring procedure's context: the core's, with these settings. */
export type MonitoringContext = ProcedureContext<MonitoringSettings>;
export const DEFAULT_SETTINGS: MonitoringSettings = monitoringSettings.parse({});
