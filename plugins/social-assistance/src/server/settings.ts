import type { ProcedureContext } from '@zhenxing/core';
import { z } from 'zod';
import { PACKAGE_ROLES, SYSTEMS } from '../index.ts';

/**
 * Per-county settings of social assistance: which systems a county must have an active
 * relationship of (the progress view lists counties lacking one), and the composition of its
 * province leader's package (五包一 by default; 三包一 is `['leader', 'province-department', 'state-enterprise']`).
 */
export const socialAssistanceSettings = z.object({
  requiredSystems: z
    .array(z.enum(SYSTEMS))
    .max(SYSTEMS.length)
    .default(['pairing', 'leader-contact'])
    .describe('本县必须具备的帮扶机制')
    .meta({ titleEn: 'Assistance systems the county must have' }),
  leaderPackage: z
    .object({
      name: z.string().min(1).max(20),
      roles: z.array(z.enum(PACKAGE_ROLES)).min(1).max(10),
    })
    .default({ name: '五包一', roles: ['leader', 'province-department', 'state-enterprise', 'university', 'financial-institution'] })
    .describe('省领导包联组合（如“五包一”）')
    .meta({ titleEn: 'Province leader’s package (e.g. 五包一)' }),
});
export type SocialAssistanceSettings = z.output<typeof socialAssistanceSettings>;
export type SocialAssistanceContext = ProcedureContext<SocialAssistanceSettings>;
