import type { ProcedureContext } from '@zhenxing/core';
import { z } from 'zod';

/** Per-county settings of the assessment (none: the scheme is the province's). */
export const assessmentSettings = z.object({});
export type AssessmentSettings = z.output<typeof assessmentSettings>;
export type AssessmentContext = ProcedureContext<AssessmentSettings>;
