import type { ProcedureContext } from '@zhenxing/core';
import { z } from 'zod';

/** Per-county settings of linkage funds (none needed yet; every policy number comes from @zhenxing/rules). */
export const fundsSettings = z.object({});
export type FundsSettings = z.output<typeof fundsSettings>;

/** A funds procedure's context: the core's, with these settings. */
export type FundsContext = ProcedureContext<FundsSettings>;
