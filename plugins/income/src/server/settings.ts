import type { ProcedureContext } from '@zhenxing/core';
import { z } from 'zod';

/** Per-county settings of the income module (none yet: thresholds come from the parameter sets). */
export const incomeSettings = z.object({});
export type IncomeSettings = z.output<typeof incomeSettings>;
export type IncomeContext = ProcedureContext<IncomeSettings>;
