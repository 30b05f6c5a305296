import { z } from 'zod';

/** Per-county settings of the registry; every field has a default. */
export const registrySettings = z.object({
  /** Largest number of data rows one import may carry. */
  importMaxRows: z.int().min(1).max(1_000_000).default(200_000),
});
export type RegistrySettings = z.output<typeof registrySettings>;
