import { z } from 'zod';

/** Per-county settings of Visits (none yet). */
export const visitsSettings = z.object({});
export type VisitsSettings = z.output<typeof visitsSettings>;
