import { z } from 'zod';

/** Per-county settings of the registry; every field has a default. */
export const registrySettings = z.object({
  /** Largest number of data rows one import may carry. */
  importMaxRows: z.int().min(1).max(1_000_000).default(200_000).describe('单次导入最多行数').meta({ titleEn: 'Most data rows in one import' }),
});
export type RegistrySettings = z.output<typeof registrySettings>;
