import type { ProcedureContext } from '@zhenxing/core';
import { z } from 'zod';

/** Per-county settings of 监测调度 (none: calls carry their own deadlines). */
export const dispatchSettings = z.object({});
export type DispatchSettings = z.output<typeof dispatchSettings>;
export type DispatchContext = ProcedureContext<DispatchSettings>;
