import type { ProcedureContext } from '@zhenxing/core';
import { z } from 'zod';

/** Per-county settings of the visits module; every field has a default. */
export const visitsSettings = z.object({
  /** Copied-visit flag: the same answers in at least this many households of one visitor in a month. */
  identicalAnswersThreshold: z.int().min(2).max(100).default(5),
  /** Copied-visit flag: more visits than this by one visitor on one day. */
  maxVisitsPerDay: z.int().min(1).max(100).default(15),
  /** Copied-visit flag: visits at or after this hour (Asia/Shanghai) or before `nightEndsHour`. */
  nightStartsHour: z.int().min(12).max(23).default(22),
  nightEndsHour: z.int().min(0).max(11).default(6),
});
export type VisitsSettings = z.output<typeof visitsSettings>;
export type VisitsContext = ProcedureContext<VisitsSettings>;
