import { z } from 'zod';
import { compareGrowth, GrowthSchema } from './growth.js';
import type { ParameterSet } from './parameters/schema.js';
import { reason, reasonSchema } from './reason.js';
import type { Reason } from './reason.js';

export const SUPERVISION_REASON_CODES = [
  'poverty-exited-growth-below-local-farmers',
  'poverty-exited-growth-not-below-local-farmers',
  'farmers-growth-below-national',
  'farmers-growth-below-provincial',
  'farmers-growth-not-below-benchmarks',
] as const;
export type SupervisionReasonCode = (typeof SUPERVISION_REASON_CODES)[number];
export const SupervisionReasonSchema = reasonSchema(SUPERVISION_REASON_CODES);

export const CountySupervisionInputSchema = z.object({
  /** Income growth of people who left poverty (脱贫人口) in the county. */
  povertyExitedGrowth: GrowthSchema,
  /** Income growth of all local farmers (当地农民) in the county. */
  localFarmersGrowth: GrowthSchema,
});
export type CountySupervisionInput = z.infer<typeof CountySupervisionInputSchema>;

export const SupervisionDecisionSchema = z.object({
  /** 挂牌督办: the county is put under supervision. */
  supervised: z.boolean(),
  reasons: z.array(SupervisionReasonSchema).min(1),
  parameterVersion: z.string(),
});
export type SupervisionDecision = z.infer<typeof SupervisionDecisionSchema>;

/**
 * §2 (a) "对脱贫人口收入增速低于当地农民收入增速的县…开展挂牌督办": a county is supervised when
 * its 脱贫 people's income grew strictly slower than its farmers' income (compared exactly).
 */
export function countySupervision(input: CountySupervisionInput, parameters: ParameterSet): SupervisionDecision {
  const { povertyExitedGrowth, localFarmersGrowth } = CountySupervisionInputSchema.parse(input);
  const below = compareGrowth(povertyExitedGrowth, localFarmersGrowth) < 0;
  return {
    supervised: below,
    reasons: [
      below
        ? reason('poverty-exited-growth-below-local-farmers', '§2', {
            'zh-CN': '脱贫人口收入增速低于当地农民收入增速，挂牌督办',
            en: "income of people who left poverty grew slower than local farmers' income: supervise",
          })
        : reason('poverty-exited-growth-not-below-local-farmers', '§2', {
            'zh-CN': '脱贫人口收入增速不低于当地农民收入增速',
            en: "income of people who left poverty grew at least as fast as local farmers' income",
          }),
    ],
    parameterVersion: parameters.version,
  };
}

export const PovertyCountySupervisionInputSchema = z.object({
  /** Farmers' income growth in the 脱贫县. */
  countyFarmersGrowth: GrowthSchema,
  nationalFarmersGrowth: GrowthSchema,
  provincialFarmersGrowth: GrowthSchema,
});
export type PovertyCountySupervisionInput = z.infer<typeof PovertyCountySupervisionInputSchema>;

export const PovertyCountySupervisionDecisionSchema = SupervisionDecisionSchema.extend({
  belowNational: z.boolean(),
  belowProvincial: z.boolean(),
});
export type PovertyCountySupervisionDecision = z.infer<typeof PovertyCountySupervisionDecisionSchema>;

/**
 * §2 (b) "农民收入增速低于全国和全省农民收入增速的脱贫县开展挂牌督办". Read as: the county must keep
 * up with both benchmarks, so it is supervised when its farmers' income grew strictly slower than
 * EITHER the national OR the provincial rate (parameter `supervision.povertyCountyBenchmarks`:
 * `either`, Hebei's default; `both` selects the stricter reading). Both comparisons are returned.
 */
export function povertyCountySupervision(input: PovertyCountySupervisionInput, parameters: ParameterSet): PovertyCountySupervisionDecision {
  const { countyFarmersGrowth, nationalFarmersGrowth, provincialFarmersGrowth } = PovertyCountySupervisionInputSchema.parse(input);
  const belowNational = compareGrowth(countyFarmersGrowth, nationalFarmersGrowth) < 0;
  const belowProvincial = compareGrowth(countyFarmersGrowth, provincialFarmersGrowth) < 0;
  const reasons: Reason<SupervisionReasonCode>[] = [];
  if (belowNational) {
    reasons.push(
      reason('farmers-growth-below-national', '§2', {
        'zh-CN': '脱贫县农民收入增速低于全国农民收入增速',
        en: "the county's farmers' income grew slower than farmers' income nationally",
      }),
    );
  }
  if (belowProvincial) {
    reasons.push(
      reason('farmers-growth-below-provincial', '§2', {
        'zh-CN': '脱贫县农民收入增速低于全省农民收入增速',
        en: "the county's farmers' income grew slower than farmers' income in the province",
      }),
    );
  }
  const either = parameters.supervision.povertyCountyBenchmarks === 'either';
  const supervised = either ? belowNational || belowProvincial : belowNational && belowProvincial;
  if (!supervised) {
    reasons.push(
      reason(
        'farmers-growth-not-below-benchmarks',
        '§2',
        {
          'zh-CN': either ? '脱贫县农民收入增速不低于全国和全省农民收入增速' : '脱贫县农民收入增速未同时低于全国和全省农民收入增速',
          en: either
            ? "the county's farmers' income grew at least as fast as national and provincial farmers' income"
            : "the county's farmers' income did not grow slower than both national and provincial farmers' income",
        },
        { benchmarks: parameters.supervision.povertyCountyBenchmarks },
      ),
    );
  }
  return { supervised, belowNational, belowProvincial, reasons, parameterVersion: parameters.version };
}
