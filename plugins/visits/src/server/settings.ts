import type { ProcedureContext } from '@zhenxing/core';
import { z } from 'zod';

/** Per-county settings of the visits module; every field has a default. */
export const visitsSettings = z.object({
  /** Copied-visit flag: the same answers in at least this many households of one visitor in a month. */
  identicalAnswersThreshold: z
    .int()
    .min(2)
    .max(100)
    .default(5)
    .describe('疑似抄录：同一走访人同月答案相同的户数达到')
    .meta({ titleEn: 'Copied visits: identical answers in this many households a month' }),
  /** Copied-visit flag: more visits than this by one visitor on one day. */
  maxVisitsPerDay: z
    .int()
    .min(1)
    .max(100)
    .default(15)
    .describe('疑似抄录：同一走访人单日走访超过（户）')
    .meta({ titleEn: 'Copied visits: more visits than this by one visitor a day' }),
  /** Copied-visit flag: visits at or after this hour (Asia/Shanghai) or before `nightEndsHour`. */
  nightStartsHour: z.int().min(12).max(23).default(22).describe('夜间走访起始时（北京时间）').meta({ titleEn: 'Night visits from this hour (Asia/Shanghai)' }),
  nightEndsHour: z.int().min(0).max(11).default(6).describe('夜间走访截止时（北京时间）').meta({ titleEn: 'Night visits until this hour (Asia/Shanghai)' }),
});
export type VisitsSettings = z.output<typeof visitsSettings>;
export type VisitsContext = ProcedureContext<VisitsSettings>;
