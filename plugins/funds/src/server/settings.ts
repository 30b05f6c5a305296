import { z } from 'zod';

/** Per-county settings of linkage funds (none needed yet; every policy number comes from @zhenxing/rules). */
export const fundsSettings = z.object({});
export type FundsSettings = z.output<typeof fundsSettings>;
