import { z } from 'zod';

/** Per-county settings of Income (none yet). */
export const incomeSettings = z.object({});
export type IncomeSettings = z.output<typeof incomeSettings>;
