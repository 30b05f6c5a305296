import { z } from 'zod';

/** Per-county settings of Dispatch (none yet). */
export const dispatchSettings = z.object({});
export type DispatchSettings = z.output<typeof dispatchSettings>;
