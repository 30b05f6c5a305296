import type { ProcedureContext } from '@zhenxing/core';
import { z } from 'zod';
import { SYSTEMS } from '../index.ts';

/**
 * Per-county settings of social assistance: which systems a county must have an active
 * relationship of (the progress view lists counties lacking one). The leader package (五包一 /
 * 三包一) is province-managed data (`leader_packages`), no longer a county setting.
 */
export const socialAssistanceSettings = z.object({
  requiredSystems: z
    .array(z.enum(SYSTEMS))
    .max(SYSTEMS.length)
    .default(['pairing', 'leader-contact'])
    .describe('本县必须具备的帮扶机制')
    .meta({ titleEn: 'Assistance systems the county must have' }),
});
export type SocialAssistanceSettings = z.output<typeof socialAssistanceSettings>;
export type SocialAssistanceContext = ProcedureContext<SocialAssistanceSettings>;
